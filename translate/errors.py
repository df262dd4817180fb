"""The exceptions the library raises.

Every error names the file and line it is about, shows the bad value, and says
what to do next, so that the command line can print it as one line::

    Error: locales/fr/news.md.po:12: unknown keyword 'msgsrt' -- fix the line ...
"""

from __future__ import annotations

from pathlib import Path


class TranslateError(Exception):
    """Base class of every error this package raises on bad input.

    Args:
        path: The file the problem is in, or None when it is not about a file.
        line: The 1-based line in that file, or None.
        reason: What is wrong, with the bad value shown with ``!r``.
        hint: What the user should do next.
    """

    def __init__(
        self,
        path: str | Path | None,
        line: int | None,
        reason: str,
        hint: str = "",
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = reason
        self.hint = hint
        super().__init__(str(self))

    def __reduce__(self) -> tuple:
        # So that an error crosses a process boundary (check's worker pool).
        return type(self), (self.path, self.line, self.reason, self.hint)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        text = f"{where}{self.reason}"
        if self.hint:
            text += f" -- {self.hint}"
        return text


class ConfigError(TranslateError):
    """The project's settings are missing, malformed or contradictory."""


class UnknownLanguage(ConfigError):
    """A language code that the tool has no data for."""


class PathOutsideProject(TranslateError):
    """A document or catalog path that would leave the project folder."""


class SourceError(TranslateError):
    """A source document that cannot be segmented (encoding, binary, empty)."""


class CatalogSyntaxError(TranslateError):
    """A PO or POT file that does not parse."""


class DuplicateMessage(CatalogSyntaxError):
    """Two entries of one catalog share a msgctxt and msgid."""


class GlossaryError(TranslateError):
    """A glossary file that is malformed."""


class ModelNotInstalled(TranslateError):
    """No machine-translation model is installed for a language pair."""


class PackageError(TranslateError):
    """A model package that cannot be installed (corrupt, not a package, unsafe)."""


class EngineError(TranslateError):
    """A machine-translation engine that is missing or failed."""


class ExchangeError(TranslateError):
    """An XLIFF, TMX or TBX file that is malformed, unsafe, or does not fit the
    project (another source language, an unknown document)."""
