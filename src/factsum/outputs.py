"""Write outputs atomically and never over a user's file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


def write_atomic(path: Path, content: str, *, force: bool = False) -> None:
    """Temp file in the same directory, fsync, rename: readers see the old file or the new one."""
    directory = check_writable(path, force=force)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    # mkstemp makes 0600 files; an output should get the mode a plain open() would give it
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    try:
        os.chmod(temp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from error
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
