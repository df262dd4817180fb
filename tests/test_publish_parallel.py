"""`translate publish` on many documents: forked workers and a first publish
written beside the site and moved into place (issue 12, benchmark)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.po import format_po, read_po
from translate.project import Project
from translate.publish import PARALLEL_DOCUMENTS, PublishError, publish_site

from .conftest import tree_bytes

runner = CliRunner()

#: Over the threshold, so that publish_site's default shares the work too.
COUNT = PARALLEL_DOCUMENTS + 4


def markdown(number: int) -> str:
    """Documents that differ in size and markup, so that the workers finish
    them in another order than the site lists them."""
    body = "\n\n".join(
        f"Paragraph {index} of release {number}, with `code {index}` and "
        f"[a link](https://example.org/{number}/{index})." for index in range(1 + number % 7))
    table = "| Region | Seizures |\n|---|---|\n| Africa | 1,200 |\n" if number % 3 == 0 else ""
    return (f"---\ntitle: Release {number} of Operation Usalama IV\n"
            f"description: What release {number} says.\ndate: 2024-{1 + number % 12:02}-10\n"
            f"---\n\n## Results\n\n{body}\n\n{table}")


RELEASE = "Ministers met in Lyon\n\nThe Secretary General welcomed 42 delegations.\n"


def translate_all(root: Path, language: str, prefix: str) -> None:
    for path in (root / "locales" / language).rglob("*.po"):
        catalog = read_po(path)
        for entry in catalog:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = prefix + entry.msgid
        path.write_text(format_po(catalog), encoding="utf-8")


@pytest.fixture
def many(project) -> Path:
    documents = {f"news/{number:02}.md": markdown(number) for number in range(COUNT)}
    documents["release.txt"] = RELEASE
    root = project(languages='["fr", "ar"]', documents=documents,
                   extra='glossary = ""\nbase_url = "https://press.example.org/"\n'
                         'dates = { "release.txt" = 2024-03-01 }\n')
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    translate_all(root, "fr", "FR ")
    translate_all(root, "ar", "عربي ")
    # One translation below the threshold: not published, in either mode.
    path = root / "locales/ar/news/05.md.po"
    catalog = read_po(path)
    for entry in catalog:
        entry.msgstr = ""
    path.write_text(format_po(catalog), encoding="utf-8")
    return root


def project_with(site_dir: str) -> Project:
    return Project(load_settings().with_overrides(site_dir=site_dir))


def test_workers_publish_the_same_site_as_one_process(many: Path) -> None:
    one = publish_site(project_with("build/one"), jobs=1)
    two = publish_site(project_with("build/two"), jobs=2)
    default = publish_site(project_with("build/default"))
    site = tree_bytes(many / "build/one")
    assert len([name for name in site if name.endswith("/index.html")]) == 2 * (COUNT + 1) + 3 + (
        COUNT)  # en and fr everything, ar all but one, the listings
    assert tree_bytes(many / "build/two") == site
    assert tree_bytes(many / "build/default") == site
    for result in (two, default):
        assert result.written == one.written and result.rendered == one.rendered
        assert result.not_published == one.not_published == [("news/05.md", "ar", 0.0)]
        assert result.pages == one.pages
    assert one.rendered == sorted(one.rendered) and len(one.rendered) == COUNT + 1


def test_an_update_by_workers_writes_what_one_process_writes(many: Path) -> None:
    for site in ("build/one", "build/two"):
        publish_site(project_with(site), jobs=1)
    for number in (3, 11):
        path = many / f"source/news/{number:02}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Results", "Findings"),
                        encoding="utf-8")
    (many / "locales/fr/news/07.md.po").unlink()
    one = publish_site(project_with("build/one"), jobs=1)
    two = publish_site(project_with("build/two"), jobs=2)
    assert tree_bytes(many / "build/two") == tree_bytes(many / "build/one")
    assert two.rendered == one.rendered == ["news/03.md", "news/07.md", "news/11.md"]
    assert two.written == one.written and "fr/news/03/index.html" in two.written
    assert two.removed == one.removed == ["fr/news/07/index.html"]


def test_progress_counts_every_document_once(many: Path) -> None:
    publish_site(project_with("build/site"), jobs=1)
    (many / "source/news/02.md").write_text(markdown(102), encoding="utf-8")
    for jobs, site in ((2, "build/two"), (2, "build/site")):
        calls: list[tuple[int, int]] = []
        publish_site(project_with(site), progress=lambda done, total: calls.append((done, total)),
                     jobs=jobs)
        assert calls[-1] == (COUNT + 1, COUNT + 1)
        assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_first_publish_that_fails_leaves_nothing(many: Path, jobs: int) -> None:
    # Two documents without a title: the first of the site is the one named,
    # whichever process gets to which first.
    for number in (4, 15):
        (many / f"source/news/{number:02}.md").write_text("Just a paragraph.\n", encoding="utf-8")
    before = tree_bytes(many)
    with pytest.raises(PublishError) as error:
        publish_site(project_with("build/deep/site"), jobs=jobs)
    assert str(error.value).startswith("source/news/04.md:1: the document has no title")
    assert tree_bytes(many) == before
    assert not (many / "build").exists()


def test_an_update_that_fails_keeps_the_site_as_it_was(many: Path) -> None:
    publish_site(project_with("build/site"), jobs=2)
    site = tree_bytes(many / "build/site")
    for number in range(COUNT):
        path = many / f"source/news/{number:02}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                        encoding="utf-8")
    (many / f"source/news/{COUNT - 1:02}.md").write_text("No title.\n", encoding="utf-8")
    with pytest.raises(PublishError, match="no title"):
        publish_site(project_with("build/site"), jobs=2)
    assert tree_bytes(many / "build/site") == site
    assert sorted(path.name for path in (many / "build").iterdir()) == ["site"]


def test_a_publish_killed_in_the_middle_is_cleaned_up_by_the_next(many: Path) -> None:
    build = many / "build"
    build.mkdir()
    left = build / ".site.k3j_x9aq.publish"
    (left / "fr").mkdir(parents=True)
    (left / "fr/index.html").write_text("half a site")
    busy = build / ".site.a1b2c3d4.publish"
    busy.mkdir()
    mine = build / ".site.notes"
    mine.mkdir()
    handle = os.open(busy, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        publish_site(project_with("build/site"), jobs=2)
    finally:
        os.close(handle)
    assert not left.exists()
    assert busy.is_dir() and mine.is_dir()  # another publish at work; not ours
    assert (build / "site/fr/news/00/index.html").is_file()
    assert sorted(path.name for path in build.iterdir()) == [
        ".site.a1b2c3d4.publish", ".site.notes", "site"]


def test_a_site_folder_made_during_a_first_publish_is_updated_in_place(
        many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translate.publish import pages

    render_listings = pages.render_listings
    own = many / "build/site/images/logo.svg"

    def listings_and_a_folder(*args, **kwargs):
        # Someone makes the site folder while the pages are rendered.
        own.parent.mkdir(parents=True)
        own.write_text("<svg/>")
        return render_listings(*args, **kwargs)

    monkeypatch.setattr(pages, "render_listings", listings_and_a_folder)
    result = publish_site(project_with("build/site"), jobs=2)
    monkeypatch.setattr(pages, "render_listings", render_listings)
    reference = publish_site(project_with("build/reference"), jobs=1)
    site = tree_bytes(many / "build/site")
    assert site.pop("images/logo.svg") == b"<svg/>"
    assert site == tree_bytes(many / "build/reference")
    assert result.written == reference.written
    assert sorted(path.name for path in (many / "build").iterdir()) == ["reference", "site"]
