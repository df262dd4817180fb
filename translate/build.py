"""Catalogs back into documents: ``translate build``.

For each language and document, the source document is segmented again and
every segment is replaced by its translation from ``locales/<lang>/<doc>.po``.
An untranslated segment keeps its source text, and so does a fuzzy one unless
fuzzy translations are asked for.  A document whose translated share is below
the threshold (po4a's ``--keep``) is not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TranslateError
from .fsutil import write_atomic
from .po import Catalog, is_fuzzy, msgstr_of, read_translations
from .project import Project
from .segment import Document, read_document

if TYPE_CHECKING:
    from .catalog import Progress
    from .state import RunState

__all__ = ["BuildResult", "render_document", "build_documents", "translations",
           "catalog_translations"]


@dataclass
class BuildResult:
    """What ``build`` did for one language and document.

    Attributes:
        document, language: The pair.
        path: The output file, relative to the project root.
        status: ``written``, ``unchanged``, ``skipped`` (below the threshold;
            an earlier output is removed so it cannot be published stale).
        segments: Distinct segments in the document.
        translated: Segments that got a translation.
        fuzzy_used: Of those, how many came from fuzzy entries.
        percent: Translated segments in percent.
    """

    document: str
    language: str
    path: str
    status: str
    segments: int
    translated: int
    fuzzy_used: int
    percent: float

    def to_dict(self) -> dict:
        return asdict(self)


def translations(catalog: Catalog | None, include_fuzzy: bool) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, is fuzzy) for the usable entries of a catalog."""
    table: dict[str, tuple[str, bool]] = {}
    if catalog is None:
        return table
    for entry in catalog:
        text = msgstr_of(entry)
        if entry.obsolete or entry.msgctxt is not None or not text:
            continue
        fuzzy = is_fuzzy(entry)
        if fuzzy and not include_fuzzy:
            continue
        table[entry.msgid] = (text, fuzzy)
    return table


def catalog_translations(project: Project, path: Path,
                         include_fuzzy: bool) -> dict[str, tuple[str, bool]]:
    """:func:`translations` of ``read_po(path, project.relative(path))``, or
    empty when there is no such file; read without building the catalog's
    entries (:func:`~translate.po.read_translations`).

    Args:
        project: The project.
        path: A catalog, as ``project.catalog_path()`` gives it.
        include_fuzzy: Keep fuzzy translations too.

    Raises:
        CatalogSyntaxError: The catalog does not parse (its path relative
            to the project in the message).
    """
    if not path.exists():
        return {}
    try:
        return read_translations(path, str(path), include_fuzzy)
    except TranslateError as error:
        # The name read_po(path, project.relative(path)) shows, worked out
        # only when it is shown.
        raise type(error)(project.relative(path), error.line, error.reason,
                          error.hint) from None


def render_document(document: Document, catalog: Catalog | dict[str, tuple[str, bool]] | None,
                    include_fuzzy: bool = False) -> tuple[str, int, int, int]:
    """The localized text of a document.

    Args:
        document: The source document.
        catalog: Its catalog, or the :func:`translations` of it.
        include_fuzzy: Use fuzzy translations too (with a catalog).

    Returns:
        (text, distinct segments, translated segments, of which fuzzy).
    """
    table = catalog if isinstance(catalog, dict) else translations(catalog, include_fuzzy)
    msgids = {segment.msgid for segment in document.segments}
    used = [table[msgid] for msgid in msgids if msgid in table]
    text = document.render(lambda segment: table.get(segment.msgid, (None, False))[0])
    return text, len(msgids), len(used), sum(1 for _, fuzzy in used if fuzzy)


def build_documents(project: Project, languages: Iterable[str] | None = None,
                    documents: Iterable[str | Path] = (), include_fuzzy: bool = False,
                    min_complete: float | None = None,
                    progress: Progress | None = None,
                    state: RunState | None = None) -> list[BuildResult]:
    """Write ``build/<lang>/<doc>`` for every language and document.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: all).
        include_fuzzy: Use fuzzy translations too.
        min_complete: Percent of segments that must be translated for a
            document to be written (default: the project's setting).
        progress: Called after each output.
        state: What the last run found (``translate run``): an output whose
            document, catalog and own bytes are those it recorded is left
            alone, its document not segmented again.

    Raises:
        SourceError: A document cannot be read.
        CatalogSyntaxError: A catalog does not parse; nothing is written.
    """
    settings = project.settings
    threshold = settings.min_complete if min_complete is None else min_complete
    langs = project.target_languages(languages)
    names = project.documents(documents)
    total = len(names) * len(langs)
    done = 0
    known = {field.name for field in fields(BuildResult)}
    # First what the state keeps, then the rest rendered: (name, code) ->
    # (output, text or None, result), put back in document order below.
    kept: dict[tuple[str, str], tuple[Path, str | None, BuildResult]] = {}
    work: dict[str, list[str]] = {}
    for name in names:
        for code in langs:
            if state is not None:
                output = project.output_path(code, name)
                inputs = _build_inputs(state, project.source_path(name),
                                       project.catalog_path(code, name), output, include_fuzzy,
                                       threshold)
                found = state.get(f"output:{code}/{name}", inputs)
                if isinstance(found, dict) and set(found) == known:
                    # The output these bytes gave last time is there, intact.
                    state.keep(f"output:{code}/{name}")
                    kept[(name, code)] = (output, None, BuildResult(**found))
                    done += 1
                    if progress is not None:
                        progress(done, total)
                    continue
            work.setdefault(name, []).append(code)

    def counted(name: str, count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    rendered = _render_all(project, work, include_fuzzy, threshold, counted)
    planned: list[tuple[Path, str | None, BuildResult]] = []
    for name in names:
        outcomes = iter(rendered.get(name, ()))
        for code in langs:
            planned.append(kept[(name, code)] if (name, code) in kept else next(outcomes))
    # Every input is valid: clean up after a killed run, then write.
    project.remove_stale_temporaries()
    for output, data, result in planned:
        if result.status == "written" and data is not None:
            write_atomic(output, data.encode("utf-8"), durable=False)
            if state is not None:
                state.wrote(output, data.encode("utf-8"))
        elif result.status == "skipped" and output.exists():
            output.unlink()
            if state is not None:
                state.wrote(output, None)
        if state is not None and (data is not None or result.status == "skipped"):
            # What building again on these bytes reports.
            again = dict(result.to_dict(), status="skipped" if result.status == "skipped"
                         else "unchanged")
            inputs = _build_inputs(state, project.source_path(result.document),
                                   project.catalog_path(result.language, result.document),
                                   output, include_fuzzy, threshold)
            state.put(f"output:{result.language}/{result.document}", inputs, again)
    return [result for _, _, result in planned]


def _render_one(project: Project, name: str, codes: list[str], include_fuzzy: bool,
                threshold: float) -> list[tuple[Path, str | None, BuildResult]]:
    """One document in some languages: each output, its text (None below the
    threshold) and what build reports of it."""
    source = project.source_path(name)
    document = read_document(source, name, project.relative(source),
                             project.settings.front_matter)
    outcomes = []
    for code in codes:
        table = catalog_translations(project, project.catalog_path(code, name), include_fuzzy)
        text, segments, translated, fuzzy = render_document(document, table)
        percent = round(100.0 * translated / segments, 1) if segments else 100.0
        output = project.output_path(code, name)
        if percent < threshold:
            status = "skipped"
            data = None
        else:
            data = text
            unchanged = output.exists() and output.read_bytes() == text.encode("utf-8")
            status = "unchanged" if unchanged else "written"
        outcomes.append((output, data, BuildResult(
            document=name, language=code, path=project.relative(output), status=status,
            segments=segments, translated=translated, fuzzy_used=fuzzy, percent=percent)))
    return outcomes


#: From this many outputs on, build renders documents in two processes
#: (:mod:`translate.parallel`; below, starting one costs more than it saves).
PARALLEL_OUTPUTS = 64


def _render_all(project: Project, work: dict[str, list[str]], include_fuzzy: bool,
                threshold: float, counted) -> dict[str, list]:
    """:func:`_render_one` for every document of ``work``, shared with a
    forked worker when there are many outputs."""
    from .parallel import split_map

    names = list(work)
    outputs = sum(len(codes) for codes in work.values())
    results = split_map(lambda name: _render_one(project, name, work[name], include_fuzzy,
                                                 threshold),
                        names, outputs >= PARALLEL_OUTPUTS,
                        lambda index: counted(names[index], len(work[names[index]])))
    return dict(zip(names, results))


def _build_inputs(state: RunState, source: Path, catalog: Path, output: Path,
                  include_fuzzy: bool, threshold: float) -> dict:
    """What an output depends on, and its own bytes."""
    return {"source": state.digest(source), "catalog": state.digest(catalog),
            "output": state.digest(output), "fuzzy": include_fuzzy,
            "threshold": float(threshold)}
