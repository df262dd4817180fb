"""``translate check`` over a whole project: the walk (:func:`check_project`).

Every document is segmented anew in memory and compared with its template
(``stale-source``, ``stale-template``) and checked for its language
(``source-language``); every template and catalog is checked as ``msgfmt
--check`` would (:mod:`translate.checks.syntax`); every catalog is compared
with its template (``missing-catalog``, ``missing-entry``, ``stale-catalog``)
and each of its entries goes through the checks of
:data:`~translate.checks.entries.ENTRY_CHECKS`.  Above
:data:`PARALLEL_ENTRIES` entries the documents are shared between forked
worker processes (:func:`translate.parallel.run_forked`), which inherit what
they need; this process reads and checks the published site
(:mod:`translate.checks.site`) meanwhile, and has fewer documents.
What a document or a page gave in an earlier run, under a key of all its
inputs, comes from the cache (:mod:`translate.checks.cache`) instead.

A new check of one entry is a function in :mod:`translate.checks.entries`
(its docstring shows one); nothing here changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..po import is_fuzzy, is_translated
from .entries import ENTRY_CHECKS, CatalogContext, Stop, letter_count
from .findings import (CODES, CheckReport, Finding, LanguageSummary, describe_error,
                       language_name, shorten)
from .syntax import check_po_syntax

if TYPE_CHECKING:
    from ..project import Project
    from ..segment import DocumentFormat

__all__ = ["check_project", "PARALLEL_ENTRIES"]

#: Findings that say a translation is not done: warnings when the language
#: meets --min-complete.
_NOT_DONE = frozenset({"untranslated", "fuzzy", "missing-entry", "missing-catalog"})
_SOURCE_MIN_LETTERS = 100
#: Above this many entries to check, the work is shared between processes.
PARALLEL_ENTRIES = 4000


@dataclass
class _Context:
    """What every check of a document needs; inherited by forked workers."""

    project: Project
    languages: list[str]
    codes: frozenset[str]
    glossary: object
    guesser: object
    now: str
    #: Whether what is found is kept in the cache (:mod:`.cache`).
    cache: bool = False


@dataclass
class _Result:
    findings: list[Finding] = field(default_factory=list)
    #: language -> [entries, translated, fuzzy]
    counts: dict[str, list[int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Pages of the site read (:func:`translate.checks.site.read_pages`).
    pages: dict = field(default_factory=dict)
    #: document -> what was found in it, as the cache keeps it.
    documents: dict = field(default_factory=dict)


def _check_document(context: _Context, name: str, result: _Result) -> None:
    from ..catalog import make_template
    from ..errors import SourceError
    from ..segment import format_for, get_format, read_document

    project = context.project
    codes = context.codes
    findings = result.findings

    def add(path: str, line: int, code: str, message: str, language: str | None = None) -> None:
        if code in codes:
            findings.append(Finding(path, line, code, CODES[code][1], message, language))

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
            add(source_display, error.line or 1, "source-error", describe_error(error))
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
                                 f"(first: {shorten(first.msgid, 40)})")
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
            if letter_count(text) >= _SOURCE_MIN_LETTERS:
                other = context.guesser.other_language(text, source_language)
                if other is not None:
                    add(source_display, 1, "source-language",
                        f"the document looks {language_name(other[0])} (p={other[1]:.2f}), "
                        f"not {language_name(source_language)}, the source language -- "
                        "move it out of the source folder")
    if template is None:
        return
    wanted = {(entry.msgctxt, entry.msgid): entry for entry in template if not entry.obsolete}
    fmt = get_format(document.format) if document is not None else format_for(name)
    for language in context.languages:
        _check_catalog(context, name, language, template, wanted, template_fresh,
                       fmt, source_display, result)


def _check_catalog(context: _Context, name: str, language: str, template, wanted: dict,
                   template_fresh: bool, fmt: DocumentFormat, source_display: str,
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
            findings.append(Finding(where, line, code, CODES[code][1], message, language))

    if not path.exists():
        add(0, "missing-catalog",
            f"no {language_name(language)} catalog for {source_display} "
            f"({len(wanted)} entries) -- run `translate update --lang {language}`")
        return
    catalog, problems = check_po_syntax(path.read_bytes(), display, language)
    findings.extend(problem for problem in problems if problem.code in codes)
    if catalog is None:
        return
    entry_context = CatalogContext(display, language, codes, fmt, context.glossary,
                                   context.guesser)
    # A check none of whose codes is selected is skipped, unless it may stop
    # the entry: --select number compares no numbers of untranslated entries.
    checks = [check for check in ENTRY_CHECKS if check.gate or check.codes & codes]
    seen: set = set()
    stale: list = []
    translated = fuzzy = 0
    for entry in catalog:
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key not in wanted:
                stale.append(entry)
                continue
            seen.add(key)
            if is_translated(entry):
                if is_fuzzy(entry):
                    fuzzy += 1
                else:
                    translated += 1
        for check in checks:
            found = check(entry_context, entry)
            if found:
                findings.extend(finding for finding in found if finding.code in codes)
            if found.__class__ is Stop:
                break
    counts[1] += translated
    counts[2] += fuzzy
    for key, entry in wanted.items():
        if key not in seen:
            line = int(entry.occurrences[0][1]) if entry.occurrences else 1
            hint = ("run `translate update`" if template_fresh else
                    "run `translate extract` and `translate update`")
            add(line, "missing-entry",
                f"no {language} entry for {shorten(key[1])} in {display} -- {hint}",
                where=source_display)
    if stale and template_fresh:
        add(stale[0].linenum or 1, "stale-catalog",
            f"{len(stale)} entries are not in the template (first: {shorten(stale[0].msgid, 40)}) "
            "-- run `translate update`")


def _check_chunk(context: _Context, names: list[str]) -> _Result:
    """Check some documents in all languages (in a worker process, or here)."""
    result = _Result()
    for name in names:
        if not context.cache:
            _check_document(context, name, result)
            continue
        # One document alone, for the cache; then added to the chunk's.
        one = _Result()
        _check_document(context, name, one)
        result.documents[name] = _result_to_json(one)
        result.findings += one.findings
        result.files += one.files
        for language, counts in one.counts.items():
            total = result.counts.setdefault(language, [0, 0, 0])
            for index, count in enumerate(counts):
                total[index] += count
    return result


#: What reading a page costs, and checking it with the site, in entries
#: checked (for :data:`PARALLEL_ENTRIES` and the shares of the work).
_PAGE_ENTRIES = 8
_SITE_PAGE_ENTRIES = 3


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class _Unreadable(Exception):
    """An input exists but cannot be read: its document is not cached."""


def _input(path: Path) -> bytes | None:
    """The bytes of an input of a document (None: there is no such file)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _Unreadable(str(path)) from error


def _open_cache(context: _Context):
    """The cache of findings (:mod:`.cache`) for this run, or None when the
    build folder is not a place to keep it."""
    from ..errors import TranslateError
    from .cache import CACHE_FILE, CheckCache, code_digest, digest

    project = context.project
    settings = project.settings
    try:
        path = project.checked(settings.path("build_dir") / CACHE_FILE)
        glossary = None
        if context.glossary is not None:
            glossary = settings.path("glossary").read_bytes()
    except (TranslateError, OSError):
        return None
    # Not the date (context.now): it only goes into the POT-Creation-Date
    # of templates made anew in memory, which no check compares.
    key = digest(code_digest(), repr(settings), repr(sorted(context.codes)),
                 repr(context.languages), repr(context.glossary is not None),
                 glossary, repr(context.guesser is not None))
    context.cache = True
    return CheckCache(path, key)


def _document_key(cache, context: _Context, name: str) -> str | None:
    """The key of what a document's checks depend on besides the run's
    context: its name, source, template and catalogs (None: one cannot be
    read, the document is checked and not cached)."""
    project = context.project
    try:
        parts = [name, _input(project.source_path(name)), _input(project.template_path(name))]
        parts += [_input(project.catalog_path(language, name)) for language in context.languages]
    except _Unreadable:
        return None
    return cache.key("document", *parts)


def _result_to_json(result: _Result) -> dict:
    return {"findings": [[f.path, f.line, f.code, f.severity, f.message, f.language]
                         for f in result.findings],
            "counts": result.counts, "files": result.files}


def _result_from_json(value: dict) -> _Result:
    findings = [Finding(str(path), int(line), str(code), str(severity), str(message),
                        None if language is None else str(language))
                for path, line, code, severity, message, language in value["findings"]]
    counts = {str(language): [int(count) for count in counts]
              for language, counts in value["counts"].items()}
    if any(len(item) != 3 for item in counts.values()):
        raise ValueError("counts")
    return _Result(findings, counts, [str(file) for file in value["files"]])


def _site_codes() -> frozenset[str]:
    return frozenset(code for code, info in CODES.items() if info[0] == "site")


def _document_costs(project: Project, names: list[str], languages: list[str]
                    ) -> dict[str, int]:
    """A rough count of the entries to check in each document, from the size
    of its template."""
    costs = {}
    for name in names:
        try:
            size = project.template_path(name).stat().st_size
        except OSError:
            size = 0
        costs[name] = (size // 300 + 1) * len(languages)
    return costs


def _shares(costs: dict[str, int], workers: int, first: int = 0) -> list[list[str]]:
    """The documents, shared between processes so that each has about as
    much to check; the first process has ``first`` more work of its own.
    The largest go first, each to the process with the least so far."""
    loads = [first] + [0] * (workers - 1)
    shares: list[list[str]] = [[] for _ in range(workers)]
    for name in sorted(costs, key=lambda name: (-costs[name], name)):
        least = loads.index(min(loads))
        shares[least].append(name)
        loads[least] += costs[name]
    return [sorted(share) for share in shares]


def check_project(project: Project, languages: Iterable[str] | None = None,
                  documents: Iterable[str | Path] = (), min_complete: float = 100.0,
                  codes: Iterable[str] | None = None, jobs: int | None = None,
                  site: bool | None = None, use_cache: bool = True) -> CheckReport:
    """Check every document, template and catalog of a project for missing,
    stale and wrong translations, writing nothing but the cache of findings.

    The checks (see :data:`~translate.checks.findings.CODES` and the README's table): missing
    translations (untranslated and fuzzy entries, missing catalogs and
    entries); stale templates and catalogs (the document segmented anew in
    memory and compared); the syntax ``msgfmt --check`` enforces; glossary
    terms; Markdown markup, links, numbers and placeholders; translations not
    in their catalog's language and documents not in the source language;
    translations copied from the msgid; obsolete entries; and the published
    site, when there is one (:func:`~translate.checks.site.check_site`).

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
            :func:`~translate.checks.findings.resolve_codes`.
        jobs: Worker processes (default: one per CPU when there is a lot to
            check; 1 for none).
        site: Whether to check the published site too (the ``site`` codes,
            :mod:`translate.checks.site`); None: when ``site_dir`` exists,
            or when only site codes are asked for (then a missing site is a
            finding).
        use_cache: Reuse the findings of an earlier check for inputs whose bytes
            are unchanged, and keep this check's, in the build folder when
            it exists (:mod:`.cache`); False: check everything, write nothing.

    Raises:
        ConfigError: Bad settings or an unknown language.
        GlossaryError: The glossary is malformed.
        PathOutsideProject: A template or catalog leads outside the project.
    """
    from ..config import source_date
    from ..glossary import project_glossary
    from .language import LanguageGuesser

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
            Finding(finding.path, finding.line, "glossary-lint", "warning",
                    f"{finding.message} [{finding.code}]")
            for finding in glossary.lint(langs))
    # The published site is checked when there is one, or when asked for
    # (site=True, or only its checks selected: `--select site`); when asked,
    # a missing site is a finding.
    required = site is True or bool(codes) and codes <= _site_codes()
    if site is None:
        site = required or project.settings.path("site_dir").is_dir()
    site_dir = None
    if site and codes & _site_codes():
        site_dir = project.checked(project.settings.path("site_dir"))
    context = _Context(project, langs, codes, glossary, guesser, source_date())
    cache = _open_cache(context) if use_cache else None
    # What the cache holds is not checked again: the documents whose
    # inputs and the pages whose bytes are those of an earlier run.
    cached: dict[str, _Result] = {}
    keys: dict[str, str] = {}
    for name in names:
        key = _document_key(cache, context, name) if cache is not None else None
        if key is None:
            continue
        keys[name] = key
        value = cache.get("documents", key)
        if value is not None:
            try:
                cached[name] = _result_from_json(value)
            except (TypeError, ValueError, KeyError):
                pass  # foreign or damaged: checked again
    todo = [name for name in names if name not in cached]
    read: dict = {}
    pages: list[str] = []
    if site_dir is not None:
        from .site import page_digest, reading_from_json, site_pages

        for file in site_pages(site_dir):
            # A page's bytes are its key in the cache; without one, the
            # page is read once, when it is checked.
            data = _read_or_none(site_dir / file) if cache is not None else None
            value = (cache.get("pages", cache.key("page", page_digest(data)))
                     if cache is not None and data is not None else None)
            reading = None
            if value is not None:
                try:
                    reading = reading_from_json(value)
                except (TypeError, ValueError, KeyError, IndexError):
                    reading = None
            if reading is None:
                pages.append(file)
            else:
                read[file] = ("", reading)
    # The site is checked by this process while the workers check documents
    # (check_site does not need their findings): it has that much less of
    # them to check.
    site_work = (len(pages) * _PAGE_ENTRIES + (len(pages) + len(read)) * _SITE_PAGE_ENTRIES
                 if site_dir is not None else 0)
    costs = _document_costs(project, todo, langs)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if not (jobs is not None or sum(costs.values()) + site_work >= PARALLEL_ENTRIES):
        workers = 1
    shares = _shares(costs, workers, site_work)

    def here() -> tuple[_Result, CheckReport | None]:
        result = _check_chunk(context, shares[0])
        if site_dir is None:
            return result, None
        from .site import check_site, read_pages

        result.pages = read_pages(site_dir, pages)
        read.update(result.pages)
        return result, check_site(project, langs, names if selected else (), codes,
                                  required=required, pages=read)

    from ..parallel import run_forked

    (mine, site_report), *theirs = run_forked(
        here, [lambda share=share: (_check_chunk(context, share), None)
               for share in shares[1:] if share])
    results = [mine, *(result for result, _ in theirs)]
    if cache is not None:
        from .site import reading_to_json

        for result in results:
            for name, value in result.documents.items():
                if name in keys:
                    cache.put("documents", keys[name], value)
            for bytes_digest, reading in result.pages.values():
                cache.put("pages", cache.key("page", bytes_digest), reading_to_json(reading))
        cache.save(prune=not selected)
    results += cached.values()
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
                report.findings.append(Finding(
                    project.relative(project.locales_dir / language), 0, "incomplete", "error",
                    f"{language_name(language)} is {percent:g}% translated ({translated} of "
                    f"{entries} entries, {fuzzy} fuzzy), below --min-complete {min_complete:g}%",
                    language))
    if site_report is not None:
        report.findings.extend(site_report.findings)
        report.files.extend(site_report.files)
    meeting = {summary.language for summary in report.languages if summary.meets_threshold}
    report.findings = [
        Finding(f.path, f.line, f.code, "warning", f.message, f.language)
        if f.code in _NOT_DONE and f.language in meeting else f
        for f in report.findings
    ]
    report.findings.sort(key=lambda f: (f.path, f.line, f.code, f.message))
    report.files = sorted(set(report.files))
    return report
