"""The call log: one entry per model call (re-asks too), at the client seam, for CLI and library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.support.cli_exit import exit_code as _cli
from tests.support.fake_model import answer_from_schema
from tests.support.loopback import LoopbackServer

from factsum import observe
from factsum.config import Settings
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.logs import CallLog, list_runs, read_run, redact_args
from factsum.prompts import load_prompt

ARTICLE = "OSLO: \u201cThe plan is alive,\u201d said Anna Berg, the mayor of Oslo, on 3 March 2024.\n"


@pytest.fixture
def log_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "logs.db"
    monkeypatch.setenv("FACTSUM_LOG_PATH", str(path))
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> FakeChat:
    """The CLI on the scripted fake model: the first reply is not JSON, so instructor re-asks."""
    chat = FakeChat().enqueue("this is not JSON", *[answer_from_schema] * 6)
    monkeypatch.setattr("factsum.api.open_client", lambda settings: open_fake(chat))
    return chat


def test_extract_logs_one_entry_per_call_and_the_tokens_of_the_stamp(
    log_path: Path, article: Path, scripted: FakeChat, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(["extract", str(article)]) == 0
    stamp = json.loads(capsys.readouterr().out)["run"]
    assert stamp["usage"]["reasks"] == 1

    assert _cli(["logs", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert len(runs) == 1 and runs[0]["command"] == "extract"
    assert _cli(["logs", runs[0]["id"], "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]

    assert len(entries) == len(scripted.history) == stamp["usage"]["calls"]
    assert sum(e["prompt_tokens"] for e in entries) == stamp["usage"]["prompt_tokens"]
    assert sum(e["completion_tokens"] for e in entries) == stamp["usage"]["completion_tokens"]
    first, reask = entries[0], entries[1]
    assert (first["step"], first["attempt"], first["response"]) == ("entities", 1, "this is not JSON")
    assert (reask["step"], reask["attempt"]) == ("entities", 2)  # the re-ask is its own call
    assert len(reask["messages"]) > len(first["messages"])  # instructor's correction turn is logged
    prompt = load_prompt("extract-focused", task="extract")
    assert {(e["prompt_name"], e["prompt_id"]) for e in entries} == {(prompt.name, prompt.id)}
    assert [e["step"] for e in entries[2:]] == ["roles"]
    assert all(e["cost"] is None for e in entries)  # a fake model has no known price
    assert all(e["latency"] >= 0 for e in entries)
    # each entry is what was sent at that call (instructor appends to the same list afterwards)
    assert entries[0]["messages"][-1]["content"].startswith("Article:\nOSLO:")
    assert reask["messages"][-1]["content"].startswith("Correct your JSON")


def test_logs_lists_runs_newest_first_and_shows_one_call_by_call(
    log_path: Path, article: Path, scripted: FakeChat, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(["extract", str(article)]) == 0
    scripted.enqueue(*[answer_from_schema] * 3)
    assert _cli(["extract", str(article), "--prompt", "extract-focused-turns"]) == 0
    capsys.readouterr()
    assert _cli(["logs", "-n", "1", "--json"]) == 0
    (newest,) = json.loads(capsys.readouterr().out)
    assert newest["calls"] == 2 and newest["reasks"] == 0  # the second run: entities + roles, no re-ask

    assert _cli(["logs"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0].split("\t")[:3] == ["run", "started", "command"]  # TSV when piped
    assert len(listing.splitlines()) == 3

    newer, older = (run["id"] for run in json.loads(_json(["logs", "--json"], capsys)))
    # a unique prefix is enough: the shortest one (two runs in one second share the timestamp)
    prefix = next(older[:n] for n in range(len(older) + 1) if not newer.startswith(older[:n]))
    assert _cli(["logs", prefix]) == 0
    shown = capsys.readouterr().out
    assert "## call 1: typing names · prompt extract-focused@" in shown
    assert "## call 2: typing names · re-ask 1" in shown
    assert "[response]\nthis is not JSON" in shown


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert _cli(argv) == 0
    return capsys.readouterr().out


def test_no_log_flag_and_setting_turn_it_off(
    log_path: Path,
    article: Path,
    scripted: FakeChat,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _cli(["extract", str(article), "--no-log"]) == 0
    assert not log_path.exists()
    scripted.enqueue(*[answer_from_schema] * 3)
    monkeypatch.setenv("FACTSUM_LOG", "0")
    assert _cli(["extract", str(article)]) == 0
    assert not log_path.exists()
    capsys.readouterr()
    assert _cli(["logs"]) == 70  # LogError: nothing logged yet
    assert "no call log at" in capsys.readouterr().err


def test_unknown_run_is_a_one_line_error(
    log_path: Path, article: Path, scripted: FakeChat, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(["extract", str(article)]) == 0
    capsys.readouterr()
    assert _cli(["logs", "19990101"]) == 70
    assert "no run '19990101'" in capsys.readouterr().err


def test_api_keys_are_never_logged(
    log_path: Path, article: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script(server.ok("Anna Berg, the mayor of Oslo, said the plan is alive."))
    argv = ["summarize", str(article), "--prompt", "summary-facts", "--model", "openai:gpt-4o-mini",
            "--base-url", server.base_url, "--api-key", "sk-very-secret-1234"]  # fmt: skip
    assert _cli(argv) == 0
    assert server.requests[0].headers["authorization"] == "Bearer sk-very-secret-1234"  # it was sent...
    raw = b"".join(p.read_bytes() for p in log_path.parent.glob("logs.db*"))
    assert b"sk-very-secret" not in raw  # ...and never written
    (run,) = list_runs(log_path)
    assert "--api-key" in run.args and "***" in run.args
    _, (call,) = read_run(log_path, run.id)
    assert call.step == "summary" and call.response is not None and "Anna Berg" in call.response
    assert (call.prompt_tokens, call.completion_tokens) == (7, 3)
    assert call.cost is None  # gpt-4o-mini on another server: not OpenAI's price


def test_redact_args() -> None:
    assert redact_args(["extract", "--api-key", "k1", "--api-key=k2", "x"]) == [
        "extract", "--api-key", "***", "--api-key=***", "x",
    ]  # fmt: skip


def _call(model: str, **extra: Any) -> observe.ModelCall:
    return observe.ModelCall(
        model=model, step=observe.Step("roles", "p", "abc"), messages=[{"role": "user", "content": "hi"}],
        response="{}", prompt_tokens=1_000_000, completion_tokens=1_000_000, attempt=1, latency=0.5,
        started_at=1_700_000_000.0, **extra,
    )  # fmt: skip


def test_cost_is_zero_for_local_priced_for_known_openai_models_else_unknown(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    log = CallLog(path, command="test")
    for model in ("local:qwen2.5-coder-1.5b", "openai:gpt-4o-mini", "openai:llama3.1", "fake:scripted"):
        log.call(_call(model))
    log.close()
    _, calls = read_run(path, log.run_id)
    assert [c.cost for c in calls] == [0.0, pytest.approx(0.75), None, None]
    (run,) = list_runs(path)
    assert run.cost is None and run.calls == 4  # one unknown price makes the run's cost unknown


def test_library_calls_are_logged_as_their_own_run(tmp_path: Path) -> None:
    import factsum

    path = tmp_path / "lib.db"
    chat = FakeChat().enqueue(*[answer_from_schema] * 3)
    result = factsum.extract(ARTICLE, settings=Settings(log_path=path), client=open_fake(chat))
    (run,) = list_runs(path)
    assert run.command == "library.extract"
    assert run.calls == result.run.usage.calls == len(chat.history)
    assert run.prompt_tokens == result.run.usage.prompt_tokens
    factsum.extract(ARTICLE, settings=Settings(log_path=path, log=False), client=open_fake(chat.enqueue(
        *[answer_from_schema] * 3)))  # fmt: skip
    assert len(list_runs(path)) == 1


def test_a_log_that_cannot_be_written_never_fails_the_run(
    tmp_path: Path, article: Path, scripted: FakeChat, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FACTSUM_LOG_PATH", str(blocker / "logs.db"))  # a directory that is a file
    assert _cli(["extract", str(article)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["facts"]["people"]
    assert "warning: the call log" in captured.err and "--no-log" in captured.err


def test_a_file_that_is_not_a_log_is_a_log_error(tmp_path: Path) -> None:
    from factsum.errors import LogError

    path = tmp_path / "logs.db"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(LogError, match="not a factsum call log"):
        list_runs(path)
    sqlite3.connect(tmp_path / "other.db").execute("PRAGMA user_version = 9").connection.close()
    with pytest.raises(LogError, match="schema 9"):
        list_runs(tmp_path / "other.db")


def test_a_threaded_batch_logs_every_worker_call_in_one_run(
    log_path: Path, tmp_path: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = []
    for index in range(4):
        path = tmp_path / f"doc{index}.txt"
        path.write_text(ARTICLE, encoding="utf-8")
        inputs.append(str(path))
    server.script(*[server.ok("Anna Berg said the plan is alive.") for _ in inputs])
    argv = ["summarize", *inputs, "-o", str(tmp_path / "out.jsonl"), "--prompt", "summary-facts",
            "--model", "openai:m", "--base-url", server.base_url, "--concurrency", "2",
            "--quiet"]  # fmt: skip
    assert _cli(argv) == 0
    (run,) = list_runs(log_path)  # worker threads run in a copy of the command's context
    _, calls = read_run(log_path, run.id)
    assert (run.command, run.calls) == ("summarize", 4)
    assert [c.seq for c in calls] == [1, 2, 3, 4]
    assert {c.step for c in calls} == {"summary"}
    assert capsys.readouterr().err.startswith("4 ok, 0 failed")  # --quiet: no bar, the summary only
