"""The ``translate`` command: options in, one library call, results out.

Exit codes: 0 success; 1 bad input or a failed command (one ``Error:`` line on
stderr); 2 wrong usage; 3 ``build --strict`` left a document unwritten; 4
``glossary check`` found a problem.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""Translate a project's documents through gettext PO catalogs.

\b
The workflow, from a folder inside the project:
  translate extract    source/<doc> -> locales/templates/<doc>.pot
  translate update     templates -> locales/<lang>/<doc>.po
  (translators edit the PO files)
  translate build      catalogs -> build/<lang>/<doc>
  translate stats      how complete each translation is

Settings are read from [tool.translate] in pyproject.toml.
""",
)

EXIT_ERROR = 1
EXIT_INCOMPLETE = 3


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


ProjectOption = Annotated[
    Optional[Path],
    typer.Option("--project", "-C", help="Project folder (default: found from the current folder).",
                 show_default=False),
]
LangOption = Annotated[
    Optional[list[str]],
    typer.Option("--lang", "-l", help="Target language; repeat or separate with commas "
                 "(default: the project's languages).", show_default=False),
]
DocumentsArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Documents to work on (default: all in the source folder).",
                   show_default=False),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="Output for people (text) or scripts (json).")
]
SetOption = Annotated[
    Optional[list[str]],
    typer.Option("--set", metavar="KEY=VALUE", show_default=False,
                 help="Override a [tool.translate] setting for this run, e.g. "
                      "--set source_dir=docs --set 'languages=[\"de\"]'."),
]


class _StderrHandler(logging.StreamHandler):
    """Writes to the current ``sys.stderr``, not the one of the first call:
    a test runner or an embedding program may swap it between commands."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _configure_logging() -> None:
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    root = logging.getLogger("translate")
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _fail(message: str, code: int = EXIT_ERROR) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one ``Error:`` line and exit code 1."""
    from .errors import TranslateError

    try:
        yield
    except TranslateError as error:
        _fail(str(error))
    except OSError as error:
        where = error.filename or ""
        _fail(f"{where}: {error.strerror or error}" if where else str(error))
    except KeyboardInterrupt:
        _fail("interrupted; files are written atomically, nothing was left half-written", 130)
    except Exception as error:  # a bug: say so in one line, not with a traceback
        if os.environ.get("TRANSLATE_DEBUG"):
            raise
        _fail(f"internal error: {type(error).__name__}: {error} -- please report it; "
              "run again with TRANSLATE_DEBUG=1 to see the traceback")


def _project(root: Optional[Path], languages: Optional[list[str]] = None,
             assignments: Optional[list[str]] = None) -> Any:
    from .config import find_root, load_settings, parse_assignments
    from .project import Project

    settings = load_settings(find_root(root) if root else None)
    settings = settings.with_overrides(**parse_assignments(assignments or ()))
    if languages:
        # --lang chooses among the project's languages; it never adds one.
        settings = settings.select_languages(languages)
    return Project(settings)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress line on stderr when it is a terminal; silent otherwise."""
    with _status() as status:
        yield status.phase(label)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) if index == 0 or index == 1 else
                       str(cell).rjust(width) for index, (cell, width) in
                       enumerate(zip(row, widths))).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    _configure_logging()


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
    from .catalog import extract_templates

    with _errors():
        proj = _project(project, None, assignments)
        with _progress("Extracting") as progress:
            changes = extract_templates(proj, documents or (), progress)
    if output_format is OutputFormat.json:
        _print_json([change.to_dict() for change in changes])
        return
    for change in changes:
        if change.status != "unchanged":
            typer.echo(f"{change.status:9} {change.path} ({change.untranslated} messages)"
                       if change.status != "removed" else f"{change.status:9} {change.path}")
    if not changes:
        typer.echo(f"No documents in {proj.relative(proj.source_dir)}/ "
                   "(plain text .txt and Markdown .md are translated).")
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
    from .catalog import update_catalogs

    with _errors():
        proj = _project(project, lang, assignments)
        with _progress("Updating") as progress:
            changes = update_catalogs(proj, proj.languages, documents or (), progress)
    if output_format is OutputFormat.json:
        _print_json([change.to_dict() for change in changes])
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
    from .build import build_documents

    with _errors():
        proj = _project(project, lang, assignments)
        with _progress("Building") as progress:
            results = build_documents(proj, proj.languages, documents or (), include_fuzzy,
                                      min_complete, progress)
    threshold = proj.settings.min_complete if min_complete is None else min_complete
    skipped = [result for result in results if result.status == "skipped"]
    if output_format is OutputFormat.json:
        _print_json([result.to_dict() for result in results])
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
        raise typer.Exit(EXIT_INCOMPLETE)


@app.command()
def stats(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Show how complete each translation is, per language and document.

    Counts translated, fuzzy, untranslated and obsolete entries, the source
    words, and the percent of entries translated.

    \b
    Example:
      translate stats
      translate stats --lang ar --format json
    """
    from .catalog import catalog_stats

    with _errors():
        proj = _project(project, lang, assignments)
        rows = catalog_stats(proj, proj.languages, documents or ())
    if output_format is OutputFormat.json:
        _print_json([row.to_dict() for row in rows])
        return
    if not rows:
        typer.echo("No templates yet: run `translate extract`.")
        return
    table = [[row.language, row.document, str(row.translated), str(row.fuzzy),
              str(row.untranslated), str(row.obsolete), str(row.words), f"{row.percent:g}%"]
             for row in rows]
    typer.echo(_table(table, ["lang", "document", "translated", "fuzzy", "untranslated",
                              "obsolete", "words", "complete"]))


glossary_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Work with the terminology glossary (glossary.csv).",
)
app.add_typer(glossary_app, name="glossary")

EXIT_GLOSSARY = 4


@glossary_app.command("check")
def glossary_check(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Lint the glossary and verify that every translation uses its terms.

    Reports rows with an unknown kind, an empty cell for a configured
    language, an English form given twice, or a term that another row always
    takes first; then, per language, which terms occur in the sources and
    every translated entry that leaves a term out, alters a name that must be
    kept, or uses a rendering known to be wrong.  Exits with code 4 when it
    finds a problem.

    \b
    Example:
      translate glossary check
      translate glossary check --lang fr --format json
    """
    from .checks import check_glossary

    with _errors():
        proj = _project(project, lang, assignments)
        report = check_glossary(proj, proj.languages, documents or ())
    if output_format is OutputFormat.json:
        _print_json(report.to_dict())
    else:
        typer.echo(f"{report.path}: {report.concepts} concepts, "
                   + (f"{len(report.lint)} problems" if report.lint else "no problems"))
        for finding in report.lint:
            typer.echo(f"  {finding}")
        for code in proj.languages:
            usage = [u for u in report.usage if u.language == code]
            present = [u for u in usage if u.entries]
            checked = sum(u.checked for u in usage)
            wrong = [v for v in report.violations if v.language == code]
            typer.echo(f"{code}: {len(present)} terms in the sources, {checked} uses checked, "
                       + (f"{len(wrong)} wrong" if wrong else "all correct"))
            for violation in wrong:
                typer.echo(f"  {violation}")
    if not report.ok:
        raise typer.Exit(EXIT_GLOSSARY)


# ---------------------------------------------------------------------------
# Machine translation


class _Status:
    """One progress line on stderr (a terminal only): a bar, counts, speed."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty() and not os.environ.get("TRANSLATE_NO_PROGRESS")
        self.label = ""
        self.started = 0.0
        self.shown = False

    def phase(self, label: str) -> Callable[[int, int], None]:
        import time

        self.label = label
        self.started = time.monotonic()

        def update(done: int, total: int) -> None:
            if not self.enabled or total <= 0:
                return
            elapsed = time.monotonic() - self.started
            width = 24
            filled = width * done // total
            rate = f"  {done / elapsed:.1f} segments/s" if label.startswith("Translating") \
                and elapsed > 0 and done else ""
            line = (f"{self.label:<16} [{'#' * filled}{'-' * (width - filled)}] "
                    f"{done}/{total}{rate}")
            sys.stderr.write("\r" + line.ljust(78)[:78])
            sys.stderr.flush()
            self.shown = True

        return update

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()
            self.shown = False


@contextmanager
def _status() -> Iterator[_Status]:
    status = _Status()
    try:
        yield status
    finally:
        status.close()


EngineOption = Annotated[
    Optional[str],
    typer.Option("--engine", "-e", help="Engine for every language: argos, apertium or pseudo "
                 "(default: the settings' engine and engines).", show_default=False),
]
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
    from .mt import machine_translate

    with _errors():
        proj = _project(project, lang, assignments)
        with _status() as status:
            results = machine_translate(proj, proj.languages, documents or (), engine,
                                        retranslate_machine, status.phase("Translating"))
    missing = [r for r in results if r.error]
    if output_format is OutputFormat.json:
        _print_json([r.to_dict() for r in results])
    else:
        for result in results:
            for path in result.files:
                typer.echo(f"updated   {path}")
        typer.echo(_table(_mt_rows(results), ["lang", "engine", "memory", "machine",
                                              "flagged", "untranslated", "status"]))
    for result in missing:
        typer.echo(f"Error: {result.language}: {result.error}", err=True)
    if missing:
        raise typer.Exit(EXIT_ERROR)


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
    """The whole job: extract, update, machine-translate, build, for every language.

    Runs extract, update, mt and build in turn and ends with a table per
    language.  A language without a model for its engine still gets
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
    from .build import build_documents
    from .catalog import extract_templates, update_catalogs
    from .glossary import project_glossary
    from .mt import machine_translate

    with _errors():
        proj = _project(project, lang, assignments)
        # A missing or malformed glossary stops the run before extract writes.
        project_glossary(proj)
        # So does a path leading outside the project, even one only build uses.
        proj.check_paths(proj.languages)
        with _status() as status:
            extracted = extract_templates(proj, (), status.phase("Extracting"))
            updated = update_catalogs(proj, proj.languages, (), status.phase("Updating"))
            results = machine_translate(proj, proj.languages, (), engine, retranslate_machine,
                                        status.phase("Translating"))
            built = build_documents(proj, proj.languages, (), include_fuzzy, None,
                                    status.phase("Building"))
    missing = [r for r in results if r.error]
    skipped = [b for b in built if b.status == "skipped"]
    if output_format is OutputFormat.json:
        _print_json({
            "extract": [change.to_dict() for change in extracted],
            "update": [change.to_dict() for change in updated],
            "mt": [r.to_dict() for r in results],
            "build": [b.to_dict() for b in built],
        })
    else:
        changed = sum(1 for c in extracted if c.status != "unchanged")
        typer.echo(f"extract: {len(extracted)} templates, {changed} changed; "
                   f"update: {len(updated)} catalogs, "
                   f"{sum(1 for c in updated if c.status != 'unchanged')} changed")
        rows = []
        for r in results:
            mine = [b for b in built if b.language == r.language]
            written = sum(1 for b in mine if b.status != "skipped")
            rows.append(_mt_rows([r])[0][:-1] + [f"{written}/{len(mine)}",
                                                 "no model" if r.error else "ok"])
        typer.echo(_table(rows, ["lang", "engine", "memory", "machine", "flagged",
                                 "untranslated", "built", "status"]))
        drafts = sum(r.machine for r in results)
        if drafts:
            typer.echo(f"{drafts} machine translations are fuzzy drafts: review them in the "
                       "PO files (build leaves them out until then).")
        for b in skipped:
            typer.echo(f"not built {b.path}: {b.percent:g}% translated", err=True)
    for r in missing:
        typer.echo(f"warning: {r.language}: {r.error}", err=True)
    if strict and (missing or skipped):
        raise typer.Exit(EXIT_INCOMPLETE)


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
    from .models import list_models

    with _errors():
        rows = list_models(refresh)
    if output_format is OutputFormat.json:
        _print_json([row.to_dict() for row in rows])
        return
    if not rows:
        typer.echo("No models installed, and no package index downloaded yet: "
                   "run translate models list --refresh (needs a network), or install a file: "
                   "translate models install --file <package>.argosmodel")
        return
    typer.echo(_table([[row.engine, f"{row.source}->{row.target}", row.version, row.status]
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
    from .models import install_files, install_languages

    if not languages and not files:
        _fail("name languages to download, or --file PATH", 2)
    with _errors():
        installed = install_files(files or [])
        if languages:
            origin = source or _source_language(project)
            with _progress("Downloading") as progress:
                installed += install_languages(origin, languages, progress)
    if output_format is OutputFormat.json:
        _print_json([item.to_dict() for item in installed])
        return
    for item in installed:
        typer.echo(f"installed argos {item.source}->{item.target} {item.version} ({item.path})")


def _source_language(root: Optional[Path]) -> str:
    from .config import find_root, load_settings
    from .errors import ConfigError

    try:
        return load_settings(find_root(root) if root else None).source_language
    except ConfigError:
        if root is not None:
            raise
        return "en"


from . import cli_check as _cli_check  # noqa: E402,F401  (registers `translate check`)
