"""The apertium engine, on the real `apertium` command and its English-Spanish pair.

CI installs both (``.ci/run``), so there these tests fail rather than skip when
Apertium is missing; elsewhere they are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.catalog import machine_note
from translate.cli import app
from translate.engines import apertium as apertium_module
from translate.engines import get_engine
from translate.engines.apertium import (
    ApertiumEngine,
    Pair,
    installed_pairs,
    mode_languages,
)
from translate.errors import EngineError, ModelNotInstalled
from translate.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "interpol-african-regional-conference.txt"
TOKEN = re.compile(r"\{\d+\}")


@pytest.fixture
def engine() -> ApertiumEngine:
    """The engine, once `apertium` and the eng-spa pair are known to be there."""
    missing = ("Apertium and its English-Spanish pair are not installed "
               "(sudo apt-get install apertium apertium-eng-spa)")
    if shutil.which("apertium") is None or \
            ("en", "es") not in {(p.source, p.target) for p in installed_pairs()}:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    found = get_engine("apertium")
    assert isinstance(found, ApertiumEngine)
    return found


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The `apertium` processes started, recorded on their way to the real one."""
    started: list[list[str]] = []
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        if Path(command[0]).name == "apertium":
            started.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(apertium_module.subprocess, "run", run)
    return started


def translate(engine: ApertiumEngine, texts: list[str]) -> list[str]:
    results = engine.translate(texts, "en", "es")
    assert all(len(hypotheses) == 1 for hypotheses in results)
    return [hypotheses[0] for hypotheses in results]


# -- pairs, describe, check -----------------------------------------------------

@pytest.mark.parametrize("mode, languages", [
    ("eng-spa", ("en", "es")),
    ("spa-eng", ("es", "en")),
    ("fra-cat", ("fr", "ca")),
    ("nob-nno", ("nb", "nn")),
    ("es-ca", ("es", "ca")),          # older pairs are named with two letters
    ("sme-xyz", ("se", "xyz")),       # a code we cannot map stays as Apertium writes it
    ("spa-eng_US", None),             # a variant
    ("cat-spa_valencia", None),
    ("eng-spa-tagger", None),         # a debugging mode
])
def test_mode_names_become_our_language_codes(mode: str, languages: tuple | None) -> None:
    assert mode_languages(mode) == languages


def test_installed_pairs_come_from_the_modes_folder(tmp_path: Path) -> None:
    datadir = tmp_path / "usr" / "share" / "apertium"
    (datadir / "modes").mkdir(parents=True)
    for mode in ("fra-cat", "cat-fra", "cat-fra_valencia", "fra-cat-morph"):
        (datadir / "modes" / f"{mode}.mode").write_text(
            f"lt-proc '{datadir}/apertium-fra-cat/{mode}.automorf.bin'\n", encoding="utf-8")
    (datadir / "modes" / "README").write_text("not a mode\n", encoding="utf-8")
    pkgconfig = tmp_path / "usr" / "share" / "pkgconfig"
    pkgconfig.mkdir()
    (pkgconfig / "apertium-fra-cat.pc").write_text("Name: apertium-fra-cat\nVersion: 1.9.0\n",
                                                   encoding="utf-8")
    assert installed_pairs(datadir) == [Pair("ca", "fr", "1.9.0"), Pair("fr", "ca", "1.9.0")]
    assert ApertiumEngine(datadir=datadir).installed_pairs() == installed_pairs(datadir)


def test_no_modes_folder_means_no_pairs(tmp_path: Path) -> None:
    assert installed_pairs(tmp_path) == []
    with pytest.raises(ModelNotInstalled, match=r"no Apertium pair for en->es -- install one: "
                       r"sudo apt-get install apertium-eng-spa"):
        ApertiumEngine(datadir=tmp_path).describe("en", "es")


def test_the_eng_spa_pair_is_listed_with_its_package_version(engine: ApertiumEngine) -> None:
    pairs = {(p.source, p.target): p.version for p in engine.installed_pairs()}
    version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "apertium-eng-spa"],
                             capture_output=True, text=True, check=False).stdout
    assert pairs[("en", "es")] == version.split(":")[-1].rsplit("-", 1)[0]
    assert re.fullmatch(r"\d+(\.\d+)+", pairs[("en", "es")])


def test_describe_names_engine_pair_and_version(engine: ApertiumEngine) -> None:
    version = {(p.source, p.target): p.version for p in engine.installed_pairs()}[("en", "es")]
    assert engine.describe("en", "es") == f"apertium en->es {version}"
    assert engine.describe("en", "es") == engine.describe("en", "es")


def test_check_names_the_package_of_a_missing_pair(engine: ApertiumEngine) -> None:
    engine.check("en", "es")
    with pytest.raises(ModelNotInstalled) as raised:
        engine.check("en", "ru")
    assert str(raised.value) == ("no Apertium pair for en->ru -- Debian packages no Apertium "
                                 "pair for en->ru; use argos: translate models install en-ru, "
                                 "then --engine argos")


def test_check_says_how_to_install_a_missing_command(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=str(tmp_path / "apertium"))
    with pytest.raises(EngineError, match="is not installed -- install it: sudo apt-get install "
                       "apertium apertium-eng-spa"):
        engine.check("en", "es")
    with pytest.raises(EngineError):
        engine.translate(["The dog."], "en", "es")


def test_a_failing_apertium_is_an_engine_error(engine: ApertiumEngine) -> None:
    failing = ApertiumEngine(command=shutil.which("false") or "/bin/false")
    with pytest.raises(EngineError, match=r"apertium eng-spa failed with exit code 1"):
        failing.translate(["The dog ran."], "en", "es")


def test_lost_separators_are_an_engine_error(engine: ApertiumEngine, tmp_path: Path) -> None:
    script = tmp_path / "apertium"
    script.write_text("#!/bin/sh\ncat\nprintf '<hr>'\n", encoding="utf-8")
    script.chmod(0o755)
    with pytest.raises(EngineError, match=r"returned 3 segments for 2"):
        ApertiumEngine(command=str(script)).translate(["The dog.", "The cat."], "en", "es")


# -- translation ----------------------------------------------------------------

def test_many_segments_go_through_one_process(engine: ApertiumEngine,
                                              calls: list[list[str]]) -> None:
    texts = [f"The dog number {{{n}}} ran home." for n in range(200)]
    out = translate(engine, texts)
    assert len(calls) == 1
    assert calls[0][1:] == ["-u", "-f", "html", "-d", str(engine.datadir), "eng-spa"]
    assert out == [f"El número de perro {{{n}}} corrió en casa." for n in range(200)]


def test_segments_never_run_into_each_other(engine: ApertiumEngine) -> None:
    # Without a sentence end between them, rules would reorder across the
    # separator ("the big" + "dog" -> "el perro grande", "red car" -> "coche
    # rojo"); alone, Apertium takes "car" for an adjective.
    texts = ["the big", "dog", "<hr>", "---", "The cat <hr> sleeps", "", "red", "car"]
    assert translate(engine, texts) == ["el grande", "perro", "<hr>", "---",
                                        "El gato <hr> sueños", "", "rojo", "automovilístico"]


def test_each_line_is_translated_on_its_own(engine: ApertiumEngine) -> None:
    # As one text Apertium gives "Línea uno tiene una línea\nde gato dos ...".
    text = "Line one has a cat\nline two has a dog\n\n  -- 2019 --  "
    assert translate(engine, [text]) == [
        "Línea uno tiene un gato\nlínea dos tiene un perro\n\n  -- 2019 --  "]


@pytest.mark.parametrize("text", [
    "{0} is here. The {1} operation and the operations {2} and {3}.",
    "“{0}” and ({1}) and {2}-{3} and {4}{5} with 42 dogs, {10} items.",
    "He was {0} years old in {1}.",
    "{1}st and {2}nd place, {0}th and {3}.{4}",
    "It is {0}: {1}% of {2}/{3}.",
    # Apertium splits these tokens from their braces: "El {plan}de0 años",
    # "La oficina} del {3".
    "the {0}-year plan",
    "the {3}'s office",
])
def test_tokens_come_back_intact(engine: ApertiumEngine, text: str) -> None:
    [out] = translate(engine, [text])
    assert sorted(TOKEN.findall(out)) == sorted(TOKEN.findall(text))
    assert not re.search(r"zqx", out, re.IGNORECASE)


def test_units_with_broken_tokens_are_sent_again_together(engine: ApertiumEngine,
                                                          calls: list[list[str]]) -> None:
    texts = ["the {0}-year plan", "The dog ran.", "the {3}'s office"]
    assert translate(engine, texts) == ["el {0}-plan de año", "El perro corrió.",
                                        "el {3} oficina"]
    assert len(calls) == 2


def test_markup_stays_with_its_words(engine: ApertiumEngine) -> None:
    texts = ["the <b>big</b> dog", "Operations <em>Thunderstorm</em> and <!-- note --> Lionfish",
             "5 < 6 & 7 > 3 &amp; &nbsp;"]
    assert translate(engine, texts) == [
        "el perro <b>grande</b>", "Operaciones <em>Thunderstorm</em> y <!-- note --> Lionfish",
        "5 < 6 & 7 > 3 &amp; &nbsp;"]


def test_unknown_words_are_not_marked(engine: ApertiumEngine) -> None:
    texts = ["Thunderstorm and Lionfish were curbing mansplaining.", "ran home"]
    out = translate(engine, texts)
    assert "*" not in "".join(out)
    assert out == ["Thunderstorm Y Lionfish era curbing mansplaining.", "corrió en casa"]


def test_marks_of_the_source_are_kept(engine: ApertiumEngine) -> None:
    [out] = translate(engine, ["The *dog* ran."])
    assert out.count("*") == 2


def test_a_line_starting_in_lower_case_keeps_it(engine: ApertiumEngine) -> None:
    # Apertium capitalizes the first word of whatever it is given.
    assert translate(engine, ["The dog\n<b>ran</b> home", "<em>Thunderstorm</em> is here"]) == [
        "El perro\n<b>corrió</b> en casa", "<em>Thunderstorm</em> Es aquí"]


def test_progress_reaches_every_segment(engine: ApertiumEngine) -> None:
    seen: list[tuple[int, int]] = []
    engine.translate(["The dog.", "{0}", "The cat."], "en", "es",
                     progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


# -- the whole pipeline ---------------------------------------------------------

def test_run_translates_the_sample_into_spanish_with_the_glossary(
        engine: ApertiumEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("source", "locales/templates", "locales/ru", "locales/fr", "locales/ar"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("glossary.csv", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, ["run", "--lang", "es", "--engine", "apertium"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output

    catalog = polib.pofile(str(tmp_path / "locales" / "es" / f"{DOCUMENT}.po"))
    entries = [entry for entry in catalog if not entry.obsolete]
    assert len(entries) == 15
    for entry in entries:
        assert entry.fuzzy, entry.msgid
        note = machine_note(engine.describe("en", "es"), entry.msgstr)
        assert note in entry.comment.splitlines(), entry.msgid
        assert entry.msgstr and entry.msgstr != entry.msgid
        assert not re.search(r"[*#@]\w", entry.msgstr), entry.msgstr
        assert not TOKEN.search(entry.msgstr), entry.msgstr

    def translation(english: str) -> str:
        matches = [entry.msgstr for entry in entries if english in entry.msgid]
        assert matches, english
        return " ".join(matches)

    # Raw Apertium prints *Thunderstorm and *Lionfish, and Trigger III as
    # "Gatillo III"; the code names stay as they are.
    operations = translation("Thunderstorm")
    for name in ("“Usalama IV”", "“Thunderstorm”", "“Trigger III”", "“Epervier”", "“Lionfish”"):
        assert name in operations
    assert "Tormenta" not in operations and "Pez león" not in operations
    # Raw: "Policial Importante-Aleksandr General *Prokopchuk".
    for msgstr in (translation("Police Major-General Aleksandr Prokopchuk, as"),
                   translation("Police Major-General Aleksandr Prokopchuk, expressed")):
        assert "general de división de policía Aleksandr Prokopchuk" in msgstr
        assert "Importante" not in msgstr
    # At the start of a sentence, with its capital: "Jefe de la Oficina ...".
    assert "efe de la Oficina Central Nacional de INTERPOL de Rusia" in \
        translation("Chief of the Russian Bureau of Interpol, Police")
    assert "Secretaría General" in translation("leadership of the General Secretariat")
    assert "Comité Ejecutivo" in translation("Interpol Executive Committee")
    assert "Ministerio del Interior de la Federación de Rusia" in \
        translation("The official website of the Ministry")
    assert "AFRIPOL" in translation("cooperation with Afripol")
    assert "Édouard Ngirente" in translation("Prime Minister of Rwanda")

    # Every term is rendered as the glossary says, or the entry says which not.
    glossary = load_glossary(tmp_path / "glossary.csv")
    for entry in entries:
        flags = [line for line in entry.comment.splitlines()
                 if line.startswith("glossary:") and " = " not in line]
        for check in glossary.verify(entry.msgid, entry.msgstr, "es"):
            if check.is_problem:
                assert any(check.term in flag for flag in flags), (check, entry.msgstr)
