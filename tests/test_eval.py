"""``translate eval``: engines scored against the reviewed translations with
sacrebleu's chrF++ and BLEU, glossary accuracy and speed, nothing written.

The engines are real: argos on the repository's test packages (en->eo, "eo"
an artificial word-for-word language whose right answers the lexicon gives),
pseudo, and Apertium on the sample release's Spanish.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import sacrebleu
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.evaluate import default_engines, evaluate
from translate.project import Project

from .conftest import tree_bytes
from .test_argos import EN_EO, EO_EN, LEXICON, pseudo

ROOT = Path(__file__).resolve().parent.parent

SOURCE = """The new security report

The police officer opened the conference of Thunderstorm in 2019.

The report was important.

Police officers from all countries took part in the meeting.

The meeting was held.

The results of the operation were important.
"""

GLOSSARY = """term,variants,kind,case,eo,eo_variants,eo_forbidden,note
Thunderstorm,,keep,sensitive,,,,operation code name
officer,officers,term,,{officer},{officers},,rank
"""

#: msgid -> the reviewed translation the tests give it: the model's own
#: answer (with the glossary's "officer"), or another text.
SECOND = LEXICON["ambiguous"]["officer"][1]
REVIEWED = {
    "The new security report": pseudo("The new security report"),
    "The police officer opened the conference of Thunderstorm in 2019.":
        pseudo("The police officer opened the conference of Thunderstorm in 2019.",
               second=("officer",)),
    "The report was important.": pseudo("The meeting was held."),  # a wrong reference
    "Police officers from all countries took part in the meeting.":
        pseudo("Police officers from all countries took part in the meeting."),
}
#: A fuzzy draft and an untranslated entry: never part of the evaluation.
FUZZY = "The meeting was held."


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def installed():
    from translate.engines.argos import install_file

    for path in (EN_EO, EO_EN):
        install_file(path)


@pytest.fixture()
def project(tmp_path, installed) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "news.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "glossary.csv").write_text(GLOSSARY.format(
        officer=SECOND, officers=LEXICON["words"]["officers"]), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["eo"]\n', encoding="utf-8")
    for command in ("extract", "update"):
        assert run(command, "-C", str(tmp_path)).exit_code == 0
    path = tmp_path / "locales" / "eo" / "news.txt.po"
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.msgid in REVIEWED:
            entry.msgstr = REVIEWED[entry.msgid]
        elif entry.msgid == FUZZY:
            entry.msgstr = "Vifi nusnimel ri ka."
            entry.flags.append("fuzzy")
    po.save(str(path))
    return tmp_path


def expected(hypotheses: list[str]) -> tuple[float, float, str, str]:
    """chrF++ and BLEU of outputs against the references, and their
    signatures, by sacrebleu."""
    references = list(REVIEWED.values())
    chrf, bleu = sacrebleu.metrics.CHRF(word_order=2), sacrebleu.metrics.BLEU()
    return (chrf.corpus_score(hypotheses, [references]).score,
            bleu.corpus_score(hypotheses, [references]).score,
            str(chrf.get_signature()), str(bleu.get_signature()))


def test_engines_are_scored_on_the_reviewed_entries_and_nothing_is_written(project) -> None:
    before = tree_bytes(project)
    result = run("eval", "-C", str(project), "--engine", "argos,pseudo", "--format", "json")
    assert result.exit_code == 0, result.output
    assert tree_bytes(project) == before
    data = json.loads(result.stdout)
    argos, pseudo_score = data["scores"]
    assert (argos["language"], argos["engine"], argos["model"]) == ("eo", "argos",
                                                                    "argos en->eo 1.0")
    # Four reviewed entries: the fuzzy draft and the untranslated one are not.
    assert argos["segments"] == pseudo_score["segments"] == 4
    # argos gives the model's right answers, "officer" in its glossary form.
    right = [pseudo(msgid, second=("officer",)) for msgid in REVIEWED]
    chrf, bleu, chrf_signature, bleu_signature = expected(right)
    assert (argos["chrf"], argos["bleu"]) == (round(chrf, 2), round(bleu, 2))
    assert 0 < argos["chrf"] < 100
    # Both terms of the glossary, each in an accepted form: Thunderstorm and
    # officer (twice: officer, officers).
    assert (argos["terms_ok"], argos["terms"], argos["glossary_accuracy"]) == (3, 3, 100.0)
    # Pseudo-text keeps the name and nothing else.
    assert (pseudo_score["terms_ok"], pseudo_score["terms"]) == (1, 3)
    assert pseudo_score["chrf"] < argos["chrf"] and pseudo_score["bleu"] < argos["bleu"]
    assert argos["segments_per_second"] > 0 and argos["seconds"] > 0
    assert data["signatures"] == {"chrF++": [chrf_signature], "BLEU": [bleu_signature]}


def test_the_table_shows_the_figures_and_sacrebleus_signatures(project) -> None:
    result = run("eval", "-C", str(project), "--engine", "argos")
    assert result.exit_code == 0, result.output
    header, row, *signatures = result.stdout.splitlines()
    assert header.split() == ["lang", "engine", "segments", "chrF++", "BLEU", "glossary",
                              "seg/s", "model"]
    cells = row.split()
    assert cells[:3] == ["eo", "argos", "4"] and cells[5:7] == ["3/3", "100.0%"]
    chrf, bleu, chrf_signature, bleu_signature = expected(
        [pseudo(msgid, second=("officer",)) for msgid in REVIEWED])
    assert cells[3:5] == [f"{chrf:.1f}", f"{bleu:.1f}"]
    assert signatures == [f"chrF++ signature: {chrf_signature}",
                          f"BLEU signature: {bleu_signature}"]
    assert "signature: nrefs:1|" in signatures[0] and "version:" in signatures[1]


def test_an_engine_named_that_cannot_run_is_an_error_the_others_are_scored(project) -> None:
    result = run("eval", "-C", str(project), "--engine", "apertium", "--engine", "argos",
                 "--format", "json")
    assert result.exit_code == 1
    apertium, argos = json.loads(result.stdout)["scores"]
    assert apertium["chrf"] is None and apertium["error"]
    assert argos["chrf"] is not None and not argos["error"]
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: eo: apertium: no Apertium pair for en->eo")


def test_by_default_every_translating_engine_is_tried(project) -> None:
    assert default_engines() == [name for name in ("argos", "apertium", "libretranslate")]
    result = run("eval", "-C", str(project), "--format", "json")
    assert result.exit_code == 0, result.output
    scores = {s["engine"]: s for s in json.loads(result.stdout)["scores"]}
    assert list(scores) == default_engines()
    assert scores["argos"]["chrf"] is not None
    assert scores["libretranslate"]["error"].startswith("no LibreTranslate servers configured")
    assert "skipped: eo: libretranslate: no LibreTranslate servers configured" in result.stderr


def test_an_unknown_engine_is_one_error_line(project) -> None:
    result = run("eval", "-C", str(project), "--engine", "argos,nonsense")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unknown engine 'nonsense' -- use one of apertium, ")


def test_the_library_call_is_what_the_command_prints(project) -> None:
    done = evaluate(Project(load_settings(project)), engines=["pseudo"])
    [score] = done.scores
    result = run("eval", "-C", str(project), "--engine", "pseudo", "--format", "json")
    [printed] = json.loads(result.stdout)["scores"]
    assert {k: v for k, v in score.to_dict().items() if k not in ("seconds",
                                                                  "segments_per_second")} == \
        {k: v for k, v in printed.items() if k not in ("seconds", "segments_per_second")}


def test_check_and_other_commands_never_import_sacrebleu(project) -> None:
    code = ("import sys; from typer.testing import CliRunner; from translate.cli import app; "
            f"r = CliRunner().invoke(app, ['check', '-C', {str(project)!r}]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sacrebleu' "
            "or m == 'translate.evaluate'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_apertium_on_the_sample_spanish_against_the_reviewed_spanish(tmp_path) -> None:
    """The real figure of the sample release: raw numbers are printed by
    ``translate eval --lang es --engine apertium`` (see docs/eval.md)."""
    from translate.engines.apertium import installed_pairs

    if shutil.which("apertium") is None or \
            ("en", "es") not in {(p.source, p.target) for p in installed_pairs()}:
        message = "Apertium and its English-Spanish pair are not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / "sample"
    folder.mkdir()
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    before = tree_bytes(folder)
    result = run("eval", "-C", str(folder), "--lang", "es", "--engine", "apertium",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert tree_bytes(folder) == before
    [score] = json.loads(result.stdout)["scores"]
    reviewed = sum(1 for path in (folder / "locales" / "es").glob("*.po")
                   for entry in polib.pofile(str(path)) if entry.translated()
                   and not entry.msgid_plural and entry.msgid)
    assert score["segments"] == reviewed > 0
    assert score["model"].startswith("apertium en->es ")
    assert 20 < score["chrf"] < 100 and 0 < score["bleu"] < 100
    # The glossary enforced: every term occurrence in an accepted form.
    assert score["terms"] > 0 and score["terms_ok"] == score["terms"]
