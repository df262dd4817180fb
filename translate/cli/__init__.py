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

__all__ = ["app", "github_annotation", "junit_xml"]
