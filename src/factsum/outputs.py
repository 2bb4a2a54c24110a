"""Write outputs atomically and never over a user's file unless asked: the one atomic writer.

Every file factsum writes whole (a result, a report, a repaired batch file, assembled model
weights) goes through :func:`atomic_file`: a temp file in the same directory, fsync, rename,
fsync of the directory. Readers see the old file or the new one, never a part.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from factsum.errors import OutputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def check_writable(path: Path, *, force: bool = False) -> Path:
    """OutputError unless ``path`` may be written; its directory. Callable before long work."""
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; pass --force to overwrite it")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: directory {directory} does not exist")
    return directory


def fsync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path``'s directory durable (best effort)."""
    try:
        fd = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories
    finally:
        os.close(fd)


@contextmanager
def atomic_file(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` when the block ends without an error.

    An exception in the block (a failed check of the content, a full disk) leaves ``path`` as
    it was and removes the temp file; an ``OSError`` becomes an ``OutputError`` naming ``path``.
    """
    directory = check_writable(path, force=force)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    # mkstemp makes 0600 files; an output should get the mode a plain open() would give it
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    try:
        os.chmod(temp, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        fsync_directory(path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def write_atomic(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically; see :func:`atomic_file`."""
    with atomic_file(path, force=force) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)
