"""`translate publish`: the multilingual static site (issue 12)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.po import format_po, read_po
from translate.project import Project
from translate.publish import MANIFEST, publish_site
from translate.publish.bidi import isolate

from .conftest import DATA, copy_sample, translate_with_prefix, tree_bytes

runner = CliRunner()
GOLDEN = DATA / "publish" / "sample"

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

The operation **Thunderstorm** ran in 92 countries; see `report.pdf`.

| Region | Seizures |
|--------|----------|
| Africa | 1,200    |
"""


def invoke(*args: str):
    return runner.invoke(app, list(args))


def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample project."""
    return copy_sample(tmp_path / "sample")


def translate_all(root: Path, language: str, prefix: str) -> None:
    for path in (root / "locales" / language).glob("*.po"):
        translate_with_prefix(path, prefix)


@pytest.fixture
def site_project(project):
    """A project with a plain text release and a Markdown one, French and
    Arabic catalogs translated."""
    root = project(languages='["fr", "ar"]', documents={"release.txt": RELEASE, "news.md": NEWS},
                   extra='glossary = ""\nbase_url = "https://press.example.org/"\n'
                         'dates = { "release.txt" = 2024-03-01 }\n')
    assert invoke("extract").exit_code == 0
    assert invoke("update").exit_code == 0
    translate_all(root, "fr", "FR ")
    translate_all(root, "ar", "عربي ")
    return root


def site_files(root: Path) -> dict[str, bytes]:
    return tree_bytes(root / "build" / "site")


# --- the sample: golden pages --------------------------------------------------


def test_the_sample_site_matches_its_golden_files(tmp_path: Path, monkeypatch) -> None:
    root = sample(tmp_path)
    monkeypatch.chdir(root)
    result = invoke("publish")
    assert result.exit_code == 0, result.output
    assert "Open build/site/index.html in a browser." in result.output
    files = site_files(root)
    files.pop(MANIFEST)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    assert files == tree_bytes(GOLDEN)
    assert sorted(files) == [
        "ar/feed.xml", "ar/index.html", "ar/interpol-african-regional-conference/index.html",
        "en/feed.xml", "en/index.html", "en/interpol-african-regional-conference/index.html",
        "es/feed.xml", "es/index.html", "es/interpol-african-regional-conference/index.html",
        "fr/feed.xml", "fr/index.html", "fr/interpol-african-regional-conference/index.html",
        "index.html", "robots.txt", "ru/feed.xml", "ru/index.html",
        "ru/interpol-african-regional-conference/index.html", "sitemap.xml", "style.css"]


def test_every_page_lists_every_version_and_says_its_language(tmp_path: Path,
                                                             monkeypatch) -> None:
    root = sample(tmp_path)
    monkeypatch.chdir(root)
    invoke("publish")
    slug = "interpol-african-regional-conference"
    for language, direction in (("en", "ltr"), ("ru", "ltr"), ("fr", "ltr"), ("es", "ltr"),
                                ("ar", "rtl")):
        html = (root / f"build/site/{language}/{slug}/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}" dir="{direction}">' in html
        for other in ("en", "ru", "fr", "es", "ar"):
            assert (f'<link rel="alternate" hreflang="{other}" '
                    f'href="https://press.example.org/{other}/{slug}/">') in html
        assert (f'<link rel="alternate" hreflang="x-default" '
                f'href="https://press.example.org/en/{slug}/">') in html
        assert f'<link rel="canonical" href="https://press.example.org/{language}/{slug}/">' in html
        assert 'aria-current="page">' + {"en": "English", "ru": "Русский", "fr": "Français",
                                          "es": "Español", "ar": "العربية"}[language] in html
        assert "http://" not in html and "//fonts" not in html and "<script" not in html
    arabic = (root / f"build/site/ar/{slug}/index.html").read_text(encoding="utf-8")
    assert '«<bdi dir="ltr">Usalama IV</bdi>»' in arabic
    assert '<time datetime="2019-02-05" dir="ltr">' in arabic


# --- deterministic and incremental --------------------------------------------


def test_publishing_twice_changes_nothing(site_project: Path) -> None:
    proj = Project(load_settings())
    first = publish_site(proj)
    assert first.written and not first.removed
    before = site_files(site_project)
    stamps = {p: p.stat().st_mtime_ns for p in (site_project / "build/site").rglob("*")}
    again = publish_site(proj)
    assert again.written == [] and again.removed == [] and again.rendered == []
    assert site_files(site_project) == before
    assert {p: p.stat().st_mtime_ns for p in (site_project / "build/site").rglob("*")} == stamps


def test_a_changed_catalog_renders_only_its_document_again(site_project: Path) -> None:
    proj = Project(load_settings())
    publish_site(proj)
    path = site_project / "locales/fr/news.md.po"
    catalog = read_po(path)
    entry = next(entry for entry in catalog if entry.msgid == "Operation Thunderstorm results")
    entry.msgstr = "Résultats de l’opération Thunderstorm"
    path.write_text(format_po(catalog), encoding="utf-8")
    again = publish_site(proj)
    assert again.rendered == ["news.md"]
    assert "fr/news/index.html" in again.written
    assert "fr/index.html" in again.written and "fr/feed.xml" in again.written
    assert not any(name.startswith(("ar/news", "en/news", "fr/release")) for name in again.written)
    assert "Résultats de l’opération Thunderstorm" in (
        site_project / "build/site/fr/index.html").read_text(encoding="utf-8")


def test_a_translation_below_the_threshold_goes_offline(site_project: Path) -> None:
    proj = Project(load_settings())
    publish_site(proj)
    assert (site_project / "build/site/ar/release/index.html").exists()
    path = site_project / "locales/ar/release.txt.po"
    catalog = read_po(path)
    for entry in catalog:
        entry.msgstr = ""
    path.write_text(format_po(catalog), encoding="utf-8")
    again = publish_site(proj)
    assert "ar/release/index.html" in again.removed
    assert not (site_project / "build/site/ar/release").exists()
    assert again.not_published == [("release.txt", "ar", 0.0)]
    for page in ("en/release/index.html", "fr/release/index.html", "sitemap.xml",
                 "ar/index.html", "ar/feed.xml"):
        text = (site_project / "build/site" / page).read_text(encoding="utf-8")
        assert "/ar/release/" not in text and "ar/release/index.html" not in text, page
    assert (site_project / "build/site/ar/news/index.html").exists()


def test_files_the_site_did_not_write_are_left_alone(site_project: Path) -> None:
    proj = Project(load_settings())
    publish_site(proj)
    own = site_project / "build/site/images/logo.svg"
    own.parent.mkdir()
    own.write_text("<svg/>")
    (site_project / "source/news.md").unlink()
    again = publish_site(proj)
    assert "fr/news/index.html" in again.removed and own.read_text() == "<svg/>"


# --- pages ----------------------------------------------------------------------


def test_markdown_front_matter_feeds_title_description_date(site_project: Path) -> None:
    publish_site(Project(load_settings()))
    html = (site_project / "build/site/fr/news/index.html").read_text(encoding="utf-8")
    assert "<title>FR Operation Thunderstorm results</title>" in html
    assert '<meta name="description" content="FR What the operation achieved.">' in html
    assert '<meta property="og:title" content="FR Operation Thunderstorm results">' in html
    assert '<time datetime="2024-05-06" dir="ltr">2024-05-06</time>' in html
    assert "<h1>FR Operation Thunderstorm results</h1>" in html
    assert "<table>" in html and "<strong>Thunderstorm</strong>" in html
    arabic = (site_project / "build/site/ar/news/index.html").read_text(encoding="utf-8")
    assert '<code dir="ltr">report.pdf</code>' in arabic
    assert '<bdi dir="ltr">Thunderstorm</bdi>' in arabic
    listing = (site_project / "build/site/fr/index.html").read_text(encoding="utf-8")
    assert listing.index("FR Operation Thunderstorm results") < listing.index(
        "FR Ministers met in Lyon")  # newest first


def test_plain_text_release_is_rendered_from_its_segments(site_project: Path) -> None:
    publish_site(Project(load_settings()))
    html = (site_project / "build/site/fr/release/index.html").read_text(encoding="utf-8")
    assert "<h1>FR Ministers met in Lyon</h1>" in html
    assert "<p>FR The Secretary General welcomed 42 delegations to Lyon on Monday.</p>" in html
    assert '<footer class="document">\n<p>FR © 2024, The Organization</p>\n</footer>' in html
    assert '<time datetime="2024-03-01" dir="ltr">' in html


def test_sitemap_feeds_and_robots(site_project: Path) -> None:
    publish_site(Project(load_settings()))
    site = site_project / "build/site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == 3 * 2 + 1 + 3  # pages, the selector, 3 listings
    assert ('<xhtml:link rel="alternate" hreflang="ar" '
            'href="https://press.example.org/ar/news/"/>') in sitemap
    feed = (site / "fr/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and 'xml:lang="fr"' in feed
    assert "<updated>2024-05-06T00:00:00Z</updated>" in feed
    assert (site / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://press.example.org/sitemap.xml\n")
    import xml.etree.ElementTree as ET

    ET.fromstring(sitemap.encode())
    ET.fromstring(feed.encode())


def test_without_base_url_the_site_works_and_says_what_search_engines_need(project) -> None:
    root = project(languages='["fr"]', documents={"release.txt": RELEASE},
                   extra='glossary = ""\n')
    invoke("extract")
    invoke("update")
    translate_all(root, "fr", "FR ")
    result = invoke("publish")
    assert result.exit_code == 0
    assert "warning: base_url is not set" in result.stderr
    html = (root / "build/site/fr/release/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="/en/release/">' in html
    assert 'href="../../en/release/index.html"' in html


def test_codes_with_a_region(project) -> None:
    root = project(languages='["pt_BR"]', documents={"release.txt": RELEASE},
                   extra='glossary = ""\nbase_url = "https://x.example/"\n')
    invoke("extract")
    invoke("update")
    translate_all(root, "pt_BR", "PT ")
    assert invoke("publish").exit_code == 0
    html = (root / "build/site/pt-br/release/index.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR" dir="ltr">' in html
    assert '<link rel="alternate" hreflang="pt-BR" href="https://x.example/pt-br/release/">' in html


def test_templates_and_stylesheet_can_be_replaced(site_project: Path) -> None:
    own = site_project / "theme"
    own.mkdir()
    (own / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}<div class="mine">{{ page.body }}</div>'
        "{% endblock %}", encoding="utf-8")
    (own / "style.css").write_text("body { color: black; }\n", encoding="utf-8")
    with (site_project / "pyproject.toml").open("a", encoding="utf-8") as stream:
        stream.write('site_templates = "theme"\n')
    publish_site(Project(load_settings()))
    html = (site_project / "build/site/fr/release/index.html").read_text(encoding="utf-8")
    assert '<div class="mine"><h1>FR Ministers met in Lyon</h1>' in html
    assert (site_project / "build/site/style.css").read_text() == "body { color: black; }\n"


# --- bad input: one line, nothing published --------------------------------------


def _fails_cleanly(root: Path, expected: str, *args: str) -> None:
    before = tree_bytes(root)
    result = invoke("publish", *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert expected in lines[0], lines[0]
    assert tree_bytes(root) == before


def test_a_document_without_title(site_project: Path) -> None:
    (site_project / "source/notitle.txt").write_text(
        "Just a paragraph that ends with a full stop.\n", encoding="utf-8")
    _fails_cleanly(site_project, "Error: source/notitle.txt:1: the document has no title")


def test_two_documents_at_one_address(site_project: Path) -> None:
    (site_project / "source/news.txt").write_text(RELEASE, encoding="utf-8")
    _fails_cleanly(site_project, "publishes at the same address as")


def test_a_template_that_does_not_render(site_project: Path) -> None:
    own = site_project / "theme"
    own.mkdir()
    (own / "page.html").write_text('{% extends "base.html" %}\n{% block content %}\n'
                                   "{{ page.nonsense }}\n{% endblock %}\n", encoding="utf-8")
    with (site_project / "pyproject.toml").open("a", encoding="utf-8") as stream:
        stream.write('site_templates = "theme"\n')
    _fails_cleanly(site_project, "template error")


def test_a_base_url_that_is_not_absolute(site_project: Path) -> None:
    _fails_cleanly(site_project, "base_url 'press.example.org' is not an absolute http(s) URL",
                   "--set", "base_url=press.example.org")


def test_a_site_folder_leading_outside_the_project(site_project: Path,
                                                  tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (site_project / "build").mkdir(exist_ok=True)
    (site_project / "build/site").symlink_to(outside)
    _fails_cleanly(site_project, "outside the project")
    assert list(outside.iterdir()) == []


# --- bidi -----------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("عملية «Lionfish» انتهت", 'عملية «<bdi dir="ltr">Lionfish</bdi>» انتهت'),
    ("الدورة 24th للمؤتمر", 'الدورة <bdi dir="ltr">24th</bdi> للمؤتمر'),
    ("في 2019-02-05 و42 دولة", 'في <bdi dir="ltr">2019-02-05</bdi> و42 دولة'),
    ("الموقع (www.interpol.int).", 'الموقع (<bdi dir="ltr">www.interpol.int</bdi>).'),
    ("البريد press@example.org اليوم", 'البريد <bdi dir="ltr">press@example.org</bdi> اليوم'),
])
def test_runs_that_read_left_to_right_are_isolated_in_arabic(text: str, expected: str) -> None:
    assert isolate(text, "rtl") == expected


def test_text_is_escaped() -> None:
    assert isolate("a < b & c", "ltr") == "a &lt; b &amp; c"
    assert isolate("د < ه & و", "rtl") == "د &lt; ه &amp; و"


def test_arabic_names_are_isolated_in_a_left_to_right_page() -> None:
    assert isolate("The minister خالد عمر spoke.", "ltr") == (
        'The minister <bdi dir="rtl">خالد عمر</bdi> spoke.')


def test_json_output(site_project: Path) -> None:
    result = invoke("publish", "--format", "json")
    data = json.loads(result.stdout)
    assert data["site"] == "build/site" and data["pages"] == {"en": 2, "fr": 2, "ar": 2}
