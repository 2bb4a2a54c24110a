"""The call log: every model call, in SQLite, as simonw/llm keeps ``logs.db``.

A *run* is one command (``factsum extract ...``) or one library call; it holds the calls the
client seam reported (``observe.ModelCall``), first tries and re-asks alike. The database is
``Settings.log_path`` (``FACTSUM_LOG_PATH``; default ``$XDG_DATA_HOME/factsum/logs.db``) and
logging is on unless ``Settings.log`` is false (``--no-log``, ``FACTSUM_LOG=0``, ``log = false``
in the config file). Schema, version 1 (``PRAGMA user_version``)::

    runs(id TEXT PRIMARY KEY,         -- 20261202-101728-3fa9c1: sortable, readable
         started_at TEXT,             -- ISO 8601, UTC
         command TEXT,                -- extract, summarize, eval, library.extract, ...
         args TEXT,                   -- JSON list of the command line, secrets replaced by "***"
         factsum_version TEXT)
    calls(id INTEGER PRIMARY KEY, run_id TEXT REFERENCES runs(id),
          seq INTEGER,                -- 1, 2, ... within the run
          started_at TEXT, model TEXT,
          prompt_name TEXT, prompt_id TEXT, step TEXT,   -- NULL for calls outside a prompt step
          attempt INTEGER,            -- 1 first try; 2+ a validation re-ask
          messages TEXT,              -- JSON [{role, content}] as sent
          response TEXT, finish_reason TEXT, error TEXT,
          prompt_tokens INTEGER, completion_tokens INTEGER,
          latency REAL,               -- seconds
          cost REAL)                  -- USD; 0 for local models; NULL when unknown

What is never written: API keys (settings are not logged, and ``--api-key`` values in the
command line are masked), HTTP headers. Messages and replies are, since that is the point.
A log that cannot be written never fails the run: the error is kept on ``CallLog.failure``
for the CLI to warn about.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from factsum import observe
from factsum._version import __version__
from factsum.config import Settings
from factsum.errors import LogError
from factsum.pricing import estimate_cost

__all__ = ["CallEntry", "CallLog", "RunSummary", "list_runs", "log_run", "read_run", "redact_args"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    command TEXT NOT NULL,
    args TEXT NOT NULL,
    factsum_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_name TEXT,
    prompt_id TEXT,
    step TEXT,
    attempt INTEGER NOT NULL,
    messages TEXT NOT NULL,
    response TEXT,
    finish_reason TEXT,
    error TEXT,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    latency REAL NOT NULL,
    cost REAL
);
CREATE INDEX IF NOT EXISTS calls_run ON calls(run_id, seq);
"""
# flags whose value is a secret, as the CLI spells them
_SECRET_FLAGS = ("--api-key",)

_active: ContextVar[CallLog | None] = ContextVar("factsum_call_log", default=None)


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def redact_args(args: Sequence[str]) -> list[str]:
    """The command line with every secret flag's value replaced by ``***``."""
    out: list[str] = []
    hide_next = False
    for arg in args:
        if hide_next:
            out.append("***")
            hide_next = False
        elif arg in _SECRET_FLAGS:
            out.append(arg)
            hide_next = True
        elif arg.startswith(tuple(f"{flag}=" for flag in _SECRET_FLAGS)):
            out.append(arg.split("=", 1)[0] + "=***")
        else:
            out.append(arg)
    return out


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="milliseconds")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
    connection.row_factory = sqlite3.Row
    return connection


class CallLog:
    """An ``observe.Observer`` that writes each call of one run to the SQLite log."""

    def __init__(self, path: Path, *, command: str, args: Sequence[str] = (), base_url: str | None = None):
        self.path = path
        self.run_id = new_run_id()
        self.command = command
        self.args = redact_args(args)
        self.base_url = base_url
        self.failure: str | None = None
        self.calls = 0
        self._lock = threading.Lock()  # batch worker threads share one run
        self._connection: sqlite3.Connection | None = None

    def step(self, step: observe.Step) -> None:
        pass

    def call(self, call: observe.ModelCall) -> None:
        if self.failure is not None:
            return
        cost = estimate_cost(call.model, call.prompt_tokens, call.completion_tokens, base_url=self.base_url)
        step = call.step
        with self._lock:
            try:
                connection = self._open()
                self.calls += 1
                connection.execute(
                    "INSERT INTO calls (run_id, seq, started_at, model, prompt_name, prompt_id, step, "
                    "attempt, messages, response, finish_reason, error, prompt_tokens, completion_tokens, "
                    "latency, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        self.run_id, self.calls, _iso(call.started_at), call.model,
                        step.prompt_name if step else None, step.prompt_id if step else None,
                        step.name if step else None, call.attempt,
                        json.dumps(call.messages, ensure_ascii=False), call.response, call.finish_reason,
                        call.error, call.prompt_tokens, call.completion_tokens, round(call.latency, 4),
                        cost if isinstance(cost, float) else None,
                    ),
                )  # fmt: skip
            except (sqlite3.Error, OSError) as error:
                self.failure = f"the call log {self.path} could not be written ({error}); set FACTSUM_LOG_PATH or use --no-log"  # noqa: E501

    def _open(self) -> sqlite3.Connection:
        """The run row is written with its first call: a run that called no model is not logged."""
        if self._connection is None:
            connection = open_log(self.path, create=True)
            connection.execute(
                "INSERT INTO runs (id, started_at, command, args, factsum_version) VALUES (?, ?, ?, ?, ?)",
                (self.run_id, _iso(dt.datetime.now(dt.UTC).timestamp()), self.command,
                 json.dumps(self.args, ensure_ascii=False), __version__),
            )  # fmt: skip
            self._connection = connection
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def open_log(path: Path, *, create: bool = False) -> sqlite3.Connection:
    if not create and not path.is_file():
        raise LogError(
            f"no call log at {path} yet (runs are logged unless --no-log; FACTSUM_LOG_PATH moves it)"
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = _connect(path)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise LogError(f"{path} is a call log of schema {version}; this factsum reads {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        raise LogError(f"{path} is not a factsum call log: {error}") from error
    return connection


@contextmanager
def log_run(settings: Settings, command: str, args: Sequence[str] = ()) -> Iterator[CallLog | None]:
    """Log the calls made inside the block as one run, unless logging is off or a run is open
    already (the CLI opened it; a library call inside it is part of that run)."""
    if not settings.log or _active.get() is not None:
        yield _active.get()
        return
    log = CallLog(settings.log_path, command=command, args=args, base_url=settings.base_url)
    token = _active.set(log)
    try:
        with observe.observed(log):
            yield log
    finally:
        _active.reset(token)
        log.close()


@dataclass(frozen=True)
class RunSummary:
    id: str
    started_at: str
    command: str
    args: list[str]
    models: list[str]
    calls: int
    reasks: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None  # None: some call's cost is unknown
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CallEntry:
    seq: int
    started_at: str
    model: str
    prompt_name: str | None
    prompt_id: str | None
    step: str | None
    attempt: int
    messages: list[dict[str, str]]
    response: str | None
    finish_reason: str | None
    error: str | None
    prompt_tokens: int
    completion_tokens: int
    latency: float
    cost: float | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_SUMMARY_SQL = """
SELECT runs.id, runs.started_at, runs.command, runs.args,
       group_concat(DISTINCT calls.model) AS models, count(calls.id) AS calls,
       sum(calls.attempt > 1) AS reasks, sum(calls.error IS NOT NULL) AS errors,
       coalesce(sum(calls.prompt_tokens), 0) AS prompt_tokens,
       coalesce(sum(calls.completion_tokens), 0) AS completion_tokens,
       CASE WHEN count(calls.id) = count(calls.cost) THEN sum(calls.cost) END AS cost,
       coalesce(sum(calls.latency), 0) AS seconds
FROM runs LEFT JOIN calls ON calls.run_id = runs.id
"""


def _summary(row: sqlite3.Row) -> RunSummary:
    return RunSummary(
        id=row["id"], started_at=row["started_at"], command=row["command"], args=json.loads(row["args"]),
        models=sorted((row["models"] or "").split(",")) if row["models"] else [], calls=row["calls"],
        reasks=row["reasks"] or 0, errors=row["errors"] or 0, prompt_tokens=row["prompt_tokens"],
        completion_tokens=row["completion_tokens"], cost=row["cost"], seconds=round(row["seconds"], 3),
    )  # fmt: skip


def list_runs(path: Path, limit: int = 10) -> list[RunSummary]:
    """The ``limit`` most recent runs, newest first."""
    with _closing(open_log(path)) as connection:
        rows = connection.execute(
            _SUMMARY_SQL + " GROUP BY runs.id ORDER BY runs.started_at DESC, runs.id DESC LIMIT ?", (limit,)
        ).fetchall()
    return [_summary(row) for row in rows]


def read_run(path: Path, run_id: str) -> tuple[RunSummary, list[CallEntry]]:
    """One run (``run_id`` or a unique prefix of it) and its calls in order."""
    with _closing(open_log(path)) as connection:
        matches = connection.execute(
            "SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id",
            (run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        if not matches:
            raise LogError(f"no run {run_id!r} in {path} (see `factsum logs` for the recent ones)")
        if len(matches) > 1 and matches[0]["id"] != run_id:
            shown = ", ".join(m["id"] for m in matches[:5])
            raise LogError(f"run id {run_id!r} is ambiguous: {shown}{' ...' if len(matches) > 5 else ''}")
        full = matches[0]["id"]
        summary = _summary(connection.execute(_SUMMARY_SQL + " WHERE runs.id = ? GROUP BY runs.id",
                                              (full,)).fetchone())  # fmt: skip
        rows = connection.execute("SELECT * FROM calls WHERE run_id = ? ORDER BY seq", (full,)).fetchall()
    calls = [
        CallEntry(
            **{
                f.name: json.loads(r[f.name]) if f.name == "messages" else r[f.name]
                for f in fields(CallEntry)
            }
        )
        for r in rows
    ]
    return summary, calls


@contextmanager
def _closing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield connection
    finally:
        connection.close()
