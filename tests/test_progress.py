"""Step progress for one document: drawn on a terminal (a pseudo-terminal here), never on a pipe."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.support.paths import ROOT

ARTICLE = "OSLO: \u201cThe plan is alive,\u201d said Anna Berg, the mayor of Oslo, on 3 March 2024.\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTSUM_", "OPENAI_", "FORCE_", "TTY_"))}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),  # factsum, tests.support
               FACTSUM_LOG_PATH=str(tmp_path / "logs.db"))  # fmt: skip
    return env


def _run_with_stderr_on_a_pty(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run the fake-model CLI with stderr on a pseudo-terminal; returns (code, stdout, terminal text)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "support" / "fake_cli.py"), *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stdout, _ = proc.communicate(timeout=60)
    return proc.returncode, stdout.decode(), b"".join(chunks).decode("utf-8", "replace")


def test_extract_shows_each_step_on_a_terminal(article: Path, tmp_path: Path) -> None:
    code, stdout, terminal = _run_with_stderr_on_a_pty(["extract", str(article)], _env(tmp_path))
    assert code == 0, terminal
    assert '"facts"' in stdout  # the JSON still goes to stdout, whole
    text = ANSI.sub("", terminal)
    for label in ("reading", "typing names", "roles"):
        assert label in text, text
    assert re.search(r"0:00:0\d", text), text  # elapsed time
    assert re.search(r"\d+ calls? · \d+ tokens", text), text
    assert text.index("typing names") < text.index("roles")


def test_a_step_in_batches_shows_which_of_how_many(tmp_path: Path) -> None:
    """60 names are typed in two calls of at most 50 (focused.MAX_KEYS_PER_CALL): "2/2", not "2"."""
    firsts = ["Anna", "Tom", "Ola", "Kari", "Per", "Liv", "Nils", "Eva", "Jon", "Ida"]
    names = [f"{first} {last}" for first in firsts for last in ["Berg", "Lund", "Dahl", "Moe", "Haug", "Vik"]]
    article = tmp_path / "many.txt"
    article.write_text("OSLO: " + " ".join(f"{n} spoke on Monday." for n in names) + "\n", encoding="utf-8")
    code, _, terminal = _run_with_stderr_on_a_pty(["extract", str(article)], _env(tmp_path))
    assert code == 0, terminal
    text = ANSI.sub("", terminal)
    assert "typing names 1/2" in text and "typing names 2/2" in text, text
    assert text.index("typing names 1/2") < text.index("typing names 2/2")
    assert not re.search(r"typing names \d+(?!/)", text), text  # never a count without its total


def test_no_progress_when_stderr_is_a_pipe(article: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "support" / "fake_cli.py"), "extract", str(article)],
        env=_env(tmp_path), capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert '"facts"' in proc.stdout
    assert proc.stderr == ""


def test_quiet_silences_progress_on_a_terminal(article: Path, tmp_path: Path) -> None:
    code, stdout, terminal = _run_with_stderr_on_a_pty(["extract", str(article), "--quiet"], _env(tmp_path))
    assert code == 0, terminal
    assert '"facts"' in stdout
    assert ANSI.sub("", terminal).strip() == ""


def _settings_seen(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> Any:
    """The settings the CLI opened its model with."""
    from factsum.cli import main

    seen: list[Any] = []

    def refuse(settings: Any) -> Any:
        seen.append(settings)
        raise SystemExit(0)

    monkeypatch.setattr("factsum.api.open_client", refuse)
    with pytest.raises(SystemExit):
        main(argv)
    return seen[0]


def test_threads_from_flag_environment_and_config(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _settings_seen(monkeypatch, ["extract", str(article)]).n_threads is None  # one per core
    config = tmp_path / "config.toml"
    config.write_text("n_threads = 4\n", encoding="utf-8")
    monkeypatch.setenv("FACTSUM_CONFIG", str(config))
    assert _settings_seen(monkeypatch, ["extract", str(article)]).n_threads == 4
    monkeypatch.setenv("FACTSUM_N_THREADS", "2")
    assert _settings_seen(monkeypatch, ["extract", str(article)]).n_threads == 2
    assert _settings_seen(monkeypatch, ["summarize", str(article), "--prompt", "summary-facts",
                                        "--threads", "1"]).n_threads == 1  # fmt: skip
