"""The inline vocabulary every format, engine and check shares: tokens,
placeholders, URLs and numbers.

One definition each, so that what machine translation protects is exactly
what ``translate check`` compares:

* :data:`TOKEN_RE`: the ``{0}``, ``{1}`` ... tokens that stand for protected
  text between :mod:`translate.mt` and an engine (the engine contract: an
  engine copies them as they are); :data:`RETURNED_TOKEN_RE` is how an engine
  may give one back (``{ 0 }``).
* :data:`PLACEHOLDER_RE`: printf (``%s``, ``%5.2f``, ``%(name)d``,
  ``%1$s``, ``%%``), brace (``{name}``, ``{0}``, ``{}``, ``{0[1]}``,
  ``{name!r:>5}``), template (``{{ name }}``, ``${name}``) placeholders.
* :data:`URL_RE`: web addresses (``https://``, ``ftp://``, ``www.``) and
  e-mail addresses, without the sentence punctuation after them.
* :func:`numbers`: the numbers of a text, compared without their digit
  grouping, Arabic-Indic digits read as digits.

Formats add their own markup (Markdown: code spans, emphasis, links, HTML)
in their module.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["TOKEN_RE", "RETURNED_TOKEN_RE", "token", "PLACEHOLDER", "PLACEHOLDER_RE", "URL",
           "URL_RE", "urls", "CODE_SPAN_RE", "NUMBER_RE", "ORDINAL_RE", "numbers", "digit_runs", "differs"]

#: A token as :mod:`translate.mt` writes it for an engine.
TOKEN_RE = re.compile(r"\{\d+\}")
#: A token as an engine may give it back (spaces inside the braces).
RETURNED_TOKEN_RE = re.compile(r"\{\s*(\d+)\s*\}")


def token(number: int) -> str:
    """The token that stands for the protected span ``number``."""
    return "{%d}" % number


#: Placeholders of printf, Python, brace and template formats.
PLACEHOLDER = (
    r"%(?:\([A-Za-z_]\w*\)|\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa](?![A-Za-z])"        # %s %5.2f %(name)d %1$s
    r"|%%"
    r"|\{\{\s*[A-Za-z_][\w.]*\s*\}\}"                                  # {{ name }}
    r"|\{(?:[A-Za-z_]\w*|\d+)?(?:\.[A-Za-z_]\w*|\[[^\]{}\s]*\])*"
    r"(?:![rsa])?(?::[^{}\s]*)?\}"                                     # {name} {0} {} {:d}
    r"|\$\{[A-Za-z_][\w.]*\}"                                          # ${name}
)
PLACEHOLDER_RE = re.compile(PLACEHOLDER)

_URL_CHARS = r"[^\s<>\"'`)\]]"
_URL_END = r"[^\s<>\"'`)\].,;:!?»”’]"
#: Web and e-mail addresses; the punctuation that ends a sentence after one
#: is not part of it.
URL = (rf"(?:https?|ftp)://{_URL_CHARS}*{_URL_END}|www\.{_URL_CHARS}*{_URL_END}"
       r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(URL)


def urls(text: str) -> list[str]:
    """The web and e-mail addresses of a text, in order."""
    return URL_RE.findall(text)


#: Inline code between backquotes (Markdown's, and plain text's by habit):
#: code, not words of a language.
CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.S)

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*")
#: An ordinal of English text ("24th"), which a translation may spell out.
ORDINAL_RE = re.compile(r"(\d+)(?:st|nd|rd|th|º|ª)\b")
_DIGIT_RE = re.compile(r"\d")
_DIGIT_RUN_RE = re.compile(r"\d+")
_NON_DIGITS_RE = re.compile(r"\D")
_OTHER_DIGIT_RE = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def digit_runs(text: str) -> list[str]:
    """The runs of digits of a text, in order (a quick equality test)."""
    return _DIGIT_RUN_RE.findall(text)


def numbers(text: str) -> set[str]:
    """The numbers of a text as digit strings: ``1,000``, ``1 000`` and
    ``١٠٠٠`` are all ``1000``."""
    if not _DIGIT_RE.search(text):
        return set()
    if _OTHER_DIGIT_RE.search(text):
        text = text.translate(_DIGITS)
    return {_NON_DIGITS_RE.sub("", number) for number in NUMBER_RE.findall(text)}


def differs(expected: Counter, found: Counter) -> str:
    """How two multisets of inline items differ, for a finding's message."""
    missing = list((expected - found).elements())
    extra = list((found - expected).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(item) for item in missing))
    if extra:
        parts.append("not in the msgid: " + ", ".join(repr(item) for item in extra))
    return "; ".join(parts)
