"""Bidirectional text in web pages: isolate what reads the other way.

In a right-to-left page (Arabic), a Latin name, a number with its suffix, a
URL or an e-mail address inside the text must keep its own order: each such
run is wrapped in ``<bdi dir="ltr">`` (the W3C's advice for inline content of
the opposite direction), so that "Usalama IV" or "24th" never come out
scrambled and the punctuation around them stays where the sentence puts it.
In a left-to-right page the same is done for Arabic or Hebrew runs
(``<bdi dir="rtl">``).  A plain number needs nothing, but numbers joined by a
hyphen, a dash or a plus (a date ``2019-02-05``, a range ``5–7``) do: after
Arabic letters the bidi algorithm takes them for Arabic numbers, which a
hyphen does not hold together, and shows ``05-02-2019``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

__all__ = ["isolate", "isolator"]

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_RTL = "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# A run starts and ends with a letter or digit of its script and may hold
# spaces and the punctuation of names, numbers and addresses in between; it
# needs one letter (digits alone take the text's direction).
_JOINERS = r" .,:/@#&+_%'’()\-\u2013\u00a0"
_LTR_RUN_RE = re.compile(
    rf"[{_LATIN}0-9](?:[{_LATIN}0-9{_JOINERS}]*[{_LATIN}0-9)])?")
_RTL_RUN_RE = re.compile(rf"[{_RTL}](?:[{_RTL}0-9 .,'\-]*[{_RTL}])?")
#: What makes a run need isolating: a Latin letter, or numbers joined by a
#: hyphen, a dash or a plus.
_NEEDS_LTR_RE = re.compile(rf"[{_LATIN}]|[0-9][-\u2013\u2014+][0-9]")
#: A letter of a right-to-left script: where a left-to-right page has none
#: (nearly every run of text), there is nothing to isolate.
_RTL_LETTER_RE = re.compile(rf"[{_RTL}]")


def isolate(text: str, direction: str) -> str:
    """Escape plain text for HTML, isolating the runs of the opposite
    direction of a page (``direction`` is the page's ``ltr`` or ``rtl``)."""
    if direction == "rtl":
        pattern, other, needs = _LTR_RUN_RE, "ltr", _NEEDS_LTR_RE
    else:
        pattern, other, needs = _RTL_RUN_RE, "rtl", None
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        run = match.group()
        if needs is not None and not needs.search(run):
            continue
        # A closing bracket belongs to the run only if it opened there.
        while run.endswith(")") and run.count("(") < run.count(")"):
            run = run[:-1]
        end = match.start() + len(run)
        out.append(escape(text[position:match.start()], quote=False))
        out.append(f'<bdi dir="{other}">{escape(run, quote=False)}</bdi>')
        position = end
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def isolator(direction: str) -> Callable[[str], str]:
    """:func:`isolate` for the pages of one direction: the same result, but
    a run of text without a right-to-left letter in a left-to-right page is
    only escaped (a page calls this for every run of its text)."""
    if direction == "rtl":
        return lambda text: isolate(text, "rtl")
    search = _RTL_LETTER_RE.search

    def isolate_ltr(text: str) -> str:
        if search(text) is None:
            return escape(text, quote=False)
        return isolate(text, direction)

    return isolate_ltr
