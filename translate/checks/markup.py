"""What a translation must carry over from its msgid: the markup of its
document's format (Markdown: emphasis, inline code, HTML, links), and what
every format shares: web and e-mail addresses, placeholders and numbers
(:func:`check_markup`).

The vocabulary is :mod:`translate.segment.inline`'s, the one machine
translation protects; each format compares its own markup
(``DocumentFormat.check_inline``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..segment.inline import (ORDINAL_RE, PLACEHOLDER_RE, URL_RE, digit_runs, differs,
                              numbers, urls)

if TYPE_CHECKING:
    from ..segment import DocumentFormat

__all__ = ["check_markup"]


def check_markup(msgid: str, msgstr: str,
                 fmt: DocumentFormat | bool | None = None) -> list[tuple[str, str]]:
    """What a translation does not carry over from its msgid.

    Args:
        msgid: The source text.
        msgstr: Its translation.
        fmt: The format of its document, whose own markup is compared too
            (None: only what every format shares; True, as earlier versions
            took it: Markdown).

    Returns:
        (code, message) pairs, codes ``inline-markup``, ``link``, ``number``
        and ``placeholder``; none when everything is carried over.
    """
    if isinstance(fmt, bool):
        from ..segment import get_format

        fmt = get_format("markdown") if fmt else None
    problems: list[tuple[str, str]] = []
    source_text, translation = msgid, msgstr
    if fmt is not None:
        inline = fmt.check_inline(msgid, msgstr)
        problems.extend(inline.problems)
        source_text, translation = inline.source, inline.translation
    if "/" in source_text or "@" in source_text or "/" in translation or "www." in translation:
        expected, found = Counter(urls(source_text)), Counter(urls(translation))
        if expected != found:
            problems.append(("link", "URLs differ: " + differs(expected, found)))
        source_text = URL_RE.sub(" ", source_text)
        translation = URL_RE.sub(" ", translation)
    if "%" in source_text or "{" in source_text or "%" in translation or "{" in translation:
        holders = Counter(PLACEHOLDER_RE.findall(source_text))
        found_holders = Counter(PLACEHOLDER_RE.findall(translation))
        if holders != found_holders:
            problems.append(("placeholder", "placeholders differ: "
                             + differs(holders, found_holders)))
        source_text = PLACEHOLDER_RE.sub(" ", source_text)
        translation = PLACEHOLDER_RE.sub(" ", translation)
    if digit_runs(source_text) == digit_runs(translation):
        return problems  # the same digits in the same order: nothing to compare
    expected_numbers, found_numbers = numbers(source_text), numbers(translation)
    if expected_numbers != found_numbers:
        # An ordinal of the msgid ("24th") may be spelled out ("الرابعة والعشرين").
        expected_numbers -= {number for number in ORDINAL_RE.findall(source_text)
                             if number not in found_numbers}
    if expected_numbers != found_numbers:
        problems.append(("number", "numbers differ: " + differs(
            Counter(sorted(expected_numbers)), Counter(sorted(found_numbers)))))
    return problems
