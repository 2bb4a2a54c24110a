"""Pinned public sources, read from a local git clone (bare or not) and verified by blob id.

Nothing third-party is committed: a user clones the repositories below, and the build reads
each file at its pinned commit with ``git cat-file`` and checks that its git blob id (the
SHA-1 of ``"blob <size>\\0" + bytes``, computed here, not trusted from git) is the pinned one.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from factsum.errors import SourceDataError

__all__ = ["CONLL", "FRANK", "PinnedRepo", "blob_id", "find_clone", "read_pinned"]


@dataclass(frozen=True)
class PinnedRepo:
    owner: str
    name: str
    commit: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def clone_names(self) -> tuple[str, ...]:
        """Folder names a clone may have under CLONES_DIR: git clone's, a bare clone's, a mirror's."""
        return (self.name, f"{self.name}.git", f"{self.owner}+{self.name}/repo", f"{self.owner}+{self.name}")


CONLL = PinnedRepo("heathher", "Named-Entity-Recognition", "f58fe48cefba693c6f454c3e94d89b37dcb7ce98")
# The article JSON files exist only in FRANK's first commit; later commits removed them.
FRANK = PinnedRepo("artidoro", "frank", "5860706bda0641136d10d27ead52c5f6ae79630e")


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def find_clone(clones_dir: Path, repo: PinnedRepo) -> Path:
    """The clone of ``repo`` under ``clones_dir``, by any of its usual folder names."""
    for name in repo.clone_names:
        candidate = clones_dir / name
        if candidate.is_dir():
            return candidate
    raise SourceDataError(
        f"{clones_dir}: no clone of {repo.owner}/{repo.name} (looked for "
        + ", ".join(repo.clone_names)
        + f"); run: git clone {repo.url} {clones_dir / repo.name}"
    )


def read_pinned(clone: Path, repo: PinnedRepo, path: str, expected_blob: str) -> bytes:
    """``path`` at ``repo.commit`` from ``clone``, refusing bytes whose blob id is not the pin."""
    git = shutil.which("git")
    if git is None:
        raise SourceDataError("git is not installed; the public sets are read from git clones")
    spec = f"{repo.commit}:{path}"
    done = subprocess.run([git, "-C", str(clone), "cat-file", "blob", spec], capture_output=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceDataError(
            f"{clone}: cannot read {spec} ({reason[-1] if reason else 'git failed'}); "
            f"clone the full history of {repo.url} (not --depth 1)"
        )
    actual = blob_id(done.stdout)
    if actual != expected_blob:
        raise SourceDataError(
            f"{clone}: {path} at {repo.commit[:12]} has blob {actual}, pinned {expected_blob}; "
            "the clone is not the pinned source"
        )
    return done.stdout
