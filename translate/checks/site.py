"""``translate check`` category ``site``: is the published site right?

:func:`check_site` reads the site ``translate publish`` wrote (``site_dir``,
``build/site/`` by default) and returns :class:`Finding` objects, as every
check does; it writes nothing.  What it checks:

* **a page for every document and published language**
  (``site-missing-page``), the publishing rule being ``build``'s threshold on
  the project as it is now, and the site's own files (listings, the language
  selector, sitemap, feeds, robots.txt, the stylesheet);
* **no page of a translation that is not published** (``site-unpublished``):
  a language below the threshold, a removed document or language, left over
  by an old publish or copied by hand;
* **a site behind its project** (``site-stale``, a warning): a document, a
  catalog, a setting or a template changed since the last publish (the
  manifest ``.translate-site.json`` records, per document, the key of
  everything its pages depend on, and :func:`translate.publish.document_keys`
  computes it anew);
* **alternates** (``site-alternate``): every page lists itself and each other
  version of it with the right ``hreflang``, once, plus ``x-default``; so
  alternates are reciprocal; they and the canonical link are absolute URLs
  under ``base_url`` when it is set;
* **links** (``site-link``): the language switcher, the navigation, the
  listings, the sitemap and the feeds link to files that exist, and a
  language link goes to the same page in that language (never to a home
  page); a relative link or image of a document's own text leads to a file
  of the site (publish copies the files they name, translate/publish/links.py);
* **HTML** (``site-html``): every page is well formed as an HTML5 parser
  (html5lib) reads it, and its ``<html>`` element has the ``lang`` and
  ``dir`` of its language; the sitemap and the feeds are well-formed XML;
* **absolute URLs** (``site-url``, a warning): without ``base_url`` the site
  works, but search engines ignore relative hreflang links.

Each problem is reported once, where it is: a missing page is one finding,
not one more for every link to it.  Links a document's own text makes (in
``<main>``, ``<article>`` or ``<footer>`` of a release page) are only
checked to lead to a file when relative: where they go is the document's
business.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .findings import CODES, CheckReport, Finding, describe_error, language_name

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["check_site", "SITE_CODES", "read_pages", "site_pages", "page_digest",
           "reading_to_json", "reading_from_json"]

#: The codes of the ``site`` category.
SITE_CODES = frozenset(code for code, info in CODES.items() if info[0] == "site")

#: The files of a site that are not pages of one language.
_SITE_FILES = ("index.html", "sitemap.xml", "robots.txt", "style.css")
#: Where a release page holds the document's own text (see the docstring).
_CONTENT = frozenset({"main", "article", "footer"})


# ---------------------------------------------------------------------------
# Reading pages


@dataclass
class _Link:
    tag: str
    attrs: dict[str, str]
    line: int

    @property
    def href(self) -> str:
        return self.attrs.get("href", "").strip()


class _PageParser(HTMLParser):
    """What the checks need of a page, with the line of each element.

    html5lib says whether the page is well formed; it keeps no line numbers
    in its tree, so the elements are read again with the standard library's
    tolerant parser, which does.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: _Link | None = None
        self.alternates: list[_Link] = []
        self.canonicals: list[_Link] = []
        #: Links of the page with, for each, whether it is a link of the
        #: document's own text (an ``<a>`` without hreflang in ``<main>``,
        #: ``<article>`` or ``<footer>``): whether the page holds a
        #: document's text is known to the checks, not to the reader
        #: (:meth:`_Parsed.links_of`).
        self.links: list[tuple[_Link, bool]] = []
        self.head_line = 1
        self._content = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        self.end(tag)

    def start(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        """A start tag on a line (from this parser, or from
        :func:`translate.checks.html5.scan_page`, which reads the same)."""
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")  # the first one counts, as in HTML5
        link = _Link(tag, values, line)
        if tag == "html" and self.root is None:
            self.root = link
        elif tag == "head":
            self.head_line = line
        elif tag == "link" and "href" in values:
            rel = values.get("rel", "").lower().split()
            if "alternate" in rel and "hreflang" in values:
                self.alternates.append(link)
            elif "canonical" in rel:
                self.canonicals.append(link)
            else:
                self.links.append((link, False))
        elif tag == "a" and "href" in values:
            self.links.append((link, bool(self._content) and "hreflang" not in values))
        elif tag == "img" and "src" in values:
            # Checked as a link to its file (site-link).
            self.links.append((_Link(tag, {**values, "href": values["src"]}, line),
                               bool(self._content)))
        if tag in _CONTENT:
            self._content += 1

    def end(self, tag: str) -> None:
        if tag == "main":
            self._content = 0  # closing main closes what it holds
        elif tag in _CONTENT and self._content:
            self._content -= 1


@dataclass
class _Parsed:
    """What the checks need of a page (:class:`_PageParser`'s findings)."""

    root: _Link | None
    alternates: list[_Link]
    canonicals: list[_Link]
    #: (link, whether it is a link of the document's own text).
    all_links: list[tuple[_Link, bool]]
    head_line: int
    #: Set by the checker: the links it follows (see :meth:`links_of`).
    links: list[_Link] = field(default_factory=list)

    def links_of(self, content: bool) -> list[_Link]:
        """The links a page's checks follow: of its chrome (head, header,
        navigation, listings) and language links (``<a hreflang>``), and,
        unless the page holds a document's text (``content``: a release
        page, not a listing), all its links."""
        return [link for link, own in self.all_links if not (content and own)]


@dataclass
class _Reading:
    """A page as :func:`_read_page` read it: a pure function of its bytes,
    so that worker processes can read pages for the checker."""

    #: (line, reason) when the bytes are not UTF-8.
    not_utf8: tuple[int, str] | None = None
    #: html5lib's first parse error ((line, column), message, how many more).
    html5: list[tuple[tuple[int, int], str, int]] = field(default_factory=list)
    parsed: _Parsed | None = None


def _read_page(data: bytes) -> _Reading:
    """Read a page: whether it is UTF-8, well-formed HTML5 (html5lib's
    verdict, :mod:`translate.checks.html5` clearing most pages without
    it), and its elements with their lines."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _Reading(not_utf8=(data[:error.start].count(b"\n") + 1, error.reason))
    from .html5 import scan_page

    clear, tags = scan_page(text)
    html5 = [] if clear else _html5_errors(text)[:1]
    parser = _PageParser()
    if tags is None:
        parser.feed(text)
        parser.close()
    else:
        # Read already, as this parser reads them: no second reading.
        for name, attrs, line in tags:
            if attrs is None:
                parser.end(name)
            else:
                parser.start(name, attrs, line)
    return _Reading(None, html5, _Parsed(parser.root, parser.alternates, parser.canonicals,
                                         parser.links, parser.head_line))


def read_pages(site: Path, files: Iterable[str]) -> dict[str, tuple[str, _Reading]]:
    """Read some pages of a site (paths relative to it): file -> (digest of
    its bytes, its reading).  Unreadable files are left out (the checker
    reports them when it reads them)."""
    out = {}
    for file in files:
        try:
            data = (site / file).read_bytes()
        except OSError:
            continue
        out[file] = (page_digest(data), _read_page(data))
    return out


def site_pages(site: Path) -> list[str]:
    """The HTML files of a site folder (paths relative to it, sorted): what
    :func:`read_pages` may read ahead of the checks.  What
    ``site.rglob("*.html")`` and ``"*.htm"`` find that is a file, in one
    walk: links to files count, links to folders are not followed."""
    if not site.is_dir():
        return []
    found: list[str] = []
    folders = [(str(site), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except PermissionError:
            continue
        for entry in entries:
            name = entry.name
            if name.endswith((".html", ".htm")) and entry.is_file():
                found.append(prefix + name)
            try:
                is_folder = entry.is_dir() and not entry.is_symlink()
            except OSError:
                is_folder = False
            if is_folder:
                folders.append((entry.path, prefix + name + "/"))
    return sorted(found)


def page_digest(data: bytes) -> str:
    """The digest of a page's bytes that its reading is kept under."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _link_to_json(link: _Link) -> list:
    return [link.tag, link.attrs, link.line]


def _link_from_json(value: list) -> _Link:
    tag, attrs, line = value
    if not isinstance(attrs, dict):
        raise ValueError("attrs")
    return _Link(str(tag), {str(k): str(v) for k, v in attrs.items()}, int(line))


def reading_to_json(reading: _Reading) -> dict:
    """A page's reading as JSON data (for :mod:`translate.checks.cache`)."""
    parsed = reading.parsed
    return {"not_utf8": reading.not_utf8, "html5": reading.html5,
            "parsed": None if parsed is None else [
                None if parsed.root is None else _link_to_json(parsed.root),
                [_link_to_json(link) for link in parsed.alternates],
                [_link_to_json(link) for link in parsed.canonicals],
                [[*_link_to_json(link), own] for link, own in parsed.all_links],
                parsed.head_line]}


def reading_from_json(value: dict) -> _Reading:
    """The reading :func:`reading_to_json` wrote.

    Raises:
        ValueError, TypeError, KeyError, IndexError: Not such data.
    """
    not_utf8 = value["not_utf8"]
    if not_utf8 is not None:
        line, reason = not_utf8
        not_utf8 = (int(line), str(reason))
    html5 = [((int(position[0]), int(position[1])), str(message), int(more))
             for position, message, more in value["html5"]]
    parsed = value["parsed"]
    if parsed is None:
        if not_utf8 is None:
            raise ValueError("no reading")
        return _Reading(not_utf8, html5, None)
    root, alternates, canonicals, links, head_line = parsed
    return _Reading(not_utf8, html5, _Parsed(
        None if root is None else _link_from_json(root),
        [_link_from_json(link) for link in alternates],
        [_link_from_json(link) for link in canonicals],
        [(_link_from_json(link[:3]), bool(link[3])) for link in links], int(head_line)))


@dataclass
class _Page:
    """A page of the site as the checks read it."""

    file: str
    parsed: _Parsed


@dataclass
class _Cluster:
    """The versions of one page: a document's releases, or the listings
    (whose x-default is the language selector)."""

    members: dict[str, str]
    x_default: str

    def language_of(self, file: str) -> str | None:
        for code, member in self.members.items():
            if member == file:
                return code
        return None


@dataclass
class _Leftover:
    reason: str
    language: str | None
    document: str | None


@dataclass
class _Raised:
    """A finding with what it is about, to honour --lang and documents."""

    finding: Finding
    document: str | None
    language: str | None


# ---------------------------------------------------------------------------
# The check


def check_site(project: Project, languages: Iterable[str] | None = None,
               documents: Iterable[str] = (), codes: Iterable[str] | None = None,
               include_fuzzy: bool | None = None, required: bool = False,
               pages: dict[str, tuple[str, Any]] | None = None) -> CheckReport:
    """Check the site ``translate publish`` wrote, without writing anything.

    Args:
        project: The project.
        languages: Report only about these target languages (and the
            source language); the site is checked against all of them.
        documents: Report only about the pages of these documents (names
            relative to the source folder); default: the whole site.
        codes: The finding codes to report (default: every ``site`` code).
        include_fuzzy: Whether the site was published with
            ``--include-fuzzy`` (None: tell from the manifest).
        required: Whether a missing site folder is a finding (else there is
            nothing to check).
        pages: Pages already read by :func:`read_pages` (in worker
            processes, say): the others are read here.

    Returns:
        The findings (sorted by file and line) and the files checked.
    """
    wanted = SITE_CODES if codes is None else SITE_CODES & frozenset(codes)
    report = CheckReport(min_complete=project.settings.min_complete)
    if not wanted:
        return report
    checker = _SiteChecker(_whole(project), wanted, pages or {})
    raised = checker.run(include_fuzzy, required)
    chosen = set(languages) if languages is not None else None
    names = set(documents)
    source = project.settings.source_language
    for item in raised:
        if chosen is not None and item.language not in (None, source) \
                and item.language not in chosen:
            continue
        if names and item.document not in names:
            continue
        report.findings.append(item.finding)
    report.findings.sort(key=lambda f: (f.path, f.line, f.code, f.message))
    report.files = sorted(checker.files)
    return report


def _whole(project: Project) -> Project:
    """The project with every target language of its settings: ``--lang``
    narrows what ``translate check`` reports, but the site has pages in
    all of them and its keys depend on them all."""
    from ..config import load_settings
    from ..errors import TranslateError
    from ..project import Project as ProjectType

    settings = project.settings
    if "languages" in settings.overridden:
        return project
    try:
        full = load_settings(settings.root).languages
    except (TranslateError, OSError):  # settings made in code, not read from a file
        return project
    if set(settings.languages) < set(full):
        return ProjectType(replace(settings, languages=full))
    return project


class _SiteChecker:
    """One check of one site (the state the checks share)."""

    def __init__(self, project: Project, codes: frozenset[str],
                 readings: dict[str, tuple[str, _Reading]] | None = None) -> None:
        from ..publish.urls import SiteUrls

        self.project = project
        self.settings = project.settings
        self.codes = codes
        self.site = project.checked(project.settings.path("site_dir"))
        self.display = project.relative(self.site)
        self.urls = SiteUrls.of(self.settings.base_url, self.settings.url_pattern)
        self.source = self.settings.source_language
        self.languages = [self.source, *self.settings.languages]
        self.raised: list[_Raised] = []
        self.files: set[str] = set()
        #: file -> (document or None, language) of every page the site should have.
        self.expected: dict[str, tuple[str | None, str]] = {}
        self.clusters: dict[str, _Cluster] = {}
        #: Files the site should have and does not.
        self.missing: set[str] = set()
        #: Files the site has and should not.
        self.leftover: dict[str, _Leftover] = {}
        self.pages: dict[str, _Page] = {}
        #: file -> digest of the bytes publish wrote (release pages).
        self.written: dict[str, str] = {}
        #: file -> (digest, reading) of pages read beforehand.
        self.readings = readings or {}
        #: path in the site -> whether it is a folder (links resolve to a
        #: few hundred paths, each linked from many pages).
        self.folders: dict[str, bool] = {}
        #: path in the site -> whether it is a file (the same few hundred
        #: targets of links are looked up from every page).
        self.present: dict[str, bool] = {}
        #: href -> where a link leads (_resolve_anew); (folder, relative
        #: path) -> the file.
        self.resolved: dict[str, tuple[str, str | None]] = {}
        self.joined: dict[tuple[str, str], str | None] = {}
        self.hint = "run `translate publish`" + (
            f", or fix the templates in {self.settings.site_templates}"
            if self.settings.site_templates else "")

    # -- reporting

    def add(self, file: str, line: int, code: str, message: str,
            document: str | None = None, language: str | None = None) -> None:
        """Report a finding about a file of the site ("" for the folder)."""
        self.add_at(f"{self.display}/{file}" if file else self.display, line, code, message,
                    document, language)

    def add_at(self, path: str, line: int, code: str, message: str,
               document: str | None = None, language: str | None = None) -> None:
        """Report a finding about a file of the project."""
        if code in self.codes:
            target = language if language not in (None, self.source) else None
            self.raised.append(_Raised(Finding(path, line, code, CODES[code][1], message,
                                               target), document, language))

    def name(self, code: str) -> str:
        return f"{language_name(code)} ({code})"

    # -- the walk

    def run(self, include_fuzzy: bool | None, required: bool) -> list[_Raised]:
        if not self.site.is_dir():
            if required:
                self.add("", 0, "site-missing-page",
                         f"no site in {self.display} -- run `translate publish`")
            return self.raised
        manifest = self._manifest()
        if not manifest and not (self.site / "index.html").is_file():
            # A folder made by hand (for images, say) before any publish: one
            # finding, not one per page.
            self.raised.clear()
            if required:
                self.add("", 0, "site-missing-page",
                         f"no site in {self.display} yet -- run `translate publish`")
            return self.raised
        records = manifest.get("documents", {}) if isinstance(manifest.get("documents"),
                                                               dict) else {}
        for record in records.values():
            if isinstance(record, dict) and isinstance(record.get("files"), dict):
                self.written.update(record["files"])
        names = self.project.documents()
        keys, include_fuzzy = self._keys(records, include_fuzzy)
        published: dict[str, dict[str, str]] = {}
        not_published: dict[tuple[str, str], str] = {}
        for name in names:
            record = records.get(name) if isinstance(records.get(name), dict) else None
            fresh = record is not None and keys is not None and record.get("key") == keys.get(name)
            rule = None if fresh else self._rule(name, include_fuzzy)
            if rule is None and record is not None:
                rule = _recorded_rule(record)
            if rule is None:
                continue  # unreadable: the other checks of translate check say why
            languages, below = rule
            slug_page = {code: self.urls.file(self.urls.page(code, _slug(name)))
                         for code in languages}
            published[name] = slug_page
            for code, percent in below.items():
                not_published[(name, code)] = (
                    f"the {language_name(code)} translation of {name} is {percent:g}% "
                    f"translated, below min_complete {self.settings.min_complete:g}%: it is "
                    "not published")
            if record is not None and not fresh and keys is not None:
                self.add(slug_page.get(self.source, ""), 1, "site-stale",
                         f"{name}, its catalogs, the settings or the templates changed since "
                         "the site was published: its pages are behind -- run "
                         "`translate publish`", name)
        self._expect(published)
        self._find_leftovers(manifest, records, names, published, not_published)
        for file in sorted(self.expected):
            self._read(file)
        for file, page in self.pages.items():
            self._check_page(page)
        self._check_sitemap()
        for code in self._present(published):
            self._check_feed(self.urls.file(self.urls.feed(code)), code)
        if not self.settings.base_url and self.pages:
            path, line = _tool_table_line(self.project)
            self.add_at(path, line, "site-url",
                        "base_url is not set: the site works, but its alternates, sitemap and "
                        "feeds have site-relative URLs, which search engines ignore -- set "
                        'base_url = "https://..." in [tool.translate]')
        return self.raised

    def _manifest(self) -> dict:
        from ..publish import MANIFEST

        path = self.site / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.add("", 0, "site-stale",
                     f"no readable {MANIFEST} in {self.display}: the site was not written by "
                     "translate publish, or was copied without it -- run `translate publish`")
            return {}
        self.files.add(f"{self.display}/{MANIFEST}")
        return data if isinstance(data, dict) else {}

    def _keys(self, records: dict, include_fuzzy: bool | None
              ) -> tuple[dict[str, str] | None, bool]:
        """The documents' keys now, and whether the site was published with
        fuzzy translations (the mode whose keys match the manifest's)."""
        from ..errors import TranslateError
        from ..publish import document_keys

        def matches(keys: dict[str, str]) -> int:
            return sum(1 for name, record in records.items()
                       if isinstance(record, dict) and record.get("key") == keys.get(name))

        try:
            if include_fuzzy is not None:
                return document_keys(self.project, include_fuzzy), include_fuzzy
            keys = document_keys(self.project, False)
            if records and matches(keys) < len(records):
                fuzzy = document_keys(self.project, True)
                if matches(fuzzy) > matches(keys):
                    return fuzzy, True
            return keys, False
        except (TranslateError, OSError) as error:
            where = getattr(error, "path", None) or getattr(error, "filename", None)
            self.add_at(str(where or self.display), getattr(error, "line", None) or 0,
                        "site-stale",
                        f"cannot tell whether the site is up to date: {describe_error(error)}")
            return None, bool(include_fuzzy)

    def _rule(self, name: str, include_fuzzy: bool
              ) -> tuple[list[str], dict[str, float]] | None:
        """Where a document is published now: (languages, {language below
        the threshold: percent}), as translate publish decides (build's
        threshold, from the same catalogs); None when it cannot be read."""
        from ..build import catalog_translations
        from ..errors import TranslateError
        from ..segment import read_document

        project = self.project
        source = project.source_path(name)
        try:
            document = read_document(source, name, project.relative(source),
                                     self.settings.front_matter)
            msgids = {segment.msgid for segment in document.segments}
            languages = [self.source]
            below: dict[str, float] = {}
            for code in self.languages[1:]:
                table = catalog_translations(project, project.catalog_path(code, name),
                                             include_fuzzy)
                translated = sum(1 for msgid in msgids if msgid in table)
                percent = round(100.0 * translated / len(msgids), 1) if msgids else 100.0
                if percent >= self.settings.min_complete:
                    languages.append(code)
                else:
                    below[code] = percent
        except (TranslateError, OSError):
            return None
        return languages, below

    def _present(self, published: dict[str, dict[str, str]]) -> list[str]:
        """The languages with at least one page (a listing and a feed each)."""
        have = {code for pages in published.values() for code in pages}
        return [code for code in self.languages if code in have]

    def _expect(self, published: dict[str, dict[str, str]]) -> None:
        """The pages and files the site should have, and which are missing."""
        x_source = self.settings.x_default == "source"
        for name, pages in published.items():
            cluster = _Cluster(pages, pages.get(self.source, "index.html") if x_source
                               else "index.html")
            for code, file in pages.items():
                self.expected[file] = (name, code)
                self.clusters[file] = cluster
        present = self._present(published)
        listings = {code: self.urls.file(self.urls.index(code)) for code in present}
        cluster = _Cluster(listings, "index.html")
        for code, file in listings.items():
            self.expected[file] = (None, code)
            self.clusters[file] = cluster
        self.expected["index.html"] = (None, self.source)
        self.clusters["index.html"] = cluster
        others = [*_SITE_FILES[1:], *(self.urls.file(self.urls.feed(code)) for code in present)]
        for file in sorted(self.expected) + others:
            if self._is_file(file):
                self.files.add(f"{self.display}/{file}")
                continue
            self.missing.add(file)
            document, code = self.expected.get(file, (None, None))
            if document is not None:
                what = f"no page for {document} in {self.name(code)}, a published language"
            elif file == "index.html":
                what = "no language selector (the site's home page)"
            elif code is not None:
                what = f"no listing of the {language_name(code)} releases"
            elif file.endswith("feed.xml"):
                code = next(c for c in present if self.urls.file(self.urls.feed(c)) == file)
                what = f"no {language_name(code)} feed"
            else:
                what = f"no {file}"
            self.add(file, 0, "site-missing-page", f"{what} -- run `translate publish`",
                     document, code)

    def _find_leftovers(self, manifest: dict, records: dict, names: list[str],
                        published: dict[str, dict[str, str]],
                        not_published: dict[tuple[str, str], str]) -> None:
        """Pages the site has and should not: of a translation below the
        threshold, a removed document or language; written by an old
        publish, or put there by hand."""
        listed = {file for file in manifest.get("files", ()) if isinstance(file, str)}
        wanted = set(self.expected) | set(_SITE_FILES)
        present = self._present(published)
        wanted |= {self.urls.file(self.urls.feed(code)) for code in present}
        # The files documents link to, copied by publish (publish/links.py).
        wanted |= {file for name, record in records.items()
                   if name in names and isinstance(record, dict)
                   for file in record.get("assets", ()) if isinstance(file, str)}
        candidates: dict[str, _Leftover] = {}
        # What an old publish wrote for documents and languages.
        for name, record in records.items():
            if not isinstance(record, dict):
                continue
            for page in record.get("pages", ()):
                if not isinstance(page, dict) or not isinstance(page.get("path"), str):
                    continue
                code = page.get("language")
                file = self.urls.file(page["path"])
                if name not in names:
                    reason = f"{name} is no longer a document of the project"
                elif code not in self.languages:
                    reason = f"{code} is no longer a language of the project"
                else:
                    reason = not_published.get((name, code), "")
                candidates[file] = _Leftover(reason or "translate publish no longer writes "
                                             "this page (the settings changed)", code, name)
        # Pages of documents in languages where they are not published.
        for name in names:
            for code in self.languages:
                if code in published.get(name, {code: ""}):
                    continue
                file = self.urls.file(self.urls.page(code, _slug(name)))
                candidates[file] = _Leftover(
                    not_published.get((name, code), f"{name} is not published in "
                                      f"{language_name(code)}"), code, name)
        # Listings and feeds of languages without a page.
        for code in self.languages:
            if code not in present:
                for file in (self.urls.file(self.urls.index(code)),
                             self.urls.file(self.urls.feed(code))):
                    candidates[file] = _Leftover(
                        f"no release is published in {language_name(code)}", code, None)
        for file in sorted(listed - wanted):
            candidates.setdefault(file, _Leftover(
                "translate publish no longer writes this file (the settings changed)",
                None, None))
        for file, leftover in sorted(candidates.items()):
            if file in wanted or not self._is_file(file):
                continue
            self.leftover[file] = leftover
            self.files.add(f"{self.display}/{file}")
            hint = ("run `translate publish`, which removes it" if file in listed else
                    "delete it (translate publish removes only the files it wrote)")
            self.add(file, 1, "site-unpublished",
                     f"{leftover.reason}, but this page is online -- {hint}",
                     leftover.document, leftover.language)

    def _read(self, file: str) -> None:
        """Parse a page, reporting what makes it not well-formed HTML."""
        path = self.site / file
        if file in self.missing or not file.endswith((".html", ".htm")):
            return
        self.files.add(f"{self.display}/{file}")
        document, code = self.expected[file]
        known = self.readings.get(file)
        if known is not None:
            reading = known[1]
        else:
            try:
                data = path.read_bytes()
            except OSError as error:
                self.add(file, 0, "site-html",
                         f"cannot be read: {error.strerror} -- {self.hint}", document, code)
                return
            reading = _read_page(data)
        if reading.not_utf8 is not None:
            line, reason = reading.not_utf8
            self.add(file, line, "site-html", f"not UTF-8 ({reason}) -- {self.hint}",
                     document, code)
            return
        for problem in reading.html5:
            (line, column), message, more = problem
            extra = f" (and {more} more)" if more else ""
            text = path.read_bytes().decode("utf-8")
            self.add(file, line, "site-html",
                     f"not well-formed HTML5: {message} (column {column}){extra} -- "
                     f"{self._html_hint(file, document, text)}", document, code)
        parsed = reading.parsed
        assert parsed is not None
        parsed.links = parsed.links_of(content=document is not None)
        self.pages[file] = _Page(file, parsed)

    def _html_hint(self, file: str, document: str | None, text: str) -> str:
        """What to do about a page that is not well formed: publishing again
        mends a page edited by hand, not one publish wrote that way (raw HTML
        in the document, a template)."""
        from ..publish import _digest

        if document is None or self.written.get(file) != _digest(text.encode("utf-8")):
            return self.hint
        source = self.project.relative(self.project.source_path(document))
        templates = (f" or of the templates in {self.settings.site_templates}"
                     if self.settings.site_templates else "")
        return (f"the page is as translate publish wrote it: fix the HTML of {source}"
                f"{templates}, then run `translate publish`")

    # -- one page

    def _check_page(self, page: _Page) -> None:
        file = page.file
        document, code = self.expected[file]
        parsed = page.parsed
        facts = _facts(code)
        root = parsed.root
        if root is None:
            self.add(file, 1, "site-html",
                     f'no <html> element with lang and dir: write <html lang="{facts["hreflang"]}" '
                     f'dir="{facts["dir"]}"> -- {self.hint}', document, code)
        else:
            absent = [name for name in ("lang", "dir") if not root.attrs.get(name, "").strip()]
            if absent:
                self.add(file, root.line, "site-html",
                         f"<html> has no {' and no '.join(absent)}: write <html lang="
                         f'"{facts["hreflang"]}" dir="{facts["dir"]}"> -- {self.hint}',
                         document, code)
            lang = root.attrs.get("lang", "").strip()
            direction = root.attrs.get("dir", "").strip()
            if lang and lang.lower() != facts["hreflang"].lower():
                self.add(file, root.line, "site-html",
                         f'lang="{lang}" on the {self.name(code)} page: write '
                         f'lang="{facts["hreflang"]}" -- {self.hint}', document, code)
            if direction and direction.lower() != facts["dir"]:
                self.add(file, root.line, "site-html",
                         f'dir="{direction}" on the {self.name(code)} page, which reads '
                         f'{"right to left" if facts["dir"] == "rtl" else "left to right"}: '
                         f'write dir="{facts["dir"]}" -- {self.hint}', document, code)
        cluster = self.clusters[file]
        self._check_alternates(file, parsed, cluster, document, code)
        self._check_canonical(file, parsed, document, code)
        self._check_links(file, parsed, cluster, document, code)

    def _check_alternates(self, file: str, parsed: _Parsed, cluster: _Cluster,
                          document: str | None, code: str) -> None:
        if not parsed.alternates:
            self.add(file, parsed.head_line, "site-alternate",
                     f"no hreflang alternates: a page lists itself and its other versions "
                     f"({', '.join(cluster.members)}) and x-default -- {self.hint}",
                     document, code)
            return
        targets, hreflangs = self._alternate_links(file, parsed.alternates, cluster,
                                                   document, code, "alternate")
        where = parsed.alternates[-1].line
        for member_code, member in cluster.members.items():
            tag = _facts(member_code)["hreflang"].lower()
            if member in targets or tag in hreflangs or member in self.missing:
                continue
            if member == file:
                message = (f"does not list itself: a page's alternates include the page "
                           f'(hreflang="{_facts(member_code)["hreflang"]}")')
            else:
                other = self.pages.get(member)
                back = other is not None and any(
                    self._resolve(link.href, member)[1] == file for link in other.parsed.alternates)
                message = (f"no alternate for the {self.name(member_code)} version {member}"
                           + (", which lists this page: alternates must be reciprocal"
                              if back else ""))
            self.add(file, where, "site-alternate", f"{message} -- {self.hint}", document, code)
        if "x-default" not in hreflangs:
            self.add(file, where, "site-alternate",
                     f'no hreflang="x-default" alternate (to {cluster.x_default}) -- '
                     f"{self.hint}", document, code)

    def _alternate_links(self, file: str, links: list[_Link], cluster: _Cluster | None,
                         document: str | None, code: str | None, what: str,
                         report: str | None = None) -> tuple[set[str], set[str]]:
        """Check each alternate link; returns the files they point to and
        their hreflang values (lower case), to tell what is missing."""
        report = report or file
        targets: set[str] = set()
        hreflangs: set[str] = set()
        seen: set[str] = set()
        relative: list[_Link] = []
        outside: list[_Link] = []
        for link in links:
            tag = link.attrs.get("hreflang", "").strip()
            lower = tag.lower()
            hreflangs.add(lower)
            href = link.href
            if not href:
                self.add(report, link.line, "site-alternate",
                         f'the {what} for hreflang="{tag}" has no href -- {self.hint}',
                         document, code)
                continue
            kind, target = self._resolve(href, file)
            if kind in ("external", "outside", "fragment") or target is None:
                outside.append(link)
                continue
            targets.add(target)
            if self.urls.base_url and kind != "absolute":
                relative.append(link)
                continue
            if target in self.missing or target in self.leftover:
                continue  # reported once, as a missing or an unpublished page
            if not self._is_file(target):
                self.add(report, link.line, "site-alternate",
                         f'the {what} for hreflang="{tag}" is {href}, a page that does not '
                         f"exist ({target}) -- {self.hint}", document, code)
                continue
            if cluster is None:
                continue
            if lower == "x-default":
                if target != cluster.x_default:
                    problem = f"x-default is {target}, not {cluster.x_default}"
                elif lower in seen:
                    problem = 'a second alternate for hreflang="x-default"'
                else:
                    seen.add(lower)
                    continue
                self.add(report, link.line, "site-alternate", f"{problem} -- {self.hint}",
                         document, code)
                continue
            member = cluster.language_of(target)
            if member is None:
                problem = f"the {what} {href} is not a version of this page"
            elif lower != _facts(member)["hreflang"].lower():
                problem = (f'hreflang="{tag}" on the {what} to the {self.name(member)} version '
                           f'{target}: write hreflang="{_facts(member)["hreflang"]}"')
            elif lower in seen:
                problem = f'a second {what} for hreflang="{tag}"'
            else:
                seen.add(lower)
                continue
            self.add(report, link.line, "site-alternate", f"{problem} -- {self.hint}",
                     document, code)
        if relative:
            first = relative[0]
            count = (f"{len(relative)} {what}s are not absolute URLs" if len(relative) > 1
                     else f"the {what} is not an absolute URL")
            self.add(report, first.line, "site-alternate",
                     f"{count} (first: {first.href!r}); search engines "
                     f"need absolute ones, under base_url {self.urls.base_url!r} -- {self.hint}",
                     document, code)
        if outside:
            first = outside[0]
            count = f"{len(outside)} {what}s point" if len(outside) > 1 else f"the {what} points"
            base = (f"not under base_url {self.urls.base_url!r}" if self.urls.base_url
                    else "not in the site")
            self.add(report, first.line, "site-alternate",
                     f"{count} outside the site (first: {first.href!r}, {base}) -- {self.hint}",
                     document, code)
        return targets, hreflangs

    def _check_canonical(self, file: str, parsed: _Parsed, document: str | None,
                         code: str) -> None:
        for index, link in enumerate(parsed.canonicals):
            if index:
                self.add(file, link.line, "site-alternate",
                         f"a second canonical link -- {self.hint}", document, code)
                continue
            kind, target = self._resolve(link.href, file)
            if self.urls.base_url and kind != "absolute":
                problem = (f"the canonical link {link.href!r} is not an absolute URL under "
                           f"base_url {self.urls.base_url!r}")
            elif target != file:
                problem = f"the canonical link {link.href!r} is not this page's URL"
            else:
                continue
            self.add(file, link.line, "site-alternate", f"{problem} -- {self.hint}",
                     document, code)

    def _check_links(self, file: str, parsed: _Parsed, cluster: _Cluster,
                     document: str | None, code: str) -> None:
        languages = {_facts(member)["hreflang"].lower(): (member, target)
                     for member, target in cluster.members.items()}
        for link in parsed.links:
            kind, target = self._resolve(link.href, file)
            if kind in ("external", "fragment"):
                continue
            if kind == "outside" or target is None:
                self.add(file, link.line, "site-link",
                         f"the link {link.href!r} leads outside the site folder -- {self.hint}",
                         document, code)
                continue
            if target in self.missing or target in self.leftover:
                continue
            if not self._is_file(target):
                self.add(file, link.line, "site-link",
                         f"the link {link.href!r} goes to {target}, which does not exist -- "
                         f"{self.hint}", document, code)
                continue
            tag = link.attrs.get("hreflang", "").strip().lower()
            # (A document's link to another document's page in another
            # language says so with hreflang: not a language link.)
            if (link.tag == "a" and tag in languages and languages[tag][1] != target
                    and self.expected.get(target, (None, ""))[0] in (None, document)):
                member, page = languages[tag]
                self.add(file, link.line, "site-link",
                         f"the {self.name(member)} link goes to {target}, not to this page's "
                         f"{language_name(member)} version {page} -- {self.hint}",
                         document, code)
        if document is None:
            return
        # The document's own relative links and images: to a file of the site.
        for link, own in parsed.all_links:
            kind, target = self._resolve(link.href, file) if own else ("", None)
            if kind == "relative" and (target is None or not self._is_file(target)):
                self.add(file, link.line, "site-link",
                         f"the document's {'image' if link.tag == 'img' else 'link'} "
                         f"{link.href!r} leads to no file of the site -- fix it in "
                         f"{self.project.relative(self.project.source_path(document))}, "
                         "then run `translate publish`", document, code)

    # -- sitemap and feeds

    def _check_sitemap(self) -> None:
        file = "sitemap.xml"
        if file in self.missing:
            return
        elements = self._read_xml(file)
        if elements is None:
            return
        listed: set[str] = set()
        entries: list[tuple[_Link, list[_Link]]] = []
        for name, attrs, line, text in elements:
            if name == "loc":
                entries.append((_Link("loc", {"href": text.strip()}, line), []))
            elif name == "link" and entries and "hreflang" in attrs:
                entries[-1][1].append(_Link("link", dict(attrs), line))
        relative: list[_Link] = []
        for loc, links in entries:
            kind, target = self._resolve(loc.href, "index.html")
            if target is None or kind in ("external", "outside", "fragment"):
                self.add(file, loc.line, "site-link",
                         f"the sitemap lists {loc.href!r}, which is not in the site -- "
                         f"{self.hint}")
                continue
            listed.add(target)
            if self.urls.base_url and kind != "absolute":
                relative.append(loc)
            elif target not in self.missing and target not in self.leftover \
                    and not self._is_file(target):
                self.add(file, loc.line, "site-link",
                         f"the sitemap lists {loc.href}, a page that does not exist "
                         f"({target}) -- {self.hint}")
            if links:
                self._alternate_links(target, links, self.clusters.get(target), None, None,
                                      "sitemap alternate", report=file)
        if relative:
            self.add(file, relative[0].line, "site-link",
                     f"{len(relative)} <loc> URLs are not absolute (first: "
                     f"{relative[0].href!r}) -- {self.hint}")
        unlisted = [page for page in sorted(self.expected) if page not in listed
                    and page not in self.missing]
        if unlisted:
            self.add(file, 1, "site-link",
                     f"the sitemap does not list {len(unlisted)} page"
                     f"{'s' if len(unlisted) > 1 else ''} (first: {unlisted[0]}) -- "
                     f"{self.hint}")

    def _check_feed(self, file: str, code: str) -> None:
        if file in self.missing:
            return
        elements = self._read_xml(file, code)
        if elements is None:
            return
        for name, attrs, line, _ in elements:
            if name != "link" or not attrs.get("href"):
                continue
            kind, target = self._resolve(attrs["href"], file)
            if kind in ("external", "fragment") or target in self.missing \
                    or target in self.leftover:
                continue
            if target is None or kind == "outside" or not self._is_file(target):
                self.add(file, line, "site-link",
                         f"the feed links to {attrs['href']!r}, which is not in the site -- "
                         f"{self.hint}", None, code)

    def _read_xml(self, file: str, code: str | None = None
                  ) -> list[tuple[str, dict[str, str], int, str]] | None:
        """The elements of an XML file: (local name, attributes, line,
        text); None, with a finding, when it is not well formed."""
        import xml.parsers.expat

        self.files.add(f"{self.display}/{file}")
        try:
            data = (self.site / file).read_bytes()
        except OSError as error:
            self.add(file, 0, "site-html", f"cannot be read: {error.strerror} -- {self.hint}",
                     None, code)
            return None
        elements: list[list[Any]] = []
        stack: list[list[Any]] = []
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

        def start(name: str, attrs: dict[str, str]) -> None:
            item = [name.rsplit(" ", 1)[-1], attrs, parser.CurrentLineNumber, ""]
            elements.append(item)
            stack.append(item)

        def end(name: str) -> None:
            stack.pop()

        def text(data: str) -> None:
            if stack:
                stack[-1][3] += data

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            parser.Parse(data, True)
        except xml.parsers.expat.ExpatError as error:
            self.add(file, error.lineno, "site-html",
                     f"not well-formed XML: {xml.parsers.expat.ErrorString(error.code)} "
                     f"(column {error.offset + 1}) -- {self.hint}", None, code)
            return None
        return [(name, attrs, line, content) for name, attrs, line, content in elements]

    # -- URLs

    def _is_file(self, file: str) -> bool:
        """Whether a path of the site (relative to it) is a file."""
        present = self.present.get(file)
        if present is None:
            present = self.present[file] = os.path.isfile(os.path.join(self.site, file))
        return present

    def _resolve(self, href: str, page: str) -> tuple[str, str | None]:
        """Where a link of a page leads: (kind, file relative to the site
        folder).  The kind is ``absolute`` (a URL under base_url), ``site``
        (``/fr/``), ``relative``, ``fragment`` (this page), ``external``
        (another site, another scheme) or ``outside`` (a relative path that
        climbs out of the site folder)."""
        # Most links are the same few hundred URLs, from every page.
        known = self.resolved.get(href)
        if known is None:
            known = self.resolved[href] = self._resolve_anew(href)
        kind, target = known
        if target == _THIS_PAGE:
            return kind, page
        if kind == "path":
            # A relative path: from the page's folder.
            folder = posixpath.dirname(page)
            key = (folder, target)
            if key not in self.joined:
                self.joined[key] = self._file("/" + posixpath.join(folder, target))
            return "relative", self.joined[key]
        return known

    def _resolve_anew(self, href: str) -> tuple[str, str | None]:
        """_resolve's answer for a link on any page, or ("path", its path)
        for a relative one, which depends on the page's folder."""
        parts = urlsplit(href.strip())
        base = self.urls.base_url
        if parts.scheme or parts.netloc:
            if base and parts.scheme in ("http", "https") and href.startswith(base):
                return "absolute", self._file("/" + urlsplit(href[len(base):]).path)
            return "external", None
        if not parts.path:
            return ("fragment" if parts.fragment or parts.query else "relative"), _THIS_PAGE
        if parts.path.startswith("/"):
            return "site", self._file(parts.path)
        return "path", parts.path

    def _file(self, path: str) -> str | None:
        """The file of a path from the site's root; None when it climbs out
        of the site."""
        path = unquote(path)
        parts: list[str] = []
        for part in path.split("/")[1:]:
            if part == "..":
                if not parts:
                    return None
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        file = "/".join(parts)
        if path.endswith("/") or not file:
            return f"{file}/index.html" if file else "index.html"
        folder = self.folders.get(file)
        if folder is None:
            folder = self.folders[file] = os.path.isdir(os.path.join(self.site, file))
        return f"{file}/index.html" if folder else file


# ---------------------------------------------------------------------------
# Helpers


def _slug(name: str) -> str:
    from ..publish.urls import slug_of

    return slug_of(name)


def _facts(code: str) -> dict[str, Any]:
    """The language facts publish writes pages with (shared: not to be
    changed; looked up for every alternate of every page)."""
    facts = _FACTS.get(code)
    if facts is None:
        from ..publish.model import language_facts

        facts = _FACTS[code] = language_facts(code)
    return facts


_FACTS: dict[str, dict[str, Any]] = {}
#: What _resolve_anew gives for a link to the page it is on (a NUL: no path).
_THIS_PAGE = "\0this page"


def _recorded_rule(record: dict) -> tuple[list[str], dict[str, float]] | None:
    """Where the manifest says a document was published."""
    pages = record.get("pages")
    if not isinstance(pages, list):
        return None
    languages = [page["language"] for page in pages
                 if isinstance(page, dict) and isinstance(page.get("language"), str)]
    below = {item[0]: float(item[1]) for item in record.get("not_published", ())
             if isinstance(item, list) and len(item) == 2}
    return languages, below


def _html5_errors(text: str) -> list[tuple[tuple[int, int], str, int]]:
    """The parse errors of a page as html5lib reads it (the HTML5 parsing
    algorithm, as browsers do): ((line, column), message, how many more)."""
    import html5lib
    from html5lib.constants import E

    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(text)
    out = []
    for position, code, data in parser.errors[:1]:
        try:
            message = E.get(code, code) % (data or {})
        except (KeyError, TypeError, ValueError):
            message = code
        out.append((position, message, len(parser.errors) - 1))
    return out


def _tool_table_line(project: Project) -> tuple[str, int]:
    """Where a setting of [tool.translate] goes: its header's line."""
    from ..config import PYPROJECT

    try:
        text = (project.root / PYPROJECT).read_text(encoding="utf-8")
    except OSError:
        return PYPROJECT, 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == "[tool.translate]":
            return PYPROJECT, number
    return PYPROJECT, 1
