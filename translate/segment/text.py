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
from itertools import accumulate

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


#: A block: a run of non-blank lines (a line of white space only, as
#: ``str.isspace`` sees it, is blank) in a text whose lines end with "\n".
_BLOCK_RE = re.compile(r"[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")


def segment_text(text: str) -> list[Segment]:
    """Cut a plain text document into segments (see the module's rules)."""
    start = 1 if text.startswith("\ufeff") else 0
    segments: list[Segment] = []
    layouts: dict[tuple[str, int, int], Layout] = {}
    if "\r" in text:
        _segment_lines(text, start, segments, layouts)
        return segments
    # Only "\n" ends a line: each block found in one search.
    number = 1
    position = 0
    for match in _BLOCK_RE.finditer(text, start):
        block_start = match.start()
        number += text.count("\n", position, block_start)
        raws = match.group().split("\n")
        starts = list(accumulate([len(raw) + 1 for raw in raws[:-1]], initial=block_start))
        _segment_block(text, number, starts, raws, None, segments, layouts)
        number += len(raws) - 1
        position = match.end()
    return segments


def _segment_lines(text: str, start: int, segments: list[Segment],
                   layouts: dict[tuple[str, int, int], Layout]) -> None:
    """:func:`segment_text` line by line, for any line ending ("\r\n", "\r")."""
    starts: list[int] = []
    raws: list[str] = []
    eols: list[str] = []
    first = 1
    for number, (s, e, f) in enumerate(split_lines(text), 1):
        if number == 1:
            s = max(s, start)
        if e > s and not text[s:e].isspace():
            if not raws:
                first = number
            starts.append(s)
            raws.append(text[s:e])
            eols.append(text[e:f] or "\n")
        elif raws:
            _segment_block(text, first, starts, raws, eols, segments, layouts)
            starts, raws, eols = [], [], []
    if raws:
        _segment_block(text, first, starts, raws, eols, segments, layouts)


def _segment_block(text: str, number: int, starts: list[int], raws: list[str],
                   eols: list[str] | None, out: list[Segment],
                   layouts: dict[tuple[str, int, int], Layout]) -> None:
    """The segments of a block of non-blank lines (``raws``, from line
    ``number``, at offsets ``starts``, ended by ``eols``, or all by "\n"):
    its paragraphs (with their titles) and list items, or its separate
    lines."""
    contents = [raw.strip() for raw in raws]
    count = len(raws)
    if all(content[0].isalpha() for content in contents):
        # The usual block: every line starts with a letter, so none is a
        # rule or starts a list item, and the block is one paragraph.
        groups = [("paragraph", 0, count)]
        bullets = None
    else:
        groups = []
        bullets = [0] * count
        first = -1  # the line the current group starts at
        kind = "paragraph"
        for index, content in enumerate(contents):
            if _is_rule(content):
                if first >= 0:
                    groups.append((kind, first, index))
                first = -1
                continue
            head = content[0]
            # \d is str.isdecimal(): the Unicode category Nd.
            match = (_BULLET_RE.match(content) if head in _BULLET_FIRST or head.isdecimal()
                     else None)
            if match:
                bullets[index] = match.end()
                if first >= 0:
                    groups.append((kind, first, index))
                first = index
                kind = "list item"
            elif first < 0:
                first = index
                kind = "paragraph"
        if first >= 0:
            groups.append((kind, first, count))
    lines = _Lines(text, number, starts, raws, eols, contents, bullets, out, layouts)
    for kind, first, stop in groups:
        if kind == "paragraph":
            lines.paragraph(first, stop)
        else:
            lines.emit(kind, first, stop)


class _Lines:
    """The lines of one block, and the segments made of them."""

    __slots__ = ("text", "number", "starts", "raws", "eols", "contents", "bullets", "widths",
                 "out", "layouts")

    def __init__(self, text: str, number: int, starts: list[int], raws: list[str],
                 eols: list[str] | None, contents: list[str], bullets: list[int] | None,
                 out: list[Segment], layouts: dict[tuple[str, int, int], Layout]) -> None:
        self.text = text
        self.number = number
        self.starts = starts
        self.raws = raws
        self.eols = eols
        self.contents = contents
        self.bullets = bullets
        #: Columns from each line's start to the end of its content.
        self.widths = [len(raw.rstrip()) for raw in raws]
        self.out = out
        self.layouts = layouts

    def paragraph(self, first: int, stop: int) -> None:
        """Lines of text without a list marker: a paragraph (with its title
        line), a heading, or separate lines."""
        contents = self.contents
        if stop - first == 1:
            self.emit("paragraph" if ends_sentence(contents[first]) else "heading", first, stop)
            return
        if not ends_sentence(contents[stop - 1]):
            for index in range(first, stop):
                self.emit("line", index, index + 1)
            return
        widths = self.widths
        widest = max(widths[first:stop])
        next_word = contents[first + 1].split()[0]
        if (
            not ends_sentence(contents[first])
            and next_word[0].isupper()
            and widths[first] + 1 + len(next_word) <= widest
            and widths[first] * 3 <= widest * 2
        ):
            self.emit("heading", first, first + 1)
            first += 1
        self.emit("paragraph", first, stop)

    def emit(self, kind: str, first: int, stop: int) -> None:
        """The segment of lines ``first`` to ``stop`` (excluded)."""
        raws = self.raws
        contents = self.contents
        raw = raws[first]
        indent = len(raw) - len(raw.lstrip())
        bullet = self.bullets[first] if self.bullets is not None else 0
        several = stop - first > 1
        if bullet:
            head = contents[first][bullet:]
            msgid = " ".join([head, *contents[first + 1:stop]]) if several else head
        else:
            msgid = " ".join(contents[first:stop]) if several else contents[first]
        if not (msgid[:1].isalpha() or has_letter(msgid)):
            return
        eol = self.eols[first] if self.eols is not None else "\n"
        if several:
            second = raws[first + 1]
            prefix = second[:len(second) - len(second.lstrip())]
            width = wrap_width(self.widths[first:stop])
        else:
            prefix = "".join(c if c in " \t" else " " for c in raw[:indent + bullet])
            width = 0
        key = (eol + prefix, width, indent + bullet)
        layout = self.layouts.get(key)
        if layout is None:
            layout = self.layouts[key] = Layout(continuation=key[0], width=width,
                                                first_column=key[2], flavour="text")
        starts = self.starts
        self.out.append(Segment(msgid, kind, self.number + first, starts[first] + indent + bullet,
                                starts[stop - 1] + self.widths[stop - 1], layout))


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
