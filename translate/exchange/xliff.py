"""XLIFF 1.2 and 2.0: the files agencies and CAT tools exchange.

Both versions share one model (:class:`Bundle` of :class:`ExchangeFile` of
:class:`Unit`), written by hand so that the bytes depend on the data only,
and read with the safe parser of :mod:`translate.exchange.safexml`.

States, ours -> XLIFF (and back, where ``reviewed`` is the only state that
makes a reviewed entry; anything else that has a target is fuzzy):

============  ==============================================  ====================
entry         XLIFF 1.2                                       XLIFF 2.0
============  ==============================================  ====================
untranslated  no ``<target>``                                 ``state="initial"``
fuzzy         ``approved="no"``, ``state="needs-review-       ``state="translated"``
              translation"``
reviewed      ``approved="yes"``, ``state="signed-off"``      ``state="reviewed"``
============  ==============================================  ====================

Read back, a 1.2 unit is reviewed when its target is ``signed-off`` or
``final``, or approved (``approved="yes"``) with a state that does not ask for
work (``translated`` or none), as translate-toolkit reads it; a 2.0 unit when
its segments are ``reviewed`` or ``final``.  XLIFF 1.0 and 1.1 files (what
translate-toolkit's ``po2xliff`` writes) are read as 1.2.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ExchangeError
from .inline import Code, Ec, Node, Pc, Ph, Sc
from .safexml import XML_INVALID_RE, escape_attribute, escape_text, local_name, parse_xml

__all__ = ["Unit", "ExchangeFile", "Bundle", "write_xliff12", "write_xliff20", "read_xliff",
           "NS12", "NS20"]

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
_NAMESPACES_1X = {"", NS12, "urn:oasis:names:tc:xliff:document:1.1",
                  "urn:oasis:names:tc:xliff:document:1.0"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_REVIEWED_12 = frozenset({"signed-off", "final"})
_APPROVED_12 = frozenset({"translated", ""})
_REVIEWED_20 = frozenset({"reviewed", "final"})
_STATE_RANK_20 = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}


@dataclass
class Unit:
    """One entry of a catalog, as an XLIFF unit.

    Attributes:
        id: Stable: derived from msgctxt and msgid (see
            :func:`translate.exchange.unit_id`).
        source: The msgid as nodes (text and inline codes).
        target: The msgstr as nodes, or None when there is no target.
        state: ``initial`` (untranslated), ``translated`` (fuzzy) or
            ``reviewed``.
        codes: The source's inline codes by id (their original text).
        msgctxt: The entry's context, if any.
        notes: (category, text) pairs: ``developer`` for the ``#.`` lines,
            ``translator`` for translator comments.
        previous: The previous source of a fuzzy entry (``#| msgid``).
        previous_target: The msgstr that went with it (1.2's ``alt-trans``).
        location: The source file a unit says it comes from (read from
            translate-toolkit's ``po-reference`` context), if any.
    """

    id: str
    source: list[Node]
    target: list[Node] | None
    state: str
    codes: dict[str, Code] = field(default_factory=dict)
    msgctxt: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)
    previous: str | None = None
    previous_target: str = ""
    location: str | None = None


@dataclass
class ExchangeFile:
    """The units of one document.

    Attributes:
        original: The document as the file names it (``source/news.md``).
        datatype: XLIFF 1.2's ``datatype`` (``plaintext``, ``x-markdown``).
        units: In catalog order.
        skipped: Units read but not taken (headers, plural groups).
    """

    original: str
    units: list[Unit] = field(default_factory=list)
    datatype: str = "plaintext"
    skipped: int = 0


@dataclass
class Bundle:
    """An XLIFF file: one language pair, one or more documents.

    Attributes:
        version: ``1.2`` or ``2.0`` (as read: ``1.1``, ``2.1``...).
        source_language, target_language: BCP 47 codes, as in the file.
        files: One per document.
    """

    version: str
    source_language: str
    target_language: str
    files: list[ExchangeFile] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Writing


def _clean(text: str) -> str:
    """Text XML can hold: what it cannot becomes U+FFFD (notes only; segment
    text carries such characters as codes)."""
    return XML_INVALID_RE.sub("\ufffd", text)


def _code(node: Node, codes: dict[str, Code]) -> Code:
    """The code a node stands for; for a unit read from a file whose codes
    are not known, one made of what the file gave with it."""
    found = codes.get(node.id)
    if found is not None:
        return found
    kind = "pc" if isinstance(node, Pc) else "ph"
    return Code(node.id, kind, getattr(node, "native", None) or "", "", "x-unknown")


def _inline12(nodes: list[Node], codes: dict[str, Code]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape_text(node))
        elif isinstance(node, Pc):
            code = _code(node, codes)
            out.append(f'<g id="{node.id}" ctype="{code.ctype}">{_inline12(node.children, codes)}'
                       "</g>")
        else:
            code = _code(node, codes)
            if XML_INVALID_RE.search(code.text):
                out.append(f'<x id="{node.id}" ctype="{code.ctype}"/>')
            else:
                out.append(f'<ph id="{node.id}" ctype="{code.ctype}">{escape_text(code.text)}'
                           "</ph>")
    return "".join(out)


def write_xliff12(bundle: Bundle) -> bytes:
    """The bytes of an XLIFF 1.2 file."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff version="1.2" xmlns="{NS12}">']
    for exchange_file in bundle.files:
        lines.append(f'  <file original="{escape_attribute(exchange_file.original)}" '
                     f'source-language="{escape_attribute(bundle.source_language)}" '
                     f'target-language="{escape_attribute(bundle.target_language)}" '
                     f'datatype="{exchange_file.datatype}">')
        lines.append("    <body>")
        for unit in exchange_file.units:
            attributes = f'id="{escape_attribute(unit.id)}"'
            if unit.msgctxt is not None:
                attributes += f' resname="{escape_attribute(_clean(unit.msgctxt))}"'
            if unit.state == "reviewed":
                attributes += ' approved="yes"'
            elif unit.state == "translated":
                attributes += ' approved="no"'
            lines.append(f'      <trans-unit {attributes} xml:space="preserve">')
            lines.append(f"        <source>{_inline12(unit.source, unit.codes)}</source>")
            if unit.target is not None and unit.state != "initial":
                state = "signed-off" if unit.state == "reviewed" else "needs-review-translation"
                lines.append(f'        <target state="{state}">'
                             f"{_inline12(unit.target, unit.codes)}</target>")
            if unit.previous is not None:
                lines.append('        <alt-trans alttranstype="previous-version">'
                             f"<source>{escape_text(_clean(unit.previous))}</source>"
                             f"<target>{escape_text(_clean(unit.previous_target))}</target>"
                             "</alt-trans>")
            for category, text in unit.notes:
                lines.append(f'        <note from="{escape_attribute(category)}">'
                             f"{escape_text(_clean(text))}</note>")
            lines.append("      </trans-unit>")
        lines.append("    </body>")
        lines.append("  </file>")
    lines.append("</xliff>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _inline20(nodes: list[Node], codes: dict[str, Code], refs: dict[str, str]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape_text(node))
        elif isinstance(node, Pc):
            code = _code(node, codes)
            kind = ' type="fmt" subType="xlf:b"' if code.ctype == "bold" else (
                ' type="fmt" subType="xlf:i"' if code.ctype == "italic" else (
                    ' type="link"' if code.ctype == "link" else ""))
            data = (f' dataRefStart="{refs[node.id]}" dataRefEnd="{refs[node.id + "e"]}"'
                    if node.id in refs else "")
            out.append(f'<pc id="{node.id}"{data}{kind}>'
                       f"{_inline20(node.children, codes, refs)}</pc>")
        else:
            data = f' dataRef="{refs[node.id]}"' if node.id in refs else ""
            out.append(f'<ph id="{node.id}"{data}/>')
    return "".join(out)


def _data20(text: str) -> str:
    """The content of a ``<data>`` element: characters XML cannot hold as
    ``<cp hex>`` (XLIFF 2.0's way)."""
    out: list[str] = []
    position = 0
    for match in XML_INVALID_RE.finditer(text):
        out.append(escape_text(text[position:match.start()]))
        out.append(f'<cp hex="{ord(match.group()):04X}"/>')
        position = match.end()
    out.append(escape_text(text[position:]))
    return "".join(out)


def write_xliff20(bundle: Bundle) -> bytes:
    """The bytes of an XLIFF 2.0 file."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff xmlns="{NS20}" version="2.0" '
             f'srcLang="{escape_attribute(bundle.source_language)}" '
             f'trgLang="{escape_attribute(bundle.target_language)}">']
    for number, exchange_file in enumerate(bundle.files, 1):
        lines.append(f'  <file id="f{number}" '
                     f'original="{escape_attribute(exchange_file.original)}">')
        for unit in exchange_file.units:
            name = f' name="{escape_attribute(_clean(unit.msgctxt))}"' \
                if unit.msgctxt is not None else ""
            lines.append(f'    <unit id="{escape_attribute(unit.id)}"{name} '
                         'xml:space="preserve">')
            notes = list(unit.notes)
            if unit.previous is not None:
                notes.append(("previous-source", unit.previous))
            if notes:
                lines.append("      <notes>")
                for category, text in notes:
                    lines.append(f'        <note category="{escape_attribute(category)}">'
                                 f"{escape_text(_clean(text))}</note>")
                lines.append("      </notes>")
            refs: dict[str, str] = {}
            data: list[tuple[str, str]] = []
            for code in unit.codes.values():
                refs[code.id] = f"d{len(data) + 1}"
                data.append((refs[code.id], code.text))
                if code.kind == "pc":
                    refs[code.id + "e"] = f"d{len(data) + 1}"
                    data.append((refs[code.id + "e"], code.close))
            if data:
                lines.append("      <originalData>")
                for ref, text in data:
                    lines.append(f'        <data id="{ref}">{_data20(text)}</data>')
                lines.append("      </originalData>")
            lines.append(f'      <segment state="{unit.state}">')
            lines.append(f"        <source>{_inline20(unit.source, unit.codes, refs)}</source>")
            if unit.target is not None and unit.state != "initial":
                lines.append(f"        <target>{_inline20(unit.target, unit.codes, refs)}"
                             "</target>")
            lines.append("      </segment>")
            lines.append("    </unit>")
        lines.append("  </file>")
    lines.append("</xliff>")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Reading


def read_xliff(data: bytes, display: str) -> Bundle:
    """Read an XLIFF file of any version (1.0 to 1.2, 2.x).

    Raises:
        ExchangeError: Not well-formed or unsafe XML, not XLIFF, or without
            the languages a file needs.
    """
    root = parse_xml(data, display)
    if local_name(root.tag) != "xliff":
        raise ExchangeError(display, None,
                            f"not an XLIFF file (its root element is {local_name(root.tag)!r})",
                            "give an .xlf file exported by a CAT tool or by translate export")
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    version = root.get("version", "")
    if namespace == NS20 or namespace.startswith("urn:oasis:names:tc:xliff:document:2.") \
            or version.startswith("2"):
        return _read20(root, namespace, display)
    if namespace not in _NAMESPACES_1X:
        raise ExchangeError(display, None, f"unknown XLIFF namespace {namespace!r}",
                            "give an XLIFF 1.2 or 2.0 file")
    return _read12(root, namespace, display)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def _nodes(element: ET.Element, code: Callable[[ET.Element, str, str], Node | None]
           ) -> list[Node]:
    """The nodes of a segment element of either version: its text, and for
    each child what ``code`` makes of it (an inline code, text, or None for
    an annotation, whose own nodes take its place), then the child's tail."""
    if not len(element):
        # Most segments: text alone, as one node (or none).
        return [element.text] if element.text else []
    out: list[Node] = []

    def text(value: str | None) -> None:
        if value:
            if out and isinstance(out[-1], str):
                out[-1] += value
            else:
                out.append(value)

    text(element.text)
    for child in element:
        node = code(child, local_name(child.tag), child.get("id", ""))
        if node is None:
            for inner in _nodes(child, code):
                if isinstance(inner, str):
                    text(inner)
                else:
                    out.append(inner)
        elif isinstance(node, str):
            text(node)
        else:
            out.append(node)
        text(child.tail)
    return out


def _code12(child: ET.Element, name: str, code_id: str) -> Node | None:
    """An XLIFF 1.2 inline element as a node (None: ``mrk`` and anything
    else, whose content is text of the segment)."""
    if name == "g":
        return Pc(code_id, _nodes(child, _code12))
    if name == "x":
        return Ph(code_id)
    if name in ("ph", "it"):
        return Ph(code_id, "".join(child.itertext()))
    if name == "bx":
        return Sc(child.get("rid") or code_id)
    if name == "ex":
        return Ec(child.get("rid") or code_id)
    if name == "bpt":
        return Sc(child.get("rid") or code_id, "".join(child.itertext()))
    if name == "ept":
        return Ec(child.get("rid") or code_id, "".join(child.itertext()))
    return None



def _text_of(element: ET.Element) -> str:
    """All the text inside an element (``"".join(element.itertext())``)."""
    if not len(element):
        return element.text or ""
    return "".join(element.itertext())


def _read12(root: ET.Element, namespace: str, display: str) -> Bundle:
    files = root.findall(_tag(namespace, "file"))
    if not files:
        raise ExchangeError(display, None, "an XLIFF file without a <file> element",
                            "export it again")
    bundle = Bundle(root.get("version", "1.2"), files[0].get("source-language", ""),
                    files[0].get("target-language", ""))
    for element in files:
        if element.get("source-language", "") != bundle.source_language or \
                (element.get("target-language") or bundle.target_language) \
                != bundle.target_language:
            raise ExchangeError(display, None, "the <file> elements have different languages",
                                "export one file per language pair")
        exchange_file = ExchangeFile(element.get("original", ""),
                                     datatype=element.get("datatype", "plaintext"))
        body = element.find(_tag(namespace, "body"))
        if body is not None:
            _units12(body, namespace, exchange_file)
        bundle.files.append(exchange_file)
    return bundle


def _units12(parent: ET.Element, namespace: str, exchange_file: ExchangeFile) -> None:
    # The names looked for, made once per body rather than once per unit.
    source_tag, target_tag = _tag(namespace, "source"), _tag(namespace, "target")
    note_tag, context_tag = _tag(namespace, "note"), _tag(namespace, "context")
    unit_tag = _tag(namespace, "trans-unit")
    for element in parent:
        # local_name() for what is not a unit of the file's own namespace.
        name = "trans-unit" if element.tag == unit_tag else local_name(element.tag)
        if name == "group":
            if element.get("restype") == "x-gettext-plurals":
                exchange_file.skipped += 1
                continue
            _units12(element, namespace, exchange_file)
            continue
        if name != "trans-unit":
            continue
        if element.get("restype") == "x-gettext-domain-header" or element.get("translate") == "no":
            exchange_file.skipped += 1
            continue
        source = element.find(source_tag)
        target = element.find(target_tag)
        target_nodes = _nodes(target, _code12) if target is not None else None
        state = "initial"
        if target_nodes:
            xml_state = target.get("state", "") if target is not None else ""
            approved = element.get("approved") == "yes"
            reviewed = xml_state in _REVIEWED_12 or (approved and xml_state in _APPROVED_12)
            state = "reviewed" if reviewed else "translated"
        notes = [(note.get("from", ""), _text_of(note)) for note in element.findall(note_tag)]
        location = None
        for context in element.iter(context_tag):
            if context.get("context-type") == "sourcefile" and context.text:
                location = context.text
                break
        exchange_file.units.append(Unit(
            id=element.get("id", ""),
            source=_nodes(source, _code12) if source is not None else [],
            target=target_nodes, state=state, msgctxt=element.get("resname"),
            notes=notes, location=location))


class _Codes20:
    """XLIFF 2.0 inline elements as nodes, their original data from the
    unit's ``originalData``."""

    def __init__(self, data: dict[str, str]) -> None:
        self.data = data

    def __call__(self, child: ET.Element, name: str, code_id: str) -> Node | None:
        data = self.data
        if name == "pc":
            return Pc(code_id, _nodes(child, self))
        if name == "ph":
            return Ph(code_id, data.get(child.get("dataRef", "")))
        if name == "sc":
            return Sc(code_id, data.get(child.get("dataRef", "")))
        if name == "ec":
            return Ec(child.get("startRef") or code_id, data.get(child.get("dataRef", "")))
        if name == "cp":
            try:
                return chr(int(child.get("hex", ""), 16))
            except ValueError:
                return ""
        return None  # mrk, sm, em: annotations around (or between) the text


def _nodes20(element: ET.Element, data: dict[str, str]) -> list[Node]:
    return _nodes(element, _Codes20(data))


def _data_text(element: ET.Element) -> str:
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if local_name(child.tag) == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        parts.append(child.tail or "")
    return "".join(parts)


def _read20(root: ET.Element, namespace: str, display: str) -> Bundle:
    bundle = Bundle(root.get("version", "2.0"), root.get("srcLang", ""), root.get("trgLang", ""))
    for element in root.findall(_tag(namespace, "file")):
        exchange_file = ExchangeFile(element.get("original", ""))
        _units20(element, namespace, exchange_file)
        bundle.files.append(exchange_file)
    if not bundle.files:
        raise ExchangeError(display, None, "an XLIFF file without a <file> element",
                            "export it again")
    return bundle


def _units20(parent: ET.Element, namespace: str, exchange_file: ExchangeFile) -> None:
    source_tag, target_tag = _tag(namespace, "source"), _tag(namespace, "target")
    original_tag, notes_tag = _tag(namespace, "originalData"), _tag(namespace, "notes")
    unit_tag, segment_tag = _tag(namespace, "unit"), _tag(namespace, "segment")
    note_tag = _tag(namespace, "note")
    for element in parent:
        # local_name() for what is not an element of the file's own namespace.
        name = "unit" if element.tag == unit_tag else local_name(element.tag)
        if name == "group":
            _units20(element, namespace, exchange_file)
            continue
        if name != "unit" or element.get("translate") == "no":
            continue
        data: dict[str, str] = {}
        original = element.find(original_tag)
        if original is not None:
            for item in original:
                data[item.get("id", "")] = _data_text(item)
        source: list[Node] = []
        target: list[Node] = []
        has_target = False
        states: list[str] = []
        for part in element:
            kind = "segment" if part.tag == segment_tag else local_name(part.tag)
            if kind not in ("segment", "ignorable"):
                continue
            part_source = part.find(source_tag)
            part_target = part.find(target_tag)
            source.extend(_nodes20(part_source, data) if part_source is not None else [])
            if part_target is not None:
                has_target = True
                target.extend(_nodes20(part_target, data))
            elif kind == "ignorable" and part_source is not None:
                target.extend(_nodes20(part_source, data))  # ignorable: copied as it is
            if kind == "segment":
                states.append(part.get("state", "initial"))
        # A unit is as far as its least advanced segment.
        least = min(states, key=lambda state: _STATE_RANK_20.get(state, 0)) if states \
            else "initial"
        merged_target = _merge_text(target) if has_target else None
        notes_element = element.find(notes_tag)
        notes = [(note.get("category", ""), _text_of(note))
                 for note in (notes_element if notes_element is not None else ())
                 if note.tag == note_tag or local_name(note.tag) == "note"]
        state = "initial"
        if merged_target:
            state = "reviewed" if least in _REVIEWED_20 else "translated"
        exchange_file.units.append(Unit(id=element.get("id", ""), source=_merge_text(source),
                                        target=merged_target, state=state,
                                        msgctxt=element.get("name"), notes=notes))


def _merge_text(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif not (isinstance(node, str) and not node):
            out.append(node)
    return out
