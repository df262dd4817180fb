"""The fast paths of issue 15 give exactly what the general paths give.

Each fast path (printable ASCII line breaking, writing strings with nothing
to escape, ...) is compared with the general code it stands in for, kept
here as it was before (``reference_*``), on random strings built to hit the
corners (tabs, quotes, backslashes, line ends, runs of spaces, words longer
than a line, non-ASCII letters, wide and combining characters) and on every
string of the catalogs and documents under ``tests/data``.  Counted, never
timed: a test also shows that the fast path is the one taken.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from translate import linebreak
from translate.po import PAGE_WIDTH, _ESCAPE_PAIR_RE, _ESCAPES, format_string, read_po

DATA = Path(__file__).parent / "data"


# ---------------------------------------------------------------------------
# The general paths, as they were at revision 5b371c5


def reference_break_points(text: str, width: int, first_column: int,
                           forbidden: frozenset[int] = frozenset(),
                           first_only: bool = False) -> list[int]:
    """``linebreak.break_points`` without its printable ASCII path."""
    narrow = linebreak._is_narrow(text)
    if narrow or linebreak._MANDATORY.search(text) is None:
        return linebreak._layout(text, 0, len(text), width, first_column, forbidden,
                                 first_only, narrow)
    breaks: list[int] = []
    start = 0
    column = first_column
    for match in linebreak._MANDATORY.finditer(text):
        breaks += linebreak._layout(text, start, match.start(), width, column, forbidden,
                                    False, False)
        start = match.start()
        column = 0
    breaks += linebreak._layout(text, start, len(text), width, column, forbidden, False, False)
    return breaks[:1] if first_only else breaks


def reference_format_string(keyword: str, value: str, prefix: str = "") -> list[str]:
    """``po.format_string`` as it was: every string escaped through the
    table, the first line decided by a first-break-only layout."""
    if "\n" in value:
        split = value.split("\n")
        portions = [part + "\n" for part in split[:-1]]
        if split[-1]:
            portions.append(split[-1])
    else:
        portions = [value]
    width = PAGE_WIDTH - 2 - len(prefix)
    out: list[str] = []
    first_line = True
    count = len(portions)
    for index, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPES)
        forbidden: frozenset[int] = frozenset()
        if "\\" in escaped:
            forbidden = frozenset(m.start() + 1 for m in _ESCAPE_PAIR_RE.finditer(escaped))
            if portion.endswith("\n"):
                forbidden = forbidden | {len(escaped) - 2}
        if first_line:
            first_line = False
            breaks = reference_break_points(escaped, width, len(keyword) + 1, forbidden,
                                            first_only=True)
            if not escaped or (index == count - 1 and not breaks):
                out.append(f'{prefix}{keyword} "{escaped}"')
                continue
            out.append(f'{prefix}{keyword} ""')
        breaks = reference_break_points(escaped, width, 0, forbidden)
        start = 0
        for point in breaks:
            out.append(f'{prefix}"{escaped[start:point]}"')
            start = point
        out.append(f'{prefix}"{escaped[start:]}"')
    return out


# ---------------------------------------------------------------------------
# Inputs

#: Words that reach every rule printable ASCII has: hyphens, slashes,
#: brackets, quotes, currency and percent signs, escapes, URLs, numbers.
WORDS = ["word", "e-mail", "(see", "this)", "1,000", "$5", "50%", "a/b", "--", "...", '"q"',
         "x!", "?", "}", "{", "[", "]", "'s", "a;b", "c:d", "+1", "#3", "\\", "\\n", '\\"',
         "https://example.org/a-b?c=d", "-", "/", "|", "~", "@", "*", "_", "`", "^", "<", ">"]
#: Characters that take the general path: wide, combining, non-breaking,
#: mandatory breaks, tabs and other controls, letters of other scripts.
OTHERS = ["\u4e2d", "\u0301", "\u00a0", "\u2014", "\u2028", "\u0085", "\t", "\r", "\x07", "\u05d0",
          "\u0430", "\u00e9", "\u200b", "\u200d", "\U0001f1eb", "\u3001", "\u2026", "\u00ab"]
ASCII = [chr(code) for code in range(0x20, 0x7F)]


def random_text(rng: random.Random, ascii_only: bool) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return "".join(rng.choice(ASCII) for _ in range(rng.randint(0, 240)))
    if shape == 1:
        # Prose: words and runs of spaces, now and then a word longer than a line.
        words = [rng.choice(WORDS) if rng.random() < 0.3 else
                 "a" * (rng.randint(70, 160) if rng.random() < 0.05 else rng.randint(1, 12))
                 for _ in range(rng.randint(1, 60))]
        text = "".join(word + " " * rng.choice((1, 1, 1, 2, 3)) for word in words)
    elif shape == 2:
        text = "".join(rng.choice(ASCII) if rng.random() < 0.3 else rng.choice(" a")
                       for _ in range(rng.randint(0, 300)))
    else:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 80)))
    if rng.random() < 0.3:
        text = "\n".join(text[index:index + 50] for index in range(0, len(text), 50))
    if not ascii_only and rng.random() < 0.7:
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            chars.insert(rng.randint(0, len(chars)), rng.choice(OTHERS))
        text = "".join(chars)
    return text


def data_strings() -> list[str]:
    """Every string of the catalogs and every line of the documents under tests/data."""
    strings: set[str] = set()
    for path in sorted(DATA.rglob("*.po*")):
        try:
            catalog = read_po(path)
        except Exception:  # noqa: BLE001  deliberately broken fixtures
            continue
        for entry in catalog:
            strings.update((entry.msgid, entry.msgstr, entry.msgctxt or "",
                            entry.previous_msgid or "", *entry.msgstr_plural.values()))
    for path in sorted(DATA.rglob("*")):
        if path.suffix in (".md", ".txt") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            strings.update(text.split("\n\n"))
            strings.update(text.splitlines())
    return sorted(strings)


# ---------------------------------------------------------------------------
# Line breaking


@pytest.mark.parametrize("seed", range(4))
def test_ascii_break_points_are_the_general_ones(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        text = random_text(rng, ascii_only=True).replace("\n", " ")
        assert text.isascii() and text.isprintable()
        width = rng.choice([77, 74, 76, 40, 10, 5, 2, 1])
        column = rng.choice([0, 0, 6, 7, 10, 13, 80])
        positions = range(len(text) + 1)
        forbidden = frozenset(rng.sample(positions, min(len(text) + 1, rng.randint(0, 6))))
        for first_only in (False, True):
            assert linebreak.break_points(text, width, column, forbidden, first_only) == \
                reference_break_points(text, width, column, forbidden, first_only), \
                (text, width, column, forbidden, first_only)


def test_ascii_path_is_taken_for_printable_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph of prose is broken without asking the general rule at
    each line end: the break after the last space that fits is decided from
    the characters on either side of the space."""
    calls = []
    general = linebreak._break_allowed

    def counted(*args):
        calls.append(args[1])
        return general(*args)

    monkeypatch.setattr(linebreak, "_break_allowed", counted)
    text = " ".join(["Interpol's regional conference opened on Monday"] * 8)
    breaks = linebreak.break_points(text, 77, 0)
    assert len(breaks) == 5
    assert calls == []


# ---------------------------------------------------------------------------
# Writing strings


@pytest.mark.parametrize("seed", range(4))
def test_format_string_is_the_general_one_on_random_strings(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(2500):
        value = random_text(rng, ascii_only=rng.random() < 0.5)
        keyword = rng.choice(["msgid", "msgstr", "msgctxt", "msgstr[0]", "msgid_plural"])
        prefix = rng.choice(["", "", "#~ ", "#| ", "#~| "])
        assert format_string(keyword, value, prefix) == \
            reference_format_string(keyword, value, prefix), (keyword, value, prefix)


def test_format_string_is_the_general_one_on_real_strings() -> None:
    strings = data_strings()
    assert len(strings) > 300
    for value in strings:
        for keyword, prefix in (("msgid", ""), ("msgstr[1]", "#~ ")):
            assert format_string(keyword, value, prefix) == \
                reference_format_string(keyword, value, prefix), value


@pytest.mark.parametrize("value", [
    "", "a", "\n", "\n\n", "a\n", "a\nb", '"', "\\", "\t" * 100, "x" * 200, " " * 100,
    "a" * 72 + " b", "a" * 71 + " b", "a" * 70 + " b", "a" * 69 + ' "b"', "(" + "a " * 40,
    "a " * 38 + "\\n", "word " * 15 + "\\" + "word " * 15, "\u4e2d" * 50, "a\u2028" * 50,
])
def test_format_string_is_the_general_one_at_the_edges(value: str) -> None:
    for keyword in ("msgid", "msgstr[0]"):
        for prefix in ("", "#~ ", "#| "):
            assert format_string(keyword, value, prefix) == \
                reference_format_string(keyword, value, prefix)


def test_the_escape_check_knows_every_escaped_character() -> None:
    """A string is written unescaped only when no character of it is one
    the escape table changes."""
    from translate.po import _TO_ESCAPE_RE

    for code in range(0x110000):
        char = chr(code)
        assert (char.translate(_ESCAPES) != char) == bool(_TO_ESCAPE_RE.search(char)), hex(code)


# ---------------------------------------------------------------------------
# Wrapping translations


def reference_wrap(text: str, layout, line_start: re.Pattern[str]) -> list[str]:
    """``segment.layout.wrap`` as it was: word by word."""
    from translate.segment.layout import _SPLIT_RE, _may_start_line

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
        if not _may_start_line(word, line_start) or current[-1].endswith("\\"):
            cut = next((index for index in range(len(current) - 1, 0, -1)
                        if _may_start_line(current[index], line_start)
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


#: Words that may not begin a line in one format or the other, words ending
#: with a backslash, runs of spaces and tabs, words longer than any line.
WRAP_WORDS = ["a", "word", "-", "*", "1.", "#", ">", "x\\", "\\", "--", "+", "2)", "ab", "|",
              "longerword", "", "\t", "---", "=", "\u00e9t\u00e9", "\u4e2d\u6587", "a" * 30,
              "`code`", "[x][1]", "12.", "\u2022", "\u2014"]


@pytest.mark.parametrize("seed", range(3))
def test_wrap_is_the_word_by_word_one(seed: int) -> None:
    from translate.segment.base import Layout
    from translate.segment.layout import wrap
    from translate.segment.markdown import _MARKDOWN_LINE_START_RE
    from translate.segment.text import _LINE_START_RE

    rng = random.Random(200 + seed)
    for _ in range(6000):
        text = " ".join(rng.choice(WRAP_WORDS) if rng.random() < 0.5 else
                        "w" * rng.randint(1, 12) for _ in range(rng.randint(1, 50)))
        text = rng.choice(["", " ", "  "]) + text + rng.choice(["", " "])
        layout = Layout(continuation=rng.choice(["\n", "\n  ", "\r\n> ", "\n\t", "\n    "]),
                        width=rng.choice([72, 79, 40, 10, 3, 0]),
                        first_column=rng.choice([0, 2, 4, 50, 100]))
        for pattern in (_LINE_START_RE, _MARKDOWN_LINE_START_RE):
            assert wrap(text, layout, pattern) == reference_wrap(text, layout, pattern), \
                (text, layout)


def test_wrap_takes_the_line_by_line_path_for_usual_prose() -> None:
    from translate.segment import layout as module
    from translate.segment.base import Layout
    from translate.segment.text import _LINE_START_RE

    prose = ("The conference brought together police chiefs from 26 countries to plan "
             "joint operations against - as they put it - organized crime in the region.")
    shape = Layout(continuation="\n", width=40)
    assert module._greedy_lines(prose, shape, _LINE_START_RE) == module.wrap(
        prose, shape, _LINE_START_RE)
    assert module._greedy_lines(prose, shape, _LINE_START_RE) is not None
    # A line would start with "-": the word-by-word way moves a word down.
    dashed = "aaaa bbbb cccc - dddd eeee"
    assert module._greedy_lines(dashed, Layout(width=14), _LINE_START_RE) is None
    assert module.wrap(dashed, Layout(width=14), _LINE_START_RE) == [
        "aaaa bbbb", "cccc - dddd", "eeee"]


# ---------------------------------------------------------------------------
# Markdown: one block parse, inline parses only where they are needed


def full_parser():
    """The segmenter's parser as it was: every block parsed inline too."""
    from markdown_it import MarkdownIt

    from translate.segment import markdown

    md = MarkdownIt("commonmark").enable("table")
    for name in ("link", "image"):
        for rule in md.inline.ruler.__rules__:
            if rule.name == name:
                md.inline.ruler.at(name, markdown._recording(rule.fn, name))
    return md


MARKDOWN_PIECES = ["word", "*em*", "**strong**", "`code`", "`a  `", "[link](https://x.org/a)",
                   '[t](<u v> "title")', "![alt](i.png)", "[ref][r]", "<b>x</b>", "\\*",
                   "a\\", "end.  ", "end\\", "end\\\\", "`span  ", "still`", "&amp;", "x|y",
                   "1.", "-", "#", ">", "\u00e9t\u00e9", "\u4e2d\u6587"]


def random_markdown(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 12)):
        lines = [" ".join(rng.choice(MARKDOWN_PIECES) if rng.random() < 0.4 else "text"
                          for _ in range(rng.randint(1, 8))) for _ in range(rng.randint(1, 4))]
        shape = rng.randrange(7)
        if shape == 1:
            lines[0] = "#" * rng.randint(1, 3) + " " + lines[0]
        elif shape == 2:
            lines = [("- " if index == 0 else "  ") + line for index, line in enumerate(lines)]
        elif shape == 3:
            lines = ["> " + line for line in lines]
        elif shape == 4:
            lines = ["| a | b |", "|---|---|", "| " + lines[0].replace("|", "") + " | c |"]
        elif shape == 5:
            lines.append(rng.choice(["---", "===", "```", "    code"]))
        blocks.append("\n".join(lines))
    blocks.append("[r]: https://example.org/r")
    return "\n\n".join(blocks) + "\n"


def markdown_documents() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DATA.rglob("*.md"))]
    assert texts
    return texts


def test_markdown_segments_are_those_of_the_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    from translate.segment import markdown

    rng = random.Random(300)
    texts = markdown_documents() + [random_markdown(rng) for _ in range(800)]
    ours = [markdown.segment_markdown(text) for text in texts]
    monkeypatch.setattr(markdown, "_parser", full_parser)
    assert [markdown.segment_markdown(text) for text in texts] == ours


def test_plain_paragraphs_are_not_parsed_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks without a hard break or an inline link need no inline parse;
    a hard break marker still asks the parser (it may be inside code)."""
    from markdown_it.parser_inline import ParserInline

    from translate.segment import markdown

    parsed: list[str] = []
    general = ParserInline.parse

    def counted(self, src, md, env, tokens):
        parsed.append(src)
        return general(self, src, md, env, tokens)

    monkeypatch.setattr(ParserInline, "parse", counted)
    text = ("# Title\n\nA paragraph *with* `code`\nwrapped on two lines.\n\n"
            "- an item\n  wrapped\n\nHard  \nbreak, `in  \ncode`.\n")
    segments = markdown.segment_markdown(text)
    assert [segment.msgid for segment in segments] == [
        "Title", "A paragraph *with* `code` wrapped on two lines.", "an item wrapped",
        "Hard\nbreak, `in code`."]
    assert parsed == ["Hard  \nbreak, `in  \ncode`."]


def test_markdown_block_rules_log_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from translate.segment import markdown

    calls = []
    monkeypatch.setattr(logging.Logger, "debug", lambda self, *args: calls.append(args))
    markdown.segment_markdown("# Title\n\nA paragraph.\n\n- item\n")
    assert calls == []


# ---------------------------------------------------------------------------
# Plain text: letters by str.isalpha()


def test_isalpha_is_the_letter_category() -> None:
    """The shortcut of has_letter() and of the rule test: str.isalpha() is
    true exactly for the general category L, on every code point."""
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        assert char.isalpha() == (unicodedata.category(char)[0] == "L"), hex(code)


def test_letter_tests_are_the_category_ones() -> None:
    import unicodedata

    from translate.segment.text import _is_rule, has_letter

    rng = random.Random(400)
    samples = data_strings() + [random_text(rng, ascii_only=False) for _ in range(3000)]
    samples += ["", "-----", "* * *", "2019", "\u00a9 2019", "\u0301a", "\u4e2d", "_"]
    for text in samples:
        assert has_letter(text) == any(unicodedata.category(c)[0] == "L" for c in text)
        assert _is_rule(text) == (not any(unicodedata.category(c)[0] in "LN" for c in text))


# ---------------------------------------------------------------------------
# Glossary: a form's words found by a pattern, Arabic alefs replaced


def reference_written(form_words: tuple[str, ...], text: str) -> bool:
    """A form is written in a text when its words, joined by one space, are
    in the text's words joined so (as _all_written was at 7d38b90)."""
    from translate.glossary import _words

    joined = " " + " ".join(_words(text)) + " "
    return bool(form_words) and " " + " ".join(form_words) + " " in joined


GLOSSARY_WORDS = ["police", "bureau", "\u0448\u0435\u0444", "d\u2019interpol",
                  "\u0627\u0644\u0634\u0631\u0637\u0629", "\u00e9t\u00e9", "b", "bb", "x1",
                  "\u0301e", "2019"]
GLOSSARY_GLUE = [" ", "  ", "-", "_", ", ", "\u00a0", "\n", "\u2019", "'", "", "/", "\u0301"]


@pytest.mark.parametrize("seed", range(3))
def test_a_form_s_pattern_finds_its_words_as_joined_words_do(seed: int) -> None:
    from translate.glossary import _Form, normalize

    rng = random.Random(500 + seed)
    for _ in range(3000):
        language = rng.choice(["fr", "ru", "ar", "en"])
        form = _Form(" ".join(rng.choice(GLOSSARY_WORDS) for _ in range(rng.randint(0, 3))),
                     language)
        text = "".join(rng.choice(GLOSSARY_WORDS + GLOSSARY_GLUE) + rng.choice(GLOSSARY_GLUE)
                       for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.3:
            text = random_text(rng, ascii_only=False) + text
        text = normalize(text, language)
        found = form.pattern is not None and form.pattern.search(text) is not None
        assert found == reference_written(form.words, text), (form.words, text)


def test_arabic_alefs_are_replaced_as_a_table_would() -> None:
    from translate.glossary import normalize

    table = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                           "\u0671": "\u0627"})
    rng = random.Random(600)
    letters = "\u0623\u0625\u0622\u0671\u0627\u0644\u0628 a\u064e"
    for _ in range(2000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 30)))
        expected = re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]", "",
                          text.casefold()).translate(table)
        assert normalize(text, "ar") == expected


# ---------------------------------------------------------------------------
# Reading PO files: the comments of the usual entry, a run of lines at a time


COMMENT_LINES = ["#. type: paragraph", "#.no space", "#.  two spaces", "#.",
                 "#: source/a.txt:12", "#: a.txt:1 b.txt:2 c", "#: x#:3 y", "#:",
                 "#, fuzzy", "#, c-format, fuzzy", "#,fuzzy#,x", "#,", "#, no-wrap ,, x"]


def test_comment_runs_are_read_as_line_by_line() -> None:
    """The usual entry ("#." lines, "#:" lines, "#," lines, msgid, msgstr) is
    read by runs; shuffled, the same lines take the line-by-line path: the
    entries and the text kept of each field are the same."""
    from translate.po import parse_po, source_text

    rng = random.Random(700)
    order = {".": 0, ":": 1, ",": 2}
    for _ in range(1500):
        lines = [rng.choice(COMMENT_LINES) for _ in range(rng.randint(0, 6))]
        usual = sorted(lines, key=lambda line: order[line[1]])
        texts = []
        for comments in (usual, lines, ["# translator", *usual]):
            texts.append("".join(line + "\n" for line in comments)
                         + 'msgid "a"\nmsgstr "b"\n')
        read = []
        for text, first_line in zip(texts, (1, 1, 2)):
            entry = parse_po(text, "x.po")[0]
            lines_kept = {key: "".join(value)
                          for key, value in source_text(entry).lines.items()
                          if key != "tcomment"}
            read.append((entry.comment, entry.occurrences, entry.flags,
                         entry.linenum - first_line, lines_kept))
        # The usual entry, and the same after a translator comment (which
        # takes the line-by-line path).
        assert read[0] == read[2], texts[0]
        # Shuffled: the same values; the lines kept are those of the file.
        assert read[1][:4] == read[0][:4], texts[1]
        assert sorted("".join(read[1][4].values()).splitlines()) == \
            sorted(texts[1].splitlines())


def test_a_comment_with_a_carriage_return_is_read_as_a_line_end() -> None:
    from translate.po import parse_po

    entry = parse_po('#. first\r\n#. second\n#: a.txt:1\r\nmsgid "a"\nmsgstr "b"\n', "x.po")[0]
    assert entry.comment == "first\nsecond"
    assert entry.occurrences == [("a.txt", "1")] and entry.linenum == 4


# ---------------------------------------------------------------------------
# Language: the words of a text


def reference_words(lowered: str) -> list[str]:
    """checks.language._words at 7d38b90: split at spaces, the tokens with
    punctuation, digits or marks split again by _WORD_RE."""
    from translate.checks.language import _WORD_RE, _forms

    words = lowered.split()
    odd = [word for word in words if not word.isalpha()]
    if odd:
        words = [word for word in words if word.isalpha()]
        split = _WORD_RE.findall(" ".join(odd).replace("\u2019", "'"))
        words += split
        words += [form for word in split if "'" in word for form in _forms(word)]
    return words


def test_the_words_of_a_text_are_those_of_its_tokens() -> None:
    from collections import Counter

    from translate.checks.language import _WORD_MASKS, _words

    rng = random.Random(900)
    function_words = sorted(_WORD_MASKS)
    pieces = list("ab d\u00e9\u2019'-_.,;:!?\u00a0\u0301\u0430\u0628\u064e"
                  "\u0915\u093f\u00b21\t\n\u00ab")
    samples = [text.lower() for text in data_strings()]
    for _ in range(20000):
        samples.append("".join(rng.choice(pieces) if rng.random() < 0.8 else
                               " " + rng.choice(function_words) + rng.choice(["", "'s", ","])
                               for _ in range(rng.randint(0, 40))))
    for text in samples:
        assert Counter(_words(text)) == Counter(reference_words(text)), text
