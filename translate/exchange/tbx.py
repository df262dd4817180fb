"""TBX-Basic: the glossary out to terminology tools, and terminology in.

:func:`export_glossary` writes ``glossary.csv`` as TBX-Basic (the TBX 2
``martif`` dialect that memoQ, Trados MultiTerm, Phrase, Weblate and
translate-toolkit read): one ``termEntry`` per row, one ``langSet`` per
language, the canonical form as ``preferredTerm-admn-sts``, variants as
``admittedTerm-admn-sts``, forbidden renderings as ``deprecatedTerm-admn-sts``,
a ``keep`` row as ``<descrip type="Translation needed">no</descrip>`` (what
translate-toolkit and Weblate read as do-not-translate), the note as the
concept's ``<note>``.

:func:`import_glossary` reads such a file (TBX 2 ``martif`` or TBX 3
``tbx``), or another glossary CSV, and merges it into ``glossary.csv``: new
concepts are added as rows, empty cells of known concepts are filled, and a
cell that says something else is a conflict, reported and left as it is (the
glossary is curated by people).  Rows that did not change keep their bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExchangeError, GlossaryError
from ..fsutil import write_atomic
from ..glossary import Term, concept_key, parse_glossary
from .safexml import XML_INVALID_RE, escape_attribute, escape_text, local_name, parse_xml
from .tmx import bcp47, language_matches

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["write_tbx", "read_tbx", "export_glossary", "import_glossary", "GlossaryChange",
           "GlossaryImport"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_SEPARATOR = "|"


def _clean(text: str) -> str:
    return escape_text(XML_INVALID_RE.sub("\ufffd", text))


def _concept_id(term: str) -> str:
    return "c" + hashlib.sha256(concept_key(term).encode("utf-8")).hexdigest()[:12]


def write_tbx(terms: Iterable[Term], source_language: str, languages: Iterable[str]) -> bytes:
    """The bytes of a TBX-Basic file of glossary rows.

    Args:
        terms: The rows, in file order (rows of an unknown kind are left out).
        source_language: The language of the ``term`` column.
        languages: The language columns to write, in order.
    """
    codes = list(languages)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<martif type="TBX-Basic" xml:lang="{bcp47(source_language)}">',
             "  <martifHeader>",
             "    <fileDesc><sourceDesc><p>glossary.csv, written by translate</p></sourceDesc>"
             "</fileDesc>",
             '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>',
             "  </martifHeader>",
             "  <text>",
             "    <body>"]

    def tig(text: str, status: str) -> str:
        return (f"<tig><term>{_clean(text)}</term>"
                f'<termNote type="administrativeStatus">{status}</termNote></tig>')

    for term in terms:
        if term.kind not in ("term", "keep", "forbidden"):
            continue
        lines.append(f'      <termEntry id="{_concept_id(term.term)}">')
        if term.kind == "keep":
            lines.append('        <descrip type="Translation needed">no</descrip>')
        if term.case_sensitive:
            lines.append('        <descrip type="x-case">sensitive</descrip>')
        if term.note:
            lines.append(f"        <note>{_clean(term.note)}</note>")
        lines.append(f'        <langSet xml:lang="{bcp47(source_language)}">')
        lines.append(f"          {tig(term.term, _PREFERRED)}")
        for variant in term.variants:
            lines.append(f"          {tig(variant, _ADMITTED)}")
        lines.append("        </langSet>")
        for code in codes:
            forms = term.targets.get(code, ())
            wrong = term.forbidden.get(code, ())
            if not forms and not wrong:
                continue
            lines.append(f'        <langSet xml:lang="{escape_attribute(bcp47(code))}">')
            for index, form in enumerate(forms):
                lines.append(f"          {tig(form, _PREFERRED if index == 0 else _ADMITTED)}")
            for form in wrong:
                lines.append(f"          {tig(form, _DEPRECATED)}")
            lines.append("        </langSet>")
        lines.append("      </termEntry>")
    lines += ["    </body>", "  </text>", "</martif>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class _Row:
    """A concept read from a file, as glossary cells."""

    term: str
    variants: list[str] = field(default_factory=list)
    kind: str = "term"
    case: str = ""
    note: str = ""
    forms: dict[str, tuple[str, list[str], list[str]]] = field(default_factory=dict)


def read_tbx(data: bytes, display: str, source_language: str,
             languages: Iterable[str]) -> list[_Row]:
    """The concepts of a TBX file (TBX 2 ``martif`` or TBX 3 ``tbx``).

    Args:
        data: The file's bytes.
        display: The file, for messages.
        source_language: The project's source language.
        languages: The languages to read besides it (others are ignored).

    Raises:
        ExchangeError: Not well-formed or unsafe XML, not TBX, or a concept
            without a term in the source language.
    """
    root = parse_xml(data, display)
    if local_name(root.tag) not in ("martif", "tbx"):
        raise ExchangeError(display, None,
                            f"not a TBX file (its root element is {local_name(root.tag)!r})",
                            "give a .tbx file exported by a terminology tool")
    wanted = list(languages)
    default_lang = root.get(_XML_LANG, "")
    rows: list[_Row] = []
    for number, entry in enumerate(
            (element for element in root.iter()
             if local_name(element.tag) in ("termEntry", "conceptEntry")), 1):
        row = _Row("")
        notes: list[str] = []
        for child in entry:
            name = local_name(child.tag)
            if name == "descrip" and child.get("type") == "Translation needed":
                if "".join(child.itertext()).strip().lower() == "no":
                    row.kind = "keep"
            elif name == "descrip" and child.get("type") == "x-case":
                row.case = "sensitive" if "sensitive" in "".join(child.itertext()) else ""
            elif name == "note" or (name == "descrip" and child.get("type") == "definition"):
                text = "".join(child.itertext()).strip()
                if text:
                    notes.append(text)
        row.note = "\n".join(notes)
        source_terms: list[tuple[str, str]] = []
        for language_set in entry:
            if local_name(language_set.tag) not in ("langSet", "langSec"):
                continue
            tag = language_set.get(_XML_LANG) or default_lang
            terms = _terms(language_set)
            if language_matches(tag, source_language):
                source_terms.extend(terms)
                continue
            code = next((code for code in wanted if language_matches(tag, code)), None)
            if code is None:
                continue
            good = [text for text, status in terms if status != "deprecated"]
            preferred = [text for text, status in terms if status == "preferred"]
            first = preferred[0] if preferred else (good[0] if good else "")
            variants = [text for text in good if text != first]
            wrong = [text for text, status in terms if status == "deprecated"]
            row.forms[code] = (first, variants, wrong)
        good = [text for text, status in source_terms if status != "deprecated"]
        preferred = [text for text, status in source_terms if status == "preferred"]
        if not good:
            raise ExchangeError(display, None,
                                f"concept {number} ({entry.get('id', 'no id')}) has no term in "
                                f"the source language {source_language!r}",
                                "export the terminology with the source language")
        row.term = preferred[0] if preferred else good[0]
        row.variants = [text for text in good if text != row.term]
        if row.kind == "term" and row.forms and all(
                not first and not variants for first, variants, _ in row.forms.values()):
            row.kind = "forbidden"
        rows.append(row)
    return rows


def _terms(language_set) -> list[tuple[str, str]]:
    """(term, preferred | admitted | deprecated) of a langSet, in order."""
    found: list[tuple[str, str]] = []
    for group in language_set.iter():
        if local_name(group.tag) not in ("tig", "ntig", "termSec"):
            continue
        text = ""
        status = ""
        for node in group.iter():
            name = local_name(node.tag)
            if name == "term" and not text:
                text = "".join(node.itertext()).strip()
            elif name == "termNote" and node.get("type") == "administrativeStatus":
                value = "".join(node.itertext()).strip().lower()
                status = "preferred" if value.startswith("preferred") else (
                    "deprecated" if value.startswith(("deprecated", "superseded")) else "admitted")
        if text:
            found.append((text, status or ("preferred" if not found else "admitted")))
    return found


def _rows_of_terms(terms: Iterable[Term]) -> list[_Row]:
    rows = []
    for term in terms:
        row = _Row(term.term, list(term.variants), term.kind,
                   "sensitive" if term.case_sensitive else "", term.note)
        for code in sorted(set(term.targets) | set(term.forbidden)):
            forms = list(term.targets.get(code, ()))
            row.forms[code] = (forms[0] if forms else "", forms[1:],
                               list(term.forbidden.get(code, ())))
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------
# The project's glossary


def _glossary_path(project: Project) -> tuple[Path, str]:
    settings = project.settings
    if not settings.glossary.strip():
        path, line = settings.where("glossary")
        raise GlossaryError(path, line, 'no glossary is configured (glossary = "")',
                            "set glossary to the CSV file")
    path = settings.path("glossary")
    return path, project.relative(path)


def export_glossary(project: Project, output: Path | None = None):
    """Write the project's glossary as TBX-Basic.

    Args:
        project: The project.
        output: The file (default: ``<build_dir>/exchange/glossary.tbx``).

    Returns:
        The file written (:class:`translate.exchange.catalogs.WrittenFile`).

    Raises:
        GlossaryError: No glossary, or a malformed one.
    """
    from ..glossary import project_glossary
    from .catalogs import _write

    glossary = project_glossary(project, required=True)
    languages = sorted({code for term in glossary.terms
                        for code in (*term.targets, *term.forbidden)},
                       key=lambda code: (code not in project.languages,
                                         project.languages.index(code)
                                         if code in project.languages else 0, code))
    path = output if output is not None else project.build_dir / "exchange" / "glossary.tbx"
    data = write_tbx(glossary.terms, project.settings.source_language, languages)
    return _write(project, path, data, "", sum(1 for term in glossary.terms
                                               if term.kind in ("term", "keep", "forbidden")))


@dataclass
class GlossaryChange:
    """One thing an import did, or found, to the glossary.

    Attributes:
        term: The concept.
        status: ``added`` (a new row), ``filled`` (empty cells filled),
            ``conflict`` (a cell says otherwise: kept), ``unchanged``,
            ``skipped`` (a language the glossary and the project do not have).
        detail: The cells concerned.
    """

    term: str
    status: str
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.status}: {self.term}" + (f" -- {self.detail}" if self.detail else "")


@dataclass
class GlossaryImport:
    """What :func:`import_glossary` did.

    Attributes:
        path: The glossary file.
        changes: One per concept read (and per skipped language).
        written: Whether the file changed.
        dry_run: Whether nothing was written.
    """

    path: str
    changes: list[GlossaryChange] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for change in self.changes:
            found[change.status] = found.get(change.status, 0) + 1
        return dict(sorted(found.items()))

    def to_dict(self) -> dict:
        return {"path": self.path, "written": self.written, "dry_run": self.dry_run,
                "counts": self.counts(), "changes": [c.to_dict() for c in self.changes]}


def _dialect(text: str) -> tuple[str, str, str]:
    """(prefix kept as is: BOM and ``sep=`` line, delimiter, line ending)."""
    from ..glossary import csv_delimiter

    prefix = ""
    body = text
    if body.startswith("\ufeff"):
        prefix, body = "\ufeff", body[1:]
    delimiter, _ = csv_delimiter(body, "glossary.csv")
    if re.match(r"sep=.\r?\n", body):
        prefix += body[:body.index("\n") + 1]
    newline = "\r\n" if "\r\n" in body[:4000] else "\n"
    return prefix, delimiter, newline


def import_glossary(project: Project, file: Path, dry_run: bool = False) -> GlossaryImport:
    """Merge a TBX file or another glossary CSV into the project's glossary.

    New concepts become rows at the end; a known concept (the same English
    term, case and hyphens aside) gets the cells it has empty filled; a
    filled cell that says something else is a conflict, reported and kept.
    Languages the glossary has no column for get one when they are target
    languages of the project, and are skipped otherwise.

    Raises:
        ExchangeError: The TBX file is malformed or unsafe.
        GlossaryError: The CSV file, or the project's glossary, is malformed;
            no glossary is configured.
    """
    path, display = _glossary_path(project)
    incoming_display = str(file)
    try:
        incoming = Path(file).read_bytes()
    except FileNotFoundError:
        raise ExchangeError(incoming_display, None, "no such file", "check the path") from None
    try:
        existing_bytes = path.read_bytes()
    except FileNotFoundError:
        existing_bytes = b""
    existing = parse_glossary(existing_bytes, display) if existing_bytes else None
    header_languages = sorted({code for term in (existing.terms if existing else ())
                               for code in (*term.targets, *term.forbidden)})
    if Path(file).suffix.lower() == ".csv":
        rows = _rows_of_terms(parse_glossary(incoming, incoming_display).terms)
    else:
        rows = read_tbx(incoming, incoming_display, project.settings.source_language,
                        list(dict.fromkeys([*project.languages, *header_languages])))
    text = existing_bytes.decode("utf-8-sig") if existing_bytes else ""
    if existing_bytes.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    if text.strip():
        prefix, delimiter, newline = _dialect(text)
        body = text[len(prefix):]
    else:
        prefix, delimiter, newline, body = "", ",", "\n", ""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    raw_lines = body.splitlines(keepends=True)
    records: list[tuple[list[str], str | None]] = []   # (cells, raw text or None if changed)
    position = 0
    for cells in reader:
        end = reader.line_num
        records.append((cells, "".join(raw_lines[position:end])))
        position = end
    header_index = next((index for index, (cells, _) in enumerate(records)
                         if any(cell.strip() for cell in cells)), None)
    if header_index is None:
        header = ["term", "variants", "kind", "case", "note"]
        records = []
        header_index = -1
    else:
        header = [cell.strip() for cell in records[header_index][0]]
        while header and not header[-1]:
            header.pop()
    columns = {name: index for index, name in enumerate(header)}
    result = GlossaryImport(display, dry_run=dry_run)
    added_columns: list[str] = []
    for row in rows:
        for code in row.forms:
            if code not in columns and code not in added_columns:
                if code in project.languages:
                    added_columns += [code, f"{code}_variants", f"{code}_forbidden"]
    for name in added_columns:
        columns[name] = len(header)
        header.append(name)
    by_key: dict[str, int] = {}
    for index in range(header_index + 1, len(records)):
        cells = records[index][0]
        term_index = columns.get("term")
        if term_index is not None and term_index < len(cells) and cells[term_index].strip():
            by_key.setdefault(concept_key(cells[term_index]), index)
    rewrite_all = bool(added_columns)
    for row in rows:
        wanted = {"term": row.term, "variants": _SEPARATOR.join(row.variants),
                  "kind": row.kind if row.kind != "term" else "", "case": row.case,
                  "note": row.note}
        skipped = []
        for code, (form, variants, wrong) in row.forms.items():
            if code not in columns:
                skipped.append(code)
                continue
            wanted[code] = form
            for suffix, values in (("_variants", variants), ("_forbidden", wrong)):
                if not values:
                    continue
                if code + suffix in columns:
                    wanted[code + suffix] = _SEPARATOR.join(values)
                else:
                    skipped.append(code + suffix)
        if skipped:
            result.changes.append(GlossaryChange(row.term, "skipped",
                                                 "no column for " + ", ".join(skipped)))
        index = by_key.get(concept_key(row.term))
        if index is None:
            cells = [""] * len(header)
            for name, value in wanted.items():
                if name in columns and value:
                    cells[columns[name]] = value
            if "kind" in columns and not cells[columns["kind"]]:
                cells[columns["kind"]] = row.kind
            records.append((cells, None))
            by_key[concept_key(row.term)] = len(records) - 1
            result.changes.append(GlossaryChange(row.term, "added"))
            continue
        cells = list(records[index][0]) + [""] * max(0, len(header) - len(records[index][0]))
        filled, conflicts = [], []
        for name, value in wanted.items():
            if name == "term" or name not in columns or not value:
                continue
            current = cells[columns[name]].strip()
            if name == "kind" and (current or "term") == (value or "term"):
                continue
            if not current:
                cells[columns[name]] = value
                filled.append(name)
            elif name in ("variants", "note") or name.endswith(("_variants", "_forbidden")):
                have = [part.strip() for part in current.split(_SEPARATOR)] \
                    if name != "note" else [current]
                new = [part for part in value.split(_SEPARATOR) if part not in have] \
                    if name != "note" else ([] if value == current else [value])
                if new:
                    conflicts.append(f"{name}: {current!r}, the file says {value!r}")
            elif current.casefold() != value.casefold():
                conflicts.append(f"{name}: {current!r}, the file says {value!r}")
        if filled:
            records[index] = (cells, None)
            result.changes.append(GlossaryChange(row.term, "filled", ", ".join(filled)))
        if conflicts:
            result.changes.append(GlossaryChange(row.term, "conflict", "; ".join(conflicts)))
        if not filled and not conflicts:
            result.changes.append(GlossaryChange(row.term, "unchanged"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    pieces = [prefix]
    if header_index < 0:
        writer.writerow(header)
        pieces.append(out.getvalue())
    for index, (cells, raw) in enumerate(records):
        if index == header_index:
            raw = None if rewrite_all else raw
            cells = header if rewrite_all else cells
        if raw is not None and not rewrite_all:
            if not raw.endswith(("\n", "\r")):
                raw += newline
            pieces.append(raw)
            continue
        if index > header_index and any(cell.strip() for cell in cells):
            cells = cells + [""] * max(0, len(header) - len(cells))
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        pieces.append(out.getvalue())
    data = "".join(pieces).encode("utf-8")
    # What we write must be a glossary we read: check before replacing it.
    parse_glossary(data, display)
    if data != existing_bytes:
        result.written = True
        if not dry_run:
            write_atomic(path, data)
    return result
