"""Writing files safely: never a half-written file, and no litter after a crash.

:func:`write_atomic` writes through a temporary file ``.<name>.<random>.tmp``
in the target's folder and renames it over the target.  While it works it
holds an exclusive ``flock`` on that temporary file; the kernel releases the
lock when the process ends, however it ends (even by SIGKILL), so a temporary
file whose lock can be taken is one its writer left behind, and
:func:`remove_stale_temporaries` deletes exactly those.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISLNK

try:
    import fcntl
except ImportError:  # Windows: no flock, so no way to tell a live writer from a dead one
    fcntl = None  # type: ignore[assignment]

__all__ = ["write_atomic", "write_atomic_many", "remove_stale_temporaries", "temporary_target"]

#: The names :func:`write_atomic` gives its temporary files: ``.<name>.``,
#: then the 8 characters :func:`tempfile.mkstemp` draws, then ``.tmp``.
TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp", re.DOTALL)

#: How many fresh temporary files a writer tries when a cleaner keeps removing
#: them before it can lock them (it only can in the instant after creation).
_ATTEMPTS = 100


def temporary_target(name: str) -> str | None:
    """The name of the file a temporary file of :func:`write_atomic` was
    going to replace, or None when ``name`` is not such a temporary file.

    Example:
        ``temporary_target(".news.md.po.k3j_x9aq.tmp")`` is ``"news.md.po"``;
        ``temporary_target(".notes.tmp")`` is None.
    """
    match = TEMPORARY_NAME.fullmatch(name)
    return match.group("target") if match else None


def _same_file(handle: int, path: str) -> bool:
    """Whether ``path`` still names the open file ``handle``."""
    try:
        named = os.lstat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file next to ``path``, open and locked by us.

    A cleaner may remove the file in the instant between its creation and our
    lock (it was not locked yet, so it looked abandoned): then the path no
    longer names our file, and we start again with a new one.
    """
    for _ in range(_ATTEMPTS):
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        if fcntl is None:
            return handle, temporary
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            # A file system without locks: write unlocked; a cleaner cannot
            # lock the file either, so it leaves it alone.
            return handle, temporary
        if _same_file(handle, temporary):
            return handle, temporary
        os.close(handle)
    raise OSError(f"cannot keep a temporary file in {str(path.parent)!r}: "
                  "something removes them as soon as they are made")


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file through a temporary file in the same folder, then rename it
    over the target, so that readers see the old or the new file, never a part.

    The new file keeps the permissions of the file it replaces.  When
    ``path`` is a symbolic link, the file it leads to is replaced and the
    link stays a link (checking that it leads somewhere allowed is the
    caller's business: see :meth:`translate.project.Project.catalog_path`).
    The temporary file is locked until the rename, so that
    :func:`remove_stale_temporaries` never takes it for a crash's leftover.

    Args:
        path: The file to write.
        data: Its new content.
        durable: Flush the data to the disk before the rename, so that even a
            power cut leaves the old or the new file.  Files that can be made
            again from others (templates, built documents) skip it.
    """
    _write_batch([(path, data)], durable)


def remove_stale_temporaries(folder: Path, targets: Iterable[str] = ()) -> list[Path]:
    """Delete the temporary files that :func:`write_atomic` left in ``folder``
    when its process died before the rename (killed, power cut).

    Only files named exactly as :func:`write_atomic` names them are
    considered (a user's ``.notes.tmp`` or an editor's ``.x.po.swp`` never
    is), only regular files (never a link or a folder), and only those whose
    lock can be taken at once: a lock still held means its writer is alive,
    and its file is left alone.  Sub-folders are not visited.  Where file
    locks do not exist (Windows) nothing is removed.

    Args:
        folder: The folder to clean.
        targets: Only temporary files for a target whose name ends with one
            of these suffixes (compared without case), e.g. ``(".po",
            ".pot")``; empty for any target.

    Returns:
        The files removed, in name order.
    """
    if fcntl is None:
        return []
    suffixes = tuple(suffix.lower() for suffix in targets)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    removed: list[Path] = []
    for entry in entries:
        target = temporary_target(entry.name)
        if target is None or (suffixes and not target.lower().endswith(suffixes)):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        try:
            handle = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # held: its writer is at work
            # Holding the lock, check the name still is this file: its writer
            # may have renamed it over its target just before we locked.
            if not _same_file(handle, entry.path):
                continue
            try:
                os.unlink(entry.path)
            except (FileNotFoundError, PermissionError):
                continue
            removed.append(Path(entry.path))
        finally:
            os.close(handle)
    return removed


#: How many files :func:`write_atomic_many` holds open at once: each
#: temporary file stays open, and locked, until its rename.
_BATCH = 128
#: How many flushes :func:`write_atomic_many` has in progress at once.
_FLUSHERS = 16


def _flush_all(handles: list[int]) -> None:
    """``os.fsync`` every handle, several at a time.

    A journaling file system (ext4, XFS) commits the flushes that arrive
    together in one journal transaction, where flushes one after the other
    each wait for a commit of their own: on a disk that takes 5 to 10 ms a
    commit, that is most of the time of writing a few hundred catalogs.
    """
    if len(handles) < 2:
        for handle in handles:
            os.fsync(handle)
        return
    import threading

    pending = iter(handles)   # shared: each handle is taken by one thread
    failures: list[OSError] = []

    def flush() -> None:
        for handle in pending:
            try:
                os.fsync(handle)
            except OSError as error:
                failures.append(error)

    threads = [threading.Thread(target=flush, daemon=True)
               for _ in range(min(_FLUSHERS, len(handles)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _target(path: Path) -> tuple[Path, int]:
    """The file that writing ``path`` replaces, and the permissions its new
    version gets: those of the file it replaces, or what the umask gives a
    new file (whose folder is made if missing).

    When ``path`` is a symbolic link, the file it leads to is replaced:
    renaming over the link itself would turn a shared catalog into a private
    copy and leave the real one stale.  Links among the folders on the way
    need nothing: the temporary file is made, and renamed, in the folder the
    path names, wherever it really is.
    """
    try:
        status: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        status = None
    if status is not None and S_ISLNK(status.st_mode):
        path = Path(os.path.realpath(path))
        try:
            status = os.stat(path)
        except FileNotFoundError:
            status = None  # a link to a file yet to be made
    if status is not None:
        return path, status.st_mode & 0o7777
    path.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    return path, 0o666 & ~umask


def write_atomic_many(files: Iterable[tuple[Path, bytes]], durable: bool = True) -> None:
    """Write several files, each as :func:`write_atomic` writes one, with
    their flushes to the disk done together.

    The contract of :func:`write_atomic` holds for every file: it is
    replaced by a rename, so that readers see its old or its new content,
    never a part; it keeps the permissions of the file it replaces; a
    symbolic link stays a link to the replaced file; its temporary file is
    locked until the rename.  Files are taken in batches: every file of a
    batch is written to its temporary file, then (``durable``) all of them
    are flushed at once (see :func:`_flush_all`), and only then renamed over
    their targets, in the order given.  A power cut therefore leaves each
    file old or new, as with :func:`write_atomic`; an error before the
    renames of a batch leaves its targets untouched and no temporary file.
    A path given twice ends with its last content.

    Args:
        files: (path, content) pairs.
        durable: Flush the data to the disk before the renames.

    Raises:
        OSError: A file cannot be written; the files of earlier batches,
            and those of its batch renamed before the error, are written.
    """
    items = list(files)
    for start in range(0, len(items), _BATCH):
        _write_batch(items[start:start + _BATCH], durable)


def _write_batch(items: list[tuple[Path, bytes]], durable: bool) -> None:
    """Write files (one for :func:`write_atomic`) to locked temporary files,
    flush them (``durable``), then rename each over its target."""
    opened: list[tuple[int, str, Path, int]] = []   # (handle, temporary, target, mode)
    try:
        for path, data in items:
            path, mode = _target(path)
            handle, temporary = _locked_temporary(path)
            opened.append((handle, temporary, path, mode))
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        if durable:
            _flush_all([handle for handle, _, _, _ in opened])
        while opened:
            handle, temporary, path, mode = opened[0]
            if fcntl is None:
                # Windows cannot rename a file that is open; no lock to keep anyway.
                os.close(handle)
                handle = -1
                opened[0] = (handle, temporary, path, mode)
                os.chmod(temporary, mode)
            else:
                os.fchmod(handle, mode)
            # The lock must be held across the rename: closing first would
            # let a cleaner delete the finished file just before it takes
            # its place.
            os.replace(temporary, path)
            opened.pop(0)
            if handle >= 0:
                os.close(handle)
    except BaseException:
        for handle, temporary, _, _ in opened:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        raise
    finally:
        for handle, _, _, _ in opened:
            if handle >= 0:
                os.close(handle)
