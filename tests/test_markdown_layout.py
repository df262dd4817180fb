"""Laying out a translation in a Markdown document: escape only what would
really change the block structure (issue 10, item 3).

A translated line is escaped with a backslash only when, in its place (first
line of a paragraph, or a continuation line after the lines above it), it
would start or interrupt a block as CommonMark (markdown-it-py) reads it; a
line that merely begins with inline markup (``***strong***``, ``<span>``, an
autolink) keeps its markup.  Wrapping, free to choose its breaks, keeps
every word that might start a block off a line start, and escapes nothing.

The property: for generated Markdown and translations that keep the source's
inline markup (a prefix word, a suffix word, upper-cased and repeated plain
words), the built document parses to the same block tokens and the same
inline markup as the source, with no backslash added.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from translate.segment import Document, Layout, Segment, lay_out, parse_document

MD = MarkdownIt("commonmark").enable("table")

QUOTED = [
    "***Fork the repo:*** then clone it.",
    '<span class="x">Note:</span> read this.',
    "<https://example.org> is the site.",
]


def build(source: str, translation: str | Callable[[Segment], str]) -> str:
    """The document built from a one-segment (or any) Markdown source."""
    document = parse_document("doc.md", source)
    if isinstance(translation, str):
        return document.render(lambda segment: translation)
    return document.render(translation)


def blocks(text: str) -> list[tuple[str, str, int, int, bool]]:
    """The block tokens of a Markdown text: type, tag, nesting, level, hidden."""
    return [(t.type, t.tag, t.nesting, t.level, t.hidden) for t in MD.parse(text)
            if t.type != "inline"]


def inline_markup(text: str) -> list[list[tuple[str, str]]]:
    """Per inline block, the markup tokens in order (text and soft breaks left
    out), with the content that must survive (HTML, code, link targets)."""
    out = []
    for token in MD.parse(text):
        if token.type != "inline":
            continue
        markup = []
        for child in token.children or ():
            if child.type in ("text", "softbreak"):
                continue
            # A line break inside a tag or a code span is a space.
            detail = (" ".join(child.content.split())
                      if child.type in ("html_inline", "code_inline") else "")
            if child.type == "link_open":
                detail = str(child.attrs.get("href", ""))
            markup.append((child.type, detail))
        out.append(markup)
    return out


# ---------------------------------------------------------------------------
# Lines that begin with inline markup keep it


@pytest.mark.parametrize("line", QUOTED)
def test_inline_markup_at_the_start_of_a_paragraph_is_not_escaped(line: str) -> None:
    source = "A paragraph to translate.\n"
    built = build(source, line)
    assert built == line + "\n"
    assert inline_markup(built) == inline_markup(line + "\n")


@pytest.mark.parametrize("line", QUOTED)
def test_inline_markup_after_a_hard_break_is_not_escaped(line: str) -> None:
    source = "One line,\\\nand the next.\n"
    built = build(source, "Une ligne,\n" + line)
    assert built == "Une ligne,\\\n" + line + "\n"
    assert blocks(built) == blocks(source)


@pytest.mark.parametrize("line", QUOTED)
def test_inline_markup_at_the_start_of_a_line_in_wrapped_prose_is_not_escaped(line: str) -> None:
    # A source wrapped at 52 columns: the translation is wrapped to 52 too,
    # and its line after the hard break is a continuation line.
    source = ("A source paragraph that is wrapped to fifty columns\\\n"
              "so that its translation is wrapped the same way, ok.\n")
    filler = "Une ligne de traduction qui remplit juste cinquante"
    tail = "et encore des mots pour remplir une ligne entière."
    built = build(source, filler + " " + filler + "\n" + line + " " + tail)
    assert built.startswith(filler + "\n" + filler + "\\\n" + line + " ")
    assert blocks(built) == blocks(source)
    assert inline_markup(built) == inline_markup(filler + "\\\n" + line)
    assert built.count("\\") == 1


@pytest.mark.parametrize("line", QUOTED)
def test_inline_markup_keeps_inside_containers(line: str) -> None:
    for source, prefix, continuation in (("- An item to translate.\n", "- ", "  "),
                                         ("> A quote,\\\n> to translate.\n", "> ", "> ")):
        built = build(source, line + "\n" + line)
        assert built == prefix + line + "\\\n" + continuation + line + "\n"
        assert blocks(built) == blocks(source)


@pytest.mark.parametrize("line", [
    "<em>word</em> first",          # a lone complete tag is condition 7 only alone
    "<span>x</span>",
    "```code``` in a span",          # a backtick fence's info may not hold a backtick
    "#hashtag and more",
    "-x is no list item",
    "+1 vote",
    "1986 was a year",
    "| a | b |",
    "=== is no underline on a first line",
    "***not a rule***",
    "_ _ x",
])
def test_first_lines_that_start_no_block_are_not_escaped(line: str) -> None:
    assert build("A paragraph to translate.\n", line) == line + "\n"


@pytest.mark.parametrize("line", [
    "1986. was a year",              # only a list starting at 1 interrupts a paragraph
    "2) x",
    "<span>",                        # condition 7 cannot interrupt a paragraph
    "<em>word</em>",
    "[x]: /url",                     # nor can a link reference definition
    "| a | b |",
    "|---|---|",                     # no table: the line above holds no pipe
    "#hashtag",
    "***Fork***",
])
def test_continuation_lines_that_interrupt_nothing_are_not_escaped(line: str) -> None:
    built = build("One line,\\\nand the next.\n", "Une ligne,\n" + line)
    assert built == "Une ligne,\\\n" + line + "\n"


# ---------------------------------------------------------------------------
# What really would change the structure is still escaped


@pytest.mark.parametrize(("line", "escaped"), [
    ("# x", "\\# x"),
    ("#", "\\#"),
    ("1. x", "1\\. x"),
    ("1986. was a year", "1986\\. was a year"),  # any number starts a list at a block start
    ("2) x", "2\\) x"),
    ("- x", "\\- x"),
    ("+ x", "\\+ x"),
    ("* x", "\\* x"),
    ("> x", "\\> x"),
    (">x", "\\>x"),
    ("***", "\\***"),
    ("* * *", "\\* * *"),
    ("___", "\\___"),
    ("---", "\\---"),
    ("<div>x</div>", "\\<div>x</div>"),
    ("<span>", "\\<span>"),          # a lone complete tag starts an HTML block
    ("<!-- x --> y", "\\<!-- x --> y"),
    ("```js", "\\```js"),
    ("~~~", "\\~~~"),
    ("[x]: /url", "[x]\\: /url"),   # the link stays a link: only the colon is escaped
    ("    x", "x"),                  # indentation would make a code block
])
def test_first_lines_that_start_a_block_are_escaped(line: str, escaped: str) -> None:
    source = "A paragraph to translate.\n"
    built = build(source, line)
    assert built == escaped + "\n"
    assert blocks(built) == blocks(source)


@pytest.mark.parametrize(("lines", "escaped"), [
    ("a\n# x", "a\\\n\\# x"),
    ("a\n1. x", "a\\\n1\\. x"),
    ("a\n1) x", "a\\\n1\\) x"),
    ("a\n- x", "a\\\n\\- x"),
    ("a\n-", "a\\\n\\-"),            # a setext underline
    ("a\n===", "a\\\n\\==="),
    ("a\n> x", "a\\\n\\> x"),
    ("a\n***", "a\\\n\\***"),
    ("a\n<div>", "a\\\n\\<div>"),
    ("a\n</p> x", "a\\\n\\</p> x"),
    ("a\n<!-- x -->", "a\\\n\\<!-- x -->"),
    ("a\n```", "a\\\n\\```"),
    ("a | b\n|---|---|", "a | b\\\n\\|---|---|"),  # a table delimiter row
    ("a | b\n--- | ---", "a | b\\\n\\--- | ---"),
])
def test_continuation_lines_that_interrupt_a_paragraph_are_escaped(lines: str,
                                                                   escaped: str) -> None:
    source = "One line,\\\nand the next.\n"
    built = build(source, lines)
    assert built == escaped + "\n"
    assert blocks(built) == blocks(source)


def test_escaping_applies_to_the_content_after_the_container_prefix() -> None:
    assert build("- An item.\n", "- x\n1. y") == "- \\- x\\\n  1\\. y\n"
    assert build("> A quote.\n", "> x\n# y") == "> \\> x\\\n> \\# y\n"
    assert build("1. An item.\n", "2) x") == "1. 2\\) x\n"
    source = "- An item,\\\n  continued.\n"
    assert blocks(build(source, "<div>\n* * *")) == blocks(source)


def test_symbols_after_a_list_marker_do_not_make_a_rule() -> None:
    # "* " then "**" is "* **", a thematic break.
    for source, translation, built in (("* An item.\n", "**", "* \\**\n"),
                                       ("- An item.\n", "--", "- \\--\n")):
        assert build(source, translation) == built
        assert blocks(built) == blocks(source)


def test_a_multi_line_link_reference_definition_is_escaped() -> None:
    # "[x]:" then the destination on the next line would define a reference.
    source = "One line,  \nand the next.\n"
    built = build(source, "[x]:\n/url")
    assert blocks(built) == blocks(source)
    assert built == "[x]\\:  \n/url\n"


def test_an_empty_line_in_a_translation_does_not_end_the_paragraph() -> None:
    source = "One line,  \nand the next.\n"
    built = build(source, "Une ligne,\n\net la suivante.")
    assert blocks(built) == blocks(source)
    assert built == "Une ligne,  \n\\\net la suivante.\n"


def test_a_closing_sequence_in_an_atx_heading_translation_is_escaped() -> None:
    built = build("# A title\n", "Le titre en C #")
    assert built == "# Le titre en C \\#\n"
    assert MD.parse(built)[1].content == "Le titre en C \\#"
    assert build("# A title\n", "Le #1") == "# Le #1\n"


@pytest.mark.parametrize("source", [
    "# A title\n---\n",                  # markdown-it-py tries tables first
    "A title\n---\n",
    "- An item\n---\n",
    "> A quote\n---\n",
    "Text\n\n> - A quoted item\n>   over two lines\n> ---\n",
])
def test_a_last_line_with_a_pipe_does_not_make_a_rule_a_table(source: str) -> None:
    built = build(source, lambda segment: "| " + segment.msgid + " \\|")
    assert blocks(built) == blocks(source)
    assert "&#124; " in built and " &#124;" in built
    assert inline_markup(built) == inline_markup(source)


def test_pipes_stay_pipes_where_no_table_can_start() -> None:
    # Two cells above a one-column rule, or no rule below: no table.
    assert build("# A title\n---\n", "Un | deux") == "# Un | deux\n---\n"
    assert build("# A title\n\nText.\n", "| Un") == "# | Un\n\n| Un\n"
    assert build("- An item\n- -\n", "Un |") == "- Un |\n- -\n"  # "- -" is a list item
    assert build("A title\n===\n", "| Un") == "| Un\n===\n"


def test_a_setext_heading_translation_stays_one_heading() -> None:
    source = "A title\nover two lines\n---\n"
    built = build(source, "Un titre\n- sur deux lignes")
    assert built == "Un titre\\\n\\- sur deux lignes\n---\n"
    assert blocks(built) == blocks(source)


# ---------------------------------------------------------------------------
# Wrapping never makes a line that starts a block


@pytest.mark.parametrize("word", ["1.", "<div>", "<!--x-->", "```js", "~~~x", ">x", "- x",
                                  "***Fork***", "<https://x.org>"])
def test_wrap_moves_a_word_that_might_start_a_block_down_and_never_escapes(word: str) -> None:
    # Choosing the break is free, so wrapping keeps even a word that only
    # might start a block off a line start: the word before it moves down.
    source = ("A source paragraph that is wrapped to fifty columns\n"
              "so that its translation is wrapped the same way, ok.\n")
    filler = "Une ligne de traduction qui remplit juste cinquante"
    assert len(filler) == 51  # the source's width is 52: no word fits after it
    built = build(source, filler + " " + word + " suite du texte.")
    assert built == ("Une ligne de traduction qui remplit juste\n"
                     "cinquante " + word + " suite du texte.\n")
    assert blocks(built) == blocks(source)


@pytest.mark.parametrize("word", ["[x]:", "_x_", ":x", "(1)", "&amp;"])
def test_wrap_starts_a_line_with_a_word_that_starts_no_block(word: str) -> None:
    source = ("A source paragraph that is wrapped to fifty columns\n"
              "so that its translation is wrapped the same way, ok.\n")
    filler = "Une ligne de traduction qui remplit juste cinquante"
    built = build(source, filler + " " + word + " suite du texte.")
    assert built == filler + "\n" + word + " suite du texte.\n"


def test_plain_text_wrap_still_keeps_list_markers_off_line_starts() -> None:
    # Plain text has no parser to ask: a list marker or a number with a dot
    # never starts a wrapped line there, whatever follows.
    layout = Layout(width=14, flavour="text")
    assert lay_out("Un texte court - suite", layout) == "Un texte\ncourt - suite"
    assert lay_out("Un texte court 1986. suite", layout) == "Un texte\ncourt 1986.\nsuite"


# ---------------------------------------------------------------------------
# The property

PLAIN = ["police", "crime", "network", "officers", "agency", "report", "members", "data",
         "borders", "today", "a", "of"]
MARKUP = ["***Fork the repo:***", "**strong text**", "*emphasis*", "_under_",
          '<span class="x">Note:</span>', "<em>word</em>", "<https://example.org>",
          "`code`", "```x```", "[link](https://example.org/a)", "[reference][ref]",
          "#hashtag", "#", "1986.", "2)", "10)", "1.", "+", "-", ">", "=", "|", "***",
          "<div>", "<!--c-->", "\\*not emphasis\\*", "&amp;", "~~~x"]

piece = st.one_of(st.sampled_from(PLAIN), st.sampled_from(PLAIN), st.sampled_from(MARKUP))
# Lines of 4 to 14 pieces: most are 40 columns or more, so that a paragraph
# of several lines is taken for wrapped prose and its translation re-wrapped.
line = st.lists(piece, min_size=4, max_size=14).map(" ".join)


@st.composite
def paragraph(draw, indent: str = "") -> str:
    lines = draw(st.lists(line, min_size=1, max_size=4))
    breaks = draw(st.sampled_from(["\n", "\n", "  \n", "\\\n"]))
    mixed = draw(st.booleans())
    out = lines[0]
    for item in lines[1:]:
        out += (draw(st.sampled_from(["\n", breaks])) if mixed else "\n") + indent + item
    return out


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "atx", "setext", "bullets",
                                 "ordered", "quote", "quote list"]))
    if kind == "paragraph":
        return draw(paragraph())
    if kind == "atx":
        return "#" * draw(st.integers(1, 3)) + " " + draw(line)
    if kind == "setext":
        return draw(paragraph()) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "bullets":
        marker = draw(st.sampled_from(["-", "*", "+"]))
        items = draw(st.lists(paragraph("  "), min_size=1, max_size=3))
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == "ordered":
        items = draw(st.lists(paragraph("   "), min_size=1, max_size=3))
        return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    if kind == "quote":
        return "> " + draw(paragraph("> "))
    return "> - " + draw(paragraph(">   "))


documents = st.lists(block(), min_size=1, max_size=4).map(
    lambda items: "\n\n".join(items) + "\n\n[ref]: https://example.org/ref\n")


def translator(seed: int) -> Callable[[Segment], str]:
    """A translation that keeps the msgid's inline markup as it is: plain
    words are upper-cased (some repeated, which moves the line breaks), and a
    prefix word and a suffix word may be added."""
    rng = random.Random(seed)

    def translate(segment: Segment) -> str:
        out = []
        for token in re.split(r"([ \n])", segment.msgid):
            if re.fullmatch(r"[a-z]+", token):
                token = token.upper()
                if rng.random() < 0.3:
                    token = token + " " + token
            out.append(token)
        text = "".join(out)
        if rng.random() < 0.5:
            text = "Zz " + text
        return text + (" zz" if rng.random() < 0.8 else "")

    return translate


def check_structure(source: str, seed: int) -> None:
    document: Document = parse_document("doc.md", source)
    built = document.render(translator(seed))
    assert blocks(built) == blocks(source)
    assert inline_markup(built) == inline_markup(source)
    # The translations keep the source's line starts, which started no block
    # there: no escape is ever needed.
    assert built.count("\\") == source.count("\\")


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.integers(0, 2**32))
def test_built_markdown_keeps_the_block_and_inline_structure(source: str, seed: int) -> None:
    check_structure(source, seed)


@pytest.mark.parametrize("source", [
    "***Fork the repo:*** then clone it, and then the rest of the text\n"
    "<span class=\"x\">Note:</span> read this, and then more words here\n"
    "<https://example.org> is the site, and then even more words.\n",
    "- police crime network officers agency report members data\n"
    "  2) borders today 1986. police crime network officers agency\n",
    "> police <em>word</em> crime network officers agency report members\n"
    "> ```x``` borders today police crime network officers agency.\n",
])
def test_structure_of_known_documents(source: str) -> None:
    for seed in range(20):
        check_structure(source, seed)
