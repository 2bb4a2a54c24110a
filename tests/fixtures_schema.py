"""A small nested pydantic model for custom-schema tests (``tests.fixtures_schema:Thing``)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Item(BaseModel):
    name: str
    kind: str | None = None


class Thing(BaseModel):
    title: str = Field(description="Headline-like title")
    items: list[Item] = Field(default_factory=list)
    count: int = 0


NOT_A_MODEL = 42
