"""The glossary file as spreadsheets write it (BOM, `;` and tab separators,
UTF-16 exports), and the glossary setting: a configured file that does not
exist stops every command that uses it; the default one missing is reported
once."""

from __future__ import annotations

import csv
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.catalog import extract_templates, update_catalogs
from translate.checks import check_project
from translate.cli import app
from translate.config import load_settings
from translate.errors import GlossaryError
from translate.glossary import load_glossary, parse_glossary, project_glossary
from translate.mt import machine_translate
from translate.project import Project

from .conftest import tree_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

HEADER = ["term", "variants", "kind", "case", "fr", "fr_variants", "fr_forbidden", "ru", "note"]
# Cells that need quoting with every separator: ";", ",", tabs, quotes,
# line breaks, and "|" lists.
ROWS = [
    ["Secretary General", "Secretaries General|SG", "term", "", "Secrétaire général",
     "secrétaire générale|SG", "Secrétariat général", "Генеральный секретарь",
     'the person; not the body, see "General Secretariat"'],
    ["General Secretariat", "", "term", "", "Secrétariat général", "", "", "Генеральный секретариат",
     "line one\nline two, with a comma; and a semicolon"],
    ["Lionfish", "", "keep", "sensitive", "", "", "Poisson-lion", "", "code name\tof an operation"],
    ["Jürgen Stock", "Juergen Stock", "keep", "", "", "", "", "Юрген Шток", "Ä; ß, ё | x"],
]


def spreadsheet(delimiter: str = ",", bom: bool = False, rows: list | None = None) -> bytes:
    """A glossary as Excel writes it: CRLF, minimal quoting, "" for a quote."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(ROWS if rows is None else rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def rows_of(glossary) -> list:
    return [(t.line, t.term, t.variants, t.kind, t.case_sensitive, t.note, t.targets, t.forbidden)
            for t in glossary.terms]


# --- CSV dialects ----------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_semicolon_and_tab_files_load_like_the_comma_file(delimiter: str, bom: bool) -> None:
    expected = rows_of(parse_glossary(spreadsheet(",")))
    data = spreadsheet(delimiter, bom)
    assert delimiter.encode() in data.splitlines()[0]
    assert rows_of(parse_glossary(data)) == expected
    # The multi-line note is really one cell, and the "|" lists are split.
    assert expected[1][5] == "line one\nline two, with a comma; and a semicolon"
    assert expected[0][2] == ("Secretaries General", "SG")
    assert [row[0] for row in expected] == [2, 3, 5, 6]


def test_bom_file_loads_and_verifies_like_the_file_without() -> None:
    data = (ROOT / "glossary.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    plain = parse_glossary(data)
    with_bom = parse_glossary(b"\xef\xbb\xbf" + data)
    assert rows_of(with_bom) == rows_of(plain) and len(plain) > 10
    source = "The Secretary General of INTERPOL met Police Major-General Prokopchuk."
    for language, translation in [("fr", "Le Secrétaire général d’Interpol a parlé."),
                                  ("ru", "Генеральный секретарь Интерпола выступил.")]:
        assert (with_bom.verify(source, translation, language)
                == plain.verify(source, translation, language))
    assert with_bom.lint(["ru", "fr", "es", "ar"]) == plain.lint(["ru", "fr", "es", "ar"])


def test_bom_file_on_disk_loads(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(spreadsheet(",", bom=True))
    assert rows_of(load_glossary(path)) == rows_of(parse_glossary(spreadsheet(",")))


def test_comma_file_with_semicolons_in_cells_stays_comma_separated() -> None:
    data = b'term,kind,fr,note\nA;B,term,"x;y",one; two\n'
    (term,) = parse_glossary(data).terms
    assert (term.term, term.target("fr"), term.note) == ("A;B", "x;y", "one; two")


def test_sep_line_names_the_separator() -> None:
    data = b"sep=;\r\n" + spreadsheet(";")
    terms = rows_of(parse_glossary(data))
    assert terms == [(line + 1, *rest) for line, *rest in rows_of(parse_glossary(spreadsheet()))]


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"),
                                                 ("\t", "tab")])
def test_wrong_number_of_cells_names_the_separator(delimiter: str, name: str) -> None:
    data = spreadsheet(delimiter, bom=True) + delimiter.join(["Kigali", "term"]).encode() + b"\r\n"
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(data, "glossary.csv")
    assert str(raised.value) == (f"glossary.csv:7: 2 cells where the header has {len(HEADER)} "
                                 f"-- check for a missing or extra {name}, or an unquoted "
                                 f"{name} inside a cell")


@pytest.mark.parametrize(("data", "line", "reason"), [
    # Each message keeps its line with a BOM and with another separator.
    (b"\xef\xbb\xbfterm;kind;xx\nA;term;a\n", 1, "unknown column 'xx'"),
    (b"term\tkind\tfr_notes\nA\tterm\ta\n", 1, "unknown column 'fr_notes'"),
    (b"\xef\xbb\xbfterm;fr\nA;a\n", 1, "no 'kind' column"),
    (b'\xef\xbb\xbfterm;kind;fr\nA;term;"unclosed\nB;term;b\n', 2, "never closed"),
    (b"\xef\xbb\xbfterm;kind;fr\r\nA;term;a\r\nCaf\xe9;term;x\r\n", 3, "byte 0xe9 is not valid UTF-8"),
    (b"term\tkind\tfr\nA\tterm\ta\nB\tterm\tb\na\tterm\tc\n", 4,
     "duplicate concept 'a' (also at line 2)"),
    (b"\xef\xbb\xbfterm;kind;fr;fr\nA;term;a;b\n", 1, "column 'fr' appears twice"),
])
def test_malformed_spreadsheet_files_keep_their_messages(data: bytes, line: int,
                                                         reason: str) -> None:
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(data, "glossary.csv")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"glossary.csv:{line}: ") and reason in str(raised.value)


def test_windows_1252_file_is_not_utf8_with_its_line() -> None:
    # Excel's plain "CSV" in a French locale: ";" and Windows-1252.
    rows = [["Interpol", "", "term", "", "INTERPOL", "", "", "", "a note; with a semicolon"],
            ["Secretary General", "", "term", "", "Secrétaire général", "", "", "", ""]]
    data = spreadsheet(";", rows=rows).decode("utf-8").encode("cp1252")
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(data, "glossary.csv")
    assert str(raised.value) == ("glossary.csv:3: byte 0xe9 is not valid UTF-8 -- save the file "
                                 "as CSV with the UTF-8 character set")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_export_asks_for_csv_utf8(encoding: str) -> None:
    # Excel's "Unicode text": UTF-16 with a BOM, tab separated; without a
    # BOM the NUL bytes give it away.
    text = spreadsheet("\t").decode("utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(data, "glossary.csv")
    assert raised.value.line == 1
    assert "UTF-16" in raised.value.reason and "CSV UTF-8" in raised.value.hint


# --- the glossary setting ----------------------------------------------------------

RELEASE = "Interpol conference\n\nThe Secretary General of Interpol met the press.\n"
GLOSSARY = "term,kind,fr\nSecretary General,term,Secrétaire général\n"


def setting_line(root: Path) -> int:
    lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("glossary"))


@pytest.fixture
def configured(project) -> Path:
    """A project whose pyproject names its glossary, with catalogs made while
    the file existed; then the file is renamed, as by a typo in the setting."""
    root = project(languages='["fr"]', documents={"release.txt": RELEASE},
                   extra='glossary = "glosary.csv"\n')
    (root / "glosary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    assert "glossary: Secretary General" in (root / "locales/fr/release.txt.po").read_text()
    (root / "glosary.csv").rename(root / "glossary.csv")
    # Something for update, mt and run to do.
    (root / "source/release.txt").write_text(RELEASE + "\nMore text.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("command", "code"), [
    (["update"], 1), (["mt", "--engine", "pseudo"], 1), (["run", "--engine", "pseudo"], 1),
    (["check"], 2), (["glossary", "check"], 1),
])
def test_configured_glossary_missing_stops_the_command(configured: Path, command: list[str],
                                                       code: int) -> None:
    if command[0] in ("update", "mt"):
        assert runner.invoke(app, ["extract"]).exit_code == 0
    before = tree_bytes(configured)
    result = runner.invoke(app, command)
    assert result.exit_code == code
    assert result.output == (f"Error: pyproject.toml:{setting_line(configured)}: the glossary "
                             "'glosary.csv' does not exist -- fix the glossary setting, or "
                             "create the file\n")
    assert tree_bytes(configured) == before


def test_glossary_set_on_the_command_line_must_exist(project) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert runner.invoke(app, ["extract"]).exit_code == 0
    before = tree_bytes(root)
    result = runner.invoke(app, ["update", "--set", "glossary=terms.csv"])
    assert result.exit_code == 1
    assert result.output == ("Error: --set: the glossary 'terms.csv' does not exist -- fix the "
                             "glossary setting, or create the file\n")
    assert tree_bytes(root) == before
    # The same setting naming a file that exists is used.
    (root / "terms.csv").write_text(GLOSSARY.replace("Secrétaire", "Secrétaire-X"),
                                    encoding="utf-8")
    assert runner.invoke(app, ["update", "--set", "glossary=terms.csv"]).exit_code == 0
    assert ("#. glossary: Secretary General = Secrétaire-X général"
            in (root / "locales/fr/release.txt.po").read_text(encoding="utf-8"))


def test_configured_glossary_in_a_subfolder_is_used(project) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE},
                   extra='glossary = "terms/glossary.csv"\n')
    (root / "terms").mkdir()
    (root / "terms/glossary.csv").write_bytes(b"\xef\xbb\xbf" + GLOSSARY.replace(",", ";")
                                              .encode("utf-8"))
    glossary = project_glossary(Project(load_settings()))
    assert glossary is not None and glossary.path == "terms/glossary.csv"
    assert glossary.terms[0].target("fr") == "Secrétaire général"


@pytest.mark.parametrize("extra", ['glossary = "terms"\n', ""], ids=["configured", "default"])
def test_glossary_that_is_a_folder_is_an_error(project, extra: str) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE}, extra=extra)
    (root / ("terms" if extra else "glossary.csv")).mkdir()
    with pytest.raises(GlossaryError) as raised:
        project_glossary(Project(load_settings()))
    name = "terms" if extra else "glossary.csv"
    assert f"the glossary {name!r} is a folder" in str(raised.value)
    if extra:
        assert (raised.value.path, raised.value.line) == ("pyproject.toml", setting_line(root))
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert len(result.output.splitlines()) == 1


def test_dangling_symbolic_link_is_an_error(project) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    (root / "glossary.csv").symlink_to(root / "shared-terms.csv")
    with pytest.raises(GlossaryError) as raised:
        project_glossary(Project(load_settings()))
    assert str(raised.value).startswith("glossary.csv: the glossary 'glossary.csv' is a "
                                        "symbolic link to a file that does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_glossary_is_an_error(project) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    path = root / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(GlossaryError) as raised:
            project_glossary(Project(load_settings()))
    finally:
        path.chmod(0o644)
    assert "cannot be read" in str(raised.value)


def test_unreadable_glossary_is_an_error_even_as_root(project, monkeypatch) -> None:
    # Root reads every file whatever its mode: make the read fail as it does
    # for anyone else.
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    path = root / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "glossary.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(GlossaryError) as raised:
        project_glossary(Project(load_settings()))
    assert str(raised.value) == ("glossary.csv: the glossary cannot be read (Permission denied) "
                                 "-- make the file readable")


# --- the default glossary missing ---------------------------------------------------

def glossary_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records
            if record.name == "translate.glossary" and "glossary.csv" in record.getMessage()]


def test_default_glossary_missing_is_reported_once(project, caplog) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    proj = Project(load_settings())
    caplog.set_level(logging.INFO, logger="translate")
    extract_templates(proj)
    changes = update_catalogs(proj)
    assert [change.status for change in changes] == ["created"]
    results = machine_translate(proj, engine="pseudo")
    assert [result.language for result in results if not result.error] == ["fr"]
    check_project(proj, min_complete=0, jobs=1)
    update_catalogs(proj)
    (record,) = glossary_warnings(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("glossary.csv does not exist")
    text = (root / "locales/fr/release.txt.po").read_text(encoding="utf-8")
    assert "glossary:" not in text and "machine translation: pseudo" in text


def test_empty_glossary_setting_turns_it_off_silently(project, caplog) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE},
                   extra='glossary = ""\n')
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    proj = Project(load_settings())
    caplog.set_level(logging.INFO, logger="translate")
    extract_templates(proj)
    update_catalogs(proj)
    assert project_glossary(proj) is None
    assert not [r for r in caplog.records if r.name == "translate.glossary"]
    assert "glossary:" not in (root / "locales/fr/release.txt.po").read_text(encoding="utf-8")
    result = runner.invoke(app, ["glossary", "check"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: pyproject.toml:")
    assert "no glossary is configured" in result.output


def test_default_glossary_missing_warns_once_per_command(project) -> None:
    # A real process: `run` asks for the glossary in update and in mt.
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    command = [sys.executable, "-m", "translate", "run", "--engine", "pseudo"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "glossary" in line]
    assert warnings == ["warning: glossary.csv does not exist: glossary terms are neither shown "
                        "to translators nor checked -- create it, or set glossary = \"\" in "
                        "[tool.translate] to work without one"]
    assert "machine translation: pseudo" in (root / "locales/fr/release.txt.po").read_text()


def test_glossary_check_without_the_default_file_says_so(project) -> None:
    project(languages='["fr"]', documents={"release.txt": RELEASE})
    result = runner.invoke(app, ["glossary", "check"])
    assert result.exit_code == 1
    assert result.output == ("Error: glossary.csv: no glossary file -- create it "
                             "(see README: The glossary)\n")


def test_default_name_set_explicitly_must_exist(project) -> None:
    # This repository's own pyproject.toml writes the default name out.
    root = project(languages='["fr"]', documents={"release.txt": RELEASE},
                   extra='glossary = "glossary.csv"\n')
    assert runner.invoke(app, ["extract"]).exit_code == 0
    before = tree_bytes(root)
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: pyproject.toml:{setting_line(root)}: the glossary "
                                    "'glossary.csv' does not exist")
    assert tree_bytes(root) == before


# --- property: every separator reads what a spreadsheet wrote ----------------------

cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
def test_any_cells_read_back_with_any_separator(rows, delimiter: str, bom: bool) -> None:
    # Distinct, non-blank terms: what a valid glossary has.
    rows = [(f"T{index} {term}", fr, note) for index, (term, fr, note) in enumerate(rows)]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", delimiter=delimiter)
    writer.writerow(["term", "kind", "fr", "note"])
    for term, fr, note in rows:
        writer.writerow([term, "term", fr, note])
    data = (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")
    glossary = parse_glossary(data)
    assert [(t.term, t.target("fr") or "", t.note) for t in glossary.terms] == [
        (term.strip(), fr.strip(), note.strip()) for term, fr, note in rows]


def test_empty_columns_a_spreadsheet_leaves_at_the_end_are_ignored() -> None:
    from translate.glossary import parse_glossary

    data = ("term;kind;fr;;\n"
            "General Secretariat;term;Secrétariat général;;\n"
            "Thunderstorm;keep;;;\n").encode("utf-8")
    glossary = parse_glossary(data)
    assert len(glossary) == 2
    assert [m.term.term for m in glossary.find("The General Secretariat led Thunderstorm.")] == [
        "General Secretariat", "Thunderstorm"]
    # A real value in such a column is still refused: it has no name.
    with pytest.raises(GlossaryError, match="5 cells where the header has 3"):
        parse_glossary("term;kind;fr;;\nA;term;a;;oops\n".encode("utf-8"))
