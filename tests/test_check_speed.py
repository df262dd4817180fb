"""`translate check`'s fast paths give exactly the findings of the slow ones
(issue 15): the quick well-formedness test of site pages, the pages read in
worker processes, the cache of findings, the Markdown markup shortcut; and
the cache is invalidated by any change of an input."""

from __future__ import annotations

import json
import random
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

import translate.checks.html5 as html5
import translate.checks.project as check_module
from translate.checks import check_project
from translate.checks.cache import CACHE_FILE
from translate.cli import app
from translate.config import load_settings
from translate.project import Project

from .conftest import copy_sample

runner = CliRunner()
SLUG = "interpol-african-regional-conference"
DOC = "interpol-african-regional-conference.txt"


def html5lib_errors(text: str) -> list:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(text)
    return parser.errors


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's sample project, published, with a second document
    (Markdown, with markup) so that the site has listings of several pages."""
    root = copy_sample(tmp_path / "sample")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["publish"])
    assert result.exit_code == 0, result.output
    return root


def pages(root: Path) -> list[Path]:
    return sorted((root / "build" / "site").rglob("*.html"))


def report(root: Path, **options) -> dict:
    """check_project's report as the JSON the CLI prints."""
    project = Project(load_settings(root))
    return check_project(project, project.languages, **options).to_dict()


def cli_outputs() -> tuple[str, str]:
    outputs = []
    for fmt in ("json", "text"):
        result = runner.invoke(app, ["check", "--format", fmt])
        assert result.exit_code in (0, 1), result.output
        outputs.append(result.output)
    return outputs[0], outputs[1]


# --- the quick test of pages: never clears one html5lib finds fault with ---

BROKEN = [
    "<p>", "</p>", "<div>", "</div>", "</a>", "<li>", "<h2>", "<span/>", "&", "&#0;", "&#128;",
    "&#x110000;", "&foo;", "&nbsp", "<!-- -- -->", "<!--->", "\x00", "\x01", "<table>", "<td>",
    "<dd>", "</title>", "<style>", "<script>", "</body>", "</html>", "<body>", "<html>",
    "<head>", "<x>", '<p a="1" a="2">', "<p a=1>", "<p a='1'>", '<p"a>', "<", "</", "</br>",
    "<!DOCTYPE html>", "\ufffe", "\U0001fffe", "<svg>", "<p/>", "<a>", "<h3>", "&#13;",
    "<form>", "<button>", "<pre>", "<ul>", "<em>", "<!doctype x>", '<b id="x" ID="y">',
    '<b id="x" class="y">',
]


def mutate(text: str, rng: random.Random) -> str:
    """The page with one to three random edits: a snippet inserted, a few
    characters or a whole tag deleted."""
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.5:
            text = text[:position] + rng.choice(BROKEN) + text[position:]
        elif choice < 0.75:
            text = text[:position] + text[position + rng.randint(1, 8):]
        else:
            start = text.find("<", position)
            end = text.find(">", start)
            if start >= 0 and end >= 0:
                text = text[:start] + text[end + 1:]
    return text


def test_the_pages_publish_writes_are_cleared_and_html5lib_agrees(sample: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in pages(sample)]
    assert len(texts) > 5
    for text in texts:
        assert html5.clearly_well_formed(text)
        assert html5lib_errors(text) == []


def test_a_page_the_quick_test_clears_has_no_html5lib_error(sample: Path) -> None:
    small = ('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
             "<title>T &amp; t</title>\n</head>\n<body>\n<main><article><h1>x</h1><p>a "
             '<b>b</b> &amp; <a href="u">c</a><br></p><ul><li>a</li></ul><hr />'
             "<dl><dt>t</dt><dd>d</dd></dl></article></main>\n</body>\n</html>\n")
    assert html5.clearly_well_formed(small) and html5lib_errors(small) == []
    texts = [small] + [path.read_text(encoding="utf-8") for path in pages(sample)[:3]]
    rng = random.Random(15)
    cleared = refused = 0
    for _ in range(600):
        text = mutate(rng.choice(texts), rng)
        if html5.clearly_well_formed(text):
            cleared += 1
            assert html5lib_errors(text) == [], text
        elif html5lib_errors(text):
            refused += 1
    # Both ways were tried: pages cleared, broken pages left to html5lib.
    assert cleared > 20 and refused > 200


class TagRecorder(HTMLParser):
    """The tags Python's html.parser reports, as scan_page gives them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, [(name, value or "") for name, value in attrs],
                          self.getpos()[0]))

    def handle_endtag(self, tag) -> None:
        self.tags.append((tag, None, self.getpos()[0]))


def parser_tags(text: str) -> list[tuple]:
    recorder = TagRecorder()
    recorder.feed(text)
    recorder.close()
    return recorder.tags


def scanned_tags(text: str) -> list[tuple] | None:
    clear, tags = html5.scan_page(text)
    assert clear == html5.clearly_well_formed(text)
    if tags is None:
        return None
    # A value-less attribute and an empty one read the same to the checks.
    return [(name, None if attrs is None else [(key, value or "") for key, value in attrs],
             line) for name, attrs, line in tags]


def test_a_cleared_page_s_tags_are_those_html_parser_reads(sample: Path) -> None:
    """The site checks read a cleared page's tags from the quick test
    instead of a second parser: they must be the same, lines included."""
    texts = [path.read_text(encoding="utf-8") for path in pages(sample)]
    for text in texts:
        assert scanned_tags(text) == parser_tags(text)
    titled = texts[0].replace("</title>", " a &lt;b&gt; &amp; &#233;</title>", 1)
    assert scanned_tags(titled) == parser_tags(titled)
    escaped = texts[0].replace("<body>", '<body>\n<p><a href="a?x=1&amp;y=&#50;" '
                               'title="&lt;&quot;" hidden>z</a><br/></p>', 1)
    assert scanned_tags(escaped) == parser_tags(escaped)
    # A "<" in the title: html.parser reads a tag there, the quick test text.
    tag_in_title = texts[0].replace("</title>", " <a href='x'></title>", 1)
    clear, tags = html5.scan_page(tag_in_title)
    assert tags is None and clear == html5.clearly_well_formed(tag_in_title)
    rng = random.Random(16)
    compared = 0
    for _ in range(400):
        text = mutate(rng.choice(texts[:4]), rng)
        tags = scanned_tags(text)
        if tags is not None:
            compared += 1
            assert tags == parser_tags(text), text
    assert compared > 20
    assert html5.scan_page("<p>not a page</p>") == (False, None)


@pytest.mark.parametrize("snippet", BROKEN)
def test_a_broken_snippet_in_a_page_is_left_to_html5lib(snippet: str) -> None:
    page = ('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<title>t</title>\n</head>\n'
            "<body>\n<main><p>text {}</p></main>\n</body>\n</html>\n")
    broken = page.format(snippet)
    if html5lib_errors(broken):
        assert not html5.clearly_well_formed(broken)


def site_findings(root: Path, **options) -> list[tuple]:
    return [(f["path"], f["line"], f["code"], f["message"])
            for f in report(root, codes=None, **options)["findings"]]


def test_broken_pages_give_html5lib_s_findings_with_the_quick_test_or_without(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = pages(sample)
    release = next(path for path in files if SLUG in path.as_posix() and "/fr/" in path.as_posix())
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("</p>", "</div>", 1), encoding="utf-8")
    listing = next(path for path in files if path.parent.name == "ru")
    listing.write_text(listing.read_text(encoding="utf-8").replace("<ul", "<p><ul", 1),
                       encoding="utf-8")
    fast = site_findings(sample, jobs=1)
    assert any(code == "site-html" for _, _, code, _ in fast)
    monkeypatch.setattr(html5, "scan_page", lambda text: (False, None))
    assert site_findings(sample, jobs=1) == fast


# --- pages read in worker processes, documents checked there ---------------

def test_pages_read_by_workers_give_the_same_report(sample: Path) -> None:
    release = next(path for path in pages(sample) if "/es/" in path.as_posix())
    release.write_text(release.read_text(encoding="utf-8").replace("<h1>", "<h1><h2>", 1),
                       encoding="utf-8")
    (sample / "build" / CACHE_FILE).unlink(missing_ok=True)
    alone = report(sample, jobs=1)
    (sample / "build" / CACHE_FILE).unlink()
    shared = report(sample, jobs=2)
    assert shared == alone
    assert any(f["code"] == "site-html" for f in alone["findings"])


def test_this_process_checks_the_site_while_a_worker_checks_documents(
        sample: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    from translate.checks import site

    log = tmp_path / "pids"
    check_document = check_module._check_document
    check_site = site.check_site

    def document(*args, **kwargs):
        with log.open("a") as file:  # from the worker too
            file.write(f"document {os.getpid()}\n")
        return check_document(*args, **kwargs)

    def whole_site(*args, **kwargs):
        with log.open("a") as file:
            file.write(f"site {os.getpid()}\n")
        return check_site(*args, **kwargs)

    monkeypatch.setattr(check_module, "_check_document", document)
    monkeypatch.setattr(site, "check_site", whole_site)
    shared = report(sample, jobs=2, use_cache=False)
    seen = [line.split() for line in log.read_text().splitlines()]
    assert [pid for what, pid in seen if what == "site"] == [str(os.getpid())]
    assert {pid for what, pid in seen if what == "document"} - {str(os.getpid())}
    assert shared == report(sample, jobs=1, use_cache=False)


def test_documents_are_shared_by_size_with_the_site_s_share_counted() -> None:
    costs = {f"doc{n:02}": n * n % 17 + 1 for n in range(30)}
    for workers, first in ((2, 0), (2, 40), (3, 10), (4, 0)):
        shares = check_module._shares(costs, workers, first)
        assert len(shares) == workers
        assert sorted(name for share in shares for name in share) == sorted(costs)
        assert all(share == sorted(share) for share in shares)
        loads = [sum(costs[name] for name in share) for share in shares]
        loads[0] += first
        assert max(loads) - min(loads) <= max(costs.values())
    # A site that is more work than every document: they all go to the workers.
    assert check_module._shares(costs, 2, 10 ** 6)[0] == []
    assert check_module._shares(costs, 1, 10 ** 6) == [sorted(costs)]


# --- the cache of findings ---------------------------------------------------

@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many documents and pages the checks read (not the cache)."""
    counts = {"documents": 0, "pages": 0}
    original_document = check_module._check_document
    from translate.checks import site

    original_page = site._read_page

    def document(*args, **kwargs):
        counts["documents"] += 1
        return original_document(*args, **kwargs)

    def page(*args, **kwargs):
        counts["pages"] += 1
        return original_page(*args, **kwargs)

    monkeypatch.setattr(check_module, "_check_document", document)
    monkeypatch.setattr(site, "_read_page", page)
    return counts


def test_a_second_check_reads_from_the_cache_and_prints_the_same(
        sample: Path, counted: dict[str, int]) -> None:
    first = cli_outputs()
    assert (sample / "build" / CACHE_FILE).is_file()
    checked = dict(counted)
    assert checked["documents"] and checked["pages"]
    cache = (sample / "build" / CACHE_FILE).read_bytes()
    assert cli_outputs() == first
    # Nothing checked again, and the cache was not rewritten.
    assert counted == checked
    assert (sample / "build" / CACHE_FILE).read_bytes() == cache


def test_no_cache_without_a_build_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path / "fresh")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert not (root / "build").exists()


@pytest.mark.parametrize("damage", [b"", b"{", b"[]", b'{"version": "1", "context": 1}',
                                    b"\xff\xfe", None])
def test_a_corrupt_or_foreign_cache_is_an_empty_one(sample: Path, damage: bytes | None) -> None:
    expected = cli_outputs()
    path = sample / "build" / CACHE_FILE
    if damage is None:
        # Right context, damaged entries.
        data = json.loads(path.read_bytes())
        for kind in ("documents", "pages"):
            data[kind] = {key: {"findings": 3} for key in data[kind]}
        damage = json.dumps(data).encode()
    path.write_bytes(damage)
    assert cli_outputs() == expected


def _edit_catalog(root: Path) -> None:
    path = root / "locales" / "fr" / f"{DOC}.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines)
                 if line.startswith('msgstr "') and line != 'msgstr ""')
    lines[index] = 'msgstr "42 ' + lines[index][len('msgstr "'):]
    path.write_text("\n".join(lines), encoding="utf-8")


def _edit_source(root: Path) -> None:
    path = next((root / "source").iterdir())
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph of 2024.\n",
                    encoding="utf-8")


def _edit_template(root: Path) -> None:
    path = next((root / "locales" / "templates").iterdir())
    path.write_text(path.read_text(encoding="utf-8").replace("#: ", "#:  ", 1),
                    encoding="utf-8")


def _remove_catalog(root: Path) -> None:
    (root / "locales" / "ru" / f"{DOC}.po").unlink()


def _edit_glossary(root: Path) -> None:
    path = root / "glossary.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")


def _edit_settings(root: Path) -> None:
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "[tool.translate]", '[tool.translate]\nbugs_address = "press@example.org"', 1),
        encoding="utf-8")


def _edit_page(root: Path) -> None:
    path = pages(root)[-1]
    path.write_text(path.read_text(encoding="utf-8").replace("</p>", "", 1), encoding="utf-8")


def _edit_page_link(root: Path) -> None:
    path = next(p for p in pages(root) if "/ar/" in p.as_posix())
    path.write_text(path.read_text(encoding="utf-8").replace('hreflang="fr"', 'hreflang="it"', 1),
                    encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_catalog, _edit_source, _edit_template,
                                    _remove_catalog, _edit_glossary, _edit_settings,
                                    _edit_page, _edit_page_link])
def test_any_change_of_an_input_gives_the_findings_of_a_run_without_cache(
        sample: Path, change) -> None:
    cli_outputs()  # the cache, made
    change(sample)
    cached = cli_outputs()
    (sample / "build" / CACHE_FILE).unlink()
    assert cli_outputs() == cached


def test_the_code_of_the_tool_is_part_of_the_key(sample: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.checks.cache as cache

    cli_outputs()
    before = json.loads((sample / "build" / CACHE_FILE).read_bytes())["context"]
    monkeypatch.setattr(cache, "_CODE_DIGEST", "another version of the tool")
    cli_outputs()
    after = json.loads((sample / "build" / CACHE_FILE).read_bytes())["context"]
    assert after != before


def test_a_changed_catalog_is_checked_again_and_the_others_are_not(
        sample: Path, counted: dict[str, int]) -> None:
    first = cli_outputs()
    checked = dict(counted)
    _edit_catalog(sample)
    second = cli_outputs()
    assert second != first  # the new number is found
    # That document, once (the text run after the JSON one reads the cache).
    assert counted["documents"] == checked["documents"] + 1
    assert counted["pages"] == checked["pages"]


# --- the Markdown shortcut ---------------------------------------------------

def test_texts_without_markup_characters_match_none_of_markdown_s_patterns() -> None:
    from translate.segment import markdown
    from translate.segment.inline import CODE_SPAN_RE

    patterns = [CODE_SPAN_RE, markdown._LINK_LABEL_RE, markdown._INLINE_LINK_RE,
                markdown._STRONG_RE, markdown._EMPHASIS_RE, markdown._HTML_TAG_RE]
    rng = random.Random(7)
    alphabet = list("ab C1 2.,;:!?()[{}#%&/\\'\"-+=>@~^$|\n") + ["http://x.org", "e.g."]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if markdown._INLINE_CHARS_RE.search(text):
            continue
        assert not any(pattern.search(text) for pattern in patterns), text


def test_no_cache_checks_everything_anew_and_writes_nothing(tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from translate.cli import app

    root = Path(__file__).resolve().parent.parent
    project = tmp_path / "sample"
    shutil.copytree(root, project, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "bench", "tests", "docs", "*.egg-info", "__pycache__"))
    (project / "build").mkdir()
    runner = CliRunner()
    done = runner.invoke(app, ["check", "--no-cache", "--project", str(project)])
    assert done.exit_code == 0, done.output
    assert not (project / "build" / ".translate-check-cache.json").exists()
    done = runner.invoke(app, ["check", "--project", str(project)])
    assert done.exit_code == 0, done.output
    assert (project / "build" / ".translate-check-cache.json").exists()


def test_links_resolve_as_they_did_before_they_were_remembered(sample: Path) -> None:
    """_resolve remembers where each href leads: the same answers as working
    each out anew (the code before, kept here), in any order of the pages."""
    import posixpath
    from urllib.parse import urlsplit

    from translate.checks.site import _SiteChecker, _whole

    project = Project(load_settings(sample))
    checker = _SiteChecker(_whole(project), frozenset(), {})

    def reference(href: str, page: str):
        parts = urlsplit(href.strip())
        base = checker.urls.base_url
        if parts.scheme or parts.netloc:
            if base and parts.scheme in ("http", "https") and href.startswith(base):
                return "absolute", checker._file("/" + urlsplit(href[len(base):]).path)
            return "external", None
        if not parts.path:
            return ("fragment", page) if parts.fragment or parts.query else ("relative", page)
        if parts.path.startswith("/"):
            return "site", checker._file(parts.path)
        return "relative", checker._file("/" + posixpath.join(posixpath.dirname(page),
                                                               parts.path))

    base = checker.urls.base_url or "https://example.org/"
    hrefs = ["", "#top", "?q=1", "a.html", "../fr/", "../../../x", "/", "/fr/index.html",
             "/../x", " ../ru/doc/ ", "%2E%2E/x", "./", "mailto:a@b.c", "//cdn.example/x.js",
             base, base + "fr/", base + "../x", "https://other.example/", "img/a%20b.png"]
    pages_ = ["index.html", "fr/index.html", "fr/release/index.html", "ar/a/b/index.html"]
    rng = random.Random(800)
    calls = [(href, page) for href in hrefs for page in pages_] * 3
    rng.shuffle(calls)
    for href, page in calls:
        assert checker._resolve(href, page) == reference(href, page), (href, page)


def test_the_site_s_pages_are_those_rglob_finds(tmp_path: Path) -> None:
    """site_pages walks the site once: the files rglob("*.html") and
    rglob("*.htm") find, links to files counted, links to folders not followed."""
    import os

    from translate.checks.site import site_pages

    site = tmp_path / "site"
    for name in ("index.html", "fr/index.html", "fr/a/b/page.htm", ".hidden.html", "X.HTML",
                 "a.html.bak", "fr/feed.xml", "deep/er/and/deeper/p.html", "d.html/in.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("<p>", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.html").write_text("<p>", encoding="utf-8")
    os.symlink(site / "index.html", site / "fr" / "link.html")
    os.symlink(site / "missing.html", site / "broken.html")
    os.symlink(tmp_path / "outside", site / "linked-folder")
    os.symlink(tmp_path / "outside" / "o.html", site / "out.html")

    def reference(root: Path) -> list[str]:
        return sorted(path.relative_to(root).as_posix() for pattern in ("*.html", "*.htm")
                      for path in root.rglob(pattern) if path.is_file())

    assert site_pages(site) == reference(site)
    assert "fr/link.html" in site_pages(site) and "broken.html" not in site_pages(site)
    assert site_pages(tmp_path / "nothing") == []
