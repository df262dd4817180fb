"""XLIFF 1.2 and 2.0 out and back (issue 14): lossless round trips, inline
codes, conflicts, unsafe or foreign files refused, and translate-toolkit (the
ecosystem's reference parser, in its own virtual environment) reading what we
write and writing what we read.

translate-toolkit installs a top-level ``translate`` package, like this tool:
it lives in ``.venv-tools/translate-toolkit`` (``.ci/run`` creates it).  On a
machine without it these tests are skipped; in CI (``CI`` set) they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.exchange import export_catalogs, import_files, unit_id
from translate.exchange.catalogs import entry_unit
from translate.exchange.inline import join, split_source
from translate.exchange.xliff import read_xliff, write_xliff12, write_xliff20, Bundle, ExchangeFile
from translate.po import format_po, is_reviewed, read_po
from translate.project import Project
from translate.segment import get_format

from .conftest import msgfmt_check, tree_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "exchange"
SEGMENT_DATA = Path(__file__).parent / "data" / "segment"
TOOLKIT = ROOT / ".venv-tools" / "translate-toolkit" / "bin"
SAMPLE_DOC = "interpol-african-regional-conference.txt"

runner = CliRunner()


def toolkit(program: str = "python") -> str:
    """A program of translate-toolkit's own environment."""
    path = TOOLKIT / program
    if not path.exists():
        message = ("translate-toolkit is not installed in .venv-tools/translate-toolkit "
                   "(.ci/run installs it)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(path)


def toolkit_run(code: str, *args: str) -> object:
    """Run Python code in translate-toolkit's environment; it prints JSON."""
    done = subprocess.run([toolkit(), "-c", textwrap.dedent(code), *args], capture_output=True,
                          text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def run(*args: str):
    return runner.invoke(app, list(args))


def sample(folder: Path) -> Path:
    """A copy of this repository's sample project."""
    folder.mkdir(exist_ok=True)
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture
def news(project, monkeypatch) -> Path:
    """A project with the Markdown document of tests/data/exchange, its
    catalogs made (French and Russian, nothing translated)."""
    root = project(documents={"news.md": (DATA / "news.md").read_text(encoding="utf-8")},
                   extra='glossary = ""\n')
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    return root


def catalog(root: Path, lang: str = "fr", doc: str = "news.md") -> polib.POFile:
    return read_po(root / "locales" / lang / f"{doc}.po")


def entry(root: Path, msgid: str, lang: str = "fr") -> polib.POEntry:
    return next(e for e in catalog(root, lang) if e.msgid == msgid)


def translate_entry(root: Path, msgid: str, msgstr: str, fuzzy: bool = False,
                    lang: str = "fr") -> None:
    path = root / "locales" / lang / "news.md.po"
    po = read_po(path)
    for item in po:
        if item.msgid == msgid:
            item.msgstr = msgstr
            item.flags = ["fuzzy"] if fuzzy else []
    path.write_text(format_po(po), encoding="utf-8")


def agency(path: Path, translations: dict[str, tuple[str, str]]) -> None:
    """Play the agency: fill the units of an exported file (by source text)
    with a translation and a state, keeping the codes."""
    data = path.read_bytes()
    bundle = read_xliff(data, str(path))
    fmt = get_format("markdown")
    from translate.exchange.inline import split_target
    for exchange_file in bundle.files:
        for unit in exchange_file.units:
            msgid, codes = None, None
            for source in translations:
                nodes, found = split_source(source, fmt)
                if join(unit.source, found)[0] == source:
                    msgid, codes = source, found
            if msgid is None:
                continue
            text, state = translations[msgid]
            unit.codes = codes
            unit.target = split_target(text, fmt, codes)
            unit.state = state
    writer = write_xliff20 if bundle.version.startswith("2") else write_xliff12
    path.write_bytes(writer(bundle))


HEADING = "The **annual** report"
LINKED = "Read [the report][1] and `code` with *emphasis* today."


# --- round trips --------------------------------------------------------------

def _markdown_corpus() -> list[str]:
    msgids = []
    for pot in sorted((SEGMENT_DATA / "markdown").glob("*.pot")):
        msgids += [e.msgid for e in read_po(pot) if e.msgid and not e.msgid_plural]
    assert len(msgids) > 50
    return msgids


@pytest.mark.parametrize("writer", [write_xliff12, write_xliff20])
def test_every_segment_of_the_markdown_corpus_comes_back_exactly(writer) -> None:
    fmt = get_format("markdown")
    entries = []
    for index, msgid in enumerate(_markdown_corpus()):
        # Translations that keep, move, drop and add markup, and plain copies.
        msgstr = [msgid, "FR " + msgid.upper(), msgid.replace("*", ""), "« " + msgid + " » `x`"][
            index % 4]
        entries.append(polib.POEntry(msgid=msgid, msgstr=msgstr,
                                     flags=["fuzzy"] if index % 3 == 0 else []))
    bundle = Bundle("", "en", "fr", [ExchangeFile("source/x.md", [entry_unit(e, fmt)
                                                                    for e in entries])])
    read = read_xliff(writer(bundle), "x.xlf")
    units = read.files[0].units
    assert len(units) == len(entries)
    for index, (item, unit) in enumerate(zip(entries, units)):
        assert unit.id == unit_id(None, item.msgid)
        _, codes = split_source(item.msgid, fmt)
        assert join(unit.source, codes) == (item.msgid, [])
        text, problems = join(unit.target or [], codes)
        assert text == item.msgstr
        if index % 4 == 0:
            assert problems == []
        assert unit.state == ("translated" if "fuzzy" in item.flags else "reviewed")


@pytest.mark.parametrize("version", ["xliff", "xliff2"])
def test_the_sample_goes_out_and_back_without_losing_a_byte(version: str, tmp_path: Path,
                                                            monkeypatch) -> None:
    root = sample(tmp_path / "sample")
    monkeypatch.chdir(root)
    original = tree_bytes(root / "locales")
    result = run("export", "--format", version, "--all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    exported = sorted((tmp_path / "out").glob("*.xlf"))
    assert [p.name for p in exported] == ["ar.xlf", "es.xlf", "fr.xlf", "ru.xlf"]
    # Empty the catalogs' translations, then bring them back from the files.
    for po_path in (root / "locales").glob("*/*.po"):
        po = read_po(po_path)
        for item in po:
            item.msgstr = ""
            item.flags = [flag for flag in item.flags if flag != "fuzzy"]
        po_path.write_text(format_po(po), encoding="utf-8")
    result = run("import", *map(str, exported))
    assert result.exit_code == 0, result.output
    assert tree_bytes(root / "locales") == original
    # Twice: nothing changes, and the export writes the same bytes.
    result = run("import", *map(str, exported))
    assert "unchanged" in result.output and "updated " not in result.output
    before = tree_bytes(tmp_path / "out")
    assert run("export", "--format", version, "--all", "-o", str(tmp_path / "out")).exit_code == 0
    assert tree_bytes(tmp_path / "out") == before


def test_by_default_only_what_is_missing_or_fuzzy_goes_out(news: Path) -> None:
    translate_entry(news, "Third one.", "Troisième.")
    translate_entry(news, HEADING, "Le rapport **annuel**", fuzzy=True)
    assert run("export", "--lang", "fr").exit_code == 0
    bundle = read_xliff((news / "build/exchange/fr.xlf").read_bytes(), "fr.xlf")
    units = {unit.id: unit for unit in bundle.files[0].units}
    assert unit_id(None, "Third one.") not in units
    heading = units[unit_id(None, HEADING)]
    assert heading.state == "translated" and heading.target
    assert {unit.state for unit in units.values()} == {"translated", "initial"}
    assert bundle.files[0].original == "source/news.md"
    assert ("developer", "type: heading") in heading.notes


def test_a_bundle_per_document_when_the_setting_says_so(news: Path) -> None:
    result = run("export", "--format", "xliff2", "--set", "export_bundle=false")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(news / "build/exchange").as_posix()
                  for p in (news / "build/exchange").rglob("*.xlf")) == ["fr/news.md.xlf",
                                                                       "ru/news.md.xlf"]


# --- import -----------------------------------------------------------------------

def test_states_map_back_and_inline_codes_are_restored(news: Path) -> None:
    assert run("export", "--lang", "fr", "--format", "xliff2").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {HEADING: ("Le rapport **annuel**", "reviewed"),
                  LINKED: ("Avec *insistance*, lisez `code` et [le rapport][1].", "translated")})
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    heading, linked = entry(news, HEADING), entry(news, LINKED)
    assert (heading.msgstr, is_reviewed(heading)) == ("Le rapport **annuel**", True)
    assert linked.msgstr == "Avec *insistance*, lisez `code` et [le rapport][1]."
    assert "fuzzy" in linked.flags
    assert msgfmt_check(news / "locales/fr/news.md.po").returncode == 0


def test_units_are_found_after_update_moved_the_entries(news: Path) -> None:
    assert run("export", "--lang", "fr").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième.", "reviewed")})
    source = news / "source/news.md"
    source.write_text("New first paragraph.\n\n" + source.read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    assert run("import", str(path)).exit_code == 0
    moved = entry(news, "Third one.")
    assert moved.msgstr == "Troisième." and is_reviewed(moved)
    assert moved.occurrences == [("source/news.md", "9")]


def test_a_reviewed_entry_survives_an_import_unless_the_flag_says_otherwise(news: Path) -> None:
    assert run("export", "--lang", "fr").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième (agence).", "reviewed")})
    # Reviewed in house after the export.
    translate_entry(news, "Third one.", "Troisième.")
    before = tree_bytes(news / "locales")
    result = run("import", str(path))
    assert result.exit_code == 0
    assert "conflict: 'Third one.'" in result.output and "reviewed" in result.output
    assert tree_bytes(news / "locales") == before
    result = run("import", "--overwrite-reviewed", str(path))
    assert result.exit_code == 0
    assert entry(news, "Third one.").msgstr == "Troisième (agence)."


def test_a_translation_of_a_changed_source_comes_in_as_a_fuzzy_suggestion(news: Path) -> None:
    assert run("export", "--lang", "fr").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième.", "reviewed")})
    source = news / "source/news.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Third one.", "Third one!"),
                      encoding="utf-8")
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    result = run("import", str(path))
    assert result.exit_code == 0
    assert "suggestion: 'Third one.'" in result.output and "source changed" in result.output
    changed = entry(news, "Third one!")
    assert changed.msgstr == "Troisième." and "fuzzy" in changed.flags
    assert changed.previous_msgid == "Third one."


def test_a_reviewed_entry_whose_source_changed_is_kept(news: Path) -> None:
    assert run("export", "--lang", "fr").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième (agence).", "reviewed")})
    source = news / "source/news.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Third one.", "Third one!"),
                      encoding="utf-8")
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    po_path = news / "locales/fr/news.md.po"
    po = read_po(po_path)
    for item in po:
        if item.msgid == "Third one!":
            item.msgstr, item.flags, item.previous_msgid = "Troisième !", [], None
            item.previous_msgid = "Third one."
    po_path.write_text(format_po(po), encoding="utf-8")
    before = po_path.read_bytes()
    result = run("import", str(path))
    assert "conflict: 'Third one.'" in result.output
    assert po_path.read_bytes() == before


def test_lost_codes_are_reported_and_the_unit_stays_fuzzy(news: Path) -> None:
    assert run("export", "--lang", "fr", "--format", "xliff2").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    text = path.read_text(encoding="utf-8")
    # The agency's tool dropped the link's pair and kept its text.
    start = text.index("<source>Read ")
    end = text.index("</source>", start)
    target = ("<target>Lisez le rapport et <ph id=\"2\" dataRef=\"d3\"/> avec "
              "<pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\">insistance</pc>.</target>")
    text = text[:end + 9] + target + text[end + 9:]
    text = text.replace('<segment state="initial">\n        <source>Read ',
                        '<segment state="reviewed">\n        <source>Read ')
    path.write_text(text, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "codes: " in result.output and "'1' ('[') is missing" in result.output
    linked = entry(news, LINKED)
    assert linked.msgstr == "Lisez le rapport et `code` avec *insistance*."
    assert "fuzzy" in linked.flags


def test_a_dry_run_says_what_would_change_and_writes_nothing(news: Path) -> None:
    assert run("export", "--lang", "fr").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième.", "reviewed")})
    before = tree_bytes(news)
    result = run("import", "--dry-run", str(path))
    assert result.exit_code == 0
    assert "would update  locales/fr/news.md.po" in result.output
    assert re.search(r"^reviewed +1$", result.output, re.M) and "Dry run" in result.output
    assert tree_bytes(news) == before


def test_a_file_written_by_hand_to_the_xliff_2_specification(news: Path) -> None:
    result = run("import", str(DATA / "spec-2.0.xlf"))
    assert result.exit_code == 0, result.output
    heading = entry(news, HEADING)
    assert (heading.msgstr, is_reviewed(heading)) == ("Le rapport **annuel**", True)
    paragraph = entry(news, "First sentence. Second sentence.")
    assert paragraph.msgstr == "Première phrase. Deuxième phrase."
    assert "fuzzy" in paragraph.flags  # one of its segments is only translated


@pytest.mark.parametrize(("name", "message"), [
    ("malformed.xlf", "malformed.xlf:4: not well-formed XML (mismatched tag)"),
    ("xxe.xlf", "xxe.xlf:3: the document type declares entities"),
    ("bomb.xlf", "bomb.xlf:3: the document type declares entities"),
])
def test_bad_or_unsafe_xml_is_one_error_and_changes_nothing(news: Path, name: str,
                                                           message: str) -> None:
    before = tree_bytes(news)
    result = run("import", str(DATA / name))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and message in line and " -- " in line
    assert tree_bytes(news) == before


@pytest.mark.parametrize(("change", "message"), [
    (('srcLang="en"', 'srcLang="de"'), "translates from 'de', and this project's source"),
    (('original="source/news.md"', 'original="source/other.md"'), "unknown document "
                                                                   "'source/other.md'"),
    (('trgLang="fr"', 'trgLang="it"'), "target language 'it' is not a target language"),
])
def test_a_file_for_another_project_is_one_error_and_changes_nothing(
        news: Path, change: tuple[str, str], message: str) -> None:
    assert run("export", "--lang", "fr", "--format", "xliff2").exit_code == 0
    path = news / "build/exchange/fr.xlf"
    agency(path, {"Third one.": ("Troisième.", "reviewed")})
    # A second, good file first: an error in any file stops the whole import.
    good = news / "good.xlf"
    shutil.copy(path, good)
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    before = tree_bytes(news)
    result = run("import", str(good), str(path))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: ") and message in line
    assert tree_bytes(news) == before


# --- translate-toolkit --------------------------------------------------------------

READ_UNITS = """
import json, sys
from translate.storage import xliff, xliff2
data = open(sys.argv[1], "rb").read()
store = (xliff2.Xliff2File if sys.argv[2] == "2" else xliff.xlifffile).parsestring(data)
print(json.dumps([[u.getid(), str(u.source), str(u.target or ""), u.isfuzzy(), u.isapproved(),
                   u.istranslated()] for u in store.units if not u.isheader()]))
"""


@pytest.mark.parametrize("version", ["xliff", "xliff2"])
def test_translate_toolkit_reads_what_we_write(version: str, news: Path) -> None:
    translate_entry(news, HEADING, "Le rapport **annuel**")
    translate_entry(news, "Third one.", "Troisième.", fuzzy=True)
    assert run("export", "--all", "--lang", "fr", "--format", version).exit_code == 0
    path = news / "build/exchange/fr.xlf"
    units = toolkit_run(READ_UNITS, str(path), "2" if version == "xliff2" else "1")
    # XLIFF 1.2 ids come prefixed with the <file>'s original and "\x04".
    by_id = {row[0].rpartition("\x04")[2]: row[1:] for row in units}
    assert len(units) == 4
    # Codes are markup to the toolkit: its text is ours without them.
    assert by_id[unit_id(None, HEADING)][:2] == ["The annual report", "Le rapport annuel"]
    source, target, fuzzy, approved, translated = by_id[unit_id(None, "Third one.")]
    assert (source, target, approved) == ("Third one.", "Troisième.", False)
    # Fuzzy, as each version's reader understands it: 1.2's approved="no"
    # is fuzzy to the toolkit; 2.0's "translated" is translated, not final.
    assert (fuzzy, translated) == ((True, False) if version == "xliff" else (False, True))
    assert by_id[unit_id(None, HEADING)][3] is True          # reviewed: approved
    assert by_id[unit_id(None, "First sentence. Second sentence.")][1:] == ["", False, False,
                                                                           False]


def test_what_translate_toolkits_po2xliff_writes_is_read_back(news: Path, tmp_path: Path) -> None:
    translate_entry(news, HEADING, "Le rapport **annuel**")
    translate_entry(news, "Third one.", "Troisième.", fuzzy=True)
    po_path = news / "locales/fr/news.md.po"
    original = po_path.read_bytes()
    xlf = tmp_path / "news.md.xlf"
    done = subprocess.run([toolkit("po2xliff"), str(po_path), str(xlf)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    # The agency translates one more entry in the file.
    text = xlf.read_text(encoding="utf-8")
    marker = "<source>First sentence. Second sentence.</source>"
    assert marker in text
    xlf.write_text(text.replace(marker, marker + '<target state="translated">Première phrase. '
                                "Deuxième phrase.</target>"), encoding="utf-8")
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(
        'target-language="fr"', 'target-language="fr"'), encoding="utf-8")
    result = run("import", str(xlf))
    assert result.exit_code == 0, result.output
    assert entry(news, HEADING).msgstr == "Le rapport **annuel**"
    assert is_reviewed(entry(news, HEADING))
    third = entry(news, "Third one.")
    assert (third.msgstr, "fuzzy" in third.flags) == ("Troisième.", True)
    paragraph = entry(news, "First sentence. Second sentence.")
    assert paragraph.msgstr == "Première phrase. Deuxième phrase." and "fuzzy" in paragraph.flags
    # Nothing else moved.
    po_path.write_bytes(original)
    assert run("import", str(xlf)).exit_code == 0
    changed = [line for line in po_path.read_text(encoding="utf-8").splitlines()
               if line not in original.decode("utf-8").splitlines()]
    assert changed == ['#, fuzzy', 'msgstr "Première phrase. Deuxième phrase."'] or \
        set(changed) <= {'#, fuzzy', 'msgstr "Première phrase. Deuxième phrase."'}


def test_the_library_is_one_call_per_direction(news: Path, tmp_path: Path) -> None:
    proj = Project(load_settings(news))
    done = export_catalogs(proj, "xliff2", ["ru"], output=tmp_path / "ru.xlf")
    assert [item.path for item in done.files] == ["ru.xlf"]
    assert done.files[0].units == 4 and done.files[0].status == "created"
    outcome = import_files(proj, [tmp_path / "ru.xlf"], dry_run=True)
    assert outcome.counts() == {"untranslated": 4} and outcome.files == []
