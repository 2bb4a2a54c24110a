"""The CLI's JSON on the 16 seeds with the schema-driven fake model, pinned byte for byte.

A refactor that changes no behaviour leaves these bytes alone. Only ``run.seconds`` (wall
time) is normalised. To re-pin after an intended change: ``PIN_GOLDEN=1 pytest
tests/test_seed_golden.py``, then review the diff of ``tests/fixtures/golden`` like code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_model import answer_from_schema
from tests.support.paths import ROOT, SEEDS

import factsum.api
from factsum.cli import main
from factsum.llm.providers.fake import FakeChat, open_fake

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
COMMANDS = {
    "extract": ["extract"],
    "summary-extract": ["summarize", "--format", "json"],
    "summary-facts": ["summarize", "--format", "json", "--prompt", "summary-facts"],
}
_SECONDS = re.compile(r'"seconds": [0-9.e+-]+')


def _answer(kwargs: dict[str, Any]) -> dict[str, Any] | str:
    """The schema-driven reply for structured steps; a fixed sentence for free-text ones."""
    if "response_format" in kwargs:
        return answer_from_schema(kwargs)
    return "Officials met on Monday and agreed a plan."


def _run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.chdir(ROOT)  # inputs named as a user in the checkout would name them
    chat = FakeChat().enqueue(*[_answer] * 200)
    monkeypatch.setattr(factsum.api, "open_client", lambda settings: open_fake(chat))
    with pytest.raises(SystemExit) as stop:
        main([*args, "--no-log", "--quiet"])
    captured = capsys.readouterr()
    assert stop.value.code == 0, captured.err
    return _SECONDS.sub('"seconds": 0.0', captured.out)


def test_sixteen_seeds() -> None:
    assert len(SEED_FILES) == 16


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_cli_json_is_pinned(
    seed: Path, command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run_cli([*COMMANDS[command], str(seed.relative_to(SEEDS.parent))], monkeypatch, capsys)
    pinned = GOLDEN / f"{seed.stem}.{command}.json"
    if os.environ.get("PIN_GOLDEN") == "1":
        pinned.parent.mkdir(parents=True, exist_ok=True)
        pinned.write_text(out, encoding="utf-8")
    assert out == pinned.read_text(encoding="utf-8")


def test_batch_lines_equal_the_single_document_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One execution path: each batch line's result is what ``extract FILE`` prints for that file."""
    output = tmp_path / "seeds.jsonl"
    _run_cli(["extract", "seeds", "-o", str(output)], monkeypatch, capsys)
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == [p.stem for p in SEED_FILES]
    for line in lines:
        assert line["status"] == "ok", line
        line["result"]["run"]["seconds"] = 0.0
        pinned = json.loads((GOLDEN / f"{line['id']}.extract.json").read_text(encoding="utf-8"))
        assert line["result"] == pinned, line["id"]
