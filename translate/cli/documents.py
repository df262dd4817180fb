"""The commands of the gettext workflow: ``extract``, ``update``, ``build``, ``stats``."""

import json
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
    progress,
    table,
)


@app.command()
def extract(
    documents: DocumentsArgument = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Cut the source documents into segments and write one template each.

    Writes locales/templates/<doc>.pot for every document of the source folder
    (plain text .txt, Markdown .md).  A template whose content did not change
    keeps its bytes, date included; a template whose document is gone is
    removed.

    \b
    Example:
      translate extract
      translate extract source/news.md --format json
    """
    from ..catalog import extract_templates

    with errors("extract"):
        proj = load_project(project, None, assignments)
        with progress("Extracting") as step:
            changes = extract_templates(proj, documents or (), step)
    if output_format is OutputFormat.json:
        print_json([change.to_dict() for change in changes])
        return
    for change in changes:
        if change.status != "unchanged":
            typer.echo(f"{change.status:9} {change.path} ({change.untranslated} messages)"
                       if change.status != "removed" else f"{change.status:9} {change.path}")
    if not changes:
        from ..segment import describe_formats

        typer.echo(f"No documents in {proj.relative(proj.source_dir)}/ "
                   f"({describe_formats()} are translated).")
        return
    unchanged = sum(1 for change in changes if change.status == "unchanged")
    typer.echo(f"{len(changes)} templates, {unchanged} unchanged.")


@app.command()
def update(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Bring every catalog in step with its template, like msgmerge --previous.

    Creates locales/<lang>/<doc>.po when missing.  Translations are kept; a
    changed segment gets the most similar old translation marked fuzzy, with
    the old text in a '#|' comment; a removed segment's translation becomes an
    obsolete '#~' entry.  Nothing a translator wrote is lost.

    \b
    Example:
      translate update
      translate update --lang fr --lang es source/news.md
    """
    from ..catalog import update_catalogs

    with errors("update"):
        proj = load_project(project, lang, assignments)
        with progress("Updating") as step:
            changes = update_catalogs(proj, proj.languages, documents or (), step)
    if output_format is OutputFormat.json:
        print_json([change.to_dict() for change in changes])
        return
    for change in changes:
        if change.status != "unchanged":
            typer.echo(f"{change.status:9} {change.path} ({change.translated} translated, "
                       f"{change.fuzzy} fuzzy, {change.untranslated} untranslated, "
                       f"{change.obsolete} obsolete)")
    unchanged = sum(1 for change in changes if change.status == "unchanged")
    typer.echo(f"{len(changes)} catalogs, {unchanged} unchanged.")


@app.command()
def build(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    include_fuzzy: Annotated[bool, typer.Option(
        "--include-fuzzy", help="Use fuzzy translations too.")] = False,
    min_complete: Annotated[Optional[float], typer.Option(
        "--min-complete", min=0, max=100, show_default=False,
        help="Percent of segments that must be translated for a document to be "
             "written (default: the project's min_complete, 80).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with code 3 when a document is below the threshold.")] = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Write the localized documents: build/<lang>/<doc>.

    Each segment of the source document is replaced by its translation;
    untranslated and fuzzy segments keep the source text.  A document whose
    translated share is below --min-complete is not written (and an earlier
    output of it is removed).

    \b
    Example:
      translate build
      translate build --lang ru --min-complete 100 --strict
    """
    from ..build import build_documents

    with errors("build"):
        proj = load_project(project, lang, assignments)
        with progress("Building") as step:
            results = build_documents(proj, proj.languages, documents or (), include_fuzzy,
                                      min_complete, step)
    threshold = proj.settings.min_complete if min_complete is None else min_complete
    skipped = [result for result in results if result.status == "skipped"]
    if output_format is OutputFormat.json:
        print_json([result.to_dict() for result in results])
    else:
        for result in results:
            if result.status == "written":
                typer.echo(f"written   {result.path} ({result.percent:g}% translated)")
        for result in skipped:
            typer.echo(f"skipped   {result.path}: {result.percent:g}% translated, "
                       f"below {threshold:g}%", err=True)
        written = sum(1 for result in results if result.status != "skipped")
        typer.echo(f"{written} documents built, {len(skipped)} below the threshold.")
    if strict and skipped:
        exit_with(ExitCode.INCOMPLETE)


class StatsFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def stats(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: Annotated[StatsFormat, typer.Option(
        "--format", help="A table for people (text), data for scripts (json), or one "
                         "self-contained page for a browser (html).")] = StatsFormat.text,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", show_default=False, dir_okay=False,
        help="Write the output to FILE (atomically) instead of the standard output.")] = None,
) -> None:
    """Show how complete each translation is, per language and document.

    Counts translated, fuzzy, untranslated and obsolete entries, the source
    words, and the percent of entries translated.  --format html writes one
    self-contained page (no script, nothing from the network): per language
    and document a bar of reviewed entries, machine drafts, other fuzzy
    entries and missing ones, the glossary and check problems (it runs the
    checks of `translate check`), and which documents are published in which
    language (the build threshold, min_complete).

    \b
    Example:
      translate stats
      translate stats --lang ar --format json
      translate stats --format html -o status.html
    """
    with errors("stats"):
        if output is not None and not output.parent.is_dir():
            from ..errors import ConfigError

            # A typo must not create folders.
            raise ConfigError("--output", None, f"the folder {str(output.parent)!r} does not "
                              "exist", "create it first, or write the page elsewhere")
        proj = load_project(project, lang, assignments)
        if output_format is StatsFormat.html:
            from ..dashboard import gather_dashboard, render_html

            text = render_html(gather_dashboard(proj, proj.languages, documents or ()))
        else:
            from ..catalog import catalog_stats

            rows = catalog_stats(proj, proj.languages, documents or ())
            if output_format is StatsFormat.json:
                # As print_json writes it.
                text = json.dumps([row.to_dict() for row in rows], ensure_ascii=False,
                                  indent=2) + "\n"
            elif not rows:
                text = "No templates yet: run `translate extract`.\n"
            else:
                cells = [[row.language, row.document, str(row.translated), str(row.fuzzy),
                          str(row.untranslated), str(row.obsolete), str(row.words),
                          f"{row.percent:g}%"] for row in rows]
                text = table(cells, ["lang", "document", "translated", "fuzzy",
                                     "untranslated", "obsolete", "words", "complete"]) + "\n"
        if output is not None:
            from ..fsutil import write_atomic

            write_atomic(output, text.encode("utf-8"), durable=False)
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"written   {output}")
