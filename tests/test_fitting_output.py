"""Output that fits: at COLUMNS=80 tables wrap and never cut a name; piped output is TSV."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.support.cli_exit import exit_code as _cli
from tests.support.fake_model import answer_from_schema
from tests.support.paths import KIM_PATH, SEEDS

from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.llm.providers.weights import EMBEDDED_MODELS
from factsum.prompts import available_prompts

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile(r"[│┃┏┓┗┛┡┩└┘┌┐├┤┬┴┼╇╈╋━─┳┻╀╁═]")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """stdout is an 80-column terminal (rich honours FORCE_COLOR and COLUMNS)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FACTSUM_LOG", "0")


def _lines(out: str) -> list[str]:
    return [ANSI.sub("", line) for line in out.splitlines()]


def _assert_fits_and_whole(out: str, names: list[str]) -> None:
    lines = _lines(out)
    shown = [line for line in lines if not line.startswith("/")]  # the eval's result paths follow
    assert all(len(line) <= 80 for line in shown), max(shown, key=len)
    assert "…" not in out
    for name in names:  # each name you may type is whole on one line
        assert any(name in line for line in lines), name


def test_models_at_80_columns(terminal: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["models"]) == 0
    out = capsys.readouterr().out
    _assert_fits_and_whole(out, [f"local:{name}" for name in EMBEDDED_MODELS] + ["rules-only"])
    words = {w for line in _lines(out) for w in BOX.sub(" ", line).split()}
    assert {"Q4_K_M", "(Ollama,", "vLLM,"} <= words  # the description wraps at words instead


def test_prompts_at_80_columns(terminal: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["prompts"]) == 0
    out = capsys.readouterr().out
    prompts = available_prompts()
    _assert_fits_and_whole(out, [p.name for p in prompts] + [p.id for p in prompts])
    words = {w for line in _lines(out) for w in BOX.sub(" ", line).split()}
    for prompt in prompts:  # descriptions wrap at words: no word that fits the column is split
        assert {w for w in prompt.spec.description.split() if len(w) <= 12} <= words, prompt.name


def test_models_and_prompts_are_tsv_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["models"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "model\tprovider\tdescription\tstatus"
    assert all(len(line.split("\t")) == 4 for line in lines)
    assert "local:qwen2.5-coder-1.5b" in [line.split("\t")[0] for line in lines]
    assert _cli(["prompts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["name", "id", "task", "strategy", "description"]
    assert len(lines) == 1 + len(available_prompts())


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def client(settings: Any) -> Any:
        return open_fake(FakeChat().enqueue(*[answer_from_schema] * 200))

    monkeypatch.setattr("factsum.api.open_client", client)
    monkeypatch.setattr("factsum.llm.registry.open_client", client)


def test_extract_table_wraps_values_at_80_columns(
    terminal: None, fake_model: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(["extract", str(KIM_PATH), "--format", "table", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert _cli(["extract", str(KIM_PATH), "--quiet"]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    quotes = [q["text"] for q in facts["quotes"]]
    assert quotes and max(len(q) for q in quotes) > 80  # a value wider than the terminal
    _assert_fits_and_whole(out, list(facts))
    words = {w for line in _lines(out) for w in BOX.sub(" ", line).split()}
    for quote in quotes:
        assert set(quote.split()) <= words  # wrapped at spaces, never cut mid-word


def test_extract_table_to_a_file_writes_the_file_only(
    fake_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "facts.txt"
    assert _cli(["extract", str(KIM_PATH), "--format", "table", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    table = target.read_text(encoding="utf-8")
    assert "Grounded facts" in table and "people" in table and "dropped" in table
    assert "\x1b[" not in table  # no colour codes in a file


def test_eval_table_at_80_columns_keeps_prompt_and_model_names_whole(
    terminal: None, fake_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_set = tmp_path / "set"
    eval_set.mkdir()
    for name in ("kim-beijing-parade.txt", "kim-beijing-parade.labels.json"):
        shutil.copy(SEEDS / name, eval_set / name)
    models = ["local:qwen2.5-coder-0.5b", "local:qwen2.5-coder-1.5b"]  # alike for 13 characters
    argv = ["eval", str(eval_set), "--prompt", "extract-focused", "--prompt", "extract-focused-turns",
            "--no-comparators", "--output-dir", str(tmp_path / "out")]  # fmt: skip
    for model in models:
        argv += ["--model", model]
    assert _cli(argv) == 0
    out = capsys.readouterr().out
    _assert_fits_and_whole(out, [*models, "extract-focused-turns"])
    lines = _lines(out)
    assert sum("local:qwen2.5-coder-0.5b" in line for line in lines) >= 2  # each part repeats the names
    assert "entities.f1" in out and "cost" in out  # every column is shown, in one of the parts


def test_render_table_layouts_never_cut_a_key() -> None:
    import io

    from rich.console import Console

    from factsum.terminal import Column, render_table

    columns = [Column("name", "key"), Column("note"), *[Column(f"metric{i}", "fixed") for i in range(12)]]
    rows = [["a-rather-long-prompt-name", "some words to wrap", *["0.123"] * 12]]

    def shown(width: int, cols: list[Column], cells: list[list[str]]) -> tuple[int, str]:
        console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system=None)
        parts = render_table(console, "t", cols, cells)
        for part in parts:
            console.print(part)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert "…" not in text and all(len(line) <= width for line in text.splitlines())
        assert any("a-rather-long-prompt-name" in line for line in text.splitlines())
        return len(parts), text

    assert shown(200, columns, rows)[0] == 1  # fits: one table
    count, text = shown(60, columns[:6], [rows[0][:6]])  # a little too wide: parts repeat the key
    assert count == 2 and text.count("a-rather-long-prompt-name") == 2 and "(2/2)" in text
    _, text = shown(60, columns, rows)  # far too wide: one block per row, every pair whole
    assert all(f"metric{i} 0.123" in text for i in range(12))


def test_eval_lists_failed_documents_with_their_reasons(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTSUM_LOG", "0")
    monkeypatch.setattr(
        "factsum.llm.registry.open_client", lambda s: open_fake(FakeChat().enqueue(*["not JSON"] * 50))
    )
    eval_set = tmp_path / "set"
    eval_set.mkdir()
    for name in ("kim-beijing-parade.txt", "kim-beijing-parade.labels.json"):
        shutil.copy(SEEDS / name, eval_set / name)
    argv = ["eval", str(eval_set), "--prompt", "extract-focused", "--model", "openai:gpt-4o-mini",
            "--no-comparators", "--output-dir", str(tmp_path / "out")]  # fmt: skip
    assert _cli(argv) == 0
    err = capsys.readouterr().err
    assert "extract-focused × openai:gpt-4o-mini: 1 failed" in err
    assert "  kim-beijing-parade: fake:scripted gave no reply valid for EntityTypes after 2 re-asks" in err


def test_logs_at_80_columns_keep_run_ids_models_and_times_whole(
    terminal: None, fake_model: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("FACTSUM_LOG", "1")
    monkeypatch.setenv("FACTSUM_LOG_PATH", str(tmp_path / "logs.db"))
    assert _cli(["extract", str(KIM_PATH), "--quiet"]) == 0
    capsys.readouterr()
    assert _cli(["logs"]) == 0
    out = capsys.readouterr().out
    from factsum.logs import list_runs

    (run,) = list_runs(tmp_path / "logs.db")
    # "started" holds a space: rich measures such a no-wrap cell by its longest word, and cut it
    _assert_fits_and_whole(out, [run.id, "fake:scripted", run.started_at[:19].replace("T", " ")])
