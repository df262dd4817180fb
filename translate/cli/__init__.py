"""The ``translate`` command: options in, one library call, results out.

Exit codes (:class:`~translate.cli.common.ExitCode`, per command in
:data:`~translate.cli.common.EXIT_CODES`): 0 success; 1 bad input or a
failed command (one ``Error:`` line on stderr); 2 wrong usage; 3 ``build
--strict`` left a document unwritten; 4 ``glossary check`` found a problem;
130 interrupted.  ``check`` has its own: 1 findings, 2 wrong usage or a
configuration error.

Layout: :mod:`.common` holds the app, the shared options, the project, the
progress line and the one error handler; each command module imports it and
registers its commands on the app; nothing imports a command module but this
file.  A new command is a function in a command module (or a new module
imported below) and its line in ``EXIT_CODES``.
"""

import gc

from .common import app

# Registering the commands; the order is the one ``translate --help`` lists.
from . import documents  # noqa: E402,F401  extract, update, build, stats
from . import glossary  # noqa: E402,F401  glossary check
from . import translation  # noqa: E402,F401  mt, run, models list/install
from . import check  # noqa: E402,F401  check
from . import exchange  # noqa: E402,F401  export, import, memory export, glossary export/import
from . import publish  # noqa: E402,F401  publish
from . import evaluate  # noqa: E402,F401  eval
from .check import github_annotation, junit_xml  # noqa: E402

__all__ = ["app", "main", "github_annotation", "junit_xml"]


def main() -> None:
    """The ``translate`` console script (and ``python -m translate``): the
    app, which always ends in ``SystemExit``.

    On the way out the objects that are left move to the collector's
    permanent generation, so that the collections the interpreter makes as
    it ends do not walk them all: after an ``extract`` or a ``build`` of
    200 documents those walks took 15 to 25 ms, up to a tenth of the
    command.  Nothing is lost: by then every file is written and closed,
    and the objects are freed as the interpreter ends anyway.  Code that
    runs the command in its own process and goes on (tests, a script)
    calls :data:`app` instead, whose objects stay collectable.
    """
    try:
        app(prog_name="translate")
    finally:
        gc.freeze()
