"""The `translate` command end to end, on real files in a throw-away project."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.po import format_po, read_po

from .conftest import msgfmt_check, tree_bytes

runner = CliRunner()

RELEASE = """\
Prokopchuk at the African Regional Conference

Chief of the Russian Bureau of Interpol took part in the conference.

The conference was attended by leadership of the General Secretariat.
"""

NEWS = """\
# Interpol news

The **Secretary General** delivered a [speech](https://example.org/speech).

- Operation Usalama IV
- Operation Lionfish
"""


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def translate_catalog(path: Path, prefix: str = "FR ", only: int | None = None) -> None:
    catalog = read_po(path)
    for index, entry in enumerate(catalog):
        if only is None or index < only:
            entry.msgstr = prefix + entry.msgid
    path.write_text(format_po(catalog), encoding="utf-8")


COMMANDS = ["extract", "update", "build", "stats", "glossary check", "mt", "run",
            "models list", "models install", "check", "publish",
            "export", "import", "memory export", "glossary export", "glossary import",
            "eval"]


def test_the_list_of_commands_is_complete() -> None:
    import typer.main

    group = typer.main.get_command(app)
    listed = set()
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        listed |= {f"{name} {sub}" for sub in subcommands} if subcommands else {name}
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"translate {command}" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("translate ")


@pytest.mark.parametrize("arguments, code", [(["--version"], 0), (["extract", "--bad"], 2)])
def test_the_console_script_exits_with_the_app_code_and_objects_frozen(
        monkeypatch, capsys, arguments: list[str], code: int) -> None:
    import gc
    import sys

    from translate.cli import main

    monkeypatch.setattr(sys, "argv", ["translate", *arguments])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exit_:
            main()
        # The objects left are out of the interpreter's last collection.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert (exit_.value.code or 0) == code
    out, err = capsys.readouterr()
    assert out.startswith("translate ") if code == 0 else "--bad" in err


def test_python_dash_m_is_the_console_script(tmp_path: Path) -> None:
    import subprocess
    import sys

    ran = subprocess.run([sys.executable, "-m", "translate", "--version"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert ran.returncode == 0 and ran.stdout.startswith("translate ")
    ran = subprocess.run([sys.executable, "-m", "translate", "extract", "--bad"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 2 and "--bad" in ran.stderr


def test_empty_source_folder_says_so(project) -> None:
    project()
    result = run("extract")
    assert result.exit_code == 0
    assert result.output == ("No documents in source/ (plain text .txt and Markdown .md "
                             "are translated).\n")


def test_the_whole_round_trip(project) -> None:
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    result = run("extract")
    assert result.exit_code == 0, result.output
    assert (root / "locales/templates/release.txt.pot").exists()
    assert (root / "locales/templates/news.md.pot").exists()
    result = run("update")
    assert result.exit_code == 0, result.output
    for code in ("fr", "ru"):
        for doc in ("release.txt", "news.md"):
            path = root / f"locales/{code}/{doc}.po"
            assert msgfmt_check(path).returncode == 0
    translate_catalog(root / "locales/fr/news.md.po")
    translate_catalog(root / "locales/fr/release.txt.po")
    result = run("build", "--lang", "fr")
    assert result.exit_code == 0, result.output
    built = (root / "build/fr/news.md").read_text(encoding="utf-8")
    assert built == (
        "# FR Interpol news\n\n"
        "FR The **Secretary General** delivered a [speech](https://example.org/speech).\n\n"
        "- FR Operation Usalama IV\n- FR Operation Lionfish\n"
    )
    assert (root / "build/fr/release.txt").read_text(encoding="utf-8").startswith(
        "FR Prokopchuk at the African Regional Conference\n\nFR Chief")


def test_identity_translations_rebuild_the_sources_exactly(project) -> None:
    crlf = "Title\r\n\r\nA paragraph\r\nwith CRLF.\r\n\r\nNo final newline."
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS, "crlf.txt": crlf})
    run("extract")
    run("update", "--lang", "fr")
    for path in (root / "locales/fr").glob("*.po"):
        catalog = read_po(path)
        for entry in catalog:
            entry.msgstr = entry.msgid
        path.write_text(format_po(catalog), encoding="utf-8")
    assert run("build", "--lang", "fr").exit_code == 0
    for name in ("release.txt", "news.md", "crlf.txt"):
        assert (root / "build/fr" / name).read_bytes() == (root / "source" / name).read_bytes()


def test_extract_and_update_twice_change_no_byte(project, monkeypatch) -> None:
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    run("extract")
    run("update")
    translate_catalog(root / "locales/fr/release.txt.po", only=1)
    before = tree_bytes(root / "locales")
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "locales").rglob("*.po*")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # later clock
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    assert tree_bytes(root / "locales") == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_header_date_moves_only_when_content_changes(project, monkeypatch) -> None:
    root = project(documents={"release.txt": RELEASE})
    run("extract")
    run("update", "--lang", "fr")
    template = root / "locales/templates/release.txt.pot"
    assert read_po(template).metadata["POT-Creation-Date"] == "2026-01-02 03:04+0000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    (root / "source/release.txt").write_text(RELEASE + "\nA new closing paragraph.\n",
                                             encoding="utf-8")
    run("extract")
    run("update", "--lang", "fr")
    assert read_po(template).metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    catalog = read_po(root / "locales/fr/release.txt.po")
    assert catalog.metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    assert catalog.metadata["PO-Revision-Date"] == "2026-01-02 03:04+0000"


def test_extract_again_keeps_a_template_without_reading_it_or_when_only_its_layout_differs(
        project, monkeypatch) -> None:
    import translate.catalog as catalog_module

    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    run("extract")
    template = root / "locales/templates/release.txt.pot"
    before = tree_bytes(root / "locales")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # later clock

    def no_parse(*args, **kwargs):
        raise AssertionError("an unchanged template was parsed")

    # The template its document gives, dated as the file, is the file.
    with monkeypatch.context() as patched:
        patched.setattr(catalog_module, "read_po", no_parse)
        result = run("extract", "--format", "json")
    assert result.exit_code == 0, result.output
    assert tree_bytes(root / "locales") == before
    # Same entries, another layout (CRLF line ends, as a Windows editor saves
    # it): parsed, found the same, and left as it is.
    crlf = template.read_bytes().replace(b"\n", b"\r\n")
    template.write_bytes(crlf)
    result = run("extract")
    assert result.exit_code == 0 and "2 templates, 2 unchanged" in result.output
    assert template.read_bytes() == crlf
    # A changed document: a new template, with the new date.
    (root / "source/release.txt").write_text(RELEASE + "\nA closing paragraph.\n",
                                             encoding="utf-8")
    run("extract")
    assert read_po(template).metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    assert "A closing paragraph." in template.read_text(encoding="utf-8")


def test_removed_document_removes_its_template_but_keeps_catalogs(project) -> None:
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    run("extract")
    run("update")
    (root / "source/news.md").unlink()
    result = run("extract")
    assert "removed   locales/templates/news.md.pot" in result.output
    assert not (root / "locales/templates/news.md.pot").exists()
    assert (root / "locales/fr/news.md.po").exists()


def test_commands_work_from_a_subfolder(project, monkeypatch) -> None:
    root = project(documents={"release.txt": RELEASE})
    (root / "deep/er").mkdir(parents=True)
    monkeypatch.chdir(root / "deep/er")
    assert run("extract").exit_code == 0
    assert (root / "locales/templates/release.txt.pot").exists()


def test_settings_can_be_overridden_on_the_command_line(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    run("extract")
    result = run("update", "--set", "locales_dir=locales", "--set", 'languages=["es", "ar"]')
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "locales").iterdir()) == ["ar", "es", "templates"]


def test_stats_table_and_json(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    run("extract")
    run("update")
    translate_catalog(root / "locales/fr/release.txt.po", only=2)
    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    rows = {row["language"]: row for row in json.loads(result.output)}
    assert rows["fr"]["translated"] == 2 and rows["fr"]["untranslated"] == 1
    assert rows["fr"]["percent"] == 66.7
    assert rows["fr"]["words"] == 28
    assert rows["ru"]["translated"] == 0
    table = run("stats").output
    assert re.search(r"^fr\s+release\.txt\s+2\s+0\s+1\s+0\s+28\s+66\.7%$", table, re.M)


def test_build_threshold_and_strict(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    run("extract")
    run("update", "--lang", "fr")
    translate_catalog(root / "locales/fr/release.txt.po", only=2)
    result = run("build", "--lang", "fr")  # 66.7% < 80%
    assert result.exit_code == 0
    assert "below 80%" in result.output
    assert not (root / "build/fr/release.txt").exists()
    assert run("build", "--lang", "fr", "--strict").exit_code == 3
    assert run("build", "--lang", "fr", "--min-complete", "60").exit_code == 0
    assert (root / "build/fr/release.txt").exists()
    # Falling below the threshold again removes the stale output.
    run("build", "--lang", "fr", "--min-complete", "100")
    assert not (root / "build/fr/release.txt").exists()


def test_build_uses_fuzzy_translations_only_when_asked(project) -> None:
    root = project(documents={"release.txt": RELEASE})
    run("extract")
    run("update", "--lang", "fr")
    translate_catalog(root / "locales/fr/release.txt.po")
    (root / "source/release.txt").write_text(RELEASE.replace("leadership", "the leadership"),
                                             encoding="utf-8")
    run("extract")
    run("update", "--lang", "fr")
    run("build", "--lang", "fr", "--min-complete", "0")
    assert "\nThe conference was attended by the leadership" in (
        root / "build/fr/release.txt").read_text(encoding="utf-8")
    run("build", "--lang", "fr", "--min-complete", "0", "--include-fuzzy")
    assert "\nFR The conference was attended by leadership" in (
        root / "build/fr/release.txt").read_text(encoding="utf-8")


def test_json_output_of_extract_update_build(project) -> None:
    project(documents={"release.txt": RELEASE})
    changes = json.loads(run("extract", "--format", "json").output)
    assert changes[0]["status"] == "created" and changes[0]["document"] == "release.txt"
    # JSON on stdout; the warning that the project has no glossary.csv goes to stderr.
    changes = json.loads(run("update", "--format", "json").stdout)
    assert {(c["language"], c["status"]) for c in changes} == {("fr", "created"), ("ru", "created")}
    results = json.loads(run("build", "--format", "json").output)
    assert {r["status"] for r in results} == {"skipped"}


# --- bad input: one line, non-zero exit, nothing written --------------------

ERROR_LINE = re.compile(r"^Error: \S+?(:\d+)?: .+ -- .+\n$")


def assert_clean_failure(result, root: Path, before: dict[str, bytes], where: str) -> None:
    assert result.exit_code == 1
    assert ERROR_LINE.match(result.stderr), result.stderr
    assert result.stderr.startswith(f"Error: {where}")
    assert tree_bytes(root) == before


@pytest.fixture
def ready(project):
    """A project extracted and updated once, ready to be broken."""
    root = project(documents={"release.txt": RELEASE, "news.md": NEWS})
    run("extract")
    run("update")
    return root


@pytest.mark.parametrize(("name", "content", "where"), [
    ("latin1.txt", "Caf\xe9 au lait.\n".encode("latin-1"), "source/latin1.txt:1: byte 0xe9"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "source/image.txt:3: the file is binary"),
    ("empty.md", b"", "source/empty.md:1: the document is empty"),
])
def test_bad_source_document(ready, name: str, content: bytes, where: str) -> None:
    (ready / "source" / name).write_bytes(content)
    before = tree_bytes(ready)
    assert_clean_failure(runner.invoke(app, ["extract"]), ready, before, where)


def test_catalog_with_a_syntax_error(ready) -> None:
    path = ready / "locales/fr/news.md.po"
    text = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#. type: paragraph',
                                                    'msgsrt ""\n\n#. type: paragraph', 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgsrt ""') + 1
    (ready / "source/news.md").write_text(NEWS + "\nNew paragraph.\n", encoding="utf-8")
    run("extract")
    before = tree_bytes(ready)
    assert_clean_failure(runner.invoke(app, ["update"]), ready, before,
                         f"locales/fr/news.md.po:{line}: unknown keyword 'msgsrt'")


def test_catalog_with_a_duplicate_msgid(ready) -> None:
    path = ready / "locales/ru/release.txt.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "Prokopchuk at the African Regional Conference"\nmsgstr "x"\n',
                    encoding="utf-8")
    before = tree_bytes(ready)
    line = len(text.splitlines()) + 2
    assert_clean_failure(runner.invoke(app, ["update"]), ready, before,
                         f"locales/ru/release.txt.po:{line}: duplicate message")


def test_unknown_language_on_the_command_line(ready) -> None:
    before = tree_bytes(ready)
    result = runner.invoke(app, ["update", "--lang", "xx"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --lang: unknown language code 'xx' -- ")
    assert tree_bytes(ready) == before


def test_unknown_language_in_the_settings(ready) -> None:
    pyproject = ready / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"ru"', '"rus"'), encoding="utf-8")
    before = tree_bytes(ready)
    line = pyproject.read_text().splitlines().index('languages = ["fr", "rus"]') + 1
    assert_clean_failure(runner.invoke(app, ["update"]), ready, before,
                         f"pyproject.toml:{line}: unknown language code 'rus'")


def test_document_path_outside_the_project(ready, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("Secret text.\n")
    before = tree_bytes(ready)
    result = runner.invoke(app, ["extract", str(outside)])
    assert result.exit_code == 1
    assert "is outside the project folder" in result.stderr
    assert tree_bytes(ready) == before
    result = runner.invoke(app, ["extract", "../" + outside.parent.name + "/secret.txt"])
    assert result.exit_code == 1
    assert "is outside the project folder" in result.stderr


def test_symbolic_link_leading_outside_the_project(ready, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("Secret text.\n")
    os.symlink(outside, ready / "source" / "link.txt")
    before = tree_bytes(ready)
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 1
    assert ERROR_LINE.match(result.stderr), result.stderr
    assert "is outside the project folder" in result.stderr
    assert tree_bytes(ready) == before


def test_folder_setting_outside_the_project(ready) -> None:
    result = runner.invoke(app, ["extract", "--set", "source_dir=../other"])
    assert result.exit_code == 1
    assert "is outside the project folder" in result.stderr


def test_no_project_here(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no pyproject.toml with a [tool.translate] table")
