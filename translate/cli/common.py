"""What every command shares: the app, its options, the project, the progress
line, tables, and the one error handler with the one exit-code table.

Command modules import from here; this module imports none of them, so the
package has no import cycle.  They do not write ``from __future__ import
annotations``: typer reads every command's annotations each time the tool
starts, and strings it would evaluate again (about 4 ms a start).
"""

import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn, Optional

import typer

from ..engines import ENGINES

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


# ---------------------------------------------------------------------------
# Exit codes


class ExitCode(IntEnum):
    """Every exit code of the ``translate`` command.

    Attributes:
        OK: Success.
        ERROR: Bad input or a failed command (one ``Error:`` line on stderr);
            for ``check``: findings at or above ``--fail-on``; for
            ``publish --check``: an error in the published site.
        USAGE: Wrong usage (typer's own code for a bad option); for
            ``check``: a configuration error too, so that CI tells it from
            findings.
        INCOMPLETE: ``build --strict`` or ``run --strict`` left a document
            unwritten (``run``: or a language without a model).
        GLOSSARY: ``glossary check`` found a problem.
        INTERRUPTED: Ctrl-C; files are written atomically.
    """

    OK = 0
    ERROR = 1
    USAGE = 2
    INCOMPLETE = 3
    GLOSSARY = 4
    INTERRUPTED = 130


class CommandExits(NamedTuple):
    """The exit codes of one command.

    Attributes:
        error: What a library error (bad input, settings, an unreadable file,
            an internal error) exits with in this command.
        codes: Every code the command can end with.
    """

    error: ExitCode
    codes: tuple[ExitCode, ...]


_COMMON = (ExitCode.OK, ExitCode.ERROR, ExitCode.USAGE, ExitCode.INTERRUPTED)

#: Each command (as typed after ``translate``) and its exit codes: the one table
#: :func:`errors` reads.  A new command adds its line here.
EXIT_CODES: Mapping[str, CommandExits] = {
    "extract": CommandExits(ExitCode.ERROR, _COMMON),
    "update": CommandExits(ExitCode.ERROR, _COMMON),
    "build": CommandExits(ExitCode.ERROR, (*_COMMON, ExitCode.INCOMPLETE)),
    "stats": CommandExits(ExitCode.ERROR, _COMMON),
    "mt": CommandExits(ExitCode.ERROR, _COMMON),
    "run": CommandExits(ExitCode.ERROR, (*_COMMON, ExitCode.INCOMPLETE)),
    "check": CommandExits(ExitCode.USAGE, _COMMON),
    "glossary check": CommandExits(ExitCode.ERROR, (*_COMMON, ExitCode.GLOSSARY)),
    "models list": CommandExits(ExitCode.ERROR, _COMMON),
    "models install": CommandExits(ExitCode.ERROR, _COMMON),
    "export": CommandExits(ExitCode.ERROR, _COMMON),
    "import": CommandExits(ExitCode.ERROR, _COMMON),
    "memory export": CommandExits(ExitCode.ERROR, _COMMON),
    "glossary export": CommandExits(ExitCode.ERROR, _COMMON),
    "glossary import": CommandExits(ExitCode.ERROR, _COMMON),
    "publish": CommandExits(ExitCode.ERROR, _COMMON),
    "eval": CommandExits(ExitCode.ERROR, _COMMON),
}


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> NoReturn:
    """Print ``Error: <message>`` on stderr and exit with ``code``."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(int(code))


def exit_with(code: ExitCode) -> NoReturn:
    """Exit with ``code``, having printed what there was to print."""
    raise typer.Exit(int(code))


@contextmanager
def errors(command: str) -> Iterator[None]:
    """Turn library errors into one ``Error:`` line and the command's exit code.

    Args:
        command: The command, as a key of :data:`EXIT_CODES`; its ``error``
            code is what a :class:`~translate.errors.TranslateError`, an
            ``OSError`` or an internal error exits with.
    """
    from ..errors import TranslateError

    code = EXIT_CODES[command].error
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise  # a command's own exit, already reported
    except TranslateError as error:
        fail(str(error), code)
    except OSError as error:
        where = error.filename or ""
        fail(f"{where}: {error.strerror or error}" if where else str(error), code)
    except KeyboardInterrupt:
        fail("interrupted; files are written atomically, nothing was left half-written",
             ExitCode.INTERRUPTED)
    except Exception as error:  # a bug: say so in one line, not with a traceback
        if os.environ.get("TRANSLATE_DEBUG"):
            raise
        fail(f"internal error: {type(error).__name__}: {error} -- please report it; "
             "run again with TRANSLATE_DEBUG=1 to see the traceback", code)


# ---------------------------------------------------------------------------
# Options


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def engine_names(names: Iterable[str] | None = None) -> str:
    """The engines as the help lists them: "argos, apertium or pseudo".

    The registry's first engine (the default one) comes first, then the
    others in alphabetical order.

    Args:
        names: Engine names in registry order (default: the registry's).
    """
    first, *others = list(ENGINES if names is None else names)
    ordered = [first, *sorted(others)]
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} or {ordered[-1]}"


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
EngineOption = Annotated[
    Optional[str],
    typer.Option("--engine", "-e", help=f"Engine for every language: {engine_names()} "
                 "(default: the settings' engine and engines).", show_default=False),
]


# ---------------------------------------------------------------------------
# The project, logging, progress, output


def load_project(root: Optional[Path], languages: Optional[list[str]] = None,
                 assignments: Optional[list[str]] = None) -> Any:
    """The project of ``--project`` (or the current folder), with ``--set``
    overrides and the ``--lang`` selection applied."""
    from ..config import find_root, load_settings, parse_assignments
    from ..project import Project

    settings = load_settings(find_root(root) if root else None)
    settings = settings.with_overrides(**parse_assignments(assignments or ()))
    if languages:
        # --lang chooses among the project's languages; it never adds one.
        settings = settings.select_languages(languages)
    return Project(settings)


class _StderrHandler(logging.StreamHandler):
    """Writes to the current ``sys.stderr``, not the one of the first call:
    a test runner or an embedding program may swap it between commands."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging() -> None:
    """Show the library's warnings on stderr as ``warning: ...``."""
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    root = logging.getLogger("translate")
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


class Status:
    """One progress line on stderr (a terminal only): a bar, counts, speed."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty() and not os.environ.get("TRANSLATE_NO_PROGRESS")
        self.label = ""
        self.started = 0.0
        self.shown = False

    def phase(self, label: str) -> Callable[[int, int], None]:
        """Start a step: the progress callback that shows it under ``label``."""
        import time

        self.label = label
        self.started = time.monotonic()

        def update(done: int, total: int, note: str = "") -> None:
            # note: what the work runs on, e.g. a pool's "2/2 servers".
            if not self.enabled or total <= 0:
                return
            elapsed = time.monotonic() - self.started
            width = 12 if note else 24  # the line stays within 78 columns
            filled = width * done // total
            rate = f"  {done / elapsed:.1f} segments/s" if label.startswith("Translating") \
                and elapsed > 0 and done else ""
            line = (f"{self.label:<16} [{'#' * filled}{'-' * (width - filled)}] "
                    f"{done}/{total}{rate}" + (f"  {note}" if note else ""))
            sys.stderr.write("\r" + line.ljust(78)[:78])
            sys.stderr.flush()
            self.shown = True

        return update

    def close(self) -> None:
        """Clear the line, so that what is printed next starts clean."""
        if self.shown:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()
            self.shown = False


@contextmanager
def status() -> Iterator[Status]:
    """A progress display for a command of several steps, cleared at the end."""
    display = Status()
    try:
        yield display
    finally:
        display.close()


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress line on stderr when it is a terminal; silent otherwise."""
    with status() as display:
        yield display.phase(label)


def print_json(data: Any) -> None:
    """Print ``data`` as the commands' ``--format json`` does."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table: the first two columns left-aligned, the others right."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) if index == 0 or index == 1 else
                       str(cell).rjust(width) for index, (cell, width) in
                       enumerate(zip(row, widths))).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    configure_logging()
