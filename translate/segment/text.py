"""Plain text documents: paragraphs, titles, list items and lines.

The rules, in the order they apply inside a block of non-blank lines:

1. A line made only of punctuation or symbols (``-----``, ``* * *``) is a rule
   or an underline: it stays in the skeleton and ends the segment before it.
2. A line starting with a list marker (``-``, ``*``, ``•``, ``1.``, ``1)``)
   starts a ``list item``; the lines after it belong to it.
3. A block whose last line ends without sentence punctuation is a block of
   separate lines (an address, a signature, a copyright footer): each line is
   its own segment (``line``).
4. A title line directly above a paragraph is its own ``heading``: the first
   line of a block that ends without sentence punctuation, when the next line
   starts with a capital letter, its first word would have fitted on the
   title line had the block been wrapped text, and the title line is at most
   two thirds as wide as the widest line of the block.
5. Otherwise the lines form one ``paragraph``: a line break inside it is
   layout, not text, and becomes a space in the msgid.

A one-line block without sentence punctuation is a ``heading``.  Segments with
no letter in them (a date alone, a number) are not extracted.
"""

from __future__ import annotations

import re
import unicodedata

from collections.abc import Callable

from .base import (HtmlDocument, HtmlStyle, InlineCheck, Layout, Segment, split_lines, summarize,
                   wrap_width)
from .layout import lay_out_prose, restore_links

#: Words a wrapped line may not begin with: they would read as a list item.
_LINE_START_RE = re.compile(r"(?:[-*+\u2022\u2013\u2014]|\d{1,9}[.)])$")
_BULLET_RE = re.compile(r"(?:[-*+\u2022\u2023\u25e6\u2043\u2013]|\d{1,9}[.)])[ \t]+(?=\S)")
#: The characters a bullet (_BULLET_RE) may begin with, but digits: most
#: lines begin with none and need no match.
_BULLET_FIRST = frozenset("-*+\u2022\u2023\u25e6\u2043\u2013")
_CLOSERS = "\"'\u201d\u2019\u00bb)]*_"
_SENTENCE_END = set(".!?\u2026:;\u3002\uff01\uff1f\u061f\u06d4")


def ends_sentence(text: str) -> bool:
    """Whether a line ends with sentence punctuation (closing quotes aside)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def has_letter(text: str) -> bool:
    """Whether text contains at least one letter of any script."""
    # str.isalpha() is exactly the general category L: most texts start
    # with a letter and need no look at the others.
    return text[:1].isalpha() or any(unicodedata.category(char)[0] == "L" for char in text)


def _is_rule(text: str) -> bool:
    if text[:1].isalpha():
        return False  # a letter (category L) first: text, not a rule
    return not any(unicodedata.category(char)[0] in "LN" for char in text)


class _Line:
    __slots__ = ("number", "start", "end", "full_end", "indent", "content_start",
                 "content_end", "bullet")

    def __init__(self, number: int, text: str, start: int, end: int, full_end: int) -> None:
        self.number = number
        self.start = start
        self.end = end
        self.full_end = full_end
        raw = text[start:end]
        stripped = raw.lstrip()
        self.indent = len(raw) - len(stripped)
        self.content_start = start + self.indent
        self.content_end = start + len(raw.rstrip())
        first = stripped[:1]
        # \d is str.isdecimal(): the Unicode category Nd.
        match = (_BULLET_RE.match(stripped) if first in _BULLET_FIRST or first.isdecimal()
                 else None)
        self.bullet = match.end() if match else 0


def segment_text(text: str) -> list[Segment]:
    """Cut a plain text document into segments (see the module's rules)."""
    start = 1 if text.startswith("\ufeff") else 0
    segments: list[Segment] = []
    block: list[_Line] = []
    for number, (s, e, f) in enumerate(split_lines(text), 1):
        if number == 1:
            s = max(s, start)
        # A line of white space only (as strip() sees it) ends a block.
        if e > s and not text[s:e].isspace():
            block.append(_Line(number, text, s, e, f))
        else:
            _segment_block(text, block, segments)
            block = []
    _segment_block(text, block, segments)
    return segments


def _segment_block(text: str, block: list[_Line], out: list[Segment]) -> None:
    if not block:
        return
    groups: list[tuple[str, list[_Line]]] = []
    current: list[_Line] = []
    current_kind = "paragraph"

    def flush() -> None:
        nonlocal current
        if current:
            groups.append((current_kind, current))
        current = []

    for line in block:
        content = text[line.content_start:line.content_end]
        if _is_rule(content):
            flush()
            continue
        if line.bullet:
            flush()
            current_kind = "list item"
        elif not current:
            current_kind = "paragraph"
        current.append(line)
    flush()

    for kind, lines in groups:
        if kind == "paragraph":
            for part_kind, part in _split_paragraph(text, lines):
                _emit(text, part_kind, part, out)
        else:
            _emit(text, kind, lines, out)


def _split_paragraph(text: str, lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    if len(lines) == 1:
        content = text[lines[0].content_start:lines[0].content_end]
        return [("paragraph" if ends_sentence(content) else "heading", lines)]
    contents = [text[line.content_start:line.content_end] for line in lines]
    if not ends_sentence(contents[-1]):
        return [("line", [line]) for line in lines]
    parts: list[tuple[str, list[_Line]]] = []
    widths = [line.content_end - line.start for line in lines]
    next_word = contents[1].split()[0]
    if (
        not ends_sentence(contents[0])
        and next_word[0].isupper()
        and widths[0] + 1 + len(next_word) <= max(widths)
        and widths[0] * 3 <= max(widths) * 2
    ):
        parts.append(("heading", lines[:1]))
        lines = lines[1:]
    parts.append(("paragraph", lines))
    return parts


def _emit(text: str, kind: str, lines: list[_Line], out: list[Segment]) -> None:
    first = lines[0]
    start = first.content_start + first.bullet
    pieces = [text[start:first.content_end]]
    pieces += [text[line.content_start:line.content_end] for line in lines[1:]]
    msgid = " ".join(pieces)
    if not has_letter(msgid):
        return
    eol = text[first.end:first.full_end] or "\n"
    if len(lines) > 1:
        second = lines[1]
        prefix = text[second.start:second.content_start]
        width = wrap_width([line.content_end - line.start for line in lines])
    else:
        prefix = text[first.start:start]
        prefix = "".join(c if c in " \t" else " " for c in prefix)
        width = 0
    layout = Layout(
        continuation=eol + prefix,
        width=width,
        first_column=start - first.start,
        flavour="text",
    )
    out.append(Segment(msgid=msgid, kind=kind, line=first.number, start=start,
                       end=lines[-1].content_end, layout=layout))


# ---------------------------------------------------------------------------
# The format


def lay_out_text(translation: str, layout: Layout) -> str:
    """The text that replaces a plain-text segment (and a Markdown front
    matter value on several lines, which is plain text too)."""
    return restore_links(lay_out_prose(translation, layout, _LINE_START_RE), layout)


class TextFormat:
    """Plain text documents (``.txt``): see the module's docstring."""

    name = "text"
    flavours = frozenset({"text"})
    inline_patterns: tuple[str, ...] = ()

    def segment(self, text: str, front_matter_keys: tuple[str, ...] = ()) -> list[Segment]:
        return segment_text(text)

    def lay_out(self, translation: str, layout: Layout) -> str:
        return lay_out_text(translation, layout)

    def check_inline(self, msgid: str, msgstr: str) -> InlineCheck:
        # Plain text has no markup of its own.
        return InlineCheck([], msgid, msgstr)

    def finish(self, text: str, document: object) -> str:
        return text

    def html(self, document, translation_of: Callable[[Segment], str | None],
             style: HtmlStyle) -> HtmlDocument:
        return html_text(document.segments, translation_of, style)


def html_text(segments: list[Segment], translation_of: Callable[[Segment], str | None],
              style: HtmlStyle) -> HtmlDocument:
    """A plain text release as a web page, from its segments: the title
    line (a heading first in the document) is the ``h1``, the other headings
    ``h2``, paragraphs ``p``, runs of list items a list, and a block of
    separate lines a paragraph with line breaks -- but the lines (or the one
    line) ending the document, a copyright or a signature, are the footer."""
    def text_of(segment: Segment) -> str:
        translated = translation_of(segment)
        return segment.msgid if translated is None else translated

    # Separate lines of one block are consecutive lines of the document.
    blocks: list[tuple[str, list[Segment]]] = []
    for segment in segments:
        last = blocks[-1] if blocks else None
        if last and last[0] == segment.kind and segment.kind in ("line", "list item") and (
                segment.kind == "list item" or last[1][-1].line + 1 == segment.line):
            last[1].append(segment)
        else:
            blocks.append((segment.kind, [segment]))
    title = ""
    description = ""
    body: list[str] = []
    footer = ""
    for index, (kind, members) in enumerate(blocks):
        if kind == "heading" and index == 0:
            title = " ".join(text_of(members[0]).split())
            body.append(f"<h1>{style.text(title)}</h1>")
        elif kind == "list item":
            items = "".join(f"<li>{style.text(text_of(item))}</li>" for item in members)
            body.append(f"<ul>{items}</ul>")
        elif kind in ("line", "heading") and index == len(blocks) - 1:
            # The last lines after the text: a copyright, a signature.
            footer = "<p>" + "<br>\n".join(style.text(text_of(line)) for line in members) + "</p>"
        elif kind == "heading":
            body.append(f"<h2>{style.text(text_of(members[0]))}</h2>")
        elif kind == "line":
            lines = "<br>\n".join(style.text(text_of(line)) for line in members)
            body.append(f"<p>{lines}</p>")
        else:
            text = text_of(members[0])
            if not description:
                description = summarize(text)
            body.append(f"<p>{style.text(text)}</p>")
    return HtmlDocument(title, description, "", "\n".join(body) + "\n", footer)


FORMAT = TextFormat()
