"""Exchange with agencies and CAT tools: ``export``, ``import``, ``memory
export``, ``glossary export`` and ``glossary import``."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import (
    DocumentsArgument,
    ExitCode,
    FormatOption,
    LangOption,
    OutputFormat,
    ProjectOption,
    SetOption,
    app,
    errors,
    exit_with,
    load_project,
    print_json,
    table,
)


def _group(name: str) -> typer.Typer:
    """A command group another module registered (``glossary``): the
    package imports the command modules in order, and none imports another."""
    for group in app.registered_groups:
        if group.name == name and group.typer_instance is not None:
            return group.typer_instance
    raise RuntimeError(f"the {name!r} command group is not registered yet")


glossary_app = _group("glossary")


class XliffVersion(str, Enum):
    xliff = "xliff"
    xliff2 = "xliff2"


class TermFormat(str, Enum):
    tbx = "tbx"


OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Where to write: a folder, or the file when there is "
                 "one (default: build/exchange/).", show_default=False),
]
#: Where --format names the file format, the report's format is --report.
ReportOption = Annotated[OutputFormat, typer.Option(
    "--report", help="The report for people (text) or scripts (json).")]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Say what would change; write nothing.")]

memory_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Translation memory: the reviewed pairs as TMX.")
app.add_typer(memory_app, name="memory")


def _print_files(files, output_format: OutputFormat, extra: dict | None = None) -> None:
    if output_format is OutputFormat.json:
        print_json({**(extra or {}), "files": [item.to_dict() for item in files]})
        return
    for item in files:
        typer.echo(f"{item.status:<10}{item.path}  ({item.units} units)")


@app.command("export")
def export(
    documents: DocumentsArgument = None,
    xliff_format: Annotated[XliffVersion, typer.Option(
        "--format", "-f", help="xliff (XLIFF 1.2) or xliff2 (XLIFF 2.0).")] = XliffVersion.xliff,
    lang: LangOption = None,
    output: OutputOption = None,
    include_all: Annotated[bool, typer.Option(
        "--all", help="Every entry, not only the untranslated and fuzzy ones.")] = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: ReportOption = OutputFormat.text,
) -> None:
    """Write XLIFF files of the catalogs for an agency or a CAT tool.

    One file per language (build/exchange/<lang>.xlf), or per language and
    document with --set export_bundle=false.  Each unit has a stable id, its
    state (untranslated, fuzzy or reviewed), the document, its notes, the
    previous source of a fuzzy entry, and Markdown markup and link
    references as inline codes that CAT tools protect.  By default only
    what is untranslated or fuzzy; --all for everything.

    \b
    Example:
      translate export --format xliff2 --lang fr
      translate export --all -o agency/
    """
    from ..exchange import export_catalogs

    with errors("export"):
        proj = load_project(project, lang, assignments)
        done = export_catalogs(proj, xliff_format.value, proj.languages, documents or (),
                               output, include_all)
    if output_format is OutputFormat.json:
        print_json(done.to_dict())
        return
    if not done.files:
        typer.echo("Nothing to export: every entry is reviewed (--all exports them anyway).")
    _print_files(done.files, output_format)
    if done.skipped:
        typer.echo(f"{done.skipped} plural entries left out (XLIFF has no standard for them).")


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="XLIFF 1.2 or 2.0 files.",
                                                show_default=False)],
    overwrite_reviewed: Annotated[bool, typer.Option(
        "--overwrite-reviewed", help="Take incoming translations over reviewed entries too "
        "(the conflicts are still listed).")] = False,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Merge translations from XLIFF files back into the catalogs.

    Units are matched to entries by their id, even after update moved them.
    A reviewed unit becomes a reviewed entry; anything else comes in fuzzy.
    Inline codes are put back exactly; a unit whose codes were lost or
    broken comes in fuzzy and is listed.  Conflicts are never silent: an
    entry reviewed in the catalog is kept (--overwrite-reviewed takes the
    incoming text), and a translation of a source that changed since the
    export comes in as a fuzzy suggestion.  --dry-run says what would change.

    \b
    Example:
      translate import agency/fr.xlf agency/ru.xlf
      translate import --dry-run fr.xlf
    """
    from ..exchange import import_files

    with errors("import"):
        proj = load_project(project, None, assignments)
        done = import_files(proj, files, overwrite_reviewed, dry_run)
    if output_format is OutputFormat.json:
        print_json(done.to_dict())
        return
    for outcome in done.problems:
        typer.echo(str(outcome))
    for item in done.files:
        typer.echo(f"{item.status:<14}{item.path}")
    counts = done.counts()
    typer.echo(table([[status, "", str(count)] for status, count in counts.items()],
                     ["units", "", "count"]) if counts else "No units.")
    if dry_run:
        typer.echo("Dry run: nothing was written.")


@memory_app.command("export")
def memory_export(
    lang: LangOption = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="The TMX file (default: build/exchange/memory.tmx).",
        show_default=False)] = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Write every reviewed pair of the catalogs as TMX 1.4b.

    One bilingual translation unit per reviewed entry and language, in a
    stable order, for a CAT tool's translation memory or another project's
    memories setting.

    \b
    Example:
      translate memory export -o tm/press-office.tmx
      translate memory export --lang fr
    """
    from ..exchange import export_memory

    with errors("memory export"):
        proj = load_project(project, lang, assignments)
        written = export_memory(proj, proj.languages, output)
    _print_files([written], output_format)


@glossary_app.command("export")
def glossary_export(
    term_format: Annotated[TermFormat, typer.Option(
        "--format", "-f", help="tbx (TBX-Basic).")] = TermFormat.tbx,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="The file (default: build/exchange/glossary.tbx).",
        show_default=False)] = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: ReportOption = OutputFormat.text,
) -> None:
    """Write the glossary as TBX-Basic for terminology tools.

    Canonical forms are preferred terms, variants admitted terms, forbidden
    renderings deprecated terms, keep rows do-not-translate, with the note.

    \b
    Example:
      translate glossary export --format tbx -o agency/glossary.tbx
    """
    from ..exchange import export_glossary

    with errors("glossary export"):
        proj = load_project(project, None, assignments)
        written = export_glossary(proj, output)
    _print_files([written], output_format)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A .tbx file, or another glossary .csv.",
                                         show_default=False)],
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Merge a TBX file or another glossary CSV into glossary.csv.

    New concepts are added as rows; a known concept gets its empty cells
    filled; a cell that says something else is a conflict, listed and kept.
    Rows that do not change keep their bytes.

    \b
    Example:
      translate glossary import agency/terms.tbx
      translate glossary import --dry-run other/glossary.csv
    """
    from ..exchange import import_glossary

    with errors("glossary import"):
        proj = load_project(project, None, assignments)
        done = import_glossary(proj, file, dry_run)
    if output_format is OutputFormat.json:
        print_json(done.to_dict())
        return
    for change in done.changes:
        if change.status != "unchanged":
            typer.echo(str(change))
    counts = ", ".join(f"{count} {status}" for status, count in done.counts().items())
    verb = "would be written" if dry_run and done.written else (
        "written" if done.written else "unchanged")
    typer.echo(f"{done.path}: {verb} ({counts or 'nothing read'})")
    if any(change.status == "conflict" for change in done.changes):
        exit_with(ExitCode.OK)
