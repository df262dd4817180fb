"""Sentence splitting that needs no model and no download.

argostranslate's own splitter (MiniSBD, or Stanza) downloads a model the first
time it meets a language, which fails on a machine without a network, and it
imports torch.  Press releases need little: a sentence ends at ``.``, ``!``,
``?`` or ``…`` (with any closing quotes or brackets) followed by a space and a
word that can start a sentence, except after an abbreviation or an initial
(``Police Maj. Gen.``, ``A. Prokopchuk``, ``No. 5``, ``e.g.``).
"""

from __future__ import annotations

import re

from ..segment.inline import TOKEN_RE

__all__ = ["split_sentences"]

# Abbreviations after which a full stop does not end a sentence, compared in
# lower case without the stop.  Titles and ranks come first: they are the
# ones press releases are full of.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt messrs mme mlle mmes me sra srta dra
gen lt col maj capt cpt sgt cmdr adm brig cdr insp supt det cpl pvt
gov sen rep pres amb hon rev fr
no nos nr vol vols art arts para sec ch fig figs pp p
jan feb mar apr jun jul aug sep sept oct nov dec
inc ltd co corp bros dept univ assn est approx ca cf al
e.g i.e etc vs viz
г гг ул им т.е т.к т.д т.п см стр
""".split())

_END = re.compile(r"""[.!?\u2026\u061f]+["'\u2019\u201d\u00bb)\]]*(?=\s)""")
# A sentence starts with a capital letter, a digit or a protected span's token.
_NEXT = re.compile(r"""\s+(?=["'\u2018\u201c\u00ab(\[¿¡]*(?:[^\W_a-z]|""" + TOKEN_RE.pattern + "))")
_WORD_BEFORE = re.compile(r"(\w[\w.]*)\.$")


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the full stop ending at ``stop`` ends a sentence."""
    match = _WORD_BEFORE.search(text, 0, stop)
    if match is None:
        return True
    word = match.group(1)
    if word.lower() in ABBREVIATIONS:
        return False
    # An initial: one capital letter (A. Prokopchuk), or dotted letters (U.S.).
    if len(word) == 1 and word.isupper():
        return False
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return False
    return True


def split_sentences(text: str) -> list[str]:
    """Cut one line of text into sentences, without their surrounding spaces.

    Joining the sentences with one space gives the text back, apart from runs
    of spaces between sentences.

    >>> split_sentences("Gen. A. Smith spoke. Then he left! Done?")
    ['Gen. A. Smith spoke.', 'Then he left!', 'Done?']
    """
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        gap = _NEXT.match(text, match.end())
        if gap is None:
            continue
        if text[match.start()] == "." and match.end() - match.start() == 1 \
                and not _ends_sentence(text, match.end()):
            continue
        piece = text[start:match.end()].strip()
        if piece:
            sentences.append(piece)
        start = gap.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
