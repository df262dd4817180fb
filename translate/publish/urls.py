"""Where each page of the site lives: its file, its absolute URL, and the
relative links between pages.

A page's path comes from the ``url_pattern`` setting (``/<lang>/<slug>/``);
``base_url`` makes it absolute for what search engines read (canonical,
hreflang, sitemap, feeds).  Links between pages are relative and name the
``index.html`` files, so the site works from any folder of any web server
and straight from the disk (a browser does not open a folder's index.html).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = ["SiteUrls", "hreflang"]


def hreflang(code: str) -> str:
    """A language code as HTML and hreflang write it (BCP 47): ``pt_BR`` is
    ``pt-BR``."""
    return code.replace("_", "-")


def url_language(code: str) -> str:
    """A language code as a URL segment: ``pt_BR`` is ``pt-br``."""
    return code.replace("_", "-").lower()


@dataclass(frozen=True)
class SiteUrls:
    """The URL scheme of a site.

    Attributes:
        base_url: The site's address ending with ``/`` ("" for none).
        pattern: The path of a release, with ``<lang>`` and ``<slug>``.
    """

    base_url: str
    pattern: str

    @classmethod
    def of(cls, base_url: str, pattern: str) -> SiteUrls:
        base = base_url.rstrip("/") + "/" if base_url else ""
        return cls(base, pattern)

    def page(self, language: str, slug: str) -> str:
        """The path of a release (``/fr/news/2019-summit/``)."""
        return self.pattern.replace("<lang>", url_language(language)).replace("<slug>", slug)

    @staticmethod
    def index(language: str) -> str:
        """The path of a language's listing of releases."""
        return f"/{url_language(language)}/"

    @staticmethod
    def feed(language: str) -> str:
        return f"/{url_language(language)}/feed.xml"

    @staticmethod
    def file(path: str) -> str:
        """The file of a path, relative to the site folder."""
        return (path.lstrip("/") + "index.html") if path.endswith("/") else path.lstrip("/")

    def absolute(self, path: str) -> str:
        """The absolute URL of a path ("" without ``base_url``)."""
        return self.base_url + path.lstrip("/") if self.base_url else ""

    def href(self, path: str) -> str:
        """What alternates and feeds give for a path: absolute, or
        site-relative without ``base_url``."""
        return self.absolute(path) or path

    @staticmethod
    def link(source: str, target: str) -> str:
        """A relative link from the page at ``source`` to the one at
        ``target``, to its ``index.html`` file (see the module's docstring)."""
        folder = source if source.endswith("/") else posixpath.dirname(source) + "/"
        destination = target + "index.html" if target.endswith("/") else target
        return posixpath.relpath(destination, folder)

    def stylesheet(self, source: str) -> str:
        return self.link(source, "/style.css")


def slug_of(document: str) -> str:
    """The slug of a document: its path in the source folder without its
    suffix (``news/2019-summit.md`` is ``news/2019-summit``)."""
    path = PurePosixPath(document)
    return path.with_suffix("").as_posix()
