"""A project on disk: where its documents, templates, catalogs and outputs are.

Layout, for a document ``source/<doc>`` and a language ``<lang>``::

    locales/templates/<doc>.pot    written by `translate extract`
    locales/<lang>/<doc>.po        written by `translate update`, edited by people
    build/<lang>/<doc>             written by `translate build`

Every path the tool reads or writes comes from here, checked: symbolic links
are followed, and one that leads outside the project is refused before
anything is read or written.
"""

from __future__ import annotations

import errno
import heapq
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from stat import S_ISLNK

from typing import TYPE_CHECKING

from .config import Settings, inside
from .errors import PathOutsideProject, SourceError
from .fsutil import remove_stale_temporaries
from .segment import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from .po import Catalog

__all__ = ["Project"]

log = logging.getLogger(__name__)

#: What the tool writes in the locales folder, and so the only temporary
#: files of its own that can be found there.
_CATALOG_SUFFIXES = (".po", ".pot")


@dataclass(frozen=True)
class Project:
    """A translate project: its settings and the paths derived from them."""

    settings: Settings

    @property
    def root(self) -> Path:
        return self.settings.root

    # Resolved once: every path under them is checked again anyway
    # (see checked()), so a link changed later cannot lead a write astray.
    @cached_property
    def source_dir(self) -> Path:
        return self.settings.path("source_dir")

    @cached_property
    def locales_dir(self) -> Path:
        return self.settings.path("locales_dir")

    @cached_property
    def build_dir(self) -> Path:
        return self.settings.path("build_dir")

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages

    def relative(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the
        project root, with forward slashes.

        The path is taken as written, symbolic links not followed:
        ``locales/fr/news.md.po`` stays that even when ``locales/fr`` is a
        link to another folder of the project.
        """
        # Thousands of calls a command: strings, not pathlib.
        lexical = os.path.abspath(path)
        root, inside = self._lexical_root
        if lexical == root:
            return "."
        if lexical.startswith(inside):
            return lexical[len(inside):].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def checked(self, path: Path) -> Path:
        """A path of the project, as given, once sure that it stays inside
        the project when every symbolic link on its way is followed.

        Raises:
            PathOutsideProject: The path, or a folder on its way, is a
                symbolic link that leads outside the project.
        """
        # The common case, fast (thousands of paths per command, most in a
        # few folders): the folder, resolved once, is in the project, and
        # the file is no link.  Anything else goes through inside(), which
        # works out which link is to blame.
        folder, name = os.path.split(path)
        if name not in ("", ".", ".."):
            folder_inside = self._folders_inside.get(folder)
            if folder_inside is None:
                folder_inside = self._folders_inside[folder] = self._resolves_inside(folder)
            if folder_inside:
                try:
                    if not S_ISLNK(os.lstat(path).st_mode):
                        return path
                except FileNotFoundError:
                    return path  # a missing file is fine: it will be written
                except OSError:
                    pass
        elif self._resolves_inside(path):
            return path
        inside(self.root, path, self.relative(path))
        return path

    def _resolves_inside(self, path: str | Path) -> bool:
        """Whether ``path``, every link on its way followed, is in the
        project (and is no loop of links)."""
        real = os.path.realpath(path)
        root = self._real_root
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            return False
        try:
            os.stat(real)
        except OSError as error:
            return error.errno != errno.ELOOP  # a missing file is fine: it will be written
        return True

    @cached_property
    def _folders_inside(self) -> dict[str, bool]:
        """Folders seen by :meth:`checked`: whether each resolves inside the
        project.  Links are looked at once a command: one made while it
        runs is not seen."""
        return {}

    @cached_property
    def _lexical_root(self) -> tuple[str, str]:
        """The root as :meth:`relative` sees it, and what paths inside it start with."""
        root = os.path.abspath(self.root)
        return root, root if root.endswith(os.sep) else root + os.sep

    @cached_property
    def _real_root(self) -> str:
        return os.path.realpath(self.root)

    def source_path(self, document: str) -> Path:
        """``source/<doc>``.

        Raises:
            PathOutsideProject: It leads outside the project.
        """
        return self.checked(self.source_dir / document)

    def template_path(self, document: str) -> Path:
        """``locales/templates/<doc>.pot``.

        Raises:
            PathOutsideProject: It leads outside the project.
        """
        return self.checked(self.locales_dir / "templates" / f"{document}.pot")

    def catalog_path(self, language: str, document: str) -> Path:
        """``locales/<lang>/<doc>.po``.

        Raises:
            PathOutsideProject: It leads outside the project.
        """
        return self.checked(self.locales_dir / language / f"{document}.po")

    def output_path(self, language: str, document: str) -> Path:
        """``build/<lang>/<doc>``.

        Raises:
            PathOutsideProject: It leads outside the project.
        """
        return self.checked(self.build_dir / language / document)

    def check_paths(self, languages: Iterable[str] | None = None) -> None:
        """Check every path a whole job (``translate run``) will read or
        write: the source, template, catalogs and outputs of each document
        (in the source folder or with a template), for these languages.

        Each command checks its own paths before it writes anything; a job
        that chains commands calls this first, so that a bad path found by
        its last step does not come after the first steps have written.

        Args:
            languages: The target languages (default: the project's).

        Raises:
            PathOutsideProject: One of them leads outside the project.
        """
        codes = list(languages) if languages else list(self.languages)
        for name in sorted(set(self.documents()) | set(self.templates())):
            self.source_path(name)
            self.template_path(name)
            for code in codes:
                self.catalog_path(code, name)
                self.output_path(code, name)

    def remove_stale_temporaries(self) -> list[Path]:
        """Remove the temporary files that runs killed in the middle of a
        write left in the locales and build folders (and their sub-folders).

        Only the tool's own temporary files whose writer is gone are removed
        (see :func:`translate.fsutil.remove_stale_temporaries`); a file another
        process is writing right now is left alone.  Folders reached through
        a symbolic link are cleaned only when the link stays inside the
        project.  Each removal is logged.

        Returns:
            The files removed.
        """
        removed: list[Path] = []
        if self._cleanup["once"]:
            if self._cleanup["done"]:
                return removed
            self._cleanup["done"] = True
        for folder, suffixes in ((self.locales_dir, _CATALOG_SUFFIXES),
                                 (self.build_dir, SUPPORTED_SUFFIXES)):
            for real in self._folders(folder):
                for path in remove_stale_temporaries(real, suffixes):
                    log.warning("removed %s, left by a run that was interrupted while writing",
                                self.relative(path))
                    removed.append(path)
        return removed

    @cached_property
    def _cleanup(self) -> dict[str, bool]:
        return {"once": False, "done": False}

    @contextmanager
    def cleaning_once(self) -> Iterator[None]:
        """Within this block, :meth:`remove_stale_temporaries` cleans only the
        first time it is called: a job that chains several commands (each
        cleaning before its first write) walks the folders once, since what
        it finds later can only be its own files."""
        self._cleanup.update(once=True, done=False)
        try:
            yield
        finally:
            self._cleanup.update(once=False, done=False)

    def _within(self, path: Path) -> bool:
        root = Path(self._real_root)
        return path == root or path.is_relative_to(root)

    def _folders(self, folder: Path) -> Iterator[Path]:
        """The real folders under ``folder``, itself included, each once;
        links are followed only where they stay inside the project."""
        if not folder.is_dir():
            return
        start = folder.resolve()
        if not self._within(start):
            return
        seen = {start}
        todo = [start]
        while todo:
            current = todo.pop()
            yield current
            try:
                entries = sorted(os.scandir(current), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue  # the tool never writes into hidden folders
                try:
                    if not entry.is_dir():
                        continue
                    if not entry.is_symlink():
                        # In a real folder, a folder that is no link is real
                        # and inside too: only links need resolving.
                        real = Path(entry.path)
                        if real not in seen:
                            seen.add(real)
                            todo.append(real)
                        continue
                    real = Path(entry.path).resolve()
                except (OSError, RuntimeError):
                    continue
                if real not in seen and self._within(real):
                    seen.add(real)
                    todo.append(real)

    def _files(self, folder: Path, suffixes: Iterable[str]) -> list[str]:
        """The files under ``folder`` with one of the suffixes, as paths
        relative to it (forward slashes), in no set order; hidden names
        skipped.

        Symbolic links are followed: each real folder is listed once, under
        its own name when it is in the tree, else under the first link to it
        (so a link loop or a second link to a folder adds nothing).

        Raises:
            PathOutsideProject: A listed file, or a folder of the tree, is a
                symbolic link that leads outside the project.
        """
        wanted = tuple(suffix.lower() for suffix in suffixes)
        self.checked(folder)
        if not folder.is_dir():
            return []
        names: list[str] = []
        seen: set[Path] = set()
        # The real tree first, so that a folder reached both directly and
        # through a link keeps its real name; then the links, in name order.
        todo: list[tuple[str, Path]] = [("", folder.resolve())]
        links: list[tuple[str, Path]] = []
        while todo or links:
            prefix, current = todo.pop() if todo else heapq.heappop(links)
            if current in seen:
                continue
            seen.add(current)
            for entry in sorted(os.scandir(current), key=lambda entry: entry.name):
                if entry.name.startswith("."):
                    continue
                name = prefix + entry.name
                lexical = folder / name
                try:
                    is_dir = entry.is_dir()
                    is_file = not is_dir and entry.is_file()
                except OSError:  # a loop of links: neither
                    continue
                if is_dir:
                    if entry.is_symlink():
                        heapq.heappush(links, (name + "/", self.checked(lexical).resolve()))
                    else:
                        todo.append((name + "/", Path(entry.path)))
                elif is_file and entry.name.lower().endswith(wanted):
                    if entry.is_symlink():
                        self.checked(lexical)
                    names.append(name)
        return names

    def documents(self, selection: Iterable[str | Path] = ()) -> list[str]:
        """The documents of the project, as paths relative to the source folder.

        Args:
            selection: Restrict to these files (paths as typed by the user,
                relative to the current folder); empty for all documents.

        Raises:
            PathOutsideProject: A selected path, or a symbolic link in the
                source folder, leads outside the project.
            SourceError: A selected file does not exist or has an unsupported
                suffix.
        """
        source = self.source_dir
        selected = list(selection)
        if selected:
            names = []
            for item in selected:
                path = Path(item)
                absolute = Path(os.path.abspath(path if path.is_absolute() else Path.cwd() / path))
                resolved = inside(self.root, absolute, str(item))
                # The name as typed when it is in the source folder that way
                # (``source/linked/a.md``), else where it really is.
                if absolute.is_relative_to(source):
                    resolved = absolute
                elif not resolved.is_relative_to(source):
                    raise PathOutsideProject(
                        str(item), None,
                        f"{str(item)!r} is not in the source folder {self.relative(source)!r}",
                        "name a document inside it",
                    )
                if not resolved.is_file():
                    raise SourceError(str(item), None, "no such document",
                                      f"list the documents with `ls {self.relative(source)}`")
                if resolved.suffix.lower() not in SUPPORTED_SUFFIXES:
                    raise SourceError(str(item), None,
                                      f"unsupported document type {resolved.suffix!r}",
                                      f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
                name = resolved.relative_to(source).as_posix()
                if name not in names:
                    names.append(name)
            return sorted(names)
        return sorted(self._files(source, SUPPORTED_SUFFIXES), key=lambda name: name.split("/"))

    def target_languages(self, languages: Iterable[str] | None = None) -> list[str]:
        """The languages to work on: those given (normalized, and each one a
        target of the project), or all the project's.

        Raises:
            UnknownLanguage: A code the tool does not know.
            ConfigError: A language that is not a target of the project, or a
                project without target languages.
        """
        if languages:
            return list(self.settings.select_languages(languages, "languages").languages)
        return list(self.settings.require_languages())

    def translated_documents(self, selection: Iterable[str | Path] = ()) -> list[str]:
        """The documents to update or count: those selected, or every
        document that has a template."""
        selected = list(selection)
        return self.documents(selected) if selected else self.templates()

    def read_template(self, document: str) -> Catalog:
        """The template of a document.

        Raises:
            SourceError: The document has no template yet.
            CatalogSyntaxError: The template does not parse.
        """
        from .po import read_po

        path = self.template_path(document)
        if not path.exists():
            raise SourceError(self.relative(self.source_path(document)), None,
                              "the document has no template yet", "run `translate extract` first")
        return read_po(path, self.relative(path))

    def templates(self) -> list[str]:
        """Documents that have a template on disk (their source may be gone).

        Raises:
            PathOutsideProject: The templates folder, a folder in it or a
                template is a symbolic link that leads outside the project.
        """
        return sorted(name[:-4] for name in self._files(self.locales_dir / "templates", (".pot",)))
