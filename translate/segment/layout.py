"""Laying out a translation as prose: the word wrap every format uses.

A translation of a wrapped source segment is wrapped to the same width; each
format says which words may not begin a line (they would turn it into a list
item, a heading or a rule).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import add

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
    if not (word[:1].isalnum() or any(char.isalnum() for char in word)):
        return False  # a line of symbols only reads as a rule or an underline
    return line_start.match(word) is None


#: Width -> a pattern for the longest run of whole words that fits it.
_FITS: dict[int, re.Pattern[str]] = {}


def _fits(width: int) -> re.Pattern[str]:
    pattern = _FITS.get(width)
    if pattern is None:
        pattern = _FITS[width] = re.compile(f"(.{{1,{max(width, 1)}}})(?: |\\Z)", re.S)
    return pattern


def _greedy_lines(text: str, layout: Layout,
                  line_start: re.Pattern[str]) -> list[str] | None:
    """:func:`wrap` of a text whose words are separated by single spaces
    (none before the first or after the last), in the usual case: each line
    the most words that fit, and no line that starts with a word that may
    not start one (or follows a backslash).  None otherwise (a word longer
    than a line, a line start to avoid): then :func:`wrap` works word by
    word."""
    available = layout.width - layout.first_column
    first = _fits(available).match(text)
    if first is None:
        return None
    lines = [first.group(1)]
    position = first.end()
    if position < len(text):
        rest = _fits(layout.width - len(layout.continuation.lstrip("\r\n").expandtabs(4)))
        match = rest.match
        while position < len(text):
            found = match(text, position)
            if found is None:
                return None
            line = found.group(1)
            word = line.split(" ", 1)[0]
            if not _may_start_line(word, line_start) or lines[-1].endswith("\\"):
                return None
            lines.append(line)
            position = found.end()
    return lines


def wrap(text: str, layout: Layout, line_start: re.Pattern[str]) -> list[str]:
    """Greedy word wrap to layout.width, never making a line that would change
    the document's structure (a list marker, a heading mark or a rule at the
    start of a line, as ``line_start`` matches them): such a word moves down
    with the word before it."""
    single = "  " not in text and "\t" not in text
    if single and text[:1] != " " and text[-1:] != " ":
        lines = _greedy_lines(text, layout, line_start)
        if lines is not None:
            return lines
    # Without tabs or runs of spaces every space separates two words.
    words = text.split(" ") if single else _SPLIT_RE.split(text)
    count = len(words)
    # The text is its words joined by single spaces: word k ends at
    # ends[k], and the words first..k take ends[k] - ends[first - 1] - 1
    # columns on a line.  A line is filled word by word up to the first
    # word that does not fit, found by bisection (the ends increase).
    ends = list(map(add, accumulate(map(len, words)), range(count)))
    prefix_width = len(layout.continuation.lstrip("\r\n").expandtabs(4))
    lines: list[str] = []
    first = 0  # the first word of the current line
    available = layout.width - layout.first_column
    # The next word to place: the words before it, from first on, are the line.
    word = bisect_right(ends, available, 1)
    while word < count:
        # words[word] does not fit on the line of words[first:word].
        cut = word - first
        if not _may_start_line(words[word], line_start) or words[word - 1].endswith("\\"):
            cut = next((index for index in range(word - first - 1, 0, -1)
                        if _may_start_line(words[first + index], line_start)
                        and not words[first + index - 1].endswith("\\")), 0)
        if cut == 0:
            # Nothing may move down: the word stays on this line.
            word += 1
            continue
        start = ends[first - 1] + 1 if first else 0
        lines.append(text[start:ends[first + cut - 1]])
        first += cut
        available = layout.width - prefix_width
        start = ends[first - 1] + 1
        word = bisect_right(ends, start + available, word + 1)
    start = ends[first - 1] + 1 if first else 0
    lines.append(text[start:])
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
