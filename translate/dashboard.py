"""A picture of the work: ``translate stats --format html``.

:func:`gather_dashboard` collects, per language and document, how many
entries are reviewed, machine drafts, other fuzzy entries and missing; the
glossary and check problems of each catalog (by running
:func:`translate.checks.check_project` in this process); and whether the
document is published in that language, by the rule ``translate build``
applies: its share of reviewed segments meets ``min_complete``.

:func:`render_html` turns those figures into one self-contained HTML page: the
style is inline, there is no script and no reference to any other file or to
the network, so the page can be mailed, archived or opened from a CI artifact.
Every bar is also given as numbers (in the table and as the bar's text
alternative), and the page prints as it shows.  The same figures give the same
bytes: the page carries a date only when ``SOURCE_DATE_EPOCH`` sets one.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .build import render_document
from .checks.findings import CODES, Finding
from .errors import CatalogSyntaxError, SourceError
from .languages import get_language
from .po import Catalog, is_machine_draft, is_reviewed, is_translated, read_po
from .project import Project
from .segment import Document, read_document

__all__ = ["CatalogFigures", "LanguageFigures", "Dashboard", "gather_dashboard", "render_html",
           "STATES"]

#: The states an entry of a catalog is counted in, in the order of the bars:
#: (attribute of :class:`CatalogFigures`, label, what it means).
STATES: tuple[tuple[str, str, str], ...] = (
    ("reviewed", "Reviewed", "translated and not fuzzy: done"),
    ("machine_drafts", "Machine drafts",
     "fuzzy, written by machine translation and untouched since: to review"),
    ("fuzzy", "Other fuzzy",
     "fuzzy for another reason (translation memory, a changed source segment, an edited "
     "draft): to review"),
    ("untranslated", "Missing", "no translation yet (or no entry in the catalog)"),
)

#: Finding categories the bars already show: they are not counted as problems.
_SHOWN_BY_BARS = frozenset({"missing", "obsolete"})
#: Findings listed per catalog on the page, at most (``translate check`` lists all).
MAX_LISTED = 50


@dataclass
class CatalogFigures:
    """The figures of one document in one language.

    Entries are counted against the document's template, so that the bars of
    one document have the same length in every language, even when a catalog
    is behind its template (an entry the catalog lacks counts as missing).

    Attributes:
        document, language: The pair.
        path: The catalog, relative to the project root.
        source: The source document, relative to the project root.
        exists: Whether the catalog exists.
        readable: Whether it parses (a catalog that does not is counted as
            missing entirely; its ``parse-error`` finding says why).
        entries: Entries of the template.
        reviewed, machine_drafts, fuzzy, untranslated: Entries in each state
            (``fuzzy``: fuzzy entries that are not machine drafts).
        obsolete: Obsolete (``#~``) entries of the catalog.
        percent: Reviewed share of the document's segments, as ``translate
            build`` computes it.
        published: Whether ``translate build`` writes the document in this
            language: ``percent`` meets the threshold.
        output: The built document, relative to the project root.
        built: Whether the built document exists now.
        findings: The findings of ``translate check`` about this catalog
            (and about this language's entries of the document).
    """

    document: str
    language: str
    path: str
    source: str = ""
    exists: bool = False
    readable: bool = True
    entries: int = 0
    reviewed: int = 0
    machine_drafts: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    percent: float = 0.0
    published: bool = False
    output: str = ""
    built: bool = False
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        """Findings the bars do not already show (not ``missing`` nor
        ``obsolete``), the glossary's included."""
        return [finding for finding in self.findings
                if CODES.get(finding.code, ("",))[0] not in _SHOWN_BY_BARS]

    @property
    def glossary_problems(self) -> int:
        """Findings of the ``glossary`` category: terms missing, forbidden, altered."""
        return sum(1 for finding in self.problems if CODES[finding.code][0] == "glossary")

    @property
    def check_problems(self) -> int:
        """The other problems: syntax, markup, language, stale, unchanged..."""
        return len(self.problems) - self.glossary_problems

    def to_dict(self) -> dict:
        """The figures as JSON data."""
        return {
            "document": self.document, "language": self.language, "path": self.path,
            "source": self.source, "exists": self.exists, "readable": self.readable, "entries": self.entries,
            "reviewed": self.reviewed, "machine_drafts": self.machine_drafts,
            "fuzzy": self.fuzzy, "untranslated": self.untranslated, "obsolete": self.obsolete,
            "percent": self.percent, "published": self.published, "output": self.output,
            "built": self.built, "glossary_problems": self.glossary_problems,
            "check_problems": self.check_problems,
        }


@dataclass
class LanguageFigures:
    """The sums of one language over its documents.

    Attributes:
        code, name, native, direction: The language (name in English and in
            itself, ``ltr`` or ``rtl``).
        entries, reviewed, machine_drafts, fuzzy, untranslated, obsolete: Sums.
        published: Documents published in this language.
        documents: Documents counted.
        glossary_problems, check_problems: Sums of the catalogs' problems.
    """

    code: str
    name: str
    native: str
    direction: str = "ltr"
    entries: int = 0
    reviewed: int = 0
    machine_drafts: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    published: int = 0
    documents: int = 0
    glossary_problems: int = 0
    check_problems: int = 0


@dataclass
class Dashboard:
    """Everything the page shows.

    Attributes:
        project: The project's name (its folder's).
        source_language: The source language's code.
        min_complete: The threshold a document needs to be published.
        glossary: The glossary file, or None when the glossary is off.
        languages: One summary per target language, in the project's order.
        documents: The documents, sorted.
        catalogs: One per document and language, by document then language.
        general: Findings about no one catalog: the glossary file itself,
            source documents and templates.
        date: When the figures were taken, only when ``SOURCE_DATE_EPOCH``
            says (else None, so that the page's bytes depend on the figures
            only).
    """

    project: str
    source_language: str
    min_complete: float
    glossary: str | None
    languages: list[LanguageFigures] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    catalogs: list[CatalogFigures] = field(default_factory=list)
    general: list[Finding] = field(default_factory=list)
    date: str | None = None

    def catalog(self, language: str, document: str) -> CatalogFigures:
        """The figures of one document in one language.

        Raises:
            KeyError: No such pair.
        """
        for figures in self.catalogs:
            if figures.language == language and figures.document == document:
                return figures
        raise KeyError((language, document))


# ---------------------------------------------------------------------------
# The figures


def _count(figures: CatalogFigures, template: Catalog, catalog: Catalog | None) -> None:
    """Count the entries of ``catalog`` in each state against ``template``."""
    wanted = [(entry.msgctxt, entry.msgid) for entry in template if not entry.obsolete]
    figures.entries = len(wanted)
    if catalog is None:
        figures.untranslated = len(wanted)
        return
    active = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    figures.obsolete = sum(1 for entry in catalog if entry.obsolete)
    for key in wanted:
        entry = active.get(key)
        if entry is None or not is_translated(entry):
            figures.untranslated += 1
        elif is_reviewed(entry):
            figures.reviewed += 1
        elif is_machine_draft(entry):
            figures.machine_drafts += 1
        else:
            figures.fuzzy += 1


def _published(figures: CatalogFigures, document: Document | None, catalog: Catalog | None,
               threshold: float) -> None:
    """Apply ``translate build``'s rule: the reviewed share of the document's
    segments, rounded as build rounds it, must meet the threshold."""
    if document is None:
        # build cannot write a document whose source is gone or unreadable.
        figures.percent = (round(100.0 * figures.reviewed / figures.entries, 1)
                           if figures.entries else 0.0)
        figures.published = False
        return
    _, segments, translated, _ = render_document(document, catalog, include_fuzzy=False)
    figures.percent = round(100.0 * translated / segments, 1) if segments else 100.0
    figures.published = figures.readable and figures.percent >= threshold


def gather_dashboard(project: Project, languages: Iterable[str] | None = None,
                     documents: Iterable[str | Path] = (), min_complete: float | None = None,
                     jobs: int | None = None) -> Dashboard:
    """Take the figures of the dashboard: states, problems, publication.

    Nothing is written.  A catalog that does not parse is shown (its entries
    as missing, its ``parse-error`` among its problems) rather than stopping
    the page, since showing problems is the page's job.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: every document that
            has a template).
        min_complete: The percent a document needs to be published (default:
            the project's ``min_complete``, as for ``translate build``).
        jobs: Worker processes for the checks (see
            :func:`~translate.checks.check_project`).

    Raises:
        ConfigError: Bad settings or a language the project does not have.
        GlossaryError: The glossary is malformed or missing.
        CatalogSyntaxError: A template does not parse.
        PathOutsideProject: A path leads outside the project.
    """
    from .checks import check_project
    from .glossary import project_glossary

    settings = project.settings
    threshold = settings.min_complete if min_complete is None else min_complete
    langs = project.target_languages(languages)
    selected = list(documents)
    names = project.translated_documents(selected)
    glossary = project_glossary(project)
    report = check_project(project, langs, selected, threshold, None, jobs)
    dashboard = Dashboard(
        project=project.root.name, source_language=settings.source_language,
        min_complete=threshold,
        glossary=project.relative(settings.path("glossary")) if glossary is not None else None,
        documents=list(names),
        date=_date())
    # Where findings go: a catalog's path, or (missing entries) the document's
    # path with the catalog's language.
    owners: dict[tuple[str | None, str], CatalogFigures] = {}
    for name in names:
        template = project.read_template(name)
        source = project.source_path(name)
        source_display = project.relative(source)
        document: Document | None = None
        if source.exists():
            try:
                document = read_document(source, name, source_display, settings.front_matter)
            except SourceError:
                document = None  # check_project reports it as source-error
        for code in langs:
            path = project.catalog_path(code, name)
            display = project.relative(path)
            output = project.output_path(code, name)
            figures = CatalogFigures(document=name, language=code, path=display,
                                     source=source_display,
                                     exists=path.exists(), output=project.relative(output),
                                     built=output.is_file())
            catalog: Catalog | None = None
            if figures.exists:
                try:
                    catalog = read_po(path, display)
                except CatalogSyntaxError:
                    figures.readable = False
            _count(figures, template, catalog)
            _published(figures, document, catalog, threshold)
            dashboard.catalogs.append(figures)
            owners[(code, display)] = figures
            owners[(code, source_display)] = figures
    for finding in report.findings:
        owner = owners.get((finding.language, finding.path))
        if owner is not None:
            owner.findings.append(finding)
        elif finding.code != "incomplete":  # the language bars say it
            dashboard.general.append(finding)
    for code in langs:
        language = get_language(code)
        summary = LanguageFigures(code=code, name=language.name, native=language.native,
                                  direction=language.direction)
        for figures in dashboard.catalogs:
            if figures.language != code:
                continue
            summary.documents += 1
            summary.published += figures.published
            for attribute in ("entries", "reviewed", "machine_drafts", "fuzzy",
                              "untranslated", "obsolete", "glossary_problems",
                              "check_problems"):
                setattr(summary, attribute,
                        getattr(summary, attribute) + getattr(figures, attribute))
        dashboard.languages.append(summary)
    return dashboard


def _date() -> str | None:
    """``SOURCE_DATE_EPOCH`` as a date, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    from .config import source_date

    return source_date().replace("+0000", " UTC")


# ---------------------------------------------------------------------------
# The page

_CSS = """\
:root {
  color-scheme: light;
  --text: #1f2328; --muted: #4b535c; --line: #8c959f; --faint: #eef1f4;
  --reviewed: #00795a; --machine: #0060a0; --fuzzy: #b54a00; --missing: #e3e7eb;
  --ok: #00663c; --no: #a4002a;
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; padding: 1.5rem 1.5rem 3rem; max-width: 76rem;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--text); background: #fff;
}
h1 { font-size: 1.6rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-block-end: .25rem;
     border-block-end: 1px solid var(--line); }
p { margin: .25rem 0 .75rem; }
.muted, caption, .note { color: var(--muted); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
       font-size: .9em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
caption { text-align: start; caption-side: top; padding-block-end: .35rem; }
th, td { padding: .35rem .5rem; border-block-end: 1px solid #d8dee4; vertical-align: top;
         text-align: start; }
thead th { border-block-end: 2px solid var(--line); font-weight: 600; }
tbody th { font-weight: 600; }
th.group { background: var(--faint); font-size: 1rem; }
.num { text-align: end; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.doc { overflow-wrap: break-word; min-width: 9rem; }
.path { font-weight: normal; font-size: .85rem; }
.barcell { min-width: 8rem; width: 20%; }
.pub { min-width: 11rem; }
.bar { display: flex; height: 1.1rem; border: 1px solid var(--muted); background: var(--missing);
       margin-block-start: .15rem; }
.bar span { display: block; height: 100%; }
.bar span + span { border-inline-start: 1px solid #fff; }
.reviewed { background: var(--reviewed); }
.machine_drafts { background-color: var(--machine);
  background-image: repeating-linear-gradient(135deg, transparent 0 4px,
                    rgba(255,255,255,.45) 4px 6px); }
.fuzzy { background: var(--fuzzy); }
.untranslated { background: var(--missing); }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; list-style: none; padding: 0;
          margin: .5rem 0 1rem; }
.legend li { display: flex; gap: .4rem; align-items: baseline; max-width: 34rem; }
.swatch { display: inline-block; flex: none; width: 1.6rem; height: .9rem;
          border: 1px solid var(--muted); position: relative; top: .1rem; }
.yes { color: var(--ok); font-weight: 600; }
.no { color: var(--no); font-weight: 600; }
.zero { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 2rem; padding: 0; list-style: none; }
.summary strong { font-size: 1.3rem; }
a { color: #0550ae; }
a:focus-visible { outline: 2px solid #0550ae; outline-offset: 2px; }
.findings td { font-size: .92rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
           clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-block-start: 2.5rem; color: var(--muted); font-size: .9rem; }
@media screen and (max-width: 48rem) {
  body { padding: 1rem .75rem 2rem; }
  .wide { display: block; overflow-x: auto; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 8.5pt; }
  th, td { padding: .2rem .3rem; }
  .barcell { min-width: 5rem; }
  .pub { min-width: 8rem; }
  h2 { break-after: avoid; }
  tr, .legend li { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _path(path: str) -> str:
    """A path that may break after its slashes (only where it must)."""
    return "/<wbr>".join(_e(part) for part in path.split("/"))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _percent(value: float) -> str:
    return f"{value:g}%"


def _language_name(summary: LanguageFigures) -> str:
    """The language's name in itself, marked up with its language and
    direction (so that Arabic reads right to left inside the English page),
    then its English name and code."""
    native = (f'<span lang="{_e(summary.code.replace("_", "-"))}" dir="{_e(summary.direction)}">'
              f"{_e(summary.native)}</span>")
    if summary.native == summary.name:
        return f"{native} <span class=\"muted\">({_e(summary.code)})</span>"
    return f"{native} <span class=\"muted\">{_e(summary.name)} ({_e(summary.code)})</span>"


def _describe(counts: CatalogFigures | LanguageFigures) -> str:
    """The bar in words: its text alternative."""
    parts = [f"{getattr(counts, attribute)} {label.lower()}" for attribute, label, _ in STATES]
    return f"{', '.join(parts)}, of {_plural(counts.entries, 'entry', 'entries')}"


def _bar(counts: CatalogFigures | LanguageFigures) -> str:
    """A stacked bar of the entry states; its widths are exact to 0.01 %, so
    that the same counts always give the same bytes."""
    label = _describe(counts)
    spans = []
    if counts.entries:
        for attribute, name, _ in STATES:
            value = getattr(counts, attribute)
            if value and attribute != "untranslated":  # missing: the bar's background
                width = f"{100.0 * value / counts.entries:.2f}"
                spans.append(f'<span class="{attribute}" style="width:{width}%" '
                             f'title="{_e(name)}: {value}"></span>')
    return (f'<div class="bar" role="img" aria-label="{_e(label)}" title="{_e(label)}">'
            f'{"".join(spans)}</div>')


def _num(value: int) -> str:
    return '<td class="num zero">0</td>' if value == 0 else f'<td class="num">{value}</td>'


def _problem_cell(count: int, anchor: str | None) -> str:
    if count == 0:
        return '<td class="num zero">0</td>'
    if anchor is None:
        return f'<td class="num">{count}</td>'
    return f'<td class="num"><a href="#{anchor}">{count}</a></td>'


def _publication(figures: CatalogFigures, threshold: float) -> str:
    """Whether a document is published in a language, in words, with what is
    left to do when the build folder does not agree yet."""
    if figures.published:
        text = (f'<span class="yes">Published</span><br><span class="note">'
                f"{_percent(figures.percent)} reviewed</span>")
        if not figures.built:
            text += (f'<br><span class="note">not built yet: run <code>translate build</code>'
                     "</span>")
        return text
    if not figures.readable:
        why = "the catalog does not parse"
    elif figures.percent >= threshold:
        why = "the source document is missing or unreadable"
    else:
        why = f"{_percent(figures.percent)} reviewed, needs {_percent(threshold)}"
    text = f'<span class="no">Not published</span><br><span class="note">{_e(why)}</span>'
    if figures.built:
        text += (f'<br><span class="note">an older <code>{_e(figures.output)}</code> is still '
                 "there: <code>translate build</code> removes it</span>")
    return text


def _findings_rows(findings: list[Finding]) -> str:
    rows = []
    for finding in findings:
        rows.append(
            f"<tr><td><code>{_path(finding.location)}</code></td>"
            f"<td>{_e(finding.severity)}</td><td><code>{_e(finding.code)}</code></td>"
            f"<td>{_e(finding.message)}</td></tr>")
    return "\n".join(rows)


def _findings_table(caption: str, findings: list[Finding], more: str = "") -> str:
    listed = findings[:MAX_LISTED]
    note = ""
    if len(findings) > len(listed):
        note = (f'<p class="note">and {len(findings) - len(listed)} more: {more}</p>')
    return (f'<table class="findings"><caption>{caption}</caption>\n'
            '<thead><tr><th scope="col">Where</th><th scope="col">Severity</th>'
            '<th scope="col">Check</th><th scope="col">Problem</th></tr></thead>\n'
            f"<tbody>\n{_findings_rows(listed)}\n</tbody></table>\n{note}")


def render_html(dashboard: Dashboard) -> str:
    """The dashboard as one self-contained HTML page.

    Args:
        dashboard: The figures (:func:`gather_dashboard`).

    Returns:
        The page, ending with a newline; the same figures give the same text.
    """
    threshold = dashboard.min_complete
    summaries = {summary.code: summary for summary in dashboard.languages}
    anchors: dict[tuple[str, str], str] = {}
    for index, figures in enumerate(dashboard.catalogs):
        if figures.problems:
            anchors[(figures.language, figures.document)] = f"problems-{index + 1}"
    out: list[str] = []
    add = out.append
    title = f"Translation status: {dashboard.project}"
    add("<!DOCTYPE html>")
    add('<html lang="en" dir="ltr">')
    add("<head>")
    add('<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add('<meta name="generator" content="translate stats --format html">')
    add(f"<title>{_e(title)}</title>")
    add(f"<style>\n{_CSS}</style>")
    add("</head>")
    add("<body>")
    add("<header>")
    add(f"<h1>{_e(title)}</h1>")
    try:
        source = get_language(dashboard.source_language).name
    except Exception:
        source = dashboard.source_language
    glossary = (f"glossary <code>{_e(dashboard.glossary)}</code>" if dashboard.glossary
                else "no glossary")
    add(f"<p>{_plural(len(dashboard.documents), 'document')} written in {_e(source)}, "
        f"{_plural(len(dashboard.languages), 'target language')}, {glossary}. "
        f"A document is published in a language when at least {_percent(threshold)} of its "
        "segments are reviewed (the threshold of <code>translate build</code>, "
        "<code>min_complete</code>).</p>")
    if dashboard.date:
        add(f'<p class="muted">Figures as of {_e(dashboard.date)}.</p>')
    add("</header>")
    add("<main>")

    # -- the whole picture ---------------------------------------------------
    total = len(dashboard.catalogs)
    published = sum(1 for figures in dashboard.catalogs if figures.published)
    problems = sum(len(figures.problems) for figures in dashboard.catalogs) \
        + len(dashboard.general)
    drafts = sum(figures.machine_drafts + figures.fuzzy for figures in dashboard.catalogs)
    add('<ul class="summary" aria-label="In short">')
    add(f"<li><strong>{published}</strong> of {total} translations published</li>")
    add(f"<li><strong>{drafts}</strong> fuzzy entries to review</li>")
    add(f"<li><strong>{sum(figures.untranslated for figures in dashboard.catalogs)}</strong> "
        "entries missing</li>")
    add(f'<li><strong>{problems}</strong> <a href="#problems">problems</a> found by '
        "<code>translate check</code></li>")
    add("</ul>")

    add('<ul class="legend" aria-label="What the colours of the bars mean">')
    for attribute, label, meaning in STATES:
        add(f'<li><span class="swatch {attribute}" aria-hidden="true"></span>'
            f"<span><strong>{_e(label)}</strong>: {_e(meaning)}</span></li>")
    add("</ul>")

    if not dashboard.documents:
        add("<p>No templates yet: run <code>translate extract</code>.</p>")

    # -- per language --------------------------------------------------------
    states_head = "".join(f'<th scope="col" class="num">{_e(label)}</th>'
                          for _, label, _ in STATES)
    add('<section aria-labelledby="languages">')
    add('<h2 id="languages">Languages</h2>')
    add('<div class="wide"><table>')
    add("<caption>Entries of every document, per language.</caption>")
    add(f'<thead><tr><th scope="col">Language</th><th scope="col">Progress</th>{states_head}'
        '<th scope="col" class="num">Obsolete</th><th scope="col" class="num">Published</th>'
        '<th scope="col" class="num">Glossary problems</th>'
        '<th scope="col" class="num">Other problems</th></tr></thead>')
    add("<tbody>")
    for summary in dashboard.languages:
        cells = "".join(_num(getattr(summary, attribute)) for attribute, _, _ in STATES)
        add(f'<tr><th scope="row">{_language_name(summary)}</th>'
            f'<td class="barcell">{_bar(summary)}</td>{cells}{_num(summary.obsolete)}'
            f'<td class="num">{summary.published} of {summary.documents}</td>'
            f"{_num(summary.glossary_problems)}{_num(summary.check_problems)}</tr>")
    add("</tbody></table></div>")
    add("</section>")

    # -- per language and document ------------------------------------------
    add('<section aria-labelledby="documents">')
    add('<h2 id="documents">Documents</h2>')
    add('<div class="wide"><table>')
    add("<caption>Entries per language and document; problems link to their list.</caption>")
    add(f'<thead><tr><th scope="col">Document</th><th scope="col">Progress</th>{states_head}'
        '<th scope="col" class="num">Glossary problems</th>'
        '<th scope="col" class="num">Other problems</th>'
        '<th scope="col">Publication</th></tr></thead>')
    for summary in dashboard.languages:
        add("<tbody>")
        add(f'<tr><th scope="rowgroup" colspan="{len(STATES) + 5}" class="group">'
            f"{_language_name(summary)}</th></tr>")
        for figures in dashboard.catalogs:
            if figures.language != summary.code:
                continue
            anchor = anchors.get((figures.language, figures.document))
            cells = "".join(_num(getattr(figures, attribute)) for attribute, _, _ in STATES)
            where = f'<code>{_path(figures.path)}</code>'
            if not figures.exists:
                where += ' <span class="note">(no catalog yet)</span>'
            elif not figures.readable:
                where += ' <span class="no">(does not parse)</span>'
            add(f'<tr><th scope="row" class="doc">{_e(figures.document)}<br>'
                f'<span class="muted path">{where}</span></th>'
                f'<td class="barcell">{_bar(figures)}</td>{cells}'
                f"{_problem_cell(figures.glossary_problems, anchor)}"
                f"{_problem_cell(figures.check_problems, anchor)}"
                f'<td class="pub">{_publication(figures, threshold)}</td></tr>')
        add("</tbody>")
    add("</table></div>")
    add("</section>")

    # -- which documents are published where --------------------------------
    add('<section aria-labelledby="published">')
    add('<h2 id="published">Published documents</h2>')
    add('<div class="wide"><table>')
    add(f"<caption>Whether <code>translate build</code> writes each document in each "
        f"language (at least {_percent(threshold)} of its segments reviewed).</caption>")
    heads = "".join(f'<th scope="col">{_language_name(summary)}</th>'
                    for summary in dashboard.languages)
    add(f'<thead><tr><th scope="col">Document</th>{heads}</tr></thead>')
    add("<tbody>")
    for name in dashboard.documents:
        cells = []
        for summary in dashboard.languages:
            figures = dashboard.catalog(summary.code, name)
            if figures.published:
                cells.append(f'<td><span class="yes">Yes</span> '
                             f'<span class="muted">{_percent(figures.percent)}</span></td>')
            else:
                cells.append(f'<td><span class="no">No</span> '
                             f'<span class="muted">{_percent(figures.percent)}</span></td>')
        add(f'<tr><th scope="row" class="doc">{_e(name)}</th>{"".join(cells)}</tr>')
    add("</tbody></table></div>")
    add("</section>")

    # -- the problems --------------------------------------------------------
    add('<section aria-labelledby="problems">')
    add('<h2 id="problems">Problems</h2>')
    if not problems:
        add("<p><code>translate check</code> found no problem besides the missing and fuzzy "
            "entries counted above.</p>")
    else:
        add("<p>What <code>translate check</code> reports besides the missing, fuzzy and "
            "obsolete entries counted above.</p>")
    if dashboard.general:
        add(_findings_table("The glossary, the source documents and the templates",
                            dashboard.general, "run <code>translate check</code>"))
    for figures in dashboard.catalogs:
        anchor = anchors.get((figures.language, figures.document))
        if anchor is None:
            continue
        summary = summaries[figures.language]
        counts = []
        if figures.glossary_problems:
            counts.append(_plural(figures.glossary_problems, "glossary problem"))
        if figures.check_problems:
            counts.append(_plural(figures.check_problems, "other problem"))
        add(f'<h3 id="{anchor}">{_e(figures.document)}: {_language_name(summary)}</h3>')
        by_code = Counter(finding.code for finding in figures.problems)
        codes = ", ".join(f"{code} {count}" for code, count in sorted(by_code.items()))
        command = (f"run <code>translate check --lang {_e(figures.language)} "
                   f"{_e(figures.source)}</code>")
        add(_findings_table(f"{_e(' and '.join(counts))} ({_e(codes)})", figures.problems,
                            command))
    add("</section>")
    add("</main>")
    add("<footer><p>Written by <code>translate stats --format html</code>; "
        "the same figures give the same page.</p></footer>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"
