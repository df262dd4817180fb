"""TMX memory export and TBX terminology in and out (issue 14), checked with
translate-toolkit's own TMX and TBX storage classes (in its own
environment, see tests/test_exchange_xliff.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.exchange.tmx import read_tmx
from translate.glossary import load_glossary
from translate.memory import TranslationMemory
from translate.po import is_reviewed, read_po

from .conftest import tree_bytes
from .test_exchange_xliff import ROOT, sample, toolkit, toolkit_run

runner = CliRunner()
DOC = "interpol-african-regional-conference.txt"


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = sample(tmp_path / "sample")
    monkeypatch.chdir(root)
    return root


def _reviewed(root: Path, lang: str) -> list[tuple[str, str]]:
    return [(e.msgid, e.msgstr) for e in read_po(root / f"locales/{lang}/{DOC}.po")
            if is_reviewed(e) and e.msgid]


def test_po_to_tmx_to_memory_is_lossless(repo: Path) -> None:
    result = run("memory", "export", "-o", "tm/sample.tmx")
    assert result.exit_code == 0, result.output
    data = (repo / "tm/sample.tmx").read_bytes()
    found = read_tmx(data, "tm/sample.tmx", "en", ["ru", "fr", "es", "ar"])
    for lang in ("ru", "fr", "es", "ar"):
        assert [(p.source, p.target) for p in found[lang]] == _reviewed(repo, lang)
        assert {p.document for p in found[lang]} == {f"source/{DOC}"}
    # Deterministic: a second export writes nothing.
    result = run("memory", "export", "-o", "tm/sample.tmx")
    assert "unchanged" in result.output and (repo / "tm/sample.tmx").read_bytes() == data
    # As a memory: every reviewed pair is an exact match.
    memory = TranslationMemory("fr")
    memory.add("tm/sample.tmx", [(p.source, p.target) for p in found["fr"]])
    for source, target in _reviewed(repo, "fr"):
        assert memory.exact(source).target == target


def test_translate_toolkit_reads_our_tmx(repo: Path) -> None:
    assert run("memory", "export", "--lang", "fr", "-o", "sample.tmx").exit_code == 0
    pairs = toolkit_run("""
        import json, sys
        from translate.storage import tmx
        store = tmx.tmxfile.parsestring(open(sys.argv[1], "rb").read())
        print(json.dumps([[str(u.source), str(u.target)] for u in store.units]))
    """, str(repo / "sample.tmx"))
    assert [tuple(pair) for pair in pairs] == _reviewed(repo, "fr")


def test_what_translate_toolkits_po2tmx_writes_is_a_memory(repo: Path) -> None:
    out = repo / "tm" / "po2tmx.tmx"
    out.parent.mkdir()
    done = subprocess.run([toolkit("po2tmx"), "-l", "fr", str(repo / f"locales/fr/{DOC}.po"),
                           str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = read_tmx(out.read_bytes(), "tm/po2tmx.tmx", "en", ["fr"])
    assert [(p.source, p.target) for p in found["fr"]] == _reviewed(repo, "fr")


def test_glossary_export_is_tbx_basic_as_translate_toolkit_reads_it(repo: Path) -> None:
    result = run("glossary", "export", "--format", "tbx", "-o", "glossary.tbx")
    assert result.exit_code == 0, result.output
    glossary = load_glossary(repo / "glossary.csv")
    terms = toolkit_run("""
        import json, sys
        from translate.storage import tbx
        store = tbx.tbxfile.parsestring(open(sys.argv[1], "rb").read())
        store.settargetlanguage("ru")
        out = []
        for unit in store.units:
            out.append({"source": [t.text for t in unit.get_source_terms()],
                        "ru": [[t.text, t.deprecated] for t in unit.get_target_terms("ru")],
                        "translatable": unit.istranslatable(), "notes": unit.getnotes()})
        print(json.dumps(out))
    """, str(repo / "glossary.tbx"))
    assert len(terms) == len(glossary.terms)
    for term, read in zip(glossary.terms, terms):
        assert read["source"] == [term.term, *term.variants]
        expected = [[form, False] for form in term.targets.get("ru", ())] + \
            [[form, True] for form in term.forbidden.get("ru", ())]
        assert read["ru"] == expected
        assert read["translatable"] is (term.kind != "keep")
        assert term.note in read["notes"]


def test_tbx_back_into_the_glossary_changes_no_byte(repo: Path) -> None:
    assert run("glossary", "export", "-o", "glossary.tbx").exit_code == 0
    before = (repo / "glossary.csv").read_bytes()
    result = run("glossary", "import", "glossary.tbx")
    assert result.exit_code == 0, result.output
    assert "glossary.csv: unchanged" in result.output
    assert (repo / "glossary.csv").read_bytes() == before


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="a">
      <note>From the agency.</note>
      <langSet xml:lang="en"><tig><term>Border guard</term></tig></langSet>
      <langSet xml:lang="fr-FR"><tig><term>garde-frontière</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>garde frontière</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
    <termEntry id="b">
      <langSet xml:lang="en"><tig><term>INTERPOL</term></tig></langSet>
      <langSet xml:lang="fr"><tig><term>Interpol</term></tig></langSet>
      <langSet xml:lang="de"><tig><term>Interpol</term></tig></langSet>
    </termEntry>
    <termEntry id="c">
      <descrip type="Translation needed">no</descrip>
      <langSet xml:lang="en"><tig><term>Operation Lionfish</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_glossary_import_adds_fills_and_reports_conflicts(project) -> None:
    root = project(languages='["fr"]')
    original = ("term,kind,fr,note\r\n"
                "INTERPOL,term,INTERPOL,\"Capitals, always\"\r\n"
                "Operation Lionfish,keep,,\r\n")
    (root / "glossary.csv").write_text(original, encoding="utf-8", newline="")
    (root / "terms.tbx").write_text(TBX, encoding="utf-8")
    result = run("glossary", "import", "--dry-run", "terms.tbx")
    assert result.exit_code == 0, result.output
    assert (root / "glossary.csv").read_bytes().decode("utf-8") == original
    result = run("glossary", "import", "terms.tbx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "added: Border guard" in lines
    assert "conflict: INTERPOL -- fr: 'INTERPOL', the file says 'Interpol'" not in lines
    assert "skipped: Border guard -- no column for fr_forbidden" in lines
    text = (root / "glossary.csv").read_bytes().decode("utf-8")
    # The rows that did not change keep their bytes; the new one is added.
    assert text.startswith(original.splitlines(keepends=True)[0])
    assert "INTERPOL,term,INTERPOL,\"Capitals, always\"\r\n" in text
    glossary = load_glossary(root / "glossary.csv")
    guard = next(t for t in glossary.terms if t.term == "Border guard")
    assert guard.targets["fr"] == ("garde-frontière",) and guard.note == "From the agency."
    # Twice: nothing more to do.
    again = run("glossary", "import", "terms.tbx")
    assert "glossary.csv: unchanged" in again.output


def test_a_conflicting_form_is_reported_and_kept(project) -> None:
    root = project(languages='["fr"]')
    original = "term,kind,fr\nBorder guard,term,garde-côte\n"
    (root / "glossary.csv").write_text(original, encoding="utf-8")
    (root / "terms.tbx").write_text(TBX, encoding="utf-8")
    result = run("glossary", "import", "terms.tbx")
    assert result.exit_code == 0
    assert "conflict: Border guard -- fr: 'garde-côte', the file says 'garde-frontière'" \
        in result.output
    text = (root / "glossary.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("Border guard,term,garde-côte")


def test_a_csv_from_another_project_merges_too(project) -> None:
    root = project(languages='["fr"]')
    (root / "glossary.csv").write_text("term,kind,fr\nINTERPOL,term,INTERPOL\n",
                                       encoding="utf-8")
    (root / "other.csv").write_text("term;kind;fr;note\nKigali;keep;;capital of Rwanda\n",
                                    encoding="utf-8")
    result = run("glossary", "import", "other.csv")
    assert result.exit_code == 0, result.output
    assert load_glossary(root / "glossary.csv").terms[1].kind == "keep"


@pytest.mark.parametrize("body", [
    '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    "<martif><text><body>&x;</body></text></martif>\n",
    "<martif><text><body></martif>\n",
])
def test_a_bad_tbx_is_one_error_and_changes_nothing(project, body: str) -> None:
    root = project(languages='["fr"]')
    (root / "glossary.csv").write_text("term,kind,fr\nINTERPOL,term,INTERPOL\n",
                                       encoding="utf-8")
    (root / "bad.tbx").write_text(body, encoding="utf-8")
    before = tree_bytes(root)
    result = run("glossary", "import", "bad.tbx")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: bad.tbx:") and " -- " in line
    assert tree_bytes(root) == before
