"""Catalogs back into documents: ``translate build``.

For each language and document, the source document is segmented again and
every segment is replaced by its translation from ``locales/<lang>/<doc>.po``.
An untranslated segment keeps its source text, and so does a fuzzy one unless
fuzzy translations are asked for.  A document whose translated share is below
the threshold (po4a's ``--keep``) is not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .catalog import Progress
from .fsutil import write_atomic
from .po import Catalog, is_fuzzy, msgstr_of, read_po
from .project import Project
from .segment import Document, read_document

__all__ = ["BuildResult", "render_document", "build_documents"]


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


def render_document(document: Document, catalog: Catalog | None,
                    include_fuzzy: bool = False) -> tuple[str, int, int, int]:
    """The localized text of a document.

    Returns:
        (text, distinct segments, translated segments, of which fuzzy).
    """
    table = translations(catalog, include_fuzzy)
    msgids = {segment.msgid for segment in document.segments}
    used = [table[msgid] for msgid in msgids if msgid in table]
    text = document.render(lambda segment: table.get(segment.msgid, (None, False))[0])
    return text, len(msgids), len(used), sum(1 for _, fuzzy in used if fuzzy)


def build_documents(project: Project, languages: Iterable[str] | None = None,
                    documents: Iterable[str | Path] = (), include_fuzzy: bool = False,
                    min_complete: float | None = None,
                    progress: Progress | None = None) -> list[BuildResult]:
    """Write ``build/<lang>/<doc>`` for every language and document.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: all).
        include_fuzzy: Use fuzzy translations too.
        min_complete: Percent of segments that must be translated for a
            document to be written (default: the project's setting).
        progress: Called after each output.

    Raises:
        SourceError: A document cannot be read.
        CatalogSyntaxError: A catalog does not parse; nothing is written.
    """
    settings = project.settings
    threshold = settings.min_complete if min_complete is None else min_complete
    langs = project.target_languages(languages)
    names = project.documents(documents)
    planned: list[tuple[Path, str | None, BuildResult]] = []
    total = len(names) * len(langs)
    done = 0
    for name in names:
        source = project.source_path(name)
        document = read_document(source, name, project.relative(source), settings.front_matter)
        for code in langs:
            catalog_path = project.catalog_path(code, name)
            catalog = (read_po(catalog_path, project.relative(catalog_path))
                       if catalog_path.exists() else None)
            text, segments, translated, fuzzy = render_document(document, catalog, include_fuzzy)
            percent = round(100.0 * translated / segments, 1) if segments else 100.0
            output = project.output_path(code, name)
            if percent < threshold:
                status = "skipped"
                data = None
            else:
                data = text
                unchanged = output.exists() and output.read_bytes() == text.encode("utf-8")
                status = "unchanged" if unchanged else "written"
            planned.append((output, data, BuildResult(
                document=name, language=code, path=project.relative(output), status=status,
                segments=segments, translated=translated, fuzzy_used=fuzzy, percent=percent)))
            done += 1
            if progress is not None:
                progress(done, total)
    # Every input is valid: clean up after a killed run, then write.
    project.remove_stale_temporaries()
    for output, data, result in planned:
        if result.status == "written" and data is not None:
            write_atomic(output, data.encode("utf-8"), durable=False)
        elif result.status == "skipped" and output.exists():
            output.unlink()
    return [result for _, _, result in planned]
