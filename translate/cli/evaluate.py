"""``translate eval``: score engines against the reviewed translations.

sacrebleu and the engines' libraries are imported only when the command runs.
"""

from typing import Annotated, Any, Optional

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
    progress,
    table,
)

EnginesOption = Annotated[
    Optional[list[str]],
    typer.Option("--engine", "-e", help="Engines to compare; repeat or separate with commas "
                 "(default: every engine that translates, i.e. all but pseudo).",
                 show_default=False),
]


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _rows(scores: list[Any]) -> list[list[str]]:
    rows = []
    for s in scores:
        accuracy = s.glossary_accuracy
        rows.append([s.language, s.engine, str(s.segments), _number(s.chrf), _number(s.bleu),
                     "-" if accuracy is None else f"{s.terms_ok}/{s.terms} {accuracy:.1f}%",
                     _number(s.segments_per_second),
                     "cannot run" if s.error else s.model])
    return rows


@app.command("eval")
def evaluate(
    documents: DocumentsArgument = None,
    lang: LangOption = None,
    engine: EnginesOption = None,
    project: ProjectOption = None,
    assignments: SetOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Score machine-translation engines against the reviewed translations.

    Translates the reviewed entries of the catalogs with each engine, as mt
    would (glossary applied), without writing anything, and scores each
    engine per language: chrF++ and BLEU computed by sacrebleu (its
    signatures are printed), glossary accuracy (the share of term
    occurrences in an accepted form) and speed.  Run it before choosing
    engines = {...} in the settings.  Exits with code 1 when an engine named
    with --engine cannot run for a language (the others are still scored).

    \b
    Example:
      translate eval --lang es --engine apertium,argos
      translate eval --engine argos --engine libretranslate --format json
    """
    from ..evaluate import evaluate as run_evaluation

    names = [name.strip() for item in engine or [] for name in item.split(",") if name.strip()]
    with errors("eval"):
        proj = load_project(project, lang, assignments)
        with progress("Evaluating") as step:
            result = run_evaluation(proj, proj.languages, names, documents or (),
                                    progress=step)
    if output_format is OutputFormat.json:
        print_json(result.to_dict())
    else:
        typer.echo(table(_rows(result.scores), ["lang", "engine", "segments", "chrF++", "BLEU",
                                                "glossary", "seg/s", "model"]))
        for metric, signatures in result.signatures.items():
            for signature in signatures:
                typer.echo(f"{metric} signature: {signature}")
    for score in result.failed:
        prefix = "Error" if result.requested else "skipped"
        typer.echo(f"{prefix}: {score.language}: {score.engine}: {score.error}", err=True)
    if result.requested and result.failed:
        exit_with(ExitCode.ERROR)
