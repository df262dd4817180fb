"""`translate check`, the CI gate: on temporary copies of the sample project,
on small projects built for one check, and against GNU msgfmt --check."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.checks import CODES, MAX_LANGUAGE_FINDINGS, check_markup, check_po_syntax
from translate.cli import app
from translate.glossary import load_glossary
from translate.po import format_po, read_po

from .conftest import DATA, gettext_tool, tree_bytes

ROOT = Path(__file__).resolve().parent.parent
DOC = "interpol-african-regional-conference.txt"
SYNTAX = sorted((DATA / "check" / "syntax").glob("*.po"))
runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["check", *args], catch_exceptions=False)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's sample project; the current folder is its root."""
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def catalog_path(language: str) -> Path:
    return Path("locales") / language / f"{DOC}.po"


def edit_entry(language: str, starts: str, **fields: object) -> int:
    """Change one entry of a sample catalog; returns its line."""
    path = catalog_path(language)
    catalog = read_po(path)
    entry = next(entry for entry in catalog if entry.msgid.startswith(starts))
    for name, value in fields.items():
        setattr(entry, name, value)
    path.write_text(format_po(catalog), encoding="utf-8")
    return next(e for e in read_po(path) if e.msgid.startswith(starts)).linenum


def msgstr_of(language: str, starts: str) -> str:
    return next(e.msgstr for e in read_po(catalog_path(language)) if e.msgid.startswith(starts))


def findings(result) -> list[tuple[str, int, str, str]]:
    data = json.loads(result.output)
    return [(f["path"], f["line"], f["code"], f["severity"]) for f in data["findings"]]


# --- the sample is complete and correct ----------------------------------------

def test_the_sample_passes_with_min_complete_100(sample: Path) -> None:
    before = tree_bytes(sample)
    result = check("--min-complete", "100")
    assert result.exit_code == 0, result.output
    assert result.output == ("No problems (6 files checked; translated: ru 100%, fr 100%, "
                             "es 100%, ar 100%).\n")
    assert tree_bytes(sample) == before


def test_the_sample_has_no_warning_either(sample: Path) -> None:
    result = check("--fail-on", "warning", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"] == []


# --- what breaks the sample ---------------------------------------------------

def test_a_changed_paragraph_of_the_source_fails(sample: Path) -> None:
    source = Path("source") / DOC
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("The fight against drug trafficking in the region",
                                   "The fight against arms trafficking in the region"),
                      encoding="utf-8")
    line = text[:text.index("The fight against drug")].count("\n") + 1
    result = check("--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [
        (f"locales/{language}", 0, "incomplete", "error") for language in ("ar", "es", "fr", "ru")
    ] + [(f"source/{DOC}", line, "missing-entry", "error") for _ in range(4)] + [
        (f"source/{DOC}", line, "stale-source", "error")]
    message = json.loads(result.output)["findings"][-1]["message"]
    assert message.startswith("1 segments new or changed (first: 'The fight against arms")
    assert "run `translate extract` and `translate update`" in message


def test_an_emptied_translation_fails(sample: Path) -> None:
    line = edit_entry("fr", "The main topics", msgstr="")
    result = check()
    assert result.exit_code == 1
    assert result.output == (
        "locales/fr\n"
        "     -: error: French is 93.3% translated (14 of 15 entries, 0 fuzzy), below "
        "--min-complete 100% [incomplete]\n\n"
        f"locales/fr/{DOC}.po\n"
        f"  {str(line) + ':':>5} error: untranslated: 'The main topics of discussion were the "
        "fight against terror…' [untranslated]\n\n"
        "2 errors, 0 warnings in 2 files (6 files checked; translated: ru 100%, fr 93.3%, "
        "es 100%, ar 100%).\n")


def test_a_mistranslated_glossary_term_fails(sample: Path) -> None:
    text = msgstr_of("fr", "Chief of the Russian Bureau of Interpol, Police")
    assert "général de division de police" in text
    line = edit_entry("fr", "Chief of the Russian Bureau of Interpol, Police",
                      msgstr=text.replace("général de division de police",
                                          "major-général de police"))
    result = check("--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [(f"locales/fr/{DOC}.po", line, "glossary-forbidden", "error")]
    message = json.loads(result.output)["findings"][0]["message"]
    assert message == ("'Police Major-General' forbidden: 'major général de police' is a wrong "
                       "rendering, expected 'général de division de police' (see glossary.csv:5)")


def test_a_fuzzy_machine_translation_is_not_done(sample: Path) -> None:
    from translate.catalog import machine_note

    note = machine_note("argos en->ru 1.9", msgstr_of("ru", "The main topics"))
    line = edit_entry("ru", "The main topics", flags=["fuzzy"],
                      comment="type: paragraph\n" + note)
    result = check("--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [("locales/ru", 0, "incomplete", "error"),
                                (f"locales/ru/{DOC}.po", line, "fuzzy", "error")]
    message = json.loads(result.output)["findings"][1]["message"]
    assert message.startswith("machine translation draft (argos en->ru 1.9), not reviewed:")


def test_a_copied_msgid_is_unchanged(sample: Path) -> None:
    source = next(e.msgid for e in read_po(catalog_path("es")) if e.msgid.startswith("The main"))
    line = edit_entry("es", "The main topics", msgstr=source)
    result = check("--format", "json", "--select", "unchanged")
    assert result.exit_code == 1
    assert findings(result) == [(f"locales/es/{DOC}.po", line, "unchanged", "error")]


# --- the language of translations and documents -------------------------------

def test_an_english_paragraph_in_the_french_catalog(sample: Path) -> None:
    english = ("The parties reaffirmed the need for further unification of efforts for the "
               "purpose of an integrated approach to the fight against crime.")
    line = edit_entry("fr", "The fight against drug trafficking", msgstr=english)
    result = check("--format", "json", "--select", "language")
    assert result.exit_code == 0  # a warning by default
    assert findings(result) == [(f"locales/fr/{DOC}.po", line, "wrong-language", "warning")]
    assert "looks English" in json.loads(result.output)["findings"][0]["message"]
    assert check("--select", "language", "--fail-on", "warning").exit_code == 1


def test_a_catalog_in_another_language_stops_the_language_check_early(sample: Path) -> None:
    # Every long French translation replaced by the Spanish one: five findings,
    # then one that says the rest of the catalog was not looked at.
    path = catalog_path("fr")
    catalog = read_po(path)
    spanish = {e.msgid: e.msgstr for e in read_po(catalog_path("es"))}
    for entry in catalog:
        if entry.msgid and len(entry.msgid) > 120:
            entry.msgstr = spanish[entry.msgid]
    path.write_text(format_po(catalog), encoding="utf-8")
    result = check("--format", "json", "--select", "language")
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert len(messages) == MAX_LANGUAGE_FINDINGS + 1
    assert sum("looks Spanish" in m for m in messages) == MAX_LANGUAGE_FINDINGS
    assert any("the rest of it was not checked for language" in m for m in messages)


def test_a_spanish_paragraph_in_the_russian_catalog(sample: Path) -> None:
    spanish = msgstr_of("es", "The fight against drug trafficking")
    line = edit_entry("ru", "The fight against drug trafficking", msgstr=spanish)
    result = check("--format", "json", "--select", "wrong-language")
    assert findings(result) == [(f"locales/ru/{DOC}.po", line, "wrong-language", "warning")]
    assert "looks Spanish" in json.loads(result.output)["findings"][0]["message"]


def test_a_russian_document_in_the_source_folder(sample: Path) -> None:
    russian = "\n\n".join(e.msgstr for e in read_po(catalog_path("ru")) if e.msgstr) + "\n"
    Path("source/ru-news.txt").write_text(russian, encoding="utf-8")
    result = check("--format", "json", "--select", "source-language")
    assert result.exit_code == 1
    assert findings(result) == [("source/ru-news.txt", 1, "source-language", "error")]
    assert "looks Russian" in json.loads(result.output)["findings"][0]["message"]


# --- bad input ---------------------------------------------------------------

def test_a_corrupt_catalog_is_a_finding_and_the_others_are_still_checked(sample: Path) -> None:
    path = catalog_path("es")
    lines = path.read_text(encoding="utf-8").split("\n")
    broken = next(i for i, text in enumerate(lines) if text.startswith("msgstr") and i > 20)
    lines[broken] = lines[broken].replace("msgstr", "msgsrt", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    edit_entry("fr", "The main topics", msgstr="")
    before = tree_bytes(sample)
    result = check("--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [
        ("locales/es", 0, "incomplete", "error"),
        (f"locales/es/{DOC}.po", broken + 1, "parse-error", "error"),
        ("locales/fr", 0, "incomplete", "error"),
        (f"locales/fr/{DOC}.po", findings(result)[3][1], "untranslated", "error"),
    ]
    assert "unknown keyword 'msgsrt'" in json.loads(result.output)["findings"][1]["message"]
    assert tree_bytes(sample) == before


def test_a_missing_catalog(sample: Path) -> None:
    catalog_path("ar").unlink()
    result = check("--format", "json", "--min-complete", "0")
    assert findings(result) == [(f"locales/ar/{DOC}.po", 0, "missing-catalog", "warning")]
    assert check().exit_code == 1


def test_configuration_errors_exit_2(sample: Path) -> None:
    with Path("glossary.csv").open("a", encoding="utf-8") as stream:
        stream.write('"unclosed,term\n')
    result = check()
    assert result.exit_code == 2
    assert result.output.startswith("Error: glossary.csv:")
    assert check("--select", "nonsense").exit_code == 2
    assert check("--lang", "xx").exit_code == 2
    assert check("--fail-on", "info").exit_code == 2


# --- options ------------------------------------------------------------------

def test_min_complete_turns_missing_translations_into_warnings(sample: Path) -> None:
    line = edit_entry("fr", "The main topics", msgstr="")
    result = check("--min-complete", "90", "--format", "json")
    assert result.exit_code == 0
    assert findings(result) == [(f"locales/fr/{DOC}.po", line, "untranslated", "warning")]
    result = check("--min-complete", "95", "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [("locales/fr", 0, "incomplete", "error"),
                                (f"locales/fr/{DOC}.po", line, "untranslated", "error")]
    assert json.loads(result.output)["findings"][0]["message"] == (
        "French is 93.3% translated (14 of 15 entries, 0 fuzzy), below --min-complete 95%")


def test_select_ignore_and_lang(sample: Path) -> None:
    edit_entry("fr", "The main topics", msgstr="")
    edit_entry("ru", "The main topics", msgstr="")
    assert check("--ignore", "missing").exit_code == 0
    assert check("--select", "glossary,markup").exit_code == 0
    result = check("--lang", "ru", "--format", "json")
    assert [f[0] for f in findings(result)] == ["locales/ru", f"locales/ru/{DOC}.po"]


# --- output formats -------------------------------------------------------------

def test_github_annotations(sample: Path) -> None:
    line = edit_entry("fr", "The main topics", msgstr="")
    Path("source/notes.txt").write_text("A note about 50% of the work, with commas.\n",
                                        encoding="utf-8")
    result = check("--format", "github", "--lang", "fr")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error file=locales/fr,title=translate check%3A incomplete::French is 87.5%25 "
        "translated (14 of 16 entries, 0 fuzzy), below --min-complete 100%25",
        f"::error file=locales/fr/{DOC}.po,line={line},title=translate check%3A untranslated::"
        "untranslated: 'The main topics of discussion were the fight against terror…'",
        "::error file=locales/fr/notes.txt.po,title=translate check%3A missing-catalog::"
        "no French catalog for source/notes.txt (1 entries) -- run `translate update --lang fr`",
        "::error file=source/notes.txt,line=1,title=translate check%3A stale-source::"
        "no template locales/templates/notes.txt.pot yet -- run `translate extract` and "
        "`translate update`",
    ]


def test_junit_report(sample: Path) -> None:
    edit_entry("fr", "The main topics", msgstr="")
    edit_entry("fr", "The fight against drug", msgstr="")
    result = check("--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.output)
    suite = root.find("testsuite")
    assert root.tag == "testsuites" and suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases) == 7 == int(suite.get("tests"))  # 6 files and the fr folder
    assert suite.get("failures") == "2"
    failure = cases[f"locales/fr/{DOC}.po"].find("failure")
    assert failure is not None and failure.get("type") == "untranslated"
    assert failure.get("message").startswith("2 problems: ")
    assert len(failure.text.splitlines()) == 2
    assert cases[f"locales/ru/{DOC}.po"].find("failure") is None


def test_json_report(sample: Path) -> None:
    data = json.loads(check("--format", "json").output)
    assert data["ok"] is True and data["fail_on"] == "error"
    assert data["counts"] == {"error": 0, "warning": 0}
    assert [(s["language"], s["entries"], s["percent"]) for s in data["languages"]] == [
        ("ru", 15, 100.0), ("fr", 15, 100.0), ("es", 15, 100.0), ("ar", 15, 100.0)]


def test_parallel_workers_give_the_same_report(sample: Path) -> None:
    edit_entry("fr", "The main topics", msgstr="")
    edit_entry("ar", "The fight against drug", msgstr="", flags=[])
    one = check("--format", "json", "--jobs", "1")
    two = check("--format", "json", "--jobs", "2")
    assert one.output == two.output and one.exit_code == two.exit_code == 1


def test_check_imports_no_machine_translation_library(sample: Path) -> None:
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom translate.cli import app\n"
            "result = CliRunner().invoke(app, ['check', '--select', 'language,glossary'])\n"
            "print(result.exit_code, sorted(m for m in ('argostranslate', 'ctranslate2', "
            "'stanza', 'torch') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=sample, check=True)
    assert done.stdout == "0 []\n"


# --- small projects for one check each ----------------------------------------

MARKDOWN = """\
# Operation `Usalama IV`

See the [report](https://example.org/r.pdf) and **42 arrests** in 2019.

Write to {name} at 50%.
"""


def test_markup_links_numbers_and_placeholders(project) -> None:
    root = project(languages='["fr"]', documents={"news.md": MARKDOWN})
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    path = root / "locales" / "fr" / "news.md.po"
    catalog = read_po(path)
    wrong = {
        "Operation `Usalama IV`": "Opération Usalama IV",
        "See the [report][1] and **42 arrests** in 2019.":
            "Voir le rapport et **43 arrestations** en 2019.",
        "Write to {name} at 50%.": "Écrire à {nom} à 50 %.",
    }
    for entry in catalog:
        entry.msgstr = wrong[entry.msgid]
    path.write_text(format_po(catalog), encoding="utf-8")
    result = check("--format", "json", "--select", "markup")
    assert result.exit_code == 1
    assert [(f["line"], f["code"], f["message"]) for f in
            json.loads(result.output)["findings"]] == [
        (read_po(path)[0].linenum, "inline-markup", "inline code differs: missing 'Usalama IV'"),
        (read_po(path)[1].linenum, "link", "link targets differ: missing '1'"),
        (read_po(path)[1].linenum, "number", "numbers differ: missing '42'; not in the msgid: "
                                             "'43'"),
        (read_po(path)[2].linenum, "placeholder", "placeholders differ: missing '{name}'; not "
                                                  "in the msgid: '{nom}'"),
    ]


@pytest.mark.parametrize(("msgid", "msgstr", "markdown", "expected"), [
    ("**42** arrests", "**42** arrestations", True, []),
    ("**42** arrests", "42 arrestations", True,
     [("inline-markup", "0 emphasis marker(s) '**' where the msgid has 2")]),
    ("the 24th conference", "المؤتمر الرابع والعشرين", False, []),
    ("1,000 officers", "1 000 policiers", False, []),
    ("in 2019", "в ٢٠١٩ году", False, []),
    ("see https://example.org/a.", "voir https://example.org/b.", False,
     [("link", "URLs differ: missing 'https://example.org/a'; not in the msgid: "
               "'https://example.org/b'")]),
    ("%(count)d officers", "%(count)d policiers", False, []),
    ("%s officers", "policiers", False, [("placeholder", "placeholders differ: missing '%s'")]),
])
def test_check_markup(msgid: str, msgstr: str, markdown: bool, expected: list) -> None:
    assert check_markup(msgid, msgstr, markdown) == expected


def test_names_to_keep_may_stay_unchanged(project) -> None:
    root = project(languages='["fr"]', documents={"ops.txt": "Usalama IV\n\nThe operation "
                                                              "was a success.\n"})
    (root / "glossary.csv").write_text("term,kind,fr\nUsalama IV,keep,\n", encoding="utf-8")
    runner.invoke(app, ["extract"])
    runner.invoke(app, ["update"])
    path = root / "locales" / "fr" / "ops.txt.po"
    catalog = read_po(path)
    for entry in catalog:
        entry.msgstr = entry.msgid
    path.write_text(format_po(catalog), encoding="utf-8")
    result = check("--format", "json", "--select", "unchanged")
    assert [(f["line"], f["code"]) for f in json.loads(result.output)["findings"]] == [
        (read_po(path)[1].linenum, "unchanged")]


def test_obsolete_entries_are_warnings(project) -> None:
    root = project(languages='["fr"]', documents={"a.txt": "One paragraph here.\n"})
    runner.invoke(app, ["extract"])
    runner.invoke(app, ["update"])
    path = root / "locales" / "fr" / "a.txt.po"
    text = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#', 'msgstr ""\n\n#')
    path.write_text(text.replace('msgid "One paragraph here."\nmsgstr ""',
                                 'msgid "One paragraph here."\nmsgstr "Un paragraphe ici."')
                    + '\n#~ msgid "Gone."\n#~ msgstr "Parti."\n', encoding="utf-8")
    result = check("--format", "json")
    assert result.exit_code == 0
    assert [(f["code"], f["severity"]) for f in json.loads(result.output)["findings"]] == [
        ("obsolete", "warning")]
    assert check("--fail-on", "warning").exit_code == 1


# --- the syntax check agrees with GNU msgfmt --check ------------------------------

@pytest.mark.parametrize("path", SYNTAX, ids=[path.stem for path in SYNTAX])
def test_syntax_agrees_with_msgfmt(path: Path) -> None:
    gnu = subprocess.run([gettext_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True)
    _, found = check_po_syntax(path.read_bytes(), path.name)
    errors = [finding for finding in found if finding.severity == "error"]
    assert bool(errors) == (gnu.returncode != 0), (gnu.stderr, found)
    if gnu.returncode == 0:
        assert any(f.severity == "warning" for f in found) == ("warning:" in gnu.stderr)
    gnu_lines = {int(m) for m in re.findall(rf"{re.escape(str(path))}:(\d+): (?!warning)",
                                            gnu.stderr)}
    # Where msgfmt's reasons are ours (not the parser's), the lines agree too.
    for finding in errors:
        if finding.code in ("newline", "duplicate"):
            assert finding.line in gnu_lines, (finding, gnu.stderr)


def test_syntax_suite_covers_every_syntax_code() -> None:
    codes = {finding.code for path in SYNTAX for finding in
             check_po_syntax(path.read_bytes(), path.name)[1]}
    assert codes == {"parse-error", "duplicate", "header", "header-field", "plural-forms",
                     "newline"}
    assert sum(1 for path in SYNTAX if not check_po_syntax(path.read_bytes(), path.name)[1]) >= 8


def test_plural_forms_must_fit_the_language(sample: Path) -> None:
    path = catalog_path("ru")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"Plural-Forms: [^"]*"', r'"Plural-Forms: nplurals=2; '
                           r'plural=(n != 1);\\n"', text), encoding="utf-8")
    # msgfmt accepts a valid rule of another language: a warning, not an error.
    result = check("--format", "json")
    assert result.exit_code == 0
    assert findings(result) == [(f"locales/ru/{DOC}.po", 4, "plural-rule", "warning")]
    assert "usual rule for Russian" in json.loads(result.output)["findings"][0]["message"]


# --- the fast glossary path gives what verify() gives ---------------------------------

def test_glossary_problems_equal_verify() -> None:
    glossary = load_glossary(ROOT / "glossary.csv")
    pairs = []
    for table in (DATA / "glossary").glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as stream:
            pairs += [(row["term"], row["translation"], table.stem)
                      for row in csv.DictReader(stream)]
    for language in ("ru", "fr", "es", "ar"):
        for entry in read_po(ROOT / "locales" / language / f"{DOC}.po"):
            if entry.msgstr:
                pairs.append((entry.msgid, entry.msgstr, language))
                pairs.append((entry.msgid, entry.msgstr.upper(), language))
                pairs.append((entry.msgid, entry.msgstr[: len(entry.msgstr) // 2], language))
    assert len(pairs) > 300
    for source, translation, language in pairs:
        expected = [c for c in glossary.verify(source, translation, language) if c.is_problem]
        assert glossary.problems(source, translation, language) == expected, (source,
                                                                              translation)


def test_every_code_is_documented_in_the_user_guide() -> None:
    guide = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    for code, (category, severity, _) in CODES.items():
        assert f"| `{code}` | {category} | {severity} |" in guide, code
