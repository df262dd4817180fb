"""Checks over a whole project that return findings instead of raising.

:func:`check_glossary` lints the glossary and verifies, for every language,
that each translated entry uses the terms of its source correctly (``translate
glossary check``).

:func:`check_project` is ``translate check``, the CI gate: missing, stale and
wrong translations, the syntax ``msgfmt --check`` enforces
(:func:`check_po_syntax`), markup, numbers and placeholders
(:func:`check_markup`), glossary terms and languages, as
:class:`CheckFinding` objects.  It writes nothing.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .formats import argument_range, check_format_strings, format_kinds
from .glossary import Finding, TermCheck, project_glossary
from .po import read_po
from .project import Project

__all__ = ["TermUsage", "Violation", "GlossaryReport", "check_glossary", "CheckFinding",
           "CheckReport", "LanguageSummary", "CODES", "CATEGORIES", "check_project",
           "check_po_syntax", "check_markup", "resolve_codes"]


@dataclass
class TermUsage:
    """How one term fares in one language.

    Attributes:
        language: The language.
        term: The English term.
        line: Its row in the glossary.
        entries: Source messages that contain it.
        checked: Of those, translated (not fuzzy) entries that were verified.
        correct: Verified entries that use it correctly (ok or ok-inflected).
    """

    language: str
    term: str
    line: int
    entries: int = 0
    checked: int = 0
    correct: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Violation:
    """A translated entry that misuses a term."""

    path: str
    line: int
    language: str
    msgid: str
    check: TermCheck

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.check.term!r}: {self.check.status}"
        if self.check.status == "forbidden":
            text += f" rendering {self.check.found!r}"
        if self.check.expected:
            text += f", expected {self.check.expected!r}"
        if self.check.status == "altered" and self.check.found:
            text += f", found {self.check.found!r}"
        return text

    def to_dict(self) -> dict:
        data = asdict(self)
        data["check"] = self.check.to_dict()
        return data


@dataclass
class GlossaryReport:
    """The result of :func:`check_glossary`."""

    path: str
    concepts: int
    lint: list[Finding] = field(default_factory=list)
    usage: list[TermUsage] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lint and not self.violations

    def to_dict(self) -> dict:
        return {
            "glossary": self.path,
            "concepts": self.concepts,
            "ok": self.ok,
            "lint": [finding.to_dict() for finding in self.lint],
            "usage": [usage.to_dict() for usage in self.usage],
            "violations": [violation.to_dict() for violation in self.violations],
        }


def check_glossary(project: Project, languages: Iterable[str] | None = None,
                   documents: Iterable[str | Path] = ()) -> GlossaryReport:
    """Lint the glossary and verify the terms of every translated entry.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: all with a template).

    Raises:
        GlossaryError: The glossary file is missing or malformed, or the
            project has none.
        CatalogSyntaxError: A template or catalog does not parse.
    """
    langs = project.target_languages(languages)
    glossary = project_glossary(project, required=True)
    assert glossary is not None  # required=True raises instead
    report = GlossaryReport(path=glossary.path, concepts=len(glossary),
                            lint=glossary.lint(langs))
    usage: dict[tuple[str, int], TermUsage] = {}
    for name in project.translated_documents(documents):
        template = project.read_template(name)
        in_source = {entry.msgid: glossary.find(entry.msgid)
                     for entry in template if not entry.obsolete}
        for code in langs:
            for matches in in_source.values():
                for term in {id(m.term): m.term for m in matches}.values():
                    item = usage.setdefault((code, term.line),
                                            TermUsage(code, term.term, term.line))
                    item.entries += 1
            path = project.catalog_path(code, name)
            if not path.exists():
                continue
            display = project.relative(path)
            for entry in read_po(path, display):
                if (entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags
                        or entry.msgid not in in_source):
                    continue
                for check in glossary.verify(entry.msgid, entry.msgstr, code):
                    item = usage.setdefault((code, check.line),
                                            TermUsage(code, check.term, check.line))
                    item.checked += 1
                    if check.is_problem:
                        report.violations.append(
                            Violation(display, entry.linenum or 0, code, entry.msgid, check))
                    else:
                        item.correct += 1
    report.usage = sorted(usage.values(), key=lambda u: (langs.index(u.language), u.line))
    return report


# ===========================================================================
# translate check: the CI gate
#
# Every check below returns Finding objects; nothing raises on bad input
# except the configuration (settings, glossary), which stops the command.

SEVERITIES = ("error", "warning")

#: code: (category, severity, what it means).  The category is what --select
#: and --ignore accept besides the codes themselves.
CODES: dict[str, tuple[str, str, str]] = {
    "untranslated": ("missing", "error", "an entry has no translation"),
    "fuzzy": ("missing", "error",
              "a fuzzy entry (a draft or a machine translation): not done until reviewed"),
    "missing-catalog": ("missing", "error", "no catalog for a configured language"),
    "missing-entry": ("missing", "error", "a segment of the document is not in the catalog"),
    "incomplete": ("missing", "error", "a language is below --min-complete"),
    "stale-source": ("stale", "error",
                     "the document changed since its template was extracted, or has no "
                     "template, or is gone"),
    "stale-catalog": ("stale", "error", "the catalog has entries its template no longer has"),
    "stale-template": ("stale", "warning",
                       "the template's references or comments are behind the document"),
    "parse-error": ("syntax", "error", "the file does not parse"),
    "duplicate": ("syntax", "error", "two entries with the same msgctxt and msgid"),
    "header": ("syntax", "error", "the header entry is missing or invalid"),
    "header-field": ("syntax", "warning", "a header field is missing or still has its "
                     "default value"),
    "plural-forms": ("syntax", "error", "Plural-Forms is invalid, or does not fit the "
                     "entries"),
    "plural-rule": ("syntax", "warning", "a valid Plural-Forms that is not the language's "
                    "usual rule"),
    "format-string": ("syntax", "error", "a c-format, python-format or python-brace-format "
                      "msgstr does not fit the msgid's format"),
    "newline": ("syntax", "error", "msgid and msgstr disagree on a leading or trailing "
                "newline"),
    "source-error": ("syntax", "error", "a source document cannot be read"),
    "glossary-missing": ("glossary", "error", "a glossary term is not rendered"),
    "glossary-forbidden": ("glossary", "error", "a rendering the glossary forbids"),
    "glossary-altered": ("glossary", "error", "a name to keep is not kept letter for letter"),
    "glossary-lint": ("glossary", "warning", "a problem in glossary.csv itself"),
    "inline-markup": ("markup", "error", "Markdown emphasis, inline code or HTML differs"),
    "link": ("markup", "error", "links or their targets differ"),
    "number": ("markup", "error", "numbers differ"),
    "placeholder": ("markup", "error", "placeholders (%s, {name}) differ"),
    "wrong-language": ("language", "warning", "the translation is not in the catalog's "
                       "language"),
    "source-language": ("language", "error", "the document is not in the source language"),
    "unchanged": ("unchanged", "error", "the msgstr is a copy of the msgid"),
    "obsolete": ("obsolete", "warning", "an obsolete (#~) entry"),
}
CATEGORIES = tuple(dict.fromkeys(category for category, _, _ in CODES.values()))
#: Findings that say a translation is not done: warnings when the language
#: meets --min-complete.
_NOT_DONE = frozenset({"untranslated", "fuzzy", "missing-entry", "missing-catalog"})
#: Text shorter than this (in letters, once names are removed) is not given
#: to language identification: it is wrong too often on short strings.
MIN_LETTERS = 40
#: Wrong-language findings after which a catalog's language is not guessed
#: any more: a catalog that is not in its language at all (pseudo-text, a
#: file saved in the wrong folder) would cost a guess per entry, ~1 ms each.
MAX_LANGUAGE_FINDINGS = 5
_SOURCE_MIN_LETTERS = 100
#: Above this many entries to check, the work is shared between processes.
PARALLEL_ENTRIES = 4000


@dataclass(frozen=True)
class CheckFinding:
    """One problem found by :func:`check_project`.

    Attributes:
        path: The file, relative to the project root.
        line: Its line (1 for a problem with a whole file; 0 when the file
            does not exist or the finding is about a folder).
        code: What kind of problem (see :data:`CODES`).
        severity: ``error`` or ``warning``.
        message: One line for people.
        language: The target language it is about, if any.
    """

    path: str
    line: int
    code: str
    severity: str
    message: str
    language: str | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LanguageSummary:
    """How complete one language is, over all its catalogs."""

    language: str
    entries: int = 0
    translated: int = 0
    fuzzy: int = 0
    percent: float = 100.0
    meets_threshold: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CheckReport:
    """The result of :func:`check_project`.

    Attributes:
        findings: Sorted by file and line.
        languages: Completeness per language.
        files: Every file checked (documents, templates, catalogs), for
            reports that list what passed.
        min_complete: The threshold applied.
    """

    findings: list[CheckFinding] = field(default_factory=list)
    languages: list[LanguageSummary] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    min_complete: float = 100.0

    def failing(self, fail_on: str = "error") -> list[CheckFinding]:
        """The findings at or above a severity."""
        allowed = SEVERITIES[:SEVERITIES.index(fail_on) + 1]
        return [finding for finding in self.findings if finding.severity in allowed]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def to_dict(self) -> dict:
        return {
            "min_complete": self.min_complete,
            "counts": self.counts(),
            "languages": [summary.to_dict() for summary in self.languages],
            "files": self.files,
            "findings": [finding.to_dict() for finding in self.findings],
        }


def resolve_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes to report: those selected (all by default) minus those
    ignored; each item is a code or a category (``glossary``, ``missing``...),
    and may hold several separated by commas.

    Raises:
        ConfigError: An unknown code or category.
    """
    from .errors import ConfigError

    def expand(items: Iterable[str], option: str) -> set[str]:
        out: set[str] = set()
        for item in items:
            for name in (part.strip() for part in item.split(",")):
                if not name:
                    continue
                if name in CATEGORIES:
                    out.update(code for code, info in CODES.items() if info[0] == name)
                elif name in CODES:
                    out.add(name)
                else:
                    raise ConfigError(option, None, f"unknown check {name!r}",
                                      "use a category (" + ", ".join(CATEGORIES)
                                      + ") or a code (" + ", ".join(
                                          code for code in CODES if code not in CATEGORIES)
                                      + ")")
        return out

    selected = expand(select, "--select") or set(CODES)
    return frozenset(selected - expand(ignore, "--ignore"))


# ---------------------------------------------------------------------------
# PO files as msgfmt --check sees them

_HEADER_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": None,
    "Content-Transfer-Encoding": "ENCODING",
    "Language": None,
}
# gettext's lexer (plural.y) skips only spaces and tabs; ';', a newline or the
# end of the text ends the expression.
_PLURAL_TOKEN_RE = re.compile(r"[ \t]*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_PLURAL_END_RE = re.compile(r"[;\n]")
_NPLURALS_VALUE_RE = re.compile(r"[ \t\n\r\f\v]*(\d*)")
#: The numbers msgfmt evaluates a plural expression for.
_PLURAL_RANGE = range(0, 1001)
#: Where two rules are compared besides: CLDR's rules part from gettext's at a
#: million (French, Spanish, Italian...).
_PLURAL_SAMPLES = (*_PLURAL_RANGE, 10_000, 100_000, 1_000_000, 1_000_001, 2_000_000,
                   10 ** 9)
#: gettext computes in C's unsigned long.
_ULONG = (1 << 64) - 1
_NEGATIVE = 1 << 63
#: msgfmt counts a plural form as used for infinitely many numbers when the
#: expression gives it at least this often for n up to 1000.
_OFTEN = 5
_GERMANIC = "nplurals=2; plural=(n != 1);"


class _PluralSyntax(Exception):
    pass


def _parse_plural(text: str):
    """A plural expression (C syntax, as gettext's plural.y) as a function of n,
    evaluated as gettext does: in unsigned 64-bit arithmetic, with ``&&``,
    ``||`` and ``?:`` short-circuiting; a division by zero raises
    ZeroDivisionError."""
    tokens: list[tuple[str, object]] = []
    position = 0
    text = text.rstrip(" \t")
    while position < len(text):
        match = _PLURAL_TOKEN_RE.match(text, position)
        if match is None or match.end() == position:
            raise _PluralSyntax(text[position:])
        number, variable, operator = match.groups()
        tokens.append(("num", int(number) & _ULONG) if number is not None
                      else ("n", None) if variable else ("op", operator))
        position = match.end()
    index = 0

    def peek() -> object:
        return tokens[index][1] if index < len(tokens) and tokens[index][0] == "op" else None

    def take() -> tuple[str, object]:
        nonlocal index
        if index >= len(tokens):
            raise _PluralSyntax("end")
        index += 1
        return tokens[index - 1]

    binary = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"),
              ("*", "/", "%")]
    operations = {
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) & _ULONG, "-": lambda a, b: (a - b) & _ULONG,
        "*": lambda a, b: (a * b) & _ULONG,
        # Both operands are unsigned: floor division is C's.
        "/": lambda a, b: a // b, "%": lambda a, b: a % b,
    }

    def conditional():
        condition = level(0)
        if peek() == "?":
            take()
            then = conditional()
            if take() != ("op", ":"):
                raise _PluralSyntax(":")
            otherwise = conditional()
            return lambda n: then(n) if condition(n) else otherwise(n)
        return condition

    def level(depth: int):
        if depth == len(binary):
            return unary()
        left = level(depth + 1)
        while peek() in binary[depth]:
            name = take()[1]
            right = level(depth + 1)
            if name == "||":
                left = (lambda a, b: lambda n: 1 if a(n) or b(n) else 0)(left, right)
            elif name == "&&":
                left = (lambda a, b: lambda n: 1 if a(n) and b(n) else 0)(left, right)
            else:
                left = (lambda f, a, b: lambda n: f(a(n), b(n)))(operations[name], left, right)
        return left

    def unary():
        kind, value = take()
        if kind == "num":
            return lambda n: value
        if kind == "n":
            return lambda n: n
        if value == "!":
            operand = unary()
            return lambda n: int(not operand(n))
        if value == "(":
            inner = conditional()
            if take() != ("op", ")"):
                raise _PluralSyntax(")")
            return inner
        raise _PluralSyntax(str(value))

    function = conditional()
    if index != len(tokens):
        raise _PluralSyntax(str(tokens[index][1]))
    return function


_PLURAL_CACHE: dict[str, tuple | None] = {}


def _evaluate_plural(expression: str) -> tuple | None:
    """A plural expression parsed and evaluated as msgfmt does, for n from 0
    to 1000: (its function, its values up to the first failure, the failure
    or None); None when it does not parse.  Cached: a project has few rules."""
    if expression not in _PLURAL_CACHE:
        try:
            function = _parse_plural(expression)
        except (_PluralSyntax, RecursionError):
            _PLURAL_CACHE[expression] = None
            return None
        values: list[int] = []
        failure = None
        for n in _PLURAL_RANGE:
            try:
                value = function(n)
            except ZeroDivisionError:
                failure = f"the plural expression divides by zero for n = {n}"
                break
            except RecursionError:
                failure = "the plural expression is nested too deeply"
                break
            if value >= _NEGATIVE:
                failure = f"the plural expression gives a negative value for n = {n}"
                break
            values.append(value)
        _PLURAL_CACHE[expression] = (function, tuple(values), failure)
    return _PLURAL_CACHE[expression]


@dataclass(frozen=True)
class _PluralRule:
    """A valid Plural-Forms, as gettext uses it."""

    nplurals: int
    expression: str
    function: Callable[[int], int]
    values: tuple[int, ...]

    def often(self) -> list[bool] | None:
        """Per plural form, whether it serves infinitely many numbers (as
        msgfmt estimates it); None when nplurals is nonsense."""
        if self.nplurals > 100:
            return None
        counts = Counter(self.values)
        return [counts[form] >= _OFTEN for form in range(self.nplurals)]

    def histogram(self, low: int, high: int, form: int) -> int:
        """How many n in low..high (at most 1001 of them) get this form."""
        count = 0
        for n in range(low, min(high, low + 1000) + 1):
            try:
                count += self.function(n) == form
            except (ZeroDivisionError, RecursionError):
                pass
        return count

    def same_as(self, other: _PluralRule) -> bool:
        """Whether both rules give every number the same form (compared on
        0..1000 and a few larger numbers, where CLDR's rules part)."""
        key = (self.nplurals, self.expression, other.nplurals, other.expression)
        if key not in _SAME_RULE:
            def value(rule: _PluralRule, n: int) -> int | None:
                try:
                    return rule.function(n)
                except (ZeroDivisionError, RecursionError):
                    return None

            _SAME_RULE[key] = (self.nplurals == other.nplurals and all(
                value(self, n) == value(other, n) for n in _PLURAL_SAMPLES))
        return _SAME_RULE[key]


_SAME_RULE: dict[tuple, bool] = {}


def _read_plural_forms(header_text: str) -> tuple[bool, bool, int | None, str | None]:
    """What gettext reads from a header's text: whether it has ``plural=``
    and ``nplurals=`` (exactly so: ``plural = `` is not read), the nplurals
    value (None if it is not a number) and the expression's text."""
    plural_at = header_text.find("plural=")
    nplurals_at = header_text.find("nplurals=")
    nplurals = expression = None
    if nplurals_at >= 0:
        digits = _NPLURALS_VALUE_RE.match(header_text, nplurals_at + 9).group(1)
        # strtoul: digits first, whatever follows; ULONG_MAX at most.
        nplurals = min(int(digits), _ULONG) if digits else None
    if plural_at >= 0:
        expression = _PLURAL_END_RE.split(header_text[plural_at + 7:], 1)[0]
    return plural_at >= 0, nplurals_at >= 0, nplurals, expression


def _usual_rule(plural_forms: str) -> _PluralRule | None:
    """The rule of a Plural-Forms value of the language table."""
    _, _, nplurals, expression = _read_plural_forms(plural_forms)
    evaluated = _evaluate_plural(expression) if expression is not None else None
    if nplurals is None or evaluated is None:
        return None
    return _PluralRule(nplurals, expression, evaluated[0], evaluated[1])


def _check_plural_header(header_text: str, plural_forms: str | None, plural_entries: list,
                         header_line: int, language: str | None, add):
    """The Plural-Forms checks of msgfmt --check, and a warning where a valid
    rule is not the language's usual one.

    Returns:
        (the rule, None if there is none or it is invalid; True when msgfmt
        finds no problem with it, so that it checks format strings with the
        plural forms' distribution).
    """
    from .languages import get_language

    usual = get_language(language) if language is not None else None
    hint = (f" -- use 'Plural-Forms: {usual.plural_forms}', the usual rule for {usual.name}"
            if usual is not None else
            " -- write 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;' with the rule of "
            "the catalog's language")
    has_plural, has_nplurals, nplurals, expression = _read_plural_forms(header_text)
    ok = True
    if plural_entries and not (has_plural or has_nplurals):
        add(plural_entries[0].linenum or 1, "plural-forms",
            "the catalog has plural translations but no Plural-Forms header field" + hint)
        return None, False
    if plural_entries and not has_plural:
        add(header_line, "plural-forms", "the catalog has plural translations but the header "
            "has no 'plural=EXPRESSION' (written so, without spaces)" + hint)
        ok = False
    if plural_entries and not has_nplurals:
        add(header_line, "plural-forms", "the catalog has plural translations but the header "
            "has no 'nplurals=INTEGER' (written so, without spaces)" + hint)
        ok = False
    rule = None
    if has_plural and has_nplurals:
        if nplurals is None:
            value = _PLURAL_END_RE.split(header_text[header_text.find("nplurals=") + 9:], 1)[0]
            add(header_line, "plural-forms", f"invalid nplurals value {value.strip()!r}" + hint)
            ok = False
        evaluated = _evaluate_plural(expression)
        if evaluated is None:
            add(header_line, "plural-forms",
                f"invalid plural expression {expression.strip()!r}" + hint)
            ok = False
        elif ok:
            function, values, failure = evaluated
            problem = failure
            for n, value in enumerate(values):
                if value >= nplurals:
                    problem = (f"nplurals = {nplurals} but the plural expression gives {value} "
                               f"for n = {n}")
                    break
            if problem:
                add(header_line, "plural-forms", problem + hint)
                ok = False
            else:
                rule = _PluralRule(nplurals, expression, function, values)
    if ok and usual is not None:
        expected = _usual_rule(usual.plural_forms)
        effective = rule if rule is not None else _usual_rule(_GERMANIC)
        if expected is not None and effective is not None and not effective.same_as(expected):
            if rule is not None:
                shown = plural_forms or f"nplurals={nplurals}; plural={expression.strip()};"
                add(header_line, "plural-rule",
                    f"Plural-Forms {shown!r} is valid but not the usual rule for "
                    f"{usual.name} ({usual.plural_forms!r}) -- keep it if the translations "
                    "follow it, otherwise use the usual rule")
            else:
                add(header_line, "plural-rule",
                    "no Plural-Forms that gettext can read (nplurals=INTEGER; "
                    f"plural=EXPRESSION), so it uses {_GERMANIC!r}, not the usual rule for "
                    f"{usual.name} ({usual.plural_forms!r}) -- add 'Plural-Forms: "
                    f"{usual.plural_forms}' to the header")
    return rule, ok


def _header_line(data: bytes) -> int:
    where = data.find(b'msgid ""')
    return data.count(b"\n", 0, where) + 1 if where >= 0 else 1


def check_po_syntax(data: bytes, path: str, language: str | None = None,
                    template: bool = False):
    """Check a PO or POT file as ``msgfmt --check`` does, with our own code.

    Reports what msgfmt rejects (a syntax error, a duplicate message, a missing
    header, an invalid or too small Plural-Forms, entries with the wrong
    number of plural forms, msgid and msgstr that disagree on a leading or
    trailing newline, c-format, python-format and python-brace-format
    translations that do not fit their msgid, see :mod:`translate.formats`)
    as errors, and what it warns about (header fields missing or left at
    their default) as warnings.  Given the catalog's language, it also checks
    the Language header field against it, and warns (``plural-rule``, never
    an error) when a valid Plural-Forms is not the language's usual rule.

    Args:
        data: The bytes of the file.
        path: Its name in findings.
        language: The catalog's language, if known.
        template: The file is a template: only syntax and duplicates count.

    Returns:
        (the catalog, or None if it does not parse; the findings).
    """
    from .errors import CatalogSyntaxError, DuplicateMessage
    from .po import parse_po_bytes

    findings: list[CheckFinding] = []

    def add(line: int, code: str, message: str, severity: str | None = None) -> None:
        findings.append(CheckFinding(path, line, code, severity or CODES[code][1], message,
                                     language))

    try:
        catalog = parse_po_bytes(data, path)
    except DuplicateMessage as error:
        add(error.line or 1, "duplicate", _reason(error))
        return None, findings
    except CatalogSyntaxError as error:
        add(error.line or 1, "parse-error", _reason(error))
        return None, findings
    # Our reader only refuses duplicates among active entries; msgfmt also
    # counts obsolete ones.
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in seen and (entry.obsolete or seen[key] < 0):
            add(entry.linenum or 1, "duplicate",
                f"duplicate message {entry.msgid[:60]!r} (also at line {abs(seen[key])})")
        elif key not in seen:
            seen[key] = entry.linenum if not entry.obsolete else -(entry.linenum or 1)
    if template:
        return catalog, findings
    metadata = catalog.metadata
    header_line = _header_line(data) if metadata or catalog.header else 1
    if not metadata:
        add(1, "header", "no header entry (msgid \"\" with Content-Type and Plural-Forms)")
        return catalog, findings
    for name, default in _HEADER_DEFAULTS.items():
        value = metadata.get(name)
        if value is None:
            add(header_line, "header-field", f"header field {name!r} is missing")
        elif default is not None and value.startswith(default):
            add(header_line, "header-field",
                f"header field {name!r} still has its default value {value!r}")
    content_type = metadata.get("Content-Type", "")
    if "charset=" not in content_type:
        add(header_line, "header-field", "no charset in the Content-Type header field")
    elif "charset=CHARSET" in content_type:
        add(header_line, "header-field",
            "header field 'Content-Type' still has its default value charset=CHARSET")
    # msgfmt (and gettext at run time) read the rule from the header's text.
    header_text = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    # The entries msgfmt counts: translated (msgstr[0] not empty), not fuzzy.
    plural_entries = [entry for entry in catalog if entry.msgid_plural and not entry.obsolete
                      and "fuzzy" not in entry.flags and _plural_forms_of(entry)[:1] != [""]
                      and entry.msgstr_plural]
    rule, plural_ok = _check_plural_header(header_text, metadata.get("Plural-Forms"),
                                           plural_entries, header_line, language, add)
    nplurals = rule.nplurals if rule is not None else None
    if rule is not None and any(len(_plural_forms_of(entry)) != rule.nplurals
                                for entry in plural_entries):
        plural_ok = False  # reported for each entry below
    # Which msgstr[N] must use all the msgid_plural's arguments depends on
    # the numbers each form serves; msgfmt knows it only from a rule it
    # found no fault with.
    often = rule.often() if rule is not None and plural_ok else None
    if language is not None:
        declared = metadata.get("Language")
        if declared and declared.replace("-", "_").split("_")[0].lower() \
                != language.replace("-", "_").split("_")[0].lower():
            add(header_line, "header",
                f"Language is {declared!r} in the {language} catalog -- fix the header")
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural or entry.msgstr_plural or (
                not entry.msgstr and "msgstr" not in _keywords(entry)):
            _check_plural_entry(entry, nplurals, add)
        elif entry.msgstr:
            _check_newlines(entry.msgid, "msgid", entry.msgstr, "msgstr", entry, add)
        if entry.flags:
            kinds = format_kinds(entry.flags)
            if kinds:
                _check_format_entry(entry, kinds, rule, often, add)
    return catalog, findings


def _plural_forms_of(entry) -> list[str]:
    """The msgstr[N] of an entry in the order of the file."""
    keys = [key for key in _keywords(entry) if key.startswith("msgstr[")]
    if keys:
        return [entry.msgstr_plural.get(int(key[7:-1]), "") for key in keys]
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]


def _check_format_entry(entry, kinds: list[str], rule: _PluralRule | None,
                        often: list[bool] | None, add) -> None:
    """Check a translated entry flagged c-format, python-format or
    python-brace-format as msgfmt does; reported at the line msgfmt names."""
    if entry.msgid_plural:
        keys = [key for key in _keywords(entry) if key.startswith("msgstr[")]
        forms = _plural_forms_of(entry)
        if not forms or not forms[0] or (keys and [int(key[7:-1]) for key in keys]
                                         != list(range(len(keys)))):
            return  # untranslated, or a parse error already reported
        line = _line_of_field(entry, keys[0] if keys else "msgstr[0]")
        bounds = argument_range(entry.flags)
        # A form must take every argument when it serves infinitely many
        # numbers (of the entry's range, if it has one); otherwise, like the
        # singular of most languages, it may leave the number out.
        strict = [len(forms) == 1 or (
            often is not None and index < len(often) and often[index]
            and not (bounds is not None and rule is not None
                     and rule.histogram(bounds[0], bounds[1], index) <= 1))
            for index in range(len(forms))]
        plural = entry.msgid_plural
    else:
        if entry.msgstr_plural or not entry.msgstr:
            return
        forms, strict, plural = [entry.msgstr], None, None
        line = _line_of_field(entry, "msgstr")
    for kind in kinds:
        for problem in check_format_strings(kind, entry.msgid, forms, plural, strict):
            add(line, "format-string", str(problem))


def _keywords(entry) -> list[str]:
    """The keywords of an entry in the order the file gives them (our reader
    keeps the text of each field; polib's model sorts msgstr[N] and drops a
    msgstr[N] without msgid_plural)."""
    read = getattr(entry, "_po_read", None)
    return list(read[2]) if read else []


def _check_plural_entry(entry, nplurals: int | None, add) -> None:
    line = entry.linenum or 1
    keywords = [key for key in _keywords(entry) if key.startswith("msgstr")]
    if not entry.msgid_plural:
        if any(key.startswith("msgstr[") for key in keywords):
            add(line, "parse-error", "msgstr[N] without msgid_plural -- add msgid_plural or "
                "write msgstr")
        return
    if not entry.msgstr_plural:
        add(line, "parse-error", "msgid_plural with msgstr instead of msgstr[0], msgstr[1]...")
        return
    indexes = [int(key[7:-1]) for key in keywords] or sorted(entry.msgstr_plural)
    if indexes != list(range(len(indexes))):
        add(line, "parse-error", f"plural forms numbered {indexes}: number them msgstr[0] to "
            f"msgstr[{len(indexes) - 1}] in order")
    if not _plural_forms_of(entry)[0]:
        return  # msgfmt skips an entry whose msgstr[0] is empty: untranslated
    if nplurals is not None and len(indexes) != nplurals:
        add(line, "plural-forms",
            f"{len(indexes)} plural forms where nplurals = {nplurals}")
    # msgfmt names the line of the first msgstr[N] for all of them.
    plural_line = _line_of_field(entry, keywords[0] if keywords else "msgstr[0]")
    _check_newlines(entry.msgid, "msgid", entry.msgid_plural, "msgid_plural", entry, add,
                    plural_line)
    for index in sorted(entry.msgstr_plural):
        _check_newlines(entry.msgid, "msgid", entry.msgstr_plural[index], f"msgstr[{index}]",
                        entry, add, plural_line)


def _line_of_field(entry, keyword: str) -> int:
    """The line a field of an entry starts on (as msgfmt reports it)."""
    line = entry.linenum or 1
    read = getattr(entry, "_po_read", None)
    if not read:
        return line
    counting = False
    for key, lines in read[2].items():
        if key == "msgid":
            counting = True
        if key == keyword:
            return line
        if counting and not key.startswith("#") and key not in ("comment", "occurrences",
                                                                  "flags", "previous"):
            line += "".join(lines).count("\n")
    return entry.linenum or 1


def _check_newlines(first: str, first_name: str, second: str, second_name: str,
                    entry, add, line: int | None = None) -> None:
    begin = (first[:1] == "\n") != (second[:1] == "\n")
    end = (first[-1:] == "\n") != (second[-1:] == "\n")
    if (begin or end) and line is None:
        line = _line_of_field(entry, second_name)
    if begin:
        add(line, "newline",
            f"{first_name} and {second_name} do not both begin with a newline (\\n)")
    if end:
        add(line, "newline",
            f"{first_name} and {second_name} do not both end with a newline (\\n)")


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", str(error))
    hint = getattr(error, "hint", "")
    return f"{reason} -- {hint}" if hint else reason


# ---------------------------------------------------------------------------
# What a translation must carry over from its msgid

_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK_LABEL_RE = re.compile(r"\]\[([^\]\n]*)\]")
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'`)\]]+|www\.[^\s<>\"'`)\]]+|[\w.+-]+@[\w-]+\.[\w.-]+")
_TRAILING_PUNCT = ".,;:!?»”’'\""
_HTML_TAG_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_STRONG_RE = re.compile(r"(?<!\\)(\*\*|__)")
_EMPHASIS_RE = re.compile(r"(?<![\\*\w])\*(?!\*)|(?<!\*)(?<!\\)\*(?![*\w])|(?<![\\\w])_(?!_)"
                          r"|(?<!_)(?<!\\)_(?![\w_])")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*")
_NON_DIGITS_RE = re.compile(r"\D")
# An ordinal of the msgid ("24th") may be spelled out in words ("الرابعة والعشرين").
_ORDINAL_RE = re.compile(r"(\d+)(?:st|nd|rd|th|º|ª)\b")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PLACEHOLDER_RE = re.compile(
    r"%(?:\(\w+\)|\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifFeEgGxXoucr](?![A-Za-z])|%%"
    r"|\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{[A-Za-z_][\w.]*\}|\{\d*\}|\$\{[A-Za-z_][\w.]*\}")


def _urls(text: str) -> list[str]:
    return [url.rstrip(_TRAILING_PUNCT) for url in _URL_RE.findall(text)]


_DIGIT_RE = re.compile(r"\d")
_DIGIT_RUN_RE = re.compile(r"\d+")
_OTHER_DIGIT_RE = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


def _numbers(text: str) -> set[str]:
    if not _DIGIT_RE.search(text):
        return set()
    if _OTHER_DIGIT_RE.search(text):
        text = text.translate(_DIGITS)
    return {_NON_DIGITS_RE.sub("", number) for number in _NUMBER_RE.findall(text)}


def _differs(expected: Counter, found: Counter) -> str:
    missing = list((expected - found).elements())
    extra = list((found - expected).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(item) for item in missing))
    if extra:
        parts.append("not in the msgid: " + ", ".join(repr(item) for item in extra))
    return "; ".join(parts)


def check_markup(msgid: str, msgstr: str, markdown: bool) -> list[tuple[str, str]]:
    """What a translation does not carry over from its msgid: (code, message)
    pairs for Markdown markup (in Markdown documents), links and their
    targets, numbers and placeholders."""
    problems: list[tuple[str, str]] = []
    source_text, translation = msgid, msgstr
    if markdown:
        source_code = Counter(match.group(2) for match in _CODE_SPAN_RE.finditer(msgid))
        found_code = Counter(match.group(2) for match in _CODE_SPAN_RE.finditer(msgstr))
        if source_code != found_code:
            problems.append(("inline-markup", "inline code differs: "
                             + _differs(source_code, found_code)))
        # What is inside code spans is not markup, links or numbers.
        source_text = _CODE_SPAN_RE.sub(" ", msgid)
        translation = _CODE_SPAN_RE.sub(" ", msgstr)
        links = Counter(_LINK_LABEL_RE.findall(source_text)) + Counter(
            _INLINE_LINK_RE.findall(source_text))
        found_links = Counter(_LINK_LABEL_RE.findall(translation)) + Counter(
            _INLINE_LINK_RE.findall(translation))
        if links != found_links:
            problems.append(("link", "link targets differ: " + _differs(links, found_links)))
        source_text = _LINK_LABEL_RE.sub("] ", source_text)
        translation = _LINK_LABEL_RE.sub("] ", translation)
        marks = []
        for name, pattern in (("**", _STRONG_RE), ("*", _EMPHASIS_RE)):
            count, found = len(pattern.findall(source_text)), len(pattern.findall(translation))
            if count != found:
                marks.append(f"{found} emphasis marker(s) {name!r} where the msgid has "
                             f"{count}")
            source_text = pattern.sub(" ", source_text)
            translation = pattern.sub(" ", translation)
        tags = Counter(tag.lower() for tag in _HTML_TAG_RE.findall(source_text))
        found_tags = Counter(tag.lower() for tag in _HTML_TAG_RE.findall(translation))
        if tags != found_tags:
            marks.append("HTML tags differ: " + _differs(tags, found_tags))
        if marks:
            problems.append(("inline-markup", "; ".join(marks)))
    if "/" in source_text or "@" in source_text or "/" in translation or "www." in translation:
        urls, found_urls = Counter(_urls(source_text)), Counter(_urls(translation))
        if urls != found_urls:
            problems.append(("link", "URLs differ: " + _differs(urls, found_urls)))
        source_text = _URL_RE.sub(" ", source_text)
        translation = _URL_RE.sub(" ", translation)
    if "%" in source_text or "{" in source_text or "%" in translation or "{" in translation:
        holders = Counter(_PLACEHOLDER_RE.findall(source_text))
        found_holders = Counter(_PLACEHOLDER_RE.findall(translation))
        if holders != found_holders:
            problems.append(("placeholder", "placeholders differ: "
                             + _differs(holders, found_holders)))
        source_text = _PLACEHOLDER_RE.sub(" ", source_text)
        translation = _PLACEHOLDER_RE.sub(" ", translation)
    if _DIGIT_RUN_RE.findall(source_text) == _DIGIT_RUN_RE.findall(translation):
        return problems  # the same digits in the same order: nothing to compare
    numbers, found_numbers = _numbers(source_text), _numbers(translation)
    if numbers != found_numbers:
        numbers -= {number for number in _ORDINAL_RE.findall(source_text)
                    if number not in found_numbers}
    if numbers != found_numbers:
        problems.append(("number", "numbers differ: " + _differs(
            Counter(sorted(numbers)), Counter(sorted(found_numbers)))))
    return problems


# ---------------------------------------------------------------------------
# The project

_LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass
class _Context:
    """What every worker needs; inherited by forked workers."""

    project: Project
    languages: list[str]
    codes: frozenset[str]
    glossary: object
    guesser: object
    now: str


@dataclass
class _Result:
    findings: list[CheckFinding] = field(default_factory=list)
    #: language -> [entries, translated, fuzzy]
    counts: dict[str, list[int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    detections: int = 0


_CONTEXT: _Context | None = None


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[:width - 1] + "…")


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
    text = _URL_RE.sub(" ", msgid)
    for form in forms:
        text = text.replace(form, " ")
    return not _LETTER_RE.search(text)



def _without_names(msgid: str, msgstr: str, forms: list[str]) -> str:
    """The translation without what language identification must not see:
    names to keep, capitalised words the msgid has too, URLs, code, numbers."""
    text = _CODE_SPAN_RE.sub(" ", msgstr) if "`" in msgstr else msgstr
    text = _URL_RE.sub(" ", text)
    for form in forms:
        text = text.replace(form, " ")
    names = {word.strip(_NAME_PUNCT) for word in msgid.split()}
    names = {word for word in names if word[:1].isupper()}
    return " ".join(word for word in text.split() if word.strip(_NAME_PUNCT) not in names)


_NAME_PUNCT = ".,;:!?()[]{}«»“”\"'’‘*_`"


def _fuzzy_message(entry) -> str:
    from .catalog import machine_draft, machine_model

    # Only a draft whose text is still what the tool wrote is called one: a
    # translator's edit (or a line without checksum) makes it their work.
    if machine_draft(entry):
        unenforced = [line[len("glossary: missing"):].strip()
                      for line in (entry.comment or "").split("\n")
                      if line.startswith("glossary: missing")]
        note = f" (terms it could not apply: {', '.join(unenforced)})" if unenforced else ""
        return (f"machine translation draft ({machine_model(entry)}), not reviewed{note}: "
                f"{_short(entry.msgid)} -- review it and remove the fuzzy flag")
    return f"fuzzy translation of {_short(entry.msgid)} -- review it and remove the fuzzy flag"


def _check_document(context: _Context, name: str, result: _Result) -> None:
    from .catalog import make_template
    from .errors import SourceError
    from .segment import document_format, read_document

    project = context.project
    codes = context.codes
    findings = result.findings

    def add(path: str, line: int, code: str, message: str, language: str | None = None) -> None:
        if code in codes:
            findings.append(CheckFinding(path, line, code, CODES[code][1], message, language))

    source = project.source_path(name)
    source_display = project.relative(source)
    template_path = project.template_path(name)
    template_display = project.relative(template_path)
    document = None
    if source.exists():
        result.files.append(source_display)
        try:
            document = read_document(source, name, source_display,
                                     project.settings.front_matter)
        except SourceError as error:
            add(source_display, error.line or 1, "source-error", _reason(error))
    existing = None
    if template_path.exists():
        result.files.append(template_display)
        existing, problems = check_po_syntax(template_path.read_bytes(), template_display,
                                             template=True)
        findings.extend(problem for problem in problems if problem.code in codes)
    if document is None and not source.exists():
        add(template_display, 1, "stale-source",
            f"the document {source_display} is gone -- run `translate extract` to remove "
            "its template")
        return
    template = existing
    template_fresh = existing is not None
    if document is not None:
        template = make_template(document, source_display, existing, context.now,
                                 project.settings.bugs_address)
        if existing is None:
            template_fresh = False
            if not template_path.exists():
                add(source_display, 1, "stale-source",
                    f"no template {template_display} yet -- run `translate extract` and "
                    "`translate update`")
        elif template is not existing:
            old = [(entry.msgctxt, entry.msgid) for entry in existing if not entry.obsolete]
            new = [(entry.msgctxt, entry.msgid) for entry in template]
            if old != new:
                template_fresh = False
                known = set(old)
                changed = [entry for entry in template
                           if (entry.msgctxt, entry.msgid) not in known]
                removed = len(set(old) - set(new))
                first = changed[0] if changed else None
                line = int(first.occurrences[0][1]) if first and first.occurrences else 1
                parts = []
                if changed:
                    parts.append(f"{len(changed)} segments new or changed "
                                 f"(first: {_short(first.msgid, 40)})")
                if removed:
                    parts.append(f"{removed} removed")
                if not parts:
                    parts.append("segments in another order")
                add(source_display, line, "stale-source",
                    f"{', '.join(parts)} since {template_display} was extracted -- run "
                    "`translate extract` and `translate update`")
            else:
                add(template_display, 1, "stale-template",
                    f"references or comments are behind {source_display} -- run "
                    "`translate extract`")
        if "source-language" in codes and context.guesser is not None:
            # A few thousand letters are plenty; langdetect reads 10,000 at most.
            text = "\n".join(segment.msgid for segment in document.segments[:40])[:5000]
            source_language = project.settings.source_language
            if _letter_count(text) >= _SOURCE_MIN_LETTERS:
                other = context.guesser.other_language(text, source_language)
                if other is not None:
                    add(source_display, 1, "source-language",
                        f"the document looks {_language_name(other[0])} (p={other[1]:.2f}), "
                        f"not {_language_name(source_language)}, the source language -- "
                        "move it out of the source folder")
    if template is None:
        return
    wanted = {(entry.msgctxt, entry.msgid): entry for entry in template if not entry.obsolete}
    fmt = document.format if document is not None else document_format(name)
    for language in context.languages:
        _check_catalog(context, name, language, template, wanted, template_fresh,
                       fmt == "markdown", source_display, result)


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def _letter_count(text: str) -> int:
    return sum(map(len, _LETTER_RUN_RE.findall(text)))


def _language_name(code: str) -> str:
    from .languages import get_language

    try:
        return get_language(code).name
    except Exception:
        return code


def _check_catalog(context: _Context, name: str, language: str, template, wanted: dict,
                   template_fresh: bool, markdown: bool, source_display: str,
                   result: _Result) -> None:
    project = context.project
    codes = context.codes
    findings = result.findings
    counts = result.counts.setdefault(language, [0, 0, 0])
    counts[0] += len(wanted)
    path = project.catalog_path(language, name)
    display = project.relative(path)
    result.files.append(display)

    def add(line: int, code: str, message: str, where: str = display) -> None:
        if code in codes:
            findings.append(CheckFinding(where, line, code, CODES[code][1], message, language))

    if not path.exists():
        add(0, "missing-catalog",
            f"no {_language_name(language)} catalog for {source_display} "
            f"({len(wanted)} entries) -- run `translate update --lang {language}`")
        return
    catalog, problems = check_po_syntax(path.read_bytes(), display, language)
    findings.extend(problem for problem in problems if problem.code in codes)
    if catalog is None:
        return
    glossary = context.glossary if any(code.startswith("glossary-") and code != "glossary-lint"
                                       for code in codes) else None
    markup = bool(codes & {"inline-markup", "link", "number", "placeholder"})
    unchanged = "unchanged" in codes
    guesser = context.guesser if "wrong-language" in codes else None
    wrong_language = 0
    keep_glossary = context.glossary
    seen: set = set()
    stale: list = []
    translated = fuzzy = 0
    for entry in catalog:
        if entry.obsolete:
            add(entry.linenum or 1, "obsolete",
                f"obsolete entry {_short(entry.msgid)} -- delete it when it is no longer "
                "useful")
            continue
        key = (entry.msgctxt, entry.msgid)
        if key not in wanted:
            stale.append(entry)
            continue
        seen.add(key)
        line = entry.linenum or 1
        if entry.msgstr_plural:
            msgstr = entry.msgstr_plural.get(0, "")
            done = any(entry.msgstr_plural.values())
        else:
            msgstr = entry.msgstr
            done = bool(msgstr)
        if not done:
            add(line, "untranslated", f"untranslated: {_short(entry.msgid)}")
            continue
        if "fuzzy" in entry.flags:
            fuzzy += 1
            add(line, "fuzzy", _fuzzy_message(entry))
            continue
        translated += 1
        msgid = entry.msgid
        if glossary is not None:
            for check in glossary.problems(msgid, msgstr, language):
                text = f"{check.term!r} {check.status}"
                if check.status == "forbidden":
                    text += f": {check.found!r} is a wrong rendering"
                elif check.status == "altered" and check.found:
                    text += f": found {check.found!r}"
                if check.expected:
                    text += f", expected {check.expected!r}"
                add(line, f"glossary-{check.status}",
                    f"{text} (see {glossary.path}:{check.line})")
        if markup:
            for code, message in check_markup(msgid, msgstr, markdown):
                add(line, code, message)
        forms = None
        if unchanged and msgstr == msgid:
            forms = _keep_forms(keep_glossary, msgid, language) if keep_glossary else []
            if not _only_kept(msgid, forms):
                add(line, "unchanged",
                    f"the translation is a copy of the msgid {_short(msgid)} -- translate it, "
                    "or add its names to the glossary as 'keep'")
            continue
        if guesser is not None and msgstr != msgid and not guesser.clearly(msgstr, language):
            if forms is None:
                forms = _keep_forms(keep_glossary, msgid, language) if keep_glossary else []
            text = guesser.without_copied(msgid, _without_names(msgid, msgstr, forms), language)
            if _letter_count(text) >= MIN_LETTERS:
                other = guesser.other_language(text, language)
                if other is not None:
                    add(line, "wrong-language",
                        f"the translation looks {_language_name(other[0])} (p={other[1]:.2f}), "
                        f"not {_language_name(language)} (p={other[2]:.2f}): {_short(msgstr)}")
                    wrong_language += 1
                    if wrong_language == MAX_LANGUAGE_FINDINGS:
                        guesser = None
                        add(line, "wrong-language",
                            f"{MAX_LANGUAGE_FINDINGS} translations of this catalog look like "
                            f"another language than {_language_name(language)}; the rest of "
                            "it was not checked for language")
    counts[1] += translated
    counts[2] += fuzzy
    for key, entry in wanted.items():
        if key not in seen:
            line = int(entry.occurrences[0][1]) if entry.occurrences else 1
            hint = ("run `translate update`" if template_fresh else
                    "run `translate extract` and `translate update`")
            add(line, "missing-entry",
                f"no {language} entry for {_short(key[1])} in {display} -- {hint}",
                where=source_display)
    if stale and template_fresh:
        add(stale[0].linenum or 1, "stale-catalog",
            f"{len(stale)} entries are not in the template (first: {_short(stale[0].msgid, 40)}) "
            "-- run `translate update`")


def _check_chunk(names: list[str]) -> _Result:
    """Check some documents in all languages (run in a worker process)."""
    context = _CONTEXT
    assert context is not None
    result = _Result()
    for name in names:
        _check_document(context, name, result)
    if context.guesser is not None:
        result.detections = context.guesser.detections
    return result


def _work_size(project: Project, names: list[str], languages: list[str]) -> int:
    """A rough count of the entries to check, from the size of the templates."""
    size = 0
    for name in names:
        try:
            size += project.template_path(name).stat().st_size
        except OSError:
            pass
    return size // 300 * len(languages)


def check_project(project: Project, languages: Iterable[str] | None = None,
                  documents: Iterable[str | Path] = (), min_complete: float = 100.0,
                  codes: Iterable[str] | None = None, jobs: int | None = None) -> CheckReport:
    """Check every document, template and catalog of a project for missing,
    stale and wrong translations, without writing anything.

    The checks (see :data:`CODES` and the README's table): missing
    translations (untranslated and fuzzy entries, missing catalogs and
    entries); stale templates and catalogs (the document segmented anew in
    memory and compared); the syntax ``msgfmt --check`` enforces; glossary
    terms; Markdown markup, links, numbers and placeholders; translations not
    in their catalog's language and documents not in the source language;
    translations copied from the msgid; obsolete entries.

    A language whose share of translated entries is below ``min_complete``
    gets an ``incomplete`` error; when it meets it, its untranslated, fuzzy
    and missing entries are reported as warnings.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: every document and
            every template).
        min_complete: Percent of entries each language needs translated.
        codes: The finding codes to report (default: all); see
            :func:`resolve_codes`.
        jobs: Worker processes (default: one per CPU when there is a lot to
            check; 1 for none).

    Raises:
        ConfigError: Bad settings or an unknown language.
        GlossaryError: The glossary is malformed.
        PathOutsideProject: A template or catalog leads outside the project.
    """
    global _CONTEXT
    from .config import source_date
    from .glossary import project_glossary
    from .langid import LanguageGuesser

    langs = project.target_languages(languages)
    codes = frozenset(CODES if codes is None else codes)
    glossary = project_glossary(project)
    selected = list(documents)
    names = project.documents(selected)
    if not selected:
        names = sorted(set(names) | set(project.templates()))
    # A path leading outside the project is an error, raised here: from a
    # worker process it would not come back as one.
    for name in names:
        project.source_path(name)
        project.template_path(name)
        for code in langs:
            project.catalog_path(code, name)
    guesser = None
    if codes & {"wrong-language", "source-language"}:
        # Every language the tool knows, whatever the project configures or
        # --lang selects: a Spanish sentence is caught in a French catalog
        # of an English-French project too.
        guesser = LanguageGuesser()
    report = CheckReport(min_complete=min_complete)
    if glossary is not None and "glossary-lint" in codes:
        report.findings.extend(
            CheckFinding(finding.path, finding.line, "glossary-lint", "warning",
                         f"{finding.message} [{finding.code}]")
            for finding in glossary.lint(langs))
    context = _Context(project, langs, codes, glossary, guesser, source_date())
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    import multiprocessing

    if (workers > 1 and len(names) > 1
            and "fork" in multiprocessing.get_all_start_methods()
            and (jobs is not None or _work_size(project, names, langs) >= PARALLEL_ENTRIES)):
        chunks = [names[index::workers] for index in range(workers)]
        _CONTEXT = context
        try:
            with ProcessPoolExecutor(workers - 1,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_check_chunk, chunk) for chunk in chunks[1:]]
                results = [_check_chunk(chunks[0])] + [future.result() for future in futures]
        finally:
            _CONTEXT = None
    else:
        _CONTEXT = context
        try:
            results = [_check_chunk(names)]
        finally:
            _CONTEXT = None
    totals: dict[str, list[int]] = {language: [0, 0, 0] for language in langs}
    for result in results:
        report.findings.extend(result.findings)
        report.files.extend(result.files)
        for language, (entries, translated, fuzzy) in result.counts.items():
            total = totals[language]
            total[0] += entries
            total[1] += translated
            total[2] += fuzzy
    for language in langs:
        entries, translated, fuzzy = totals[language]
        percent = round(100.0 * translated / entries, 1) if entries else 100.0
        exact = 100.0 * translated / entries if entries else 100.0
        summary = LanguageSummary(language, entries, translated, fuzzy, percent,
                                  exact >= min_complete)
        report.languages.append(summary)
        if not summary.meets_threshold:
            if "incomplete" in codes:
                report.findings.append(CheckFinding(
                    project.relative(project.locales_dir / language), 0, "incomplete", "error",
                    f"{_language_name(language)} is {percent:g}% translated ({translated} of "
                    f"{entries} entries, {fuzzy} fuzzy), below --min-complete {min_complete:g}%",
                    language))
    meeting = {summary.language for summary in report.languages if summary.meets_threshold}
    report.findings = [
        CheckFinding(f.path, f.line, f.code, "warning", f.message, f.language)
        if f.code in _NOT_DONE and f.language in meeting else f
        for f in report.findings
    ]
    report.findings.sort(key=lambda f: (f.path, f.line, f.code, f.message))
    report.files = sorted(set(report.files))
    return report
