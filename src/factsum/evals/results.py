"""The results JSON of an eval run, as typed models: what ``write_reports`` writes and a
``--baseline`` reads back, so the file's shape is declared once and validated on load."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from factsum.schemas.results import Usage


class Spread(BaseModel):
    """A metric over the samples of a ``--repeat`` run."""

    model_config = {"frozen": True}

    mean: float
    min: float
    max: float
    stdev: float


class GroundedCount(BaseModel):
    grounded: int = 0
    predicted: int = 0


class DocRecord(BaseModel):
    """One document, one sample: outcome, score (the scorer's own dump) and what was predicted."""

    id: str
    sample: int
    status: Literal["ok", "failed"]
    error: str | None = None
    cached: bool = False
    seconds: float | None = None
    usage: Usage = Field(default_factory=Usage)
    grounding: GroundedCount = Field(default_factory=GroundedCount)
    score: dict[str, Any] = Field(default_factory=dict)
    prediction: dict[str, Any] = Field(default_factory=dict)


class RowRecord(BaseModel):
    """One prompt on one model (or a no-model comparator), over every document of the set."""

    prompt: str
    kind: Literal["model", "comparator"] = "model"
    prompt_id: str
    task: Literal["extract", "summarize"]
    model: str
    settings_id: str
    docs: int
    failed: int
    metrics: dict[str, float | None]
    spread: dict[str, Spread] = Field(default_factory=dict)
    grounding: float | None = None
    valid_first_try: float | None = None
    valid: float | None = None
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds_per_doc: float | None = None
    cost: float | str = 0.0
    documents: list[DocRecord] = Field(default_factory=list)


class PromptRecord(BaseModel):
    name: str
    id: str
    task: str


class CacheRecord(BaseModel):
    path: str
    hits: int
    misses: int


class EvalResults(BaseModel):
    """A results file: the record of one eval run, stamped so it can be reproduced."""

    factsum_version: str
    created: str
    directory: str
    prompts: list[PromptRecord]
    schema_id: str
    models: list[str]
    settings_id: str
    style: str
    repeat: int
    cache: CacheRecord
    seconds: float
    warnings: list[str] = Field(default_factory=list)
    rows: list[RowRecord]
