"""Cut documents into segments, and put translated segments back.

A :class:`Document` is the source text plus the list of its :class:`Segment`
objects, in document order and never overlapping.  Everything outside the
segments (indentation, list markers, blank lines, code blocks, link targets,
line endings) is the document's *skeleton*: a build copies it unchanged and
replaces each segment with its translation, laid out like the source segment
(same continuation prefix, wrapped to the same width when the source was
wrapped).

A segment whose translation equals its msgid is copied from the source byte for
byte, so a build with identity translations reproduces every document exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError

__all__ = ["Segment", "Layout", "Document", "read_document", "parse_document",
           "document_format", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}

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
    """

    continuation: str = "\n"
    hard_break: str = ""
    width: int = 0
    first_column: int = 0
    single_line: bool = False
    flavour: str = "text"
    links: tuple[tuple[str, str], ...] = ()
    quote: str = ""


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


@dataclass(slots=True)
class Document:
    """A source document: its text and its segments.

    Attributes:
        name: Path relative to the source folder (``news/2019.md``).
        text: The decoded text, exactly as read.
        format: ``"text"`` or ``"markdown"``.
        segments: In document order, never overlapping.
    """

    name: str
    text: str
    format: str
    segments: list[Segment]

    def render(self, translation_of: Callable[[Segment], str | None]) -> str:
        """Return the document with every segment replaced by its translation.

        Args:
            translation_of: Gives the translation of a segment, or None to keep
                the source text.
        """
        out: list[str] = []
        position = 0
        text = self.text
        for segment in self.segments:
            out.append(text[position:segment.start])
            translated = translation_of(segment)
            if translated is None or translated == segment.msgid:
                out.append(text[segment.start:segment.end])
            else:
                out.append(lay_out(translated, segment.layout))
            position = segment.end
        out.append(text[position:])
        return "".join(out)


# ---------------------------------------------------------------------------
# Laying out a translation

_MARKDOWN_LINE_START_RE = re.compile(r"(?:[#>=+*|<`~-]|\d{1,9}[.)])")
_TEXT_LINE_START_RE = re.compile(r"(?:[-*+\u2022\u2013\u2014]|\d{1,9}[.)])$")
_SPLIT_RE = re.compile(r"(?<![ \t]) (?![ \t])")


def _may_start_line(word: str, flavour: str) -> bool:
    if not any(char.isalnum() for char in word):
        return False  # a line of symbols only reads as a rule or an underline
    if flavour == "markdown":
        return _MARKDOWN_LINE_START_RE.match(word) is None
    return _TEXT_LINE_START_RE.match(word) is None


def _wrap(text: str, layout: Layout) -> list[str]:
    """Greedy word wrap to layout.width, never making a line that would change
    the document's structure (a list marker, a heading mark or a rule at the
    start of a line): such a word moves down with the word before it."""
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
        if not _may_start_line(word, layout.flavour) or current[-1].endswith("\\"):
            cut = next((index for index in range(len(current) - 1, 0, -1)
                        if _may_start_line(current[index], layout.flavour)
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


_BLOCK_START_RE = re.compile(
    r"(?:[-+*](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|=+[ \t]*$|-+[ \t]*$|\*{3,}|_{3,}|`{3,}|~{3,}"
    r"|<[A-Za-z!?/]|(\d{1,9})[.)](?:[ \t]|$))")


def _escape_block_start(line: str) -> str:
    """Escape what would make a Markdown line start a block (``+ x``, ``1. x``,
    ``# x``), so the translation stays text where the source had text."""
    match = _BLOCK_START_RE.match(line)
    if match is None:
        return line
    if match.group(1) is not None:
        digits = len(match.group(1))
        return line[:digits] + "\\" + line[digits:]
    return "\\" + line


_TABLE_PIPE_RE = re.compile(r"(?<!\\)\|")
_YAML_PLAIN_UNSAFE_RE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: | #|:$|\s$""")


def _yaml_scalar(value: str, quote: str) -> str:
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    if quote == '"' or not value or _YAML_PLAIN_UNSAFE_RE.search(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def lay_out(translation: str, layout: Layout) -> str:
    """Turn a translation into the text that replaces a segment in a document.

    Args:
        translation: The msgstr (may contain ``"\\n"`` line breaks and the
            ``[text][label]`` link placeholders of the msgid).
        layout: The segment's layout.
    """
    text = translation
    if layout.single_line or layout.flavour == "yaml":
        text = " ".join(part.strip() for part in text.split("\n"))
    if layout.flavour == "table":
        text = _TABLE_PIPE_RE.sub(r"\\|", text)
    if layout.flavour == "yaml":
        text = _yaml_scalar(text, layout.quote)
    elif not layout.single_line:
        parts = []
        for part in text.split("\n"):
            if layout.flavour == "markdown":
                part = _escape_block_start(part)
            if layout.width > 0:
                parts.append(layout.continuation.join(_wrap(part, layout)))
            else:
                parts.append(part)
        text = (layout.hard_break + layout.continuation).join(parts)
    for label, destination in layout.links:
        text = text.replace(f"][{label}]", "]" + destination)
    return text


# ---------------------------------------------------------------------------
# Reading documents


def split_lines(text: str) -> list[tuple[int, int, int]]:
    """The lines of a text as (start, end of content, end with line ending)."""
    lines = []
    position = 0
    for match in _LINE_END_RE.finditer(text):
        lines.append((position, match.start(), match.end()))
        position = match.end()
    if position < len(text):
        lines.append((position, len(text), len(text)))
    return lines


def document_format(name: str) -> str | None:
    """The format of a document from its file name, or None if unsupported."""
    return SUPPORTED_SUFFIXES.get(Path(name).suffix.lower())


def decode_source(data: bytes, display: str) -> str:
    """Decode the bytes of a source document, refusing what is not UTF-8 text.

    Raises:
        SourceError: Binary data, invalid UTF-8, or an empty file.
    """
    if not data.strip():
        raise SourceError(display, 1, "the document is empty",
                          "add its text, or delete the file")
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise SourceError(display, data.count(b"\n", 0, nul) + 1,
                          "the file is binary (it contains NUL bytes)",
                          "only plain text and Markdown documents can be translated")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(display, line,
                          f"byte {data[error.start]:#04x} is not valid UTF-8",
                          "save the document as UTF-8") from None


def parse_document(name: str, text: str, format: str | None = None,
                   front_matter_keys: tuple[str, ...] = ("title", "description"),
                   display: str | None = None) -> Document:
    """Segment a document's text.

    Args:
        name: Its path relative to the source folder.
        text: Its decoded text.
        format: ``"text"`` or ``"markdown"`` (default: from the name's suffix).
        front_matter_keys: The YAML front matter keys whose values are
            translated (Markdown only).
        display: The path used in error messages.
    """
    fmt = format or document_format(name) or "text"
    if fmt == "markdown":
        from .markdown import segment_markdown

        segments = segment_markdown(text, front_matter_keys)
    else:
        from .text import segment_text

        segments = segment_text(text)
    return Document(name=name, text=text, format=fmt, segments=segments)


def read_document(path: Path, name: str, display: str,
                  front_matter_keys: tuple[str, ...] = ("title", "description")) -> Document:
    """Read and segment one source document.

    Raises:
        SourceError: The file is not UTF-8 text, is binary or is empty.
    """
    text = decode_source(path.read_bytes(), display)
    return parse_document(name, text, None, front_matter_keys, display)
