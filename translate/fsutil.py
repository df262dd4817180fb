"""Writing files safely: never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file through a temporary file in the same folder, then rename it
    over the target, so that readers see the old or the new file, never a part.

    The new file keeps the permissions of the file it replaces.

    Args:
        path: The file to write.
        data: Its new content.
        durable: Flush the data to the disk before the rename, so that even a
            power cut leaves the old or the new file.  Files that can be made
            again from others (templates, built documents) skip it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
