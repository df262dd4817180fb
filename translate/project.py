"""A project on disk: where its documents, templates, catalogs and outputs are.

Layout, for a document ``source/<doc>`` and a language ``<lang>``::

    locales/templates/<doc>.pot    written by `translate extract`
    locales/<lang>/<doc>.po        written by `translate update`, edited by people
    build/<lang>/<doc>             written by `translate build`
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .config import Settings, inside
from .errors import PathOutsideProject, SourceError
from .languages import get_language
from .segment import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from .po import Catalog

__all__ = ["Project"]


@dataclass(frozen=True)
class Project:
    """A translate project: its settings and the paths derived from them."""

    settings: Settings

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def source_dir(self) -> Path:
        return self.settings.path("source_dir")

    @property
    def locales_dir(self) -> Path:
        return self.settings.path("locales_dir")

    @property
    def build_dir(self) -> Path:
        return self.settings.path("build_dir")

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages

    def relative(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the
        project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def source_path(self, document: str) -> Path:
        return self.source_dir / document

    def template_path(self, document: str) -> Path:
        return self.locales_dir / "templates" / f"{document}.pot"

    def catalog_path(self, language: str, document: str) -> Path:
        return self.locales_dir / language / f"{document}.po"

    def output_path(self, language: str, document: str) -> Path:
        return self.build_dir / language / document

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
                resolved = inside(self.root, path if path.is_absolute() else Path.cwd() / path,
                                  str(item))
                if not resolved.is_relative_to(source):
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
        if not source.is_dir():
            return []
        names = []
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or not path.is_file():
                continue
            inside(self.root, path, self.relative(path) if not path.is_symlink() else str(path))
            names.append(relative.as_posix())
        return names

    def target_languages(self, languages: Iterable[str] | None = None) -> list[str]:
        """The languages to work on: those given, or the project's.

        Raises:
            UnknownLanguage: A code the tool does not know.
        """
        codes = list(languages) if languages else list(self.languages)
        for code in codes:
            get_language(code)
        return codes

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
        """Documents that have a template on disk (their source may be gone)."""
        folder = self.locales_dir / "templates"
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(folder).as_posix()[:-4] for p in folder.rglob("*.pot"))
