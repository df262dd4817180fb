"""Markdown documents, cut with a real CommonMark parser (markdown-it-py).

Segments: headings (ATX and setext), paragraphs, list items, block quotes,
table cells (GFM tables), and the YAML front matter values whose keys the
settings name.  Code blocks, HTML blocks, link reference definitions and front
matter keys stay in the skeleton.

The msgid keeps inline markup as Markdown (``*emphasis*``, ``[a link][1]``,
`` `code` ``, ``![alt text][2]``) so that translators can move it, but never a
link target: ``[text](https://example.org "Title")`` becomes ``[text][1]`` in
the msgid, and the build puts the destination back.  A soft line break becomes
a space; a hard line break (two trailing spaces or a backslash) becomes ``"\\n"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .base import HtmlDocument, InlineCheck, Layout, Segment, split_lines, summarize, wrap_width
from .inline import CODE_SPAN_RE
from .layout import restore_links, wrap
from .text import has_letter


def _recording(original: Any, kind: str) -> Any:
    """Wrap the link or image rule to record where inline links are."""

    def rule(state: Any, silent: bool) -> bool:
        start = state.pos
        if not original(state, silent):
            return False
        log = state.env.get("_links")
        if not silent and log is not None and state.src is log[0]:
            bracket = start if kind == "link" else start + 1
            label_end = state.md.helpers.parseLinkLabel(state, bracket, kind == "link")
            log[1].append((label_end, state.pos))
        return True

    return rule


class _Silent:
    """Stands in for a logger whose debug messages nobody reads."""

    @staticmethod
    def debug(*args: object) -> None:
        pass


def _silence_block_rules() -> None:
    """markdown-it-py's block rules log a debug message each time they are
    tried: hundreds of thousands of calls for a few hundred documents, a
    tenth of the parse, for messages that only show when the ``markdown_it``
    logger is set to DEBUG.  Unless it is, the rules get a silent logger."""
    import logging
    import sys

    import markdown_it.rules_block  # noqa: F401  (imported with markdown_it)

    if logging.getLogger("markdown_it").isEnabledFor(logging.DEBUG):
        return
    for name, module in list(sys.modules.items()):
        if name.startswith("markdown_it.rules_block.") and \
                isinstance(getattr(module, "LOGGER", None), logging.Logger):
            module.LOGGER = _Silent()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    _silence_block_rules()
    md = MarkdownIt("commonmark").enable("table")
    # The segments need the inline content of the blocks, not its tokens:
    # the few blocks whose line breaks may be hard ones are parsed inline
    # on demand (_hard_breaks), the links of a segment are found by its own
    # inline parse (_hide_link_targets).  This halves the parse.
    md.core.ruler.disable("inline")
    for name in ("link", "image"):
        for rule in md.inline.ruler.__rules__:
            if rule.name == name:
                md.inline.ruler.at(name, _recording(rule.fn, name))
    return md


class _Lines:
    """The document's lines, for going from line numbers to offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = split_lines(text)

    def content(self, index: int) -> tuple[int, int]:
        start, end, _ = self.spans[index]
        return start, end

    def eol(self, index: int) -> str:
        _, end, full = self.spans[index]
        return self.text[end:full] or "\n"


def segment_markdown(text: str, front_matter_keys: tuple[str, ...] = ()) -> list[Segment]:
    """Cut a Markdown document into segments, in document order."""
    lines = _Lines(text)
    segments: list[Segment] = []
    body = text
    front_end = _front_matter_end(text, lines)
    if front_end:
        segments.extend(_front_matter(text, lines, front_end, front_matter_keys))
        # Blank the front matter so the parser sees the same line numbers.
        cut = lines.spans[front_end - 1][2]
        body = "\n" * front_end + text[cut:]
    if body.startswith("\ufeff"):
        body = " " + body[1:]
    md = _parser()
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    containers: list[str] = []
    row: list[Token] = []
    row_line = -1
    previous: Token | None = None
    for token in tokens:
        if token.nesting == 1 and token.type in ("blockquote_open", "list_item_open"):
            containers.append(token.type)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        if token.type == "tr_open":
            row = []
            row_line = token.map[0] if token.map else -1
        elif token.type == "tr_close":
            segments.extend(_table_row(text, lines, row_line, row, env))
        elif token.type == "inline" and previous is not None:
            parent = previous
            if parent.type in ("th_open", "td_open"):
                row.append(token)
            elif parent.type == "heading_open":
                segment = _block_segment(text, lines, token, parent, "heading", env)
                if segment:
                    segments.append(segment)
            elif parent.type == "paragraph_open":
                kind = "paragraph"
                if containers:
                    kind = "list item" if containers[-1] == "list_item_open" else "blockquote"
                segment = _block_segment(text, lines, token, parent, kind, env)
                if segment:
                    segments.append(segment)
        previous = token
    return segments


# ---------------------------------------------------------------------------
# Paragraphs and headings


def _block_segment(text: str, lines: _Lines, inline: Token, parent: Token, kind: str,
                   env: dict[str, Any]) -> Segment | None:
    if not inline.map or not inline.content.strip():
        return None
    content_lines = inline.content.split("\n")
    first_index = inline.map[0]
    atx = parent.type == "heading_open" and parent.markup.startswith("#")
    hard = _hard_breaks(content_lines, inline, env)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    for offset, content in enumerate(content_lines):
        start, end = lines.content(first_index + offset)
        line_text = text[start:end]
        stripped = content.strip(" \t")
        if not stripped:
            return None
        position = _locate(line_text, stripped, atx)
        if position < 0:
            return None
        piece_end = position + len(stripped)
        if offset < len(hard) and hard[offset] == "\\":
            piece_end -= 1
        pieces.append(line_text[position:piece_end])
        spans.append((start + position, start + piece_end))
    # A line holding only a hard break leaves nothing to translate before it.
    while len(pieces) > 1 and not pieces[0]:
        pieces, spans, hard = pieces[1:], spans[1:], hard[1:]
        first_index += 1
    raw = ""
    for offset, piece in enumerate(pieces):
        if offset:
            raw += "\n" if hard[offset - 1] else " "
        raw += piece
    msgid, links = _hide_link_targets(raw, env)
    if not has_letter(msgid):
        return None
    seg_start = spans[0][0]
    seg_end = spans[-1][1]
    first_start, first_end = lines.content(first_index)
    prefix = text[first_start:seg_start]
    continuation_prefix = "".join(c if c in " \t>" else " " for c in prefix)
    width = wrap_width([end - start for start, end in
                        (lines.content(first_index + i) for i in range(len(pieces)))])
    hard_marker = next((marker for marker in hard if marker), "\\")
    # A rule or an underline below: the translation must not make it a table.
    after = first_index + len(pieces)
    next_line = ""
    if after < len(lines.spans):
        next_line = text[slice(*lines.content(after))].strip(" \t>")
        if "-" not in next_line or next_line.strip("|:- \t"):
            next_line = ""
    layout = Layout(
        continuation=lines.eol(first_index) + continuation_prefix,
        hard_break=hard_marker,
        width=width,
        first_column=seg_start - first_start,
        single_line=atx,
        flavour="markdown",
        links=links,
        next_line=next_line,
    )
    return Segment(msgid=msgid, kind=kind, line=first_index + 1, start=seg_start,
                   end=seg_end, layout=layout)


def _locate(line_text: str, stripped: str, atx: bool) -> int:
    """Where a line of inline content sits in its source line, or -1."""
    if atx:
        marks = len(line_text) - len(line_text.lstrip(" \t"))
        while marks < len(line_text) and line_text[marks] == "#":
            marks += 1
        return line_text.find(stripped, marks)
    trimmed = line_text.rstrip(" \t")
    if trimmed.endswith(stripped):
        return len(trimmed) - len(stripped)
    return line_text.find(stripped)


def _hard_breaks(content_lines: list[str], inline: Token, env: dict[str, Any]) -> list[str]:
    """For each line break of a block: "" (soft), "\\\\" or the spaces (hard)."""
    count = len(content_lines) - 1
    if count <= 0:
        return []
    markers: list[str] = []
    for content in content_lines[:-1]:
        trailing = len(content) - len(content.rstrip(" "))
        body = content.rstrip(" ")
        if trailing >= 2:
            markers.append(content[len(body):])
        elif trailing == 0 and body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2:
            markers.append("\\")
        else:
            markers.append("")
    if not any(markers):
        return markers  # no marker to drop, whatever the parser counts
    children: list[Token] = []
    md = _parser()
    md.inline.parse(inline.content, md, env, children)
    expected = sum(1 for child in children if child.type == "hardbreak")
    if sum(1 for marker in markers if marker) != expected:
        # A marker inside a code span is no line break: trust the parser's
        # count and drop the markers from the last ones backwards.
        for index in range(count - 1, -1, -1):
            if sum(1 for marker in markers if marker) <= expected:
                break
            markers[index] = ""
    return markers


def _hide_link_targets(raw: str, env: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Replace each ``(destination "title")`` of an inline link or image by a
    reference label the document does not use."""
    if "](" not in raw:
        return raw, ()
    md = _parser()
    log: tuple[str, list[tuple[int, int]]] = (raw, [])
    local_env = {"references": env.get("references", {}), "_links": log}
    md.inline.parse(raw, md, local_env, [])
    found = sorted(span for span in log[1] if raw.startswith("(", span[0] + 1))
    if not found:
        return raw, ()
    taken = {key.casefold() for key in env.get("references", {})}
    links: list[tuple[str, str]] = []
    out: list[str] = []
    position = 0
    number = 0
    for label_end, end in found:
        if label_end + 1 < position:
            continue
        number += 1
        while str(number) in taken or f"][{number}]" in raw:
            number += 1
        label = str(number)
        out.append(raw[position:label_end + 1])
        out.append(f"[{label}]")
        links.append((label, raw[label_end + 1:end]))
        position = end
    out.append(raw[position:])
    return "".join(out), tuple(links)


# ---------------------------------------------------------------------------
# Tables


def _split_row(line_text: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell's text in a GFM table row."""
    cells: list[tuple[int, int]] = []
    position = len(line_text) - len(line_text.lstrip(" \t"))
    if line_text.startswith("|", position):
        position += 1
    start = position
    index = position
    while index < len(line_text):
        char = line_text[index]
        if char == "\\":
            index += 2
            continue
        if char == "|":
            cells.append((start, index))
            start = index + 1
        index += 1
    if line_text[start:].strip():
        cells.append((start, len(line_text)))
    return cells


def _table_row(text: str, lines: _Lines, row_line: int, cells: list[Token],
               env: dict[str, Any]) -> list[Segment]:
    if row_line < 0:
        return []
    start, end = lines.content(row_line)
    line_text = text[start:end]
    out: list[Segment] = []
    for (cell_start, cell_end), token in zip(_split_row(line_text), cells):
        cell = line_text[cell_start:cell_end]
        stripped = cell.strip(" \t")
        if not stripped or not token.content.strip():
            continue
        position = cell_start + cell.find(stripped)
        msgid, links = _hide_link_targets(stripped, env)
        if not has_letter(msgid):
            continue
        layout = Layout(single_line=True, flavour="table", links=links,
                        first_column=position)
        out.append(Segment(msgid=msgid, kind="table cell", line=row_line + 1,
                           start=start + position, end=start + position + len(stripped),
                           layout=layout))
    return out


# ---------------------------------------------------------------------------
# YAML front matter


def _front_matter_end(text: str, lines: _Lines) -> int:
    """The number of lines of the front matter block (0 if there is none)."""
    if not lines.spans:
        return 0
    start, end = lines.content(0)
    if text[start:end].lstrip("\ufeff").rstrip() != "---":
        return 0
    for index in range(1, len(lines.spans)):
        s, e = lines.content(index)
        if text[s:e].rstrip() in ("---", "..."):
            return index + 1
    return 0


def _front_matter(text: str, lines: _Lines, count: int,
                  keys: tuple[str, ...]) -> list[Segment]:
    out: list[Segment] = []
    wanted = set(keys)
    index = 1
    while index < count - 1:
        start, end = lines.content(index)
        line_text = text[start:end]
        index += 1
        if not line_text or line_text[0] in " \t#-":
            continue
        key, colon, rest = line_text.partition(":")
        if not colon or key.strip() not in wanted or (rest and rest[0] not in " \t"):
            continue
        value = rest.strip()
        value_start = start + len(key) + 1 + (len(rest) - len(rest.lstrip()))
        if not value or value[0] in "|>":
            segment = _block_scalar(text, lines, index, count, key.strip(), value)
            if segment:
                out.append(segment)
            continue
        segment = _inline_scalar(text, key.strip(), value, value_start, index)
        if segment:
            out.append(segment)
    return out


def _inline_scalar(text: str, key: str, value: str, value_start: int, line: int) -> Segment | None:
    quote = value[0] if value[0] in "'\"" else ""
    if quote:
        close = _closing_quote(value, quote)
        if close < 0:
            return None
        inner = value[1:close]
        if quote == "'":
            msgid = inner.replace("''", "'")
        else:
            msgid = inner.replace('\\"', '"').replace("\\\\", "\\")
        span = close + 1
    else:
        comment = value.find(" #")
        plain = value[:comment] if comment >= 0 else value
        plain = plain.rstrip()
        msgid = plain
        span = len(plain)
    if not has_letter(msgid):
        return None
    layout = Layout(single_line=True, flavour="yaml", quote=quote)
    return Segment(msgid=msgid, kind=f"front matter {key}", line=line,
                   start=value_start, end=value_start + span, layout=layout)


def _closing_quote(value: str, quote: str) -> int:
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return -1


def _block_scalar(text: str, lines: _Lines, index: int, count: int, key: str,
                  indicator: str) -> Segment | None:
    """A value on the lines below its key: a block scalar (``|``/``>``) or an
    indented plain scalar."""
    members: list[int] = []
    while index < count - 1:
        start, end = lines.content(index)
        line_text = text[start:end]
        if line_text.strip() and line_text[0] not in " \t":
            break
        if line_text.strip():
            members.append(index)
        elif members:
            break
        index += 1
    if not members:
        return None
    texts = [text[slice(*lines.content(member))] for member in members]
    literal = indicator.startswith("|")
    msgid = ("\n" if literal else " ").join(line.strip() for line in texts)
    if not has_letter(msgid):
        return None
    indent = texts[0][:len(texts[0]) - len(texts[0].lstrip())]
    first_start = lines.content(members[0])[0]
    last_start = lines.content(members[-1])[0]
    layout = Layout(
        continuation=lines.eol(members[0]) + indent,
        width=0 if literal else wrap_width([len(line) for line in texts]),
        first_column=len(indent),
        flavour="text",
    )
    return Segment(msgid=msgid, kind=f"front matter {key}", line=members[0] + 1,
                   start=first_start + len(indent),
                   end=last_start + len(texts[-1].rstrip()), layout=layout)


# ---------------------------------------------------------------------------
# Laying out a translation

#: Words a wrapped Markdown line may not begin with.  With a letter or digit
#: in the word, only these can interrupt a paragraph: a heading, a quote, a
#: list item, a fence, an HTML block (rules, underlines and delimiter rows
#: are symbols only).
_MARKDOWN_LINE_START_RE = re.compile(r"(?:[#>=+*|<`~-]|\d{1,9}[.)])")

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
    wrapped = wrap(part, layout, _MARKDOWN_LINE_START_RE) if layout.width > 0 else [part]
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


def lay_out_markdown(translation: str, layout: Layout) -> str:
    """The text that replaces a Markdown segment: a paragraph, heading or
    list item (flavour ``markdown``), a table cell (``table``) or a front
    matter value (``yaml``)."""
    text = translation
    if layout.single_line or layout.flavour == "yaml":
        text = " ".join(part.strip() for part in text.split("\n"))
    if layout.flavour == "table":
        text = _TABLE_PIPE_RE.sub(r"\\|", text)
    elif layout.flavour == "yaml":
        text = _yaml_scalar(text, layout.quote)
    elif layout.single_line:
        # An ATX heading: a closing run of "#" would be taken for markup.
        text = _ATX_CLOSING_RE.sub(lambda match: "\\" + match.group(0), text)
        text = _keep_off_table(text, layout)
    else:
        text = _lay_out_markdown(text, layout)
    return restore_links(text, layout)


# ---------------------------------------------------------------------------
# Inline markup: what machine translation keeps, what check compares

#: Markdown's inline markup that a translation keeps as it is, and machine
#: translation turns into tokens.
INLINE_PATTERNS = (
    r"`+[^`]*?`+",                  # inline code
    r"!?\[(?=[^\]]*\]\[\d+\])",     # [ of [text][N] and ![alt][N]
    r"\]\[\d+\]",                   # ][N]
    r"<[A-Za-z/][^<>\n]*>",         # inline HTML and autolinks
    r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)",  # emphasis
)

_LINK_LABEL_RE = re.compile(r"\]\[([^\]\n]*)\]")
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
#: What check_inline's patterns (code spans, link labels and targets,
#: emphasis, HTML tags) each need at least one of.
_INLINE_CHARS_RE = re.compile(r"[`\]*_<]")
_HTML_TAG_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_STRONG_RE = re.compile(r"(?<!\\)(\*\*|__)")
_EMPHASIS_RE = re.compile(r"(?<![\\*\w])\*(?!\*)|(?<!\*)(?<!\\)\*(?![*\w])|(?<![\\\w])_(?!_)"
                          r"|(?<!_)(?<!\\)_(?![\w_])")


def check_inline(msgid: str, msgstr: str) -> InlineCheck:
    """Compare the Markdown markup of a translation with its msgid: inline
    code, link references and targets, emphasis markers and HTML tags.

    What is inside code spans is not markup, links or numbers, so the
    texts handed on to the shared checks have them (and the markup) blanked.
    """
    # Each pattern below needs one of these characters: texts with none of
    # them (most) have nothing to compare or blank.
    if not _INLINE_CHARS_RE.search(msgid) and not _INLINE_CHARS_RE.search(msgstr):
        return InlineCheck([], msgid, msgstr)
    from collections import Counter

    from .inline import differs

    problems: list[tuple[str, str]] = []
    source_code = Counter(match.group(2) for match in CODE_SPAN_RE.finditer(msgid))
    found_code = Counter(match.group(2) for match in CODE_SPAN_RE.finditer(msgstr))
    if source_code != found_code:
        problems.append(("inline-markup", "inline code differs: "
                         + differs(source_code, found_code)))
    source_text = CODE_SPAN_RE.sub(" ", msgid)
    translation = CODE_SPAN_RE.sub(" ", msgstr)
    links = Counter(_LINK_LABEL_RE.findall(source_text)) + Counter(
        _INLINE_LINK_RE.findall(source_text))
    found_links = Counter(_LINK_LABEL_RE.findall(translation)) + Counter(
        _INLINE_LINK_RE.findall(translation))
    if links != found_links:
        problems.append(("link", "link targets differ: " + differs(links, found_links)))
    source_text = _LINK_LABEL_RE.sub("] ", source_text)
    translation = _LINK_LABEL_RE.sub("] ", translation)
    marks = []
    for name, pattern in (("**", _STRONG_RE), ("*", _EMPHASIS_RE)):
        count, found = len(pattern.findall(source_text)), len(pattern.findall(translation))
        if count != found:
            marks.append(f"{found} emphasis marker(s) {name!r} where the msgid has {count}")
        source_text = pattern.sub(" ", source_text)
        translation = pattern.sub(" ", translation)
    tags = Counter(tag.lower() for tag in _HTML_TAG_RE.findall(source_text))
    found_tags = Counter(tag.lower() for tag in _HTML_TAG_RE.findall(translation))
    if tags != found_tags:
        marks.append("HTML tags differ: " + differs(tags, found_tags))
    if marks:
        problems.append(("inline-markup", "; ".join(marks)))
    return InlineCheck(problems, source_text, translation)


class MarkdownFormat:
    """Markdown documents (``.md``), CommonMark with GFM tables and YAML
    front matter: see the module's docstring."""

    name = "markdown"
    flavours = frozenset({"markdown", "table", "yaml"})
    inline_patterns = INLINE_PATTERNS

    def segment(self, text: str, front_matter_keys: tuple[str, ...] = ()) -> list[Segment]:
        return segment_markdown(text, front_matter_keys)

    def lay_out(self, translation: str, layout: Layout) -> str:
        return lay_out_markdown(translation, layout)

    def check_inline(self, msgid: str, msgstr: str) -> InlineCheck:
        return check_inline(msgid, msgstr)

    def finish(self, text: str, document: object) -> str:
        return text

    def html(self, document: Any, translation_of: Any, style: Any) -> HtmlDocument:
        return html_markdown(document, translation_of, style)


FORMAT = MarkdownFormat()


# ---------------------------------------------------------------------------
# Web pages


@lru_cache(maxsize=1)
def _html_renderer() -> MarkdownIt:
    """The parser of the segmenter (CommonMark and GFM tables), with render
    rules that write text as the site's style says (``env["style"]``)."""
    from html import escape

    md = MarkdownIt("commonmark").enable("table")

    def text(renderer: Any, tokens: list[Token], index: int, options: Any, env: dict) -> str:
        return env["style"].text(tokens[index].content)

    def code_inline(renderer: Any, tokens: list[Token], index: int, options: Any,
                    env: dict) -> str:
        direction = env["style"].code_dir
        attribute = f' dir="{direction}"' if direction else ""
        return f"<code{attribute}>{escape(tokens[index].content, quote=False)}</code>"

    def code_block(renderer: Any, tokens: list[Token], index: int, options: Any,
                   env: dict) -> str:
        token = tokens[index]
        direction = env["style"].code_dir
        attribute = f' dir="{direction}"' if direction else ""
        language = token.info.strip().split(" ")[0] if token.info else ""
        css = f' class="language-{escape(language)}"' if language else ""
        return f"<pre{attribute}><code{css}>{escape(token.content, quote=False)}</code></pre>\n"

    image_rule = md.renderer.rules["image"]

    def link_open(renderer: Any, tokens: list[Token], index: int, options: Any,
                  env: dict) -> str:
        _rewrite_url(tokens[index], "href", "link", env["style"])
        return renderer.renderToken(tokens, index, options, env)

    def image(renderer: Any, tokens: list[Token], index: int, options: Any, env: dict) -> str:
        _rewrite_url(tokens[index], "src", "image", env["style"])
        return image_rule(tokens, index, options, env)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image)
    md.add_render_rule("text", text)
    md.add_render_rule("code_inline", code_inline)
    md.add_render_rule("fence", code_block)
    md.add_render_rule("code_block", code_block)
    return md


def _rewrite_url(token: Token, attribute: str, kind: str, style: Any) -> None:
    """A link's or image's destination as the style's ``url`` writes it
    (inline, reference-style and autolinks alike: all are these tokens)."""
    url = getattr(style, "url", None)
    destination = token.attrGet(attribute)
    if url is None or destination is None:
        return
    written, attributes = url(str(destination), kind, token.meta.get("line"))
    token.attrSet(attribute, written)
    for name, value in attributes.items():
        token.attrSet(name, value)


def _number_links(tokens: list[Token], first_line: int) -> None:
    """Record in each link's and image's ``meta`` its line in the document
    (``first_line``: the line of the parsed text's first)."""
    for token in tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        line = first_line + token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("link_open", "image"):
                child.meta["line"] = line


def _plain(inline: Token) -> str:
    """The text of an inline token, its markup left out."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _front_matter_date(text: str, lines: _Lines, count: int) -> str:
    """The ``date`` of the front matter (its date part, ``YYYY-MM-DD``)."""
    import re

    for index in range(1, count - 1):
        start, end = lines.content(index)
        match = re.match(r"date:\s*[\"']?(\d{4}-\d{2}-\d{2})", text[start:end])
        if match:
            return match.group(1)
    return ""


def html_markdown(document: Any, translation_of: Any, style: Any) -> HtmlDocument:
    """A Markdown document with its translations as a web page: rendered by
    markdown-it-py (CommonMark and GFM tables, as it was segmented); the
    front matter gives the title, the description and the date, the first
    level-one heading the title when it has none."""
    text = document.render(translation_of)
    lines = _Lines(text)
    count = _front_matter_end(text, lines)
    date = _front_matter_date(text, lines, count) if count else ""
    fields: dict[str, str] = {}
    for segment in document.segments:
        if segment.kind.startswith("front matter "):
            translated = translation_of(segment)
            fields[segment.kind[len("front matter "):]] = " ".join(
                (segment.msgid if translated is None else translated).split())
    body_text = text[lines.spans[count - 1][2]:] if count else text
    md = _html_renderer()
    env = {"style": style}
    tokens = md.parse(body_text, env)
    if getattr(style, "url", None) is not None:
        _number_links(tokens, count + 1)
    title = fields.get("title", "")
    description = fields.get("description", "")
    starts_with_title = bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    if not title and starts_with_title:
        title = _plain(tokens[1])
    if not description:
        for index, token in enumerate(tokens):
            if token.type == "paragraph_open" and index + 1 < len(tokens):
                description = summarize(_plain(tokens[index + 1]))
                break
    body = md.renderer.render(tokens, md.options, env)
    if title and not starts_with_title:
        body = f"<h1>{style.text(title)}</h1>\n" + body
    return HtmlDocument(title, description, date, body)
