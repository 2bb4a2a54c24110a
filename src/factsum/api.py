"""The library entry points: ``extract`` and ``summarize`` on article text.

Each call is a run in the call log (``factsum logs``) unless ``settings.log`` is false; inside
a run the CLI opened, it is part of that run.
"""

from __future__ import annotations

from pydantic import BaseModel

from factsum.config import Settings, load_settings
from factsum.extraction import run_extraction
from factsum.llm.base import LLMClient
from factsum.llm.registry import RULES_ONLY, open_client
from factsum.logs import log_run
from factsum.prompts import DEFAULT_EXTRACT_PROMPT, DEFAULT_SUMMARY_PROMPT, load_prompt
from factsum.schema_loader import load_schema
from factsum.schemas.article import ArticleMetadata
from factsum.schemas.results import ExtractionResult, SummaryResult
from factsum.summarization import run_summary


def extract(
    text: str,
    *,
    settings: Settings | None = None,
    prompt: str = DEFAULT_EXTRACT_PROMPT,
    schema: str | type[BaseModel] | None = None,
    keep_ungrounded: bool = False,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> ExtractionResult:
    """Grounded facts from ``text``. ``client`` overrides the model chosen by ``settings``."""
    settings = settings or load_settings()
    # cheap validation first: a typo in --prompt must not wait for a model to load
    loaded_prompt, loaded_schema = load_prompt(prompt, task="extract"), load_schema(schema)
    with log_run(settings, "library.extract"):
        return run_extraction(
            text,
            client or open_client(settings),
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
    prompt: str = DEFAULT_SUMMARY_PROMPT,
    style: str = "paragraph",
    max_words: int | None = None,
    client: LLMClient | None = None,
    source: ArticleMetadata | None = None,
) -> SummaryResult:
    """A summary of ``text`` in ``style``, at most ``max_words`` words, with a faithfulness check."""
    settings = settings or load_settings()
    loaded_prompt = load_prompt(prompt, task="summarize")
    if client is None and not loaded_prompt.needs_model:
        # an extractive prompt with no model step: loading 1 GB of weights would buy nothing
        settings = settings.model_copy(update={"model": RULES_ONLY})
    with log_run(settings, "library.summarize"):
        return run_summary(
            text,
            client or open_client(settings),
            loaded_prompt,
            style=style,
            max_words=max_words,
            settings_id=settings.settings_id,
            source=source,
        )
