"""``translate publish``: the multilingual static site."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import (FormatOption, OutputFormat, ProjectOption, SetOption, app, errors,
                     load_project, print_json, progress)


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
    that fell below the threshold are removed.

    \b
    Example:
      translate publish
      translate publish --set base_url=https://press.example.org/ --format json
    """
    from ..publish import publish_site

    with errors("publish"):
        proj = load_project(project, None, assignments)
        with progress("Publishing") as step:
            result = publish_site(proj, include_fuzzy, step)
    if output_format is OutputFormat.json:
        print_json(result.to_dict())
        return
    print_publish(result)
