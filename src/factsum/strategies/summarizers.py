"""The summary strategies, by the name a prompt file gives its strategy."""

from __future__ import annotations

from factsum.strategies import compress, extract_summary, free_text
from factsum.strategies.base import SummaryStrategy, lookup

SUMMARY_STRATEGIES: dict[str, SummaryStrategy] = {
    extract_summary.NAME: extract_summary.summarize,
    extract_summary.TRIMMED: extract_summary.summarize_trimmed,
    compress.NAME: compress.summarize,
    free_text.NAME: free_text.summarize,
}


def get_summary_strategy(name: str) -> SummaryStrategy:
    return lookup("summarize", SUMMARY_STRATEGIES, name)
