"""Line breaking of PO strings the way GNU gettext does it.

gettext wraps ``msgid``/``msgstr`` strings at 79 columns with libunistring's
implementation of the Unicode line breaking algorithm (UAX #14): a line may end
after a space, after a hyphen between letters, before an em dash, and so on, but
never before a closing bracket or punctuation, and never inside an escape
sequence.  Writing new entries with the same breaks keeps our catalogs
byte-identical to what ``msgmerge``/``msgcat`` would write, so a diff after
``translate update`` shows only what changed.

Only the parts of UAX #14 that occur in prose are implemented: the pair table for
the classes below, spaces (indirect breaks) and combining marks.  Scripts that
need a dictionary (Thai, Lao, Khmer, Myanmar) are treated as letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Line breaking classes (a subset of UAX #14).
(OP, CL, CP, QU, GL, NS, EX, SY, IS, PR, PO, NU, AL, ID, IN, HY, BA, BB, B2, ZW, CM, WJ,
 SP) = range(23)

_NAMES = "OP CL CP QU GL NS EX SY IS PR PO NU AL ID IN HY BA BB B2 ZW CM WJ".split()

# The UAX #14 pair table: row = class before the break, column = class after.
# "_" a break is allowed, "%" only if spaces come between, "^" never,
# "#" combining mark (attaches to what precedes it).
_PAIRS = """
    OP CL CP QU GL NS EX SY IS PR PO NU AL ID IN HY BA BB B2 ZW CM WJ
OP  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^
CL  _  ^  ^  %  %  ^  ^  ^  ^  %  %  _  _  _  _  %  %  _  _  ^  #  ^
CP  _  ^  ^  %  %  ^  ^  ^  ^  %  %  %  %  _  _  %  %  _  _  ^  #  ^
QU  ^  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  ^  #  ^
GL  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  ^  #  ^
NS  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  %  %  _  _  ^  #  ^
EX  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  %  %  %  _  _  ^  #  ^
SY  _  ^  ^  %  %  %  ^  ^  ^  _  _  %  _  _  _  %  %  _  _  ^  #  ^
IS  _  ^  ^  %  %  %  ^  ^  ^  _  _  %  _  _  _  %  %  _  _  ^  #  ^
PR  %  ^  ^  %  %  %  ^  ^  ^  _  _  %  %  %  _  %  %  _  _  ^  #  ^
PO  %  ^  ^  %  %  %  ^  ^  ^  _  _  %  %  _  _  %  %  _  _  ^  #  ^
NU  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  _  %  %  %  _  _  ^  #  ^
AL  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  _  %  %  %  _  _  ^  #  ^
ID  _  ^  ^  %  %  %  ^  ^  ^  _  %  _  _  _  %  %  %  _  _  ^  #  ^
IN  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  %  %  %  _  _  ^  #  ^
HY  _  ^  ^  %  _  %  ^  ^  ^  _  _  %  _  _  _  %  %  _  _  ^  #  ^
BA  _  ^  ^  %  _  %  ^  ^  ^  _  _  _  _  _  _  %  %  _  _  ^  #  ^
BB  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  ^  #  ^
B2  _  ^  ^  %  %  %  ^  ^  ^  _  _  _  _  _  _  %  %  _  ^  ^  #  ^
ZW  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  _  ^  _  _
CM  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  _  %  %  %  _  _  ^  #  ^
WJ  %  ^  ^  %  %  %  ^  ^  ^  %  %  %  %  %  %  %  %  %  %  ^  #  ^
"""


def _parse_pairs() -> list[list[str]]:
    rows = [line.split() for line in _PAIRS.strip().splitlines()]
    header = rows[0]
    assert header == _NAMES
    table = [["_"] * len(_NAMES) for _ in _NAMES]
    for row in rows[1:]:
        before = _NAMES.index(row[0])
        for after, value in enumerate(row[1:]):
            table[before][after] = value
    return table


_TABLE = _parse_pairs()

_SPECIAL = {
    " ": SP,
    "\t": BA,
    "(": OP, "[": OP, "{": OP, "\u00a1": OP, "\u00bf": OP, "\u201a": OP, "\u201e": OP,
    ")": CP, "]": CP, "}": CL,
    '"': QU, "'": QU, "\u00ab": QU, "\u00bb": QU,
    "\u2018": QU, "\u2019": QU, "\u201b": QU, "\u201c": QU, "\u201d": QU, "\u201f": QU,
    "\u2039": QU, "\u203a": QU,
    "!": EX, "?": EX, "\u061b": EX, "\u061f": EX, "\u06d4": EX,
    ",": IS, ".": IS, ":": IS, ";": IS, "\u060c": IS, "\u037e": IS,
    "/": SY,
    "%": PO, "\u2030": PO, "\u2031": PO, "\u2032": PO, "\u2033": PO, "\u00b0": PO,
    "\u00a2": PO, "\u066a": PO,
    "$": PR, "+": PR, "\\": PR, "\u00b1": PR, "\u2212": PR, "\u2116": PR,
    "#": AL, "&": AL, "*": AL, "<": AL, "=": AL, ">": AL, "@": AL, "^": AL,
    "_": AL, "`": AL, "|": BA, "~": AL,
    "-": HY,
    "\u00a0": GL, "\u202f": GL, "\u2007": GL, "\u2011": GL, "\u0f0c": GL,
    "\u200b": ZW, "\u2060": WJ, "\ufeff": WJ,
    "\u2014": B2, "\u2026": IN, "\u2025": IN, "\u2024": IN,
    "\u00ad": BA, "\u2010": BA, "\u2013": BA, "\u058a": BA,
    "\u3000": BA,
    "\u200d": CM, "\u200c": CM,
}


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> int:
    """Return the UAX #14 line breaking class of one character (approximated)."""
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    category = unicodedata.category(char)
    major = category[0]
    if major == "L":
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return ID
        return AL
    if major == "M":
        return CM
    if category == "Nd":
        return NU
    if category == "Zs":
        return BA
    if category == "Pd":
        return BA
    if category == "Ps":
        return OP
    if category == "Pe":
        return CL
    if category in ("Pi", "Pf"):
        return QU
    if category == "Sc":
        return PR
    if category in ("Cc", "Cf"):
        return CM
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return ID
    return AL


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Return the number of columns a character takes on a terminal."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


_NARROW = re.compile(r"[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u0590\u0600-\u060f"
                     r"\u061b-\u064a\u0660-\u066f\u0671-\u06d5\u06dd\u06e5\u06e6\u06ee-\u06ff"
                     r"\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f]*")


def _is_narrow(text: str) -> bool:
    """True when every character of text takes exactly one column."""
    return _NARROW.fullmatch(text) is not None


def _break_allowed(text: str, pos: int, forbidden: frozenset[int] | set[int]) -> bool:
    """Whether a line may be broken before text[pos] (UAX #14, pair table)."""
    if pos <= 0 or pos in forbidden:
        return False
    char = text[pos]
    previous = text[pos - 1]
    # Fast paths for prose (letters and digits narrower than CJK): never
    # between two of them; after spaces, unless an opening bracket precedes.
    if char < "\u1100" and char.isalnum():
        if previous < "\u1100" and previous.isalnum():
            return False
        if previous == " ":
            index = pos - 2
            while index >= 0 and text[index] == " ":
                index -= 1
            return index >= 0 and line_break_class(text[index]) != OP
    after = line_break_class(char)
    if after == SP:
        return False
    if after == CM:
        # LB9/LB10: a combining mark sticks to what precedes it, unless a
        # space precedes it, in which case it acts as a letter.
        if text[pos - 1] != " ":
            return False
        after = AL
    index = pos - 1
    spaces = False
    while index >= 0 and text[index] == " ":
        spaces = True
        index -= 1
    if index < 0:
        return False
    before = line_break_class(text[index])
    while before == CM and index > 0:
        index -= 1
        before = line_break_class(text[index])
        if before == SP:
            before = AL
            break
    if before == CM or before == SP:
        before = AL
    verdict = _TABLE[before][after]
    if verdict == "_":
        return True
    if verdict == "%":
        return spaces
    if verdict == "#":
        return False
    return False


def break_points(
    text: str,
    width: int,
    first_column: int,
    forbidden: frozenset[int] | set[int] = frozenset(),
    first_only: bool = False,
) -> list[int]:
    """Where gettext would break ``text`` to fit lines of ``width`` columns.

    Args:
        text: The escaped string, as it appears between the quotes.
        width: The columns available on every line.
        first_column: Columns already used on the first line.
        forbidden: Positions before which a break is never made (the second
            character of an escape sequence).
        first_only: Only tell whether the text wraps at all: return the first
            break opportunity, or nothing.

    Returns:
        The positions, in increasing order, before which a new line starts.
    """
    narrow = _is_narrow(text)
    if narrow:
        if first_column + len(text) <= width:
            return []
    else:
        columns = [0]
        for char in text:
            columns.append(columns[-1] + char_width(char))
        if first_column + columns[-1] <= width:
            return []
    if first_only:
        # The caller only asks whether the text wraps: it does as soon as it
        # is too long and can be broken somewhere.
        return next(([pos] for pos in range(1, len(text))
                     if _break_allowed(text, pos, forbidden)), [])
    breaks: list[int] = []
    start = 0
    column = first_column
    length = len(text)
    while True:
        # limit: the last position whose text from start fits on the line.
        if narrow:
            limit = start + (width - column)
            if limit >= length:
                return breaks
        else:
            budget = columns[start] + (width - column)
            if columns[-1] <= budget:
                return breaks
            limit = start
            while limit < length and columns[limit + 1] <= budget:
                limit += 1
        found = -1
        pos = limit
        while pos > start:
            # Between two letters or digits there is never a break: skip
            # them without the full check.
            char, previous = text[pos], text[pos - 1]
            if not (char.isalnum() and previous.isalnum()
                    and char < "\u1100" and previous < "\u1100") and \
                    _break_allowed(text, pos, forbidden):
                found = pos
                break
            pos -= 1
        if found < 0:
            # The first piece does not fit: it stays whole on its own line.
            pos = max(limit + 1, start + 1)
            while pos < length and not _break_allowed(text, pos, forbidden):
                pos += 1
            if pos >= length:
                return breaks
            found = pos
        breaks.append(found)
        start = found
        column = 0
