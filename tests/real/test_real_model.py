"""The embedded llama.cpp models, for real, at temperature 0 (marked ``real_model``).

The 0.5B model serves where a test needs only *a* real model; the default 1.5B where the
behaviour of the default is the point.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from factsum import extract, summarize
from factsum.config import load_settings
from factsum.llm.registry import open_client
from factsum.schemas.news import NewsFacts
from factsum.summarization import count_words

pytestmark = pytest.mark.real_model

SEED = Path(__file__).parents[2] / "seeds" / "kim-beijing-parade.txt"
POEM = [{"role": "user", "content": "Write a short poem about cats."}]


class Inner(BaseModel):
    code: Literal["zq-17", "xw-42"]
    weight: float


class Nested(BaseModel):
    label: str
    parts: list[Inner] = Field(min_length=1, max_length=3)


def _local_chat(model: str):  # type: ignore[no-untyped-def]
    from factsum.llm.providers.local import LocalChat
    from factsum.llm.providers.weights import EMBEDDED_MODELS, ensure_weights

    settings = load_settings({"model": f"local:{model}"}, environ={})
    path = ensure_weights(EMBEDDED_MODELS[model], settings.cache_dir)
    return LocalChat(path, n_ctx=2048, n_threads=None, label=model)


def test_grammar_constrains_nested_schemas_even_against_the_prompt() -> None:
    """MODELS.md trap: response_format alone leaves $defs schemas unconstrained in 0.3.36.

    The prompt asks for a poem; only an active grammar makes the reply schema-valid JSON.
    The control call without a schema shows the model would not write JSON by itself.
    """
    schema = Nested
    chat = _local_chat("qwen2.5-coder-0.5b")
    assert "$defs" in schema.model_json_schema()
    constrained = chat.create(
        messages=POEM,
        max_tokens=400,
        temperature=0.0,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "X", "schema": schema.model_json_schema()},
        },
    )
    schema.model_validate_json(constrained.choices[0].message.content or "")
    control = chat.create(messages=POEM, max_tokens=60, temperature=0.0)
    with pytest.raises(ValueError):
        json.loads(control.choices[0].message.content or "")


SHORT_ARTICLE = (
    "GENEVA, March 3, 2026 - The World Health Organization said on Tuesday that 12 countries had "
    "reported new cases. \u201cWe are watching closely,\u201d said WHO spokesperson Ana Ruiz."
)


def test_single_call_fills_the_nested_news_schema_on_the_first_try() -> None:
    """The project's own $defs schema (NewsFacts) through the real provider: valid, no re-ask."""
    settings = load_settings({"model": "local:qwen2.5-coder-0.5b"}, environ={})
    client = open_client(settings)
    assert "$defs" in NewsFacts.model_json_schema()
    result = extract(
        SHORT_ARTICLE, settings=settings, client=client, prompt="extract-single", keep_ungrounded=True
    )
    NewsFacts.model_validate(result.facts)
    assert result.run.usage.calls == 1 and result.run.usage.reasks == 0


def test_extract_on_the_seed_with_the_default_model_is_valid_and_fully_grounded() -> None:
    text = SEED.read_text(encoding="utf-8")
    settings = load_settings({"model": "local:qwen2.5-coder-1.5b", "temperature": 0.0}, environ={})
    result = extract(text, settings=settings)
    facts = NewsFacts.model_validate(result.facts)
    items = [
        *facts.people,
        *facts.organizations,
        *facts.locations,
        *facts.dates,
        *facts.quotes,
        *facts.numbers,
    ]
    assert len(facts.people) >= 4 and len(facts.quotes) >= 5
    for item in items:
        assert item.grounding is not None and item.grounding.grounded, item
        assert item.grounding.start is not None and item.grounding.end is not None
        surface = getattr(item, "name", None) or item.text  # type: ignore[union-attr]
        assert text[item.grounding.start : item.grounding.end] == surface
    assert result.run.model == "local:qwen2.5-coder-1.5b"
    assert result.run.usage.calls >= 2 and result.run.usage.completion_tokens > 0


@pytest.mark.parametrize("style,max_words", [("short", 25), ("bullets", 30), ("headline", 8)])
def test_summarize_respects_max_words(style: str, max_words: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    settings = load_settings({"model": "local:qwen2.5-coder-0.5b"}, environ={})
    client = open_client(settings)
    # a written summary: the default (summary-extract) calls no model, so it would prove nothing here
    result = summarize(
        text, settings=settings, client=client, prompt="summary-facts", style=style, max_words=max_words
    )
    assert result.text.strip()
    assert result.word_count <= max_words
    assert count_words(result.text) == result.word_count
    assert result.run.usage.calls >= 1 and result.run.usage.completion_tokens > 0
