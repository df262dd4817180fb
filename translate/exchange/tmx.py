"""TMX 1.4b: translation memory in and out.

:func:`write_tmx` writes one bilingual ``<tu>`` per reviewed pair, language
by language, in a stable order, as plain text (TMX level 1): Markdown markup
stays in the text as the catalogs have it, so a pair read back is the same
pair.  :func:`read_tmx` streams a file of any size (OmegaT, Trados, memoQ,
translate-toolkit...), taking the text of inline elements from their native
content (``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``; ``<hi>`` and ``<sub>`` are
transparent), through the safe parser (no entities, nothing fetched).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as _stdlib_tree
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ExchangeError
from ..languages import normalize_code
from .safexml import XML_INVALID_RE, escape_attribute, escape_text, local_name

__all__ = ["Pair", "write_tmx", "read_tmx", "language_matches", "bcp47"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Pair:
    """A source text and its translation.

    Attributes:
        language: The target language (the project's code, ``pt_BR``).
        source: The source text.
        target: Its translation.
        document: Where it comes from (a document of the project), or "".
    """

    language: str
    source: str
    target: str
    document: str = ""


def bcp47(code: str) -> str:
    """A gettext language code as XML's ``xml:lang`` writes it (``pt_BR`` ->
    ``pt-BR``, ``sr_Latn`` -> ``sr-Latn``)."""
    return code.replace("_", "-")


def language_matches(found: str, wanted: str) -> bool:
    """Whether a language tag of a file serves a project language: the same
    language (``fr-FR``, ``FR`` are ``fr``), or a regional variant of it when
    the project's code has no region (``fr-CA`` serves ``fr``, not the other
    way round: ``pt-PT`` never serves ``pt_BR``)."""
    if not found:
        return False
    try:
        code = normalize_code(found)
    except Exception:
        code = found.replace("-", "_")
    if code.casefold() == wanted.casefold():
        return True
    primary = code.split("_")[0].casefold()
    return "_" not in wanted and primary == wanted.casefold()


def write_tmx(pairs: Iterable[Pair], source_language: str, tool_version: str) -> bytes:
    """The bytes of a TMX 1.4b file holding ``pairs`` (in the order given),
    one bilingual ``<tu>`` each.  Pairs whose text XML cannot hold (control
    characters) are left out."""
    source_tag = bcp47(source_language)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
             '<tmx version="1.4">',
             f'  <header creationtool="translate" creationtoolversion="{tool_version}" '
             f'segtype="paragraph" o-tmf="PO" adminlang="en" srclang="{source_tag}" '
             'datatype="plaintext"/>',
             "  <body>"]
    for pair in pairs:
        if XML_INVALID_RE.search(pair.source) or XML_INVALID_RE.search(pair.target):
            continue
        lines.append(f'    <tu srclang="{source_tag}">')
        if pair.document:
            lines.append(f'      <prop type="x-document">{escape_text(pair.document)}</prop>')
        lines.append(f'      <tuv xml:lang="{source_tag}"><seg>{escape_text(pair.source)}'
                     "</seg></tuv>")
        lines.append(f'      <tuv xml:lang="{escape_attribute(bcp47(pair.language))}"><seg>'
                     f"{escape_text(pair.target)}</seg></tuv>")
        lines.append("    </tu>")
    lines.append("  </body>")
    lines.append("</tmx>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _seg_text(element: _stdlib_tree.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = local_name(child.tag)
        if name in ("ph", "bpt", "ept", "it", "ut", "hi", "sub"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(data: bytes, display: str, source_language: str,
             languages: Iterable[str]) -> dict[str, list[Pair]]:
    """The pairs of a TMX file for some target languages.

    Args:
        data: The file's bytes.
        display: The file as messages name it.
        source_language: The project's source language: the ``<tuv>`` in it
            is the source of each ``<tu>``.
        languages: The project's target languages.

    Returns:
        Per language, its pairs in file order (a ``<tu>`` without the source
        language, or with an empty segment, gives none).

    Raises:
        ExchangeError: Not well-formed or unsafe XML, or not TMX.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    wanted = list(languages)
    found: dict[str, list[Pair]] = {code: [] for code in wanted}
    matches: dict[str, str | None] = {}

    def language_of(tag: str) -> str | None:
        if tag not in matches:
            if language_matches(tag, source_language):
                matches[tag] = ""
            else:
                matches[tag] = next((code for code in wanted if language_matches(tag, code)), None)
        return matches[tag]

    try:
        events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=False,
                           forbid_entities=True, forbid_external=True)
        root = None
        for event, element in events:
            if root is None:
                root = element
                if local_name(element.tag) != "tmx":
                    raise ExchangeError(display, None,
                                        f"not a TMX file (its root element is "
                                        f"{local_name(element.tag)!r})",
                                        "give a .tmx translation memory")
                continue
            if event != "end" or local_name(element.tag) != "tu":
                continue
            source: str | None = None
            targets: dict[str, str] = {}
            document = ""
            for child in element:
                name = local_name(child.tag)
                if name == "prop" and child.get("type") == "x-document":
                    document = child.text or ""
                if name != "tuv":
                    continue
                tag = child.get(_XML_LANG) or child.get("lang") or ""
                code = language_of(tag)
                seg = next((item for item in child if local_name(item.tag) == "seg"), None)
                if code is None or seg is None:
                    continue
                text = _seg_text(seg)
                if code == "":
                    if source is None:
                        source = text
                elif code not in targets:
                    targets[code] = text
            if source:
                for code, text in targets.items():
                    if text:
                        found[code].append(Pair(code, source, text, document))
            element.clear()
    except DefusedXmlException as error:
        position = data.find(b"<!ENTITY")
        raise ExchangeError(display, data.count(b"\n", 0, position) + 1 if position >= 0 else None,
                            f"the document type declares entities ({error}), which are refused: "
                            "they can expand into gigabytes or read other files",
                            "export the memory again without a DTD that declares entities"
                            ) from None
    except _stdlib_tree.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise ExchangeError(display, line, f"not well-formed XML ({str(error).split(':')[0]})",
                            "export the memory again, or fix it in an XML editor") from None
    return found
