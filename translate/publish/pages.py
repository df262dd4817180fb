"""The pages of the site: releases, listings, the language selector, and
what machines read (sitemap, feeds, robots.txt).

Templates are Jinja2 (``translate/publish/theme/``); a project's
``site_templates`` folder may replace any of them and ``style.css``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..languages import get_language
from ..project import Project
from ..segment import HtmlStyle, format_for, read_document
from .model import PageInfo, PublishError, language_facts
from .bidi import isolator
from .ui import ui_strings
from .urls import SiteUrls, hreflang, slug_of

if TYPE_CHECKING:
    from .links import DocumentLinks, LinkTable

__all__ = ["Theme", "render_document", "render_listings", "RenderedDocument",
           "published_languages"]

THEME = Path(__file__).resolve().parent / "theme"
TEMPLATES = ("base.html", "page.html", "index.html", "selector.html")


# xml.sax.saxutils's escape() and quoteattr(), exactly: importing it costs a
# re-publish with no change a tenth of its time (it pulls in urllib.request,
# http.client and email).
def xml_escape(data: str) -> str:
    """``&``, ``<`` and ``>`` escaped, as :func:`xml.sax.saxutils.escape`."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An XML attribute value with its quotes, as
    :func:`xml.sax.saxutils.quoteattr`."""
    data = xml_escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        if "'" in data:
            return '"%s"' % data.replace('"', "&quot;")
        return "'%s'" % data
    return '"%s"' % data


@dataclass
class Theme:
    """The templates and stylesheet of the site, the project's own first.

    Attributes:
        folders: Where templates are looked for, the project's first.
        stylesheet: The bytes of ``style.css``.
        key: A digest of every template and the stylesheet: pages are
            rendered again when it changes.
        folder: The project's template folder, relative to the root ("" for
            none), for error messages.
    """

    folders: list[str]
    stylesheet: bytes
    key: str
    folder: str = ""

    @cached_property
    def environment(self) -> Any:
        """The Jinja2 environment, made when a page is first rendered: a
        publish with nothing to render never imports Jinja2."""
        import jinja2

        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folders), autoescape=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
            trim_blocks=False, lstrip_blocks=False,
            # The templates do not change during a publish: no stat of each
            # template file (and of the ones it extends) for every page.
            auto_reload=False)

    @classmethod
    def load(cls, project: Project) -> Theme:
        folders = []
        display = ""
        if project.settings.site_templates:
            own = project.checked(project.settings.path("site_templates"))
            if not own.is_dir():
                path, line = project.settings.where("site_templates")
                raise PublishError(path, line,
                                   f"site_templates {project.settings.site_templates!r} is not "
                                   "a folder", "create it, or remove the setting")
            folders.append(str(own))
            display = project.relative(own)
        folders.append(str(THEME))
        hasher = hashlib.sha256()
        for name in TEMPLATES:
            # The file Jinja2's loader takes: the first folder that has it.
            for searched in folders:
                path = Path(searched) / name
                if path.is_file():
                    hasher.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
                    break
        css_path = Path(folders[0]) / "style.css"
        if not css_path.is_file():
            css_path = THEME / "style.css"
        stylesheet = css_path.read_bytes()
        hasher.update(stylesheet)
        return cls(folders, stylesheet, hasher.hexdigest()[:32], display)

    def prepare(self) -> None:
        """Compile the templates now (before worker processes are forked, so
        that they inherit them compiled).  A template that does not compile
        is left for :meth:`render` to report."""
        import jinja2

        for name in TEMPLATES:
            try:
                self.environment.get_template(name)
            except jinja2.TemplateError:
                pass

    def render(self, template: str, **context: Any) -> bytes:
        """A template rendered, as UTF-8 bytes.

        Raises:
            PublishError: The template does not parse, or uses a name the
                context does not have.
        """
        import jinja2

        try:
            text = self.environment.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as error:
            raise PublishError(self._where(error.filename or error.name or template), error.lineno,
                               f"template error: {error.message}", "fix the template") from None
        except jinja2.TemplateError as error:
            raise PublishError(self._where(template), _template_line(error),
                               f"template error: {error}",
                               "fix the template (the names it may use are in docs/publish.md)"
                               ) from None
        return text.encode("utf-8")

    def _where(self, name: str) -> str:
        path = Path(name)
        if path.is_absolute():
            if path.is_relative_to(THEME):
                return f"translate/publish/theme/{path.name}"
            return self.folder + "/" + path.name if self.folder else path.name
        return f"{self.folder}/{name}" if self.folder and (Path(self.folder) / name).exists() \
            else name


def _template_line(error: Exception) -> int | None:
    import traceback

    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") or frame.filename == "<template>":
            return frame.lineno
    return None


def _style(language: str, url: Any = None) -> HtmlStyle:
    direction = get_language(language).direction
    return HtmlStyle(isolator(direction), "ltr" if direction == "rtl" else "", url)


def _og_locale(code: str) -> str:
    return code.replace("-", "_")


@dataclass
class RenderedDocument:
    """The pages of one document in every language it is published in."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: list[PageInfo] = field(default_factory=list)
    not_published: list[tuple[str, float]] = field(default_factory=list)
    #: Its relative links and images (None: it has none), the files they
    #: copy into the site among ``files``.
    links: DocumentLinks | None = None


def _alternates(urls: SiteUrls, paths: dict[str, str], x_default: str) -> list[dict[str, str]]:
    items = [{"hreflang": hreflang(get_language(code).code), "href": urls.href(path)}
             for code, path in paths.items()]
    items.append({"hreflang": "x-default", "href": urls.href(x_default)})
    return items


def _switcher(urls: SiteUrls, source: str, paths: dict[str, str],
              current: str) -> list[dict[str, Any]]:
    return [{**language_facts(code), "href": urls.link(source, path), "current": code == current}
            for code, path in paths.items()]


def _tables(project: Project, document: Any, name: str, languages: list[str],
            include_fuzzy: bool, not_published: list[tuple[str, float]]
            ) -> dict[str, dict[str, tuple[str, bool]] | None]:
    """The translation table of each language the document is published in
    (None for the source language); the others go to ``not_published``."""
    # Here, not at the top: a publish with nothing to render reads no catalog.
    from ..build import catalog_translations

    tables: dict[str, dict[str, tuple[str, bool]] | None] = {languages[0]: None}
    msgids = {segment.msgid for segment in document.segments}
    for code in languages[1:]:
        # build's translations, read without building the catalog's entries.
        table = catalog_translations(project, project.catalog_path(code, name), include_fuzzy)
        translated = sum(1 for msgid in msgids if msgid in table)
        percent = round(100.0 * translated / len(msgids), 1) if msgids else 100.0
        if percent >= project.settings.min_complete:
            tables[code] = table
        else:
            not_published.append((code, percent))
    return tables


def published_languages(project: Project, name: str, languages: list[str],
                        include_fuzzy: bool) -> list[str]:
    """The languages a document is published in, the source language first
    (what :func:`render_document` renders, without rendering)."""
    source_path = project.source_path(name)
    document = read_document(source_path, name, project.relative(source_path),
                             project.settings.front_matter)
    return list(_tables(project, document, name, languages, include_fuzzy, []))


def render_document(project: Project, theme: Theme, urls: SiteUrls, name: str,
                    languages: list[str], include_fuzzy: bool,
                    links: LinkTable | None = None) -> RenderedDocument:
    """The release pages of a document, in the source language and in each
    target language whose translation meets the threshold.

    Args:
        links: Where the document's relative links and images lead
            (:mod:`translate.publish.links`); None: as written.

    Raises:
        PublishError: The document has no title in a language.
        PathOutsideProject: A link or image leads to a file outside the
            project.
    """
    settings = project.settings
    source_path = project.source_path(name)
    display = project.relative(source_path)
    document = read_document(source_path, name, display, settings.front_matter)
    fmt = format_for(name)
    slug = slug_of(name)
    out = RenderedDocument()
    tables = _tables(project, document, name, languages, include_fuzzy, out.not_published)
    found = links.document(name, display) if links is not None else None
    paths = {code: urls.page(code, slug) for code in tables}
    source_page = paths[languages[0]]
    x_default = source_page if settings.x_default == "source" else "/"
    alternates = _alternates(urls, paths, x_default)
    for code, table in tables.items():
        path = paths[code]
        style = _style(code, found.resolver(code, path) if found is not None else None)
        if table is None:
            html = fmt.html(document, lambda segment: None, style)
        else:
            html = fmt.html(document, lambda segment, table=table: table.get(
                segment.msgid, (None, False))[0], style)
        if not html.title:
            raise PublishError(display, 1, f"the document has no title ({code})",
                               "start it with a title line (plain text), a '# ' heading or a "
                               "front matter title (Markdown)")
        date = html.date or settings.dates.get(name, "")
        facts = language_facts(code)
        page = {
            "lang": facts["hreflang"], "dir": facts["dir"], "title": html.title,
            "description": html.description, "date": date,
            "body": _markup(html.body), "footer": _markup(html.footer),
            "canonical": urls.absolute(path), "alternates": alternates,
            "feed": urls.link(path, urls.feed(code)), "og_type": "article",
            "og_locale": _og_locale(facts["hreflang"]),
            "og_alternates": [_og_locale(hreflang(other)) for other in paths if other != code],
            "stylesheet": urls.stylesheet(path), "home": urls.link(path, urls.index(code)),
            "switcher": _switcher(urls, path, paths, code),
        }
        out.files[urls.file(path)] = theme.render(
            "page.html", page=page, site=_site(project, code), ui=ui_strings(code))
        out.pages.append(PageInfo(name, code, path, html.title, html.description, date))
    if found is not None and found.any():
        out.links = found
        out.files.update(found.assets)
    return out


def _markup(html: str) -> Any:
    from markupsafe import Markup

    return Markup(html)


def _site(project: Project, language: str) -> dict[str, str]:
    return {"name": project.settings.site_name_for(language)}


def render_listings(project: Project, theme: Theme, urls: SiteUrls, languages: list[str],
                    pages: Iterable[PageInfo]) -> dict[str, bytes]:
    """Everything of the site but the release pages: a listing per language
    (newest first), the language selector at the root, the sitemap, the
    feeds, robots.txt and the stylesheet."""
    pages = list(pages)
    by_language: dict[str, list[PageInfo]] = {}
    for page in pages:
        by_language.setdefault(page.language, []).append(page)
    present = [code for code in languages if code in by_language]
    files: dict[str, bytes] = {"style.css": theme.stylesheet}
    index_paths = {code: urls.index(code) for code in present}
    alternates = _alternates(urls, index_paths, "/")
    for code in present:
        path = index_paths[code]
        releases = sorted(by_language[code], key=lambda p: (p.date == "", _reverse(p.date),
                                                            p.title, p.path))
        facts = language_facts(code)
        page = {
            "lang": facts["hreflang"], "dir": facts["dir"], "title": ui_strings(code)["releases"],
            "description": "", "canonical": urls.absolute(path), "alternates": alternates,
            "feed": urls.link(path, urls.feed(code)), "og_type": "website",
            "og_locale": _og_locale(facts["hreflang"]),
            "og_alternates": [_og_locale(hreflang(other)) for other in present if other != code],
            "stylesheet": urls.stylesheet(path), "home": urls.link(path, path),
            "switcher": _switcher(urls, path, index_paths, code),
            "releases": [{"title": item.title, "date": item.date,
                          "description": item.description, "href": urls.link(path, item.path)}
                         for item in releases],
        }
        files[urls.file(path)] = theme.render("index.html", page=page, site=_site(project, code),
                                              ui=ui_strings(code))
        files[urls.file(urls.feed(code))] = _feed(project, urls, code, releases)
    source = languages[0]
    facts = language_facts(source)
    selector = {
        "lang": facts["hreflang"], "dir": facts["dir"],
        "title": _site(project, source)["name"] or ui_strings(source)["releases"],
        "description": "", "canonical": urls.absolute("/"), "alternates": alternates,
        "feed": "", "og_type": "website", "og_locale": _og_locale(facts["hreflang"]),
        "og_alternates": [], "stylesheet": urls.stylesheet("/"), "home": urls.link("/", "/"),
        "switcher": [],
        "languages": [{**language_facts(code), "href": urls.link("/", index_paths[code])}
                      for code in present],
    }
    files["index.html"] = theme.render("selector.html", page=selector, site=_site(project, source),
                                       ui=ui_strings(source))
    files["sitemap.xml"] = _sitemap(urls, pages, index_paths, project.settings.x_default)
    robots = "User-agent: *\nAllow: /\n"
    if urls.base_url:
        robots += f"Sitemap: {urls.absolute('/sitemap.xml')}\n"
    files["robots.txt"] = robots.encode()
    return files


def _reverse(date: str) -> str:
    # Newest first: sort on the complement of each digit.
    return date.translate(str.maketrans("0123456789", "9876543210"))


def _sitemap(urls: SiteUrls, pages: list[PageInfo], index_paths: dict[str, str],
             x_default: str) -> bytes:
    """``sitemap.xml``: every page, with its alternates (itself included)."""
    groups: dict[str, dict[str, str]] = {}
    for page in pages:
        groups.setdefault(page.document, {})[page.language] = page.path
    clusters = [(paths, next(iter(paths.values())) if x_default == "source" else "/")
                for paths in groups.values()]
    clusters.append((index_paths, "/"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    entries: list[tuple[str, list[str]]] = []
    for paths, default in clusters:
        links = [f'<xhtml:link rel="alternate" hreflang="{hreflang(get_language(code).code)}" '
                 f'href={quoteattr(urls.href(path))}/>' for code, path in paths.items()]
        links.append(f'<xhtml:link rel="alternate" hreflang="x-default" '
                     f'href={quoteattr(urls.href(default))}/>')
        entries.extend((path, links) for path in paths.values())
        if paths is index_paths:
            # The language selector, the listings' x-default, lists them as its
            # page does.
            entries.append(("/", links))
    for path, links in sorted(entries):
        lines.append("  <url>")
        lines.append(f"    <loc>{xml_escape(urls.href(path))}</loc>")
        lines.extend(f"    {link}" for link in links)
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _feed(project: Project, urls: SiteUrls, code: str, releases: list[PageInfo]) -> bytes:
    """An Atom feed of a language's releases, newest first (undated ones
    are left out: an entry needs its date)."""
    dated = [page for page in releases if page.date]
    feed_id = urls.absolute(urls.index(code)) or f"urn:translate:{slug_of(project.root.name)}:{code}"
    updated = (dated[0].date if dated else "1970-01-01") + "T00:00:00Z"
    name = _site(project, code)["name"]
    title = f"{name} – {ui_strings(code)['releases']}" if name else ui_strings(code)["releases"]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{hreflang(code)}">',
             f"  <id>{xml_escape(feed_id)}</id>",
             f"  <title>{xml_escape(title)}</title>",
             f"  <author><name>{xml_escape(name or title)}</name></author>",
             f"  <updated>{updated}</updated>",
             f'  <link rel="self" href={quoteattr(urls.href(urls.feed(code)))}/>',
             f'  <link rel="alternate" type="text/html" href={quoteattr(urls.href(urls.index(code)))}/>']
    for page in dated:
        entry_id = urls.absolute(page.path) or f"{feed_id}:{page.path}"
        lines += ["  <entry>",
                  f"    <id>{xml_escape(entry_id)}</id>",
                  f"    <title>{xml_escape(page.title)}</title>",
                  f"    <updated>{page.date}T00:00:00Z</updated>",
                  f'    <link rel="alternate" type="text/html" href={quoteattr(urls.href(page.path))}/>']
        if page.description:
            lines.append(f"    <summary>{xml_escape(page.description)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
