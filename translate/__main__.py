"""``python -m translate``: the same as the ``translate`` command."""

from .cli import app

app(prog_name="translate")
