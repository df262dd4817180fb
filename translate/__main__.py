"""``python -m translate``: the same as the ``translate`` command."""

from .cli import main

main()
