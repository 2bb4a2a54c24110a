"""A SQLite cache of model results for the eval harness.

One row per (article, task, prompt, schema, model, settings, sample): the key is the sha256
of those parts, the value the JSON of the ExtractionResult or SummaryResult. The database is
in WAL mode, each ``put`` is its own transaction (a row is written whole or not at all), and
two processes or two handles may open the same file at once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from factsum.errors import EvalError

__all__ = ["CACHE_FILENAME", "EvalCache", "cache_key", "default_cache_path"]

CACHE_FILENAME = "eval-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    task TEXT NOT NULL,
    value TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now'))
)
"""


def default_cache_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / CACHE_FILENAME


# modules only the summary pipeline imports, and modules no pipeline imports: a change to them
# leaves extraction results valid (and an eval of extraction need not run again)
SUMMARY_ONLY = frozenset(
    {
        "summarization.py", "sentences.py", "strategies/extract_summary.py", "strategies/compress.py",
        "strategies/free_text.py", "strategies/shaping.py", "strategies/summarizers.py",
    }
)  # fmt: skip
NO_PIPELINE = frozenset({"cli.py", "render_html.py", "render_summary.py", "batch.py", "web.py"})


@functools.cache
def code_fingerprint(task: str = "") -> str:
    """Hash of the factsum modules that shape a ``task`` result (never the eval harness or CLI)."""
    package = Path(__file__).resolve().parents[1]
    skipped = NO_PIPELINE | (SUMMARY_ONLY if task == "extract" else frozenset())
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.startswith("evals/") or relative in skipped:
            continue
        digest.update(relative.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(
    *,
    text_sha256: str,
    task: str,
    prompt_id: str,
    schema_id: str,
    model: str,
    settings_id: str,
    sample: int,
    variant: str = "",
) -> str:
    """sha256 over the parts; ``variant`` holds anything else that changes output (e.g. style).

    The pipeline's own code is part of the key: a changed candidate finder or strategy must
    not be scored on results the old code produced.
    """
    parts = [
        text_sha256,
        task,
        prompt_id,
        schema_id,
        model,
        settings_id,
        str(sample),
        variant,
        code_fingerprint(task),
    ]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


class EvalCache:
    """``get``/``put`` JSON strings by key. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: transactions are opened explicitly in put()
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 30000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise EvalError(f"cannot open eval cache {self.path}: {error}", original=error) from error

    def get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, task: str, value: str) -> None:
        try:
            with self._transaction():
                self._db.execute(
                    "INSERT OR REPLACE INTO results (key, task, value) VALUES (?, ?, ?)",
                    (key, task, value),
                )
        except sqlite3.Error as error:
            raise EvalError(f"cannot write eval cache {self.path}: {error}", original=error) from error

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EvalCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the block raises."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
