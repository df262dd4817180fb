"""What ``translate check`` found before, keyed on everything it read.

A document's findings (its source, template and catalogs in every
language) and a page's reading (html5lib's verdict, the links with their
lines) are pure functions of bytes the check reads and of the tool itself.
:class:`CheckCache` keeps them in ``<build_dir>/.translate-check-cache.json``
under a key that digests all of it: the bytes of every file read (or that a
file is missing), the settings, the selected codes, the languages, the
date templates are made with, the glossary's bytes, and the code of the
tool (every module of the ``translate`` package) with the versions of the
libraries that judge (langdetect, markdown-it-py, html5lib).  So an entry
is used only when a full run would find exactly what it holds; any change
of an input makes a new key, and the old entry is dropped when the cache
is written again.

A missing, unreadable, corrupt or foreign cache is an empty one, never an
error; writing it is atomic, and a failure to write it is ignored (the
check's result does not depend on it).  It is written only into a build
folder that exists (``translate build`` or ``publish`` made it): a check
of a fresh clone creates no file.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

__all__ = ["CheckCache", "CACHE_FILE", "code_digest"]

log = logging.getLogger(__name__)

#: The cache, in the project's build folder.
CACHE_FILE = ".translate-check-cache.json"
#: Bumped when the shape of the file changes.
_VERSION = "1"
#: Libraries whose answers are findings.
_LIBRARIES = ("langdetect", "markdown-it-py", "html5lib", "mdit-py-plugins", "PyYAML")

_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """A digest of the tool's code (every ``.py`` of the ``translate``
    package, by path and bytes) and of the versions of the libraries that
    judge: a new version of either makes every entry stale."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        from importlib import metadata

        package = Path(__file__).resolve().parent.parent
        hasher = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
        for name in _LIBRARIES:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
            hasher.update(f"{name}={version}\0".encode())
        _CODE_DIGEST = hasher.hexdigest()
    return _CODE_DIGEST


def digest(*parts: bytes | str | None) -> str:
    """A digest of parts (None: a missing file), each length-prefixed so
    that no two lists of parts give the same bytes."""
    hasher = hashlib.sha256()
    for part in parts:
        if part is None:
            hasher.update(b"\xff" * 8)
            continue
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class CheckCache:
    """The entries of one cache file: ``documents`` and ``pages``, each a
    mapping of key -> value (JSON data).

    Args:
        path: The cache file.
        context: What every key depends on besides its own inputs (the
            code, the settings...): mixed into every key.
    """

    def __init__(self, path: Path, context: str) -> None:
        self.path = path
        self.context = context
        self.old: dict[str, dict[str, Any]] = {"documents": {}, "pages": {}}
        self.new: dict[str, dict[str, Any]] = {"documents": {}, "pages": {}}
        self.hits = 0
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        if (isinstance(data, dict) and data.get("version") == _VERSION
                and data.get("context") == context):
            for kind in self.old:
                if isinstance(data.get(kind), dict):
                    self.old[kind] = data[kind]

    def key(self, *parts: bytes | str | None) -> str:
        return digest(self.context, *parts)

    def get(self, kind: str, key: str) -> Any:
        """The value of a key, kept for the next run; None when unknown."""
        value = self.old[kind].get(key)
        if value is not None:
            self.new[kind][key] = value
            self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        self.new[kind][key] = value

    def save(self, prune: bool = True) -> None:
        """Write the entries used or made by this run (atomically); the
        others are dropped (``prune``; a run over some documents keeps
        them).  Nothing is written when nothing changed, and a failure to
        write is only logged."""
        if not prune:
            for kind, entries in self.old.items():
                self.new[kind] = {**entries, **self.new[kind]}
        if self.new == self.old:
            return
        from ..fsutil import write_atomic

        data = json.dumps({"version": _VERSION, "context": self.context, **self.new},
                          ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if not self.path.parent.is_dir():
            # `translate check` makes no folder: the cache is kept only in a
            # build folder that build or publish made.
            return
        try:
            write_atomic(self.path, data.encode("utf-8"), durable=False)
        except OSError as error:
            log.debug("cannot write the check cache %s: %s", self.path, error)
