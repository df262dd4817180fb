"""Inline markup as XLIFF inline codes, and back, exactly.

A CAT tool protects inline codes: the translator moves them, but cannot
break them.  What a segment's markup is comes from its document format
(:attr:`translate.segment.base.DocumentFormat.inline_patterns`: Markdown's
code spans, emphasis, ``[text][N]`` link references, inline HTML) and from
the shared vocabulary (:data:`translate.segment.inline.PLACEHOLDER`), the
same spans machine translation protects.

A segment becomes a tree of :data:`Node` objects: text, standalone codes
(:class:`Ph`: a code span, a placeholder, a marker without its pair) and
paired codes (:class:`Pc`: ``**`` ... ``**``, ``[`` ... ``][1]``, ``<b>``
... ``</b>``) holding the text they wrap.  Each code has an id, numbered in
the order of the msgid, and its exact original text lives in a table of
:class:`Code` objects, so that a translation coming back with the codes in
another order is put back together byte for byte (:func:`join`).

Pairs are found with a stack, so they always nest as XML needs; a marker
that cannot be paired that way stays a standalone code.  A translation is
split the same way and its codes take the ids of the source's codes with the
same text, in order; markup the source does not have stays plain text, so
that writing a translation and reading it back always gives the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..segment import DocumentFormat
from ..segment.inline import PLACEHOLDER
from .safexml import XML_INVALID_RE

__all__ = ["Code", "Ph", "Pc", "Sc", "Ec", "Node", "split_source", "split_target", "join",
           "plain_text", "has_codes"]

#: HTML elements that never have a closing tag: a standalone code.
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HTML_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


@dataclass(frozen=True)
class Code:
    """An inline code of a segment.

    Attributes:
        id: Its id in the unit (``"1"``, ``"2"`` ...).
        kind: ``"ph"`` (standalone) or ``"pc"`` (a pair around text).
        text: The code as written (a pair's opening part).
        close: A pair's closing part ("" for a standalone code).
        ctype: What it is, as XLIFF 1.2 ``ctype`` names it: ``bold``,
            ``italic``, ``link``, ``x-code``, ``x-html``, ``x-placeholder``.
    """

    id: str
    kind: str
    text: str
    close: str = ""
    ctype: str = "x-placeholder"


@dataclass
class Ph:
    """A standalone code (XLIFF ``<ph>``/``<x>``); ``native`` is the original
    text the file gives with it, if any."""

    id: str
    native: str | None = None


@dataclass
class Pc:
    """A pair of codes around text (XLIFF 2.0 ``<pc>``, 1.2 ``<g>``)."""

    id: str
    children: list[Node] = field(default_factory=list)


@dataclass
class Sc:
    """The start of a pair written as two markers (2.0 ``<sc>``, 1.2
    ``<bx>``/``<bpt>``)."""

    id: str
    native: str | None = None


@dataclass
class Ec:
    """The end of a pair written as two markers (2.0 ``<ec startRef>``, 1.2
    ``<ex>``/``<ept>``)."""

    id: str
    native: str | None = None


Node = str | Ph | Pc | Sc | Ec

_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}

#: How the categories of a character class are written in one.
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def first_characters(source: str) -> re.Pattern[str] | None:
    """A character class holding the first character of every match of the
    regular expression ``source``: a text without any of them cannot hold a
    match, which one ``search`` of the class tells much faster than the
    pattern itself (an alternation of a dozen patterns, several behind
    look-behinds, is tried at every position of the text).

    Returns:
        The class, compiled; None when it cannot be worked out for certain
        (the pattern can match the empty string, ignores case, or begins
        with a negated class, ``.`` or a back-reference): then every text
        has to be searched.
    """
    try:
        from re import _constants as sre, _parser as parser  # noqa: PLC2701

        parsed = parser.parse(source)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return None
        items: list[str] = []

        def first(pattern) -> bool:
            """Add the first characters of a sequence; whether it can match
            the empty string."""
            for op, av in pattern:
                if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                    continue  # zero-width: the character comes after it
                if op is sre.LITERAL:
                    items.append(re.escape(chr(av)))
                    return False
                if op is sre.IN:
                    for kind, value in av:
                        if kind is sre.LITERAL:
                            items.append(re.escape(chr(value)))
                        elif kind is sre.RANGE:
                            items.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                        elif kind is sre.CATEGORY and str(value) in _CATEGORIES:
                            items.append(_CATEGORIES[str(value)])
                        else:
                            raise ValueError(kind)
                    return False
                if op is sre.SUBPATTERN:
                    if av[1] & (re.IGNORECASE | re.LOCALE):
                        raise ValueError(op)
                    if not first(av[3]):
                        return False
                    continue
                if op is sre.ATOMIC_GROUP:
                    if not first(av):
                        return False
                    continue
                if op is sre.BRANCH:
                    empty = False
                    for alternative in av[1]:
                        empty = first(alternative) or empty
                    if not empty:
                        return False
                    continue
                if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                    if not first(av[2]) and av[0] > 0:
                        return False
                    continue
                raise ValueError(op)  # ".", a negated literal, a back-reference...
            return True

        if first(parsed) or not items:
            return None
        return re.compile("[" + "".join(items) + "]")
    except Exception:  # an unexpected construct, or another Python's parser
        return None


def _pattern(fmt: DocumentFormat | None) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The inline markup of a format as one pattern, and the class of the
    characters its matches begin with (see :func:`first_characters`)."""
    key = fmt.name if fmt is not None else ""
    found = _PATTERNS.get(key)
    if found is None:
        sources = [*(fmt.inline_patterns if fmt is not None else ()), PLACEHOLDER,
                   XML_INVALID_RE.pattern]
        source = "|".join(f"(?:{source})" for source in sources)
        found = _PATTERNS[key] = (re.compile(source), first_characters(source))
    return found


@dataclass
class _Token:
    start: int
    end: int
    text: str
    key: str = ""          # what closes it (a pair's kind), "" for standalone
    can_open: bool = False
    can_close: bool = False
    ctype: str = "x-placeholder"


def _classify(text: str, match: re.Match[str]) -> _Token:
    value = match.group()
    token = _Token(match.start(), match.end(), value)
    if value.startswith("`"):
        token.ctype = "x-code"
    elif value in ("[", "!["):
        token.key, token.can_open, token.ctype = "link", True, "link"
    elif value.startswith("]["):
        token.key, token.can_close, token.ctype = "link", True, "link"
    elif value.startswith("<"):
        tag = _HTML_TAG_RE.match(value)
        token.ctype = "x-html"
        if tag and not value.endswith("/>") and tag.group(2).lower() not in _VOID_TAGS:
            token.key = "html:" + tag.group(2).lower()
            if tag.group(1):
                token.can_close = True
            else:
                token.can_open = True
    elif value in ("**", "__", "*", "_"):
        token.key = value
        token.ctype = "bold" if len(value) == 2 else "italic"
        before = text[token.start - 1] if token.start else " "
        after = text[token.end] if token.end < len(text) else " "
        token.can_open = not after.isspace()
        token.can_close = not before.isspace()
    return token


def _text_alone(nodes: list) -> bool:
    """Whether nodes are no node or one text: a segment without markup, the
    case that skips the general walks."""
    return not nodes or (len(nodes) == 1 and isinstance(nodes[0], str))


def _tree(text: str, fmt: DocumentFormat | None) -> list[Node | tuple]:
    """The segment as nodes whose codes are still anonymous: ``("ph", text,
    ctype)`` and ``("pc", open, close, ctype, children)``."""
    pattern, starts = _pattern(fmt)
    if starts is not None and starts.search(text) is None:
        return [text] if text else []  # most segments: no markup at all
    tokens = [_classify(text, match) for match in pattern.finditer(text) if match.group()]
    stack: list[int] = []
    partner: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.can_close and stack and tokens[stack[-1]].key == token.key:
            partner[stack.pop()] = index
        elif token.can_open:
            stack.append(index)
    return _build(text, tokens, partner, 0, len(tokens), 0, len(text))


# The recursive helpers below are module functions, not closures: a closure
# that calls itself is a reference cycle, and thousands of segments would
# leave thousands of them for the cycle collector.

def _build(text: str, tokens: list[_Token], partner: dict[int, int], first: int, last: int,
           start: int, end: int) -> list[Node | tuple]:
    """The nodes of ``text[start:end]``, which holds ``tokens[first:last]``."""
    nodes: list[Node | tuple] = []
    position = start
    index = first
    while index < last:
        token = tokens[index]
        if token.start > position:
            nodes.append(text[position:token.start])
        if index in partner:
            closer = tokens[partner[index]]
            inner = _build(text, tokens, partner, index + 1, partner[index], token.end,
                           closer.start)
            nodes.append(("pc", token.text, closer.text, token.ctype, inner))
            position = closer.end
            index = partner[index] + 1
            continue
        nodes.append(("ph", token.text, token.ctype))
        position = token.end
        index += 1
    if end > position:
        nodes.append(text[position:end])
    return nodes


def split_source(text: str, fmt: DocumentFormat | None) -> tuple[list[Node], dict[str, Code]]:
    """A source segment as nodes, and its codes by id.

    Args:
        text: The msgid.
        fmt: The format of its document (None: placeholders only).
    """
    codes: dict[str, Code] = {}
    tree = _tree(text, fmt)
    if _text_alone(tree):
        return tree, codes  # no markup: the text itself
    return _name_source(tree, codes), codes


def _name_source(nodes: list[Node | tuple], codes: dict[str, Code]) -> list[Node]:
    """Give the anonymous codes of a source tree their ids, in order."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        code_id = str(len(codes) + 1)
        if node[0] == "ph":
            codes[code_id] = Code(code_id, "ph", node[1], "", node[2])
            out.append(Ph(code_id))
        else:
            codes[code_id] = Code(code_id, "pc", node[1], node[2], node[3])
            out.append(Pc(code_id, _name_source(node[4], codes)))
    return out


def split_target(text: str, fmt: DocumentFormat | None, codes: dict[str, Code]) -> list[Node]:
    """A translation as nodes that use the source's codes.

    Each code of the translation takes the id of the first unused source code
    of the same kind and text; markup the source does not have is plain text.
    """
    tree = _tree(text, fmt)
    if _text_alone(tree):
        return tree  # no markup: one text node at most, as _append_text makes it
    free: dict[tuple[str, str, str], list[str]] = {}
    for code in codes.values():
        free.setdefault((code.kind, code.text, code.close), []).append(code.id)
    return _name_target(tree, free)


def _name_target(nodes: list[Node | tuple], free: dict[tuple[str, str, str], list[str]]
                 ) -> list[Node]:
    """Give the codes of a translation's tree the ids of the source's (those
    still ``free``), or make them text."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            _append_text(out, node)
        elif node[0] == "ph":
            ids = free.get(("ph", node[1], ""))
            if ids:
                out.append(Ph(ids.pop(0)))
            else:
                _append_text(out, node[1])
        else:
            ids = free.get(("pc", node[1], node[2]))
            if ids:
                out.append(Pc(ids.pop(0), _name_target(node[4], free)))
            else:
                _append_text(out, node[1])
                for child in _name_target(node[4], free):
                    if isinstance(child, str):
                        _append_text(out, child)
                    else:
                        out.append(child)
                _append_text(out, node[2])
    return out


def _append_text(nodes: list[Node], text: str) -> None:
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] += text
    elif text:
        nodes.append(text)


def join(nodes: list[Node], codes: dict[str, Code]) -> tuple[str, list[str]]:
    """The text of nodes, with every code's original text put back.

    Args:
        nodes: A unit's source or target as read from a file.
        codes: The codes of the source segment, by id.

    Returns:
        The text, and what is wrong with the codes: a code of the source
        missing (lost), used twice, unknown, used as the wrong kind, or the
        end of a pair before its start.  Codes unknown to ``codes`` are
        written with the original text the file gives, when it gives one.
    """
    if not codes and _text_alone(nodes):
        return (nodes[0] if nodes else ""), []  # text alone, as most segments are
    problems: list[str] = []
    used: dict[str, int] = {}
    out: list[str] = []
    _join_walk(nodes, codes, out, problems, used, set())
    for code_id in codes:
        count = used.get(code_id, 0)
        if count == 0:
            problems.append(f"code {code_id!r} ({codes[code_id].text!r}) is missing")
        elif count > 1:
            problems.append(f"code {code_id!r} ({codes[code_id].text!r}) is used {count} times")
    return "".join(out), problems


def _join_walk(items: list[Node], codes: dict[str, Code], out: list[str], problems: list[str],
               used: dict[str, int], opened: set[str]) -> None:
    """Append the text of ``items`` to ``out`` (see :func:`join`), counting
    the codes ``used`` and reporting ``problems``."""
    for node in items:
        if isinstance(node, str):
            out.append(node)
            continue
        code = codes.get(node.id)
        if isinstance(node, Pc):
            used[node.id] = used.get(node.id, 0) + 1
            if code is None or code.kind != "pc":
                problems.append(f"code {node.id!r} is not a pair in the source")
                _join_walk(node.children, codes, out, problems, used, opened)
                continue
            out.append(code.text)
            _join_walk(node.children, codes, out, problems, used, opened)
            out.append(code.close)
            continue
        if code is None:
            problems.append(f"code {node.id!r} is not in the source")
            if node.native is not None:
                out.append(node.native)
            continue
        if isinstance(node, Ph):
            used[node.id] = used.get(node.id, 0) + 1
            if code.kind != "ph":
                problems.append(f"code {node.id!r} is a pair in the source")
                out.append(code.text + code.close)
            else:
                out.append(code.text)
        elif isinstance(node, Sc):
            used[node.id] = used.get(node.id, 0) + 1
            opened.add(node.id)
            out.append(code.text if code.kind == "pc" else code.text)
        else:
            if node.id not in opened:
                problems.append(f"the end of code {node.id!r} comes before its start")
            out.append(code.close if code.kind == "pc" else "")


def plain_text(nodes: list[Node]) -> str:
    """The text of nodes with each code's original text where the file gives
    it (third-party files, whose codes are not ours), and nothing where it
    does not."""
    if _text_alone(nodes):
        return nodes[0] if nodes else ""
    out: list[str] = []
    _plain_walk(nodes, out)
    return "".join(out)


def _plain_walk(items: list[Node], out: list[str]) -> None:
    for node in items:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Pc):
            _plain_walk(node.children, out)
        elif node.native is not None:
            out.append(node.native)


def has_codes(nodes: list[Node]) -> bool:
    """Whether nodes hold any code."""
    return any(not isinstance(node, str) for node in nodes)
