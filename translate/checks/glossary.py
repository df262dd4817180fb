"""``translate glossary check``: the glossary lint, and how every translated
entry renders the terms of its source (:func:`check_glossary`).

Its report rows (:class:`TermUsage`, :class:`Violation`) say how each term
fares in each language; the lint gives :class:`~translate.checks.findings.Finding`
objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..glossary import TermCheck, project_glossary
from ..po import is_fuzzy, read_po
from .findings import Finding

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["TermUsage", "Violation", "GlossaryReport", "check_glossary"]


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
                if (entry.obsolete or not entry.msgstr or is_fuzzy(entry)
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
