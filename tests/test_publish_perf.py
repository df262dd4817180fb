"""`translate publish` does only the work a change asks for (issue 12,
benchmark): counted, never timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from translate import fsutil
from translate.cli import app
from translate.config import load_settings
from translate.po import format_po, read_po
from translate.project import Project
from translate.publish import MANIFEST, PARALLEL_DOCUMENTS, publish_site
from translate.publish.bidi import isolate, isolator

from .conftest import tree_bytes

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent

#: Over the threshold, so that the default publish renders in worker processes.
COUNT = PARALLEL_DOCUMENTS + 2


def release(number: int, title: str = "") -> str:
    return (f"---\ntitle: {title or f'Release {number} on Operation Usalama IV'}\n"
            f"description: What release {number} says.\ndate: 2024-{1 + number % 12:02}-10\n"
            f"---\n\n## Results\n\nParagraph one of release {number}, see `report.pdf`.\n\n"
            f"Paragraph two of release {number} (24 arrests).\n")


@pytest.fixture
def releases(project) -> Path:
    root = project(languages='["fr", "ar"]',
                   documents={f"news/{number:02}.md": release(number) for number in range(COUNT)},
                   extra='glossary = ""\nbase_url = "https://press.example.org/"\n')
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    for language, prefix in (("fr", "FR "), ("ar", "عربي ")):
        for path in (root / "locales" / language).rglob("*.po"):
            catalog = read_po(path)
            for entry in catalog:
                if entry.msgid:
                    entry.msgstr = prefix + entry.msgid
            path.write_text(format_po(catalog), encoding="utf-8")
    return root


def project_with(site_dir: str = "build/site") -> Project:
    return Project(load_settings().with_overrides(site_dir=site_dir))


class Writes:
    """Every file written through the tool's atomic writer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        original = fsutil.write_atomic

        def counted(path, data, *args, **kwargs):
            self.paths.append(Path(path).as_posix())
            return original(path, data, *args, **kwargs)

        monkeypatch.setattr("translate.publish.write_atomic", counted)


NO_CHANGE = """
import json, sys
from translate.config import load_settings
from translate.project import Project
from translate.publish import publish_site
result = publish_site(Project(load_settings()))
heavy = ("jinja2", "markdown_it", "markupsafe", "polib", "translate.po", "translate.build",
         "multiprocessing", "concurrent.futures")
print(json.dumps({"written": result.written, "rendered": result.rendered,
                  "imported": sorted(name for name in heavy if name in sys.modules)}))
"""


def test_a_publish_with_nothing_to_do_parses_no_catalog_and_imports_no_renderer(
        releases: Path) -> None:
    publish_site(project_with())
    done = subprocess.run([sys.executable, "-c", NO_CHANGE], cwd=releases, check=True,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPOSITORY), "PATH": "/usr/bin:/bin"})
    report = json.loads(done.stdout)
    assert report == {"written": [], "rendered": [], "imported": []}


def test_a_publish_with_nothing_to_do_writes_no_file(releases: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    publish_site(project_with())
    site = releases / "build/site"
    before = tree_bytes(site)
    stamps = {path: path.stat().st_mtime_ns for path in site.rglob("*")}
    writes = Writes(monkeypatch)

    def no_catalog(*args, **kwargs):
        raise AssertionError("a catalog was parsed")

    monkeypatch.setattr("translate.po.parse_po_bytes", no_catalog)
    monkeypatch.setattr("translate.po.parse_po", no_catalog)
    result = publish_site(project_with())
    assert result.written == result.removed == result.rendered == []
    assert result.unchanged == len(before) - 1  # every file but the manifest
    assert writes.paths == []
    assert tree_bytes(site) == before
    assert {path: path.stat().st_mtime_ns for path in site.rglob("*")} == stamps


@pytest.mark.parametrize("jobs", [None, 1])
def test_after_one_document_changed_only_what_shows_it_is_written(
        releases: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | None) -> None:
    publish_site(project_with(), jobs=jobs)
    # A new paragraph: the document's pages change, what lists it does not.
    path = releases / "source/news/07.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA third paragraph.\n",
                    encoding="utf-8")
    writes = Writes(monkeypatch)
    body = publish_site(project_with(), jobs=jobs)
    pages = ["ar/news/07/index.html", "en/news/07/index.html", "fr/news/07/index.html"]
    assert body.rendered == ["news/07.md"]
    assert body.written == pages
    assert writes.paths == [(releases / "build/site" / name).as_posix()
                            for name in [*pages, MANIFEST]]
    # A new title: the listings, feeds and sitemap show it too.  The
    # catalogs translate neither it nor the new paragraph: French and Arabic
    # fall below the threshold, so their pages go and their listings change.
    path.write_text(release(7, "A new title") + "\nA third paragraph.\n", encoding="utf-8")
    title = publish_site(project_with(), jobs=jobs)
    assert title.rendered == ["news/07.md"]
    assert title.not_published == [("news/07.md", "fr", 66.7), ("news/07.md", "ar", 66.7)]
    assert title.removed == ["ar/news/07/index.html", "fr/news/07/index.html"]
    assert title.written == ["ar/feed.xml", "ar/index.html", "en/feed.xml", "en/index.html",
                             "en/news/07/index.html", "fr/feed.xml", "fr/index.html",
                             "sitemap.xml"]
    # The site is the one a publish from nothing writes, manifest included.
    publish_site(project_with("build/fresh"), jobs=jobs)
    assert tree_bytes(releases / "build/site") == tree_bytes(releases / "build/fresh")


def test_rendering_leaves_the_garbage_collector_as_it_was(releases: Path) -> None:
    import gc

    thresholds = gc.get_threshold()
    publish_site(project_with(), jobs=1)
    assert gc.get_threshold() == thresholds
    (releases / "source/news/01.md").write_text("No title.\n", encoding="utf-8")
    with pytest.raises(Exception, match="no title"):
        publish_site(project_with(), jobs=1)
    assert gc.get_threshold() == thresholds


TEXT = st.lists(st.sampled_from(
    list("Usalama IV 24th 2019-02-05 5–7 a+b (x) <&> \"' .,:/@#") + ["عربي", "שלום", "\u00a0"]),
    max_size=30).map("".join)


@given(TEXT, st.sampled_from(["ltr", "rtl"]))
def test_the_isolator_of_a_direction_is_isolate(text: str, direction: str) -> None:
    assert isolator(direction)(text) == isolate(text, direction)
