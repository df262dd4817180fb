"""`translate stats --format html`: the figures of the dashboard, and the page
(parsed with html5lib, a real HTML5 parser: self-contained, accessible,
deterministic)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import html5lib
import polib
import pytest
from typer.testing import CliRunner

from translate.build import build_documents
from translate.cli import app
from translate.config import load_settings
from translate.dashboard import STATES, gather_dashboard, render_html
from translate.po import format_po, machine_note, read_po
from translate.project import Project

from .conftest import tree_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
XHTML = "{http://www.w3.org/1999/xhtml}"

NEWS = """\
# Operation Usalama IV ends

The police arrested 24 people in Kigali.

Officers seized 120 kilograms of drugs.

The conference was held in May.

Delegates from 40 countries attended.

The next meeting is in Lyon.
"""
NOTE = """\
Press contact

Call the press office for details.
"""
GLOSSARY = """\
term,kind,note
Usalama IV,keep,an operation
Kigali,keep,a city
"""
#: msgid -> (msgstr, state) of the French catalog of news.md.
FRENCH = {
    "Operation Usalama IV ends": ("Fin de l’opération Usalama 4", "reviewed"),
    "The police arrested 24 people in Kigali.": ("La police a arrêté 25 personnes à Kigali.",
                                                 "reviewed"),
    "Officers seized 120 kilograms of drugs.": ("Les agents ont saisi 120 kilogrammes de "
                                                "drogue.", "machine"),
    "The conference was held in May.": ("La conférence s’est tenue en mai.", "edited"),
}
ARABIC = {
    "Operation Usalama IV ends": "انتهاء عملية Usalama IV",
    "The police arrested 24 people in Kigali.": "اعتقلت الشرطة 24 شخصا في Kigali.",
    "Officers seized 120 kilograms of drugs.": "ضبط الضباط 120 كيلوغراما من المخدرات.",
    "The conference was held in May.": "عقد المؤتمر في شهر مايو.",
    "Delegates from 40 countries attended.": "حضر المؤتمر مندوبون من 40 بلدا.",
    "The next meeting is in Lyon.": "سيعقد الاجتماع القادم في مدينة ليون.",
    "Press contact": "الاتصال الصحفي",
    "Call the press office for details.": "اتصلوا بالمكتب الصحفي لمزيد من التفاصيل.",
}


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def edit(path: Path, change) -> None:
    catalog = read_po(path)
    change(catalog)
    path.write_text(format_po(catalog), encoding="utf-8")


@pytest.fixture
def states(project) -> Path:
    """A project in every state: French news.md has reviewed entries (one with
    a glossary problem, one with a wrong number), a machine draft, an edited
    machine draft, untranslated entries and an obsolete one; French note.txt
    is reviewed; Russian has no catalogs; Arabic is reviewed throughout."""
    root = project('["fr", "ru", "ar"]', {"news.md": NEWS, "note.txt": NOTE})
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    for name in ("news.md", "note.txt"):
        (root / "locales" / "ru" / f"{name}.po").unlink()

    def french_news(catalog) -> None:
        for entry in catalog:
            if entry.msgid in FRENCH:
                text, state = FRENCH[entry.msgid]
                entry.msgstr = text
                if state == "machine":
                    entry.flags.append("fuzzy")
                    entry.comment = machine_note("argos en->fr 1.9", text)
                elif state == "edited":  # a translator changed the draft
                    entry.flags.append("fuzzy")
                    entry.comment = machine_note("argos en->fr 1.9", "La conférence a eu lieu.")
        catalog.append(polib.POEntry(msgid="A removed sentence.", msgstr="Une phrase retirée.",
                                     obsolete=True))

    def french_note(catalog) -> None:
        for entry in catalog:
            entry.msgstr = {"Press contact": "Contact presse",
                            "Call the press office for details.":
                                "Appelez le service de presse pour en savoir plus."}[entry.msgid]

    def arabic(catalog) -> None:
        for entry in catalog:
            entry.msgstr = ARABIC[entry.msgid]

    edit(root / "locales/fr/news.md.po", french_news)
    edit(root / "locales/fr/note.txt.po", french_note)
    edit(root / "locales/ar/news.md.po", arabic)
    edit(root / "locales/ar/note.txt.po", arabic)
    return root


def project_at(root: Path, **overrides) -> Project:
    return Project(load_settings(root).with_overrides(**overrides))


def parse(page: str):
    """The page as html5lib's tree; fails on any HTML5 parse error."""
    parser = html5lib.HTMLParser(strict=True)
    return parser.parse(page)


def counts(figures) -> dict[str, int]:
    return {attribute: getattr(figures, attribute) for attribute in
            ("entries", "reviewed", "machine_drafts", "fuzzy", "untranslated", "obsolete")}


# --- the figures ---------------------------------------------------------------

def test_every_state_is_counted(states: Path) -> None:
    dashboard = gather_dashboard(project_at(states))
    assert dashboard.documents == ["news.md", "note.txt"]
    assert [summary.code for summary in dashboard.languages] == ["fr", "ru", "ar"]
    assert counts(dashboard.catalog("fr", "news.md")) == {
        "entries": 6, "reviewed": 2, "machine_drafts": 1, "fuzzy": 1, "untranslated": 2,
        "obsolete": 1}
    assert counts(dashboard.catalog("fr", "note.txt")) == {
        "entries": 2, "reviewed": 2, "machine_drafts": 0, "fuzzy": 0, "untranslated": 0,
        "obsolete": 0}
    russian = dashboard.catalog("ru", "news.md")
    assert not russian.exists
    assert counts(russian) == {"entries": 6, "reviewed": 0, "machine_drafts": 0, "fuzzy": 0,
                               "untranslated": 6, "obsolete": 0}
    assert counts(dashboard.catalog("ar", "news.md"))["reviewed"] == 6
    french = dashboard.languages[0]
    assert (french.entries, french.reviewed, french.machine_drafts, french.fuzzy,
            french.untranslated, french.obsolete, french.published, french.documents) == (
        8, 4, 1, 1, 2, 1, 1, 2)


def test_problems_are_counted_per_catalog(states: Path) -> None:
    dashboard = gather_dashboard(project_at(states))
    french = dashboard.catalog("fr", "news.md")
    assert french.glossary_problems == 1
    assert [f.code for f in french.problems if f.code.startswith("glossary")] == \
        ["glossary-missing"]
    assert "number" in {finding.code for finding in french.problems}
    # Missing, fuzzy and obsolete entries are the bars' business, not problems.
    assert not {finding.code for finding in french.problems} & {
        "untranslated", "fuzzy", "obsolete", "missing-entry", "missing-catalog"}
    assert {finding.code for finding in french.findings} >= {"untranslated", "fuzzy",
                                                             "obsolete"}
    for language, name in (("fr", "note.txt"), ("ar", "news.md"), ("ar", "note.txt"),
                           ("ru", "news.md")):
        figures = dashboard.catalog(language, name)
        assert (figures.glossary_problems, figures.check_problems) == (0, 0), figures.problems
    assert dashboard.languages[0].glossary_problems == 1
    assert dashboard.languages[0].check_problems == french.check_problems


def test_published_is_what_build_writes(states: Path) -> None:
    for threshold in (80, 30, 100):
        proj = project_at(states, min_complete=threshold)
        before = gather_dashboard(proj)
        built = {(result.language, result.document): result
                 for result in build_documents(proj)}
        dashboard = gather_dashboard(proj)
        assert [f.published for f in before.catalogs] == \
            [f.published for f in dashboard.catalogs]
        for figures in dashboard.catalogs:
            result = built[(figures.language, figures.document)]
            assert figures.published == (result.status != "skipped"), (threshold, figures)
            assert figures.percent == result.percent
            assert figures.built == figures.published
    dashboard = gather_dashboard(project_at(states))
    assert [(f.language, f.document) for f in dashboard.catalogs if f.published] == [
        ("ar", "news.md"), ("fr", "note.txt"), ("ar", "note.txt")]


def test_a_catalog_behind_its_template_counts_its_new_segments_as_missing(states: Path) -> None:
    news = states / "source" / "news.md"
    news.write_text(NEWS + "\nA new closing paragraph.\n", encoding="utf-8")
    assert run("extract").exit_code == 0  # no update: the catalogs lack the new entry
    dashboard = gather_dashboard(project_at(states))
    arabic = dashboard.catalog("ar", "news.md")
    assert counts(arabic) == {"entries": 7, "reviewed": 6, "machine_drafts": 0, "fuzzy": 0,
                              "untranslated": 1, "obsolete": 0}
    assert arabic.percent == 85.7 and arabic.published


def test_a_catalog_that_does_not_parse_is_shown_not_fatal(states: Path) -> None:
    path = states / "locales/ar/note.txt.po"
    path.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    before = tree_bytes(states)
    dashboard = gather_dashboard(project_at(states))
    figures = dashboard.catalog("ar", "note.txt")
    assert figures.exists and not figures.readable and not figures.published
    assert figures.untranslated == figures.entries == 2
    assert [finding.code for finding in figures.problems] == ["parse-error"]
    page = render_html(dashboard)
    parse(page)
    assert "does not parse" in page
    assert tree_bytes(states) == before


# --- the page ------------------------------------------------------------------

def page_of(root: Path) -> str:
    return render_html(gather_dashboard(project_at(root)))


def elements(tree, tag: str) -> list:
    return list(tree.iter(XHTML + tag))


def text_of(element) -> str:
    return "".join(element.itertext())


def test_the_page_is_valid_html5_with_language_and_direction(states: Path) -> None:
    tree = parse(page_of(states))
    assert tree.tag == XHTML + "html" and tree.get("lang") == "en" and tree.get("dir") == "ltr"
    arabic = [span for span in elements(tree, "span") if span.get("lang") == "ar"]
    assert arabic and all(span.get("dir") == "rtl" and text_of(span) == "العربية"
                          for span in arabic)
    french = [span for span in elements(tree, "span") if span.get("lang") == "fr"]
    assert french and all(span.get("dir") == "ltr" and text_of(span) == "Français"
                          for span in french)
    assert elements(tree, "title")[0].text == f"Translation status: {states.name}"
    # Every table has a caption and header cells with a scope.
    for table in elements(tree, "table"):
        assert table.find(XHTML + "caption") is not None
        assert all(th.get("scope") in {"col", "row", "rowgroup"}
                   for th in table.iter(XHTML + "th"))


def test_the_page_needs_nothing_else(states: Path) -> None:
    page = page_of(states)
    tree = parse(page)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio",
                "source", "base", "form"):
        assert not elements(tree, tag), tag
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name in ("href", "src", "srcset", "action", "poster", "data"):
                assert value.startswith("#") and value[1:] in ids, (name, value)
            assert "//" not in value and "http" not in value.lower(), (name, value)
    for style in elements(tree, "style"):
        assert "url(" not in style.text and "@import" not in style.text
        assert "//" not in style.text and "http" not in style.text


def test_bars_are_readable_as_numbers(states: Path) -> None:
    dashboard = gather_dashboard(project_at(states))
    tree = parse(render_html(dashboard))
    bars = [div for div in elements(tree, "div") if "bar" in div.get("class", "").split()]
    # One per language, one per language and document.
    assert len(bars) == len(dashboard.languages) + len(dashboard.catalogs)
    labels = [bar.get("aria-label") for bar in bars]
    assert all(bar.get("role") == "img" for bar in bars)
    french = dashboard.catalog("fr", "news.md")
    expected = ("2 reviewed, 1 machine drafts, 1 other fuzzy, 2 missing, of 6 entries")
    assert expected in labels
    bar = bars[labels.index(expected)]
    widths = {span.get("class"): float(re.fullmatch(r"width:([0-9.]+)%", span.get("style"))[1])
              for span in bar.iter(XHTML + "span")}
    assert widths == {"reviewed": 33.33, "machine_drafts": 16.67, "fuzzy": 16.67}
    assert french.untranslated == 2  # the bar's background: no span
    # The same numbers are in the table cells beside the bar.
    row = next(tr for tr in elements(tree, "tr") if bar in list(tr.iter()))
    numbers = [text_of(td) for td in row.iter(XHTML + "td") if "num" in td.get("class", "")]
    assert numbers[:len(STATES)] == ["2", "1", "1", "2"]


def test_the_page_says_what_is_published_where(states: Path) -> None:
    tree = parse(page_of(states))
    section = next(s for s in elements(tree, "section") if s.get("aria-labelledby") == "published")
    rows = {text_of(tr.find(XHTML + "th")): [text_of(td).split()[0] for td in tr.iter(XHTML + "td")]
            for tr in section.iter(XHTML + "tr") if tr.find(XHTML + "td") is not None}
    assert rows == {"news.md": ["No", "No", "Yes"], "note.txt": ["Yes", "No", "Yes"]}


def test_problems_are_listed_and_linked(states: Path) -> None:
    tree = parse(page_of(states))
    links = [a.get("href") for a in elements(tree, "a") if a.get("href") != "#problems"]
    assert links and len(set(links)) == 1  # only French news.md has problems
    target = next(element for element in tree.iter() if element.get("id") == links[0][1:])
    assert "news.md" in text_of(target) and "Français" in text_of(target)
    parent = next(element for element in tree.iter() if target in list(element))
    listed = text_of(list(parent)[list(parent).index(target) + 1])
    assert "glossary-missing" in listed and "number" in listed
    assert "locales/fr/news.md.po:" in listed


def test_names_are_escaped(project) -> None:
    root = project('["fr"]', {"a&b <i>.txt": "Hello <b>world</b> & friends.\n"})
    assert run("extract").exit_code == 0
    page = page_of(root)
    tree = parse(page)
    assert "a&amp;b &lt;i&gt;.txt" in page and "<i>" not in page
    assert not elements(tree, "i") and not elements(tree, "b")


def test_the_page_is_deterministic(states: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dated = page_of(states)
    assert "Figures as of 2026-01-02 03:04 UTC." in dated
    assert page_of(states) == dated
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    undated = page_of(states)
    assert "Figures as of" not in undated and not re.search(r"20\d\d-\d\d-\d\d", undated)
    assert page_of(states) == undated
    assert undated == dated.replace('<p class="muted">Figures as of 2026-01-02 03:04 UTC.</p>\n',
                                    "")


def test_the_sample_project_is_all_published(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    dashboard = gather_dashboard(project_at(tmp_path))
    assert [summary.code for summary in dashboard.languages] == ["ru", "fr", "es", "ar"]
    assert all(figures.published and figures.reviewed == figures.entries == 15
               and not figures.problems for figures in dashboard.catalogs)
    assert dashboard.general == []
    parse(render_html(dashboard))


# --- the command ---------------------------------------------------------------

def test_stats_format_html_prints_the_page_and_writes_nothing(states: Path) -> None:
    before = tree_bytes(states)
    result = run("stats", "--format", "html")
    assert result.exit_code == 0
    assert result.stdout == page_of(states)
    assert tree_bytes(states) == before


def test_stats_output_file(states: Path) -> None:
    result = run("stats", "--format", "html", "-o", "status.html", "--lang", "ar")
    assert result.exit_code == 0
    assert result.output == "written   status.html\n"
    page = (states / "status.html").read_text(encoding="utf-8")
    dashboard = gather_dashboard(project_at(states), ["ar"])
    assert page == render_html(dashboard)
    assert [summary.code for summary in dashboard.languages] == ["ar"]
    # Again: the same bytes.
    first = (states / "status.html").read_bytes()
    assert run("stats", "--format", "html", "-o", "status.html", "--lang", "ar").exit_code == 0
    assert (states / "status.html").read_bytes() == first
    # The other formats can go to a file too, as they print.
    text = run("stats").stdout
    assert run("stats", "-o", "stats.txt").exit_code == 0
    assert (states / "stats.txt").read_text(encoding="utf-8") == text


def test_stats_output_into_a_folder_is_refused(states: Path) -> None:
    (states / "out").mkdir()
    before = tree_bytes(states)
    result = run("stats", "--format", "html", "-o", "out")
    assert result.exit_code == 2
    assert result.stdout == "" and "is a directory" in result.stderr
    assert tree_bytes(states) == before


def test_stats_output_in_a_missing_folder_is_one_error(states: Path) -> None:
    before = tree_bytes(states)
    result = run("stats", "--format", "html", "-o", "typo/status.html")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --output: the folder 'typo' does not exist -- create it "
                             "first, or write the page elsewhere\n")
    assert not (states / "typo").exists() and tree_bytes(states) == before


def test_stats_html_with_a_broken_glossary_is_one_error(states: Path) -> None:
    (states / "glossary.csv").write_text("term,note\nUsalama IV,an operation\n",
                                         encoding="utf-8")
    before = tree_bytes(states)
    result = run("stats", "--format", "html", "-o", "status.html")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: glossary.csv:1: ")
    assert tree_bytes(states) == before
