"""No read or write outside the project (issue 10, item 4).

Every path the tool reads or writes is resolved, symbolic links followed, and
must stay inside the project.  A link that leads outside stops the command
with one ``Error:`` line naming it, before anything is written; a link that
stays inside is followed (documents) or written through (catalogs,
templates, outputs: the link stays a link).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.errors import PathOutsideProject
from translate.po import format_po, read_po

from .conftest import msgfmt_check, tree_bytes

runner = CliRunner()

RELEASE = """\
Prokopchuk at the African Regional Conference

Chief of the Russian Bureau of Interpol took part in the conference.
"""

NEWS = """\
# Interpol news

The Secretary General delivered a speech.
"""

#: A glossary, so that no command warns about a missing one: the tests count
#: the lines on stderr.
GLOSSARY = "term,kind,fr,ru\nInterpol,keep,,\n"

ERROR_LINE = re.compile(r"Error: \S+: .+ -- .+")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def ready(project):
    """A project extracted and updated once, for French and Russian."""
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    return root


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder next to the project, not in it."""
    return tmp_path_factory.mktemp("outside")


def review(path: Path, text: str = "FR ") -> None:
    """Translate every entry of a catalog, as a translator would (not fuzzy)."""
    catalog = read_po(path)
    for entry in catalog:
        entry.msgstr = text + entry.msgid
    path.write_text(format_po(catalog), encoding="utf-8")


def move_out(root: Path, relative: str, outside: Path) -> Path:
    """Move a file or folder of the project outside it and leave a symbolic
    link in its place (what a committed link to elsewhere looks like)."""
    path = root / relative
    target = outside / path.name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        shutil.move(path, target)
    else:
        target.mkdir()
    os.symlink(target, path)
    return target


# Each case: where the link is, and the commands that read or write through it.
CASES = {
    "locales/fr": ["update", "mt --engine pseudo", "build", "stats", "run --engine pseudo"],
    "locales/templates": ["extract", "update", "mt --engine pseudo", "stats",
                          "run --engine pseudo"],
    "build/fr": ["build --min-complete 0", "run --engine pseudo"],
    "source/sub": ["extract", "build", "run --engine pseudo"],
    "locales/fr/news.md.po": ["update", "mt --engine pseudo", "build", "stats",
                              "run --engine pseudo"],
    "locales/templates/news.md.pot": ["extract", "update", "mt --engine pseudo",
                                      "run --engine pseudo"],
    "build/fr/news.md": ["build --min-complete 0", "run --engine pseudo"],
}


@pytest.mark.parametrize(("link", "command"), [
    (link, command) for link, commands in CASES.items() for command in commands])
def test_a_link_leading_outside_stops_the_command(ready, outside, link: str,
                                                  command: str) -> None:
    if link == "source/sub":
        (outside / "sub").mkdir()
        (outside / "sub" / "secret.md").write_text("# Secret\n\nNot for us.\n")
        os.symlink(outside / "sub", ready / link)
    elif link.startswith("build/"):
        if link == "build/fr/news.md":
            (ready / "build" / "fr").mkdir(parents=True)
            (outside / "news.md").write_text("published elsewhere\n")
            os.symlink(outside / "news.md", ready / link)
        else:
            move_out(ready, link, outside)
        review(ready / "locales" / "fr" / "news.md.po")
    else:
        # Something to do for every command: a changed document.
        (ready / "source" / "news.md").write_text(NEWS + "\nA new paragraph.\n")
        move_out(ready, link, outside)
    before, before_outside = tree_bytes(ready), tree_bytes(outside)
    result = run(*command.split())
    assert result.exit_code != 0, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and ERROR_LINE.fullmatch(errors[0]), result.stderr
    assert f"'{link}' leads to '{outside.resolve()}" in errors[0]
    assert "which is outside the project folder" in errors[0]
    assert tree_bytes(ready) == before
    assert tree_bytes(outside) == before_outside


def test_a_link_loop_is_one_clear_error(ready) -> None:
    shutil.rmtree(ready / "locales" / "fr")
    os.symlink("fr", ready / "locales" / "fr")
    before = tree_bytes(ready)
    result = run("update")
    assert result.exit_code == 1
    assert ERROR_LINE.fullmatch(result.stderr.strip()), result.stderr
    assert result.stderr.startswith("Error: locales/fr/news.md.po: 'locales/fr' is a loop "
                                    "of symbolic links -- "), result.stderr
    assert tree_bytes(ready) == before


def test_a_folder_setting_through_a_link_outside_names_the_link(project, outside) -> None:
    root = project()
    os.symlink(outside, root / "l10n")
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text() + 'locales_dir = "l10n/all"\n')
    with pytest.raises(PathOutsideProject) as caught:
        load_settings(root)
    assert caught.value.reason == (
        f"'l10n' leads to '{outside.resolve()}', which is outside the project folder "
        f"'{root.resolve()}'")
    assert caught.value.hint == "replace the symbolic link by a folder inside the project"


def test_a_linked_source_folder_inside_the_project_is_followed_once(ready) -> None:
    shared = ready / "shared"
    (shared / "docs").mkdir(parents=True)
    (shared / "docs" / "brief.md").write_text("# Brief\n\nA short brief.\n")
    os.symlink("../shared/docs", ready / "source" / "sub")
    # A cycle back to the source folder, and a second link to the same folder:
    # neither may hang the walk or list a document twice.
    os.symlink("../../source", shared / "docs" / "back")
    os.symlink("sub", ready / "source" / "twin")
    result = run("extract", "--format", "json")
    assert result.exit_code == 0, result.output
    templates = sorted(p.relative_to(ready / "locales" / "templates").as_posix()
                       for p in (ready / "locales" / "templates").rglob("*.pot"))
    assert templates == ["news.md.pot", "release.txt.pot", "sub/brief.md.pot"]
    template = (ready / "locales" / "templates" / "sub" / "brief.md.pot").read_text()
    assert "#: source/sub/brief.md:1" in template
    assert run("update").exit_code == 0
    review(ready / "locales" / "fr" / "sub" / "brief.md.po")
    assert run("build", "--lang", "fr").exit_code == 0
    assert (ready / "build" / "fr" / "sub" / "brief.md").read_text() == \
        "# FR Brief\n\nFR A short brief.\n"
    # Named on the command line through the link, it keeps the linked name.
    assert run("extract", "source/sub/brief.md").exit_code == 0
    assert templates == sorted(p.relative_to(ready / "locales" / "templates").as_posix()
                               for p in (ready / "locales" / "templates").rglob("*.pot"))


def test_a_reviewed_translation_in_a_linked_catalog_survives_update(ready) -> None:
    shared = ready / "shared" / "fr"
    shared.mkdir(parents=True)
    catalog = ready / "locales" / "fr" / "news.md.po"
    review(catalog)
    shutil.move(catalog, shared / "news.md.po")
    os.symlink("../../shared/fr/news.md.po", catalog)
    (ready / "source" / "news.md").write_text(NEWS + "\nA new paragraph.\n")
    assert run("extract").exit_code == 0
    result = run("update", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "updated   locales/fr/news.md.po" in result.output
    assert catalog.is_symlink() and os.readlink(catalog) == "../../shared/fr/news.md.po"
    entries = {entry.msgid: entry for entry in read_po(shared / "news.md.po")}
    assert entries["The Secretary General delivered a speech."].msgstr == \
        "FR The Secretary General delivered a speech."
    assert "fuzzy" not in entries["The Secretary General delivered a speech."].flags
    assert entries["A new paragraph."].msgstr == ""
    assert msgfmt_check(shared / "news.md.po").returncode == 0
    # No temporary file was left next to the link or the file.
    assert not [p for p in ready.rglob(".*.tmp")]
    before = tree_bytes(ready)
    assert run("update", "--lang", "fr").exit_code == 0
    assert tree_bytes(ready) == before


def test_linked_folders_and_outputs_inside_the_project_are_written_through(ready) -> None:
    site = ready / "site"
    (site / "fr").mkdir(parents=True)
    (ready / "build").mkdir()
    os.symlink("../site/fr", ready / "build" / "fr")
    (site / "ru").mkdir()
    (site / "ru" / "news.ru.md").write_text("old\n")
    (ready / "build" / "ru").mkdir()
    os.symlink("../../site/ru/news.ru.md", ready / "build" / "ru" / "news.md")
    review(ready / "locales" / "fr" / "news.md.po")
    review(ready / "locales" / "ru" / "news.md.po", "RU ")
    result = run("build", "--min-complete", "50", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (site / "fr" / "news.md").read_text() == \
        "# FR Interpol news\n\nFR The Secretary General delivered a speech.\n"
    output = ready / "build" / "ru" / "news.md"
    assert output.is_symlink()
    assert (site / "ru" / "news.ru.md").read_text() == \
        "# RU Interpol news\n\nRU The Secretary General delivered a speech.\n"
    assert '"path": "build/ru/news.md"' in result.stdout
    assert (ready / "build" / "fr").is_symlink()


def test_check_reports_a_link_outside_from_any_worker(ready, outside) -> None:
    (ready / "source" / "more.txt").write_text("More news today.\n")
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    # Of more.txt, news.md and release.txt, the second goes to the second
    # worker process.
    move_out(ready, "locales/fr/news.md.po", outside)
    result = runner.invoke(app, ["check", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: locales/fr/news.md.po: 'locales/fr/news.md.po' leads to "
        f"'{outside.resolve()}/news.md.po', which is outside the project folder "
        f"'{ready.resolve()}' -- replace the symbolic link by a file inside the project\n")
