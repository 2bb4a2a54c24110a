"""Checked by mypy --strict (tests/test_typed_results.py), never run: the library's result types.

``extract`` returns the model that was asked for: ``NewsFacts`` by default, the caller's own
class when ``schema=`` is one. ``assert_type`` fails the type check if an annotation drifts.
"""

from __future__ import annotations

from typing import assert_type

from pydantic import BaseModel

from factsum import ExtractionResult, NewsFacts, extract


class MyDeal(BaseModel):
    buyer: str
    seller: str
    price: str | None = None


def news(text: str) -> str:
    result = extract(text)
    assert_type(result, ExtractionResult[NewsFacts])
    name: str = result.facts.people[0].name
    role: str | None = result.facts.people[0].role
    return f"{name} ({role})"


def custom(text: str) -> str:
    deal = extract(text, schema=MyDeal, prompt="extract-single").facts
    assert_type(deal, MyDeal)
    return deal.buyer


def by_name(text: str) -> BaseModel:
    # a schema named by a string is known only at run time: a plain BaseModel to mypy
    return extract(text, schema="deals:Deal", prompt="extract-single").facts
