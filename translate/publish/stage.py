"""A first publish, written beside the site and moved into place at once.

When the site folder does not exist yet, every file of the new site is
written into a hidden folder next to it (``.site.<random>.publish``), by the
process that rendered it, and that folder is renamed to the site folder at
the end: readers see no site or the whole site, never a part of it, and an
error leaves nothing behind.  In a folder nobody else sees yet, a file needs
no temporary file of its own to appear whole (the rename of the folder does
that for all of them at once), which makes a first publish of a thousand
pages much cheaper, and lets worker processes write their pages while others
are still being rendered.

The folder is locked (``flock``) while a publish works in it; the kernel
releases the lock however the process ends, so a folder whose lock can be
taken is one a killed publish left behind, and the next publish removes it.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, so no way to tell a live publish from a dead one
    fcntl = None  # type: ignore[assignment]

__all__ = ["Stage"]

log = logging.getLogger(__name__)

#: How many fresh folders to try when a cleaner keeps removing them before
#: they are locked (it only can in the instant after their creation).
_ATTEMPTS = 100


class Stage:
    """The hidden folder a first publish writes the new site into.

    Attributes:
        site: The site folder (absent until :meth:`commit`).
        folder: The hidden folder beside it.
    """

    def __init__(self, site: Path, folder: Path, handle: int, created: list[Path]) -> None:
        self.site = site
        self.folder = folder
        self._handle = handle
        # Folders on the way to the site that this publish made, deepest
        # last: removed again if nothing is published.
        self._created = created
        self._committed = False

    @classmethod
    def begin(cls, site: Path) -> Stage | None:
        """A new hidden folder beside ``site``, locked; None when the site
        folder exists already (or is a link): an existing site is updated
        file by file.  Folders left by killed publishes are removed first.

        ``site`` must be known to lead nowhere outside the project
        (:meth:`translate.project.Project.checked`).
        """
        if site.exists() or site.is_symlink():
            return None
        parent = site.parent
        created: list[Path] = []
        missing = [folder for folder in (parent, *parent.parents) if not folder.exists()]
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            created.append(folder)
        _remove_abandoned(site)
        for _ in range(_ATTEMPTS):
            folder = Path(tempfile.mkdtemp(prefix=f".{site.name}.", suffix=".publish",
                                           dir=parent))
            # mkdtemp makes it readable by its owner only; the site gets the
            # mode a folder made by mkdir would have.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(folder, 0o777 & ~umask)
            if fcntl is None:
                return cls(site, folder, -1, created)
            try:
                handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if _same_file(handle, folder):
                    return cls(site, folder, handle, created)
            except OSError:
                pass
            os.close(handle)
        raise OSError(f"cannot keep a folder in {str(parent)!r}: "
                      "something removes them as soon as they are made")

    def put(self, path: str, data: bytes) -> None:
        """Write a file of the new site (``path`` relative to the site)."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(data)

    def files(self) -> dict[str, bytes]:
        """Every file written so far, by path relative to the site."""
        return {path.relative_to(self.folder).as_posix(): path.read_bytes()
                for path in sorted(self.folder.rglob("*")) if path.is_file()}

    def commit(self) -> bool:
        """Move the new site into place.  False when a site folder appeared
        meanwhile (another program made one): nothing moved, the caller
        writes file by file instead."""
        if self.site.exists() or self.site.is_symlink():
            return False
        try:
            # Should a folder appear in the instant between the test and the
            # rename, the rename fails unless it is empty (then nothing is lost).
            os.rename(self.folder, self.site)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR):
                return False
            raise
        self._committed = True
        return True

    def close(self) -> None:
        """Release the folder; if it was not committed, remove it and the
        folders this publish made on its way."""
        if not self._committed:
            shutil.rmtree(self.folder, ignore_errors=True)
            for folder in reversed(self._created):
                try:
                    folder.rmdir()
                except OSError:
                    break
        if self._handle >= 0:
            os.close(self._handle)
            self._handle = -1


def _same_file(handle: int, path: Path) -> bool:
    try:
        named = os.lstat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _remove_abandoned(site: Path) -> None:
    """Remove the hidden folders that killed publishes of ``site`` left."""
    if fcntl is None:
        return
    pattern = re.compile(rf"\.{re.escape(site.name)}\.[a-z0-9_]{{8}}\.publish")
    try:
        entries = list(os.scandir(site.parent))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            handle = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # held: another publish is at work in it
            if _same_file(handle, Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                log.warning("removed %s, left by a publish that was interrupted", entry.path)
        finally:
            os.close(handle)
