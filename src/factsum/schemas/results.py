"""What factsum returns: the facts or summary plus the metadata that makes a run reproducible."""

from __future__ import annotations

from typing import Generic

from pydantic import BaseModel, Field
from typing_extensions import TypeVar

from factsum.schemas.article import ArticleMetadata
from factsum.schemas.grounding import Grounding
from factsum.schemas.news import NewsFacts

# the schema a result's facts fill: the news schema unless a caller passed their own model
FactsT = TypeVar("FactsT", bound=BaseModel, default=NewsFacts)


class Usage(BaseModel):
    """Token and call counts summed over every model call of one run."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0

    def minus(self, earlier: Usage) -> Usage:
        """What was used since ``earlier`` (a snapshot of the same running totals)."""
        return Usage(
            calls=self.calls - earlier.calls,
            prompt_tokens=self.prompt_tokens - earlier.prompt_tokens,
            completion_tokens=self.completion_tokens - earlier.completion_tokens,
            reasks=self.reasks - earlier.reasks,
        )

    def add(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            reasks=self.reasks + other.reasks,
        )


class RunInfo(BaseModel):
    """Content-addressed stamp: the same input, prompt, schema, model and settings give the same id."""

    id: str
    factsum_version: str
    model: str
    prompt_name: str
    prompt_id: str
    schema_name: str
    schema_id: str
    settings_id: str
    input_sha256: str
    usage: Usage
    seconds: float


class FieldGrounding(BaseModel):
    """Grounding of one string leaf of a (custom-schema) result, addressed by a JSON path."""

    path: str
    value: str
    grounding: Grounding


class ExtractionResult(BaseModel, Generic[FactsT]):
    """``facts`` is an instance of the schema used (``NewsFacts`` by default, or the caller's
    own model); ``grounding`` covers every string leaf of a custom schema's result.

    Build it parameterised, ``ExtractionResult[Schema](...)``: pydantic serialises ``facts``
    by the declared type, so an unparameterised result would dump a custom model as news.
    """

    facts: FactsT
    grounding: list[FieldGrounding] = Field(default_factory=list)
    dropped: dict[str, int] = Field(default_factory=dict)
    kept_ungrounded: bool = False
    source: ArticleMetadata | None = None  # title, author, date, site, url when read from a page
    run: RunInfo


def result_type(model: type[FactsT]) -> type[ExtractionResult[FactsT]]:
    """``ExtractionResult`` parameterised by a model known only at run time (a ``--schema``)."""
    return ExtractionResult[model]  # type: ignore[valid-type]


class Faithfulness(BaseModel):
    """Names and figures in a summary that the article does not contain."""

    unsupported_names: list[str] = Field(default_factory=list)
    unsupported_numbers: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unsupported_names or self.unsupported_numbers)


class SourceSpan(BaseModel):
    """A half-open char interval ``[start, end)`` of the article."""

    start: int
    end: int


class SummarySentence(BaseModel):
    """One summary sentence and the article sentences it was built from.

    ``how``: ``extracted`` (the text is those sentences' own words), ``aligned`` (written by
    the model; ``sources`` are the article sentences sharing most of its words, for a reader to
    check) or ``unaligned`` (no article sentence shares enough of its words: check it first).
    """

    text: str
    sources: list[SourceSpan] = Field(default_factory=list)
    how: str = "extracted"


class SummaryResult(BaseModel):
    style: str
    text: str
    bullets: list[str] = Field(default_factory=list)
    sentences: list[SummarySentence] = Field(default_factory=list)
    word_count: int
    max_words: int | None = None
    faithfulness: Faithfulness
    source: ArticleMetadata | None = None
    run: RunInfo
