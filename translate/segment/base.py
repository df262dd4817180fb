"""What every document format shares: segments, their layout, and the
:class:`DocumentFormat` protocol a format implements.

A segment is the unit cut from a source document; its :class:`Layout` says how
a translation takes its place.  This module imports nothing of the formats:
they import it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from . import Document

__all__ = ["Layout", "Segment", "DocumentFormat", "InlineCheck", "HtmlStyle", "HtmlDocument", "summarize", "split_lines", "wrap_width",
           "MIN_WRAP_WIDTH"]

_LINE_END_RE = re.compile(r"\r\n|\r|\n")

#: A source segment spread over lines at least this wide is taken for wrapped
#: prose, and its translation is wrapped to the same width; narrower lines are
#: taken for deliberate breaks the translation cannot follow, so it is written
#: on one line.
MIN_WRAP_WIDTH = 40


def wrap_width(line_widths: list[int]) -> int:
    """The width to wrap a translation to, given the source segment's lines."""
    if len(line_widths) < 2:
        return 0
    widest = max(line_widths)
    return widest if widest >= MIN_WRAP_WIDTH else 0


@dataclass(frozen=True, slots=True)
class Layout:
    """How a translation is laid out in place of a segment.

    Attributes:
        continuation: Inserted where a translation goes on to a new line: the
            line ending and the prefix of continuation lines (``"\\n> "``).
        hard_break: Put before ``continuation`` for a line break that the msgid
            marks with ``"\\n"`` (Markdown: a backslash or two spaces).
        width: Wrap the translation to this many columns (0: one line), as the
            source segment was wrapped.
        first_column: Column at which the segment starts on its first line.
        single_line: The place holds one line only (ATX heading, table cell,
            front matter value): line breaks become spaces.
        flavour: ``"markdown"``, ``"text"``, ``"table"`` (a Markdown table
            cell) or ``"yaml"``: decides which words may not start a wrapped
            line and how the translation is escaped.
        links: (label, destination) pairs: ``[text][label]`` in the msgid stands
            for ``[text](destination)`` in the document.
        quote: For front matter values: the quote style of the source value.
        next_line: For Markdown: the source line after the segment, without
            container prefix, when it holds only ``-``, ``:`` and ``|`` (a
            rule, a setext underline): a translated last line with a pipe
            must not make it a table's delimiter row.
    """

    continuation: str = "\n"
    hard_break: str = ""
    width: int = 0
    first_column: int = 0
    single_line: bool = False
    flavour: str = "text"
    links: tuple[tuple[str, str], ...] = ()
    quote: str = ""
    next_line: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of translation cut from a document.

    Attributes:
        msgid: What the translator translates, and nothing else.
        kind: ``heading``, ``paragraph``, ``list item``, ``blockquote``,
            ``table cell``, ``line``, ``front matter <key>``.
        line: 1-based line of the document where the segment starts.
        start: Offset of the segment's first character in the document text.
        end: Offset just past its last character.
        layout: How a translation replaces it.
    """

    msgid: str
    kind: str
    line: int
    start: int
    end: int
    layout: Layout = field(default_factory=Layout)


def split_lines(text: str) -> list[tuple[int, int, int]]:
    """The lines of a text as (start, end of content, end with line ending)."""
    lines = []
    position = 0
    if "\r" not in text:
        # Only "\n" ends a line: splitting is faster than matching.
        parts = text.split("\n")
        last = parts.pop()
        for part in parts:
            end = position + len(part)
            lines.append((position, end, end + 1))
            position = end + 1
        if last:
            lines.append((position, len(text), len(text)))
        return lines
    for match in _LINE_END_RE.finditer(text):
        lines.append((position, match.start(), match.end()))
        position = match.end()
    if position < len(text):
        lines.append((position, len(text), len(text)))
    return lines


@dataclass(frozen=True, slots=True)
class HtmlStyle:
    """How a format writes text into HTML, as the site wants it.

    Attributes:
        text: Escapes a run of plain text for HTML (and, in a right-to-left
            page, isolates the runs that read left to right).
        code_dir: The ``dir`` attribute of inline code and code blocks
            (``"ltr"`` in a right-to-left page; "" for none).
        url: Rewrites the destination of a link or image, called with the
            destination as the document writes it (normalized as the
            format's parser does), ``"link"`` or ``"image"``, and its line in
            the rendered document (None when unknown); returns the
            destination to write and attributes to add (``hreflang``).
            None: every destination as written.
    """

    text: Callable[[str], str]
    code_dir: str = ""
    url: Callable[[str, str, int | None], tuple[str, dict[str, str]]] | None = None


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """A document rendered for a web page.

    Attributes:
        title: The title, as plain text ("" when the document has none).
        description: A summary, as plain text (the front matter's, or the
            start of the first paragraph).
        date: The publication date of the front matter (``YYYY-MM-DD``), or "".
        body: The HTML of the content, the title's ``h1`` included.
        footer: The HTML of the document's footer lines ("" for none).
    """

    title: str
    description: str
    date: str
    body: str
    footer: str = ""


@dataclass(frozen=True, slots=True)
class InlineCheck:
    """What a format finds comparing the inline markup of a translation with
    its msgid.

    Attributes:
        problems: (finding code, message) pairs.
        source: The msgid with the format's markup blanked out, for the
            checks every format shares (URLs, placeholders, numbers).
        translation: The msgstr, likewise.
    """

    problems: list[tuple[str, str]]
    source: str
    translation: str


class DocumentFormat(Protocol):
    """A kind of source document (plain text, Markdown...): everything the
    tool knows of it lives in its module.

    Attributes:
        name: Its name in the registry (``text``, ``markdown``).
        flavours: The :attr:`Layout.flavour` values it lays out.
        inline_patterns: Regular expressions (sources) of the inline markup a
            translation must keep as it is, which machine translation turns
            into tokens; besides them every format protects what
            :mod:`translate.segment.inline` defines (placeholders, URLs).
    """

    name: str
    flavours: frozenset[str]
    inline_patterns: tuple[str, ...]

    def segment(self, text: str, front_matter_keys: tuple[str, ...]) -> list[Segment]:
        """Cut a document's text into segments, in document order."""
        ...

    def lay_out(self, translation: str, layout: Layout) -> str:
        """The text that replaces a segment (of one of :attr:`flavours`)."""
        ...

    def check_inline(self, msgid: str, msgstr: str) -> InlineCheck:
        """Compare the format's inline markup of a translation with its msgid."""
        ...

    def finish(self, text: str, document: Document) -> str:
        """The last touch on a rendered document (most formats: none)."""
        ...

    def html(self, document: Document, translation_of: Callable[[Segment], str | None],
             style: HtmlStyle) -> HtmlDocument:
        """The document with its translations, as the content of a web page."""
        ...


def summarize(text: str, limit: int = 200) -> str:
    """The start of a text as a summary: whole words, at most ``limit``
    characters, an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit].rstrip(",;:") + "…"
