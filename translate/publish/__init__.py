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

A first publish (no site folder yet) writes the whole site into a hidden
folder beside it and renames that folder at the end
(:mod:`translate.publish.stage`): the site appears whole or not at all.

With many documents to render (:data:`PARALLEL_DOCUMENTS`), they are shared
between forked worker processes, which inherit what they need from
:data:`_CONTEXT`.  On a first publish each worker writes the pages it
rendered into the hidden folder; otherwise it sends their bytes back and the
parent compares and writes them once every document is rendered.  Either
way the site is the same, byte for byte, as one process would write.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TranslateError
from ..fsutil import write_atomic
from ..project import Project
from .links import LinkTable, warnings as link_warnings
from .model import PageInfo, PublishError
from .stage import Stage
from .urls import SiteUrls, slug_of

if TYPE_CHECKING:
    from .pages import Theme

__all__ = ["PublishError", "PublishResult", "publish_site", "document_keys", "MANIFEST"]

log = logging.getLogger(__name__)

#: The file in the site folder that records what the last publish wrote.
MANIFEST = ".translate-site.json"
#: Bumped when the manifest's shape changes.
_RENDER_VERSION = "1"
#: From this many documents to render, they are shared between processes
#: (below, forking and carrying the pages back cost more than they save).
PARALLEL_DOCUMENTS = 16


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
        warnings: Problems that do not stop publishing (no ``base_url``, a
            relative link or image that leads to no document or file).
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
                 progress: Callable[[int, int], None] | None = None,
                 jobs: int | None = None) -> PublishResult:
    """Write the multilingual site of a project into ``site_dir``.

    Args:
        project: The project.
        include_fuzzy: Count fuzzy translations too (a preview, as ``build
            --include-fuzzy``).
        progress: Called with (documents done, documents in all).
        jobs: Processes rendering the documents (default: one per CPU when
            at least :data:`PARALLEL_DOCUMENTS` need rendering; 1 for one).
            The site is the same, byte for byte, whatever their number.

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
    from .pages import Theme, render_listings

    settings = project.settings
    site = project.checked(settings.path("site_dir"))
    targets = list(settings.require_languages())
    languages = [settings.source_language, *targets]
    urls = SiteUrls.of(settings.base_url, settings.url_pattern)
    theme = Theme.load(project)
    names = project.documents()
    _check_slugs(project, names, urls, languages)
    previous = _read_manifest(site)
    context_key = _context_key(project, theme.key, languages, include_fuzzy)
    documents: dict[str, dict] = {}
    outputs: dict[str, bytes] = {}
    kept: dict[str, str] = {}
    result = PublishResult(site=project.relative(site), home=project.relative(site / "index.html"))
    todo: dict[str, str] = {}
    bases = {name: _document_key(project, name, languages, context_key) for name in names}
    links = _link_table(project, urls, languages, include_fuzzy, names, bases, previous)
    for name in names:
        old = previous.get("documents", {}).get(name)
        key = _linked_key(links, bases[name], old)
        if old is not None and old.get("key") == key and _files_intact(site, old["files"]):
            documents[name] = old
            kept.update(old["files"])
        else:
            todo[name] = bases[name]
    done = len(names) - len(todo)
    if progress is not None and done:
        progress(done, len(names))

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, len(names))

    # A first publish writes the new site beside it and moves it into place.
    stage = Stage.begin(site)
    try:
        context = _Context(project, theme, urls, languages, include_fuzzy, stage, links)
        rendered = _render_all(context, todo, step, jobs)
        for name in todo:
            documents[name], files = rendered[name]
            outputs.update(files)
            result.rendered.append(name)
        pages = [PageInfo(**page) for name in names for page in documents[name]["pages"]]
        _check_assets(project, urls, names, documents, pages)
        for name in names:
            for language, percent in documents[name]["not_published"]:
                result.not_published.append((name, language, percent))
            if "links" in documents[name]:
                result.warnings.extend(link_warnings(
                    project.relative(project.source_path(name)), documents[name]["links"]))
        listings = _listings(project, site, previous, context_key, names, documents, kept,
                             lambda: render_listings(project, theme, urls, languages, pages))
        outputs.update(listings.pop("rendered"))
        if not settings.base_url:
            result.warnings.append(
                "base_url is not set: the site works, but search engines need absolute URLs for "
                "its language alternates, sitemap and feeds -- set base_url in [tool.translate]")
        for page in pages:
            result.pages[page.language] = result.pages.get(page.language, 0) + 1
        if stage is not None:
            _commit(project, site, stage, outputs, documents, listings, result)
        else:
            _write(project, site, outputs, kept, documents, listings, previous, result)
    finally:
        if stage is not None:
            stage.close()
    return result


@dataclass
class _Context:
    """What rendering a document needs; inherited by forked workers."""

    project: Project
    theme: Theme
    urls: SiteUrls
    languages: list[str]
    include_fuzzy: bool
    #: Where a first publish writes its files (None: an existing site).
    stage: Stage | None = None
    #: Where relative links and images lead (:mod:`translate.publish.links`).
    links: LinkTable | None = None


_CONTEXT: _Context | None = None


def _render_one(context: _Context, name: str, key: str) -> tuple[dict, dict[str, bytes]]:
    """A document's manifest entry and its pages (none when they went
    straight into the stage)."""
    from .pages import render_document

    rendered = render_document(context.project, context.theme, context.urls, name,
                               context.languages, context.include_fuzzy, context.links)
    entry = {"key": key, "files": {path: _digest(data) for path, data in rendered.files.items()},
             "pages": [asdict(page) for page in rendered.pages],
             "not_published": rendered.not_published}
    assets: dict[str, bytes] = {}
    if rendered.links is not None and context.links is not None:
        # Only a document with relative links records more: the others keep
        # their manifest entry, byte for byte.
        assets = rendered.links.assets
        entry["base"] = key
        entry["links"] = rendered.links.record()
        entry["key"] = context.links.key(key, entry["links"]["targets"])
        if assets:
            entry["assets"] = sorted(assets)
    if context.stage is None:
        return entry, rendered.files
    for path, data in rendered.files.items():
        # Files documents share are staged once, by the parent.
        if path not in assets:
            context.stage.put(path, data)
    return entry, assets


def _render_batch(batch: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """Render some documents in a worker process.  A document that cannot be
    published ends the batch with its error, sent back as a value: the
    parent raises the error of the first such document of the site."""
    context = _CONTEXT
    assert context is not None
    out: list[tuple[str, object]] = []
    for name, key in batch:
        try:
            out.append((name, _render_one(context, name, key)))
        except TranslateError as error:
            out.append((name, error))
            break
    return out


def _render_all(context: _Context, todo: dict[str, str], step: Callable[[int], None],
                jobs: int | None) -> dict[str, tuple[dict, dict[str, bytes]]]:
    """Render the documents of ``todo`` (name -> key), in this process or,
    when there are many, in forked ones; the result is the same either way,
    errors included (the first document in order that fails raises)."""
    global _CONTEXT
    items = list(todo.items())
    if not items:
        return {}  # nothing to render: no process pool, not even its module
    import multiprocessing

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if (workers < 2 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods()
            or (jobs is None and len(items) < PARALLEL_DOCUMENTS)):
        results = {}
        with _fewer_collections():
            for name, key in items:
                results[name] = _render_one(context, name, key)
                step(1)
        return results
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # Compiled and imported once here, the templates and the modules that
    # render pages are inherited by every worker.
    context.theme.prepare()
    _preload(name for name, _ in items)
    # Batches shrink as the work does (a batch costs a message each way):
    # the last ones hold a document each, so that the processes stay
    # equally busy to the end (when documents differ in size too) and the
    # progress keeps moving.
    batches = []
    start = 0
    while start < len(items):
        size = max(1, min(8, (len(items) - start) // (workers * 4)))
        batches.append(items[start:start + size])
        start += size
    order = {name: index for index, (name, _) in enumerate(items)}
    results: dict[str, tuple[dict, dict[str, bytes]]] = {}
    first_error: tuple[int, TranslateError] | None = None
    _CONTEXT = context
    pool = ProcessPoolExecutor(min(workers, len(batches)),
                               mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start)
    try:
        pending = {pool.submit(_render_batch, batch): batch for batch in batches}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                del pending[future]
                batch_results = future.result()
                for name, value in batch_results:
                    if isinstance(value, TranslateError):
                        if first_error is None or order[name] < first_error[0]:
                            first_error = (order[name], value)
                    else:
                        results[name] = value
                step(len(batch_results))
            if first_error is not None:
                # Batches after the failing document need not run.
                for future, batch in list(pending.items()):
                    if order[batch[0][0]] > first_error[0] and future.cancel():
                        del pending[future]
    except BaseException:
        # A worker that died, or an interrupt: nothing more to render.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        _CONTEXT = None
    if first_error is not None:
        raise first_error[1]
    return results


#: The youngest generation's threshold while pages are rendered (Python's
#: default is 700).  Rendering makes hundreds of thousands of short-lived
#: objects (tokens of markdown-it, entries of the catalogs); collecting them
#: 14 times less often saves about a twentieth of the time, for a few
#: megabytes more at the peak.
_RENDER_GC_THRESHOLD = 10_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run with :data:`_RENDER_GC_THRESHOLD`, then restore the thresholds."""
    thresholds = gc.get_threshold()
    gc.set_threshold(_RENDER_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _worker_start() -> None:
    """A forked worker: what it inherited is left to the end (frozen: the
    collector does not walk it again, nor copy its pages by touching them),
    and it renders with fewer collections."""
    gc.freeze()
    gc.set_threshold(_RENDER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _preload(names: Iterable[str]) -> None:
    """Import, before forking, what rendering these documents imports: the
    catalog reader and the documents' formats (with markdown-it-py for
    Markdown), so that no worker imports them again."""
    from ..build import translations  # noqa: F401
    from ..po import read_po  # noqa: F401
    from ..segment import format_for

    for name in names:
        format_for(name)
    import markupsafe  # noqa: F401


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


def _check_assets(project: Project, urls: SiteUrls, names: list[str],
                  documents: dict[str, dict], pages: list[PageInfo]) -> None:
    """A file a document links to is copied where no page is (only a
    ``url_pattern`` that puts pages under ``assets/`` can make them meet)."""
    page_files = {urls.file(page.path): page.document for page in pages}
    for name in names:
        for path in documents[name].get("assets", ()):
            if path in page_files:
                raise PublishError(project.relative(project.source_path(name)), None,
                                   f"it links to a file that would be copied to {path}, the "
                                   f"page of {page_files[path]}",
                                   "rename the file or the document, or change url_pattern")


def _context_key(project: Project, theme_key: str, languages: list[str],
                 include_fuzzy: bool) -> str:
    """What every page of the site depends on: the tool's code, the theme
    and the settings that shape pages."""
    settings = project.settings
    return _digest(
        _RENDER_VERSION, _code_key(), theme_key, json.dumps([
            settings.base_url, settings.url_pattern, settings.x_default, settings.site_name,
            languages, settings.min_complete, list(settings.front_matter), include_fuzzy],
            ensure_ascii=False))


def document_keys(project: Project, include_fuzzy: bool = False) -> dict[str, str]:
    """The key :func:`publish_site` would record in the manifest for each
    document now: a document whose recorded key differs has pages behind the
    project (``translate check`` says so).

    Raises:
        PublishError: ``site_templates`` is not a folder.
    """
    from .pages import Theme

    settings = project.settings
    languages = [settings.source_language, *settings.require_languages()]
    context = _context_key(project, Theme.load(project).key, languages, include_fuzzy)
    names = project.documents()
    bases = {name: _document_key(project, name, languages, context) for name in names}
    previous = _read_manifest(project.checked(settings.path("site_dir")))
    urls = SiteUrls.of(settings.base_url, settings.url_pattern)
    links = _link_table(project, urls, languages, include_fuzzy, names, bases, previous)
    return {name: _linked_key(links, bases[name], previous.get("documents", {}).get(name))
            for name in names}


def _link_table(project: Project, urls: SiteUrls, languages: list[str], include_fuzzy: bool,
                names: list[str], bases: dict[str, str], previous: dict) -> LinkTable:
    """Where relative links lead, with the languages of every document
    whose own key is the one the last publish recorded (its languages are
    the ones its pages were published in then)."""
    known: dict[str, list[str]] = {}
    for name in names:
        old = previous.get("documents", {}).get(name)
        if isinstance(old, dict) and old.get("base", old.get("key")) == bases[name]:
            try:
                known[name] = [str(page["language"]) for page in old["pages"]]
            except (KeyError, TypeError):
                pass  # a damaged manifest: worked out again
    return LinkTable(project, urls, languages, include_fuzzy, frozenset(names), known)


def _linked_key(links: LinkTable, base: str, old: dict | None) -> str:
    """The key a document would record now: its own, or, when its last
    publish found relative links in it (with the same own key, so the same
    links), its own and the state of their targets now."""
    record = old.get("links") if isinstance(old, dict) else None
    if isinstance(record, dict) and old.get("base") == base and \
            isinstance(record.get("targets"), list):
        return links.key(base, [str(target) for target in record["targets"]])
    return base


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


def _listings(project: Project, site: Path, previous: dict, context_key: str,
              names: list[str], documents: dict[str, dict], kept: dict[str, str],
              render: Callable[[], dict[str, bytes]]) -> dict:
    """The listings, sitemap, feeds, robots.txt and stylesheet: rendered
    (``render``) unless what they show is what the last publish showed
    (every page's address, title, description and date, and the settings,
    theme and code in ``context_key``) and their files are intact; then they
    are kept, as an unchanged document's pages are.

    Returns:
        Their manifest record (``key``, ``files``: digests by path), with
        ``rendered``: the files rendered ({} when kept, which go to ``kept``).
    """
    # Without a base_url, the feeds' ids hold the project folder's name.
    folder = "" if project.settings.base_url else project.root.name
    key = _digest(context_key, folder, json.dumps(
        [documents[name]["pages"] for name in names], ensure_ascii=False, sort_keys=True))
    old = previous.get("listings")
    if (names and isinstance(old, dict) and old.get("key") == key
            and isinstance(old.get("files"), dict) and _files_intact(site, old["files"])):
        kept.update(old["files"])
        return {"key": key, "files": old["files"], "rendered": {}}
    files = render()
    return {"key": key, "files": {path: _digest(data) for path, data in files.items()},
            "rendered": files}


def _manifest_of(documents: dict[str, dict], files: set[str], listings: dict) -> dict:
    return {"version": _RENDER_VERSION, "documents": documents, "files": sorted(files),
            "listings": listings}


def _manifest(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _commit(project: Project, site: Path, stage: Stage, outputs: dict[str, bytes],
            documents: dict[str, dict], listings: dict, result: PublishResult) -> None:
    """A first publish: the listings and the manifest join the pages in the
    stage, which then becomes the site."""
    current = set(outputs) | {path for entry in documents.values() for path in entry["files"]}
    for path in sorted(outputs):
        stage.put(path, outputs[path])
    stage.put(MANIFEST, _manifest(_manifest_of(documents, current, listings)))
    if stage.commit():
        result.written = sorted(current)
        return
    # A site folder appeared meanwhile: update it file by file instead.
    files = stage.files()
    del files[MANIFEST]
    _write(project, site, files, {}, documents, listings, _read_manifest(site), result)


def _write(project: Project, site: Path, outputs: dict[str, bytes], kept: dict[str, str],
           documents: dict[str, dict], listings: dict, previous: dict,
           result: PublishResult) -> None:
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
    manifest = _manifest_of(documents, current, listings)
    if manifest == previous:
        return  # the same record: the file read at the start has these bytes
    data = _manifest(manifest)
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
