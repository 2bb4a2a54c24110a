"""The model flags extract, summarize and eval share: one declaration, one way into settings.

In process (``main``), with the model's opening refused: the settings a command would open its
model with are what these tests read, so no model loads and no server is asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from factsum.cli import ModelFlags, app, main
from factsum.config import Settings

ARTICLE = "BERGEN: The ferry to Askøy runs again from Monday, the harbour office said on 4 May 2025.\n"
EVERY_MODEL_FLAG = [
    "--model", "openai:flagged", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "sk-flag",
    "--model-path", "weights.gguf", "--temperature", "0.25", "--max-tokens", "99", "--n-ctx", "2048",
    "--threads", "3",
]  # fmt: skip


class _Opened(Exception):
    """Raised where the command would open its model, carrying the settings it was given."""

    def __init__(self, settings: Settings, models: list[str] | None = None) -> None:
        super().__init__("opened")
        self.settings, self.models = settings, models


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _opened_with(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> _Opened:
    def refuse(settings: Settings) -> Any:
        raise _Opened(settings)

    def refuse_eval(directory: Path, prompts: list[str], models: list[str], **options: Any) -> Any:
        raise _Opened(options["base_settings"], models)

    monkeypatch.setattr("factsum.api.open_client", refuse)
    monkeypatch.setattr("factsum.evals.runner.run_eval", refuse_eval)
    with pytest.raises(_Opened) as opened:
        main(argv)
    return opened.value


def _model_settings(settings: Settings) -> tuple[Any, ...]:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return (settings.model, settings.base_url, key, settings.model_path, settings.temperature,
            settings.max_tokens, settings.n_ctx, settings.n_threads)  # fmt: skip


def test_extract_passes_every_model_flag_to_its_settings(
    monkeypatch: pytest.MonkeyPatch, article: Path
) -> None:
    settings = _opened_with(monkeypatch, ["extract", str(article), *EVERY_MODEL_FLAG, "--no-log"]).settings
    assert _model_settings(settings) == (
        "openai:flagged", "http://127.0.0.1:9/v1", "sk-flag", Path("weights.gguf"), 0.25, 99, 2048, 3,
    )  # fmt: skip
    assert settings.log is False


def test_summarize_passes_its_model_flags_and_has_no_max_tokens(
    monkeypatch: pytest.MonkeyPatch, article: Path
) -> None:
    flags = EVERY_MODEL_FLAG[:10] + EVERY_MODEL_FLAG[12:]  # without --max-tokens 99
    argv = ["summarize", str(article), "--prompt", "summary-facts", *flags]
    settings = _opened_with(monkeypatch, argv).settings
    assert _model_settings(settings) == (
        "openai:flagged", "http://127.0.0.1:9/v1", "sk-flag", Path("weights.gguf"), 0.25,
        Settings().max_tokens, 2048, 3,
    )  # fmt: skip
    assert settings.log is Settings().log  # no --no-log given


def test_eval_passes_its_model_flags_and_keeps_its_own_list_of_models(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    argv = ["eval", str(tmp_path), *EVERY_MODEL_FLAG[2:], "-m", "openai:a", "-m", "openai:b", "--no-log"]
    opened = _opened_with(monkeypatch, argv)
    assert opened.models == ["openai:a", "openai:b"]
    assert _model_settings(opened.settings)[1:] == (
        "http://127.0.0.1:9/v1", "sk-flag", Path("weights.gguf"), 0.25, 99, 2048, 3,
    )  # fmt: skip
    assert opened.settings.model == Settings().model  # --model names the models to score, not this
    assert opened.settings.log is False


def test_no_model_flag_given_is_no_flag() -> None:
    assert ModelFlags().settings(no_log=False) == Settings()


def _options(command: str) -> list[str]:
    group: Any = typer.main.get_command(app)
    params = group.commands[command].params
    return [opt for param in params for opt in param.opts if opt.startswith("--")]


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [("extract", "--force", "--concurrency"), ("summarize", "--force", "--concurrency"),
     ("eval", "--style", "--no-log")],
)  # fmt: skip
def test_the_model_options_stand_where_the_command_takes_its_model_flags(
    command: str, before: str, after: str
) -> None:
    options = _options(command)
    expected = ["--model", "--base-url", "--api-key", "--model-path", "--temperature", "--max-tokens",
                "--n-ctx", "--threads"]  # fmt: skip
    if command == "summarize":
        expected.remove("--max-tokens")
    if command == "eval":
        expected.remove("--model")  # eval's own, repeatable --model stands with its --prompt
    start = options.index(before) + 1
    assert options[start : options.index(after)] == expected
