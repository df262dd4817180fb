"""``translate publish``: the multilingual static site."""

from typing import Annotated

import typer

from .common import (ExitCode, FormatOption, OutputFormat, ProjectOption, SetOption, app,
                     errors, exit_with, load_project, print_json, progress)


def print_publish(result) -> None:
    """The lines `publish` (and `run`) print about the site."""
    pages = ", ".join(f"{language} {count}" for language, count in result.pages.items())
    typer.echo(f"site: {len(result.written)} files written, {len(result.removed)} removed, "
               f"{result.unchanged} unchanged" + (f" (pages: {pages})" if pages else ""))
    for document, language, percent in result.not_published:
        typer.echo(f"not published {document} in {language}: {percent:g}% translated",
                   err=True)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Open {result.home} in a browser.")


@app.command()
def publish(
    include_fuzzy: Annotated[bool, typer.Option(
        "--include-fuzzy", help="Count fuzzy translations too (a preview: by default only "
                                "reviewed ones count, as for build).")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Then check the published site (the checks of `translate check "
                        "--select site`) and exit with code 1 if one finds an error.")] = False,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Publish the documents as a multilingual static website (build/site/).

    One page per document and language where it is published (the source
    language, and each language whose translation meets min_complete, as for
    build), linked to each other with hreflang alternates and a language
    switcher, right to left for Arabic; a listing per language, a language
    selector at the root, sitemap.xml, an Atom feed per language and
    robots.txt.  Settings: site_dir, base_url (absolute URLs for search
    engines), url_pattern, x_default, site_name, site_templates, dates.
    Publishing twice with no change writes nothing; pages of a translation
    that fell below the threshold are removed.  With --check, the site is
    then validated (alternates, links, HTML5, lang and dir, a page for every
    published language: docs/publish.md) and an error exits with code 1.

    \b
    Example:
      translate publish
      translate publish --check
      translate publish --set base_url=https://press.example.org/ --format json
    """
    from ..publish import publish_site

    with errors("publish"):
        proj = load_project(project, None, assignments)
        with progress("Publishing") as step:
            result = publish_site(proj, include_fuzzy, step)
        report = None
        if check:
            from ..checks.site import SITE_CODES, check_site

            # publish's own warning already says that base_url is not set.
            report = check_site(proj, codes=SITE_CODES - {"site-url"},
                                include_fuzzy=include_fuzzy, required=True)
    if output_format is OutputFormat.json:
        data = result.to_dict()
        if report is not None:
            data["check"] = {"ok": not report.failing(), "counts": report.counts(),
                             "files": report.files,
                             "findings": [finding.to_dict() for finding in report.findings]}
        print_json(data)
    else:
        print_publish(result)
        if report is not None:
            print_site_check(report)
    if report is not None and report.failing():
        exit_with(ExitCode.ERROR)


def print_site_check(report) -> None:
    """The lines `publish --check` prints: one per finding, then a summary."""
    for finding in report.findings:
        typer.echo(str(finding))
    counts = report.counts()
    if report.findings:
        typer.echo(f"Site check: {counts['error']} error{'s' if counts['error'] != 1 else ''}, "
                   f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''} "
                   f"({len(report.files)} files checked).")
    else:
        typer.echo(f"Site check: no problems ({len(report.files)} files checked).")
