"""``rules-only``: a model that answers nothing useful, for the eval's no-model rows.

Each structured call gets the emptiest reply its JSON schema allows: empty lists and
strings, zero, false, and for a closed choice its "don't know" value ("other", "unknown")
where it has one. What a pipeline still produces on it is what its rules alone produce, so
an eval row on it shows how much the real model adds. Free-text calls get an empty reply.
"""

from __future__ import annotations

import json
from typing import Any

from openai.types.chat import ChatCompletion

from factsum.llm.client import InstructorClient
from factsum.llm.providers.completions import make_completion

NAME = "rules-only"
_ABSTAIN = ("unknown", "other", "none")


def _empty(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return _empty(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = schema[key]
            nullable = [o for o in options if o.get("type") == "null"]
            return None if nullable else _empty(options[0], defs)
    if "enum" in schema or "const" in schema:
        values = schema.get("enum") or [schema["const"]]
        return next((v for v in values if str(v).casefold() in _ABSTAIN), values[-1])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = schema.get("required", list(properties))
        return {name: _empty(properties[name], defs) for name in required}
    return {"array": [], "string": "", "integer": 0, "number": 0, "boolean": False}.get(str(kind))


def empty_reply(kwargs: dict[str, Any]) -> str:
    response_format = kwargs.get("response_format") or {}
    schema = (response_format.get("json_schema") or {}).get("schema") or response_format.get("schema")
    if not schema:
        return ""
    return json.dumps(_empty(schema, schema.get("$defs", {})))


def _create(**kwargs: Any) -> ChatCompletion:
    return make_completion(
        model=NAME, content=empty_reply(kwargs), prompt_tokens=0, completion_tokens=0, finish_reason="stop"
    )


def open_null() -> InstructorClient:
    return InstructorClient(
        NAME,
        _create,
        model_id=NAME,
        context_window=None,
        token_counter=lambda text: max(1, len(text) // 4),
        temperature=0.0,
        seed=0,
        max_reasks=0,
    )
