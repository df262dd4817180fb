"""What the apertium engine tells a user who lacks a pair: the Debian package
that holds it, when Debian has one, and argos otherwise -- never a package
name made up from the language codes (issue 10, item 13).

The package list is checked against the real ``apt-cache`` where the
machine's package lists know Apertium (CI's Debian does).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.engines.apertium import (
    DEBIAN_PAIRS,
    ISO_639_1,
    ApertiumEngine,
    debian_package,
)
from translate.errors import EngineError, ModelNotInstalled


def _apt_pair_packages() -> dict[str, str]:
    """The Apertium packages apt-cache knows here, with their summaries, or
    skip the test."""
    apt_cache = shutil.which("apt-cache")
    if apt_cache is None:
        pytest.skip("no apt-cache on this machine")
    result = subprocess.run([apt_cache, "search", "--names-only", "^apertium-"],
                            capture_output=True, text=True, check=False)
    found = dict(line.split(" - ", 1) for line in result.stdout.splitlines() if " - " in line)
    if "apertium-eng-spa" not in found:
        pytest.skip("the package lists here do not know Apertium's pairs")
    return found


def _hint(source: str, target: str, tmp_path: Path) -> str:
    """The error of a pair with no Apertium mode installed."""
    with pytest.raises(ModelNotInstalled) as raised:
        ApertiumEngine(datadir=tmp_path).describe(source, target)
    return str(raised.value)


def test_every_package_the_table_suggests_exists_in_debian() -> None:
    known = _apt_pair_packages()
    assert DEBIAN_PAIRS, "the table is empty"
    missing = sorted(set(DEBIAN_PAIRS) - set(known))
    assert missing == []


def test_the_table_holds_every_pair_package_debian_has() -> None:
    """Transitional packages (``apertium-en-es``, which only depends on
    ``apertium-eng-spa``) are left out: the hint names the real one."""
    found = _apt_pair_packages()
    pairs = {name for name, summary in found.items()
             if re.search(r"translation data for the .* pair|data to translate between", summary)}
    transitional = {name for name, summary in found.items()
                    if summary.startswith("Transitional dummy package")}
    assert "apertium-eng-spa" in pairs and "apertium-en-es" in transitional
    assert sorted(pairs - set(DEBIAN_PAIRS)) == []
    assert sorted(transitional & set(DEBIAN_PAIRS)) == []


@pytest.mark.parametrize("source, target, package", [
    ("en", "es", "apertium-eng-spa"),
    ("es", "en", "apertium-eng-spa"),
    ("en", "ca", "apertium-eng-cat"),
    ("en", "gl", "apertium-en-gl"),
    ("fr", "es", "apertium-fr-es"),
    ("es", "fr", "apertium-fr-es"),
    ("fr", "ca", "apertium-fra-cat"),
    ("es", "pt", "apertium-es-pt"),
    ("pt", "ca", "apertium-por-cat"),
    ("oc", "fr", "apertium-oci-fra"),
    ("oc", "es", "apertium-oc-es"),
    ("ru", "uk", "apertium-rus-ukr"),
    ("da", "nb", "apertium-dan-nor"),
    ("nn", "nb", "apertium-nno-nob"),
    ("id", "ms", "apertium-ind-zlm"),
    ("it", "sc", "apertium-srd-ita"),
    ("mk", "bg", "apertium-mkd-bul"),
])
def test_a_pair_debian_packages_names_its_real_package(source: str, target: str, package: str,
                                                       tmp_path: Path) -> None:
    assert debian_package(source, target) == package
    assert _hint(source, target, tmp_path) == (
        f"no Apertium pair for {source}->{target} -- install one: sudo apt-get install "
        f"{package}, or choose another engine with --engine")


@pytest.mark.parametrize("source, target", [
    ("en", "fr"), ("fr", "en"), ("en", "ru"), ("en", "ar"), ("en", "de"), ("de", "fr"),
    ("en", "zh"), ("ru", "en"),
])
def test_a_pair_debian_does_not_package_points_to_argos(source: str, target: str,
                                                        tmp_path: Path) -> None:
    assert debian_package(source, target) is None
    message = _hint(source, target, tmp_path)
    assert "apt-get" not in message
    assert message == (
        f"no Apertium pair for {source}->{target} -- Debian packages no Apertium pair for "
        f"{source}->{target}; use argos: translate models install {source}-{target}, then "
        "--engine argos")


def test_no_made_up_package_name_for_any_pair_of_known_languages(tmp_path: Path) -> None:
    """Whatever two languages Apertium has a code for, the hint names a
    package of the table or none."""
    codes = sorted(set(ISO_639_1.values()))
    for source in codes:
        for target in codes:
            if source == target:
                continue
            message = _hint(source, target, tmp_path)
            named = re.findall(r"apertium-[a-z_]+-[a-z_]+", message)
            assert all(name in DEBIAN_PAIRS for name in named), (source, target, message)


def test_a_pair_installed_one_way_only_does_not_suggest_installing_it_again(
        tmp_path: Path) -> None:
    """apertium-eo-en installs English to Esperanto only: asking for the
    other way must not send the user to install what they have."""
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / "eng-epo.mode").write_text(
        f"lt-proc '{tmp_path}/apertium-eo-en/en-eo.automorf.bin'\n", encoding="utf-8")
    assert ApertiumEngine(datadir=tmp_path)._mode("en", "eo") == "eng-epo"
    message = _hint("eo", "en", tmp_path)
    assert "apt-get" not in message
    assert message == ("no Apertium pair for eo->en -- the installed pair eng-epo translates "
                       "en->eo only; use argos: translate models install eo-en, then "
                       "--engine argos")


def test_a_missing_command_names_the_real_package_or_argos(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=str(tmp_path / "apertium"), datadir=tmp_path)
    with pytest.raises(EngineError) as raised:
        engine.check("fr", "es")
    assert str(raised.value).endswith(
        "is not installed -- install it: sudo apt-get install apertium apertium-fr-es, "
        "or choose another engine with --engine")
    with pytest.raises(EngineError) as raised:
        engine.check("en", "fr")
    assert "apertium-eng-fra" not in str(raised.value)
    assert str(raised.value).endswith(
        "is not installed -- and Debian packages no Apertium pair for en->fr anyway; use "
        "argos: translate models install en-fr, then --engine argos")


def test_mt_with_apertium_for_french_suggests_argos(project, monkeypatch) -> None:
    """The issue's case, through the command line: ``mt --engine apertium``
    for French."""
    empty = project(languages='["fr"]', documents={"news.txt": "The dog ran home.\n"})
    monkeypatch.setenv("APERTIUM_DATADIR", str(empty / "no-apertium"))
    runner = CliRunner()
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    result = runner.invoke(app, ["mt", "--engine", "apertium", "--lang", "fr"])
    assert "apertium-eng-fra" not in result.output
    assert "translate models install en-fr" in result.output
