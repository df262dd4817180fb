"""Reading XML that comes from outside, and writing it byte for byte the same.

Files from agencies and CAT tools are read with :mod:`defusedxml` over the
standard library's expat parser: a document type that declares entities (the
"billion laughs" bomb, an external entity that would read ``/etc/passwd`` or
fetch a URL) is refused before any entity is expanded, and nothing is ever
fetched over the network.  A plain ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as
OmegaT and translate-toolkit write, is fine: the DTD is never loaded.

Writing is done by hand, not by a serializer, so that the bytes depend on
nothing but the data: attribute order, escapes and indentation are fixed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as _stdlib_tree
from pathlib import Path
from typing import BinaryIO

from ..errors import ExchangeError

__all__ = ["parse_xml", "read_xml", "local_name", "escape_text", "escape_attribute",
           "XML_INVALID_RE"]

#: Characters XML 1.0 cannot hold, even escaped.
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape_text(text: str) -> str:
    """Text content as written: ``&``, ``<``, ``>`` escaped, and a carriage
    return as a character reference (a parser would turn a raw one into a
    line feed)."""
    return text.translate(_TEXT_ESCAPES)


def escape_attribute(text: str) -> str:
    """An attribute value in double quotes; line breaks and tabs as character
    references, which attribute normalization would otherwise turn into
    spaces."""
    return text.translate(_ATTRIBUTE_ESCAPES)


def local_name(tag: str) -> str:
    """A tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]


def _line_of(data: bytes, needle: bytes) -> int | None:
    position = data.find(needle)
    return data.count(b"\n", 0, position) + 1 if position >= 0 else None


def parse_xml(data: bytes, display: str) -> _stdlib_tree.Element:
    """Parse an XML document that may come from anywhere.

    Args:
        data: The bytes of the file.
        display: The file as error messages name it.

    Returns:
        The root element (ElementTree's, with ``{namespace}tag`` names).

    Raises:
        ExchangeError: The file is not well-formed XML, or its document type
            declares entities (internal or external), which are refused
            whatever they hold.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        line = _line_of(data, b"<!ENTITY") or _line_of(data, b"<!DOCTYPE")
        raise ExchangeError(display, line,
                            f"the document type declares entities ({error}), which are refused: "
                            "they can expand into gigabytes or read other files",
                            "export the file again without a DTD that declares entities"
                            ) from None
    except _stdlib_tree.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        reason = str(error).split(":")[0]
        raise ExchangeError(display, line, f"not well-formed XML ({reason})",
                            "export the file again, or fix it in an XML editor") from None


def read_xml(path: Path | BinaryIO, display: str) -> _stdlib_tree.Element:
    """Read and parse an XML file (see :func:`parse_xml`).

    Raises:
        ExchangeError: The file cannot be read or is refused.
    """
    try:
        data = path.read_bytes() if isinstance(path, Path) else path.read()
    except FileNotFoundError:
        raise ExchangeError(display, None, "no such file", "check the path") from None
    except IsADirectoryError:
        raise ExchangeError(display, None, "a folder, not a file", "give a file") from None
    return parse_xml(data, display)
