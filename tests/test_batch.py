from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.support.paths import ROOT

from factsum.batch import BatchInterrupted, BatchProgress, make_worker, run_batch
from factsum.documents import BatchItem, iter_inputs, load_item
from factsum.errors import BinaryInputError, InputError, InputNotFoundError, OutputError
from factsum.schemas.results import Usage
from factsum.web import FetchedPage

ARTICLE = "OSLO: Anna Berg, the mayor of Oslo, opened the tram line on 3 March 2024.\n"
HELPER = ROOT / "tests" / "support" / "batch_helpers.py"


def lines(path: Path) -> list[dict[str, Any]]:
    raw = path.read_text(encoding="utf-8")
    assert raw == "" or raw.endswith("\n"), "the file must end with a complete line"
    return [json.loads(line) for line in raw.splitlines()]


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    records = lines(path)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    return {r["id"]: r for r in records}


def echo_worker(item: BatchItem) -> dict[str, Any]:
    text = load_item(item).text
    return {"words": len(text.split())}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("b.txt", "a.txt", "c.html", "d.htm"):
        (folder / name).write_text(f"{name}: {ARTICLE}", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def items_of(count: int) -> list[BatchItem]:
    return [BatchItem(f"doc-{i:02d}", None, f"{ARTICLE} number {i}") for i in range(count)]


# --------------------------------------------------------------------------- iter_inputs


def test_iter_inputs_directory_is_sorted_and_filtered(corpus: Path) -> None:
    items = iter_inputs([str(corpus)])
    assert [i.id for i in items] == ["a", "b", "c", "d"]
    assert all(i.text is None and i.source and Path(i.source).is_file() for i in items)


def test_iter_inputs_paths_and_globs(corpus: Path) -> None:
    items = iter_inputs([str(corpus / "b.txt"), str(corpus / "*.htm*")])
    assert [i.id for i in items] == ["b", "c", "d"]


def test_iter_inputs_urls_are_documents_not_globs(corpus: Path) -> None:
    items = iter_inputs(
        ["https://example.com/news/story.html?id=1", "https://example.com/", str(corpus / "a.txt")]
    )
    assert [(i.id, i.source) for i in items] == [
        ("story", "https://example.com/news/story.html?id=1"),
        ("example.com", "https://example.com/"),
        ("a", str(corpus / "a.txt")),
    ]


def test_iter_inputs_same_file_twice_is_read_once(corpus: Path) -> None:
    items = iter_inputs([str(corpus / "a.txt"), str(corpus)])
    assert [i.id for i in items] == ["a", "b", "c", "d"]


def test_iter_inputs_repeated_stems_are_disambiguated(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(ARTICLE, encoding="utf-8")
        (tmp_path / sub / "story.html").write_text(ARTICLE, encoding="utf-8")
    ids = [i.id for i in iter_inputs([str(tmp_path / "x"), str(tmp_path / "y")])]
    assert ids == ["story", "story-2", "story-3", "story-4"]


def test_iter_inputs_empty_glob_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no file matches"):
        iter_inputs([str(tmp_path / "*.txt")])
    with pytest.raises(InputNotFoundError, match="holds no"):
        iter_inputs([str(tmp_path)])


def test_iter_inputs_missing_path_fails_as_a_document(tmp_path: Path) -> None:
    (item,) = iter_inputs([str(tmp_path / "nope.txt")])
    assert item.id == "nope"
    with pytest.raises(InputNotFoundError):
        load_item(item)


def test_iter_inputs_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "one", "text": ARTICLE}),
                json.dumps({"id": "two", "url": "https://example.com/a"}),
                '{"id": "three", "text": ',  # truncated JSON
                "",
                json.dumps({"text": ARTICLE}),  # no id
                json.dumps({"id": "both", "text": "x", "url": "https://example.com"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    items = iter_inputs([str(feed)])
    assert [i.id for i in items] == ["one", "two", "feed:3", "feed:5", "both"]
    one, two, bad, anonymous, both = items
    assert load_item(one).text == ARTICLE and one.source == f"{feed}:1"
    assert two.source == "https://example.com/a" and two.text is None
    assert bad.error is not None and f"{feed}:3" in bad.error and "malformed" in bad.error
    assert anonymous.text == ARTICLE
    assert both.error is not None and "exactly one" in both.error
    with pytest.raises(InputError, match=r"feed.jsonl:3"):
        load_item(bad)

    def fetch(url: str) -> FetchedPage:  # a URL line is fetched like a URL on the command line
        return FetchedPage(url, url, 200, "text/plain", None, f"fetched {url}".encode())

    assert load_item(two, fetch=fetch).text == "fetched https://example.com/a"


def test_iter_inputs_duplicate_jsonl_ids_are_an_error(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "same", "text": "a"}, {"id": "other", "text": "b"}, {"id": "same", "text": "c"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match=r"'same'.*feed.jsonl:1.*feed.jsonl:3"):
        iter_inputs([str(feed)])


def test_run_batch_rejects_duplicate_ids(tmp_path: Path) -> None:
    items = [BatchItem("x", None, "a"), BatchItem("x", None, "b")]
    with pytest.raises(InputError, match="duplicate document ids: x"):
        run_batch(items, echo_worker, tmp_path / "out.jsonl")


# --------------------------------------------------------------------------- run_batch


def test_all_ok_with_progress(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    seen: list[BatchProgress] = []
    summary = run_batch(iter_inputs([str(corpus)]), echo_worker, output, on_progress=seen.append)
    records = by_id(output)
    assert set(records) == {"a", "b", "c", "d"}
    assert all(r["status"] == "ok" and r["result"]["words"] > 5 for r in records.values())
    assert (summary.ok, summary.failed, summary.skipped, summary.total) == (4, 0, 0, 4)
    assert [p.done for p in seen] == [0, 1, 2, 3, 4]
    assert seen[-1].total == 4 and seen[-1].failed == 0 and seen[-1].docs_per_s > 0


def test_one_binary_file_fails_alone(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    output = tmp_path / "out.jsonl"
    summary = run_batch(iter_inputs([str(corpus)]), echo_worker, output)
    records = by_id(output)
    failed = [r for r in records.values() if r["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["id"] == "broken"
    assert failed[0]["exit_code"] == BinaryInputError.exit_code
    assert "binary" in failed[0]["error"] and "\n" not in failed[0]["error"]
    assert sum(r["status"] == "ok" for r in records.values()) == 4
    assert summary.failed_ids == ["broken"]


def test_worker_errors_become_failed_lines(tmp_path: Path) -> None:
    def worker(item: BatchItem) -> dict[str, Any]:
        if item.id == "doc-01":
            raise BinaryInputError("doc-01 looks binary\n(second line)")
        if item.id == "doc-02":
            raise ValueError("a bug in a worker")
        if item.id == "doc-03":
            return {"not json": object()}
        return {"ok": True}

    output = tmp_path / "out.jsonl"
    summary = run_batch(items_of(5), worker, output)
    records = by_id(output)
    assert records["doc-01"] == {
        "id": "doc-01", "status": "failed", "error": "doc-01 looks binary (second line)", "exit_code": 13,
    }  # fmt: skip
    assert records["doc-02"]["error"] == "ValueError: a bug in a worker"
    assert records["doc-02"]["exit_code"] == 1
    assert records["doc-03"]["error"].startswith("TypeError:")
    assert {k for k, r in records.items() if r["status"] == "ok"} == {"doc-00", "doc-04"}
    assert (summary.ok, summary.failed) == (2, 3)


def test_malformed_jsonl_line_is_a_failed_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "good", "text": ARTICLE}) + "\n{oops\n", encoding="utf-8")
    called: list[str] = []

    def worker(item: BatchItem) -> dict[str, Any]:
        called.append(item.id)
        return echo_worker(item)

    output = tmp_path / "out.jsonl"
    run_batch(iter_inputs([str(feed)]), worker, output)
    records = by_id(output)
    assert records["good"]["status"] == "ok"
    assert records["feed:2"]["status"] == "failed" and "feed.jsonl:2" in records["feed:2"]["error"]
    assert records["feed:2"]["exit_code"] == InputError.exit_code
    assert called == ["good"]


def test_make_worker_dumps_the_task_result(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    run_batch(items_of(2), make_worker(lambda article: Usage(calls=len(article.text.split()))), output)
    assert all(r["result"]["calls"] > 5 for r in by_id(output).values())


def test_concurrency_gives_the_same_ids(tmp_path: Path) -> None:
    active, peak, lock = [0], [0], threading.Lock()

    def worker(item: BatchItem) -> dict[str, Any]:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        if item.id == "doc-07":
            raise BinaryInputError("doc-07 looks binary")
        return {"id_again": item.id}

    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    run_batch(items_of(20), worker, serial)
    assert peak[0] == 1
    summary = run_batch(items_of(20), worker, parallel, concurrency=4)
    assert 1 < peak[0] <= 4
    one, four = by_id(serial), by_id(parallel)
    assert set(one) == set(four) == {f"doc-{i:02d}" for i in range(20)}
    assert {k: r["status"] for k, r in one.items()} == {k: r["status"] for k, r in four.items()}
    assert all(r["result"]["id_again"] == k for k, r in four.items() if r["status"] == "ok")
    assert (summary.ok, summary.failed) == (19, 1)


def test_existing_output_needs_resume_or_force(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("precious\n", encoding="utf-8")
    with pytest.raises(OutputError, match="--resume"):
        run_batch(items_of(2), echo_worker, output)
    assert output.read_text(encoding="utf-8") == "precious\n"
    run_batch(items_of(2), echo_worker, output, force=True)
    assert set(by_id(output)) == {"doc-00", "doc-01"}


def test_resume_refuses_a_file_that_is_not_a_batch(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("precious\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not a factsum batch record"):
        run_batch(items_of(2), echo_worker, output, resume=True)
    assert output.read_text(encoding="utf-8") == "precious\n"


def test_missing_output_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        run_batch(items_of(1), echo_worker, tmp_path / "no" / "out.jsonl")


def test_resume_skips_done_and_retries_failed(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    flaky = {"doc-02", "doc-05"}
    calls: list[str] = []

    def worker(item: BatchItem) -> dict[str, Any]:
        calls.append(item.id)
        if item.id in flaky:
            raise BinaryInputError(f"{item.id} looks binary")
        return {"n": item.id}

    first = run_batch(items_of(8), worker, output)
    assert (first.ok, first.failed) == (6, 2)
    flaky.clear()
    calls.clear()
    second = run_batch(items_of(8), worker, output, resume=True)
    assert sorted(calls) == ["doc-02", "doc-05"]
    assert (second.ok, second.failed, second.skipped) == (2, 0, 6)
    records = by_id(output)  # asserts no duplicates
    assert len(records) == 8 and all(r["status"] == "ok" for r in records.values())
    calls.clear()
    third = run_batch(items_of(8), worker, output, resume=True)
    assert calls == [] and third.skipped == 8 and len(lines(output)) == 8


def test_resume_repairs_a_truncated_last_line(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    run_batch(items_of(3), echo_worker, output)
    with output.open("ab") as handle:  # what a crash in the middle of a write would leave
        handle.write(b'{"id": "doc-03", "status": "ok", "resu')
    assert not output.read_bytes().endswith(b"\n")
    summary = run_batch(items_of(5), echo_worker, output, resume=True)
    assert summary.skipped == 3 and summary.ok == 2
    assert set(by_id(output)) == {f"doc-{i:02d}" for i in range(5)}


def test_resume_without_an_existing_file_starts_fresh(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    summary = run_batch(items_of(2), echo_worker, output, resume=True)
    assert summary.ok == 2 and len(lines(output)) == 2


def test_interrupt_in_process_leaves_a_valid_file(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"

    def worker(item: BatchItem) -> dict[str, Any]:
        if item.id == "doc-04":
            raise KeyboardInterrupt
        return {"n": item.id}

    with pytest.raises(BatchInterrupted) as caught:
        run_batch(items_of(10), worker, output)
    assert caught.value.summary.interrupted and caught.value.summary.ok == 4
    assert set(by_id(output)) == {f"doc-{i:02d}" for i in range(4)}
    run_batch(items_of(10), echo_worker, output, resume=True)
    assert len(by_id(output)) == 10


# --------------------------------------------------------------------------- killed runs


@pytest.mark.parametrize(
    ("sig", "concurrency"),
    [
        pytest.param(signal.SIGKILL, 1, id="sigkill-serial"),
        pytest.param(signal.SIGKILL, 3, id="sigkill-threads"),
        pytest.param(signal.SIGINT, 1, id="sigint-serial"),
        pytest.param(signal.SIGINT, 3, id="sigint-threads"),
    ],
)
def test_killed_batch_resumes_to_exactly_one_line_per_id(
    tmp_path: Path, sig: signal.Signals, concurrency: int
) -> None:
    output, count = tmp_path / "out.jsonl", 30  # ~10 documents/s whatever the concurrency: ~3 s in all
    child = subprocess.Popen(
        [sys.executable, str(HELPER), str(output), str(count), str(0.1 * concurrency), str(concurrency)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # ~1 s of work after the first document is on disk
            if output.exists() and output.stat().st_size > 0:
                break
            assert child.poll() is None, child.communicate()
            time.sleep(0.02)
        time.sleep(1.0)
        child.send_signal(sig)
        stdout, stderr = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if sig == signal.SIGKILL:
        assert child.returncode == -signal.SIGKILL
    else:
        assert child.returncode == 130, stderr
        assert json.loads(stdout)["interrupted"] is True
    partial = by_id(output)  # every line parses, no duplicates
    assert 0 < len(partial) < count
    assert all(r["status"] == "ok" for r in partial.values())

    def worker(item: BatchItem) -> dict[str, Any]:
        return {"length": len(item.text or ""), "echo": item.text}

    items = [BatchItem(f"doc-{i:02d}", None, f"text {i}") for i in range(count)]
    summary = run_batch(items, worker, output, resume=True, concurrency=concurrency)
    assert summary.skipped == len(partial) and summary.ok == count - len(partial)
    final = by_id(output)
    assert set(final) == {f"doc-{i:02d}" for i in range(count)}
    assert len(lines(output)) == count


def test_thread_local_gives_one_value_per_thread() -> None:
    from factsum.batch import thread_local

    made: list[int] = []

    def factory() -> int:
        made.append(1)
        return len(made)

    get = thread_local(factory)
    assert get() == get() == 1
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.extend([get(), get()]))
    thread.start()
    thread.join()
    assert seen == [2, 2] and get() == 1


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        (["http://host/a?id=5"], False),  # a query string is not a glob
        (["https://host/news/[live]*"], False),
        (["-"], False),
        (["story.txt"], False),
        (["docs.JSONL"], True),  # the suffix in any case
        (["docs.jsonl"], True),
        (["*.txt"], True),
        (["a.txt", "b.txt"], True),
    ],
)
def test_is_batch_knows_urls_and_suffix_case(specs: list[str], expected: bool) -> None:
    from factsum.documents import is_batch

    assert is_batch(specs) is expected


def test_is_batch_directory_and_existing_file_with_glob_characters(tmp_path: Path) -> None:
    from factsum.documents import is_batch

    odd = tmp_path / "report[1].txt"
    odd.write_text(ARTICLE, encoding="utf-8")
    assert is_batch([str(tmp_path)]) is True
    assert is_batch([str(odd)]) is False


# --------------------------------------------------------------------------- write errors


def fill_disk_after(monkeypatch: pytest.MonkeyPatch, output: Path, whole_lines: int) -> None:
    """os.write to ``output`` takes ``whole_lines`` lines, then half a line, then ENOSPC."""
    import errno
    import os

    real_write = os.write
    calls = {"n": 0}

    def write(fd: int, data: Any) -> int:
        if os.path.realpath(f"/proc/self/fd/{fd}") != str(output.resolve()):
            return real_write(fd, data)
        calls["n"] += 1
        if calls["n"] <= whole_lines:
            return real_write(fd, data)
        if calls["n"] == whole_lines + 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # a short write: the disk fills
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell the output's fd")
@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_full_disk_stops_the_batch_with_an_output_error_and_a_valid_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    """Issue 11, case 4: the half-written line is cut off; the run ends with exit 50."""
    output = tmp_path / "out.jsonl"
    fill_disk_after(monkeypatch, output, whole_lines=2)
    with pytest.raises(OutputError) as excinfo:
        run_batch(
            items_of(6),
            make_worker(lambda article: Usage(calls=len(article.text))),
            output,
            concurrency=concurrency,
        )
    monkeypatch.undo()
    assert excinfo.value.exit_code == 50
    message = str(excinfo.value)
    assert "No space left on device" in message and "--resume" in message and "\n" not in message
    records = lines(output)  # valid JSONL, ending with a complete line
    assert len(records) == 2 and all(r["status"] == "ok" for r in records)
    # and --resume finishes it
    summary = run_batch(
        items_of(6), make_worker(lambda article: Usage(calls=len(article.text))), output, resume=True
    )
    assert (summary.skipped, summary.ok) == (2, 4) and len(by_id(output)) == 6


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell the output's fd")
def test_a_full_disk_in_a_cli_batch_is_exit_50_without_a_traceback(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsum.cli import main

    output = tmp_path / "out.jsonl"
    fill_disk_after(monkeypatch, output, whole_lines=1)
    with pytest.raises(SystemExit) as excinfo:
        main(["summarize", str(corpus), "-o", str(output)])  # the extractive default: no model
    monkeypatch.undo()
    stderr = capsys.readouterr().err
    assert excinfo.value.code == 50, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith(f"factsum: error: cannot write {output}: No space left")
    assert len(lines(output)) == 1


# --------------------------------------------------------------------------- a server that is down


@pytest.mark.parametrize("concurrency", [1, 2])
def test_documents_in_a_row_that_cannot_reach_the_server_stop_the_batch(
    tmp_path: Path, concurrency: int
) -> None:
    """Issue 11, case 8: three unreachable in a row stop it; --resume then continues."""
    from factsum.errors import ProviderUnreachableError

    calls: list[str] = []
    down = {"yes": True}

    def worker(item: BatchItem) -> dict[str, Any]:
        calls.append(item.id)
        if item.id == "doc-00":
            return {"ok": True}
        if item.id == "doc-01":
            raise InputError("a bad document resets nothing but itself")
        if down["yes"]:
            raise ProviderUnreachableError("cannot reach http://127.0.0.1:9/v1 after 4 attempts")
        return {"ok": True}

    output = tmp_path / "out.jsonl"
    with pytest.raises(ProviderUnreachableError) as excinfo:
        run_batch(items_of(20), worker, output, concurrency=concurrency)
    message = str(excinfo.value)
    assert "3 documents in a row" in message and "--resume" in message
    assert len(calls) <= 3 + 2 + concurrency  # not 20 documents of retries
    records = lines(output)
    # a second thread's document may finish while the first reaches three
    assert 3 <= sum(r.get("exit_code") == 41 for r in records) <= 3 + concurrency - 1
    down["yes"] = False
    summary = run_batch(items_of(20), worker, output, resume=True)
    assert summary.skipped == 1 and summary.ok == 18 and len(by_id(output)) == 20


def test_unreachable_documents_that_are_not_in_a_row_do_not_stop_it(tmp_path: Path) -> None:
    from factsum.errors import ProviderUnreachableError

    def worker(item: BatchItem) -> dict[str, Any]:
        if int(item.id[-2:]) % 3:
            raise ProviderUnreachableError("flaky")
        return {"ok": True}

    summary = run_batch(items_of(9), worker, tmp_path / "out.jsonl")
    assert (summary.ok, summary.failed) == (3, 6)


def test_concurrency_below_one_is_a_callers_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run_batch(items_of(1), echo_worker, tmp_path / "out.jsonl", concurrency=0)
