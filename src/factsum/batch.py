"""The crash-safe batch runner: process many documents, one JSONL line per document.

The documents come from :mod:`factsum.documents` (input expansion and loading); a worker made
by :func:`make_worker` loads each one and runs the same task as a single ``factsum extract``.

The output is JSONL, one line per document, in completion order::

    {"id": "kim", "status": "ok", "result": {...}}
    {"id": "bad", "status": "failed", "error": "bad.txt looks binary ...", "exit_code": 13}

Crash safety: each line is encoded first, then written with one ``os.write`` on an
``O_APPEND`` descriptor and ``fsync``-ed, under a lock, so the file is valid JSONL up to its
last complete line whatever happens (SIGKILL, power loss); at worst a trailing partial line.
A write that fails (a full disk) is cut back to the line before it and stops the batch with
``OutputError``: the file stays valid and ``--resume`` finishes it.

Resume policy (``resume=True``): the existing output is read; a trailing partial line is
cut off (the file is truncated to its last newline); ids with an ``ok`` line are skipped;
``failed`` lines are dropped and their documents retried. When any line is dropped, the
file is first rewritten atomically (temp file in the same directory, fsync, rename) with
only the ``ok`` lines, so after the run every id has exactly one line. ``ok`` lines for ids
not in this run are kept. A complete line that is not a batch record makes resume refuse
(``OutputError``) rather than destroy the file. ``resume`` wins over ``force``.

Interrupts: KeyboardInterrupt stops submitting, cancels queued documents and lets running
ones finish (their lines are written); a second KeyboardInterrupt abandons them (their
results are discarded, never half-written; Python cannot kill threads, so they run on until
their worker returns, and the interpreter waits for them at exit). Either way
``BatchInterrupted`` (a KeyboardInterrupt carrying the :class:`BatchSummary`) is raised
with a valid file on disk.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from factsum.documents import BatchItem, load_item
from factsum.errors import FactsumError, InputError, OutputError, ProviderUnreachableError
from factsum.inputs import LoadedArticle
from factsum.outputs import fsync_directory, write_atomic

__all__ = [
    "BatchInterrupted",
    "BatchProgress",
    "BatchSummary",
    "check_batch_output",
    "make_worker",
    "run_batch",
    "thread_local",
]

T = TypeVar("T")

_MAX_ERROR = 500
UNEXPECTED_EXIT_CODE = 1  # a non-factsum exception: FactsumError's root code
# documents in a row that could not reach the model server before the batch stops: the
# server is down, and every further document would only fail the same way, after its retries
STOP_AFTER_UNREACHABLE = 3


@dataclass(frozen=True)
class BatchProgress:
    """A snapshot after each finished document (and once at the start).

    ``done`` counts finished documents including ``skipped`` ones (already ok in a resumed
    file) and ``failed`` ones; ``docs_per_s`` counts only documents processed in this run.
    """

    done: int
    failed: int
    total: int
    elapsed: float
    docs_per_s: float
    skipped: int = 0
    last_id: str | None = None
    last_ok: bool | None = None


@dataclass
class BatchSummary:
    output: Path
    total: int
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    elapsed: float = 0.0
    interrupted: bool = False
    failed_ids: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.ok + self.failed

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


class BatchInterrupted(KeyboardInterrupt):
    """Raised by :func:`run_batch` on Ctrl-C, after the output file is left valid."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__(f"batch interrupted after {summary.processed} documents")
        self.summary = summary


def make_worker(
    task: Callable[[LoadedArticle], BaseModel],
    *,
    load: Callable[[BatchItem], LoadedArticle] = load_item,
) -> Callable[[BatchItem], dict[str, Any]]:
    """A ``run_batch`` worker: ``load`` the item, run ``task`` on the article, dump its result.

    ``task`` is what a single document runs, e.g. ``lambda article:
    factsum.api.extract(article.text, source=article.metadata)``; the line's ``result`` is
    that result's JSON, the same as the single-document output.
    """

    def worker(item: BatchItem) -> dict[str, Any]:
        dumped: dict[str, Any] = task(load(item)).model_dump(mode="json")
        return dumped

    return worker


def thread_local(factory: Callable[[], T]) -> Callable[[], T]:
    """``get()`` returns one ``factory()`` result per thread, made on first use.

    For model clients at ``concurrency > 1``: an ``LLMClient`` counts usage per call by
    diffing its totals, so it must not serve two documents at once; one client per worker
    thread keeps usage exact and reuses its HTTP connections. (The embedded ``local:``
    models share one llama.cpp context per process and are not safe in threads at all.)
    """
    local = threading.local()

    def get() -> T:
        try:
            value: T = local.value
        except AttributeError:
            value = local.value = factory()
        return value

    return get


# --------------------------------------------------------------------------- output


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_ERROR else flat[: _MAX_ERROR - 1] + "…"


def _encode(record: dict[str, Any]) -> bytes:
    # no indent: json.dumps escapes newlines inside strings, so this is exactly one line
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _failed_record(item_id: str, error: BaseException) -> dict[str, Any]:
    if isinstance(error, FactsumError):
        message, code = _one_line(str(error)) or type(error).__name__, error.exit_code
    else:
        detail = _one_line(str(error))
        message = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
        code = UNEXPECTED_EXIT_CODE
    return {"id": item_id, "status": "failed", "error": message, "exit_code": code}


def _prepare_resume(output: Path) -> set[str]:
    """Repair ``output`` for resuming; return the ids already done (status ok)."""
    data = output.read_bytes()
    cut = data.rfind(b"\n") + 1  # 0 when there is no complete line at all
    complete = data[:cut]
    kept: list[bytes] = []
    done: set[str] = set()
    dropped = False
    for number, line in enumerate(complete.splitlines(), start=1):
        if not line.strip():
            dropped = True
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not (isinstance(record, dict) and isinstance(record.get("id"), str) and "status" in record):
            raise OutputError(
                f"{output}:{number} is not a factsum batch record; refusing to resume into it "
                "(choose another --output or pass --force to start over)"
            )
        if record["status"] == "ok" and record["id"] not in done:
            done.add(record["id"])
            kept.append(line + b"\n")
        else:
            dropped = True  # a failed line (to retry) or a duplicate
    if dropped:
        write_atomic(output, b"".join(kept), force=True)
    elif cut != len(data):
        with output.open("r+b") as handle:  # drop the partial last line a crash left
            handle.truncate(cut)
            handle.flush()
            os.fsync(handle.fileno())
    return done


class _Recorder:
    """Appends whole lines under a lock and keeps the counts behind the progress snapshots."""

    def __init__(
        self,
        output: Path,
        summary: BatchSummary,
        on_progress: Callable[[BatchProgress], None] | None,
        *,
        truncate: bool,
        stop_after_unreachable: int,
    ) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        try:
            self._fd = os.open(output, flags, 0o644)
        except OSError as error:
            raise OutputError(f"cannot write {output}: {error.strerror}") from error
        fsync_directory(output)
        self._summary = summary
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._stop_after = stop_after_unreachable
        self._unreachable_in_a_row = 0
        self.closed = False
        self.stopped: ProviderUnreachableError | None = None  # set when the batch must stop

    def progress(self, last_id: str | None = None, last_ok: bool | None = None) -> None:
        if self._on_progress is None:
            return
        s = self._summary
        elapsed = time.monotonic() - self._started
        self._on_progress(
            BatchProgress(
                done=s.skipped + s.processed,
                failed=s.failed,
                total=s.total,
                elapsed=elapsed,
                docs_per_s=s.processed / elapsed if elapsed > 0 else 0.0,
                skipped=s.skipped,
                last_id=last_id,
                last_ok=last_ok,
            )
        )

    def record(self, item_id: str, outcome: dict[str, Any] | BaseException) -> None:
        if isinstance(outcome, BaseException):
            record = _failed_record(item_id, outcome)
        else:
            record = {"id": item_id, "status": "ok", "result": outcome}
        try:
            line = _encode(record)
        except (TypeError, ValueError) as error:  # a result that is not JSON-serialisable
            record = _failed_record(item_id, error)
            line = _encode(record)
        ok = record["status"] == "ok"
        with self._lock:
            if self.closed:
                return  # abandoned after an interrupt: never write behind the caller's back
            self._append(line)
            self._count_unreachable(outcome)
            if ok:
                self._summary.ok += 1
            else:
                self._summary.failed += 1
                self._summary.failed_ids.append(item_id)
            self.progress(item_id, ok)

    def _count_unreachable(self, outcome: dict[str, Any] | BaseException) -> None:
        if not isinstance(outcome, ProviderUnreachableError):
            self._unreachable_in_a_row = 0
            return
        self._unreachable_in_a_row += 1
        if self._stop_after and self._unreachable_in_a_row >= self._stop_after and self.stopped is None:
            self.stopped = ProviderUnreachableError(
                f"stopped the batch: {self._unreachable_in_a_row} documents in a row could not reach "
                f"the model server ({outcome}). Start the server, then run again with --resume to "
                "finish: the documents done are kept and the failed ones retried",
                original=outcome,
            )

    def _append(self, line: bytes) -> None:
        """Write the whole line or none of it: a failed write (a full disk) is cut back off."""
        start = os.fstat(self._fd).st_size  # O_APPEND and the lock: the line goes exactly here
        try:
            view = memoryview(line)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as error:
            try:
                os.ftruncate(self._fd, start)
                os.fsync(self._fd)
                state = "it is valid up to its last line"
            except OSError:
                state = "its last line may be partial (--resume repairs it)"
            s = self._summary
            raise OutputError(
                f"cannot write {s.output}: {error.strerror or error}; the batch stopped with "
                f"{s.ok} ok and {s.failed} failed lines in it and {state}. Free some space and run "
                "again with --resume to finish",
                original=error,
            ) from error

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                self._summary.elapsed = time.monotonic() - self._started
                os.close(self._fd)


def check_batch_output(output: Path, *, resume: bool = False, force: bool = False) -> None:
    """``OutputError`` unless a batch may write ``output``; cheap, so callable before a model loads."""
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {output}: directory {directory} does not exist")
    if output.is_dir():
        raise OutputError(f"cannot write {output}: it is a directory")
    if output.exists() and not (resume or force):
        raise OutputError(f"{output} already exists; pass --resume to continue it or --force to overwrite it")


def run_batch(
    items: Sequence[BatchItem],
    worker: Callable[[BatchItem], dict[str, Any]],
    output: Path,
    *,
    concurrency: int = 1,
    resume: bool = False,
    force: bool = False,
    on_progress: Callable[[BatchProgress], None] | None = None,
    stop_after_unreachable: int = STOP_AFTER_UNREACHABLE,
) -> BatchSummary:
    """Run ``worker`` on every item and append one JSONL line per document to ``output``.

    A ``FactsumError`` or any other ``Exception`` from the worker becomes a failed line; the
    batch goes on, except that ``stop_after_unreachable`` documents in a row failing with
    ``ProviderUnreachableError`` stop it with that error (0: never stop), and an ``OSError``
    writing ``output`` stops it with ``OutputError``; either way the file is left valid up to
    its last whole line. ``resume`` skips ids with an ok line and retries failed ones (see the
    module docstring); ``force`` starts over; with neither, an existing ``output`` is an
    ``OutputError``. ``concurrency > 1`` runs documents in threads (for remote servers; the
    worker must be thread-safe). Raises ``BatchInterrupted`` on Ctrl-C.
    """
    if concurrency < 1:  # a caller's bug: the CLI refuses --concurrency 0 as a usage error
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    counts: dict[str, int] = {}
    for item in items:
        counts[item.id] = counts.get(item.id, 0) + 1
    repeated = sorted(k for k, n in counts.items() if n > 1)
    if repeated:
        raise InputError(f"duplicate document ids: {', '.join(repeated)}")
    output = Path(output)
    check_batch_output(output, resume=resume, force=force)
    done: set[str] = set()
    if output.exists() and resume:
        done = _prepare_resume(output)
    pending = [item for item in items if item.id not in done]
    summary = BatchSummary(output=output, total=len(items), skipped=len(items) - len(pending))
    recorder = _Recorder(
        output,
        summary,
        on_progress,
        truncate=force and not resume,
        stop_after_unreachable=stop_after_unreachable,
    )
    try:
        recorder.progress()
        if concurrency == 1:
            _run_sequential(pending, worker, recorder)
        else:
            _run_threaded(pending, worker, recorder, concurrency)
    except KeyboardInterrupt:
        summary.interrupted = True
        recorder.close()
        raise BatchInterrupted(summary) from None
    finally:
        recorder.close()
    return summary


def _process(item: BatchItem, worker: Callable[[BatchItem], dict[str, Any]], recorder: _Recorder) -> None:
    outcome: dict[str, Any] | BaseException
    if item.error is not None:
        outcome = InputError(item.error)
    else:
        try:
            outcome = worker(item)
        except Exception as error:  # one bad document never stops the batch
            outcome = error
    recorder.record(item.id, outcome)


def _run_sequential(
    pending: list[BatchItem], worker: Callable[[BatchItem], dict[str, Any]], recorder: _Recorder
) -> None:
    for item in pending:
        _process(item, worker, recorder)
        if recorder.stopped is not None:
            raise recorder.stopped


def _run_threaded(
    pending: list[BatchItem],
    worker: Callable[[BatchItem], dict[str, Any]],
    recorder: _Recorder,
    concurrency: int,
) -> None:
    queue = iter(pending)
    executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="factsum-batch")
    running: set[Future[None]] = set()

    def submit_next() -> bool:
        item = next(queue, None)
        if item is None:
            return False
        # each worker runs in a copy of the caller's context: the call log and progress observers
        running.add(executor.submit(contextvars.copy_context().run, _process, item, worker, recorder))
        return True

    try:
        while len(running) < concurrency and submit_next():
            pass
        while running:  # keep at most `concurrency` queued, so an interrupt has little to cancel
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.discard(future)
                future.result()  # re-raise a bug in on_progress, not a worker error (those are lines)
                if recorder.stopped is not None:
                    raise recorder.stopped
                submit_next()
    except KeyboardInterrupt:
        executor.shutdown(wait=False, cancel_futures=True)
        try:
            wait(running)  # the running documents finish and are recorded
        except KeyboardInterrupt:
            recorder.close()  # a second Ctrl-C: abandon them; their results are discarded
        raise
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        recorder.close()
        raise
    executor.shutdown(wait=True)
