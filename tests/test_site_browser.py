"""The published sample site in a real headless Chromium (issue 12).

``translate publish`` runs on a copy of this repository's sample project, the
site is served on 127.0.0.1 by the standard library's web server, and
Debian's Chromium (driven over the DevTools protocol on a pipe, see
tests/browser/chromium.py) loads every page a visitor can reach from the
root.  What the reader sees is checked from the boxes Chromium drew: the
Arabic page is right to left and mirrored, Latin names and numbers inside
Arabic text read in their own order with the sentence around them on the
right sides; every switcher and alternate link leads (200) to the same
release in the language it names; no page logs an error or asks anything of
a host other than the local server.  Screenshots of every language's page
(desktop, phone, print) are saved under build/test-artifacts/site/.

CI installs Chromium (``.ci/run``): there these tests fail when it is
missing; elsewhere they are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings
from translate.glossary import load_glossary

from .browser.chromium import Browser, Page, Visit
from .browser.probes import Run, find_runs, layout, neighbour_problems, page_facts, visual_order
from .browser.server import StaticServer
from .test_publish import sample

REPOSITORY = Path(__file__).resolve().parent.parent
#: Where the screenshots go (build/ is ignored by git).
ARTIFACTS = REPOSITORY / "build" / "test-artifacts" / "site"
SLUG = "interpol-african-regional-conference"
#: A phone (CSS pixels) and an A4 sheet's printable width at 96 dpi.
PHONE = (375, 740)
DESKTOP = (1280, 900)
PRINT_WIDTH = 794
#: Numbers as they appear in running text: 42, 1,200, 2019-02-05, 5–7.
NUMBER = r"[0-9]+(?:[-\u2013.,:/][0-9]+)*"
#: Latin letters (the alphabets the keep names of a glossary are written in).
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass
class Crawled:
    """A page of the site as the browser loaded it."""

    url: str
    visit: Visit
    facts: dict


@dataclass
class Site:
    """The published sample, served and crawled."""

    root: Path
    folder: Path
    server: StaticServer
    base_url: str
    languages: list[str]
    pages: dict[str, Crawled]
    resources: dict[str, tuple[int, bool, str]]

    def release(self, language: str) -> str:
        return f"{self.server.origin}/{language}/{SLUG}/index.html"

    def local(self, absolute: str) -> str:
        """An absolute URL of the published site, on the local server."""
        assert absolute.startswith(self.base_url), f"{absolute} is not under {self.base_url}"
        return self.server.origin + "/" + absolute[len(self.base_url):]


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's chromium; CI installs it, so there a missing one fails."""
    path = shutil.which("chromium")
    if path is None:
        missing = ("Debian's chromium is not installed "
                   "(sudo apt-get install chromium fonts-dejavu-core)")
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return path


@pytest.fixture(scope="module")
def artifacts(request: pytest.FixtureRequest) -> Iterator[Path]:
    """The screenshot folder, emptied first; its path is printed at the end."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    yield ARTIFACTS
    shots = len(list(ARTIFACTS.glob("*.png")))
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if shots and capture is not None:
        # Past pytest's capture, so that the path shows when the tests pass.
        with capture.global_and_fixture_disabled():
            print(f"\nscreenshots of the site ({shots}): {ARTIFACTS}")


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium with a fresh profile for the module."""
    folder = tmp_path_factory.mktemp("chromium")
    (folder / "profile").mkdir()
    instance = Browser(chromium, folder / "profile", folder / "chromium.log")
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample published as ``translate publish`` does, served on
    127.0.0.1, and every page reachable from its root loaded once."""
    root = sample(tmp_path_factory.mktemp("site"))
    result = CliRunner().invoke(app, ["publish", "--project", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    folder = root / json.loads(result.output)["site"]
    settings = load_settings(root)
    server = StaticServer(folder)
    try:
        page = browser.new_page(server.origin)
        page.viewport(*DESKTOP)
        pages, resources = _crawl(page, server.origin, settings.base_url)
        page.close()
        yield Site(root, folder, server, settings.base_url,
                   [settings.source_language, *settings.languages], pages, resources)
    finally:
        server.stop()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A fresh tab, allowed to reach the local server only."""
    tab = browser.new_page(site.server.origin)
    tab.viewport(*DESKTOP)
    yield tab
    tab.close()


def _crawl(page: Page, origin: str, base_url: str
           ) -> tuple[dict[str, Crawled], dict[str, tuple[int, bool, str]]]:
    """Load the root page, then every page its links, switchers and
    alternates lead to (alternates mapped from ``base_url`` to the local
    server); fetch every other resource linked (feeds, stylesheets)."""
    pages: dict[str, Crawled] = {}
    others: set[str] = set()
    queue = [origin + "/"]
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        visit = page.goto(url)
        facts = page_facts(page)
        pages[url] = Crawled(url, visit, facts)
        targets = [*facts["links"], *(item["href"] for item in facts["switcher"])]
        targets += [origin + "/" + alt["href"][len(base_url):] for alt in facts["alternates"]
                    if alt["href"].startswith(base_url)]
        for target in targets:
            target = target.split("#", 1)[0]
            if not target.startswith(origin + "/"):
                continue
            if target.endswith(("/", ".html")):
                queue.append(target)
            else:
                others.add(target)
        # Elsewhere is not fetched: the network test shows what asked for it.
        others.update(url for url in facts["feeds"] + facts["stylesheets"]
                      if url.startswith(origin + "/"))
    resources = {}
    for url in sorted(others):
        resources[url] = tuple(page.evaluate(
            f"fetch({json.dumps(url)}).then(r => [r.status, r.redirected, "
            "r.headers.get('content-type') || ''])"))
    return pages, resources


def _control(page: Page, html: str) -> Visit:
    """Load a page given as HTML (a data: URL), to prove a check can fail."""
    return page.goto("data:text/html;charset=utf-8," + quote(html))


def _page_of(url: str) -> str:
    """A page's URL without its ``index.html`` (the folder serves it)."""
    return url[:-len("index.html")] if url.endswith("/index.html") else url


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _order_problems(run: Run, direction: str) -> list[str]:
    problems = []
    logical = re.sub(r"\s", "", run.text)
    if visual_order(run) != logical:
        problems.append(f"{run.text!r} is drawn as {visual_order(run)!r}")
    return problems + neighbour_problems(run, direction)


# --- language and direction ---------------------------------------------------------


def test_each_release_page_says_its_language_and_direction(site: Site) -> None:
    """The Arabic page computes to ``rtl`` and ``ar``; the others ``ltr``
    and their own code (what screen readers and fonts go by)."""
    assert site.languages == ["en", "ru", "fr", "es", "ar"]
    for language in site.languages:
        crawled = site.pages[site.release(language)]
        facts = crawled.facts
        expected = "rtl" if language == "ar" else "ltr"
        assert (facts["lang"], facts["dir"]) == (language, expected)
        assert facts["direction"] == facts["bodyDirection"] == expected, language
        assert crawled.visit.status == 200


def test_the_arabic_page_is_mirrored(page: Page, site: Site) -> None:
    """Right to left is more than ``dir``: the site's name stands at the
    right and the switcher at its left, and every heading, paragraph and
    footer line starts at the right edge (logical CSS properties only);
    an English page is the mirror image."""
    for language in ("ar", "en"):
        page.goto(site.release(language))
        frame = layout(page)
        header, name, nav = frame["header"], frame["siteName"], frame["nav"]
        rtl = language == "ar"
        # The site's name stands at the start edge of the header...
        assert (name["right"] > header["right"] - 25) if rtl else \
            (name["left"] < header["left"] + 25), (language, name)
        # ...the switcher after it on its row, or at the start of the next.
        if nav["top"] < name["bottom"] - 1:
            assert (nav["right"] < name["left"]) if rtl else (name["right"] < nav["left"])
        else:
            assert (nav["right"] > header["right"] - 25) if rtl else \
                (nav["left"] < header["left"] + 25), (language, nav)
        # Its languages follow each other in the reading direction.
        items = frame["switcher"]
        assert len(items) == len(site.languages)
        for first, second in zip(items, items[1:]):
            if abs(first["top"] - second["top"]) < 1:
                assert (second["right"] <= first["left"]) if rtl else \
                    (first["right"] <= second["left"]), (language, first, second)
        assert frame["blocks"], "no text blocks found"
        for block in frame["blocks"]:
            if rtl:
                assert abs(block["right"] - block["blockRight"]) < 1.5, block
            else:
                assert abs(block["left"] - block["blockLeft"]) < 1.5, block


def test_latin_names_and_numbers_read_in_order_inside_arabic_text(page: Page,
                                                                  site: Site) -> None:
    """Every keep name of the glossary that the Arabic page writes in Latin
    script, and every number, is drawn left to right, with the Arabic text
    before it on its right and the text after it on its left."""
    glossary = load_glossary(site.root / "glossary.csv")
    keep = sorted({term.target("ar") or term.term for term in glossary.terms
                   if term.kind == "keep" and LATIN.search(term.target("ar") or term.term)})
    page.goto(site.release("ar"))
    text = page.evaluate("document.body.textContent")
    names = find_runs(page, needles=keep, scope="body")
    numbers = find_runs(page, pattern=NUMBER, scope="body")
    assert {run.text for run in names} == {form for form in keep if form in text}
    assert {"Usalama IV", "Thunderstorm", "Lionfish"} <= {run.text for run in names}
    assert {"42", "2019", "2019-02-05"} <= {run.text for run in numbers}
    problems = [problem for run in names + numbers for problem in _order_problems(run, "rtl")]
    assert problems == []
    # The comparisons above did compare something: the runs have neighbours
    # on their lines, and the names are isolated as the page declares.
    assert all(run.isolated for run in names)
    usalama = next(run for run in names if run.text == "Usalama IV")
    assert (usalama.before.char, usalama.after.char) == ("«", "»")
    date = next(run for run in numbers if run.text == "2019-02-05")
    assert date.isolated and date.before is not None


def test_the_order_check_sees_a_scrambled_date_and_a_left_to_right_sentence(
        page: Page) -> None:
    """The geometry above is not vacuous: an Arabic sentence with a date
    left unisolated shows 05-02-2019, and a name in a left-to-right
    paragraph has its neighbours on the other sides."""
    _control(page, '<html lang="ar" dir="rtl"><body><main><p>نُشر في 2019-02-05</p>'
                   '<p dir="ltr">Operation <bdi dir="ltr">Usalama IV</bdi> ended</p>'
                   '</main></body></html>')
    date, = find_runs(page, needles=["2019-02-05"])
    assert visual_order(date) == "05-02-2019"
    name, = find_runs(page, needles=["Usalama IV"])
    assert visual_order(name) == "UsalamaIV"
    assert len(neighbour_problems(name, "rtl")) == 2


# --- links ----------------------------------------------------------------------


def test_every_switcher_and_alternate_link_leads_to_the_same_page_in_its_language(
        site: Site) -> None:
    """Switchers link page to page: each entry loads (200) the version of
    the same page in the language it names, never a home page.  Every
    alternate (absolute, under base_url) loads a page whose canonical URL is
    that alternate and whose language is its hreflang; x-default leads to
    the source language's version."""
    checked = 0
    for url, crawled in site.pages.items():
        facts = crawled.facts
        cluster = {alt["href"] for alt in facts["alternates"]}
        for item in facts["switcher"]:
            target = site.pages[item["href"]]
            assert target.visit.status == 200, item
            assert target.facts["lang"] == item["hreflang"], (url, item)
            assert {alt["href"] for alt in target.facts["alternates"]} == cluster, (url, item)
            assert item["current"] == (_page_of(item["href"]) == _page_of(url)), (url, item)
            checked += 1
        for alternate in facts["alternates"]:
            target = site.pages[site.local(alternate["href"])]
            assert target.visit.status == 200, alternate
            assert target.facts["canonical"] == alternate["href"], alternate
            expected = site.languages[0] if alternate["hreflang"] == "x-default" \
                else alternate["hreflang"]
            assert target.facts["lang"] == expected, (url, alternate)
            checked += 1
    # 5 release pages and 5 listings, each with 5 switcher entries and
    # 5 alternates plus x-default; the root with its alternates.
    assert checked >= 10 * (5 + 6)
    release_pages = {url for url in site.pages if f"/{SLUG}/" in url}
    assert {site.pages[url].facts["lang"] for url in release_pages} == set(site.languages)


def test_every_link_and_resource_of_the_site_answers_200(site: Site) -> None:
    """What the crawl reached: every page, feed and stylesheet, without a
    redirect; a fragment link points at an element that exists; and the
    server saw no request fail but the browser's own favicon probe (the
    theme declares no icon)."""
    assert len(site.pages) >= 1 + 5 + 5
    for url, crawled in site.pages.items():
        assert crawled.visit.status == 200, url
        for link in crawled.facts["links"]:
            if "#" in link:
                target, fragment = link.split("#", 1)
                assert fragment in site.pages[target].facts["ids"], link
    assert len([url for url in site.resources if url.endswith("feed.xml")]) == 5
    for url, (status, redirected, content_type) in site.resources.items():
        assert (status, redirected) == (200, False), url
        assert content_type.split(";")[0] in ("text/css", "application/xml", "text/xml",
                                              "application/atom+xml"), (url, content_type)
    failed = [(path, status) for path, status in site.server.log
              if status != 200 and path != "/favicon.ico"]
    assert failed == []


# --- console and network ------------------------------------------------------------


def test_no_page_logs_an_error_or_loads_anything_from_elsewhere(site: Site) -> None:
    """Every page the crawl loaded: no console error, no uncaught exception,
    no failed resource, and every request to the local server (the theme
    needs nothing from the network: no CDN, no web font)."""
    for url, crawled in site.pages.items():
        assert crawled.visit.console == [], url
        assert crawled.visit.blocked == [], url
        assert all(request.startswith(site.server.origin + "/")
                   for request in crawled.visit.requests), (url, crawled.visit.requests)
        assert f"{site.server.origin}/style.css" in crawled.visit.requests, url


def test_the_console_and_network_checks_see_what_they_look_for(page: Page) -> None:
    """The recorders are not deaf: a page that logs an error and asks for
    an image elsewhere shows both, and the image never leaves the machine."""
    visit = _control(page, '<p>x</p><img src="https://cdn.example.org/logo.png">'
                           '<script>console.error("broken")</script>')
    assert visit.blocked == ["https://cdn.example.org/logo.png"]
    assert "console.error: broken" in visit.console


# --- screenshots ----------------------------------------------------------------------


def _shoot(page: Page, url: str, path: Path) -> dict:
    visit = page.goto(url)
    assert visit.status == 200 and visit.console == [] and visit.blocked == [], visit
    page.screenshot(path)
    return layout(page)


def test_screenshots_of_every_language(page: Page, site: Site, artifacts: Path) -> None:
    """A full-page screenshot of each language's release page on a desktop
    window, of the language selector and of the Arabic listing."""
    for language in site.languages:
        frame = _shoot(page, site.release(language), artifacts / f"{language}.png")
        assert frame["scrollWidth"] <= DESKTOP[0]
        width, height = _png_size(artifacts / f"{language}.png")
        assert width == DESKTOP[0] and height > DESKTOP[1] // 2
    _shoot(page, site.server.origin + "/", artifacts / "index.png")
    _shoot(page, f"{site.server.origin}/ar/index.html", artifacts / "ar-index.png")
    assert len(list(artifacts.glob("*.png"))) >= len(site.languages) + 2


def test_a_phone_sees_no_sideways_scrolling(page: Page, site: Site, artifacts: Path) -> None:
    """On a phone's narrow viewport (375 CSS pixels, the viewport meta tag
    honoured) nothing sticks out sideways: not the header, the switcher, a
    long word or the footer."""
    page.viewport(*PHONE, mobile=True)
    for language in site.languages:
        frame = _shoot(page, site.release(language), artifacts / f"{language}-mobile.png")
        assert frame["viewport"] == PHONE[0]
        assert frame["scrollWidth"] <= PHONE[0], language
        for part in ("header", "siteName", "nav", "main", "footer"):
            box = frame[part]
            assert box["left"] >= -0.5 and box["right"] <= PHONE[0] + 0.5, (language, part, box)
        assert _png_size(artifacts / f"{language}-mobile.png")[0] == PHONE[0]


def test_the_print_stylesheet(page: Page, site: Site, artifacts: Path) -> None:
    """Printed, a release keeps its name, title, text and footer and loses
    what only works on screen (skip link, language switcher), at the full
    width of the sheet; still right to left in Arabic."""
    page.viewport(PRINT_WIDTH, 1123)
    page.media("print")
    try:
        for language in site.languages:
            frame = _shoot(page, site.release(language), artifacts / f"{language}-print.png")
            assert frame["nav"]["display"] == "none" and frame["skip"]["display"] == "none"
            for part in ("siteName", "h1", "main", "footer"):
                assert frame[part]["display"] != "none" and frame[part]["height"] > 0, part
            assert frame["scrollWidth"] <= PRINT_WIDTH
            assert frame["main"]["width"] > 0.9 * PRINT_WIDTH - 20, frame["main"]
            assert frame["main"]["direction"] == ("rtl" if language == "ar" else "ltr")
    finally:
        page.media("")
