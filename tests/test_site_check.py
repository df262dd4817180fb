"""`translate check` category `site` and `translate publish --check` (issue 12,
item 8): a published site, then the same site broken by hand, one way at a
time; each break gives its one finding, with its file and line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.checks import CODES, check_project
from translate.checks.site import SITE_CODES, check_site
from translate.cli import app
from translate.config import load_settings
from translate.po import format_po, read_po
from translate.project import Project

from .conftest import REPOSITORY, copy_sample, translate_with_prefix

runner = CliRunner()
SLUG = "interpol-african-regional-conference"
BASE = "https://press.example.org/"

RELEASE = """\
Ministers met in Lyon

The Secretary General welcomed 42 delegations to Lyon on Monday.

Operation Usalama IV ended with 24 arrests.

© 2024, The Organization
"""

NEWS = """\
---
title: Operation Thunderstorm results
description: What the operation achieved.
date: 2024-05-06
---

The operation **Thunderstorm** ran in 92 countries; see [the report](/files/report.pdf),
[the summary](#summary) and [our other news](/other/).

| Region | Seizures |
|--------|----------|
| Africa | 1,200    |
"""


def invoke(*args: str):
    return runner.invoke(app, list(args))


def site_check(*args: str) -> list[tuple[str, int, str]]:
    """The site findings of `translate check --select site` as (path, line, code)."""
    result = invoke("check", "--select", "site", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def messages(*args: str) -> list[str]:
    result = invoke("check", "--select", "site", "--format", "json", *args)
    return [f["message"] for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's sample project, published; the current
    folder is its root."""
    root = copy_sample(tmp_path / "sample")
    monkeypatch.chdir(root)
    result = invoke("publish")
    assert result.exit_code == 0, result.output
    return root


def page(language: str, slug: str = SLUG) -> str:
    return f"build/site/{language}/{slug}/index.html"


def edit(path: str, old: str, new: str) -> int:
    """Replace the first ``old`` of a site file by ``new``; returns the line
    where the change starts."""
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def line_of(path: str, needle: str, occurrence: int = 1) -> int:
    text = Path(path).read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text[:index].count("\n") + 1


def alternate(language: str, target: str | None = None) -> str:
    return (f'<link rel="alternate" hreflang="{language}" '
            f'href="{BASE}{target or language}/{SLUG}/">\n')


def translate_all(root: Path, language: str, prefix: str) -> None:
    for path in (root / "locales" / language).glob("*.po"):
        translate_with_prefix(path, prefix)


def empty(root: Path, language: str, document: str) -> None:
    path = root / "locales" / language / f"{document}.po"
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid:
            entry.msgstr = ""
    path.write_text(format_po(catalog), encoding="utf-8")


@pytest.fixture
def small(project):
    """A project of its own (a plain-text and a Markdown release, French and
    Arabic), not published yet."""

    def make(extra: str = f'base_url = "{BASE}"\n', languages: str = '["fr", "ar"]') -> Path:
        root = project(languages=languages, documents={"release.txt": RELEASE, "news.md": NEWS},
                       extra='glossary = ""\ndates = { "release.txt" = 2024-03-01 }\n' + extra)
        assert invoke("extract").exit_code == 0
        assert invoke("update").exit_code == 0
        translate_all(root, "fr", "FR ")
        translate_all(root, "ar", "عربي ")
        return root

    return make


# --- a clean site ----------------------------------------------------------------


def test_the_published_sample_has_no_finding(sample: Path) -> None:
    result = invoke("check", "--min-complete", "100", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    # The site's files are checked too: 6 catalogs and documents, 19 files and
    # the manifest.
    assert result.output == ("No problems (26 files checked; translated: ru 100%, fr 100%, "
                             "es 100%, ar 100%).\n")


def test_a_clean_site_of_another_shape_has_no_finding(small) -> None:
    # Markdown with links of its own (not followed), the selector as
    # x-default, pages as .html files, right to left, no base_url.
    small(extra='x_default = "selector"\nurl_pattern = "/<lang>/news/<slug>.html"\n'
                'site_name = { en = "Press", fr = "Presse", ar = "الصحافة" }\n')
    assert invoke("publish").exit_code == 0
    assert Path("build/site/ar/news/news.html").exists()
    report = check_site(Project(load_settings()))
    assert [f.code for f in report.findings] == ["site-url"]
    assert len(report.files) == 1 + 6 + 3 + 1 + 3 + 3  # manifest, pages, listings, selector,
    #                                                 # sitemap robots style, feeds


def test_a_site_published_with_fuzzy_translations_is_not_stale(small) -> None:
    root = small()
    path = root / "locales/fr/news.md.po"
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid:
            entry.flags.append("fuzzy")
    path.write_text(format_po(catalog), encoding="utf-8")
    assert invoke("publish", "--include-fuzzy").exit_code == 0
    assert Path("build/site/fr/news/index.html").exists()
    assert site_check() == []


def test_without_a_site_check_does_not_check_one(small) -> None:
    small()
    result = invoke("check", "--format", "json")
    assert not any(f["code"].startswith("site-") for f in json.loads(result.stdout)["findings"])
    assert site_check() == [("build/site", 0, "site-missing-page")]
    assert "run `translate publish`" in messages()[0]


def test_a_site_folder_made_by_hand_before_publishing(small) -> None:
    small()
    Path("build/site/images").mkdir(parents=True)
    Path("build/site/images/logo.svg").write_text("<svg/>", encoding="utf-8")
    result = invoke("check", "--format", "json")
    assert not any(f["code"].startswith("site-") for f in json.loads(result.stdout)["findings"])
    # Asked for, the site is missing: one finding, not one per page.
    assert site_check() == [("build/site", 0, "site-missing-page")]


# --- each break, its finding ------------------------------------------------------


def test_a_removed_page(sample: Path) -> None:
    Path(page("fr")).unlink()
    # One finding: the other pages' alternates, switchers, the listing and
    # the sitemap that link to it are the same problem.
    assert site_check() == [(page("fr"), 0, "site-missing-page")]
    assert messages()[0] == (
        f"no page for {SLUG}.txt in French (fr), a published language -- run "
        "`translate publish`")


def test_a_dropped_alternate_is_not_reciprocal(sample: Path) -> None:
    edit(page("fr"), alternate("es"), "")
    line = line_of(page("fr"), 'hreflang="x-default"')
    assert site_check() == [(page("fr"), line, "site-alternate")]
    assert "which lists this page: alternates must be reciprocal" in messages()[0]


def test_a_page_that_does_not_list_itself(sample: Path) -> None:
    edit(page("ru"), alternate("ru"), "")
    assert site_check() == [(page("ru"), line_of(page("ru"), 'hreflang="x-default"'),
                             "site-alternate")]
    assert messages()[0].startswith("does not list itself")


def test_a_wrong_hreflang(sample: Path) -> None:
    line = edit(page("fr"), alternate("es"), alternate("de", "es"))
    assert site_check() == [(page("fr"), line, "site-alternate")]
    assert messages()[0].startswith(
        f'hreflang="de" on the alternate to the Spanish (es) version es/{SLUG}/index.html: '
        'write hreflang="es"')


def test_a_duplicate_hreflang(sample: Path) -> None:
    line = edit(page("es"), alternate("es"), alternate("es") + alternate("es")) + 1
    assert site_check() == [(page("es"), line, "site-alternate")]
    assert messages()[0].startswith('a second alternate for hreflang="es"')


def test_an_alternate_that_is_not_absolute(sample: Path) -> None:
    line = edit(page("fr"), f'href="{BASE}ar/{SLUG}/"', f'href="/ar/{SLUG}/"')
    assert site_check() == [(page("fr"), line, "site-alternate")]
    assert "not an absolute URL" in messages()[0]


def test_an_alternate_to_a_page_that_does_not_exist(sample: Path) -> None:
    line = edit(page("ar"), f'href="{BASE}es/{SLUG}/"', f'href="{BASE}es/elsewhere/"')
    assert site_check() == [(page("ar"), line, "site-alternate")]
    assert "a page that does not exist (es/elsewhere/index.html)" in messages()[0]


def test_a_missing_dir(sample: Path) -> None:
    edit(page("ar"), '<html lang="ar" dir="rtl">', '<html lang="ar">')
    assert site_check() == [(page("ar"), 2, "site-html")]
    assert messages()[0].startswith('<html> has no dir: write <html lang="ar" dir="rtl">')


def test_a_wrong_direction_and_a_wrong_language(sample: Path) -> None:
    edit(page("ar"), '<html lang="ar" dir="rtl">', '<html lang="ar" dir="ltr">')
    edit(page("ru"), '<html lang="ru" dir="ltr">', '<html lang="en" dir="ltr">')
    assert site_check() == [(page("ar"), 2, "site-html"), (page("ru"), 2, "site-html")]
    assert "which reads right to left" in messages()[0]
    assert messages()[1].startswith('lang="en" on the Russian (ru) page')


def test_unclosed_html(sample: Path) -> None:
    edit(page("fr"), "</article>\n", "")
    line = line_of(page("fr"), "</main>")
    assert site_check() == [(page("fr"), line, "site-html")]
    assert messages()[0].startswith("not well-formed HTML5: End tag (main) seen too early")


def test_garbled_html(sample: Path) -> None:
    edit(page("es"), "<article>", '<article class="x>')
    # The attribute value runs to the next quote, where the parser trips.
    text = Path(page("es")).read_text(encoding="utf-8")
    end = text.index('"', text.index('class="x>') + len('class="'))
    line = text[:end].count("\n") + 1
    assert site_check() == [(page("es"), line, "site-html")]
    assert messages()[0].startswith(
        "not well-formed HTML5: Unexpected character after attribute value.")


def test_html_a_document_brings_is_the_document_s_to_fix(small) -> None:
    # A <div> inside a paragraph closes it: HTML5 then finds a stray </p>.
    root = small()
    (root / "source/news.md").write_text(NEWS.replace("ran in 92 countries",
                                                      "ran in <div>92</div> countries"),
                                         encoding="utf-8")
    assert invoke("extract").exit_code == 0
    assert invoke("update").exit_code == 0
    translate_all(root, "fr", "FR ")
    translate_all(root, "ar", "عربي ")
    assert invoke("publish").exit_code == 0
    found = site_check()
    assert [(path, code) for path, _, code in found] == [
        (f"build/site/{language}/news/index.html", "site-html") for language in ("ar", "en", "fr")]
    assert all(message.endswith("the page is as translate publish wrote it: fix the HTML of "
                                "source/news.md, then run `translate publish`")
               for message in messages())


def test_a_switcher_link_to_nothing(sample: Path) -> None:
    line = edit(page("fr"), f'href="../../es/{SLUG}/index.html"', 'href="../../es/gone/index.html"')
    assert site_check() == [(page("fr"), line, "site-link")]
    assert messages()[0].startswith(
        "the link '../../es/gone/index.html' goes to es/gone/index.html, which does not exist")


def test_a_switcher_link_to_a_home_page(sample: Path) -> None:
    line = edit(page("ru"), f'href="../../ar/{SLUG}/index.html"', 'href="../../ar/index.html"')
    assert site_check() == [(page("ru"), line, "site-link")]
    assert messages()[0].startswith(
        f"the Arabic (ar) link goes to ar/index.html, not to this page's Arabic version "
        f"ar/{SLUG}/index.html")


def test_a_listing_link_to_nothing(sample: Path) -> None:
    line = edit("build/site/fr/index.html", f'href="{SLUG}/index.html"', 'href="old/index.html"')
    assert site_check() == [("build/site/fr/index.html", line, "site-link")]


def test_a_sitemap_and_a_feed(sample: Path) -> None:
    line = edit("build/site/sitemap.xml", "</urlset>", "</urlset")
    edit("build/site/es/feed.xml", f'href="{BASE}es/{SLUG}/"', f'href="{BASE}es/gone/"')
    line_feed = line_of("build/site/es/feed.xml", "es/gone/")
    assert site_check() == [("build/site/es/feed.xml", line_feed, "site-link"),
                            ("build/site/sitemap.xml", line, "site-html")]
    assert messages()[1].startswith("not well-formed XML")


def test_a_page_of_a_language_below_the_threshold_left_by_hand(sample: Path) -> None:
    empty(sample, "ar", f"{SLUG}.txt")
    result = invoke("publish")
    assert "not published" in result.stderr
    assert not Path(page("ar")).exists() and not Path("build/site/ar").exists()
    assert site_check() == []
    Path(page("ar")).parent.mkdir(parents=True)
    shutil.copy(page("fr"), page("ar"))
    assert site_check() == [(page("ar"), 1, "site-unpublished")]
    assert messages()[0] == (
        f"the Arabic translation of {SLUG}.txt is 0% translated, below min_complete 80%: it "
        "is not published, but this page is online -- delete it (translate publish removes "
        "only the files it wrote)")


def test_a_translation_that_fell_below_the_threshold_since_publishing(sample: Path) -> None:
    empty(sample, "ar", f"{SLUG}.txt")
    found = site_check()
    # Its page, listing and feed must go; nothing else is reported about
    # the links to them.
    assert found == [
        ("build/site/ar/feed.xml", 1, "site-unpublished"),
        ("build/site/ar/index.html", 1, "site-unpublished"),
        (page("ar"), 1, "site-unpublished"),
        (page("en"), 1, "site-stale"),
    ]
    assert messages()[2].endswith("run `translate publish`, which removes it")
    assert invoke("publish").exit_code == 0
    assert site_check() == []


def test_a_catalog_changed_since_publishing_is_a_warning(sample: Path) -> None:
    path = sample / "locales/fr" / f"{SLUG}.txt.po"
    catalog = read_po(path)
    entry = next(entry for entry in catalog if entry.msgid.startswith("The main topics"))
    entry.msgstr = entry.msgstr.replace("Les principaux", "Les grands")
    path.write_text(format_po(catalog), encoding="utf-8")
    result = invoke("check", "--select", "site")
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "[site-stale]" in result.output
    assert invoke("check", "--select", "site", "--fail-on", "warning").exit_code == 1
    assert invoke("publish").exit_code == 0
    assert site_check() == []


def test_a_new_language_above_the_threshold_needs_its_pages(small) -> None:
    root = small(languages='["fr", "ar", "es"]')
    # Published before Spanish was translated, then translated.
    assert invoke("publish").exit_code == 0
    translate_all(root, "es", "ES ")
    found = site_check()
    assert ("build/site/es/release/index.html", 0, "site-missing-page") in found
    assert ("build/site/es/index.html", 0, "site-missing-page") in found
    assert {code for _, _, code in found} == {"site-missing-page", "site-stale"}


def test_without_base_url_a_warning_says_what_search_engines_need(small) -> None:
    small(extra="")
    assert invoke("publish").exit_code == 0
    line = line_of("pyproject.toml", "[tool.translate]")
    assert site_check() == [("pyproject.toml", line, "site-url")]
    assert "search engines ignore" in messages()[0]
    result = invoke("check", "--select", "site")
    assert result.exit_code == 0  # a warning


# --- what translate check reports ----------------------------------------------------


def test_lang_and_documents_narrow_what_is_reported(sample: Path) -> None:
    edit(page("ar"), '<html lang="ar" dir="rtl">', '<html lang="ar">')
    assert site_check("--lang", "fr") == []
    assert site_check("--lang", "ar") == [(page("ar"), 2, "site-html")]
    # The site is checked against every language: no French page is taken
    # for a leftover because --lang left the others out.
    assert site_check("--lang", "fr,ru") == []
    edit("build/site/sitemap.xml", "</urlset>", "</urlset")
    assert site_check(f"source/{SLUG}.txt") == [(page("ar"), 2, "site-html")]


def test_ignore_site_skips_it_and_findings_carry_their_language(sample: Path) -> None:
    edit(page("ar"), '<html lang="ar" dir="rtl">', '<html lang="ar">')
    result = invoke("check", "--ignore", "site", "--format", "json")
    assert json.loads(result.stdout)["findings"] == []
    report = check_project(Project(load_settings()), min_complete=0, jobs=1)
    assert [(f.code, f.language) for f in report.findings] == [("site-html", "ar")]
    assert report.failing()


def test_every_site_code_is_in_the_site_category() -> None:
    assert SITE_CODES == {"site-missing-page", "site-unpublished", "site-stale",
                          "site-alternate", "site-link", "site-html", "site-url"}
    assert {CODES[code][1] for code in ("site-stale", "site-url")} == {"warning"}


def test_check_without_a_site_imports_no_html_parser_nor_templates(small) -> None:
    root = small()
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom translate.cli import app\n"
            "result = CliRunner().invoke(app, ['check', '--min-complete', '0'])\n"
            "print(result.exit_code, 'html5lib' in sys.modules, 'jinja2' in sys.modules)\n")
    output = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, check=True).stdout
    assert output.split() == ["0", "False", "False"]


# --- publish --check ---------------------------------------------------------------


def test_publish_check_on_a_clean_site(small) -> None:
    small()
    result = invoke("publish", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Site check: no problems (17 files checked).\n")
    data = json.loads(invoke("publish", "--check", "--format", "json").stdout)
    assert data["check"]["ok"] is True and data["check"]["findings"] == []


def test_publish_check_fails_on_a_template_that_drops_dir_and_alternates(small) -> None:
    root = small()
    own = root / "theme"
    own.mkdir()
    base = (REPOSITORY / "translate/publish/theme/base.html").read_text(encoding="utf-8")
    base = base.replace(' dir="{{ page.dir }}"', "", 1)
    base = re.sub(r'\{% for alternate in page.alternates %\}.*?\{% endfor %\}', "", base,
                  count=1, flags=re.S)
    (own / "base.html").write_text(base, encoding="utf-8")
    with (root / "pyproject.toml").open("a", encoding="utf-8") as stream:
        stream.write('site_templates = "theme"\n')
    result = invoke("publish", "--check")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "[site-" in line]
    # Six release pages, three listings and the selector: no dir, no alternates.
    assert len(lines) == 2 * 10
    assert "build/site/ar/release/index.html:2: error: <html> has no dir: write <html " \
           'lang="ar" dir="rtl"> -- run `translate publish`, or fix the templates in theme ' \
           "[site-html]" in lines
    assert result.stdout.endswith("Site check: 20 errors, 0 warnings (17 files checked).\n")


def test_publish_check_fails_on_a_page_left_by_hand(small) -> None:
    root = small()
    empty(root, "ar", "news.md")
    assert invoke("publish").exit_code == 0
    Path("build/site/ar/news").mkdir()
    shutil.copy("build/site/fr/news/index.html", "build/site/ar/news/index.html")
    result = invoke("publish", "--check")
    assert result.exit_code == 1
    assert "build/site/ar/news/index.html:1: error: the Arabic translation of news.md is 0% " \
           "translated" in result.stdout
    # publish never removes a file it did not write.
    assert Path("build/site/ar/news/index.html").exists()


# --- the user guide's examples ------------------------------------------------------


def guide_commands() -> list[str]:
    """The `translate` commands of docs/publish.md's sh blocks."""
    text = (REPOSITORY / "docs" / "publish.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("translate "):
                commands.append(line)
    return commands


def test_the_guide_has_examples() -> None:
    commands = guide_commands()
    assert "translate publish --check" in commands
    assert "translate check --select site" in commands


def test_the_guide_examples_work_on_the_sample(sample: Path) -> None:
    import shlex

    theme = sample / "theme"
    for command in guide_commands():
        if "site_templates" in command and not theme.exists():
            continue  # the worked example below makes the folder first
        result = invoke(*shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)


def test_the_guide_worked_example_of_a_theme(sample: Path) -> None:
    """The templates and stylesheet of docs/publish.md's worked example
    render, and the site they make passes the checks."""
    text = (REPOSITORY / "docs" / "publish.md").read_text(encoding="utf-8")
    files = re.findall(r"<!-- file: (theme/[\w.]+) -->\n```\w+\n(.*?)```", text, flags=re.S)
    assert {name for name, _ in files} >= {"theme/page.html", "theme/style.css"}
    for name, content in files:
        path = sample / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(content, encoding="utf-8")
    result = invoke("publish", "--check", "--set", "site_templates=theme")
    assert result.exit_code == 0, result.output
    html = Path(page("ar")).read_text(encoding="utf-8")
    assert 'class="release"' in html
    assert Path("build/site/style.css").read_text(encoding="utf-8") == \
        (sample / "theme/style.css").read_text(encoding="utf-8")
