"""Findings: the one type every check returns, the table of their codes,
and the report of ``translate check``.

A check never raises on bad input: it returns :class:`Finding` objects, which
say where (file and line), what (a code of :data:`CODES`), how bad
(``error`` or ``warning``) and, in one line, what to do.  The checks of
``translate check`` and the glossary lint (:meth:`translate.glossary.Glossary.lint`)
both return them; :class:`CheckReport` collects those of ``translate check``.

A new check needs a code here: one line of :data:`CODES` (its category, its
severity, what it means).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

__all__ = ["Finding", "CheckFinding", "LintFinding", "CheckReport", "LanguageSummary",
           "SEVERITIES", "CODES", "CATEGORIES", "resolve_codes", "describe_error", "shorten",
           "language_name"]


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
    # The published site (translate/checks/site.py), checked when site_dir exists.
    "site-missing-page": ("site", "error", "a document has no page in a language it is "
                          "published in, or a file of the site is missing"),
    "site-unpublished": ("site", "error", "a page of a translation that is not published "
                         "(below the threshold, a removed document or language) is online"),
    "site-stale": ("site", "warning", "documents, catalogs, settings or templates changed "
                   "since the site was published"),
    "site-alternate": ("site", "error", "hreflang alternates or the canonical link: one "
                       "missing (not reciprocal, not self-referencing), a wrong or duplicate "
                       "hreflang, not absolute, or to a missing page"),
    "site-link": ("site", "error", "a language switcher, navigation, sitemap or feed link to a "
                  "missing file or to the wrong page, or a document's link or image to no "
                  "file of the site"),
    "site-html": ("site", "error", "a page is not well-formed HTML5 or lacks its lang or dir "
                  "(a sitemap or feed: not well-formed XML)"),
    "site-url": ("site", "warning", "base_url is not set: search engines need absolute URLs"),
}
CATEGORIES = tuple(dict.fromkeys(category for category, _, _ in CODES.values()))


@dataclass(frozen=True)
class Finding:
    """One problem found by a check (:func:`~translate.checks.check_project`, the
    glossary lint...).

    Attributes:
        path: The file, relative to the project root.
        line: Its line (1 for a problem with a whole file; 0 when the file
            does not exist or the finding is about a folder).
        code: What kind of problem (see :data:`CODES`; the glossary lint has
            codes of its own, reported as ``glossary-lint`` by ``translate check``).
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
        """``path:line``, or the path alone when the line is 0."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        """The finding as JSON data: every attribute."""
        return asdict(self)


#: The name ``translate check`` gave its findings: the same type.
CheckFinding = Finding


@dataclass(frozen=True)
class LintFinding(Finding):
    """A finding of the glossary lint, shown as ``translate glossary check``
    shows it: ``path:line: code: message``, and as JSON with the keys path,
    line, code and message only (its severity is always ``warning``)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"

    def to_dict(self) -> dict:
        """The finding as the glossary report's JSON shows it."""
        return {"path": self.path, "line": self.line, "code": self.code,
                "message": self.message}


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
        """The summary as JSON data."""
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

    findings: list[Finding] = field(default_factory=list)
    languages: list[LanguageSummary] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    min_complete: float = 100.0

    def failing(self, fail_on: str = "error") -> list[Finding]:
        """The findings at or above a severity."""
        allowed = SEVERITIES[:SEVERITIES.index(fail_on) + 1]
        return [finding for finding in self.findings if finding.severity in allowed]

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def to_dict(self) -> dict:
        """The report as JSON data (``translate check --format json``)."""
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

    Args:
        select: Codes or categories to report (``--select``); none means all.
        ignore: Codes or categories not to report (``--ignore``).

    Returns:
        The codes of :data:`CODES` to report.

    Raises:
        ConfigError: An unknown code or category.
    """
    from ..errors import ConfigError

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
# How findings word things


def describe_error(error: Exception) -> str:
    """The message of a finding about an error: its reason, and its hint
    after `` -- `` (a :class:`~translate.errors.TranslateError` has both)."""
    reason = getattr(error, "reason", str(error))
    hint = getattr(error, "hint", "")
    return f"{reason} -- {hint}" if hint else reason


def shorten(text: str, width: int = 60) -> str:
    """A text as a finding quotes it: on one line, cut to ``width``
    characters with an ellipsis, with ``repr`` quotes."""
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[:width - 1] + "…")


def language_name(code: str) -> str:
    """A language's English name for messages (the code when unknown)."""
    from ..languages import get_language

    try:
        return get_language(code).name
    except Exception:
        return code
