"""Links between documents, images and other files, as the site needs them.

A document links to another as its source does (``[the release](b.md)``,
``![logo](img/logo.png)``), relative to its own folder in ``source/``.  On the
site, pages live elsewhere (``/<lang>/<slug>/``), so every relative
destination is resolved against the document's folder (percent-decoded)
and written anew:

* to a document of the project: the relative URL of its page in the page's
  own language when the document is published in it, else of its page in
  the source language, and then the ``<a>`` says so (``hreflang``); the
  ``?query`` and ``#fragment`` are kept;
* to another file of the source folder (an image, a PDF): the file is
  copied once into the site, at ``assets/<its path in source/>`` (one copy
  for every language), and linked from each page relative to it;
* to nothing: left as written, and publish warns (document, line,
  destination); ``translate check`` reports the dead link too.

A destination with a scheme (``https:``, ``mailto:``), ``//host``, ``/path``,
``#fragment`` or ``?query`` alone is not relative and stays as written.

A file reached through symbolic links must stay inside the project
(:func:`translate.config.inside`): one that leads outside is an error.

What a page's bytes now depend on beyond its own document (whether the
documents it links to are published in its language, the bytes of the files
it copies, whether a missing target appeared) is in the document's key:
:meth:`LinkTable.key` digests the state of every target the document's
pages name, so that an incremental publish re-renders it exactly when a
publish from nothing would write something else.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from ..config import inside
from ..languages import get_language
from ..project import Project
from .urls import SiteUrls, hreflang, slug_of

__all__ = ["ASSETS", "LinkTable", "DocumentLinks", "is_relative", "warnings"]

#: The folder of the site that holds the files documents link to.
ASSETS = "assets"

#: A URL scheme (RFC 3986): ``https:``, ``mailto:``, ``data:``...
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: What a relative URL built from a decoded path keeps as it is (RFC 3986's
#: unreserved characters and the sub-delimiters a path may hold); the rest,
#: ``%``, ``?`` and ``#`` of a file's name included, is percent-encoded.
_SAFE = "/!$&'()*+,;=:@-._~"


def is_relative(destination: str) -> bool:
    """Whether a link's destination is a path relative to its document (no
    scheme, not ``//host``, ``/path``, ``#fragment`` or ``?query``)."""
    if not destination or destination.startswith(("/", "#", "?", "\\")):
        return False
    return not _SCHEME_RE.match(destination)


def _split(destination: str) -> tuple[str, str]:
    """(path, the ``?query#fragment`` that follows it, as written)."""
    end = len(destination)
    for mark in ("?", "#"):
        position = destination.find(mark)
        if position != -1:
            end = min(end, position)
    return destination[:end], destination[end:]


def _target(document: str, path: str) -> str | None:
    """The file a percent-decoded path names, relative to the source
    folder, from the folder of ``document``; None when it climbs out of the
    source folder."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(document), path))
    if joined == ".." or joined.startswith("../") or joined == ".":
        return None
    return joined


@dataclass
class LinkTable:
    """Where the relative links of every document lead: the documents of
    the project, the languages each is published in, the files of the
    source folder.

    Attributes:
        project: The project.
        urls: The site's URL scheme.
        languages: The source language, then the target languages.
        include_fuzzy: As publish's option (which languages are published).
        names: The documents of the project.
        known: Languages already known for some documents (from the
            manifest, for documents whose own key did not change); the
            others are worked out on first use.
    """

    project: Project
    urls: SiteUrls
    languages: list[str]
    include_fuzzy: bool
    names: frozenset[str]
    known: dict[str, list[str]] = field(default_factory=dict)

    def published(self, name: str) -> list[str]:
        """The languages a document is published in, the source first."""
        languages = self.known.get(name)
        if languages is None:
            from .pages import published_languages

            languages = published_languages(self.project, name, self.languages,
                                            self.include_fuzzy)
            self.known[name] = languages
        return languages

    def state(self, target: str) -> str:
        """What a page linking to ``target`` (relative to the source folder)
        depends on: the languages of a document, the bytes of a file, or
        that there is nothing (or nothing allowed) there."""
        if target in self.names:
            return "document " + " ".join(self.published(target))
        path = self.project.source_dir / target
        real = os.path.realpath(path)
        root = os.path.realpath(self.project.root)
        if not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
            return "outside"
        try:
            with open(real, "rb") as handle:
                data = handle.read()
        except OSError:
            return "missing"
        from . import _digest

        return "file " + _digest(data)

    def key(self, base: str, targets: Iterable[str]) -> str:
        """A document's key: its own (``base``) and the state of every
        target its pages name."""
        from . import _digest

        return _digest(base, json.dumps([[target, self.state(target)]
                                         for target in sorted(set(targets))]))

    def document(self, name: str, display: str) -> DocumentLinks:
        """What the pages of one document need to resolve its links."""
        return DocumentLinks(self, name, display)


@dataclass
class DocumentLinks:
    """The relative links and images of one document, as its pages are
    rendered: the resolver each page's style calls, and what they found.

    Attributes:
        targets: Every target named (relative to the source folder), found
            or not: the document's key depends on their state.
        missing: Destinations that lead to nothing (as written), with the
            line of their first use (None when unknown).
        assets: The files copied into the site, by path in the site.
    """

    table: LinkTable
    name: str
    display: str
    targets: set[str] = field(default_factory=set)
    missing: dict[str, int | None] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)

    def any(self) -> bool:
        """Whether the document has a relative link or image at all."""
        return bool(self.targets or self.missing)

    def resolver(self, language: str, page: str
                 ) -> Callable[[str, str, int | None], tuple[str, dict[str, str]]]:
        """The ``url`` of :class:`translate.segment.HtmlStyle` for the page
        of the document in ``language`` at ``page`` (its site path)."""

        def url(destination: str, kind: str, line: int | None) -> tuple[str, dict[str, str]]:
            return self.resolve(destination, kind, line, language, page)

        return url

    def resolve(self, destination: str, kind: str, line: int | None, language: str,
                page: str) -> tuple[str, dict[str, str]]:
        """A destination as the page at ``page`` writes it, and attributes
        to add (``hreflang`` on a link to a page in another language).

        Raises:
            PathOutsideProject: It names a file that symbolic links lead
                outside the project.
        """
        if not is_relative(destination):
            return destination, {}
        path, rest = _split(destination)
        decoded = unquote(path)
        if not decoded:
            return destination, {}
        target = _target(self.name, decoded)
        if target is None:
            self.missing.setdefault(destination, line)
            return destination, {}
        self.targets.add(target)
        table = self.table
        urls = table.urls
        if target in table.names:
            published = table.published(target)
            source = table.languages[0]
            shown = language if language in published else source
            href = urls.link(page, urls.page(shown, slug_of(target)))
            extra = ({"hreflang": hreflang(get_language(source).code)}
                     if shown != language and kind == "link" else {})
            return quote(href, safe=_SAFE) + rest, extra
        project = table.project
        real = inside(project.root, project.source_dir / target, self.display, line)
        if not real.is_file():
            self.missing.setdefault(destination, line)
            return destination, {}
        site_path = f"{ASSETS}/{target}"
        if site_path not in self.assets:
            self.assets[site_path] = real.read_bytes()
        return quote(urls.link(page, "/" + site_path), safe=_SAFE) + rest, {}

    def record(self) -> dict:
        """What the manifest keeps of the document's links: its targets and
        the destinations that lead to nothing (warned at every publish)."""
        return {"targets": sorted(self.targets),
                "missing": sorted([[destination, line]
                                   for destination, line in self.missing.items()],
                                  key=lambda item: (item[1] or 0, item[0]))}


def warnings(display: str, record: dict) -> list[str]:
    """The warnings of publish about a document's links that lead to
    nothing (``record``: as :meth:`DocumentLinks.record` made it)."""
    out = []
    for destination, line in record.get("missing", ()):
        where = f"{display}:{line}" if line else display
        out.append(f"{where}: the link {destination!r} leads to no document or file of the "
                   "source folder: it is published as written -- fix the link, or add the file")
    return out
