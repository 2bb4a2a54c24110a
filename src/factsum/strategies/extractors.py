"""The extraction strategies, by the name a prompt file gives its strategy."""

from __future__ import annotations

from factsum.strategies import focused, single
from factsum.strategies.base import ExtractStrategy, lookup

EXTRACT_STRATEGIES: dict[str, ExtractStrategy] = {
    single.NAME: single.extract,
    focused.NAME: focused.extract,
}


def get_extract_strategy(name: str) -> ExtractStrategy:
    return lookup("extract", EXTRACT_STRATEGIES, name)
