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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

#: Words a wrapped Markdown line may not begin with.  With a letter or digit
#: in the word, only these can interrupt a paragraph: a heading, a quote, a
#: list item, a fence, an HTML block (rules, underlines and delimiter rows
#: are symbols only).
_MARKDOWN_LINE_START_RE = re.compile(r"(?:[#>=+*|<`~-]|\d{1,9}[.)])")
_TEXT_LINE_START_RE = re.compile(r"(?:[-*+\u2022\u2013\u2014]|\d{1,9}[.)])$")
_SPLIT_RE = re.compile(r"(?<![ \t]) (?![ \t])")

#: What a Markdown line must begin with to have a chance of starting or
#: interrupting a block (CommonMark 0.31 with GFM tables): heading, quote,
#: list, rule, setext underline, table delimiter row, fence, HTML block, link
#: reference definition; an empty line ends the paragraph.  Only the lines it
#: matches are put to the parser, so ordinary prose costs one regex match.
_MAY_START_BLOCK_RE = re.compile(r"[#>=+*_|:<`~\[-]|[0-9]{1,9}[.)]|$")
_ORDERED_NUMBER_RE = re.compile(r"[0-9]{1,9}(?=[.)])")
_LABEL_END_RE = re.compile(r"\[(?:[^\\\[\]]|\\.)*\]")
_ATX_CLOSING_RE = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")
_PIPE_OR_ESCAPE_RE = re.compile(r"\\[\s\S]|\|")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")  # as markdown-it-py's escapedSplit
# A delimiter row as markdown-it-py's table rule reads one: "- " would be a
# list item, so a leading "-" must not be followed by a space.
_DELIMITER_ROW_RE = re.compile(r"(?:[|:][-|: \t]|-[-|:])[-|: \t]*")
_DELIMITER_CELL_RE = re.compile(r":?-+:?")
_RULE_CHARS_RE = re.compile(r"[-*_][-*_ \t]*")


def _stays_paragraph(lines: list[str]) -> bool:
    """Whether these lines, as the content of a container (after its ``> `` or
    list indentation), are one paragraph and nothing else, exactly as the
    segmenter's parser reads them: the first line where a block may start,
    the others as its continuation lines."""
    from .markdown import _parser  # lazily: only lines that may start a block get here

    md = _parser()
    tokens: list[Any] = []
    md.block.parse("\n".join(lines), md, {}, tokens)
    return (len(tokens) == 3 and tokens[0].type == "paragraph_open"
            and tokens[0].map == [0, len(lines)])


def _may_head_table(line: str, next_line: str) -> bool:
    """Whether a line could be read as a GFM table's header row above
    ``next_line`` (a line of ``-``, ``:`` and ``|``: a rule, a setext
    underline), as markdown-it-py tries tables before any other block.

    A table needs a pipe in the header and as many cells in both rows; the
    line's container prefix (``- ``, ``> ``, ``# ``) is not known here, so
    both counts a leading pipe may give are taken.
    """
    if "|" not in line or _DELIMITER_ROW_RE.fullmatch(next_line) is None:
        return False
    delimiters = [cell.strip(" \t") for cell in next_line.split("|")]
    if "" in delimiters[1:-1] or not all(_DELIMITER_CELL_RE.fullmatch(cell)
                                         for cell in delimiters if cell):
        return False
    wanted = sum(1 for cell in delimiters if cell)
    cells = _CELL_SPLIT_RE.split(line.strip(" \t"))
    count = len(cells) - (cells[-1] == "")
    return wanted in (count, count - (cells[0] == ""))


def _pipe_to_entity(match: re.Match[str]) -> str:
    return "&#124;" if match.group(0) in ("|", "\\|") else match.group(0)


def _keep_off_table(line: str, layout: Layout) -> str:
    """The line, its pipes written ``&#124;`` (the same character to the
    reader, and no pipe to the table rule) if it would head a table."""
    if layout.next_line and _may_head_table(line, layout.next_line):
        return _PIPE_OR_ESCAPE_RE.sub(_pipe_to_entity, line)
    return line


def _line_keeps_paragraph(line: str, before: Sequence[str], prefixed: bool = False) -> bool:
    """Whether ``line``, written after the paragraph lines ``before`` (none:
    it is the paragraph's first line), leaves them all one paragraph.

    ``prefixed``: the first line follows a container prefix on its line,
    which may be a list marker: ``* `` before ``**`` makes a rule.
    """
    if _MAY_START_BLOCK_RE.match(line) is None:
        return True
    if prefixed and not before and _RULE_CHARS_RE.fullmatch(line):
        return False
    return _stays_paragraph([*before, line])


def _may_start_line(word: str, flavour: str) -> bool:
    """Whether a wrapped line may begin with ``word``.

    Wrapping is free to choose where lines break, so it keeps off a line
    start every word that might begin a block, by its first characters alone
    and without asking the parser: breaking one word earlier costs nothing,
    whereas an escape (see :func:`_escape_block_start`) changes the text.
    """
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


def _escape_block_start(line: str) -> str:
    """Put the one backslash that keeps a Markdown line from starting a block
    (``\\# x``, ``1\\. x``, ``\\> x``, ``\\- x``): it changes no character the
    reader sees.

    A backslash before the first character stops every block start but two:
    before a digit it would be printed (``\\1. x``), so it goes before the
    list marker's dot; before ``[`` it would break the link, so a reference
    definition ``[x]: y`` loses its colon's meaning instead (``[x]\\: y``).
    """
    number = _ORDERED_NUMBER_RE.match(line)
    if number is not None:
        return line[:number.end()] + "\\" + line[number.end():]
    label = _LABEL_END_RE.match(line)
    if label is not None and line.startswith(":", label.end()):
        return line[:label.end()] + "\\" + line[label.end():]
    return "\\" + line


def _wrap_part(part: str, marker: str, layout: Layout) -> list[str]:
    """The lines of one line of a translation, its hard break marker added."""
    wrapped = _wrap(part, layout) if layout.width > 0 else [part]
    wrapped[-1] += marker
    return wrapped


def _lay_out_markdown(text: str, layout: Layout) -> str:
    """Lay out a translation in a Markdown paragraph, heading or list item.

    Each line of the translation (a hard line break in the msgid) is wrapped
    as the source was, and its first line escaped if, in its place, it would
    start a block (first line) or interrupt the paragraph (the others).
    """
    # Indentation means nothing in a paragraph, but four spaces on its first
    # line would start a code block; an empty line would end it.
    text = text.strip(" \t\n")
    if not text:
        return text
    parts = [part.lstrip(" \t") for part in text.split("\n")]
    for attempt in range(2):
        lines: list[str] = []
        for index, part in enumerate(parts):
            if not part:
                # Two line breaks in a row: a line holding only the break, a
                # backslash (two spaces would make it blank and end the paragraph).
                lines.append("\\")
                continue
            marker = layout.hard_break if index < len(parts) - 1 else ""
            wrapped = _wrap_part(part, marker, layout)
            # The parser judges the line as written, break marker included
            # ("+ " is an empty item, which interrupts nothing; "+ \\" is not).
            if not _line_keeps_paragraph(wrapped[0], lines, layout.first_column > 0):
                part = parts[index] = _escape_block_start(part)
                wrapped = _wrap_part(part, marker, layout)
            lines.extend(wrapped)
        # A link reference definition may go on over the next lines ("[x]:"
        # then the destination): then only the whole paragraph tells.
        if (attempt or not lines[0].startswith("[") or len(lines) == 1
                or _stays_paragraph(lines)):
            break
        escaped = _escape_block_start(parts[0])
        if escaped == "\\" + parts[0]:
            break  # not a definition after all: keep the link as it is
        parts[0] = escaped
    # Above "---", a last line with a pipe is a table's header row, even with
    # the pipe escaped.
    lines[-1] = _keep_off_table(lines[-1], layout)
    return layout.continuation.join(lines)


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
    elif layout.flavour == "markdown":
        if layout.single_line:
            # An ATX heading: a closing run of "#" would be taken for markup.
            text = _ATX_CLOSING_RE.sub(lambda match: "\\" + match.group(0), text)
            text = _keep_off_table(text, layout)
        else:
            text = _lay_out_markdown(text, layout)
    elif not layout.single_line:
        parts = []
        for part in text.split("\n"):
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
