"""Localized documents to a multilingual static website: ``translate publish``.

For every document and every language where it is published (the source
language always; a target language when the document meets the completeness
threshold of ``build``, from the same catalogs), one page at a stable URL
(``url_pattern``, default ``/<lang>/<slug>/``):

* ``<html lang dir>`` from the language table; Latin runs inside right-to-left
  text isolated (:mod:`translate.publish.bidi`);
* every page lists itself and each other published version with ``<link
  rel="alternate" hreflang>`` (absolute with ``base_url``) and ``x-default``;
  a language switcher links page to page, each language named in itself;
* per-language listings newest first, a root page that selects the language,
  ``sitemap.xml`` with ``xhtml:link`` alternates, an Atom feed per language,
  ``robots.txt``; a theme that needs nothing from the network, whose Jinja2
  templates and stylesheet a project may replace (``site_templates``).

Publishing is deterministic and incremental: a manifest in the site folder
(``.translate-site.json``) records, per document, a key of everything its
pages depend on; a document whose key did not change is not rendered again,
and a file whose bytes did not change is not written.  Everything is
rendered before anything is written; each file is written atomically; the
files of an earlier publish that no page has any more (a language that fell
below the threshold, a removed document) are deleted last.  Nothing outside
the site folder is touched, and in it nothing the manifest does not list.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..fsutil import write_atomic
from ..project import Project
from .model import PageInfo, PublishError
from .urls import SiteUrls, slug_of

__all__ = ["PublishError", "PublishResult", "publish_site", "MANIFEST"]

log = logging.getLogger(__name__)

#: The file in the site folder that records what the last publish wrote.
MANIFEST = ".translate-site.json"
#: Bumped when the manifest's shape changes.
_RENDER_VERSION = "1"


def _code_key() -> str:
    """A digest of the code that renders pages (this package and the
    document formats): a new version of the tool renders every page again."""
    here = Path(__file__).resolve().parent
    sources = sorted(here.glob("*.py")) + sorted((here.parent / "segment").glob("*.py"))
    return _digest(*(path.read_bytes() for path in sources))


@dataclass
class PublishResult:
    """What :func:`publish_site` did.

    Attributes:
        site: The site folder, relative to the project root.
        home: The root page (the language selector), relative to the root.
        pages: Release pages of the site, per language.
        written: Files written (new or changed), relative to the site folder.
        removed: Files of an earlier publish deleted.
        unchanged: Files that kept their bytes.
        rendered: Documents whose pages were rendered (the others had not
            changed since the last publish).
        not_published: (document, language, percent translated) of the
            translations below the threshold.
        warnings: Problems that do not stop publishing (no ``base_url``).
    """

    site: str
    home: str
    pages: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rendered: list[str] = field(default_factory=list)
    not_published: list[tuple[str, str, float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["not_published"] = [{"document": d, "language": l, "percent": p}
                                 for d, l, p in self.not_published]
        return data


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def publish_site(project: Project, include_fuzzy: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> PublishResult:
    """Write the multilingual site of a project into ``site_dir``.

    Args:
        project: The project.
        include_fuzzy: Count fuzzy translations too (a preview, as ``build
            --include-fuzzy``).
        progress: Called with (documents done, documents in all).

    Returns:
        What was written, kept and removed.

    Raises:
        PublishError: A document without a title, two documents with the same
            URL, a template that does not render.  Nothing is written.
        CatalogSyntaxError, SourceError: A catalog or document that cannot be
            read.  Nothing is written.
        PathOutsideProject: The site folder, or a folder in it, leads outside
            the project.
    """
    from .pages import Theme, render_document, render_listings

    settings = project.settings
    site = project.checked(settings.path("site_dir"))
    targets = list(settings.require_languages())
    languages = [settings.source_language, *targets]
    urls = SiteUrls.of(settings.base_url, settings.url_pattern)
    theme = Theme.load(project)
    names = project.documents()
    _check_slugs(project, names, urls, languages)
    previous = _read_manifest(site)
    context_key = _digest(
        _RENDER_VERSION, _code_key(), theme.key, json.dumps([
            settings.base_url, settings.url_pattern, settings.x_default, settings.site_name,
            languages, settings.min_complete, list(settings.front_matter), include_fuzzy],
            ensure_ascii=False))
    documents: dict[str, dict] = {}
    outputs: dict[str, bytes] = {}
    kept: dict[str, str] = {}
    result = PublishResult(site=project.relative(site), home=project.relative(site / "index.html"))
    for done, name in enumerate(names, 1):
        key = _document_key(project, name, languages, context_key)
        old = previous.get("documents", {}).get(name)
        if old is not None and old.get("key") == key and _files_intact(site, old["files"]):
            documents[name] = old
            kept.update(old["files"])
        else:
            rendered = render_document(project, theme, urls, name, languages, include_fuzzy)
            files = {path: _digest(data) for path, data in rendered.files.items()}
            documents[name] = {"key": key, "files": files,
                               "pages": [asdict(page) for page in rendered.pages],
                               "not_published": rendered.not_published}
            outputs.update(rendered.files)
            result.rendered.append(name)
        if progress is not None:
            progress(done, len(names))
    pages = [PageInfo(**page) for name in names for page in documents[name]["pages"]]
    for name in names:
        for language, percent in documents[name]["not_published"]:
            result.not_published.append((name, language, percent))
    outputs.update(render_listings(project, theme, urls, languages, pages))
    if not settings.base_url:
        result.warnings.append(
            "base_url is not set: the site works, but search engines need absolute URLs for "
            "its language alternates, sitemap and feeds -- set base_url in [tool.translate]")
    for page in pages:
        result.pages[page.language] = result.pages.get(page.language, 0) + 1
    _write(project, site, outputs, kept, documents, previous, result)
    return result


def _check_slugs(project: Project, names: list[str], urls: SiteUrls,
                 languages: list[str]) -> None:
    seen: dict[str, str] = {}
    reserved = {urls.file(urls.index(language)) for language in languages}
    reserved |= {urls.file(urls.feed(language)) for language in languages}
    reserved |= {"index.html", "sitemap.xml", "robots.txt", "style.css", MANIFEST}
    for name in names:
        path = urls.file(urls.page(languages[0], slug_of(name)))
        display = project.relative(project.source_path(name))
        if path in seen:
            raise PublishError(display, None,
                               f"publishes at the same address as {seen[path]} "
                               f"({urls.page(languages[0], slug_of(name))})",
                               "rename one of the two documents")
        if path in reserved:
            raise PublishError(display, None, f"its page would be the site's own {path}",
                               "rename the document, or change url_pattern")
        seen[path] = display


def _document_key(project: Project, name: str, languages: list[str], context: str) -> str:
    """What a document's pages depend on: its text, its catalogs, its date
    and everything the site shares."""
    parts: list[bytes | str] = [context, name, project.settings.dates.get(name, ""),
                                project.source_path(name).read_bytes()]
    for language in languages[1:]:
        path = project.catalog_path(language, name)
        parts.append(path.read_bytes() if path.exists() else b"\0missing")
    return _digest(*parts)


def _files_intact(site: Path, files: dict[str, str]) -> bool:
    """Whether the files a manifest lists for a document still have the
    bytes it wrote (a removed or edited one makes the document render
    again)."""
    for path, digest in files.items():
        try:
            if _digest((site / path).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def _read_manifest(site: Path) -> dict:
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == _RENDER_VERSION else {}


def _write(project: Project, site: Path, outputs: dict[str, bytes], kept: dict[str, str],
           documents: dict[str, dict], previous: dict, result: PublishResult) -> None:
    """Write what changed, then remove what an earlier publish wrote and no
    page has any more, then the manifest."""
    for path in sorted(outputs):
        target = project.checked(site / path)
        data = outputs[path]
        try:
            same = target.read_bytes() == data
        except OSError:
            same = False
        if same:
            result.unchanged += 1
        else:
            write_atomic(target, data, durable=False)
            result.written.append(path)
    result.unchanged += len(kept)
    current = set(outputs) | set(kept)
    for path in sorted(set(previous.get("files", ())) - current):
        target = project.checked(site / path)
        if target.is_file():
            target.unlink()
            result.removed.append(path)
            _remove_empty_folders(site, target.parent)
    manifest = {"version": _RENDER_VERSION, "documents": documents,
                "files": sorted(current)}
    data = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    manifest_path = site / MANIFEST
    try:
        same = manifest_path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        write_atomic(project.checked(manifest_path), data, durable=False)


def _remove_empty_folders(site: Path, folder: Path) -> None:
    while folder != site and folder.is_relative_to(site):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
