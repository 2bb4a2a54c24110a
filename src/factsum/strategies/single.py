"""One grammar-constrained call for every field of the schema.

A news article longer than the context is read in paragraph-aligned chunks and the per-chunk
facts merged (same name or alias = same entity); grounding later locates every merged item in
the whole article, so spans stay exact. A custom schema cannot be merged generically, so a
too-long article is an error naming the limit.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from factsum.chunking import chunk_text
from factsum.llm.base import LLMClient, check_fits, prompt_overhead_tokens
from factsum.prompts import STRATEGIES, Prompt
from factsum.schemas.news import NewsFacts
from factsum.strategies.base import ExtractRequest
from factsum.text import normalize_text

TASK, NAME = "extract", "single"
STEPS = STRATEGIES[TASK][NAME]


def extract(request: ExtractRequest) -> BaseModel:
    """``request.published`` goes unused: the one call reads dates as the article writes them."""
    return extract_single(
        request.text, request.client, request.prompt, request.schema.model, max_tokens=request.max_tokens
    )


def extract_single(
    text: str, client: LLMClient, prompt: Prompt, schema: type[BaseModel], *, max_tokens: int
) -> BaseModel:
    window = client.context_window
    if schema is not NewsFacts or window is None:
        check_fits(text, client)
        return _call(text, client, prompt, schema, max_tokens)
    # the instructions plus the JSON schema hint
    overhead = prompt_overhead_tokens(client, prompt, "extract", schema_hint=_schema_hint(schema))
    budget = max(512, window - max_tokens - overhead)
    chunks = chunk_text(text, max_tokens=budget, count_tokens=client.count_tokens)
    parts = [_call(chunk.of(text), client, prompt, schema, max_tokens) for chunk in chunks]
    return parts[0] if len(parts) == 1 else merge_news([p for p in parts if isinstance(p, NewsFacts)])


def _call(
    text: str, client: LLMClient, prompt: Prompt, schema: type[BaseModel], max_tokens: int
) -> BaseModel:
    messages = prompt.render("extract", article=text, schema_hint=_schema_hint(schema))
    return client.structured(messages, schema, max_tokens=max_tokens)


def _schema_hint(schema: type[BaseModel]) -> str:
    return json.dumps(schema.model_json_schema(), separators=(",", ":"))


def merge_news(parts: list[NewsFacts]) -> NewsFacts:
    """Union of per-chunk facts; entities merge when a name or alias matches, others by text."""
    merged: dict[str, list[Any]] = {}
    for field_name in NewsFacts.model_fields:
        items: list[Any] = []
        seen: dict[str, int] = {}
        for part in parts:
            for item in getattr(part, field_name):
                forms = [getattr(item, "name", None) or item.text, *getattr(item, "aliases", [])]
                keys = [normalize_text(f) for f in forms if f]
                if field_name == "numbers":
                    keys = [f"{k}|{item.value}" for k in keys]
                match = next((seen[k] for k in keys if k in seen), None)
                if match is None:
                    items.append(item)
                    match = len(items) - 1
                elif hasattr(item, "aliases"):
                    known = items[match]
                    extra = [a for a in forms if a not in known.aliases and a != known.name]
                    items[match] = known.model_copy(update={"aliases": [*known.aliases, *extra]})
                for key in keys:
                    seen.setdefault(key, match)
        merged[field_name] = items
    return NewsFacts(**merged)
