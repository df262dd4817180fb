"""``translate check``: the CI gate, and the formats CI systems read.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 wrong usage or a configuration error (settings, glossary).
"""

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .common import (
    DocumentsArgument,
    ExitCode,
    LangOption,
    ProjectOption,
    SetOption,
    app,
    errors,
    exit_with,
    fail,
    load_project,
)

__all__ = ["check", "github_annotation", "junit_xml"]


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


@app.command("check")
def check(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    min_complete: Annotated[float, typer.Option(
        "--min-complete", min=0, max=100, metavar="PERCENT",
        help="Percent of entries each language needs translated; a language below it "
             "is an error, and one that meets it has its untranslated and fuzzy entries "
             "reported as warnings.")] = 100.0,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit with code 1 on findings of this severity or worse.")]
        = FailOn.error,
    select: Annotated[Optional[list[str]], typer.Option(
        "--select", metavar="CODE", show_default=False,
        help="Only these checks: a code (fuzzy, number...) or a category (missing, stale, "
             "syntax, glossary, markup, language, unchanged, obsolete, site); repeat or "
             "separate with commas.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(
        "--ignore", metavar="CODE", show_default=False,
        help="Skip these checks (codes or categories).")] = None,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", help="text for people, json for scripts, github for GitHub Actions "
                         "annotations, junit for CI test reports.")] = CheckFormat.text,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, show_default=False,
        help="Worker processes (default: one per CPU when there is a lot to check).")] = None,
    cache: Annotated[bool, typer.Option(
        "--cache/--no-cache",
        help="Reuse what an earlier check found in files whose bytes have not changed "
             "(kept in build/.translate-check-cache.json when build/ exists); --no-cache "
             "checks everything anew and writes nothing.")] = True,
    project: ProjectOption = None,
    assignments: SetOption = None,
) -> None:
    """Check the translations for what a release must not ship.

    Finds untranslated and fuzzy entries (machine-translation drafts
    included), missing catalogs and entries, documents changed since their
    template or catalogs were updated, what `msgfmt --check` rejects,
    glossary terms missing, forbidden or altered, Markdown markup, links,
    numbers and placeholders that differ from the source, translations not in
    their catalog's language, documents not in the source language,
    translations copied from the source, and obsolete entries; and, when the
    site was published (or with --select site), the site: a page for every
    published language, hreflang alternates, links, HTML5, lang and dir.  Each
    finding names its file and line.  Nothing is written but the cache of
    findings in the build folder (none with --no-cache).  Exit codes: 0
    clean, 1 findings at or above --fail-on, 2 wrong usage or configuration.

    \b
    Example:
      translate check
      translate check --lang fr --min-complete 80 --ignore obsolete
      translate check --format github      # in a GitHub Actions step
      translate check --format junit > translate-check.xml
      translate check --select site       # the published site only
    """
    from ..checks import check_project, resolve_codes

    # A configuration error exits with 2 (the table's "check" line): CI must
    # tell a broken setup from findings.
    with errors("check"):
        codes = resolve_codes(select or (), ignore or ())
        proj = load_project(project, lang, assignments)
        if not proj.languages:
            fail("no target languages: set languages in [tool.translate] of pyproject.toml "
                 "or pass --lang", ExitCode.USAGE)
        report = check_project(proj, proj.languages, documents or (), min_complete, codes,
                               jobs, use_cache=cache)
    failing = report.failing(fail_on.value)
    if output_format is CheckFormat.json:
        data = report.to_dict()
        data["fail_on"] = fail_on.value
        data["ok"] = not failing
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif output_format is CheckFormat.github:
        for finding in report.findings:
            typer.echo(github_annotation(finding))
    elif output_format is CheckFormat.junit:
        typer.echo(junit_xml(report, fail_on.value))
    else:
        _print_text(report, failing)
    if failing:
        exit_with(ExitCode.ERROR)


def _print_text(report: Any, failing: list) -> None:
    colours = {"error": "red", "warning": "yellow"}
    current = None
    for finding in report.findings:
        if finding.path != current:
            if current is not None:
                typer.echo()
            current = finding.path
            typer.secho(finding.path, bold=True)
        where = f"{finding.line}:" if finding.line else "-:"
        severity = typer.style(finding.severity, fg=colours[finding.severity], bold=True)
        typer.echo(f"  {where:>5} {severity}: {finding.message} "
                   + typer.style(f"[{finding.code}]", dim=True))
    if report.findings:
        typer.echo()
    completeness = ", ".join(f"{summary.language} {summary.percent:g}%"
                             for summary in report.languages)
    counts = report.counts()
    files = len({finding.path for finding in report.findings})
    if report.findings:
        summary = (f"{counts['error']} error{'s' if counts['error'] != 1 else ''}, "
                   f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''} "
                   f"in {files} file{'s' if files != 1 else ''}")
    else:
        summary = "No problems"
    typer.echo(f"{summary} ({len(report.files)} files checked; translated: {completeness}).")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Any) -> str:
    """A finding as a GitHub Actions workflow command (``::error file=...::``)."""
    properties = [f"file={_escape_property(finding.path)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    properties.append(f"title={_escape_property('translate check: ' + finding.code)}")
    return f"::{finding.severity} {','.join(properties)}::{_escape_data(finding.message)}"


def junit_xml(report: Any, fail_on: str = "error") -> str:
    """The report as JUnit XML: one test case per file checked, failed when
    it has findings at or above ``fail_on``; the others go to its output."""
    import xml.etree.ElementTree as ET

    failing = set(map(id, report.failing(fail_on)))
    by_file: dict[str, list] = {path: [] for path in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    failures = sum(1 for findings in by_file.values()
                   if any(id(finding) in failing for finding in findings))
    root = ET.Element("testsuites", name="translate check", tests=str(len(by_file)),
                      failures=str(failures), errors="0")
    suite = ET.SubElement(root, "testsuite", name="translate check", tests=str(len(by_file)),
                          failures=str(failures), errors="0", skipped="0")
    for path in sorted(by_file):
        findings = by_file[path]
        case = ET.SubElement(suite, "testcase", classname=str(Path(path).parent).replace("/", "."),
                             name=path, file=path)
        bad = [finding for finding in findings if id(finding) in failing]
        other = [finding for finding in findings if id(finding) not in failing]
        if bad:
            failure = ET.SubElement(
                case, "failure", type=bad[0].code,
                message=f"{len(bad)} problem{'s' if len(bad) != 1 else ''}: {bad[0]}")
            failure.text = "\n".join(str(finding) for finding in bad)
        if other:
            ET.SubElement(case, "system-out").text = "\n".join(str(finding) for finding in other)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
