"""One grammar-constrained call for every field of the schema."""

from __future__ import annotations

import json

from pydantic import BaseModel

from factsum.llm.base import LLMClient
from factsum.prompts import Prompt


def extract_single(
    text: str, client: LLMClient, prompt: Prompt, schema: type[BaseModel], *, max_tokens: int
) -> BaseModel:
    hint = json.dumps(schema.model_json_schema(), separators=(",", ":"))
    messages = prompt.render("extract", article=text, schema_hint=hint)
    return client.structured(messages, schema, max_tokens=max_tokens)
