"""PO line breaking agrees with GNU msgcat: every pair of line breaking classes
(side by side, across spaces, through a combining mark) and every character of
the blocks prose uses, each put at the wrap column in a few contexts.

All the strings go to one msgcat run: msgcat re-wraps each with gettext's own
algorithm (libunistring), and each of our strings must come out the same.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from translate.linebreak import break_points, char_width, line_break_class
from translate.po import PAGE_WIDTH, format_string

from .conftest import gettext_tool

#: Columns between the quotes of a continuation line.
WIDTH = PAGE_WIDTH - 2

#: One character of each class libunistring tells apart (its names; OW is an
#: East Asian wide opening bracket, ZJ the zero width joiner).
CLASSES = {
    "AL": "a", "HL": "\u05d0", "NU": "5", "WJ": "\u2060", "GL": "\u00a0", "B2": "\u2014",
    "BA": "|", "BB": "\u00b4", "HY": "-", "CL": "}", "CP": ")", "EX": "!", "IN": "\u2026",
    "NS": "\u3005", "OP": "(", "OW": "\u300c", "QU": "'", "IS": ":", "PO": "%", "PR": "$",
    "SY": "/", "H2": "\uac00", "H3": "\uac01", "ID": "\u4e2d", "JL": "\u1100", "JV": "\u1161",
    "JT": "\u11a8", "RI": "\U0001f1eb", "EB": "\U0001f466", "EM": "\U0001f3fb",
    "ZW": "\u200b", "CM": "\u0301", "ZJ": "\u200d", "SP": " ", "BK": "\u2028",
}

#: The blocks of prose in the languages we translate to, every code point.
BLOCKS = {
    "ascii": (0x01, 0x7F), "latin-1": (0x80, 0xFF), "latin-extended": (0x100, 0x24F),
    "ipa-and-modifiers": (0x250, 0x2FF), "combining-marks": (0x300, 0x36F),
    "greek": (0x370, 0x3FF), "cyrillic": (0x400, 0x52F), "hebrew": (0x590, 0x5FF),
    "arabic": (0x600, 0x6FF), "devanagari": (0x900, 0x97F), "thai": (0xE00, 0xE7F),
    "latin-extended-additional": (0x1E00, 0x1EFF), "general-punctuation": (0x2000, 0x206F),
    "super-and-subscripts": (0x2070, 0x209F), "currency": (0x20A0, 0x20CF),
    "letterlike-and-number-forms": (0x2100, 0x218F), "arrows": (0x2190, 0x21FF),
    "math-operators": (0x2200, 0x22FF), "cjk-symbols-and-punctuation": (0x3000, 0x303F),
    "hiragana-and-katakana": (0x3040, 0x30FF), "fullwidth-forms": (0xFF00, 0xFFEF),
}

#: The neighbours each character is tried after and before.
NEIGHBOURS = ["a", "5", "(", ")", " ", "\u4e2d"]


def at_wrap_column(head: str, decided: str) -> str:
    """A string whose first line ends exactly where ``head`` meets ``decided``:
    the break there, or the one gettext falls back to, is what it must choose."""
    pad = WIDTH - 1 - sum(map(char_width, head))
    return "x" * pad + " " + head + decided + "y zz"


def width_case(char: str) -> str:
    """A string that wraps differently if gettext gives char another width:
    its first line, up to "y", is exactly full by our count."""
    pad = WIDTH - 3 - char_width(char)
    return "x" * pad + " " + char + " y zz"


def pair_cases(before: str, after: str) -> list[str]:
    return [at_wrap_column(left + before + between, after)
            for left in ("", "b", "5", " ") for between in ("", " ", "  ", "\u0301")]


def char_cases(char: str) -> list[str]:
    return [width_case(char)] + [case for other in NEIGHBOURS
                                 for case in (at_wrap_column("b" + other, char),
                                              at_wrap_column("b" + char, other))]


PAIRS = [(a, b) for a in CLASSES for b in CLASSES]

#: Whole strings, as they come in catalogs.
EXTRA_CASES = [
    # Found by test_po's property test.
    "'single'|pipe| colon:\u2026 \u060c wow! " * 3,
    # Mandatory breaks: gettext keeps them inside the line but counts columns
    # from 0 after them.
    "a " * 35 + "\u2028" + "b " * 34 + "b",
    "a " * 40 + "\u2028" + "b " * 50,
    ("word " * 15 + "\u0085") * 4,
    "\u2029" + "c " * 45,
    # Every escape sequence at the wrap column.
    *[("x " * 38)[:WIDTH - 1 - shift] + escape + " tail" * 3
      for shift in range(3) for escape in "\t\n\\\"\a\b\f\v\r"],
    # Combining marks and joiners in words, and emoji sequences.
    "e\u0301t\u0301e\u0301 " * 20,
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f44d\U0001f3fd " * 8,
    "\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea\U0001f1ec\U0001f1e7" * 12,
    # Korean, Japanese and Chinese prose with their punctuation.
    "\ud55c\uad6d\uc5b4 \ubb38\uc7a5\uc785\ub2c8\ub2e4. " * 8,
    "\u65e5\u672c\u8a9e\u306e\u6587\u3067\u3059\u3002\u300c\u5f15\u7528\u300d\u3001"
    "\u30ab\u30bf\u30ab\u30ca\u30fc\uff01" * 5,
]
ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
                         "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"})


def block_chars(name: str) -> list[str]:
    first, last = BLOCKS[name]
    # U+0004 separates msgctxt from msgid in MO files: no PO string holds it.
    return [chr(cp) for cp in range(first, last + 1) if cp != 0x04]


@pytest.fixture(scope="module")
def msgcat_wraps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every case string -> the msgstr lines msgcat writes for it."""
    values = sorted({case for a, b in PAIRS for case in pair_cases(CLASSES[a], CLASSES[b])}
                    | {case for name in BLOCKS for char in block_chars(name)
                       for case in char_cases(char)}
                    | set(EXTRA_CASES))
    # Unwrapped on input: the wrapping comes from msgcat alone.
    body = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    body += [f'msgid "{index}"\nmsgstr "{value.translate(ESCAPES)}"\n'
             for index, value in enumerate(values)]
    path: Path = tmp_path_factory.mktemp("linebreak") / "cases.po"
    path.write_text("\n".join(body), encoding="utf-8")
    output = subprocess.run([gettext_tool("msgcat"), str(path)], capture_output=True,
                            check=True).stdout.decode("utf-8")
    # Split on "\n" only: U+2028 and U+0085 are line ends to str.splitlines.
    entries = output.split("\n\n")[1:]
    assert len(entries) == len(values)
    return {value: entry.rstrip("\n").split("\n")[1:] for value, entry in zip(values, entries)}


def disagreements(msgcat_wraps: dict[str, list[str]], cases: list[str]) -> list[str]:
    return [f"{case[-12:]!r}: ours {format_string('msgstr', case)[-2:]}, "
            f"msgcat {msgcat_wraps[case][-2:]}"
            for case in cases if format_string("msgstr", case) != msgcat_wraps[case]]


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_class_pair_wraps_as_msgcat(msgcat_wraps: dict[str, list[str]], before: str,
                                    after: str) -> None:
    cases = pair_cases(CLASSES[before], CLASSES[after])
    assert disagreements(msgcat_wraps, cases) == []


@pytest.mark.parametrize("block", list(BLOCKS))
def test_every_character_of_block_wraps_as_msgcat(msgcat_wraps: dict[str, list[str]],
                                                  block: str) -> None:
    wrong = []
    for char in block_chars(block):
        found = disagreements(msgcat_wraps, char_cases(char))
        if found:
            wrong.append(f"U+{ord(char):04X} {found[0]}")
    assert wrong == []


def test_representatives_have_their_class() -> None:
    # The pair test is only as good as its representatives: each must stand
    # for a different class.
    assert len({line_break_class(char) for char in CLASSES.values()}) == len(CLASSES)


@pytest.mark.parametrize("text", EXTRA_CASES, ids=range(len(EXTRA_CASES)))
def test_special_case_wraps_as_msgcat(msgcat_wraps: dict[str, list[str]], text: str) -> None:
    assert disagreements(msgcat_wraps, [text]) == []


def opportunities(text: str) -> list[int]:
    """Every position before which gettext may break text: with the line
    ending exactly there, the break is there or earlier."""
    return [pos for pos in range(1, len(text))
            if break_points(text, sum(map(char_width, text[:pos])), 0)[:1] == [pos]]


@pytest.mark.parametrize(("text", "expected"), [
    # Found by test_po's property: gettext never breaks before "…" (IN).
    ("colon:\u2026", []), ("a\u2026", []), ("a \u2026", [2]),
    # U+3005 and small kana never start a line (NS); U+00B4 sticks to what
    # follows (BB).
    ("a \u3005", [2]), ("a\u3005", []), ("\u4e2d\u3041", []), ("a\u00b4b", [1]),
    # A mark after a space starts a word, even after an opening bracket.
    ("( \u0301x", [2]),
    # Never after a Hebrew letter and a hyphen (LB21a), but after a Latin one.
    ("\u05d0-x", []), ("a-x", [2]),
    # Never right after a zero width joiner (LB8a).
    ("!\u200dx", []), ("!x", [1]),
    # Flags are pairs of regional indicators.
    ("\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea", [2]),
    # Thai has no dictionary in libunistring: a word without break opportunities.
    ("\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", []),
])
def test_break_opportunities(text: str, expected: list[int]) -> None:
    assert opportunities(text) == expected


def test_mandatory_break_restarts_the_column_count() -> None:
    # libunistring counts columns from 0 after U+2028 although gettext prints
    # no line end there: 70 columns, U+2028, 69 columns need no break.
    assert break_points("a " * 35 + "\u2028" + "b " * 34 + "b", WIDTH, 0) == []
    assert break_points("a " * 40 + "\u2028", WIDTH, 0) == [WIDTH - 1]


def test_widths_follow_gettext() -> None:
    # Hangul vowel and final jamo join the syllable (width 0); CJK and
    # fullwidth forms take 2; a soft hyphen takes none; unassigned code
    # points 1 (whatever Python's unicodedata says about them).
    assert [char_width(c) for c in "a\u4e2d\u1161\u11a8\u00ad\u0378\uff01"] == \
        [1, 2, 0, 0, 0, 1, 2]
