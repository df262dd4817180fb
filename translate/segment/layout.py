"""Laying out a translation as prose: the word wrap every format uses.

A translation of a wrapped source segment is wrapped to the same width; each
format says which words may not begin a line (they would turn it into a list
item, a heading or a rule).
"""

from __future__ import annotations

import re

from .base import Layout

__all__ = ["wrap", "lay_out_prose", "restore_links"]

_SPLIT_RE = re.compile(r"(?<![ \t]) (?![ \t])")


def _may_start_line(word: str, line_start: re.Pattern[str]) -> bool:
    """Whether a wrapped line may begin with ``word``.

    Wrapping is free to choose where lines break, so it keeps off a line
    start every word that might begin a block, by its first characters alone
    (``line_start``, the format's pattern) and without asking a parser:
    breaking one word earlier costs nothing, whereas an escape changes the
    text.
    """
    if not any(char.isalnum() for char in word):
        return False  # a line of symbols only reads as a rule or an underline
    return line_start.match(word) is None


def wrap(text: str, layout: Layout, line_start: re.Pattern[str]) -> list[str]:
    """Greedy word wrap to layout.width, never making a line that would change
    the document's structure (a list marker, a heading mark or a rule at the
    start of a line, as ``line_start`` matches them): such a word moves down
    with the word before it."""
    words = _SPLIT_RE.split(text)
    prefix_width = len(layout.continuation.lstrip("\r\n").expandtabs(4))
    lines: list[str] = []
    current: list[str] = [words[0]]
    length = len(words[0])
    available = layout.width - layout.first_column
    for word in words[1:]:
        if length + 1 + len(word) <= available:
            current.append(word)
            length += 1 + len(word)
            continue
        cut = len(current)
        if not _may_start_line(word, line_start) or current[-1].endswith("\\"):
            cut = next((index for index in range(len(current) - 1, 0, -1)
                        if _may_start_line(current[index], line_start)
                        and not current[index - 1].endswith("\\")), 0)
        if cut == 0:
            current.append(word)
            length += 1 + len(word)
            continue
        lines.append(" ".join(current[:cut]))
        current = current[cut:] + [word]
        length = len(" ".join(current))
        available = layout.width - prefix_width
    lines.append(" ".join(current))
    return lines


def lay_out_prose(translation: str, layout: Layout, line_start: re.Pattern[str]) -> str:
    """A translation laid out as the lines of a prose segment: on one line
    where the place holds one, else each of its lines (a ``\\n`` of the
    msgid) wrapped like the source and continued with its prefix."""
    text = translation
    if layout.single_line:
        return " ".join(part.strip() for part in text.split("\n"))
    parts = []
    for part in text.split("\n"):
        if layout.width > 0:
            parts.append(layout.continuation.join(wrap(part, layout, line_start)))
        else:
            parts.append(part)
    return (layout.hard_break + layout.continuation).join(parts)


def restore_links(text: str, layout: Layout) -> str:
    """Put the link destinations back in place of the ``][N]`` labels."""
    for label, destination in layout.links:
        text = text.replace(f"][{label}]", "]" + destination)
    return text
