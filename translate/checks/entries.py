"""The checks of one catalog entry: small functions in a list.

:func:`~translate.checks.check_project` walks every catalog and hands each of
its entries to the checks of :data:`ENTRY_CHECKS`, in order.  A check takes
the catalog's :class:`CatalogContext` and one entry (a polib entry, as
:func:`translate.po.read_po` gives it) and returns the findings it makes, an
empty sequence when the entry is fine.  A check that decides nothing else is
to be said about the entry (it is obsolete, untranslated, fuzzy, or a copy of
its msgid) returns its findings as a :class:`Stop`: the checks after it in the
list do not see the entry.

Each check declares the codes it reports (:func:`entry_check`); the walk
skips a check none of whose codes is selected, unless it is a *gate*: a check
that stops the entry must run whatever is selected, so that ``--select
number`` does not compare the numbers of an untranslated entry.

A new check is one function, one line in :data:`ENTRY_CHECKS` and its code in
:data:`~translate.checks.findings.CODES`::

    @entry_check("all-caps")
    def check_all_caps(context: CatalogContext, entry: POEntry) -> Sequence[Finding]:
        \"\"\"all-caps: the translation shouts where the msgid does not.\"\"\"
        msgstr = msgstr_of(entry)
        if msgstr.isupper() and not entry.msgid.isupper():
            return [context.finding(entry.linenum or 1, "all-caps",
                                    f"the translation is in capitals: {shorten(msgstr)}")]
        return ()

    ENTRY_CHECKS = [..., check_all_caps]

    # findings.py
    CODES = {..., "all-caps": ("markup", "warning", "a translation in capitals")}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..po import is_fuzzy, is_translated, msgstr_of
from ..segment.inline import CODE_SPAN_RE, URL_RE
from .findings import CODES, Finding, language_name, shorten
from .markup import check_markup

if TYPE_CHECKING:
    from ..glossary import Glossary
    from ..segment import DocumentFormat
    from .language import LanguageGuesser

__all__ = ["CatalogContext", "Stop", "EntryCheck", "entry_check", "ENTRY_CHECKS",
           "check_obsolete", "check_untranslated", "check_fuzzy",
           "check_glossary_terms", "check_markup_entry", "check_unchanged", "check_language",
           "MIN_LETTERS", "MAX_LANGUAGE_FINDINGS", "letter_count"]

#: Text shorter than this (in letters, once names are removed) is not given
#: to language identification: it is wrong too often on short strings.
MIN_LETTERS = 40
#: Wrong-language findings after which a catalog's language is not guessed
#: any more: a catalog that is not in its language at all (pseudo-text, a
#: file saved in the wrong folder) would cost a guess per entry, ~1 ms each.
MAX_LANGUAGE_FINDINGS = 5

_LETTER_RE = re.compile(r"[^\W\d_]")
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
_NAME_PUNCT = ".,;:!?()[]{}«»“”\"'’‘*_`"


@dataclass
class CatalogContext:
    """What the checks of one catalog share.

    Attributes:
        path: The catalog, relative to the project root, as findings name it.
        language: The catalog's language.
        codes: The finding codes to report.
        format: The format of its document, whose inline markup is compared
            (None: only what every format shares).
        glossary: The project's glossary, if it has one.
        guesser: Language identification (None: languages are not checked);
            :func:`check_language` drops it after
            :data:`MAX_LANGUAGE_FINDINGS` findings.
        language_findings: The wrong-language findings made so far.
    """

    path: str
    language: str
    codes: frozenset[str] = frozenset(CODES)
    format: DocumentFormat | None = None
    glossary: Glossary | None = None
    guesser: LanguageGuesser | None = None
    language_findings: int = 0

    def finding(self, line: int, code: str, message: str) -> Finding:
        """A finding about this catalog, with the severity of its code."""
        return Finding(self.path, line, code, CODES[code][1], message, self.language)


class Stop(tuple):
    """The findings of a check after which the entry is checked no further."""

    __slots__ = ()


class EntryCheck(Protocol):
    """A check of one entry (see the module's docstring)."""

    #: The codes it reports.
    codes: frozenset[str]
    #: It may stop the entry, so it runs even when none of its codes is selected.
    gate: bool

    def __call__(self, context: CatalogContext, entry: Any) -> Sequence[Finding]: ...


def entry_check(*codes: str, gate: bool = False) -> Callable[[Callable], EntryCheck]:
    """Declare a function an entry check.

    Args:
        codes: The codes of :data:`~translate.checks.findings.CODES` it reports.
        gate: It may return a :class:`Stop`, which must happen even when none
            of its codes is selected.

    Returns:
        A decorator that gives the function its ``codes`` and ``gate``.
    """
    unknown = [code for code in codes if code not in CODES]
    if unknown:
        raise ValueError(f"entry check codes not in CODES: {unknown}")

    def declare(function: Callable) -> EntryCheck:
        function.codes = frozenset(codes)  # type: ignore[attr-defined]
        function.gate = gate  # type: ignore[attr-defined]
        return function  # type: ignore[return-value]

    return declare


def letter_count(text: str) -> int:
    """How many letters a text has (digits and underscores are not letters)."""
    return sum(map(len, _LETTER_RUN_RE.findall(text)))


# ---------------------------------------------------------------------------
# The checks, in the order they run


@entry_check("obsolete", gate=True)
def check_obsolete(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """obsolete: an obsolete (``#~``) entry; nothing else is checked on it."""
    if not entry.obsolete:
        return ()
    return Stop([context.finding(
        entry.linenum or 1, "obsolete",
        f"obsolete entry {shorten(entry.msgid)} -- delete it when it is no longer useful")])


@entry_check("untranslated", gate=True)
def check_untranslated(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """untranslated: no translation; nothing else is checked on it."""
    if is_translated(entry):
        return ()
    return Stop([context.finding(entry.linenum or 1, "untranslated",
                                 f"untranslated: {shorten(entry.msgid)}")])


@entry_check("fuzzy", gate=True)
def check_fuzzy(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """fuzzy: a draft, a machine translation or a translation of an older
    msgid, not reviewed; nothing else is checked on it."""
    if not is_fuzzy(entry):
        return ()
    return Stop([context.finding(entry.linenum or 1, "fuzzy", _fuzzy_message(entry))])


@entry_check("glossary-missing", "glossary-forbidden", "glossary-altered")
def check_glossary_terms(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """glossary-missing, glossary-forbidden, glossary-altered: the terms of
    the msgid as the glossary wants them rendered."""
    glossary = context.glossary
    if glossary is None:
        return ()
    line = entry.linenum or 1
    findings = []
    for check in glossary.problems(entry.msgid, msgstr_of(entry), context.language):
        text = f"{check.term!r} {check.status}"
        if check.status == "forbidden":
            text += f": {check.found!r} is a wrong rendering"
        elif check.status == "altered" and check.found:
            text += f": found {check.found!r}"
        if check.expected:
            text += f", expected {check.expected!r}"
        findings.append(context.finding(line, f"glossary-{check.status}",
                                        f"{text} (see {glossary.path}:{check.line})"))
    return findings


@entry_check("inline-markup", "link", "number", "placeholder")
def check_markup_entry(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """inline-markup, link, number, placeholder: what the translation must
    carry over from its msgid (:func:`~translate.checks.markup.check_markup`)."""
    line = entry.linenum or 1
    return [context.finding(line, code, message)
            for code, message in check_markup(entry.msgid, msgstr_of(entry),
                                              context.format)]


@entry_check("unchanged")
def check_unchanged(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """unchanged: the msgstr is a copy of the msgid, unless the msgid holds
    only names the glossary keeps, numbers, URLs and symbols.  A copy is not
    checked for its language."""
    msgid = entry.msgid
    if msgstr_of(entry) != msgid:
        return ()
    glossary = context.glossary
    forms = _keep_forms(glossary, msgid, context.language) if glossary else []
    if _only_kept(msgid, forms):
        return Stop()
    return Stop([context.finding(
        entry.linenum or 1, "unchanged",
        f"the translation is a copy of the msgid {shorten(msgid)} -- translate it, "
        "or add its names to the glossary as 'keep'")])


@entry_check("wrong-language")
def check_language(context: CatalogContext, entry: Any) -> Sequence[Finding]:
    """wrong-language: the translation looks like another language than the
    catalog's (see :mod:`translate.checks.language`).  After
    :data:`MAX_LANGUAGE_FINDINGS` findings the rest of the catalog is not
    checked for language."""
    guesser = context.guesser
    msgid = entry.msgid
    msgstr = msgstr_of(entry)
    language = context.language
    if guesser is None or msgstr == msgid or guesser.clearly(msgstr, language):
        return ()
    glossary = context.glossary
    forms = _keep_forms(glossary, msgid, language) if glossary else []
    text = guesser.without_copied(msgid, _without_names(msgid, msgstr, forms), language)
    if letter_count(text) < MIN_LETTERS:
        return ()
    other = guesser.other_language(text, language)
    if other is None:
        return ()
    line = entry.linenum or 1
    findings = [context.finding(
        line, "wrong-language",
        f"the translation looks {language_name(other[0])} (p={other[1]:.2f}), "
        f"not {language_name(language)} (p={other[2]:.2f}): {shorten(msgstr)}")]
    context.language_findings += 1
    if context.language_findings == MAX_LANGUAGE_FINDINGS:
        context.guesser = None
        findings.append(context.finding(
            line, "wrong-language",
            f"{MAX_LANGUAGE_FINDINGS} translations of this catalog look like "
            f"another language than {language_name(language)}; the rest of "
            "it was not checked for language"))
    return findings


#: The checks of every entry, in the order they run.
ENTRY_CHECKS: list[EntryCheck] = [check_obsolete, check_untranslated, check_fuzzy,
                                  check_glossary_terms, check_markup_entry, check_unchanged,
                                  check_language]


# ---------------------------------------------------------------------------
# Helpers of the checks


def _keep_forms(glossary, msgid: str, language: str) -> list[str]:
    """The forms in which the names and terms of a msgid that stay as they
    are (``keep`` terms, terms written alike in both languages) appear."""
    forms: list[str] = []
    for match in glossary.find(msgid):
        term = match.term
        if term.kind == "keep":
            forms.extend(term.targets.get(language, ()) or term.source_forms)
            forms.append(match.form)
        elif term.kind == "term":
            targets = term.targets.get(language, ())
            if any(target.casefold() == match.form.casefold() for target in targets):
                forms.append(match.form)
    return sorted(set(forms), key=len, reverse=True)


def _only_kept(msgid: str, forms: list[str]) -> bool:
    """Whether a msgid holds only names to keep, numbers, URLs and symbols."""
    text = URL_RE.sub(" ", msgid)
    for form in forms:
        text = text.replace(form, " ")
    return not _LETTER_RE.search(text)


def _without_names(msgid: str, msgstr: str, forms: list[str]) -> str:
    """The translation without what language identification must not see:
    names to keep, capitalised words the msgid has too, URLs, code, numbers."""
    text = CODE_SPAN_RE.sub(" ", msgstr) if "`" in msgstr else msgstr
    text = URL_RE.sub(" ", text)
    for form in forms:
        text = text.replace(form, " ")
    names = {word.strip(_NAME_PUNCT) for word in msgid.split()}
    names = {word for word in names if word[:1].isupper()}
    return " ".join(word for word in text.split() if word.strip(_NAME_PUNCT) not in names)


def _fuzzy_message(entry) -> str:
    from ..catalog import machine_draft, machine_model

    # Only a draft whose text is still what the tool wrote is called one: a
    # translator's edit (or a line without checksum) makes it their work.
    if machine_draft(entry):
        unenforced = [line[len("glossary: missing"):].strip()
                      for line in (entry.comment or "").split("\n")
                      if line.startswith("glossary: missing")]
        note = f" (terms it could not apply: {', '.join(unenforced)})" if unenforced else ""
        return (f"machine translation draft ({machine_model(entry)}), not reviewed{note}: "
                f"{shorten(entry.msgid)} -- review it and remove the fuzzy flag")
    return f"fuzzy translation of {shorten(entry.msgid)} -- review it and remove the fuzzy flag"
