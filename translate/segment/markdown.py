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

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import Layout, Segment, split_lines, wrap_width
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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
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
    hard = _hard_breaks(content_lines, inline)
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


def _hard_breaks(content_lines: list[str], inline: Token) -> list[str]:
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
    expected = sum(1 for child in inline.children or () if child.type == "hardbreak")
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
