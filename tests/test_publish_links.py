"""`translate publish`: links between documents, images and other files
(issue 12, translate/publish/links.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.checks.site import check_site
from translate.cli import app
from translate.config import load_settings
from translate.project import Project
from translate.publish import MANIFEST, document_keys, publish_site
from translate.segment import HtmlStyle, format_for, read_document

from .conftest import translate_with_prefix, tree_bytes

runner = CliRunner()

#: A PNG's first bytes: enough for a file the site copies as it is.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))

A = """\
# The first release

See [the other release](b.md) and [a section](b.md#part "Its part").

![logo](img/logo.png)

A [reference link][1] and one [to the notes](sub/notes.md?view=1#top).

[1]: b.md
"""

B = """\
# The second release

Back to [the first](a.md).
"""

NOTES = """\
# Notes

Up to [the first](../a.md), the [logo](../img/logo.png), and
the [report](../files/report%20final.pdf).
"""


def invoke(*args: str):
    return runner.invoke(app, list(args))


def translate(root: Path, language: str, document: str, prefix: str) -> None:
    translate_with_prefix(root / "locales" / language / (document + ".po"), prefix)


@pytest.fixture
def linked(project):
    """Three Markdown documents that link each other (one in a sub-folder),
    an image and a PDF; a and sub/notes translated into French, b not."""
    root = project(languages='["fr"]',
                   documents={"a.md": A, "b.md": B, "sub/notes.md": NOTES,
                              "img/logo.png": PNG, "files/report final.pdf": b"%PDF-1.4\n"},
                   extra='glossary = ""\n')
    assert invoke("extract").exit_code == 0
    assert invoke("update").exit_code == 0
    translate(root, "fr", "a.md", "FR ")
    translate(root, "fr", "sub/notes.md", "FR ")
    return root


def publish(root: Path) -> object:
    return publish_site(Project(load_settings(root)))


def page(root: Path, path: str) -> str:
    return (root / "build" / "site" / path).read_text(encoding="utf-8")


def hrefs(html: str) -> list[str]:
    """The links and images of a page's article, in order."""
    article = html[html.index("<article>"):html.index("</article>")]
    return re.findall(r'<(?:a|img) [^>]*?(?:href|src)="([^"]*)"', article)


# --- where links lead ------------------------------------------------------------


def test_links_to_documents_lead_to_their_pages_in_the_same_language(linked: Path) -> None:
    publish(linked)
    english = page(linked, "en/a/index.html")
    assert hrefs(english) == ["../b/index.html", "../b/index.html#part",
                              "../../assets/img/logo.png", "../b/index.html",
                              "../sub/notes/index.html?view=1#top"]
    assert 'title="Its part"' in english
    assert "hreflang" not in english[english.index("<article>"):]
    # From a sub-folder, to a document above it and to files.
    notes = page(linked, "en/sub/notes/index.html")
    assert hrefs(notes) == ["../../a/index.html", "../../../assets/img/logo.png",
                            "../../../assets/files/report%20final.pdf"]


def test_a_link_to_an_unpublished_translation_falls_back_to_the_source_page(
        linked: Path) -> None:
    publish(linked)
    french = page(linked, "fr/a/index.html")
    article = french[french.index("<article>"):french.index("</article>")]
    # b has no French page: its English one, marked as English.
    assert '<a href="../../en/b/index.html" hreflang="en">' in article
    assert '<a href="../../en/b/index.html#part" title="Its part" hreflang="en">' in article
    # notes is published in French: its French page, nothing to mark.
    assert '<a href="../sub/notes/index.html?view=1#top">' in article
    assert not (linked / "build/site/fr/b").exists()
    notes = page(linked, "fr/sub/notes/index.html")
    assert hrefs(notes)[0] == "../../a/index.html"


def test_images_and_files_are_copied_once_for_every_language(linked: Path) -> None:
    publish(linked)
    site = linked / "build" / "site"
    assert (site / "assets/img/logo.png").read_bytes() == PNG
    assert (site / "assets/files/report final.pdf").read_bytes() == b"%PDF-1.4\n"
    assert sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")
                  if p.is_file()) == ["assets/files/report final.pdf", "assets/img/logo.png"]
    for language in ("en", "fr"):
        html = page(linked, f"{language}/a/index.html")
        assert '<img src="../../assets/img/logo.png" alt="logo" />' in html
        # The path resolves, from the page's folder, to the copy.
        folder = site / language / "a"
        assert (folder / "../../assets/img/logo.png").resolve() == \
            (site / "assets/img/logo.png").resolve()
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert "assets/img/logo.png" in manifest["files"]
    assert "assets/img/logo.png" in manifest["documents"]["a.md"]["files"]


def test_absolute_links_and_documents_without_relative_links_are_untouched(project) -> None:
    text = ("# Out\n\n[site](https://example.org/x.md) [mail](mailto:a@example.org) "
            "[top](#out) [root](/b.md) [net](//example.org/b.md) <https://example.org>\n")
    root = project(languages='["fr"]', documents={"out.md": text, "b.md": B},
                   extra='glossary = ""\n')
    assert invoke("extract").exit_code == 0
    result = publish(root)
    assert [warning for warning in result.warnings if "base_url" not in warning] == [
        "source/b.md:3: the link 'a.md' leads to no document or file of the source folder: "
        "it is published as written -- fix the link, or add the file"]
    assert hrefs(page(root, "en/out/index.html")) == [
        "https://example.org/x.md", "mailto:a@example.org", "#out", "/b.md",
        "//example.org/b.md", "https://example.org"]
    manifest = json.loads((root / "build/site" / MANIFEST).read_text(encoding="utf-8"))
    # A document without relative links keeps the entry (and key) it always had.
    assert sorted(manifest["documents"]["out.md"]) == ["files", "key", "not_published", "pages"]


def test_without_a_url_rewriter_the_html_is_as_before(linked: Path) -> None:
    """HtmlStyle's url None: destinations exactly as written."""
    source = linked / "source" / "a.md"
    document = read_document(source, "a.md", "source/a.md")
    html = format_for("a.md").html(document, lambda segment: None, HtmlStyle(lambda s: s))
    assert '<a href="b.md">' in html.body and '<img src="img/logo.png" alt="logo" />' in html.body


# --- what is not there, or not allowed -------------------------------------------


def test_a_missing_target_is_warned_by_publish_and_reported_by_check(project) -> None:
    text = "# Gone\n\nFirst line.\nSee [the annex](annex/missing.md) and ![chart](chart.svg).\n"
    root = project(languages='["fr"]', documents={"gone.md": text}, extra='glossary = ""\n')
    assert invoke("extract").exit_code == 0
    result = invoke("publish")
    assert result.exit_code == 0, result.output
    assert ("source/gone.md:4: the link 'annex/missing.md' leads to no document or file of the "
            "source folder") in result.output
    assert "source/gone.md:4: the link 'chart.svg'" in result.output
    html = page(root, "en/gone/index.html")
    assert '<a href="annex/missing.md">' in html and '<img src="chart.svg"' in html
    # A publish with nothing to render warns again.
    again = publish(root)
    assert again.rendered == []
    assert any("'chart.svg'" in warning for warning in again.warnings)
    findings = check_site(Project(load_settings(root))).findings
    links = [f for f in findings if f.code == "site-link"]
    assert len(links) == 2, findings
    assert all(f.path == "build/site/en/gone/index.html" for f in links)
    assert sorted(f.message for f in links) == [
        "the document's image 'chart.svg' leads to no file of the site -- fix it in "
        "source/gone.md, then run `translate publish`",
        "the document's link 'annex/missing.md' leads to no file of the site -- fix it in "
        "source/gone.md, then run `translate publish`"]
    # Adding the file makes the next publish link it, as a publish from nothing.
    (root / "source" / "chart.svg").write_text("<svg/>", encoding="utf-8")
    assert "gone.md" in publish(root).rendered
    assert '<img src="../../assets/chart.svg"' in page(root, "en/gone/index.html")
    left = [f for f in check_site(Project(load_settings(root))).findings
            if f.code in ("site-link", "site-unpublished", "site-stale")]
    assert [(f.code, "annex/missing.md" in f.message) for f in left] == [("site-link", True)]


def test_the_site_check_reports_a_dead_link_of_a_page(linked: Path) -> None:
    publish(linked)
    assert not [f for f in check_site(Project(load_settings(linked))).findings
                if f.code in ("site-link", "site-unpublished", "site-stale")]
    (linked / "build/site/assets/img/logo.png").unlink()
    findings = [f for f in check_site(Project(load_settings(linked))).findings
                if f.code == "site-link"]
    assert {f.path for f in findings} == {"build/site/en/a/index.html",
                                          "build/site/fr/a/index.html",
                                          "build/site/en/sub/notes/index.html",
                                          "build/site/fr/sub/notes/index.html"}
    assert all("assets/img/logo.png" in f.message for f in findings)


def test_a_symbolic_link_out_of_the_project_is_refused(linked: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(b"secret")
    logo = linked / "source" / "img" / "logo.png"
    logo.unlink()
    os.symlink(outside, logo)
    result = invoke("publish")
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: source/a.md:5: "), result.output
    assert "outside the project" in lines[0]
    assert not (linked / "build" / "site").exists()
    # An existing site is not touched either.
    logo.unlink()
    logo.write_bytes(PNG)
    publish(linked)
    before = tree_bytes(linked / "build" / "site")
    logo.unlink()
    os.symlink(outside, logo)
    assert invoke("publish").exit_code != 0
    assert tree_bytes(linked / "build" / "site") == before


def test_a_link_that_climbs_out_of_the_source_folder_is_left_and_warned(project) -> None:
    root = project(languages='["fr"]',
                   documents={"a.md": "# A\n\nThe [config](../pyproject.toml).\n"},
                   extra='glossary = ""\n')
    result = publish(root)
    assert '<a href="../pyproject.toml">' in page(root, "en/a/index.html")
    assert any("'../pyproject.toml'" in warning for warning in result.warnings)


# --- incremental and deterministic -------------------------------------------------


def test_publishing_twice_changes_no_byte(linked: Path) -> None:
    publish(linked)
    before = tree_bytes(linked / "build" / "site")
    assert "assets/img/logo.png" in before
    result = publish(linked)
    assert result.rendered == [] and result.written == []
    assert tree_bytes(linked / "build" / "site") == before
    keys = document_keys(Project(load_settings(linked)))
    manifest = json.loads((linked / "build/site" / MANIFEST).read_text(encoding="utf-8"))
    assert keys == {name: entry["key"] for name, entry in manifest["documents"].items()}


def fresh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a publish from nothing writes for the project as it is."""
    copy = tmp_path / root.name  # the feeds' ids hold the folder's name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"), symlinks=True)
    publish(copy)
    return tree_bytes(copy / "build" / "site")


def test_publishing_a_translation_later_updates_the_pages_linking_to_it(
        linked: Path, tmp_path_factory) -> None:
    publish(linked)
    assert 'hreflang="en"' in page(linked, "fr/a/index.html")
    translate(linked, "fr", "b.md", "FR ")
    result = publish(linked)
    assert "a.md" in result.rendered and "b.md" in result.rendered
    assert "sub/notes.md" not in result.rendered  # it does not link to b
    french = page(linked, "fr/a/index.html")
    assert '<a href="../b/index.html">' in french and 'hreflang="en">' not in french
    site = tree_bytes(linked / "build" / "site")
    assert site == fresh(linked, tmp_path_factory.mktemp("from-nothing"))


def test_a_changed_or_removed_image_is_rewritten_or_removed(linked: Path,
                                                            tmp_path_factory) -> None:
    publish(linked)
    logo = linked / "source" / "img" / "logo.png"
    logo.write_bytes(PNG + b"changed")
    result = publish(linked)
    assert "assets/img/logo.png" in result.written
    assert (linked / "build/site/assets/img/logo.png").read_bytes() == PNG + b"changed"
    assert tree_bytes(linked / "build/site") == fresh(linked, tmp_path_factory.mktemp("one"))
    # No page references the PDF any more: it leaves the site.
    notes = linked / "source" / "sub" / "notes.md"
    notes.write_text(NOTES.replace(", and\nthe [report](../files/report%20final.pdf)", "."),
                     encoding="utf-8")
    assert invoke("update").exit_code == 0
    result = publish(linked)
    assert "assets/files/report final.pdf" in result.removed
    assert not (linked / "build/site/assets/files").exists()
    assert tree_bytes(linked / "build/site") == fresh(linked, tmp_path_factory.mktemp("two"))
    # The image removed from the source: the links stay as written, warned.
    logo.unlink()
    result = publish(linked)
    assert "assets/img/logo.png" in result.removed
    assert '<img src="img/logo.png"' in page(linked, "en/a/index.html")
    assert any("'img/logo.png'" in warning for warning in result.warnings)
    assert tree_bytes(linked / "build/site") == fresh(linked, tmp_path_factory.mktemp("three"))


def test_plain_text_documents_are_unchanged(project) -> None:
    text = "A title\n\nSee [x](b.md) and img/logo.png.\n"
    root = project(languages='["fr"]', documents={"a.txt": text, "b.md": B},
                   extra='glossary = ""\n')
    publish(root)
    html = page(root, "en/a/index.html")
    assert "[x](b.md)" in html
    manifest = json.loads((root / "build/site" / MANIFEST).read_text(encoding="utf-8"))
    assert "links" not in manifest["documents"]["a.txt"]


def test_worker_processes_write_the_same_site(linked: Path, tmp_path_factory) -> None:
    """Forked workers (a first publish stages the pages; the files documents
    share are staged once) and an update of an existing site."""
    publish_site(Project(load_settings(linked)), jobs=2)
    parallel = tree_bytes(linked / "build" / "site")
    assert parallel["assets/img/logo.png"] == PNG
    assert '<a href="../../en/b/index.html" hreflang="en">' in parallel["fr/a/index.html"].decode()
    assert parallel == fresh(linked, tmp_path_factory.mktemp("one"))
    (linked / "source" / "img" / "logo.png").write_bytes(PNG + b"again")
    translate(linked, "fr", "b.md", "FR ")
    publish_site(Project(load_settings(linked)), jobs=2)
    assert tree_bytes(linked / "build" / "site") == fresh(linked, tmp_path_factory.mktemp("two"))


def test_translate_check_sees_a_removed_copy_every_time(linked: Path) -> None:
    assert invoke("publish").exit_code == 0
    assert invoke("check", "--select", "site").exit_code == 0
    (linked / "build/site/assets/img/logo.png").unlink()
    for _ in range(2):  # the second run may answer from the check's cache
        result = invoke("check", "--select", "site")
        assert result.exit_code == 1
        assert "leads to no file of the site" in result.output


def test_file_names_with_spaces_percent_and_accents(project) -> None:
    text = ("# Files\n\nThe [report](<files/100% été.pdf>), the [same](files/100%25%20%C3%A9t%C3%A9.pdf)"
            " and [the notes](sub%20dir/%C3%A9%20b.md).\n")
    root = project(languages='["fr"]',
                   documents={"files.md": text, "files/100% été.pdf": b"%PDF",
                              "sub dir/é b.md": "# Notes\n\nText.\n"},
                   extra='glossary = ""\n')
    result = publish(root)
    assert [w for w in result.warnings if "base_url" not in w] == []
    assert hrefs(page(root, "en/files/index.html")) == [
        "../../assets/files/100%25%20%C3%A9t%C3%A9.pdf",
        "../../assets/files/100%25%20%C3%A9t%C3%A9.pdf",
        "../sub%20dir/%C3%A9%20b/index.html"]
    assert (root / "build/site/assets/files/100% été.pdf").read_bytes() == b"%PDF"
    assert not [f for f in check_site(Project(load_settings(root))).findings
                if f.code == "site-link"]


# --- in a real browser ---------------------------------------------------------------


def _png() -> bytes:
    """A real 2x1 PNG (a browser decodes it; its natural width is 2)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def test_the_pages_and_the_copied_image_load_in_chromium(linked: Path, tmp_path_factory) -> None:
    """Served by a web server and loaded by headless Chromium: from every
    language's page, the image shows and every link of the text answers 200."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed")
        pytest.skip("Debian's chromium is not installed")
    from .browser.chromium import Browser
    from .browser.server import StaticServer

    (linked / "source" / "img" / "logo.png").write_bytes(_png())
    publish(linked)
    folder = tmp_path_factory.mktemp("chromium")
    (folder / "profile").mkdir()
    browser = Browser(chromium, folder / "profile", folder / "chromium.log")
    server = StaticServer(linked / "build" / "site")
    try:
        tab = browser.new_page(server.origin)
        for language in ("en", "fr"):
            visit = tab.goto(f"{server.origin}/{language}/a/index.html")
            assert visit.status == 200 and visit.console == [], visit
            assert tab.evaluate("document.querySelector('article img').naturalWidth") == 2
            links = tab.evaluate("[...document.querySelectorAll('article a')].map(a => a.href)")
            assert len(links) == 4
            statuses = tab.evaluate("Promise.all([...document.querySelectorAll('article a')]"
                                    ".map(a => fetch(a.href).then(r => r.status)))")
            assert statuses == [200, 200, 200, 200], links
        tab.close()
    finally:
        server.stop()
        browser.close()
    assert ("/assets/img/logo.png", 200) in server.log
