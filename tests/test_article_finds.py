"""One extraction runs each shared finder once on the article: the focused strategy and the
grounding step read the same finds (candidates.article_finds) instead of finding them twice."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import pytest

from factsum.candidates import ArticleFinds, find_dates, find_publication_date, find_quotations
from factsum.config import Settings
from factsum.extraction import run_extraction
from factsum.llm.registry import RULES_ONLY, open_client
from factsum.prompts import load_prompt
from factsum.schema_loader import load_schema

ARTICLE = (
    "TROMSØ, 6 March 2025 - The new bridge opens on Friday, the city council said.\n\n"
    "\u201cWe waited eleven years for this,\u201d said Ola Nordmann, who chairs the council. "
    "It cost 40 million kroner.\n"
)


def _calls_on(monkeypatch: pytest.MonkeyPatch, function: Callable[..., Any]) -> list[str]:
    """The texts ``function`` is called on, from whichever factsum module imported it."""
    texts: list[str] = []

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        texts.append(text)
        return function(text, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("factsum") and getattr(module, function.__name__, None) is function:
            monkeypatch.setattr(module, function.__name__, counted)
    return texts


def test_a_focused_extraction_finds_the_quotations_and_dates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {
        f.__name__: _calls_on(monkeypatch, f) for f in (find_quotations, find_dates, find_publication_date)
    }
    result = run_extraction(
        ARTICLE, open_client(Settings(model=RULES_ONLY)), load_prompt("extract-focused", task="extract"),
        load_schema(None), settings_id="t", max_tokens=256,
    )  # fmt: skip
    assert result.facts.quotes and result.facts.dates  # the finds reached the result
    assert {name: texts.count(ARTICLE) for name, texts in calls.items()} == {
        "find_quotations": 1, "find_dates": 1, "find_publication_date": 1,
    }  # fmt: skip


def test_relative_dates_count_from_the_dateline_else_the_page_date() -> None:
    page_date = dt.date(2025, 3, 1)
    assert ArticleFinds(ARTICLE, page_date).anchor == dt.date(2025, 3, 6)
    assert ArticleFinds("The bridge opens on Friday.", page_date).anchor == page_date
    assert ArticleFinds("The bridge opens on Friday.").anchor is None
