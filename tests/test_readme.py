"""README truth: the library example runs as written; the set-up steps say what happens."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_model import answer_from_schema
from tests.support.paths import KIM_PATH, ROOT

from factsum.llm.providers.fake import FakeChat, open_fake

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def test_the_library_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsum.llm.registry import RULES_ONLY, open_client

    block = re.search(r"As a library:\n\n```python\n(.*?)```", README, re.S)
    assert block is not None
    chat = FakeChat().enqueue(*[answer_from_schema] * 10)

    def client(settings: Any) -> Any:  # the fake model where a model would run; no-model prompts as shipped
        return open_client(settings) if settings.model == RULES_ONLY else open_fake(chat)

    monkeypatch.setattr("factsum.api.open_client", client)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(KIM_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    exec(compile(block.group(1), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert chat.history  # the extract call did reach the (fake) model
    assert any("Kim Jong Un" in line and "status=<MatchStatus.EXACT: 'exact'>" in line for line in lines)
    assert any(re.search(r"\[\(\d+, \d+\)\]$", line) for line in lines)  # a summary sentence and its span


def test_quick_start_names_chromium_for_the_browser_tests() -> None:
    quick = _section("Quick start")
    assert "chromium" in quick and "apt-get install chromium" in quick
    assert "browser tests" in quick


def _fake_python(tmp_path: Path, cache_listing: str) -> Path:
    """A stand-in for the venv's python whose ``-m pip cache list`` prints ``cache_listing``."""
    script = tmp_path / "python"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{cache_listing}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        (" - llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl (24.4 MB)", "from the pip cache (no compile)"),
        ("No locally built wheels cached.", "pip compiles it (about 4 minutes"),
    ],
)
def test_the_install_message_says_whether_llama_cpp_compiles(
    tmp_path: Path, listing: str, expected: str
) -> None:
    fake = _fake_python(tmp_path, listing)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    proc = subprocess.run(["make", "-s", "--no-print-directory", "install-note", f"PY={fake}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert expected in proc.stdout
    assert "~4 minutes" not in proc.stdout  # the old unconditional claim is gone
