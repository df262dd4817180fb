"""Machine translation: ``mt``, ``run`` (the whole job), ``models list`` and ``install``.

None of these imports argostranslate on start-up: the engines do, lazily,
when they are asked to translate.
"""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .common import (
    DocumentsArgument,
    EngineOption,
    ExitCode,
    FormatOption,
    LangOption,
    OutputFormat,
    ProjectOption,
    SetOption,
    app,
    errors,
    exit_with,
    fail,
    load_project,
    print_json,
    progress,
    status,
    table,
)

RetranslateOption = Annotated[
    bool,
    typer.Option("--retranslate-machine", help="Also redo the fuzzy entries whose text is "
                 "still exactly the machine translation this tool wrote (checked against "
                 "the checksum in their '#. machine translation:' comment); an entry a "
                 "translator edited, reviewed or that has no checksum is never replaced."),
]


def _mt_rows(results: list[Any]) -> list[list[str]]:
    return [[r.language, r.model or r.engine, str(r.memory), str(r.machine), str(r.flagged),
             str(r.untranslated), "no model" if r.error else "ok"] for r in results]


@app.command()
def mt(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    engine: EngineOption = None,
    retranslate_machine: RetranslateOption = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Fill untranslated entries: translation memory, then machine translation.

    An entry whose exact text has a reviewed translation in another catalog of
    the same language takes it ('#. translation memory: <catalog>').  The
    others are machine-translated with the glossary applied and marked fuzzy
    with '#. machine translation: <engine> <pair> <model version>
    [<checksum>]', so that translators review them; build leaves them out
    until then.  Entries that already have a translation, reviewed or fuzzy,
    are never changed.  --retranslate-machine redoes only the fuzzy entries
    whose text is still exactly the machine translation this tool wrote
    (checked against that checksum); an entry a translator edited, reviewed
    or that has no checksum is never replaced.  A reviewed entry's comment
    becomes '#. machine translation, reviewed: <engine> ...'.
    Catalogs are written after each batch: after an interruption, run it
    again to go on.  Exits with code 1 when a language has no model (the
    others are still translated).

    \b
    Example:
      translate mt --lang ru
      translate mt --engine pseudo --lang fr
      translate mt --retranslate-machine --format json
    """
    from ..mt import machine_translate

    with errors("mt"):
        proj = load_project(project, lang, assignments)
        with progress("Translating") as step:
            results = machine_translate(proj, proj.languages, documents or (), engine,
                                        retranslate_machine, step)
    missing = [r for r in results if r.error]
    if output_format is OutputFormat.json:
        print_json([r.to_dict() for r in results])
    else:
        for result in results:
            for path in result.files:
                typer.echo(f"updated   {path}")
        typer.echo(table(_mt_rows(results), ["lang", "engine", "memory", "machine",
                                             "flagged", "untranslated", "status"]))
    for result in missing:
        typer.echo(f"Error: {result.language}: {result.error}", err=True)
    if missing:
        exit_with(ExitCode.ERROR)


@app.command()
def run(
    lang: LangOption = None,
    engine: EngineOption = None,
    retranslate_machine: RetranslateOption = False,
    include_fuzzy: Annotated[bool, typer.Option(
        "--include-fuzzy", help="Build with machine drafts and other fuzzy entries too "
                                "(a preview; by default only reviewed ones count).")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with code 3 when a language has no model or a document "
                         "is not built.")] = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """The whole job: extract, update, machine-translate, build, publish.

    Runs extract, update, mt, build and publish in turn and ends with a table
    per language and the file of the site to open.  With --lang, the other
    languages are left as they are and the site is not published.  A language without a model for its engine still gets
    everything else (templates, catalogs, translation memory, build); the
    table says so with the command that installs one, and the exit code stays
    0 unless --strict.  Translations already in the catalogs are kept;
    --retranslate-machine redoes only the fuzzy entries whose text is still
    exactly the machine translation this tool wrote (checked against the
    checksum in their '#. machine translation:' comment); an entry a
    translator edited, reviewed or that has no checksum is never replaced.

    \b
    Example:
      translate run
      translate run --lang es --engine apertium
      translate run --strict --format json
    """
    from ..workflow import run_workflow

    with errors("run"):
        proj = load_project(project, lang, assignments)
        with status() as display:
            # With --lang, the site keeps the pages of the other languages.
            done = run_workflow(proj, proj.languages, engine, retranslate_machine,
                                include_fuzzy, display.phase, publish=not lang)
    missing, skipped = done.missing, done.skipped
    if output_format is OutputFormat.json:
        print_json(done.to_dict())
    else:
        changed = sum(1 for c in done.extract if c.status != "unchanged")
        typer.echo(f"extract: {len(done.extract)} templates, {changed} changed; "
                   f"update: {len(done.update)} catalogs, "
                   f"{sum(1 for c in done.update if c.status != 'unchanged')} changed")
        rows = []
        for r in done.mt:
            mine = [b for b in done.build if b.language == r.language]
            written = sum(1 for b in mine if b.status != "skipped")
            rows.append(_mt_rows([r])[0][:-1] + [f"{written}/{len(mine)}",
                                                 "no model" if r.error else "ok"])
        typer.echo(table(rows, ["lang", "engine", "memory", "machine", "flagged",
                                "untranslated", "built", "status"]))
        drafts = sum(r.machine for r in done.mt)
        if drafts:
            typer.echo(f"{drafts} machine translations are fuzzy drafts: review them in the "
                       "PO files (build leaves them out until then).")
        for b in skipped:
            typer.echo(f"not built {b.path}: {b.percent:g}% translated", err=True)
        if done.publish is not None:
            from .publish import print_publish

            print_publish(done.publish)
        else:
            typer.echo("The site was not published (--lang): run `translate publish` to "
                       "publish every language.")
    for r in missing:
        typer.echo(f"warning: {r.language}: {r.error}", err=True)
    if strict and (missing or skipped):
        exit_with(ExitCode.INCOMPLETE)


models_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="List and install machine-translation models (argos packages, Apertium pairs).",
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Download the argos package index first (needs a network).")] = False,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Show installed and available language pairs of each engine.

    Installed argos packages, the packages of the argos index (from its last
    download: --refresh fetches it), and the installed Apertium pairs.

    \b
    Example:
      translate models list
      translate models list --refresh --format json
    """
    from ..models import list_models

    with errors("models list"):
        rows = list_models(refresh)
    if output_format is OutputFormat.json:
        print_json([row.to_dict() for row in rows])
        return
    if not rows:
        typer.echo("No models installed, and no package index downloaded yet: "
                   "run translate models list --refresh (needs a network), or install a file: "
                   "translate models install --file <package>.argosmodel")
        return
    typer.echo(table([[row.engine, f"{row.source}->{row.target}", row.version, row.status]
                      for row in rows], ["engine", "pair", "version", "status"]))


@models_app.command("install")
def models_install(
    languages: Annotated[Optional[list[str]], typer.Argument(
        help="Target languages (from the project's source language, or en), or pairs "
             "such as fr-ru.", show_default=False)] = None,
    files: Annotated[Optional[list[Path]], typer.Option(
        "--file", "-f", help="Install an .argosmodel file (offline); repeatable.",
        show_default=False)] = None,
    source: Annotated[Optional[str], typer.Option(
        "--from", help="Source language (default: the project's, or en).",
        show_default=False)] = None,
    project: ProjectOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Install argos models: from the package index, or from files.

    Downloading needs a network; an air-gapped site copies the .argosmodel
    files over and installs them with --file.  Where the index has no direct
    package for a pair, the two through English are installed.  A package
    file is checked before anything is installed.

    \b
    Example:
      translate models install ru fr
      translate models install --file translate-en_ru-1_9.argosmodel
    """
    from ..models import install_models

    if not languages and not files:
        fail("name languages to download, or --file PATH", ExitCode.USAGE)
    with errors("models install"):
        origin = (source or _source_language(project)) if languages else "en"
        with progress("Downloading") as step:
            installed = install_models(files or [], origin, languages or [], step)
    if output_format is OutputFormat.json:
        print_json([item.to_dict() for item in installed])
        return
    for item in installed:
        typer.echo(f"installed argos {item.source}->{item.target} {item.version} ({item.path})")


def _source_language(root: Optional[Path]) -> str:
    from ..config import find_root, load_settings
    from ..errors import ConfigError

    try:
        return load_settings(find_root(root) if root else None).source_language
    except ConfigError:
        if root is not None:
            raise
        return "en"
