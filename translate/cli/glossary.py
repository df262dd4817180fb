"""``translate glossary check``: lint the glossary and verify its use."""

import typer

from .common import (
    DocumentsArgument,
    ExitCode,
    FormatOption,
    LangOption,
    OutputFormat,
    ProjectOption,
    SetOption,
    app,
    errors,
    exit_with,
    load_project,
    print_json,
)

glossary_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Work with the terminology glossary (glossary.csv).",
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
def glossary_check(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Lint the glossary and verify that every translation uses its terms.

    Reports rows with an unknown kind, an empty cell for a configured
    language, an English form given twice, or a term that another row always
    takes first; then, per language, which terms occur in the sources and
    every translated entry that leaves a term out, alters a name that must be
    kept, or uses a rendering known to be wrong.  Exits with code 4 when it
    finds a problem.

    \b
    Example:
      translate glossary check
      translate glossary check --lang fr --format json
    """
    from ..checks import check_glossary

    with errors("glossary check"):
        proj = load_project(project, lang, assignments)
        report = check_glossary(proj, proj.languages, documents or ())
    if output_format is OutputFormat.json:
        print_json(report.to_dict())
    else:
        typer.echo(f"{report.path}: {report.concepts} concepts, "
                   + (f"{len(report.lint)} problems" if report.lint else "no problems"))
        for finding in report.lint:
            typer.echo(f"  {finding}")
        for code in proj.languages:
            usage = [u for u in report.usage if u.language == code]
            present = [u for u in usage if u.entries]
            checked = sum(u.checked for u in usage)
            wrong = [v for v in report.violations if v.language == code]
            typer.echo(f"{code}: {len(present)} terms in the sources, {checked} uses checked, "
                       + (f"{len(wrong)} wrong" if wrong else "all correct"))
            for violation in wrong:
                typer.echo(f"  {violation}")
    if not report.ok:
        exit_with(ExitCode.GLOSSARY)
