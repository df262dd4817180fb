"""The pseudo engine: pseudo-localization for testing layouts and CI.

``Police officers met in Kigali.`` becomes ``[Ƥŏļĭčē ŏƒƒĭčēŗś ɱēţ ĭñ Ķĭĝåļĭ. ~~~~]``:
every letter accented, about 30% longer, in brackets, so that a text the
tool forgot to translate, a layout that cannot take longer text, or a font
without accents show at once.  Protected tokens (``{0}``: markup,
placeholders, ``keep`` terms) and line breaks are left as they are; it needs
no model and no network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import ModelRow, Progress
from ..segment.inline import TOKEN_RE

__all__ = ["PseudoEngine", "pseudo_localize"]

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀčđēƒĝĥĭĵķļɱñŏƥʠŗśţŭʋŵχŷžÅƁČĐĒƑĜĤĬĴĶĻṀÑŎƤǪŘŜŢŬṼŴχŶŽ",
)
VERSION = "1"
EXPANSION = 0.3


def pseudo_localize(text: str) -> str:
    """Pseudo-localize one segment (each line on its own)."""
    lines = []
    for line in text.split("\n"):
        if not line.strip():
            lines.append(line)
            continue
        parts = TOKEN_RE.split(line)
        tokens = TOKEN_RE.findall(line)
        out = parts[0].translate(_ACCENTED)
        for token, part in zip(tokens, parts[1:]):
            out += token + part.translate(_ACCENTED)
        letters = sum(1 for ch in line if ch.isalpha())
        padding = "~" * max(1, round(letters * EXPANSION))
        lines.append(f"[{out} {padding}]")
    return "\n".join(lines)


class PseudoEngine:
    """Pseudo-localization as an engine (any pair, one hypothesis)."""

    name = "pseudo"
    #: Pseudo-text cannot use the glossary's forms: only ``keep`` terms are
    #: protected (and flagged if lost); translatable terms are left alone.
    enforce_terms = False
    #: It has nothing to tune.
    OPTIONS: dict[str, type] = {}

    def __init__(self, **options: object) -> None:
        self.options = options

    def models(self, refresh: bool = False) -> list[ModelRow]:
        """None: pseudo-localization needs no model."""
        return []

    def describe(self, source: str, target: str) -> str:
        return f"pseudo {source}->{target} {VERSION}"

    def check(self, source: str, target: str) -> None:
        return None

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Progress | None = None) -> list[list[str]]:
        out = [[pseudo_localize(text)] for text in texts]
        if progress is not None:
            progress(len(texts), len(texts))
        return out
