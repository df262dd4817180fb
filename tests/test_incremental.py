"""`translate run` redoes only what changed since the last run (issue 15).

Every test compares the run that used the state with a full run from
scratch on the same inputs (a copy of the project without the state): the
state may save work, never change a byte.  Work is counted, not timed: how
many times each catalog is parsed and each document segmented.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest

import translate.build
import translate.catalog
import translate.po
from translate.config import load_settings
from translate.po import format_po, read_po
from translate.project import Project
from translate.state import STATE_FOLDER
from translate.workflow import run_workflow

GLOSSARY = """term,variants,kind,fr,ru,note
rescue team,rescue teams,term,équipe de secours,спасательная команда,civil protection
ministry,,term,ministère,министерство,the ministry of the interior
"""


def document(number: int, extra: str = "") -> str:
    return (f"# Release {number}\n\n"
            f"The ministry thanked the rescue teams of region {number}.\n\n"
            f"Schools in district {number} will reopen on Monday.\n\n"
            f"- Bring water to hall {number}.\n- Bring blankets to hall {number}.\n"
            + extra)


DOCUMENTS = {f"news{n}.md": document(n) for n in range(4)}
DOCUMENTS["plain.txt"] = "Storm warning\n\nThe storm season ended on Monday.\n"


@pytest.fixture()
def root(project) -> Path:
    """A project (fr, ru, pseudo engine, a glossary), run until it has
    nothing to do, with some entries reviewed by a translator."""
    folder = project('["fr", "ru"]', DOCUMENTS, extra='engine = "pseudo"\nmin_complete = 0\n')
    (folder / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    run(folder)
    # A translator reviews the drafts of one catalog, rewriting one of them.
    path = folder / "locales" / "fr" / "news1.md.po"
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid and not entry.obsolete:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            if entry.msgid.startswith("Schools"):
                entry.msgstr = "Les écoles du district 1 rouvriront lundi."
    path.write_text(format_po(catalog), encoding="utf-8")
    run(folder)
    run(folder)
    return folder


def run(folder: Path, **options: object) -> dict:
    return run_workflow(Project(load_settings(folder)), **options).to_dict()


def tree(folder: Path, state: bool = False) -> dict[str, bytes]:
    """Every file of a project (without the state, unless asked)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and (state or STATE_FOLDER not in path.parts)}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.stat().st_ino)
            for path in folder.rglob("*") if path.is_file()}


def _replace(folder: Path, by: Path) -> None:
    for item in folder.iterdir():
        shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
    shutil.copytree(by, folder, symlinks=True, dirs_exist_ok=True)


def run_twice(folder: Path, scratch: Path, **options: object) -> dict:
    """Run with the state, then check it against a full run from scratch on
    the same inputs, in the same folder (the site's feeds name it): the
    project without its state, as it was before the run.  Leaves the project
    as the run with the state left it, and returns that run's result."""
    before, after = scratch / "before", scratch / "after"
    for folder_ in (before, after):
        shutil.rmtree(folder_, ignore_errors=True)
    shutil.copytree(folder, before, symlinks=True)
    result = run(folder, **options)
    files = tree(folder)
    shutil.copytree(folder, after, symlinks=True)
    _replace(folder, before)
    shutil.rmtree(folder / "build" / STATE_FOLDER, ignore_errors=True)
    assert run(folder, **options) == result
    assert tree(folder) == files
    _replace(folder, after)
    return result


@pytest.fixture()
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@pytest.fixture()
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    """Counts, by file name, the catalogs and templates parsed and the
    documents segmented."""
    counts: dict[str, Counter] = {"parsed": Counter(), "segmented": Counter()}
    parse = translate.po.parse_po

    def counting_parse(text, name, *args, **kwargs):
        counts["parsed"][Path(str(name)).name] += 1
        return parse(text, name, *args, **kwargs)

    monkeypatch.setattr(translate.po, "parse_po", counting_parse)
    for module in (translate.catalog, translate.build):
        segment = module.read_document

        def counting_segment(path, *args, _segment=segment, **kwargs):
            counts["segmented"][Path(path).name] += 1
            return _segment(path, *args, **kwargs)

        monkeypatch.setattr(module, "read_document", counting_segment)
    return counts


def test_a_run_with_nothing_to_do_writes_nothing_and_parses_nothing(
        root: Path, work: dict[str, Counter], scratch: Path) -> None:
    before, times = tree(root, state=True), stamps(root)
    saved = scratch / "saved"
    shutil.copytree(root, saved, symlinks=True)
    result = run(root)
    assert tree(root, state=True) == before
    assert stamps(root) == times
    # Before the state, each catalog was parsed three or four times a run.
    assert work["parsed"] == Counter()
    assert work["segmented"] == Counter()
    assert all(change["status"] == "unchanged" for change in result["extract"] + result["update"])
    _replace(root, saved)
    assert run_twice(root, scratch) == result


def test_after_editing_one_document_only_its_files_are_read_and_written(
        root: Path, work: dict[str, Counter], scratch: Path) -> None:
    edited = root / "source" / "news2.md"
    edited.write_text(document(2, "\nA new paragraph about the rescue teams.\n")
                      .replace("thanked", "praised"), encoding="utf-8")
    times = stamps(root)
    saved = scratch / "saved"
    shutil.copytree(root, saved, symlinks=True)
    result = run(root)
    changed = {name for name, stamp in stamps(root).items() if times.get(name) != stamp}
    ours = {name for name in changed if name.startswith(("locales/", "build/fr/", "build/ru/"))}
    assert ours == {"locales/templates/news2.md.pot", "locales/fr/news2.md.po",
                    "locales/ru/news2.md.po", "build/fr/news2.md", "build/ru/news2.md"}
    assert set(work["segmented"]) == {"news2.md"}
    assert set(work["parsed"]) <= {"news2.md.pot", "news2.md.po"}
    assert [r["machine"] for r in result["mt"]] == [1, 1]
    # The same as a full run on the same inputs.
    _replace(root, saved)
    assert run_twice(root, scratch) == result
    # The state has caught up: the next run has nothing to do.
    work["parsed"].clear()
    before = tree(root, state=True)
    run(root)
    assert tree(root, state=True) == before
    assert work["parsed"] == Counter()


def test_the_memory_of_catalogs_left_unread_comes_from_the_state(
        root: Path, work: dict[str, Counter], scratch: Path) -> None:
    # A paragraph the translator reviewed in news1 (French), in a new document:
    # news1's catalog has nothing to do, so its pairs come from the state.
    (root / "source" / "notice.md").write_text(
        "# Notice\n\nSchools in district 1 will reopen on Monday.\n", encoding="utf-8")
    saved = scratch / "saved"
    shutil.copytree(root, saved, symlinks=True)
    result = run(root)
    assert "news1.md.po" not in work["parsed"]
    entry = next(entry for entry in read_po(root / "locales" / "fr" / "notice.md.po")
                 if entry.msgid == "Schools in district 1 will reopen on Monday.")
    assert entry.msgstr == "Les écoles du district 1 rouvriront lundi."
    assert "translation memory: locales/fr/news1.md.po" in entry.comment
    assert [r["memory"] for r in result["mt"]] == [1, 0]
    # The same as a full run on the same inputs, which reads news1's catalog.
    _replace(root, saved)
    assert run_twice(root, scratch) == result


def _edit_source(root: Path) -> None:
    path = root / "source" / "news0.md"
    path.write_bytes(path.read_bytes().replace(b"Monday", b"Tuesday"))


def _edit_template(root: Path) -> None:
    # Someone edits a generated template: extract writes it again.
    path = root / "locales" / "templates" / "news3.md.pot"
    path.write_bytes(path.read_bytes().replace(b"#. type: paragraph\n", b"", 1))


def _translator_edits_catalog(root: Path) -> None:
    path = root / "locales" / "fr" / "news1.md.po"
    path.write_bytes(path.read_bytes().replace("Les écoles du district 1".encode(),
                                               "Les collèges du district 1".encode()))


def _translator_clears_an_entry(root: Path) -> None:
    path = root / "locales" / "ru" / "plain.txt.po"
    catalog = read_po(path)
    next(e for e in catalog if e.msgid.startswith("The storm")).msgstr = ""
    path.write_text(format_po(catalog), encoding="utf-8")


def _edit_glossary(root: Path) -> None:
    path = root / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ministère", "ministère de "
                                                             "l'Intérieur"), encoding="utf-8")


def _edit_settings(root: Path) -> None:
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_complete = 0",
                                                             "min_complete = 90"),
                    encoding="utf-8")


def _remove_an_output(root: Path) -> None:
    (root / "build" / "ru" / "news0.md").unlink()


def _edit_an_output(root: Path) -> None:
    path = root / "build" / "fr" / "plain.txt"
    path.write_bytes(path.read_bytes() + b"tampered\n")


CHANGES = {
    "source bytes": _edit_source,
    "template": _edit_template,
    "catalog edited by a translator": _translator_edits_catalog,
    "catalog entry cleared": _translator_clears_an_entry,
    "glossary": _edit_glossary,
    "settings": _edit_settings,
    "output removed": _remove_an_output,
    "output edited": _edit_an_output,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_input_change_is_seen(root: Path, scratch: Path, change: str) -> None:
    before = tree(root)
    CHANGES[change](root)
    changed = tree(root)
    run_twice(root, scratch)
    # The run did something about it: what a full run does.
    assert tree(root) != changed
    if change in ("template", "catalog entry cleared", "output removed", "output edited"):
        # Extract writes the template back; mt drafts the entry again; build
        # writes the output again.
        assert tree(root) == before
    else:
        assert tree(root) != before


def test_another_engine_or_option_makes_the_state_void(
        root: Path, work: dict[str, Counter], scratch: Path) -> None:
    run(root, engine="pseudo")
    # Nothing recorded is taken for another engine: everything is read again.
    assert work["parsed"]["news0.md.po"] >= 1
    work["parsed"].clear()
    run(root, engine="pseudo")
    assert work["parsed"] == Counter()
    run_twice(root, scratch, include_fuzzy=True)
    # Machine drafts are redone (by the engine) in every run that asks for it.
    work["parsed"].clear()
    run_twice(root, scratch, retranslate_machine=True)
    assert work["parsed"]["news0.md.po"] >= 1


def test_a_reviewed_entry_survives_every_run(root: Path, scratch: Path) -> None:
    path = root / "locales" / "fr" / "news1.md.po"

    def reviewed() -> polib.POEntry:
        return next(e for e in read_po(path) if e.msgid.startswith("Schools"))

    assert reviewed().msgstr == "Les écoles du district 1 rouvriront lundi."
    assert "fuzzy" not in reviewed().flags
    for options in ({}, {"retranslate_machine": True}, {"engine": "pseudo"}):
        run(root, **options)
        assert reviewed().msgstr == "Les écoles du district 1 rouvriront lundi."
        assert "fuzzy" not in reviewed().flags
        assert not any(line.startswith("machine translation: ")
                       for line in reviewed().comment.split("\n"))
    built = (root / "build" / "fr" / "news1.md").read_text(encoding="utf-8")
    assert "Les écoles du district 1 rouvriront lundi." in built


@pytest.mark.parametrize("damage", ["garbage", "empty", "foreign", "not a dict", "memory"])
def test_a_corrupt_or_foreign_state_is_ignored(root: Path, scratch: Path,
                                               damage: str) -> None:
    state = root / "build" / STATE_FOLDER / "run.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    if damage == "garbage":
        state.write_bytes(b"\x00\xffnot json")
    elif damage == "empty":
        state.write_bytes(b"")
    elif damage == "foreign":
        # Records that would claim every output is up to date, under another key.
        data["key"] = "0" * 32
        for record in data["records"].values():
            record["result"] = {"bogus": True}
        state.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "not a dict":
        state.write_text("[1, 2, 3]", encoding="utf-8")
    else:
        for memory in (root / "build" / STATE_FOLDER / "memory").rglob("*.json"):
            memory.write_bytes(b"{")
    # Something to do, so that the memory and the records are needed.
    _translator_clears_an_entry(root)
    _edit_source(root)
    run_twice(root, scratch)
    # A valid state again: the next run has nothing to do.
    assert json.loads(state.read_text(encoding="utf-8"))["key"] != "0" * 32
    before = stamps(root)
    run(root)
    assert stamps(root) == before


def test_records_of_a_run_on_some_languages_keep_the_others(
        root: Path, work: dict[str, Counter]) -> None:
    _translator_edits_catalog(root)
    run(root, languages=["fr"], publish=False)
    work["parsed"].clear()
    run(root, languages=["ru"], publish=False)
    assert not any(count for name, count in work["parsed"].items() if name.endswith(".po"))
