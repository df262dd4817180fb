"""The glossary: reading glossary.csv, finding terms, verifying translations,
the comments shown to translators and `translate glossary check`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import GlossaryError
from translate.glossary import Glossary, Term, load_glossary, parse_glossary

from .conftest import DATA, msgfmt_check, tree_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


# --- the regression tables: true inflected uses and near misses -------------

def table_rows() -> list:
    rows = []
    for table in sorted((DATA / "glossary").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), 2):
                rows.append(pytest.param(table.stem, row, id=f"{table.stem}:{number}"))
    return rows


@pytest.fixture(scope="module")
def sample_glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


@pytest.mark.parametrize(("language", "row"), table_rows())
def test_regression_table(sample_glossary: Glossary, language: str, row: dict) -> None:
    checks = [check for check in sample_glossary.verify(row["term"], row["translation"], language)
              if check.term == row["term"]]
    assert checks, f"{row['term']!r} not found in its own source"
    assert checks[0].status == row["expected"], row["why"]


def test_regression_tables_cover_every_status_in_every_language() -> None:
    for table in (DATA / "glossary").glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as stream:
            statuses = {row["expected"] for row in csv.DictReader(stream)}
        assert {"ok", "ok-inflected", "missing", "forbidden"} <= statuses, table.name


# --- the sample glossary and catalogs ----------------------------------------

def test_sample_glossary_lints_clean(sample_glossary: Glossary) -> None:
    assert sample_glossary.lint(["ru", "fr", "es", "ar"]) == []


def test_sample_catalogs_use_every_term_correctly(tmp_path: Path, monkeypatch) -> None:
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["glossary", "check", "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 0, report["violations"]
    assert report["lint"] == [] and report["violations"] == []
    used = {u["term"] for u in report["usage"] if u["language"] == "ru" and u["entries"]}
    assert {"Police Major-General", "General Secretariat", "Secretary General", "Afripol",
            "Usalama IV", "Lionfish", "Jürgen Stock", "Edward Ngirente"} <= used
    for path in (tmp_path / "locales").glob("*/*.po"):
        assert msgfmt_check(path).returncode == 0


# --- finding terms -------------------------------------------------------------

def small(rows: str) -> Glossary:
    header = "term,variants,kind,case,fr,fr_variants,fr_forbidden\n"
    return parse_glossary((header + rows).encode("utf-8"))


def test_longest_match_wins_and_terms_do_not_overlap() -> None:
    glossary = small("Interpol,,term,,INTERPOL,,\n"
                     "Interpol General Secretariat,,term,,Secrétariat général d’INTERPOL,,\n"
                     "General Secretariat,,term,,Secrétariat général,,\n")
    found = [m.term.term for m in glossary.find("The Interpol General Secretariat and Interpol.")]
    assert found == ["Interpol General Secretariat", "Interpol"]


def test_whole_words_only() -> None:
    glossary = small("Interpol,,term,,INTERPOL,,\n")
    assert glossary.find("Interpolation and interpolated values") == []
    assert [m.form for m in glossary.find("Interpol's role")] == ["Interpol"]


def test_case_rule_of_the_row() -> None:
    glossary = small("Lionfish,,keep,sensitive,,,\nPrime Minister,,term,,Premier ministre,,\n")
    assert glossary.find("a lionfish swims") == []
    assert [m.term.term for m in glossary.find("the prime minister")] == ["Prime Minister"]


def test_variants_hyphens_and_line_breaks() -> None:
    glossary = small("Police Major-General,Police Major General,term,,général de division,,\n")
    for text in ("Police Major-General X", "Police Major General X", "Police\nMajor-General X",
                 "Police   Major -\nGeneral X"):
        assert [m.term.term for m in glossary.find(text)] == ["Police Major-General"], text
    assert glossary.find("Police. Major-General") == []


def test_verification_normalizes_case_nfc_and_yo() -> None:
    glossary = parse_glossary("term,kind,ru\nSecretary General,term,Генеральный секретарь\n"
                              .encode())
    source = "the Secretary General"
    assert glossary.verify(source, "ГЕНЕРАЛЬНЫЙ СЕКРЕТАРЬ", "ru")[0].status == "ok"
    assert glossary.verify(source, "с Генеральным секретарём", "ru")[0].status == "ok-inflected"


def test_a_forbidden_rendering_may_be_another_terms_right_form(sample_glossary) -> None:
    source = "The Secretary General visited the General Secretariat."
    right = "Генеральный секретарь посетил Генеральный секретариат."
    assert {c.status for c in sample_glossary.verify(source, right, "ru")} == {"ok"}
    wrong = "Генеральный секретарь посетил Генеральный секретарь."
    statuses = {c.term: c.status for c in sample_glossary.verify(source, wrong, "ru")}
    assert statuses == {"Secretary General": "ok", "General Secretariat": "missing"}


# --- lint ----------------------------------------------------------------------

def test_lint_reports_each_kind_of_problem() -> None:
    glossary = parse_glossary((
        "term,variants,kind,case,fr,es\n"
        "Interpol,INTERPOL,term,,INTERPOL,INTERPOL\n"        # line 2
        "Europol,Interpol,term,,Europol,Europol\n"            # 3: duplicate form
        "Kigali,,term,,Kigali,\n"                             # 4: empty es cell
        "Afripol,,keep-it,,,\n"                               # 5: unknown kind
        "INTERPOL member,,term,sensitive,membre,miembro\n"    # 6: reachable
        "U.S.,,term,,É.-U.,EE. UU.\n"                         # 7: never matches
    ).encode())
    findings = {(f.line, f.code) for f in glossary.lint(["fr", "es"])}
    assert findings == {(3, "duplicate-term"), (4, "empty-cell"), (5, "unknown-kind"),
                        (7, "hidden-term")}


def test_hidden_term_names_the_row_that_takes_it() -> None:
    glossary = parse_glossary((
        b"term,variants,kind,case,fr\n"
        b"Interpol,Interpol Europe,term,,INTERPOL\n"
        b"Interpol Europe,,term,,INTERPOL Europe\n"
    ))
    (finding,) = [f for f in glossary.lint(["fr"]) if f.code == "hidden-term"]
    assert finding.line == 3 and "'Interpol' takes it first" in finding.message


# --- bad glossary files --------------------------------------------------------

@pytest.mark.parametrize(("data", "line", "reason"), [
    # A BOM is accepted (Excel's "CSV UTF-8"), and keeps the line numbers.
    (b"\xef\xbb\xbfterm,kind\nA,term\nB\n", 3, "1 cells where the header has 2"),
    (b"term,kind,fr\nCaf\xe9,term,x\n", 2, "not valid UTF-8"),
    (b'term,kind,fr\nA,term,"unclosed\nB,term,b\n', 2, "never closed"),
    (b"term,kind,fr\nA,term\n", 2, "2 cells where the header has 3"),
    (b"term,kind,fr\nA,term,a\nB,term,b\na,term,c\n", 4, "duplicate concept 'a' (also at line 2)"),
    (b"term,kind,xx\nA,term,a\n", 1, "unknown column 'xx'"),
    (b"term,kind,fr_notes\nA,term,a\n", 1, "unknown column 'fr_notes'"),
    (b"term,fr\nA,a\n", 1, "no 'kind' column"),
])
def test_malformed_glossary(data: bytes, line: int, reason: str) -> None:
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(data, "glossary.csv")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"glossary.csv:{line}: ")
    assert reason in str(raised.value)


# --- the glossary in the workflow ----------------------------------------------

RELEASE = ("Interpol conference\n\nThe Secretary General of Interpol met the Prime Minister.\n\n"
           "Operation Lionfish was a success.\n")
GLOSSARY = ("term,variants,kind,case,fr,fr_forbidden,note\n"
            "Interpol,INTERPOL,term,,INTERPOL,,\n"
            "Secretary General,,term,,Secrétaire général,Secrétariat général,\n"
            "Prime Minister,,term,,Premier ministre,,\n"
            "Lionfish,,keep,sensitive,,Poisson-lion,code name\n")


@pytest.fixture
def with_glossary(project):
    root = project(languages='["fr"]', documents={"release.txt": RELEASE})
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    return root


def test_update_shows_terms_to_translators(with_glossary: Path) -> None:
    text = (with_glossary / "locales/fr/release.txt.po").read_text(encoding="utf-8")
    assert ("#. type: paragraph\n"
            "#. glossary: Secretary General = Secrétaire général (not: Secrétariat général)\n"
            "#. glossary: Interpol = INTERPOL\n"
            "#. glossary: Prime Minister = Premier ministre\n") in text
    assert "#. glossary: Lionfish = Lionfish (do not translate) (not: Poisson-lion)\n" in text


def test_glossary_changes_move_only_the_comments(with_glossary: Path) -> None:
    path = with_glossary / "locales/fr/release.txt.po"
    catalog = path.read_text(encoding="utf-8")
    path.write_text(catalog.replace('msgid "Operation Lionfish was a success."\nmsgstr ""',
                                    'msgid "Operation Lionfish was a success."\n'
                                    'msgstr "L’opération Lionfish a été un succès."'),
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    glossary = with_glossary / "glossary.csv"
    glossary.write_text(GLOSSARY.replace("Premier ministre", "Première ministre"),
                        encoding="utf-8")
    assert runner.invoke(app, ["update"]).exit_code == 0
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("#. glossary: Prime Minister = Premier ministre",
                        "#. glossary: Prime Minister = Première ministre")]
    assert runner.invoke(app, ["update"]).output.endswith("1 catalogs, 1 unchanged.\n")


def test_glossary_check_reports_wrong_uses(with_glossary: Path) -> None:
    path = with_glossary / "locales/fr/release.txt.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Operation Lionfish was a success."\nmsgstr ""',
        'msgid "Operation Lionfish was a success."\nmsgstr "L’opération Poisson-lion a réussi."')
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "Operation Lionfish was a success."') + 1
    result = runner.invoke(app, ["glossary", "check"])
    assert result.exit_code == 4
    assert (f"  locales/fr/release.txt.po:{line}: 'Lionfish': forbidden rendering "
            "'poisson lion', expected 'Lionfish'") in result.output
    report = json.loads(runner.invoke(app, ["glossary", "check", "--format", "json"]).output)
    assert [v["check"]["status"] for v in report["violations"]] == ["forbidden"]


def test_bad_glossary_stops_update_and_writes_nothing(with_glossary: Path) -> None:
    (with_glossary / "glossary.csv").write_text(GLOSSARY + "Kigali,term\n", encoding="utf-8")
    (with_glossary / "source/release.txt").write_text(RELEASE + "\nMore text.\n",
                                                      encoding="utf-8")
    assert runner.invoke(app, ["extract"]).exit_code == 0
    before = tree_bytes(with_glossary)
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: glossary.csv:6: 2 cells where the header has 7")
    assert tree_bytes(with_glossary) == before


def test_glossary_terms_survive_a_build(with_glossary: Path) -> None:
    path = with_glossary / "locales/fr/release.txt.po"
    text = path.read_text(encoding="utf-8")
    for source, target in [
        ("Interpol conference", "Conférence d’INTERPOL"),
        ("The Secretary General of Interpol met the Prime Minister.",
         "Le Secrétaire général d’INTERPOL a rencontré le Premier ministre."),
        ("Operation Lionfish was a success.", "L’opération Lionfish a été un succès."),
    ]:
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{target}"')
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["build"]).exit_code == 0
    assert runner.invoke(app, ["glossary", "check"]).exit_code == 0
    built = (with_glossary / "build/fr/release.txt").read_text(encoding="utf-8")
    glossary = load_glossary(with_glossary / "glossary.csv")
    source = (with_glossary / "source/release.txt").read_text(encoding="utf-8")
    assert all(check.status in ("ok", "ok-inflected")
               for check in glossary.verify(source, built, "fr"))


def test_terms_api_is_usable_without_a_file() -> None:
    glossary = Glossary([Term(line=1, term="Kigali", targets={"fr": ("Kigali",)})])
    assert glossary.verify("in Kigali", "à Kigali", "fr")[0].status == "ok"
