"""Content-addressed run stamps: same input, prompt, schema, model and settings -> same id."""

from __future__ import annotations

import hashlib
from typing import Protocol

from factsum._version import __version__
from factsum.prompts import Prompt
from factsum.schemas.results import RunInfo, Usage


class _Schema(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def id(self) -> str: ...


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(
    text: str,
    *,
    model: str,
    prompt: Prompt,
    schema: _Schema,
    settings_id: str,
    usage: Usage,
    seconds: float,
) -> RunInfo:
    input_sha = sha256_text(text)
    run_id = sha256_text("|".join([input_sha, model, prompt.id, schema.id, settings_id]))[:16]
    return RunInfo(
        id=run_id,
        factsum_version=__version__,
        model=model,
        prompt_name=prompt.name,
        prompt_id=prompt.id,
        schema_name=schema.name,
        schema_id=schema.id,
        settings_id=settings_id,
        input_sha256=input_sha,
        usage=usage,
        seconds=round(seconds, 3),
    )
