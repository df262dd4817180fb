"""What the last ``translate run`` found, so that the next one redoes only
what changed.

A run records, per document and catalog, a digest of the bytes each step
read and of the bytes it left, with what the step reported
(``build/.translate-state/run.json``).  The next run hashes the same inputs
again: where every digest is the same, the step's result is taken from the
record and its file left alone; anywhere else the step does its full work.
So a run with nothing to do parses no catalog, segments no document and
writes no file, and a run after editing one document works on that document
only, with exactly the result of a full run:

* every record is keyed on the bytes of the files it depends on, never on
  times or sizes;
* the whole state is keyed on a digest of the tool's own code (and the
  versions of the libraries that parse and segment), of the settings, of the
  glossary's bytes and of the run's engine choice: any change of these makes
  every record void;
* a record is taken only for the fixed point of a step: the bytes a step
  left are those it finds unchanged when it runs again on them (the tool
  never changes a byte on a second run), so reusing the record is the same
  as running the step;
* a missing, unreadable, corrupt or foreign state is an empty one: the run
  does everything, and writes a new state.

The translation memory of ``mt`` is made of the reviewed entries of every
catalog of a language: they are kept per catalog, with its digest, in
``build/.translate-state/memory/<lang>/``, read only when a catalog of the
language has something to translate (and written only for the catalogs
that changed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fsutil import write_atomic

if TYPE_CHECKING:
    from .project import Project

__all__ = ["RunState", "STATE_FOLDER", "code_digest", "digest_bytes"]

log = logging.getLogger(__name__)

#: The folder, under the build folder, that holds the state.
STATE_FOLDER = ".translate-state"
#: Bumped when the records' shape changes: an older state is then ignored.
VERSION = "1"
#: Libraries whose version changes what the steps read or write.
_LIBRARIES = ("polib", "markdown-it-py", "mdit-py-plugins", "rapidfuzz")

_CODE: str | None = None


def digest_bytes(data: bytes) -> str:
    """The digest the state keeps for some bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def code_digest() -> str:
    """A digest of the tool's own code (every module of the package) and of
    the versions of the libraries it parses and segments with: a new version
    of either makes every record void."""
    global _CODE
    if _CODE is None:
        from importlib import metadata

        package = Path(__file__).resolve().parent
        hasher = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            data = path.read_bytes()
            name = path.relative_to(package).as_posix().encode("utf-8")
            hasher.update(len(name).to_bytes(8, "big") + name)
            hasher.update(len(data).to_bytes(8, "big") + data)
        for library in _LIBRARIES:
            try:
                version = metadata.version(library)
            except metadata.PackageNotFoundError:
                version = "-"
            hasher.update(f"{library}={version}\n".encode("utf-8"))
        _CODE = hasher.hexdigest()[:32]
    return _CODE


def _settings_digest(project: Project) -> str:
    """Every setting (not only those known to matter: a setting that does not
    matter costs one full run when it changes, one that was wrongly left out
    would give a wrong result)."""
    settings = project.settings
    # Not the root: every record is of bytes and of paths relative to it, so
    # a project copied or moved elsewhere keeps its state.
    values = {field.name: getattr(settings, field.name)
              for field in dataclasses.fields(settings) if field.name != "root"}
    text = json.dumps(values, sort_keys=True, default=repr, ensure_ascii=True)
    return digest_bytes(text.encode("utf-8"))


class RunState:
    """The records of one project's last run, and this run's new ones.

    Args:
        project: The project.
        context: What else the results depend on, beyond the files and the
            settings (the engine asked for on the command line...).
    """

    def __init__(self, project: Project, context: Iterable[str] = ()) -> None:
        self.project = project
        self.folder = project.build_dir / STATE_FOLDER
        self.path = self.folder / "run.json"
        glossary = project.root / project.settings.glossary
        self.key = digest_bytes("\0".join([
            VERSION, code_digest(), _settings_digest(project),
            self._file_digest(glossary) or "no glossary", *context]).encode("utf-8"))
        self._old_bytes: bytes | None = None
        self.records: dict[str, Any] = self._load(self.path)
        self.fresh: dict[str, Any] = {}
        self._digests: dict[str, str | None] = {}
        self._memory: dict[Path, bytes] = {}

    # -- files ---------------------------------------------------------------

    @staticmethod
    def _file_digest(path: Path) -> str | None:
        try:
            return digest_bytes(path.read_bytes())
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def digest(self, path: Path) -> str | None:
        """The digest of a file's bytes now (None: no such file), hashed once
        per run unless the run writes it (see :meth:`wrote`)."""
        key = str(path)
        if key not in self._digests:
            self._digests[key] = self._file_digest(path)
        return self._digests[key]

    def wrote(self, path: Path, data: bytes | None) -> None:
        """Tell the state that this run wrote (None: removed) a file."""
        self._digests[str(path)] = digest_bytes(data) if data is not None else None

    def forget(self, path: Path) -> None:
        """Hash a file again when next asked (something else may have written it)."""
        self._digests.pop(str(path), None)

    # -- records ---------------------------------------------------------------

    def get(self, name: str, inputs: dict[str, Any]) -> Any:
        """The result recorded under ``name`` for exactly these inputs, or None."""
        record = self.records.get(name)
        if isinstance(record, dict) and record.get("inputs") == inputs:
            return record.get("result")
        return None

    def put(self, name: str, inputs: dict[str, Any], result: Any) -> None:
        """Record the result of a step for these inputs (kept for the next run)."""
        self.fresh[name] = {"inputs": inputs, "result": result}

    def keep(self, name: str) -> None:
        """Carry a record over to the next run unchanged (it was used)."""
        if name in self.records and name not in self.fresh:
            self.fresh[name] = self.records[name]

    def drop(self, name: str) -> None:
        """Forget a record (what it describes changed in a way not recorded)."""
        self.fresh.pop(name, None)
        self.records.pop(name, None)

    # -- translation memory ------------------------------------------------------

    def memory_pairs(self, language: str, display: str, digest: str) -> list | None:
        """The reviewed (msgid, msgstr) pairs recorded for a catalog's bytes
        (None: none recorded for these bytes)."""
        found = self._load(self._memory_path(language, display), keep=False)
        pairs = found.get("pairs")
        if found.get("catalog") != digest or found.get("display") != display \
                or not isinstance(pairs, list):
            return None
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            return None
        return [(source, target) for source, target in pairs]

    def put_memory_pairs(self, language: str, display: str, digest: str,
                         pairs: list[tuple[str, str]]) -> None:
        """Record the reviewed pairs of a catalog's bytes (written by :meth:`save`)."""
        path = self._memory_path(language, display)
        self._memory[path] = self._encode({"display": display, "catalog": digest,
                                           "pairs": [list(pair) for pair in pairs]})

    def _memory_path(self, language: str, display: str) -> Path:
        # A name of its own per catalog, whatever characters its path holds.
        return self.folder / "memory" / language / f"{digest_bytes(display.encode())[:24]}.json"

    # -- disk --------------------------------------------------------------------

    def _load(self, path: Path, keep: bool = True) -> dict[str, Any]:
        """The records of a state file; anything wrong with it: none."""
        try:
            data = path.read_bytes()
        except OSError:
            return {}
        if keep:
            self._old_bytes = data
        try:
            loaded = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            log.debug("%s is not a state file: ignored", path)
            return {}
        if not isinstance(loaded, dict) or loaded.get("version") != VERSION \
                or loaded.get("key") != self.key or not isinstance(loaded.get("records"), dict):
            return {}
        return loaded["records"]

    def _encode(self, records: dict[str, Any]) -> bytes:
        return json.dumps({"version": VERSION, "key": self.key, "records": records},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":")
                          ).encode("utf-8") + b"\n"

    def save(self, keep_old: bool = False) -> bool:
        """Write this run's records (and the memory tables it changed), each
        file only when its bytes change.

        Args:
            keep_old: Also keep the records this run did not visit (a run on
                some languages keeps those of the others).

        Returns:
            Whether a file was written.
        """
        records = dict(self.records) if keep_old else {}
        records.update(self.fresh)
        data = self._encode(records)
        written = False
        try:
            if data != self._old_bytes:
                write_atomic(self.path, data, durable=False)
                self._old_bytes = data
                written = True
            for path, memory in sorted(self._memory.items()):
                try:
                    same = path.read_bytes() == memory
                except OSError:
                    same = False
                if not same:
                    write_atomic(path, memory, durable=False)
                    written = True
            self._memory.clear()
        except OSError as error:
            # The state only saves time: a run that cannot keep it still did its work.
            log.warning("could not write %s (%s): the next run will do everything again",
                        self.project.relative(self.path), error)
        return written
