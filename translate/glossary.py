"""The terminology glossary: load ``glossary.csv``, find terms, verify their use.

The file is made to be edited in a spreadsheet (UTF-8 with or without a BOM;
separated by commas, semicolons or tabs): one row per concept, with these
columns (any order; only ``term`` and ``kind`` are required)::

    term            the English term, as written in the documents
    variants        other English forms, separated by "|": plural, possessive,
                    abbreviation, capitalisation, hyphen or space
    kind            term       has a form in each target language
                    keep       never translated (operations, people, bodies
                               written as they are); the language column may
                               give a fixed form where a language transliterates
                    forbidden  only lists renderings known to be wrong
    case            "sensitive" to match the English forms with their case
                    (default: insensitive)
    note            for translators: where the forms come from
    <lang>          the canonical form in that language (ru, fr, es, ar...)
    <lang>_variants accepted variants, e.g. inflected forms, separated by "|"
    <lang>_forbidden renderings known to be wrong, separated by "|"

Terms are found in source segments by one matcher over words: longest match
first, whole words only, hyphens and line breaks counting as spaces.  A
translation is verified term by term (:func:`Glossary.verify`):

* ``ok``: an accepted form is there as written (case aside; for ``keep``
  terms, letter for letter);
* ``ok-inflected``: it is there inflected: same Snowball stems for Russian,
  French and Spanish (after NFC, case folding and ё -> е; Spanish keeps its
  accents, which its stemmer needs to tell *secretaría* from *secretario*);
  for Arabic, the same words once alef forms, diacritics and tatweel are
  normalized, with the attached prefixes و ف ب ك ل ال لل allowed;
* ``altered``: a ``keep`` term is there, but not letter for letter;
* ``forbidden``: a rendering known to be wrong is there;
* ``missing``: none of the above.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

from .checks.findings import Finding, LintFinding
from .errors import GlossaryError, UnknownLanguage
from .languages import get_language

if TYPE_CHECKING:
    from .project import Project

_log = logging.getLogger(__name__)
# Default glossaries found missing, reported once per process each.
_REPORTED_MISSING: set[Path] = set()

__all__ = ["Term", "TermMatch", "TermCheck", "Glossary", "Finding", "load_glossary",
           "parse_glossary", "project_glossary", "normalize", "PROBLEMS"]

KINDS = ("term", "keep", "forbidden")
#: The verification results that are errors in a translation.
PROBLEMS = frozenset({"altered", "forbidden", "missing"})

_SEPARATOR = "|"
_WORD_RE = re.compile(r"[^\W_]+")
# What may stand between the words of a term: spaces, line breaks, hyphens.
_JOINER_RE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013]+")
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
#: The alef variants (with hamza above or below, madda, wasla), written as
#: the bare alef.  (Replaced one by one: str.translate looks up every
#: character of the text, several times slower.)
_ARABIC_ALEFS = ("\u0623", "\u0625", "\u0622", "\u0671")
# Attached prefixes: a conjunction (و ف), a preposition (ب ك ل), the article
# (ال); ل + ال is written لل.
_ARABIC_PREFIXES = tuple(sorted({
    conj + prep + art
    for conj in ("", "\u0648", "\u0641")
    for prep in ("", "\u0628", "\u0643", "\u0644")
    for art in ("", "\u0627\u0644")
} | {conj + "\u0644\u0644" for conj in ("", "\u0648", "\u0641")}, key=len, reverse=True))


def normalize(text: str, language: str) -> str:
    """Text as compared: NFC, case folded, ё -> е; Arabic without diacritics,
    tatweel and alef variants."""
    text = unicodedata.normalize("NFC", text).casefold()
    if language == "ru":
        text = text.replace("\u0451", "\u0435")
    elif language == "ar":
        text = _ARABIC_DIACRITICS.sub("", text)
        for alef in _ARABIC_ALEFS:
            if alef in text:
                text = text.replace(alef, "\u0627")
    return text


@cache
def _stemmed(language: str) -> bool:
    """Whether the glossary compares a language's words by their stems (the
    language table names its Snowball algorithm)."""
    try:
        return get_language(language).stemmer is not None
    except UnknownLanguage:
        return False


@cache
def _stemmer(language: str):
    # snowballstemmer runs the C stemmers of PyStemmer when it is installed.
    import snowballstemmer

    return snowballstemmer.stemmer(get_language(language).stemmer)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def concept_key(term: str) -> str:
    """What makes two rows the same concept: their English terms' words,
    case aside (``Police Major-General`` is ``police major general``)."""
    return " ".join(_words(term)).casefold()


def _arabic_bare(word: str) -> str:
    """An Arabic word without its article (the form in the glossary)."""
    return word[2:] if word.startswith("\u0627\u0644") and len(word) > 3 else word


@dataclass(frozen=True)
class Term:
    """One concept of the glossary.

    Attributes:
        line: Its line in the CSV file.
        term: The English term.
        variants: Other English forms.
        kind: ``term``, ``keep`` or ``forbidden`` (or an unknown value, which
            the lint reports and the matcher ignores).
        case_sensitive: Whether the English forms match with their case.
        note: The note for translators.
        targets: Per language: the canonical form first, then the variants.
        forbidden: Per language: renderings known to be wrong.
    """

    line: int
    term: str
    variants: tuple[str, ...] = ()
    kind: str = "term"
    case_sensitive: bool = False
    note: str = ""
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def source_forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    def target(self, language: str) -> str | None:
        """The canonical form in a language (None if the cell is empty)."""
        forms = self.targets.get(language)
        return forms[0] if forms else None

    def comment(self, language: str) -> str:
        """The line shown to translators: ``Police Major-General = генерал-майор полиции``."""
        target = self.target(language)
        if self.kind == "keep":
            text = f"{self.term} = {target or self.term} (" + (
                "fixed form)" if target else "do not translate)")
        elif self.kind == "forbidden":
            text = f"{self.term}: never " + ", ".join(self.forbidden.get(language, ()))
        else:
            text = f"{self.term} = {target}" if target else f"{self.term} = (no form yet)"
        wrong = self.forbidden.get(language)
        if wrong and self.kind != "forbidden":
            text += " (not: " + ", ".join(wrong) + ")"
        return text


@dataclass(frozen=True)
class TermMatch:
    """A term found in a source text."""

    term: Term
    form: str
    start: int
    end: int


@dataclass(frozen=True)
class TermCheck:
    """How a translation renders one term of its source.

    Attributes:
        term: The English term.
        kind: The row's kind.
        status: ``ok``, ``ok-inflected``, ``altered``, ``forbidden``, ``missing``.
        expected: The form the translation should use.
        found: The words of the translation that matched, if any.
        line: The glossary row.
    """

    term: str
    kind: str
    status: str
    expected: str
    found: str = ""
    line: int = 0

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEMS

    def to_dict(self) -> dict:
        return asdict(self)


class _Form:
    """A target-language form, prepared for matching."""

    __slots__ = ("text", "words", "stems", "bare", "pattern")

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.words = tuple(_words(normalize(text, language)))
        self.stems: tuple[str, ...] = ()
        if _stemmed(language):
            self.stems = tuple(_stemmer(language).stemWords(list(self.words)))
        self.bare = tuple(_arabic_bare(word) for word in self.words) if language == "ar" else ()
        #: Finds the form's words as consecutive words (_words) of a text as
        #: compared (normalize): each whole, with only what separates words
        #: between them.  None for a form without words.
        self.pattern = _words_pattern(self.words) if self.words else None


def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # The first word, as a literal (the search looks for it as str.find
    # does), not preceded by a letter or digit; then the others, each after
    # a run of separators; then no letter or digit.
    first = re.escape(words[0])
    rest = "".join(r"[\W_]+" + re.escape(word) for word in words[1:])
    return re.compile(f"{first}(?<![^\\W_]{first}){rest}(?![^\\W_])")


class _Translation:
    """A translation, prepared once for all the terms checked in it."""

    __slots__ = ("text", "language", "words", "_stems", "_bares", "_hits")

    def __init__(self, text: str, language: str) -> None:
        self.text = unicodedata.normalize("NFC", text)
        self.language = language
        self.words = _words(normalize(text, language))
        self._stems: list[str] | None = None
        self._bares: list[frozenset[str]] | None = None
        # Where each form is, by form and inflection: verify() looks for the
        # same forms again for every term that has wrong renderings.
        self._hits: dict[tuple[int, bool], list[tuple[str, int, int]]] = {}

    @property
    def stems(self) -> list[str]:
        if self._stems is None:
            self._stems = _stemmer(self.language).stemWords(self.words)
        return self._stems

    @property
    def bares(self) -> list[frozenset[str]]:
        """Per Arabic word: the word and what is left once an attached prefix
        is taken off (what _arabic_matches accepts)."""
        if self._bares is None:
            self._bares = [_arabic_bares(word) for word in self.words]
        return self._bares

    def find_all(self, form: _Form, inflected: bool = True) -> list[tuple[str, int, int]]:
        """Every place the form is: ("ok" | "ok-inflected", first word, words)."""
        key = (id(form), inflected)
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = self._find_all(form, inflected)
        return hits

    def _find_all(self, form: _Form, inflected: bool) -> list[tuple[str, int, int]]:
        length = len(form.words)
        if not length:
            return []
        hits = [("ok", index, length) for index in _places(self.words, form.words)]
        if not inflected:
            return hits
        exact = {hit[1] for hit in hits}
        if form.stems:
            hits += [("ok-inflected", index, length) for index in _places(self.stems, form.stems)
                     if index not in exact]
        elif form.bare:
            bares = self.bares
            first = form.bare[0]
            for index in range(len(bares) - length + 1):
                if (index not in exact and first in bares[index]
                        and all(form.bare[k] in bares[index + k] for k in range(1, length))):
                    hits.append(("ok-inflected", index, length))
        return hits

    def find(self, form: _Form) -> tuple[str, str] | None:
        """("ok" | "ok-inflected", words found) for the best place of a form."""
        hits = self.find_all(form, inflected=False) or self.find_all(form)
        if not hits:
            return None
        status, index, length = hits[0]
        return status, " ".join(self.words[index:index + length])

    def has_verbatim(self, form: str) -> bool:
        """Whether the form is there letter for letter, as whole words."""
        return _has_verbatim(self.text, unicodedata.normalize("NFC", form))


def _has_verbatim(text: str, form: str) -> bool:
    """Whether ``form`` is in ``text`` letter for letter, as whole words."""
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or after.isalnum()):
            return True
        start = text.find(form, start + 1)
    return False


class _Places:
    """A set of (word, length) places computed on first use."""

    __slots__ = ("_make", "_places")

    def __init__(self, make) -> None:
        self._make = make
        self._places: set[tuple[int, int]] | None = None

    def __contains__(self, place: object) -> bool:
        if self._places is None:
            self._places = self._make()
        return place in self._places


def _places(sequence: list[str], wanted: tuple[str, ...]) -> list[int]:
    """Where ``wanted`` occurs in ``sequence`` (a list of words)."""
    places: list[int] = []
    length = len(wanted)
    first = wanted[0]
    last = len(sequence) - length + 1
    index = -1
    while True:
        try:
            index = sequence.index(first, index + 1, last)
        except ValueError:
            return places
        if length == 1 or tuple(sequence[index:index + length]) == wanted:
            places.append(index)


def _arabic_matches(word: str, bare: str) -> bool:
    if word == bare:
        return True
    for prefix in _ARABIC_PREFIXES:
        if prefix and word.startswith(prefix) and word[len(prefix):] == bare:
            return True
    return False


@cache
def _arabic_bares(word: str) -> frozenset[str]:
    """Every ``bare`` that ``_arabic_matches(word, bare)`` accepts."""
    return frozenset([word] + [word[len(prefix):] for prefix in _ARABIC_PREFIXES
                               if prefix and word.startswith(prefix)])


class Glossary:
    """The concepts of a glossary and the matcher built from them.

    Args:
        terms: The rows, in file order (earlier rows win ties).
        path: The file, for messages.
    """

    def __init__(self, terms: Iterable[Term], path: str = "glossary.csv") -> None:
        self.path = path
        self.terms = list(terms)
        # One matcher for all terms: the first word of every English form
        # leads to the forms starting with it, longest first.
        self._index: dict[str, list[tuple[tuple[str, ...], bool, Term, str]]] = {}
        for term in self.terms:
            if term.kind not in KINDS:
                continue
            for form in term.source_forms:
                words = tuple(_WORD_RE.findall(unicodedata.normalize("NFC", form)))
                if not words:
                    continue
                key = words[0].casefold()
                folded = words if term.case_sensitive else tuple(w.casefold() for w in words)
                self._index.setdefault(key, []).append((folded, term.case_sensitive, term, form))
        for candidates in self._index.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self._forms: dict[tuple[str, str], _Form] = {}
        self._found: dict[str, list[TermMatch]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[TermMatch]:
        """The terms in a source text: longest match first, whole words."""
        cached = self._found.get(text)
        if cached is None:
            cached = self._found[text] = self._find(text)
        return cached

    def _find(self, text: str) -> list[TermMatch]:
        text = unicodedata.normalize("NFC", text)
        spans = list(_WORD_RE.finditer(text))
        words = [match.group() for match in spans]
        keys = [word.casefold() for word in words]
        index = self._index
        count = len(words)
        found: list[TermMatch] = []
        free = 0
        for position in [i for i, key in enumerate(keys) if key in index]:
            if position < free:
                continue
            for form_words, sensitive, term, form in index[keys[position]]:
                end = position + len(form_words)
                if end > count:
                    continue
                if tuple((words if sensitive else keys)[position:end]) != form_words:
                    continue
                if all(_JOINER_RE.fullmatch(text, spans[k].end(), spans[k + 1].start())
                       for k in range(position, end - 1)):
                    found.append(TermMatch(term, form, spans[position].start(),
                                           spans[end - 1].end()))
                    free = end
                    break
        return found

    def _form(self, text: str, language: str) -> _Form:
        key = (text, language)
        form = self._forms.get(key)
        if form is None:
            form = self._forms[key] = _Form(text, language)
        return form

    def comments(self, source: str, language: str) -> list[str]:
        """The ``glossary:`` comment lines for a source text, in order of
        appearance, one per concept."""
        seen: set[int] = set()
        lines = []
        for match in self.find(source):
            if id(match.term) not in seen:
                seen.add(id(match.term))
                lines.append("glossary: " + match.term.comment(language))
        return lines

    def verify(self, source: str, translation: str, language: str) -> list[TermCheck]:
        """Check that a translation uses every term of its source correctly.

        Args:
            source: The msgid.
            translation: The msgstr.
            language: The translation's language code.

        Returns:
            One result per concept found in the source, in order of appearance
            (concepts without a form in that language are not checked).
        """
        prepared = _Translation(translation, language)
        terms: list[tuple[Term, str]] = []
        seen: set[int] = set()
        for match in self.find(source):
            if id(match.term) not in seen:
                seen.add(id(match.term))
                terms.append((match.term, match.form))
        results: list[TermCheck] = []
        for term, form in terms:
            # A wrong rendering of one term can be the right one of another
            # term of the same source: those places do not count against it.
            # (Computed only when a wrong rendering is there.)
            others = _Places(lambda term=term: {
                (index, length)
                for other, _ in terms if other is not term
                for accepted in other.targets.get(language, ())
                for _, index, length in prepared.find_all(self._form(accepted, language))})
            check = self._check(term, form, prepared, language, others)
            if check is not None:
                results.append(check)
        return results

    def problems(self, source: str, translation: str, language: str) -> list[TermCheck]:
        """The results of :meth:`verify` that are problems (``missing``,
        ``forbidden``, ``altered``), and the same list, found faster: when
        every term of the source is there in an accepted form, as written,
        and no wrong rendering is, the full verification is skipped."""
        matches = self.find(source)
        if not matches or self._all_written(matches, translation, language):
            return []
        return [check for check in self.verify(source, translation, language)
                if check.is_problem]

    def _all_written(self, matches: list[TermMatch], translation: str, language: str) -> bool:
        """Whether verify() would give every term ``ok`` (or skip it): an
        accepted form is there as written, and no wrong rendering is."""
        if not unicodedata.is_normalized("NFC", translation):
            return False
        # A form's words are consecutive words of the text exactly when its
        # pattern (_Form.pattern) is found in the text as compared.
        text = normalize(translation, language)
        stemmed: str | None = None

        def written(form: str) -> bool:
            pattern = self._form(form, language).pattern
            return pattern is not None and pattern.search(text) is not None

        def inflected(form: str) -> bool:
            # verify() accepts a form whose Snowball stems are there (words
            # joined by one space, between spaces: a form's stems are
            # consecutive stems of the text exactly when they are in it so).
            nonlocal stemmed
            if not _stemmed(language):
                return False
            if stemmed is None:
                stemmed = " " + " ".join(_stemmer(language).stemWords(_words(text))) + " "
            return self._joined_stems(form, language) in stemmed

        for match in matches:
            term = match.term
            for wrong in term.forbidden.get(language, ()):
                if written(wrong):
                    return False
            if term.kind == "keep":
                fixed = term.targets.get(language, ())
                accepted = fixed or (match.form, *term.source_forms)
                if not any(_has_verbatim(translation, unicodedata.normalize("NFC", form))
                           for form in accepted) and not any(
                        not written(form) and inflected(form) for form in fixed):
                    return False
            elif term.kind == "term":
                forms = term.targets.get(language)
                if forms and not any(written(form) or inflected(form) for form in forms):
                    return False
        return True

    def _joined_stems(self, text: str, language: str) -> str:
        """A form's stems joined by spaces, between spaces."""
        stems = self._form(text, language).stems
        return " " + " ".join(stems) + " " if stems else "\0"

    def _check(self, term: Term, source_form: str, translation: _Translation,
               language: str, others: _Places) -> TermCheck | None:
        def result(status: str, expected: str, found: str = "") -> TermCheck:
            return TermCheck(term.term, term.kind, status, expected, found, term.line)

        # Wrong renderings are matched as written (case aside): stems would
        # confuse near words (Spanish secretariado and secretario share one).
        for wrong in term.forbidden.get(language, ()):
            for _, index, length in translation.find_all(self._form(wrong, language),
                                                         inflected=False):
                if (index, length) not in others:
                    found = " ".join(translation.words[index:index + length])
                    expected = term.target(language) or (term.term if term.kind == "keep" else "")
                    return result("forbidden", expected, found)
        if term.kind == "forbidden":
            return result("ok", "", "") if term.forbidden.get(language) else None
        if term.kind == "keep":
            fixed = term.targets.get(language, ())
            accepted = fixed or (source_form, *term.source_forms)
            for form in accepted:
                if translation.has_verbatim(form):
                    return result("ok", accepted[0], form)
            for form in fixed:
                hit = translation.find(self._form(form, language))
                if hit is not None and hit[0] == "ok-inflected":
                    return result("ok-inflected", accepted[0], hit[1])
            # There, but not letter for letter: other case, accents, spelling
            # of the English form where a fixed form is required, inflection.
            for form in (*accepted, *(term.source_forms if fixed else ())):
                if fixed and form in term.source_forms and translation.has_verbatim(form):
                    return result("altered", accepted[0], form)
                hit = translation.find(self._form(form, language))
                if hit is not None:
                    return result("altered", accepted[0], hit[1])
            return result("missing", accepted[0])
        forms = term.targets.get(language)
        if not forms:
            return None
        best: tuple[str, str] | None = None
        for form in forms:
            hit = translation.find(self._form(form, language))
            if hit is not None and (best is None or hit[0] == "ok"):
                best = hit
                if hit[0] == "ok":
                    break
        if best is None:
            return result("missing", forms[0])
        return result(best[0], forms[0], best[1])

    def lint(self, languages: Iterable[str]) -> list[Finding]:
        """Problems in the glossary itself: unknown kinds, empty cells for a
        configured language, English forms given twice, terms that another
        row always takes first.

        Args:
            languages: The configured target languages (their cells must be filled).

        Returns:
            Warnings (:class:`~translate.checks.findings.LintFinding`), in the
            order of the rows; ``translate check`` reports them as
            ``glossary-lint``.
        """
        findings: list[Finding] = []
        languages = list(languages)
        owner: dict[tuple[str, bool], Term] = {}
        for term in self.terms:
            if term.kind not in KINDS:
                findings.append(LintFinding(self.path, term.line, "unknown-kind", "warning",
                                            f"kind {term.kind!r} of {term.term!r} is not one "
                                            f"of {', '.join(KINDS)}"))
                continue
            if term.kind == "term":
                for language in languages:
                    if not term.target(language):
                        findings.append(LintFinding(self.path, term.line, "empty-cell",
                                                    "warning",
                                                    f"{term.term!r} has no {language} form"))
            for form in term.source_forms:
                key = (" ".join(_words(form)).casefold(), False)
                other = owner.get(key)
                if other is not None and other is not term:
                    findings.append(LintFinding(self.path, term.line, "duplicate-term",
                                                "warning",
                                                f"{form!r} is also a form of {other.term!r} "
                                                f"(line {other.line})"))
                else:
                    owner[key] = term
        for term in self.terms:
            if term.kind not in KINDS:
                continue
            takers: set[str] = set()
            reachable = False
            for form in term.source_forms:
                matches = self.find(form)
                length = len(unicodedata.normalize("NFC", form))
                whole = [m for m in matches if m.start == 0 and m.end == length]
                if whole and whole[0].term is term:
                    reachable = True
                    break
                if whole:
                    takers.add(repr(whole[0].term.term))
            if not reachable:
                reason = (f"{', '.join(sorted(takers))} takes it first" if takers
                          else "its forms cannot match as written (punctuation inside?)")
                findings.append(LintFinding(self.path, term.line, "hidden-term", "warning",
                                            f"{term.term!r} is never found: {reason}"))
        return findings


# ---------------------------------------------------------------------------
# Reading the CSV file

_FIXED_COLUMNS = ("term", "variants", "kind", "case", "note")
#: The separators spreadsheets write, in the order tried, with their names.
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(_SEPARATOR) if part.strip())


def _column(name: str) -> tuple[str, str] | None:
    """What a header cell names: ``("", name)`` for a fixed column,
    ``(code, "form" | "variants" | "forbidden")`` for a language column, or
    None for a name the glossary does not know."""
    if name in _FIXED_COLUMNS:
        return "", name
    code, _, suffix = name.partition("_")
    if suffix in ("variants", "forbidden") or not suffix:
        try:
            language = get_language(code).code
        except Exception:
            language = None
        if language is not None and code == language:
            return code, suffix or "form"
    return None


def _decode(data: bytes, path: str) -> str:
    """The text of a glossary file: UTF-8, with or without the BOM that
    Excel's "CSV UTF-8" writes.

    Raises:
        GlossaryError: A UTF-16 file, or bytes that are not UTF-8.
    """
    hint = ("save it from the spreadsheet as 'CSV UTF-8' (Excel: File > Save As > "
            "CSV UTF-8 (Comma delimited))")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GlossaryError(path, 1, "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8",
                            hint)
    if b"\x00" in data:
        # UTF-16 without its BOM: every other byte of Latin text is NUL.
        nul = data.index(b"\x00")
        raise GlossaryError(path, data.count(b"\n", 0, nul) + 1,
                            "NUL bytes: the file looks like UTF-16, not UTF-8 text", hint)
    # The BOM holds no line break: stripping it keeps every line number.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError(path, line, f"byte {data[error.start]:#04x} is not valid UTF-8",
                            "save the file as CSV with the UTF-8 character set") from None


def csv_delimiter(text: str, path: str) -> tuple[str, str]:
    """The separator of a glossary file, and its text without a ``sep=``
    line.

    Spreadsheets write ``,``, or ``;`` where the decimal separator is a
    comma (French, Russian, German... locales), or a tab.  Excel honours a
    first line ``sep=;``; otherwise the separator is the one that splits
    the header into the most known column names (a comma on a tie, so that
    a file with one unknown column still gets its precise message).

    Raises:
        GlossaryError: A ``sep=`` line names another separator.
    """
    first, newline, rest = text.partition("\n")
    declared = re.fullmatch(r"sep=(.)\r?", first)
    if declared:
        delimiter = declared.group(1)
        if delimiter not in _DELIMITERS:
            raise GlossaryError(path, 1, f"separator {delimiter!r} is not supported",
                                "use a comma, a semicolon or a tab")
        # An empty first line keeps the line numbers of the rows below.
        return delimiter, newline + rest
    best, best_known = ",", 0
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next((row for row in reader if any(cell.strip() for cell in row)), [])
        except csv.Error:
            continue
        names = _trim([cell.strip() for cell in header])
        known = sum(1 for name in names if _column(name) is not None)
        if known == len(names) and "term" in names:
            return delimiter, text
        if known > best_known:
            best, best_known = delimiter, known
    return best, text


def parse_glossary(data: bytes, path: str = "glossary.csv") -> Glossary:
    """Parse the bytes of a glossary CSV file.

    The file is UTF-8, with or without a BOM, separated by commas,
    semicolons or tabs (found from the header), quoted as spreadsheets do.

    Raises:
        GlossaryError: A UTF-16 file, bytes that are not UTF-8, an unclosed
            quote, a row with the wrong number of cells, a missing or unknown
            column, or a concept given twice; the message names the line.
    """
    delimiter, text = csv_delimiter(_decode(data, path), path)
    rows = _read_rows(text, path, delimiter)
    if not rows:
        return Glossary([], path)
    header_line, header = rows[0]
    columns = _trim([cell.strip() for cell in header])
    languages: dict[str, dict[str, int]] = {}
    seen_columns: dict[str, int] = {}
    for index, name in enumerate(columns):
        if name in seen_columns:
            raise GlossaryError(path, header_line, f"column {name!r} appears twice",
                                "keep one of the two")
        seen_columns[name] = index
        column = _column(name)
        if column is None:
            raise GlossaryError(path, header_line, f"unknown column {name!r}",
                                "use term, variants, kind, case, note, or a language code "
                                "such as fr, fr_variants, fr_forbidden")
        code, part = column
        if code:
            languages.setdefault(code, {})[part] = index
    for required in ("term", "kind"):
        if required not in seen_columns:
            raise GlossaryError(path, header_line, f"no {required!r} column",
                                f"add a column named {required}")
    terms: list[Term] = []
    concepts: dict[str, int] = {}
    for line, row in rows[1:]:
        if len(row) > len(columns) and not any(cell.strip() for cell in row[len(columns):]):
            row = row[:len(columns)]  # the empty cells of the columns trimmed above
        if len(row) != len(columns):
            separator = _DELIMITERS[delimiter]
            raise GlossaryError(path, line,
                                f"{len(row)} cells where the header has {len(columns)}",
                                f"check for a missing or extra {separator}, or an unquoted "
                                f"{separator} inside a cell")

        def cell(name: str) -> str:
            index = seen_columns.get(name)
            return row[index].strip() if index is not None else ""

        term = cell("term")
        if not term:
            raise GlossaryError(path, line, "empty 'term' cell", "write the English term")
        key = concept_key(term)
        if key in concepts:
            raise GlossaryError(path, line,
                                f"duplicate concept {term!r} (also at line {concepts[key]})",
                                "merge the two rows")
        concepts[key] = line
        case = cell("case").casefold()
        if case not in ("", "sensitive", "insensitive", "yes", "no"):
            raise GlossaryError(path, line, f"case {cell('case')!r} is not 'sensitive' or "
                                "'insensitive'", "fix the cell")
        targets: dict[str, tuple[str, ...]] = {}
        forbidden: dict[str, tuple[str, ...]] = {}
        for code, where in languages.items():
            form = row[where["form"]].strip() if "form" in where else ""
            variants = _split(row[where["variants"]]) if "variants" in where else ()
            if form or variants:
                targets[code] = ((form,) if form else ()) + variants
            if "forbidden" in where:
                wrong = _split(row[where["forbidden"]])
                if wrong:
                    forbidden[code] = wrong
        terms.append(Term(
            line=line, term=term, variants=_split(cell("variants")),
            kind=cell("kind").casefold() or "term",
            case_sensitive=case in ("sensitive", "yes"), note=cell("note"),
            targets=targets, forbidden=forbidden,
        ))
    return Glossary(terms, path)


def _trim(names: list[str]) -> list[str]:
    """A header without its empty cells at the end: a spreadsheet writes the
    columns that were once touched, even when they are empty now."""
    while names and not names[-1]:
        names = names[:-1]
    return names


def _read_rows(text: str, path: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """The non-empty rows of a CSV text, each with the line it starts on.

    Quotes are read as spreadsheets write them: a cell holding the separator,
    a quote or a line break is quoted, and a quote inside it is doubled.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "end of data" in str(error) or "EOF" in str(error):
                raise GlossaryError(path, start, "a quoted cell is never closed",
                                    "add the closing double quote") from None
            raise GlossaryError(path, reader.line_num, f"malformed CSV ({error})",
                                "fix the quoting of the row") from None
        line = start
        if any(cell.strip() for cell in row):
            rows.append((line, row))
    return rows


def project_glossary(project: Project, *, required: bool = False) -> Glossary | None:
    """The project's glossary, or None when the project works without one.

    A glossary that the settings name (``glossary`` in ``pyproject.toml``,
    or ``--set glossary=...``) must exist: a typo must not turn terminology
    off unnoticed.  The default ``glossary.csv`` may be missing: the glossary
    is then off, and a warning says so once per process and file, however
    many commands ask.  ``glossary = ""`` turns it off without a warning.

    Args:
        project: The project.
        required: Raise instead of returning None, for the commands whose
            whole job is the glossary.

    Raises:
        GlossaryError: The configured file does not exist, is a folder, a
            dangling symbolic link or unreadable, or is malformed; with
            ``required``, the project has no glossary.
    """
    settings = project.settings
    where: tuple[str, int | None] | None = None
    if "glossary" in settings.overridden:
        where = ("--set", None)
    elif settings.is_set("glossary"):
        where = settings.where("glossary")
    if not settings.glossary.strip():
        if required:
            raise GlossaryError(*(where or ("pyproject.toml", None)),
                                'no glossary is configured (glossary = "")',
                                "set glossary to the CSV file to check")
        return None
    path = settings.path("glossary")
    display = project.relative(path)
    name = settings.glossary
    if not path.exists():
        link = settings.root / name
        if link.is_symlink():
            raise GlossaryError(*(where or (Path(name).as_posix(), None)),
                                f"the glossary {name!r} is a symbolic link to a file that "
                                "does not exist", "fix the link, or fix the glossary setting")
        if where is not None:
            raise GlossaryError(*where, f"the glossary {name!r} does not exist",
                                "fix the glossary setting, or create the file")
        if required:
            raise GlossaryError(display, None, "no glossary file",
                                "create it (see README: The glossary)")
        if path not in _REPORTED_MISSING:
            _REPORTED_MISSING.add(path)
            _log.warning('%s does not exist: glossary terms are neither shown to translators '
                         'nor checked -- create it, or set glossary = "" in [tool.translate] '
                         'to work without one', display)
        return None
    if path.is_dir():
        raise GlossaryError(*(where or (display, None)), f"the glossary {name!r} is a folder",
                            "point the glossary setting to a CSV file")
    return load_glossary(path, display)


def load_glossary(path: Path, display: str = "glossary.csv") -> Glossary:
    """Read a glossary file.

    Raises:
        GlossaryError: The file does not exist, cannot be read or is
            malformed (see :func:`parse_glossary`).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(display, None, "the glossary does not exist",
                            "check its path") from None
    except IsADirectoryError:
        raise GlossaryError(display, None, "the glossary is a folder",
                            "give the path of the CSV file") from None
    except OSError as error:
        raise GlossaryError(display, None,
                            f"the glossary cannot be read ({error.strerror or error})",
                            "make the file readable") from None
    return parse_glossary(data, display)
