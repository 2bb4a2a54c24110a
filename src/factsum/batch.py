"""Many documents in one run: collect inputs, process each, record one JSONL line per document.

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
import glob
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from factsum.errors import (
    EmptyInputError,
    FactsumError,
    FetchError,
    InputError,
    InputNotFoundError,
    OutputError,
    ProviderUnreachableError,
)
from factsum.inputs import STDIN, is_url, read_article

__all__ = [
    "DOCUMENT_SUFFIXES",
    "BatchInterrupted",
    "BatchItem",
    "BatchProgress",
    "BatchSummary",
    "check_batch_output",
    "is_batch",
    "iter_inputs",
    "make_worker",
    "read_item",
    "run_batch",
    "thread_local",
]

T = TypeVar("T")

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
_GLOB_CHARS = frozenset("*?[")
_MAX_ERROR = 500
UNEXPECTED_EXIT_CODE = 1  # a non-factsum exception: FactsumError's root code
# documents in a row that could not reach the model server before the batch stops: the
# server is down, and every further document would only fail the same way, after its retries
STOP_AFTER_UNREACHABLE = 3


@dataclass(frozen=True)
class BatchItem:
    """One document. ``source`` is a path, URL or ``file.jsonl:LINE``; ``text`` is inline text.

    ``error`` is set for an input that is already known to be bad (a malformed JSONL line):
    the batch records it as failed without calling the worker.
    """

    id: str
    source: str | None
    text: str | None
    error: str | None = None


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


# --------------------------------------------------------------------------- inputs


def is_batch(specs: Sequence[str]) -> bool:
    """Whether the command-line inputs are a batch (JSONL to ``-o``) rather than one article.

    Several inputs, a directory, a ``.jsonl`` file (any case) or a glob are a batch; a URL is
    one article whatever its query string holds (``?id=5`` is not a glob), as is a file whose
    name has glob characters but exists. These are the rules :func:`iter_inputs` expands by.
    """
    if len(specs) != 1:
        return True
    (spec,) = specs
    if spec == STDIN or is_url(spec):
        return False
    path = Path(spec)
    if path.suffix.lower() == ".jsonl" or path.is_dir():
        return True
    return not path.exists() and bool(_GLOB_CHARS & set(spec))


def iter_inputs(specs: Sequence[str]) -> list[BatchItem]:
    """Expand paths, globs, directories, URLs and ``.jsonl`` files into documents with unique ids.

    A directory contributes its ``*.txt``, ``*.html`` and ``*.htm`` files (sorted, not
    recursive); a glob its matches (sorted). A ``.jsonl`` file holds one ``{"id", "text"}``
    or ``{"id", "url"}`` object per line; a malformed line becomes a failing item naming the
    line. File ids are the stem (a URL's: the stem of its path), suffixed ``-2``, ``-3``...
    when a stem repeats; the same file named twice is read once. Raises
    ``InputNotFoundError`` for a glob or directory that matches nothing and ``InputError``
    for duplicate JSONL ids. A path that does not exist becomes an item that fails with
    ``InputNotFoundError``, like the single-file command.
    """
    entries: list[tuple[str, BatchItem]] = []  # (id origin: "file" | "jsonl", item)
    seen_paths: set[str] = set()

    def add_file(path: str) -> None:
        key = path if path == STDIN or _is_url(path) else os.path.realpath(path)
        if key in seen_paths:
            return
        seen_paths.add(key)
        if path == STDIN:
            stem = "stdin"
        elif _is_url(path):
            address = urlsplit(path)
            stem = Path(address.path).stem or address.hostname or "page"
        else:
            stem = Path(path).stem
        entries.append(("file", BatchItem(stem, path, None)))

    for spec in specs:
        path = Path(spec)
        if _is_url(spec):
            add_file(spec)  # read by read_item's ``load``
        elif spec != STDIN and path.suffix.lower() == ".jsonl" and path.is_file():
            entries.extend(("jsonl", item) for item in _read_jsonl(path))
        elif spec != STDIN and path.is_dir():
            found = sorted(
                str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
            if not found:
                raise InputNotFoundError(
                    f"directory {spec} holds no {', '.join('*' + s for s in DOCUMENT_SUFFIXES)} files"
                )
            for name in found:
                add_file(name)
        elif spec != STDIN and not path.exists() and _GLOB_CHARS & set(spec):
            matches = sorted(m for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputNotFoundError(f"no file matches {spec}")
            for name in matches:
                if Path(name).suffix.lower() == ".jsonl":
                    entries.extend(("jsonl", item) for item in _read_jsonl(Path(name)))
                else:
                    add_file(name)
        else:
            add_file(spec)  # a missing path fails as a document, with exit code 11

    return _assign_ids(entries)


def _read_jsonl(path: Path) -> list[BatchItem]:
    items: list[BatchItem] = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputNotFoundError(f"cannot read {path}: {error.strerror}") from error
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        fallback_id = f"{path.stem}:{number}"
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            items.append(
                BatchItem(fallback_id, where, None, error=f"{where}: malformed JSONL line ({error})")
            )
            continue
        if not isinstance(record, dict):
            items.append(
                BatchItem(fallback_id, where, None, error=f"{where}: expected a JSON object per line")
            )
            continue
        raw_id, text, url = record.get("id"), record.get("text"), record.get("url")
        item_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else fallback_id
        if isinstance(text, str) and url is None:
            items.append(BatchItem(item_id, where, text))
        elif isinstance(url, str) and text is None:
            items.append(BatchItem(item_id, url, None))
        else:
            items.append(
                BatchItem(
                    item_id,
                    where,
                    None,
                    error=f'{where}: each line needs exactly one of "text" or "url" as a string',
                )
            )
    return items


def _assign_ids(entries: list[tuple[str, BatchItem]]) -> list[BatchItem]:
    explicit: dict[str, list[str]] = {}
    for origin, item in entries:
        if origin == "jsonl":
            explicit.setdefault(item.id, []).append(item.source or item.id)
    duplicates = {k: v for k, v in explicit.items() if len(v) > 1}
    if duplicates:
        named = "; ".join(f"{k!r} ({', '.join(v)})" for k, v in sorted(duplicates.items()))
        raise InputError(f"duplicate document ids: {named}")
    taken = set(explicit)
    result: list[BatchItem] = []
    for origin, item in entries:
        if origin == "file":
            candidate, n = item.id, 1
            while candidate in taken:
                n += 1
                candidate = f"{item.id}-{n}"
            taken.add(candidate)
            item = BatchItem(candidate, item.source, item.text, item.error)
        result.append(item)
    return result


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_item(item: BatchItem, *, load: Callable[[str], str] | None = None) -> str:
    """The article text of ``item``: its inline text, else ``load(item.source)``.

    ``load`` reads a path, ``-`` or URL into article text (e.g.
    ``lambda s: factsum.inputs.load_article(s).text`` for URLs and HTML pages). Without it a
    path is read as plain text exactly like ``factsum extract FILE`` and a URL is refused.
    Raises the same ``InputError`` subclasses as the single-document path.
    """
    if item.error is not None:
        raise InputError(item.error)
    if item.text is not None:
        if not item.text.strip():
            raise EmptyInputError(
                f"{item.source or item.id} is empty or whitespace only: there is no article text"
            )
        return item.text.replace("\r\n", "\n")
    if item.source is None:
        raise InputNotFoundError(f"document {item.id} has neither text nor a source")
    if load is not None:
        return load(item.source)
    if _is_url(item.source):
        raise FetchError(f"{item.source}: URL inputs need a loader (read_item(..., load=...)); none given")
    text, _ = read_article(item.source)
    return text


def make_worker(
    task: Callable[[str], Any], *, load: Callable[[str], str] | None = None
) -> Callable[[BatchItem], dict[str, Any]]:
    """A ``run_batch`` worker: read the item, run ``task(text)``, return its JSON-ready dict.

    ``task`` returns a pydantic model (dumped with ``model_dump(mode="json")``) or a dict,
    e.g. ``lambda text: factsum.api.summarize(text, settings=settings)``.
    """

    def worker(item: BatchItem) -> dict[str, Any]:
        result = task(read_item(item, load=load))
        if hasattr(result, "model_dump"):
            dumped: dict[str, Any] = result.model_dump(mode="json")
            return dumped
        if isinstance(result, dict):
            return result
        raise TypeError(f"batch task returned {type(result).__name__}, expected a model or a dict")

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


def _fsync_directory(path: Path) -> None:
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
        _rewrite_atomic(output, b"".join(kept))
    elif cut != len(data):
        with output.open("r+b") as handle:  # drop the partial last line a crash left
            handle.truncate(cut)
            handle.flush()
            os.fsync(handle.fileno())
    return done


def _rewrite_atomic(path: Path, content: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        _fsync_directory(path)
    except OSError as error:
        raise OutputError(f"cannot rewrite {path}: {error.strerror}") from error
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


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
        _fsync_directory(output)
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
