"""The library entry points: ``extract`` and ``summarize`` on article text.

They are the one execution path: the CLI (one document or a batch), the evals and library
callers all come through here, so what the tests exercise is what ships. Each call is a run
in the call log (``factsum logs``) unless ``settings.log`` is false; inside a run the CLI
opened, it is part of that run. A client this module opens, it closes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, overload

from pydantic import BaseModel

from factsum.config import Settings, load_settings
from factsum.errors import PromptError
from factsum.extraction import run_extraction
from factsum.llm.base import LLMClient
from factsum.llm.registry import RULES_ONLY, local_model_file, open_client
from factsum.logs import log_run
from factsum.prompts import DEFAULT_PROMPTS, Prompt, load_prompt
from factsum.schema_loader import load_schema
from factsum.schemas.article import ArticleMetadata
from factsum.schemas.news import NewsFacts
from factsum.schemas.results import ExtractionResult, FactsT, SummaryResult
from factsum.summarization import run_summary

__all__ = [
    "PromptRef",
    "extract",
    "local_model_file",
    "open_client",
    "resolve_prompt",
    "settings_for_prompt",
    "summarize",
]

PromptRef = str | Prompt  # a built-in name, a .toml path, or a prompt already loaded


@overload
def extract(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: PromptRef = ...,
    schema: None = None,
    keep_ungrounded: bool = False,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> ExtractionResult[NewsFacts]: ...
@overload
def extract(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: PromptRef = ...,
    schema: type[FactsT],
    keep_ungrounded: bool = False,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> ExtractionResult[FactsT]: ...
@overload
def extract(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: PromptRef = ...,
    schema: str,
    keep_ungrounded: bool = False,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> ExtractionResult[BaseModel]: ...
def extract(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: PromptRef = DEFAULT_PROMPTS["extract"],
    schema: str | type[BaseModel] | None = None,
    keep_ungrounded: bool = False,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> ExtractionResult[Any]:
    """Grounded facts from ``text``: ``result.facts`` is a ``NewsFacts``, or an instance of
    ``schema`` when given a model class. ``client`` overrides the model chosen by ``settings``."""
    settings = settings or load_settings()
    # cheap validation first: a typo in --prompt must not wait for a model to load
    loaded_prompt, loaded_schema = resolve_prompt(prompt, "extract"), load_schema(schema)
    with log_run(settings, "library.extract"), _client(settings, client) as model:
        return run_extraction(
            text,
            model,
            loaded_prompt,
            loaded_schema,
            settings_id=settings.settings_id,
            max_tokens=settings.max_tokens,
            keep_ungrounded=keep_ungrounded,
            source=source,
        )


def summarize(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: PromptRef = DEFAULT_PROMPTS["summarize"],
    style: str = "paragraph",
    max_words: int | None = None,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> SummaryResult:
    """A summary of ``text`` in ``style``, at most ``max_words`` words, with a faithfulness check."""
    settings = settings or load_settings()
    loaded_prompt = resolve_prompt(prompt, "summarize")
    if client is None and not loaded_prompt.needs_model:
        settings = settings_for_prompt(settings, loaded_prompt)
    with log_run(settings, "library.summarize"), _client(settings, client) as model:
        return run_summary(
            text,
            model,
            loaded_prompt,
            style=style,
            max_words=max_words,
            settings_id=settings.settings_id,
            source=source,
        )


def resolve_prompt(prompt: PromptRef, task: str) -> Prompt:
    """The loaded prompt for ``task``; a loaded one for the other task is a ``PromptError``."""
    if not isinstance(prompt, Prompt):
        return load_prompt(prompt, task=task)
    if prompt.spec.task != task:
        raise PromptError(f"{prompt.path}: is a {prompt.spec.task!r} prompt, but {task!r} was asked for")
    return prompt


def settings_for_prompt(settings: Settings, prompt: Prompt) -> Settings:
    """An extractive prompt with no model step runs on no model: loading 1 GB of weights would
    buy nothing, and its results are stamped as what they are."""
    return settings if prompt.needs_model else settings.model_copy(update={"model": RULES_ONLY})


@contextmanager
def _client(settings: Settings, given: LLMClient | None) -> Iterator[LLMClient]:
    """``given`` as is (its caller owns it), else a client for ``settings``, closed after use."""
    if given is not None:
        yield given
        return
    opened = open_client(settings)
    try:
        yield opened
    finally:
        opened.close()
