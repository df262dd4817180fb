"""Which languages a command works on: codes normalized, never one the
project does not have; and the hints `update` and `stats` owe the user."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.catalog import extract_templates, update_catalogs
from translate.cli import app
from translate.config import load_settings
from translate.errors import ConfigError, UnknownLanguage
from translate.languages import normalize_code
from translate.project import Project

from .conftest import tree_bytes

runner = CliRunner()

RELEASE = """\
Prokopchuk at the African Regional Conference

Chief of the Russian Bureau of Interpol took part in the conference.

The conference was attended by leadership of the General Secretariat.
"""


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("typed, expected", [
    ("fr", "fr"), ("FR", "fr"), (" Fr ", "fr"), ("pt-br", "pt_BR"), ("pt_br", "pt_BR"),
    ("PT-BR", "pt_BR"), ("zh-hant", "zh_Hant"), ("sr-latn-rs", "sr_Latn_RS"), ("es-419", "es_419"),
])
def test_codes_are_normalized_to_gettext_form(typed: str, expected: str) -> None:
    assert normalize_code(typed) == expected


@pytest.mark.parametrize("typed", ["xx", "fr_toolongregion", "", "f", "fr__"])
def test_malformed_codes_are_refused(typed: str) -> None:
    with pytest.raises(UnknownLanguage):
        normalize_code(typed)


def test_upper_case_lang_uses_the_project_folder(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    assert invoke("extract").exit_code == 0
    result = invoke("update", "--lang", "FR")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "locales").iterdir()) == ["fr", "templates"]


def test_codes_in_the_settings_are_normalized_too(project) -> None:
    root = project(languages='["FR", "pt-br"]', documents={"release.txt": RELEASE})
    assert load_settings().languages == ("fr", "pt_BR")
    invoke("extract")
    assert invoke("update").exit_code == 0
    assert sorted(p.name for p in (root / "locales").iterdir()) == ["fr", "pt_BR", "templates"]
    header = (root / "locales/pt_BR/release.txt.po").read_text(encoding="utf-8")
    assert '"Language: pt_BR\\n"' in header


def test_a_language_the_project_does_not_have_is_refused(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    invoke("extract")
    invoke("update")
    before = tree_bytes(root)
    for command in (["update"], ["build"], ["stats"], ["mt", "--engine", "pseudo"],
                    ["run", "--engine", "pseudo"], ["glossary", "check"]):
        result = invoke(*command, "--lang", "de")
        assert result.exit_code == 1, (command, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("Error: --lang: 'de' is not a target language of this "
                                   "project (targets: fr, ru) -- add it to languages in "
                                   "[tool.translate] of pyproject.toml"), lines[0]
        assert 'languages = ["fr", "ru", "de"]' in lines[0]
        assert tree_bytes(root) == before
    assert not (root / "locales/de").exists()


def test_check_refuses_it_with_its_usage_exit_code(project) -> None:
    project(documents={"release.txt": RELEASE})
    invoke("extract")
    result = invoke("check", "--lang", "de")
    assert result.exit_code == 2
    assert "'de' is not a target language of this project" in result.output


def test_the_library_refuses_it_as_well(project) -> None:
    project(documents={"release.txt": RELEASE})
    proj = Project(load_settings())
    extract_templates(proj)
    with pytest.raises(ConfigError, match="not a target language"):
        update_catalogs(proj, ["de"])
    assert update_catalogs(proj, ["RU"])[0].language == "ru"


def test_no_target_language_is_said_so_by_every_command(project) -> None:
    root = project(languages="[]", documents={"release.txt": RELEASE}, extra='glossary = ""\n')
    assert invoke("extract").exit_code == 0
    for command in (["stats"], ["update"], ["build"], ["mt", "--engine", "pseudo"],
                    ["run", "--engine", "pseudo"]):
        result = invoke(*command)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.strip() == (
            "Error: pyproject.toml:6: no target language is configured -- add them to "
            '[tool.translate], e.g. languages = ["fr", "es"]'), (command, result.stderr)
        assert "No templates yet" not in result.output
    assert sorted(p.name for p in (root / "locales").iterdir()) == ["templates"]


def _touch_later(path: Path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


def test_update_says_when_a_template_is_behind_its_document(project, caplog) -> None:
    root = project(documents={"release.txt": RELEASE})
    proj = Project(load_settings())
    extract_templates(proj)
    update_catalogs(proj)
    source = root / "source/release.txt"
    source.write_text(RELEASE.replace("took part in", "attended"), encoding="utf-8")
    _touch_later(source)
    caplog.set_level(logging.WARNING, logger="translate")
    changes = update_catalogs(proj)
    assert [change.status for change in changes] == ["unchanged", "unchanged"]
    messages = [record.getMessage() for record in caplog.records if record.name == "translate.catalog"]
    assert messages == ["source/release.txt changed since its template was extracted: the "
                        "catalogs follow the old template -- run `translate extract` and "
                        "`translate update` (or `translate run`)"]
    # After extract, nothing to say.
    caplog.clear()
    extract_templates(proj)
    update_catalogs(proj)
    assert not [r for r in caplog.records if r.name == "translate.catalog"]


def test_an_edit_that_does_not_change_the_segments_is_not_stale(project, caplog) -> None:
    root = project(documents={"release.txt": RELEASE})
    proj = Project(load_settings())
    extract_templates(proj)
    source = root / "source/release.txt"
    source.write_text(RELEASE + "\n\n", encoding="utf-8")  # blank lines only
    _touch_later(source)
    caplog.set_level(logging.WARNING, logger="translate")
    update_catalogs(proj)
    assert not [r for r in caplog.records if r.name == "translate.catalog"]


def test_the_stale_template_hint_reaches_the_terminal(project) -> None:
    import subprocess
    import sys

    root = project(languages='["fr"]', extra='glossary = ""\n',
                   documents={"release.txt": RELEASE})
    subprocess.run([sys.executable, "-m", "translate", "extract"], cwd=root, check=True,
                   capture_output=True)
    source = root / "source/release.txt"
    source.write_text(RELEASE.replace("conference.", "meeting."), encoding="utf-8")
    _touch_later(source)
    result = subprocess.run([sys.executable, "-m", "translate", "update"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip().endswith("1 catalogs, 0 unchanged.")
    assert result.stderr.splitlines() == [
        "warning: source/release.txt changed since its template was extracted: the catalogs "
        "follow the old template -- run `translate extract` and `translate update` (or "
        "`translate run`)"]


def test_errors_cross_a_process_boundary() -> None:
    # check shares work with worker processes: their errors must come back whole.
    import pickle

    from translate.errors import CatalogSyntaxError, PathOutsideProject

    for error in (CatalogSyntaxError("a.po", 3, "bad line", "fix it"),
                  PathOutsideProject("locales/fr", None, "leads outside", "replace the link")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert (back.path, back.line, back.reason, back.hint) == (
            error.path, error.line, error.reason, error.hint)
