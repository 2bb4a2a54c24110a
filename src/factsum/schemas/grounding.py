"""Grounding as data: where in the article an item's evidence lies, and how well it matched."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class MatchStatus(StrEnum):
    """How an item's text was found in the article, best first."""

    EXACT = "exact"
    NORMALIZED = "normalized"  # equal after folding case, quote styles and whitespace
    FUZZY = "fuzzy"  # most of its tokens aligned in order
    DERIVED = "derived"  # computed from located text by a rule (an ISO date, a figure's value)
    NOT_FOUND = "not_found"

    @property
    def grounded(self) -> bool:
        return self is not MatchStatus.NOT_FOUND


class Grounding(BaseModel):
    """A half-open char interval ``[start, end)`` into the article, or none."""

    model_config = ConfigDict(frozen=True)

    status: MatchStatus
    start: int | None = None
    end: int | None = None
    note: str | None = None

    @property
    def grounded(self) -> bool:
        return self.status.grounded
