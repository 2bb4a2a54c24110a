"""A schema-driven reply for the focused strategy's steps, read from the requested JSON schema."""

from __future__ import annotations

import re
from typing import Any

ROLE = "test role"


def requested_schema(kwargs: dict[str, Any]) -> dict[str, Any]:
    return kwargs["response_format"]["json_schema"]["schema"]


def _enum(prop: dict[str, Any]) -> list[str] | None:
    if "enum" in prop:
        return list(prop["enum"])
    if "const" in prop:
        return [prop["const"]]
    return None


def answer_from_schema(kwargs: dict[str, Any]) -> dict[str, Any]:
    """entities: "person" when the key has 2+ capitalised words, else "location";
    roles: a fixed role; speakers: the first enum value."""
    schema = requested_schema(kwargs)
    defs = schema.get("$defs", {})
    answer: dict[str, Any] = {}
    for key, prop in schema["properties"].items():
        if "$ref" in prop:
            prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
        choices = _enum(prop)
        if choices is not None and "person" in choices:
            capitalised = len(re.findall(r"\b[A-Z]\w*", key))
            answer[key] = "person" if capitalised >= 2 else "location"
        elif choices is not None:
            answer[key] = choices[0]
        else:
            answer[key] = ROLE
    return answer
