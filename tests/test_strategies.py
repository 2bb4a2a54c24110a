"""The strategy registries: one entry per strategy the prompt-file contract names, looked up by name."""

from __future__ import annotations

import pytest

from factsum.errors import PromptError
from factsum.prompts import STRATEGIES
from factsum.strategies.extractors import EXTRACT_STRATEGIES, get_extract_strategy
from factsum.strategies.summarizers import SUMMARY_STRATEGIES, get_summary_strategy


def test_every_strategy_a_prompt_file_may_name_is_registered_and_no_other() -> None:
    assert set(EXTRACT_STRATEGIES) == set(STRATEGIES["extract"])
    assert set(SUMMARY_STRATEGIES) == set(STRATEGIES["summarize"])


def test_a_registered_strategy_is_found_by_task_and_name() -> None:
    assert get_extract_strategy("focused") is EXTRACT_STRATEGIES["focused"]
    assert get_summary_strategy("compress") is SUMMARY_STRATEGIES["compress"]


def test_an_unknown_strategy_is_a_prompt_error_naming_the_known_ones() -> None:
    with pytest.raises(PromptError, match=r"unknown extract strategy 'fancy' \(known: focused, single\)"):
        get_extract_strategy("fancy")
    known = "compress, extract, extract-trimmed, summary"
    with pytest.raises(PromptError, match=rf"unknown summarize strategy .* \(known: {known}\)"):
        get_summary_strategy("focused")
