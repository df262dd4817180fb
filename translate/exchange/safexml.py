"""Reading XML that comes from outside, and writing it byte for byte the same.

Files from agencies and CAT tools are read with the standard library's expat
parser, as :mod:`defusedxml` guards it: a document type that declares
entities (the "billion laughs" bomb, an external entity that would read
``/etc/passwd`` or fetch a URL) is refused before any entity is expanded, and
nothing is ever fetched over the network.  A plain ``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">``, as OmegaT and translate-toolkit write, is fine: the DTD is
never loaded.

Entities can only be declared in the prolog, before the root element, so the
guard reads the prolog alone (:func:`_prolog_is_safe`) and the tree is then
built by the C parser of :mod:`xml.etree.ElementTree`, several times faster
than defusedxml's pure Python one; a file whose prolog does not parse takes
defusedxml's own path, so that its error is reported exactly as before.

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


class _PrologRead(Exception):
    """The root element begins: no entity can be declared any more."""


def _refuse_entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    from defusedxml import EntitiesForbidden

    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _refuse_unparsed_entity(name, base, sysid, pubid, notation_name):
    from defusedxml import EntitiesForbidden

    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _refuse_external(context, base, sysid, pubid):
    from defusedxml import ExternalReferenceForbidden

    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _prolog_read(name, attributes):
    raise _PrologRead


def _prolog_is_safe(data: bytes) -> bool:
    """Read the prolog of a document with the handlers defusedxml installs.

    Returns:
        True when the root element was reached without an entity
        declaration; False when expat stopped on an error before it (the
        caller then parses with defusedxml, which reports that error).

    Raises:
        DefusedXmlException: The prolog declares an entity (general,
            parameter or unparsed), or refers to an external one.
    """
    from xml.parsers import expat

    # As ElementTree's XMLParser creates its parser, so that both read the
    # same bytes the same way (encoding detection, namespaces).
    parser = expat.ParserCreate(None, "}")
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_unparsed_entity
    parser.ExternalEntityRefHandler = _refuse_external
    parser.StartElementHandler = _prolog_read
    try:
        parser.Parse(data, True)
    except _PrologRead:
        return True
    except expat.ExpatError:
        return False
    return False  # not reached: expat finds no element and says so


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

    try:
        if _prolog_is_safe(data):
            # No entity can be declared past the prolog, and the external DTD
            # subset is never read: the C parser cannot expand anything.
            parser = _stdlib_tree.XMLParser()
            parser.feed(data)
            return parser.close()
        from defusedxml.ElementTree import fromstring

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
    except LookupError as error:
        # expat asks Python for a codec the XML declaration names.
        raise ExchangeError(display, 1, f"the XML declaration names an {error}",
                            "save the file as UTF-8") from None


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
