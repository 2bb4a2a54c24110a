from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.support.cli_exit import exit_code as _cli
from tests.support.loopback import LoopbackServer
from tests.support.paths import ROOT

from factsum.schemas import ExtractionResult

ARTICLE = "OSLO: \u201cThe plan is alive,\u201d said Anna Berg, the mayor of Oslo, on 3 March 2024.\n"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FACTSUM_", "OPENAI_"))}
    home = tmp_path / "home"
    home.mkdir()
    clean.update(HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
                 XDG_DATA_HOME=str(home / "data"))  # fmt: skip
    # src first: a worktree's subprocesses must run its code, not the installed checkout's
    clean["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return clean


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def factsum(env: dict[str, str], *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factsum", *args],
        env={**env, **extra_env}, capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("factsum: error: ")
    return lines[0]


REMOTE = ("--model", "openai:x", "--api-key", "k")


def test_empty_input(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    line = assert_one_line_error(factsum(env, "extract", str(empty), FACTSUM_MODEL="openai:x"), 12)
    assert "empty" in line


def test_missing_input(env: dict[str, str], tmp_path: Path) -> None:
    assert_one_line_error(factsum(env, "extract", str(tmp_path / "nope.txt"), FACTSUM_MODEL="openai:x"), 11)


def test_binary_input(env: dict[str, str], tmp_path: Path) -> None:
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02abc")
    assert_one_line_error(factsum(env, "extract", str(binary), FACTSUM_MODEL="openai:x"), 13)


def test_bad_schema(env: dict[str, str], article: Path, closed_port: int) -> None:
    proc = factsum(env, "extract", str(article), *REMOTE, "--base-url", f"http://127.0.0.1:{closed_port}/v1",
                   "--schema", "no_such_module_xyz:Thing")  # fmt: skip
    assert "no_such_module_xyz" in assert_one_line_error(proc, 21)


def test_unknown_prompt(env: dict[str, str], article: Path, closed_port: int) -> None:
    proc = factsum(env, "extract", str(article), *REMOTE, "--base-url", f"http://127.0.0.1:{closed_port}/v1",
                   "--prompt", "no-such-prompt")  # fmt: skip
    assert "no-such-prompt" in assert_one_line_error(proc, 22)


def test_missing_api_key(env: dict[str, str], article: Path) -> None:
    proc = factsum(env, "extract", str(article), FACTSUM_MODEL="openai:gpt-4o-mini")
    assert "needs an API key" in assert_one_line_error(proc, 23)


def _refused(env: dict[str, str], article: Path, port: int) -> subprocess.CompletedProcess[str]:
    base_url = f"http://127.0.0.1:{port}/v1"
    args = ["extract", str(article), "--prompt", "extract-single", *REMOTE, "--base-url", base_url]
    return factsum(env, *args, FACTSUM_CONFIG=str(_fast_config(env)))


def test_refused_server(env: dict[str, str], article: Path, closed_port: int) -> None:
    proc = _refused(env, article, closed_port)
    assert proc.returncode == 41, proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("factsum: error: cannot reach")
    assert "after 2 attempts" in last  # retries = 1 from the config file


def test_refused_server_single_line(env: dict[str, str], article: Path, closed_port: int) -> None:
    assert "cannot reach" in assert_one_line_error(_refused(env, article, closed_port), 41)


def _fast_config(env: dict[str, str]) -> Path:
    path = Path(env["HOME"]) / "fast.toml"
    path.write_text("retries = 1\nbackoff = 0.01\ntimeout = 5\n", encoding="utf-8")
    return path


def test_existing_output_without_force(env: dict[str, str], article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("keep me", encoding="utf-8")
    server = LoopbackServer()
    server.start()
    try:
        server.script(server.ok(json.dumps({"people": [{"name": "Anna Berg"}]})))
        proc = factsum(env, "extract", str(article), "--prompt", "extract-single", "--model", "openai:m",
                       "--base-url", server.base_url, "-o", str(out))  # fmt: skip
    finally:
        server.stop()
    assert "already exists" in assert_one_line_error(proc, 50)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_debug_shows_traceback(env: dict[str, str], tmp_path: Path) -> None:
    proc = factsum(env, "extract", str(tmp_path / "nope.txt"), FACTSUM_MODEL="openai:x", FACTSUM_DEBUG="1")
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    assert "InputNotFoundError" in proc.stderr


def test_extract_success_writes_valid_result(env: dict[str, str], article: Path, tmp_path: Path,
                                             server: LoopbackServer) -> None:  # fmt: skip
    reply: dict[str, Any] = {
        "people": [{"name": "Anna Berg", "role": "mayor of Oslo"}, {"name": "Olaf Moe"}],
        "locations": [{"name": "Oslo"}],
        "dates": [{"text": "3 March 2024", "iso": "2024-03-03"}],
        "quotes": [{"text": "The plan is alive,", "speaker": "Anna Berg"}],
    }
    server.script(server.ok(json.dumps(reply)))
    out = tmp_path / "out.json"
    proc = factsum(env, "extract", str(article), "--prompt", "extract-single", "--model", "openai:m",
                   "--base-url", server.base_url, "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stderr.replace("\n", "")
    result = ExtractionResult.model_validate_json(out.read_text(encoding="utf-8"))
    assert [p.name for p in result.facts.people] == ["Anna Berg"]
    assert result.dropped == {"people": 1}
    assert (result.run.model, result.run.prompt_name, result.run.usage.calls) == (
        "openai:m",
        "extract-single",
        1,
    )
    assert len(server.requests) == 1
    assert server.requests[0].body["model"] == "m"
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


def test_prompts_and_models_list(env: dict[str, str]) -> None:
    prompts = factsum(env, "prompts")
    assert prompts.returncode == 0, prompts.stderr
    for name in ("extract-focused", "extract-single", "summary-lead", "summary-plain"):
        assert name in prompts.stdout
    models = factsum(env, "models")
    assert models.returncode == 0, models.stderr
    assert "openai:MODEL" in models.stdout


def test_version(env: dict[str, str]) -> None:
    from factsum import __version__

    proc = factsum(env, "version")
    assert (proc.returncode, proc.stdout.strip()) == (0, __version__)


def test_batch_summarize_writes_one_line_per_document_and_one_failure(
    env: dict[str, str], tmp_path: Path, server: LoopbackServer
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_text(f"OSLO: Story {name} about the city council.\n", encoding="utf-8")
    (docs / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    server.script(*(server.ok("The council met.") for _ in range(3)))
    out = tmp_path / "out.jsonl"
    proc = factsum(env, "summarize", str(docs), "--model", "openai:m", "--base-url", server.base_url,
                   "--prompt", "summary-facts", "-o", str(out), "--concurrency", "2")  # fmt: skip
    assert proc.returncode == 5, proc.stderr  # finished, with one failed document
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    status = {line["id"]: line["status"] for line in lines}
    assert status == {"a": "ok", "b": "ok", "c": "ok", "broken": "failed"}
    failed = next(line for line in lines if line["status"] == "failed")
    assert failed["exit_code"] == 13
    assert len(server.requests) == 3
    # resume retries only the failure; fixing the file makes the batch complete
    (docs / "broken.txt").write_text("OSLO: Story d.\n", encoding="utf-8")
    server.script(server.ok("The council met again."))
    again = factsum(env, "summarize", str(docs), "--model", "openai:m", "--base-url", server.base_url,
                    "--prompt", "summary-facts", "-o", str(out), "--resume")  # fmt: skip
    assert again.returncode == 0, again.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == ["a", "b", "broken", "c"]
    assert all(line["status"] == "ok" for line in lines)
    assert len(server.requests) == 4


def test_batch_needs_an_output_file_and_refuses_concurrency_for_the_embedded_model(
    env: dict[str, str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x", encoding="utf-8")
    b.write_text("y", encoding="utf-8")
    proc = factsum(env, "summarize", str(a), str(b), *REMOTE)
    assert proc.returncode == 2 and "-o FILE.jsonl" in proc.stderr
    proc = factsum(env, "summarize", str(a), str(b), "-o", str(tmp_path / "o.jsonl"), "--concurrency", "2",
                   "--prompt", "summary-facts")  # fmt: skip
    assert proc.returncode == 2 and "needs a remote model" in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "--bogus"],
        ["extrct", "seeds/kim-beijing-parade.txt"],
        ["extract", "seeds/kim-beijing-parade.txt", "--format", "nope"],
        ["extract"],
        ["summarize", "seeds/kim-beijing-parade.txt", "--concurrency", "0"],
        ["eval", "--repeat", "zero"],
    ],
)
def test_a_command_line_mistake_is_one_line_and_exit_2(env: dict[str, str], argv: list[str]) -> None:
    proc = factsum(env, *argv)
    message = assert_one_line_error(proc, 2)
    assert "Traceback" not in proc.stderr and "--help" in message


def test_version_and_short_help(env: dict[str, str]) -> None:
    proc = factsum(env, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("factsum ")
    proc = factsum(env, "extract", "-h")
    assert proc.returncode == 0 and "factsum extract [OPTIONS]" in proc.stdout


@pytest.mark.parametrize(
    "command", [[], ["extract"], ["summarize"], ["eval"], ["logs"], ["eval-data", "build"]]
)
def test_help_shows_no_type_beside_a_flag(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert _cli([*command, "-h"]) == 0
    out = capsys.readouterr().out
    assert "--help" in out and "-h" in out
    assert "<bool>" not in out and "[default: False]" not in out, out
    if command:  # an option that takes a value still says what it takes
        assert re.search(r"<(?:str|int|path|int range|list\[str\]|list\[path\])>", out), out


def test_shell_completion_script_and_the_completions_it_asks_for(env: dict[str, str]) -> None:
    # as the console script runs: the program's name names the script and its variable
    as_console_script = "import sys; sys.argv[0] = 'factsum'; from factsum.cli import main; main()"

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", as_console_script, *args],
            env={**env, **extra}, capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip

    # typer's switch for naming the shell rather than detecting the one running the tests
    named = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = run("--show-completion", "bash", **named)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "complete -o default -F _factsum_completion factsum" in proc.stdout
    assert "_FACTSUM_COMPLETE=complete_bash" in proc.stdout
    proc = run("--show-completion", "zsh", **named)
    assert proc.returncode == 0 and proc.stdout.startswith("#compdef factsum"), proc.stderr

    # what the installed script runs on <TAB>: the variable makes factsum print completions
    proc = run(_FACTSUM_COMPLETE="complete_bash", COMP_WORDS="factsum eval --ht", COMP_CWORD="2")
    assert proc.returncode == 0 and proc.stdout.split() == ["--html"], proc.stderr
    assert "Traceback" not in proc.stderr


def test_prompts_show_prints_the_prompt_file(env: dict[str, str]) -> None:
    proc = factsum(env, "prompts", "show", "extract-focused")
    assert proc.returncode == 0 and 'name = "extract-focused"' in proc.stdout
    assert_one_line_error(factsum(env, "prompts", "show", "nope"), 22)


def test_output_problems_stop_a_single_run_before_the_model(env: dict[str, str], tmp_path: Path) -> None:
    existing = tmp_path / "facts.json"
    existing.write_text("{}", encoding="utf-8")
    for output in (existing, tmp_path / "missing" / "facts.json"):
        # --model names a server nobody runs: only an early check can answer before trying it
        proc = factsum(env, "extract", "seeds/kim-beijing-parade.txt", "--model", "openai:m",
                       "--base-url", "http://127.0.0.1:9", "-o", str(output))  # fmt: skip
        message = assert_one_line_error(proc, 50)
        assert ("already exists" in message) or ("does not exist" in message)


def test_a_url_with_a_query_string_is_one_article_not_a_batch(
    env: dict[str, str], tmp_path: Path, closed_port: int
) -> None:
    """Issue 11, case 2: '?' in a URL is not a glob; the single-article path fetches it."""
    url = f"http://127.0.0.1:{closed_port}/story?id=5"
    out = tmp_path / "out.json"
    proc = factsum(env, "extract", url, *REMOTE, "--base-url", f"http://127.0.0.1:{closed_port}/v1",
                   "-o", str(out))  # fmt: skip
    message = assert_one_line_error(proc, 15)  # the fetch fails: no batch, no -o JSONL demand
    assert url in message and not out.exists()


def test_an_upper_case_jsonl_input_is_a_batch(env: dict[str, str], tmp_path: Path) -> None:
    docs = tmp_path / "DOCS.JSONL"
    docs.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    proc = factsum(env, "summarize", str(docs))  # read as one article before the fix
    assert proc.returncode == 2 and "-o FILE.jsonl" in proc.stderr
    out = tmp_path / "out.jsonl"
    proc = factsum(env, "summarize", str(docs), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["id"], record["status"]) == ("a", "ok")


@pytest.mark.parametrize(
    ("file_name", "content", "spec"),
    [
        ("syntax_w11.py", "class Thing(:\n", "syntax_w11:Thing"),
        ("raising_w11.py", "import os\nos.environ['NO_SUCH_VARIABLE_W11']\n", "raising_w11:Thing"),
        ("enum.json", '{"type": "object", "properties": {"k": {"enum": []}}}', "enum.json"),
        ("defs.json", '{"type": "object", "$defs": [], "properties": {"k": {"type": "string"}}}',
         "defs.json"),
        ("req.json", '{"type": "object", "properties": {"buyer": {"type": "string"}}, "required": "buyer"}',
         "req.json"),
    ],
)  # fmt: skip
def test_a_broken_schema_is_one_line_and_exit_21(
    env: dict[str, str],
    article: Path,
    tmp_path: Path,
    closed_port: int,
    file_name: str,
    content: str,
    spec: str,
) -> None:
    """Issue 11, case 5: before, a traceback (exit 1), or for "required": "buyer" silence."""
    (tmp_path / file_name).write_text(content, encoding="utf-8")
    schema = str(tmp_path / spec) if spec.endswith(".json") else spec
    proc = factsum(env, "extract", str(article), *REMOTE, "--base-url", f"http://127.0.0.1:{closed_port}/v1",
                   "--schema", schema, "--prompt", "extract-single",
                   PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), str(tmp_path)]))  # fmt: skip
    assert "--schema" in assert_one_line_error(proc, 21)


# issue 11, case 8: a batch's start-up errors stop it before any document


@pytest.fixture
def two_docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b"):
        (docs / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    return docs


@pytest.mark.parametrize(
    ("argv", "code", "named"),
    [
        (["extract", "--prompt", "no-such-prompt", *REMOTE], 22, "no-such-prompt"),
        (["extract", "--schema", "no_such_module_xyz:Thing", *REMOTE], 21, "no_such_module_xyz"),
        (["extract", "--model", "local:no-such-model"], 24, "no-such-model"),
        # the prompt is checked before the client opens: the prompt, not the missing key, is named
        (["extract", "--prompt", "no-such-prompt", "--model", "openai:x"], 22, "no-such-prompt"),
        (["summarize", "--prompt", "summary-facts", "--model", "openai:x"], 23, "API key"),
    ],
)
def test_a_bad_prompt_model_or_schema_stops_a_batch_before_any_document(
    env: dict[str, str], two_docs: Path, tmp_path: Path, argv: list[str], code: int, named: str
) -> None:
    out = tmp_path / "out.jsonl"
    command, *options = argv
    proc = factsum(env, command, str(two_docs), "-o", str(out), *options)
    assert named in assert_one_line_error(proc, code)
    assert not out.exists() or out.read_text(encoding="utf-8") == ""  # no failed line per document


def test_a_server_that_is_down_stops_the_batch_after_three_documents(
    env: dict[str, str], tmp_path: Path, closed_port: int
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(8):
        (docs / f"d{n}.txt").write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text("retries = 0\nbackoff = 0\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["summarize", str(docs), "--prompt", "summary-facts", "-o", str(out), "--model", "openai:x",
            "--base-url", f"http://127.0.0.1:{closed_port}/v1"]  # fmt: skip
    proc = factsum(env, *argv, FACTSUM_CONFIG=str(config))
    assert proc.returncode == 41, proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("factsum: error: stopped the batch: 3 documents in a row") and "--resume" in last
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["exit_code"] for r in records] == [41, 41, 41]


# issue 11, case 10: rough edges


def test_an_empty_directory_says_so_before_asking_for_output(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    message = assert_one_line_error(factsum(env, "summarize", str(empty)), 11)
    assert "holds no" in message


def test_an_empty_article_message_fits_extract(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    message = assert_one_line_error(factsum(env, "extract", str(empty), *REMOTE), 12)
    assert "summarise" not in message and "no article text" in message


def test_resume_progress_counts_skipped_documents_once(env: dict[str, str], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = factsum(env, "summarize", str(docs / "a.txt"), str(docs / "b.txt"), "-o", str(out))
    assert first.returncode == 0, first.stderr
    again = factsum(env, "summarize", str(docs), "-o", str(out), "--resume")
    assert again.returncode == 0, again.stderr
    assert "3/3" in again.stderr and "5/3" not in again.stderr
    assert "1 ok, 0 failed, 2 skipped" in again.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["summarize", "seeds/kim-beijing-parade.txt", "--style", "tweet"],
        ["eval", "--style", "tweet"],
        ["extract", "seeds/kim-beijing-parade.txt", "--concurrency", "0"],
    ],
)
def test_an_unknown_style_or_zero_concurrency_is_a_usage_error(env: dict[str, str], argv: list[str]) -> None:
    assert_one_line_error(factsum(env, *argv), 2)
