"""Properties of segmentation on generated documents (hypothesis).

* Identity: a build where every msgstr equals its msgid reproduces the
  document byte for byte.
* Structure: a build with real (here: pseudo) translations cuts again into
  the same segments, each holding its translation: laying out a translation
  never turns it into a list, a heading or a code block.
* Segments are in order, never overlap, and their msgids hold no layout.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.segment import parse_document

WORDS = ["police", "Interpol", "crime", "Kigali", "Afripol", "coopération", "полиция",
         "الشرطة", "Jürgen", "42", "member-states", "(INTERPOL)", "“quoted”", "café",
         "-", "+", "#5", "2.", "3)", ">", "=", "|", "<div>"]
MARKUP = ["*emphasis*", "**strong**", "`code`", "[link](https://example.org/a)",
          "![image](img/a.png \"Title\")", "[reference][ref]", "<https://interpol.int>",
          "&amp;", "\\*not emphasis\\*", "<b>bold</b>"]

word = st.sampled_from(WORDS)
inline_piece = st.one_of(word, word, word, st.sampled_from(MARKUP))
phrase = st.lists(inline_piece, min_size=1, max_size=12).map(" ".join)
line_break = st.sampled_from(["\n", "\n", "  \n", "\\\n"])


@st.composite
def paragraph(draw) -> str:
    lines = draw(st.lists(phrase, min_size=1, max_size=3))
    out = lines[0]
    for line in lines[1:]:
        out += draw(line_break) + line
    return out + "."


@st.composite
def markdown_block(draw) -> str:
    kind = draw(st.sampled_from(["paragraph", "atx", "setext", "bullets", "ordered", "quote",
                                 "fence", "indented", "html", "table", "rule"]))
    if kind == "paragraph":
        return draw(paragraph())
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + draw(phrase)
    if kind == "setext":
        return draw(phrase) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "bullets":
        items = draw(st.lists(phrase, min_size=1, max_size=4))
        nested = draw(st.booleans())
        out = "\n".join(f"- {item}" for item in items)
        return out + ("\n  * " + draw(phrase) if nested else "")
    if kind == "ordered":
        items = draw(st.lists(phrase, min_size=1, max_size=4))
        return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    if kind == "quote":
        return "\n".join("> " + line for line in draw(paragraph()).split("\n"))
    if kind == "fence":
        return "```\n" + draw(phrase) + "\n```"
    if kind == "indented":
        return "    " + draw(phrase)
    if kind == "html":
        return "<div>\n" + draw(phrase) + "\n</div>"
    if kind == "table":
        rows = draw(st.lists(st.tuples(word, phrase), min_size=1, max_size=3))
        return "| a | b |\n|---|---|\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
    return "* * *"


@st.composite
def markdown_document(draw) -> str:
    blocks = draw(st.lists(markdown_block(), min_size=1, max_size=8))
    text = "\n\n".join(blocks) + "\n\n[ref]: https://example.org/ref\n"
    if draw(st.booleans()):
        text = "---\ntitle: " + draw(phrase).replace(":", "") + "\nlayout: post\n---\n\n" + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


sentence = st.lists(word, min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def text_block(draw) -> str:
    kind = draw(st.sampled_from(["paragraph", "title", "bullets", "address"]))
    if kind == "paragraph":
        words = " ".join(draw(st.lists(sentence, min_size=1, max_size=5))).split(" ")
        width = draw(st.integers(40, 100))
        lines, current = [], words[0]
        for item in words[1:]:
            if len(current) + 1 + len(item) > width:
                lines.append(current)
                current = item
            else:
                current += " " + item
        indent = draw(st.sampled_from(["", "", "    "]))
        return "\n".join(indent + line for line in lines + [current])
    if kind == "title":
        return " ".join(draw(st.lists(word, min_size=1, max_size=6))).title()
    if kind == "bullets":
        return "\n".join("- " + item for item in draw(st.lists(sentence, min_size=1, max_size=4)))
    return "\n".join(draw(st.lists(word, min_size=2, max_size=4)))


@st.composite
def text_document(draw) -> str:
    text = "\n\n".join(draw(st.lists(text_block(), min_size=1, max_size=8))) + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


def unescape(msgid: str) -> str:
    return re.sub(r"\n(\d*)\\", r"\n\1", msgid)


def pseudo(msgid: str) -> str:
    return "Zz " + msgid


def check_segments(name: str, text: str) -> None:
    document = parse_document(name, text)
    assert document.render(lambda segment: segment.msgid) == text
    position = 0
    for segment in document.segments:
        assert position <= segment.start < segment.end <= len(text)
        position = segment.end
        assert segment.msgid == segment.msgid.strip()
        assert "\r" not in segment.msgid
        assert "](https://example.org/a)" not in segment.msgid
    built = document.render(lambda segment: pseudo(segment.msgid))
    again = parse_document(name, built)
    # A line that would start a block is escaped ("\\+ x", "1\\. x"): the same text.
    assert [(s.kind, unescape(s.msgid)) for s in again.segments] == [
        (s.kind, unescape(pseudo(s.msgid))) for s in document.segments]


@settings(max_examples=300, deadline=None)
@given(markdown_document())
def test_markdown_segmentation_properties(text: str) -> None:
    check_segments("doc.md", text)


@settings(max_examples=300, deadline=None)
@given(text_document())
def test_plain_text_segmentation_properties(text: str) -> None:
    check_segments("doc.txt", text)
