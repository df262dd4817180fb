"""A quick test that clears a page html5lib would parse without an error.

html5lib runs the HTML5 parsing algorithm in pure Python: on a site of a
thousand pages it is most of ``translate check``'s time.  Most pages are as
``translate publish`` wrote them: strictly nested, every element closed, a
small vocabulary of elements.  :func:`clearly_well_formed` recognises such
pages with a regular-expression tokenizer and a stack: when it says True,
html5lib reports no parse error on the page (the reasons are below, rule by
rule, after html5lib's ``html5parser.py`` and ``_tokenizer.py``); when it
says False, nothing is known and html5lib parses the page, so the finding
(its first error, its position, the count) is always html5lib's own.

The test is conservative by construction: whatever it does not know to be
safe (an element outside :data:`_PHRASING`/:data:`_FLOW`, a character
reference other than a few, an attribute without quotes, an implicit end
tag, a comment with ``--``) makes it give up, never guess.
"""

from __future__ import annotations

import re
from html import unescape

__all__ = ["clearly_well_formed", "scan_page", "Tag"]

_WS = " \t\n\r\x0c"
#: Characters html5lib's input stream reports (``invalid-codepoint``) or
#: that make the tokenizer report (NUL), and the form feed and lone
#: surrogates, which this test does not care to reason about.
_BAD_CHAR_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufeff\ud800-\udfff\ufffe\uffff]")
#: The same outside the BMP (the last two code points of each plane), looked
#: for only in a text that has such characters: in one character class with
#: the others, they make the search six times slower on every page.
_BAD_ASTRAL_RE = re.compile(
    "[" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                  for plane in range(1, 17)) + "]")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
#: A character reference html5lib resolves without an error.
_REF_RE = re.compile(r"&(?:(?:amp|lt|gt|quot|apos|nbsp);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});)")
#: One token: a comment, a doctype, an end tag, a start tag (double-quoted
#: attribute values, each attribute after whitespace), or a ``<`` that is
#: none of these (then the test gives up).
_TOKEN_RE = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|<!(?P<doctype>[^<>]*)>"
    r"|</(?P<end>[a-zA-Z][a-zA-Z0-9]*)>"
    r"|<(?P<start>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:[ \t\n\r\x0c]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"<]*\")?)*)"
    r"[ \t\n\r\x0c]*(?P<solidus>/?)>"
    r"|<", re.S)
#: One attribute of the attributes _TOKEN_RE matched (the value consumed,
#: so that its words are not taken for names).
_ATTR_NAME_RE = re.compile(r"[ \t\n\r\x0c]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"[^\"<]*\")?")
#: The same, with the value.
_ATTR_RE = re.compile(r"[ \t\n\r\x0c]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"<]*)\")?")
_DOCTYPE_RE = re.compile(r"(?i:doctype) (?i:html)")

#: Elements html5lib's "in body" mode inserts with no error and no implied
#: end tag whatever is open ("any other start tag", the formatting elements
#: and ``a``), which a ``p`` may hold.
_PHRASING = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp "
                      "small span strong sub sup time u var".split())
#: Void elements that are phrasing (``startTagVoidFormatting``).
_PHRASING_VOID = frozenset({"br", "img", "wbr"})
#: Elements that close an open ``p`` (``startTagCloseP``, the headings,
#: ``pre``, the list items): allowed only when no ``p`` is open.
_FLOW = frozenset("address article aside blockquote details div dl figcaption figure footer "
                  "header hgroup main nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre "
                  "li dd dt".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Elements of the head, void (``base``, ``link``, ``meta``) or whose text
#: runs to their end tag (``title``: RCDATA; ``style``: RAWTEXT).
_HEAD_VOID = frozenset({"base", "link", "meta"})
_HEAD_TEXT = frozenset({"title", "style"})
#: What ends a title or style: the first "appropriate end tag".
_CLOSE_RE = {name: re.compile(rf"</{name}[ \t\n\r\x0c/>]", re.I) for name in _HEAD_TEXT}


def _text_ok(text: str, references: bool = True) -> bool:
    """Text html5lib reads without an error: no bad character, and every
    ``&`` the start of a reference it resolves cleanly."""
    if _BAD_CHAR_RE.search(text) or (_ASTRAL_RE.search(text) and _BAD_ASTRAL_RE.search(text)):
        return False
    if not references or "&" not in text:
        return True
    count = 0
    for match in _REF_RE.finditer(text):
        count += 1
        decimal, hexadecimal = match.groups()
        if decimal is not None or hexadecimal is not None:
            value = int(decimal) if decimal is not None else int(hexadecimal, 16)
            # What consumeNumberEntity accepts without a parse error (and
            # without the C1, CR and form feed replacements it reports).
            if not (value in (0x09, 0x0A) or 0x20 <= value <= 0x7E
                    or 0xA0 <= value <= 0xD7FF or 0xE000 <= value <= 0xFDCF
                    or 0xFDF0 <= value <= 0xFFFD
                    or (0x10000 <= value <= 0x10FFFF and value & 0xFFFE != 0xFFFE)):
                return False
    return count == text.count("&")


def clearly_well_formed(text: str) -> bool:
    """Whether a page is certainly well formed as html5lib reads it.

    True means ``html5lib.HTMLParser().parse(text)`` reports no error; False
    means only that this quick test cannot tell (html5lib must parse it).

    The page must be ``<!DOCTYPE html>``, ``<html>``, ``<head>`` holding only
    ``meta``, ``link``, ``base``, ``title`` and ``style`` (and whitespace,
    comments), ``</head>``, ``<body>``, strictly nested elements of
    :data:`_PHRASING` and :data:`_FLOW` (plus ``br``, ``img``, ``wbr``,
    ``hr``) each closed by its own end tag, ``</body>``, ``</html>``.  Under
    those rules no insertion mode of html5lib meets a token it reports:
    no implied end tag is ever generated (a flow element never opens inside
    a ``p``, a heading never inside a heading, ``a`` never inside ``a``,
    ``li`` only right in ``ul``/``ol``, ``dd``/``dt`` only right in
    ``dl``), every end tag closes the current node, the adoption agency
    always finds its formatting element as the current node, and ``</body>``
    finds only ``html`` and ``body`` open.
    """
    return _scan(text, None)


#: A tag as Python's ``html.parser`` reports it: (name, attributes in order
#: with their values unescaped, line); the attributes are None for an end tag.
Tag = tuple[str, "list[tuple[str, str]] | None", int]


def scan_page(text: str) -> tuple[bool, list[Tag] | None]:
    """:func:`clearly_well_formed`, and the tags of the page it clears.

    Returns:
        Its verdict, and, when True, the page's start and end tags as
        ``html.parser.HTMLParser`` would report them (names in lower case, a
        void element written ``<br/>`` as a start and an end tag), so that a
        page cleared needs no second parser; None when the verdict is False,
        or when that parser would see tags this test reads as text (a ``<``
        inside the title, whose text html5lib reads as RCDATA).
    """
    tags: list[Tag] = []
    if not _scan(text, tags):
        return False, None
    return True, (tags if tags and tags[-1] is not None else None)


def _scan(text: str, tags: list[Tag | None] | None) -> bool:
    """:func:`clearly_well_formed`, appending the tags to ``tags`` when it
    is a list (a last None: the tags are not what html.parser sees)."""
    # Bad characters and references, in text and attribute values alike
    # (a title holds RCDATA, read the same way; a style sheet with "&" is
    # left to html5lib).
    if not _text_ok(text):
        return False
    mode = "initial"
    stack: list[str] = []
    previous = 0
    line = 1
    counted = 0  # the offset up to which line counts the line ends
    for match in _TOKEN_RE.finditer(text):
        start = match.start()
        if start < previous:
            if match.end() > previous:
                return False  # a token across the end of a title: give up
            continue  # inside a title or style sheet already read
        if mode != "body" and text[previous:start].strip(_WS):
            return False  # text outside the body: html5lib moves or reports it
        previous = match.end()
        comment, doctype, end, name, attrs, solidus = match.groups()
        if comment is not None:
            # Comments are inserted without an error in every mode, unless
            # html5lib's comment states report these.
            if ("--" in comment or comment.startswith((">", "->")) or comment.endswith("-")
                    or "<!--" in comment):
                return False
            continue
        if doctype is not None:
            if mode != "initial" or not _DOCTYPE_RE.fullmatch(doctype):
                return False
            mode = "before-html"
            continue
        if tags is not None:
            line += text.count("\n", counted, start)
            counted = start
        if end is not None:
            end = end.lower()
            if tags is not None:
                tags.append((end, None, line))
            if mode == "body":
                if not stack or stack[-1] != end:
                    return False
                stack.pop()
                if end == "body":
                    if stack:
                        return False
                    mode = "after-body"
            elif mode == "head" and end == "head":
                mode = "after-head"
            elif mode == "after-body" and end == "html":
                mode = "after-after-body"
            else:
                return False
            continue
        if name is None:
            return False  # a "<" that starts no token this test knows
        name = name.lower()
        if tags is not None:
            pairs = [(key.lower(), unescape(value) if "&" in value else value)
                     for key, value in _ATTR_RE.findall(attrs)] if attrs else []
            if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
                return False  # duplicate-attribute
            tags.append((name, pairs, line))
            if solidus:
                tags.append((name, None, line))
        elif attrs:
            names = [found.lower() for found in _ATTR_NAME_RE.findall(attrs)]
            if len(set(names)) != len(names):
                return False  # duplicate-attribute
        if mode == "body":
            if name in _PHRASING:
                if solidus or name == "a" and "a" in stack:
                    return False
                stack.append(name)
            elif name in _PHRASING_VOID:
                pass  # void: a trailing solidus is acknowledged
            elif name == "hr":
                if "p" in stack:
                    return False  # it would close the open p
            elif solidus or name not in _FLOW or "p" in stack:
                # not a known element, a non-void-element-with-trailing-
                # solidus, or a flow element that would close the open p
                return False
            elif name in _HEADINGS and any(open_ in _HEADINGS for open_ in stack):
                return False
            elif name == "li" and stack[-1] not in ("ul", "ol"):
                return False
            elif (name == "dd" or name == "dt") and stack[-1] != "dl":
                return False
            else:
                stack.append(name)
        elif mode == "head":
            if name in _HEAD_VOID:
                continue
            if name not in _HEAD_TEXT or solidus:
                return False
            # title (RCDATA) and style (RAWTEXT) run to their end tag.
            close = _CLOSE_RE[name].search(text, previous)
            if close is None or text[close.end() - 1] != ">":
                return False
            if name == "style" and "&" in text[previous:close.start()]:
                return False  # not a reference there: _text_ok's count was wrong
            if tags is not None:
                if name == "title" and "<" in text[previous:close.start()]:
                    tags.append(None)  # html.parser reads tags in a title
                    tags = None
                else:
                    tags.append((name, None, line + text.count("\n", start, close.start())))
            previous = close.end()
        elif solidus:
            return False
        elif mode == "before-html" and name == "html":
            mode = "before-head"
        elif mode == "before-head" and name == "head":
            mode = "head"
        elif mode == "after-head" and name == "body":
            mode = "body"
            stack.append("body")
        else:
            return False
    return mode == "after-after-body" and not text[previous:].strip(_WS)
