"""Pydantic models only: the facts, the grounding attached to them, and run metadata.

Nothing here does I/O; every other layer may import it.
"""

from factsum.schemas.article import ArticleMetadata
from factsum.schemas.grounding import Grounding, MatchStatus
from factsum.schemas.news import (
    DateMention,
    Location,
    NewsFacts,
    NumberFact,
    Organization,
    Person,
    Quote,
)
from factsum.schemas.results import (
    ExtractionResult,
    Faithfulness,
    FieldGrounding,
    RunInfo,
    SummaryResult,
    Usage,
)

__all__ = [
    "ArticleMetadata",
    "DateMention",
    "ExtractionResult",
    "Faithfulness",
    "FieldGrounding",
    "Grounding",
    "Location",
    "MatchStatus",
    "NewsFacts",
    "NumberFact",
    "Organization",
    "Person",
    "Quote",
    "RunInfo",
    "SummaryResult",
    "Usage",
]
