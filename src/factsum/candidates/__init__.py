"""Deterministic candidate finding: what a regex can find, a small model need not guess.

Each finder is pure and returns spans into the article, so everything built on a candidate
is grounded by construction.
"""

from factsum.candidates.article_finds import ArticleFinds
from factsum.candidates.dates import DateCandidate, find_dates, find_publication_date
from factsum.candidates.names import NameCandidate, find_names
from factsum.candidates.numbers import NumberCandidate, find_numbers
from factsum.candidates.quotes import QuotedSpan, find_quotations

__all__ = [
    "ArticleFinds",
    "DateCandidate",
    "NameCandidate",
    "NumberCandidate",
    "QuotedSpan",
    "find_dates",
    "find_names",
    "find_numbers",
    "find_publication_date",
    "find_quotations",
]
