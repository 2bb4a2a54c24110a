"""What both the focused strategy and the grounding step read off one article, found once.

The strategy builds its dates and quotes from these finds, and grounding checks the model's
(or the strategy's) items against the same finds: one run of each finder per extraction, so
the two steps cannot see different quotation marks or anchor "Monday" to different days.
Each find is computed on first use, so an extraction that never reads one never pays for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from factsum.candidates.dates import DateCandidate, find_dates, find_publication_date
from factsum.candidates.quotes import QuotedSpan, find_quotations

__all__ = ["ArticleFinds"]


@dataclass(frozen=True)
class ArticleFinds:
    """``published`` (page metadata) anchors relative dates when the text has no dateline."""

    text: str
    published: dt.date | None = None

    @cached_property
    def anchor(self) -> dt.date | None:
        """The day relative dates count from: the dateline's, else the page's."""
        return find_publication_date(self.text) or self.published

    @cached_property
    def dates(self) -> tuple[DateCandidate, ...]:
        return tuple(find_dates(self.text, self.anchor))

    @cached_property
    def quotations(self) -> tuple[QuotedSpan, ...]:
        return tuple(find_quotations(self.text))
