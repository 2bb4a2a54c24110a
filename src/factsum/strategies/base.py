"""What a strategy is: one call from article to facts or summary, one shape per task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel

from factsum.candidates import ArticleFinds
from factsum.errors import PromptError
from factsum.llm.base import LLMClient
from factsum.prompts import Prompt
from factsum.schema_loader import SchemaSpec
from factsum.schemas.results import SummarySentence


@dataclass(frozen=True)
class ExtractRequest:
    """Facts of ``schema`` wanted from ``text``; ``published`` (page metadata) anchors relative
    dates when the text has no dateline."""

    text: str
    client: LLMClient
    prompt: Prompt
    schema: SchemaSpec[Any]  # any schema: the strategy says which it can fill
    max_tokens: int
    published: dt.date | None = None

    @cached_property
    def found(self) -> ArticleFinds:
        """The article's dates and quotations, found once: the strategy and then the pipeline's
        grounding step read the same finds."""
        return ArticleFinds(self.text, self.published)


@dataclass(frozen=True)
class SummaryRequest:
    """A summary of ``text`` in ``style`` within ``cap`` words; ``instruction`` is the prompt
    file's wording of the style, the cap filled in."""

    text: str
    client: LLMClient
    prompt: Prompt
    style: str
    instruction: str
    cap: int


@dataclass(frozen=True)
class SummaryDraft:
    """A summary in its style's shape; ``sentences`` only when the strategy knows each line's
    source (extractive), else the pipeline aligns the text with the article."""

    text: str
    bullets: list[str]
    sentences: list[SummarySentence] | None = None


# the facts, not yet grounded: the pipeline grounds them
ExtractStrategy = Callable[[ExtractRequest], BaseModel]
SummaryStrategy = Callable[[SummaryRequest], SummaryDraft]


StrategyT = TypeVar("StrategyT")


def lookup(task: str, registry: Mapping[str, StrategyT], name: str) -> StrategyT:
    """The strategy registered under ``name``; an unknown one is an error naming the known ones."""
    strategy = registry.get(name)
    if strategy is None:
        raise PromptError(f"unknown {task} strategy {name!r} (known: {', '.join(sorted(registry))})")
    return strategy
