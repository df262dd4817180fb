"""The project's catalogs out to XLIFF and back, and its memory out to TMX.

:func:`export_catalogs` writes what an agency needs (by default the entries
that are untranslated or fuzzy; ``include_all`` for every entry) and
:func:`import_files` merges what comes back.  PO stays the single store: an
import changes msgstr, the fuzzy flag and the ``#|`` previous msgid of the
entries it matches, nothing else, and never a reviewed entry unless asked.

How a unit finds its entry: by its id (derived from msgctxt and msgid, so it
survives ``update`` moving the entry), else by its source text; failing
both, by the previous source (``#| msgid``) that ``update`` left on a fuzzy
entry whose segment changed since the export.

What an incoming translation does to the entry it matched:

==========================================  ======================================
the entry                                   the incoming translation
==========================================  ======================================
untranslated or fuzzy, same source          taken; reviewed if the unit is
                                            reviewed and its codes are intact,
                                            else fuzzy
reviewed, same text                         nothing to do
reviewed, other text                        conflict: reported, the entry kept
                                            (``overwrite_reviewed`` takes it)
not reviewed, source changed since export   conflict: taken as a fuzzy suggestion
                                            with the unit's source as ``#| msgid``
reviewed, source changed since export       conflict: reported, the entry kept
                                            (``overwrite_reviewed``: a fuzzy
                                            suggestion)
==========================================  ======================================

A unit whose inline codes were lost, duplicated or put in an order the source
does not allow is taken as fuzzy (never reviewed) and reported.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from ..catalog import catalog_notes
from ..errors import ExchangeError, SourceError
from ..fsutil import write_atomic, write_atomic_many
from ..po import (Catalog, forget_text, format_po, is_reviewed, is_translated, parse_po_bytes,
                  read_po)
from ..segment import document_format, format_for
from .inline import has_codes, join, plain_text, split_source, split_target
from .tmx import bcp47, language_matches
from .xliff import Bundle, ExchangeFile, Unit, read_xliff, write_xliff12, write_xliff20

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["unit_id", "ExportResult", "ImportResult", "UnitOutcome", "export_catalogs",
           "import_files", "export_memory", "WrittenFile"]

log = logging.getLogger(__name__)

_WRITERS = {"xliff": write_xliff12, "xliff2": write_xliff20}
#: A conflict, or codes that came back broken: what the report must show.
PROBLEM_STATUSES = frozenset({"conflict", "suggestion", "codes", "unknown", "obsolete"})


@contextmanager
def _cycles_uncollected():
    """Pause Python's cycle collector (where it was on) while an export or an
    import builds its objects.

    Reading a bundle makes hundreds of thousands of objects (an element tree,
    units, the catalogs' entries); as they pile up the collector walks all of
    them again and again, a third of the time spent reading.  Their only
    cycles, one per catalog, are undone by :func:`_release`, so that they are
    freed as soon as they are done with; anything else that makes a cycle is
    collected once the collector is back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _release(catalog: Catalog) -> None:
    """Let go of a catalog that will not be written (again).

    What it remembers of its text links each entry to the one before and the
    first to the catalog: a reference cycle per catalog, which only the
    cycle collector (paused by :func:`_cycles_uncollected`) could free,
    walking every object again.  Forgotten, the catalog and its entries are
    freed as soon as nothing refers to them.
    """
    for entry in catalog:
        forget_text(entry)


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """The stable id of an entry's unit: ``u`` and 16 hex digits of the
    SHA-256 of its msgctxt and msgid (so moving the entry does not change
    it, and any XML id rule accepts it)."""
    key = (msgctxt if msgctxt is not None else "\x00") + "\x04" + msgid
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class WrittenFile:
    """A file a command wrote (or would write).

    Attributes:
        path: As the user sees it (relative to the project when inside).
        status: ``created``, ``updated`` or ``unchanged``.
        language: Its target language ("" for several).
        units: The units (XLIFF), pairs (TMX) or concepts (TBX) in it.
    """

    path: str
    status: str
    language: str = ""
    units: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ExportResult:
    """What :func:`export_catalogs` wrote.

    Attributes:
        files: The files, in the order written.
        skipped: Plural entries left out (XLIFF has no standard for
            gettext's plural forms; the documents never make them).
    """

    files: list[WrittenFile] = field(default_factory=list)
    skipped: int = 0

    def to_dict(self) -> dict:
        return {"files": [item.to_dict() for item in self.files], "skipped": self.skipped}


def _display(project: Project, path: Path) -> str:
    try:
        return project.relative(path) if path.resolve().is_relative_to(project.root.resolve()) \
            else str(path)
    except OSError:
        return str(path)


def _write(project: Project, path: Path, data: bytes, language: str, units: int,
           dry_run: bool = False) -> WrittenFile:
    display = _display(project, path)
    try:
        current = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        current = None
    status = "unchanged" if current == data else ("created" if current is None else "updated")
    if status != "unchanged" and not dry_run:
        write_atomic(path, data, durable=False)
    return WrittenFile(display, status, language, units)


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    notes = [("developer", line) for line in (entry.comment or "").split("\n") if line]
    if entry.tcomment:
        notes.append(("translator", entry.tcomment))
    return notes


def _state(entry: polib.POEntry) -> str:
    if not is_translated(entry):
        return "initial"
    return "reviewed" if is_reviewed(entry) else "translated"


def entry_unit(entry: polib.POEntry, fmt) -> Unit:
    """The XLIFF unit of a catalog entry."""
    source, codes = split_source(entry.msgid, fmt)
    state = _state(entry)
    target = split_target(entry.msgstr, fmt, codes) if state != "initial" else None
    previous = entry.previous_msgid if state == "translated" else None
    return Unit(unit_id(entry.msgctxt, entry.msgid), source, target, state, codes,
                entry.msgctxt, _notes(entry), previous, entry.msgstr if previous else "")


def _output_path(project: Project, output: Path | None, suffix: str, names: list[str]) -> list[Path]:
    """Where each of the files named ``names`` (relative) goes."""
    if output is not None and output.suffix.lower() == suffix:
        if len(names) != 1:
            raise ExchangeError(str(output), None,
                                f"{len(names)} files to write, and -o names one file",
                                "give a folder, or choose one language (--lang)")
        return [output]
    folder = output if output is not None else project.build_dir / "exchange"
    return [folder / name for name in names]


@_cycles_uncollected()
def export_catalogs(project: Project, format: str = "xliff",
                    languages: Iterable[str] | None = None, documents: Iterable[str | Path] = (),
                    output: Path | None = None, include_all: bool = False,
                    bundle: bool | None = None) -> ExportResult:
    """Write XLIFF files of the catalogs for an agency.

    Args:
        project: The project.
        format: ``xliff`` (1.2) or ``xliff2`` (2.0).
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: all with a template).
        output: A folder (default: ``<build_dir>/exchange``), or the file to
            write when there is one.
        include_all: Every entry, not only the untranslated and fuzzy ones.
        bundle: One file per language (``<lang>.xlf``) rather than one per
            language and document (``<lang>/<doc>.xlf``); default: the
            ``export_bundle`` setting.

    Returns:
        The files written (a language with nothing to export gets none).

    Raises:
        ExchangeError: An unknown format, or ``output`` names one file where
            several are written.
        SourceError: A document has no catalog for a language yet.
        CatalogSyntaxError: A catalog does not parse; nothing is written.
    """
    if format not in _WRITERS:
        raise ExchangeError(None, None, f"unknown exchange format {format!r}",
                            "use xliff (XLIFF 1.2) or xliff2 (XLIFF 2.0)")
    writer = _WRITERS[format]
    bundle = project.settings.export_bundle if bundle is None else bundle
    langs = project.target_languages(languages)
    names = project.translated_documents(documents)
    source = bcp47(project.settings.source_language)
    result = ExportResult()
    planned: list[tuple[str, str, Bundle, int]] = []   # (file name, language, bundle, units)
    for lang in langs:
        files: list[ExchangeFile] = []
        for name in names:
            path = project.catalog_path(lang, name)
            display = project.relative(path)
            if not path.exists():
                raise SourceError(display, None, "no catalog for this document yet",
                                  "run translate update first")
            catalog = read_po(path, display)
            fmt = format_for(name)
            exchange_file = ExchangeFile(
                project.relative(project.source_path(name)),
                datatype="x-markdown" if document_format(name) == "markdown" else "plaintext")
            for entry in catalog:
                if entry.obsolete or not entry.msgid:
                    continue
                if entry.msgid_plural:
                    result.skipped += 1
                    continue
                if include_all or not is_reviewed(entry):
                    exchange_file.units.append(entry_unit(entry, fmt))
            _release(catalog)
            if exchange_file.units:
                files.append(exchange_file)
        if bundle:
            if files:
                planned.append((f"{lang}.xlf", lang, Bundle("", source, bcp47(lang), files),
                                sum(len(f.units) for f in files)))
        else:
            for exchange_file in files:
                document = Path(exchange_file.original).relative_to(
                    Path(project.relative(project.source_dir))).as_posix()
                planned.append((f"{lang}/{document}.xlf", lang,
                                Bundle("", source, bcp47(lang), [exchange_file]),
                                len(exchange_file.units)))
    paths = _output_path(project, output, ".xlf", [item[0] for item in planned]) if planned else []
    for path, (_, lang, data, units) in zip(paths, planned):
        result.files.append(_write(project, path, writer(data), lang, units))
    return result


# ---------------------------------------------------------------------------
# Import


@dataclass
class UnitOutcome:
    """What an import did (or would do) with one unit.

    Attributes:
        file: The XLIFF file, as given.
        catalog: The catalog it went to ("" when none was found).
        unit: The unit's id.
        source: Its source text (what the report shows).
        status: ``updated`` (taken, fuzzy), ``reviewed`` (taken, reviewed),
            ``unchanged``, ``untranslated`` (no target), ``conflict`` (the
            entry kept), ``suggestion`` (a conflict: taken as fuzzy),
            ``codes`` (inline codes broken: taken as fuzzy), ``unknown`` (no
            such entry), ``obsolete`` (its segment is gone).
        detail: Why, for conflicts and problems.
        line: The catalog line of the entry (0 when none).
    """

    file: str
    catalog: str
    unit: str
    source: str
    status: str
    detail: str = ""
    line: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.catalog}:{self.line}" if self.catalog else self.file
        text = self.source if len(self.source) <= 60 else self.source[:57] + "..."
        return f"{where}: {self.status}: {text!r}" + (f" -- {self.detail}" if self.detail else "")


@dataclass
class ImportResult:
    """What :func:`import_files` did.

    Attributes:
        units: One outcome per unit read, in file order.
        files: The catalogs written (or, in a dry run, that would be).
        dry_run: Whether nothing was written.
    """

    units: list[UnitOutcome] = field(default_factory=list)
    files: list[WrittenFile] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        """Units per status."""
        found: dict[str, int] = {}
        for outcome in self.units:
            found[outcome.status] = found.get(outcome.status, 0) + 1
        return dict(sorted(found.items()))

    @property
    def problems(self) -> list[UnitOutcome]:
        """The conflicts and problems, which the report lists one by one."""
        return [outcome for outcome in self.units if outcome.status in PROBLEM_STATUSES]

    def to_dict(self) -> dict:
        return {"dry_run": self.dry_run, "counts": self.counts(),
                "files": [item.to_dict() for item in self.files],
                "units": [outcome.to_dict() for outcome in self.units]}


class _Target:
    """A catalog an import may change, with its indexes."""

    def __init__(self, project: Project, language: str, document: str) -> None:
        self.path = project.catalog_path(language, document)
        self.display = project.relative(self.path)
        if not self.path.exists():
            raise SourceError(self.display, None, "no catalog for this document yet",
                              "run translate update first")
        self.data = self.path.read_bytes()
        # Parsed from the bytes just read: one read, and the bytes compared
        # with the new ones are those parsed.
        self.catalog: Catalog = parse_po_bytes(self.data, self.display)
        self.format = format_for(document)
        self.changed = False
        self.by_id: dict[str, polib.POEntry] = {}
        self.by_text: dict[str, list[polib.POEntry]] = {}
        self.by_previous: dict[str, polib.POEntry] = {}
        self.obsolete: dict[str, polib.POEntry] = {}
        for entry in self.catalog:
            if entry.msgid_plural or not entry.msgid:
                continue
            key = unit_id(entry.msgctxt, entry.msgid)
            if entry.obsolete:
                self.obsolete.setdefault(key, entry)
                self.obsolete.setdefault(entry.msgid, entry)
                continue
            self.by_id[key] = entry
            self.by_text.setdefault(entry.msgid, []).append(entry)
            if entry.previous_msgid is not None:
                self.by_previous.setdefault(unit_id(entry.previous_msgctxt,
                                                    entry.previous_msgid), entry)
                self.by_previous.setdefault(entry.previous_msgid, entry)
        self._similar = None
        self.min_similarity = project.settings.memory_min_similarity

    def release(self) -> None:
        """Let go of the catalog once it is written (see :func:`_release`)."""
        _release(self.catalog)

    def similar(self, text: str) -> polib.POEntry | None:
        """The active entry whose msgid is most similar to ``text``, if it is
        at least as similar as a fuzzy memory match must be."""
        from ..memory import TranslationMemory

        if self._similar is None:
            self._similar = TranslationMemory(self.display)
            self._similar.add(self.display, [(msgid, msgid) for msgid in self.by_text])
        found = self._similar.fuzzy(text, self.min_similarity)
        return self.by_text[found.source][0] if found is not None else None


def _shape(msgid: str, text: str) -> str:
    # As machine translation writes a msgstr: msgfmt --check wants it to
    # begin and end with a newline exactly when its msgid does.
    text = text.strip("\n")
    if msgid.startswith("\n"):
        text = "\n" + text
    if msgid.endswith("\n"):
        text += "\n"
    return text


def _take(entry: polib.POEntry, text: str, reviewed: bool, previous: str | None) -> None:
    """Write an incoming translation into an entry."""
    text = _shape(entry.msgid, text)
    if text != entry.msgstr:
        # Where the old text came from no longer says anything about the new.
        stale = set(catalog_notes(entry.comment, True))
        if stale:
            entry.comment = "\n".join(line for line in entry.comment.split("\n")
                                      if line not in stale)
        entry.msgstr = text
    flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.flags = flags if reviewed else ["fuzzy"] + flags
    if reviewed:
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    elif previous is not None:
        entry.previous_msgid = previous
        entry.previous_msgctxt = entry.previous_msgid_plural = None


def _bundle_language(bundle: Bundle, project: Project, display: str) -> str:
    source = project.settings.source_language
    if not language_matches(bundle.source_language, source):
        raise ExchangeError(display, None,
                            f"the file translates from {bundle.source_language or 'no language'!r},"
                            f" and this project's source language is {source!r}",
                            "import files exported from this project")
    for code in project.languages:
        if language_matches(bundle.target_language, code) and \
                (bundle.target_language.replace("-", "_").casefold() == code.casefold()
                 or "_" not in code):
            return code
    raise ExchangeError(display, None,
                        f"the file's target language {bundle.target_language or 'none'!r} is not "
                        f"a target language of this project ({', '.join(project.languages)})",
                        "add it to languages in [tool.translate], or import the right file")


def _document_of(project: Project, original: str, units: list[Unit], known: set[str],
                 display: str) -> str:
    source_folder = project.relative(project.source_dir)
    candidates = [original]
    if original.startswith(source_folder + "/"):
        candidates.insert(0, original[len(source_folder) + 1:])
    stripped = original[:-3] if original.endswith(".po") else original
    candidates += [stripped, stripped.rpartition("/")[2]]
    for unit in units:
        if unit.location:
            location = unit.location
            if location.startswith(source_folder + "/"):
                location = location[len(source_folder) + 1:]
            candidates.append(location)
            break
    for candidate in candidates:
        if candidate in known:
            return candidate
    raise ExchangeError(display, None,
                        f"unknown document {original!r}: the project has no such document",
                        "import files exported from this project (translate export), or run "
                        "translate extract if the document is new")


@_cycles_uncollected()
def import_files(project: Project, files: Iterable[Path], overwrite_reviewed: bool = False,
                 dry_run: bool = False) -> ImportResult:
    """Merge translations from XLIFF files into the catalogs.

    Every file is read and checked first: a malformed or unsafe file, one
    for another source language or an unknown document stops the import
    before anything is written.  Each catalog is then written atomically,
    and only when it changed.

    Args:
        project: The project.
        files: XLIFF 1.2 or 2.0 files (of any tool).
        overwrite_reviewed: Take incoming translations over reviewed entries
            too (their conflicts are still reported).
        dry_run: Work out and report everything, write nothing.

    Returns:
        What happened to each unit, and the catalogs written.

    Raises:
        ExchangeError: A file is malformed, unsafe, for another source or
            target language, or names a document the project does not have.
        SourceError: A document has no catalog for the file's language yet.
        CatalogSyntaxError: A catalog does not parse.
    """
    known = set(project.translated_documents())
    # Each catalog's units, in the order they are read: (their place in
    # the report, the file's name, the unit).
    jobs: dict[tuple[str, str], list[tuple[int, str, Unit]]] = {}
    count = 0
    for path in files:
        path = Path(path)
        display = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ExchangeError(display, None, "no such file", "check the path") from None
        except IsADirectoryError:
            raise ExchangeError(display, None, "a folder, not a file",
                                "give the XLIFF files") from None
        bundle = read_xliff(data, display)
        language = _bundle_language(bundle, project, display)
        for exchange_file in bundle.files:
            document = _document_of(project, exchange_file.original, exchange_file.units, known,
                                    display)
            units = jobs.setdefault((language, document), [])
            for unit in exchange_file.units:
                units.append((count, display, unit))
                count += 1
    merged = _merge_all(project, jobs, overwrite_reviewed)
    result = ImportResult(dry_run=dry_run)
    places: list[tuple[int, UnitOutcome]] = [item for outcomes, _ in merged for item in outcomes]
    places.sort(key=lambda item: item[0])
    result.units = [outcome for _, outcome in places]
    if not dry_run:
        project.remove_stale_temporaries()
    changed = []
    for (language, document), (_, data) in zip(jobs, merged):
        if data is not None:
            path = project.catalog_path(language, document)
            changed.append((project.relative(path), language, path, data))
    changed.sort(key=lambda item: item[0])
    result.files = [WrittenFile(display, "updated" if not dry_run else "would update", language)
                    for display, language, _, _ in changed]
    writes = [(path, data) for _, _, path, data in changed]
    if not dry_run:
        # Durable, as every catalog write: they hold human work.  Flushed
        # together rather than one after the other, which is what costs.
        write_atomic_many(writes)
    return result


#: From this many catalogs on, an import merges them in two processes
#: (:mod:`translate.parallel`; below, starting one costs more than it saves).
PARALLEL_CATALOGS = 16


def _merge_all(project: Project, jobs: dict[tuple[str, str], list[tuple[int, str, Unit]]],
               overwrite_reviewed: bool) -> list[tuple[list[tuple[int, UnitOutcome]],
                                                       bytes | None]]:
    """:func:`_merge_one` for every catalog, in the order of ``jobs``, shared
    with a forked worker when there are many catalogs: the same results,
    and the same first error, as one process."""
    from ..parallel import split_map

    keys = list(jobs)
    return split_map(lambda key: _merge_one(project, key, jobs[key], overwrite_reviewed), keys,
                     len(keys) >= PARALLEL_CATALOGS)


def _merge_one(project: Project, key: tuple[str, str], units: list[tuple[int, str, Unit]],
               overwrite_reviewed: bool) -> tuple[list[tuple[int, UnitOutcome]], bytes | None]:
    """Merge the units of one catalog: what happened to each (with its
    place), and the catalog's new bytes (None when they are its old ones)."""
    target = _Target(project, *key)
    try:
        outcomes = [(place, _import_unit(display, target, unit, overwrite_reviewed))
                    for place, display, unit in units]
        data = None
        if target.changed:
            data = format_po(target.catalog).encode(target.catalog.encoding or "utf-8")
            if data == target.data:
                data = None
        return outcomes, data
    finally:
        target.release()


def _restore(unit: Unit, msgid: str, fmt) -> tuple[bool, str, list[str]]:
    """Whether a unit's source is ``msgid``, and its target as text with the
    problems of its codes."""
    _, codes = split_source(msgid, fmt)
    source, problems = join(unit.source, codes)
    if source == msgid and not problems:
        text, issues = join(unit.target or [], codes)
        return True, text, issues
    if plain_text(unit.source) == msgid and not has_codes(unit.source):
        # A file without codes (translate-toolkit's po2xliff): the markup is
        # text in it, as in the catalog.
        return True, plain_text(unit.target or []), []
    text, issues = join(unit.target or [], codes)
    return False, text, issues


def _import_unit(display: str, target: _Target, unit: Unit,
                 overwrite_reviewed: bool) -> UnitOutcome:
    fmt = target.format
    entry = target.by_id.get(unit.id)
    matched_previous = False
    if entry is None:
        text = plain_text(unit.source)
        candidates = target.by_text.get(text, [])
        entry = next((e for e in candidates if e.msgctxt == unit.msgctxt), None) or \
            (candidates[0] if candidates else None)
    if entry is None:
        entry = target.by_previous.get(unit.id) or target.by_previous.get(plain_text(unit.source))
        if entry is None:
            # An entry exported untranslated whose source then changed: update
            # had no translation to carry over, so no "#|" leads to it.
            entry = target.similar(plain_text(unit.source))
        matched_previous = entry is not None
    shown = plain_text(unit.source)
    outcome = UnitOutcome(display, target.display, unit.id, shown, "unknown")
    if entry is None:
        gone = target.obsolete.get(unit.id) or target.obsolete.get(shown)
        if gone is not None:
            outcome.status = "obsolete"
            outcome.detail = "its segment is no longer in the document"
            outcome.line = gone.linenum or 0
        else:
            outcome.catalog = ""
            outcome.detail = f"no entry of {target.display} has this source"
        return outcome
    outcome.line = entry.linenum or 0
    if matched_previous:
        same, text, issues = _restore(unit, entry.previous_msgid or "", fmt)
        source_text = entry.previous_msgid or shown
        same = False
    else:
        same, text, issues = _restore(unit, entry.msgid, fmt)
        source_text = shown if not same else entry.msgid
    outcome.source = source_text
    if not text or unit.target is None or unit.state == "initial":
        outcome.status = "untranslated"
        return outcome
    reviewed_entry = is_reviewed(entry)
    if not same:
        outcome.detail = "the source changed since the export" + (
            f" (now {entry.msgid[:40]!r})" if entry.msgid != source_text else "")
        if reviewed_entry and not overwrite_reviewed:
            outcome.status = "conflict"
            outcome.detail += "; the entry is reviewed and was kept (--overwrite-reviewed takes " \
                              "the incoming text as a fuzzy suggestion)"
            return outcome
        _take(entry, text, False, source_text)
        target.changed = True
        outcome.status = "suggestion"
        outcome.detail += "; taken as a fuzzy suggestion"
        return outcome
    shaped = _shape(entry.msgid, text)
    if reviewed_entry:
        if shaped == entry.msgstr:
            outcome.status = "unchanged"
            return outcome
        if not overwrite_reviewed:
            outcome.status = "conflict"
            outcome.detail = ("the entry is reviewed with another translation, which was kept "
                              "(--overwrite-reviewed takes the incoming one)")
            return outcome
    reviewed = unit.state == "reviewed" and not issues
    if shaped == entry.msgstr and reviewed == is_reviewed(entry) and \
            (reviewed or "fuzzy" in entry.flags):
        outcome.status = "unchanged"
        return outcome
    _take(entry, text, reviewed, None)
    target.changed = True
    if issues:
        outcome.status = "codes"
        outcome.detail = "inline codes: " + "; ".join(issues) + "; taken as fuzzy"
    else:
        outcome.status = "reviewed" if reviewed else "updated"
        if reviewed_entry:
            outcome.detail = "a reviewed translation was replaced (--overwrite-reviewed)"
    return outcome


# ---------------------------------------------------------------------------
# TMX


def export_memory(project: Project, languages: Iterable[str] | None = None,
                  output: Path | None = None) -> WrittenFile:
    """Write every reviewed pair of the catalogs as one TMX 1.4b file.

    Pairs are written language by language, then by document, in catalog
    order; a pair found in several documents is written once.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        output: The file (default: ``<build_dir>/exchange/memory.tmx``).

    Raises:
        CatalogSyntaxError: A catalog does not parse; nothing is written.
    """
    from .. import __version__
    from .tmx import Pair, write_tmx

    langs = project.target_languages(languages)
    pairs: list[Pair] = []
    for lang in langs:
        seen: set[tuple[str, str]] = set()
        for name in project.translated_documents():
            path = project.catalog_path(lang, name)
            if not path.exists():
                continue
            document = project.relative(project.source_path(name))
            for entry in read_po(path, project.relative(path)):
                if is_reviewed(entry) and entry.msgid and not entry.msgid_plural and \
                        (entry.msgid, entry.msgstr) not in seen:
                    seen.add((entry.msgid, entry.msgstr))
                    pairs.append(Pair(lang, entry.msgid, entry.msgstr, document))
    path = output if output is not None else project.build_dir / "exchange" / "memory.tmx"
    return _write(project, path, write_tmx(pairs, project.settings.source_language, __version__),
                  "", len(pairs))
