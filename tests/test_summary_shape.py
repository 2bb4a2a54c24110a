"""Summary shape: --max-words keeps whole sentences and bullets; headlines are checked word by word."""

from __future__ import annotations

import pytest

import factsum
from factsum.config import Settings
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.summarization import check_faithfulness

ARTICLE = (
    "OSLO: \u201cThe plan is alive,\u201d said Anna Berg, the mayor of Oslo, on 3 March 2024. "
    "The city will spend two million kroner on the harbour plan, she said.\n"
)


@pytest.fixture
def settings() -> Settings:
    return Settings(log=False)


def _summary(reply: str, style: str, max_words: int, settings: Settings) -> factsum.SummaryResult:
    chat = FakeChat().enqueue(reply)
    return factsum.summarize(ARTICLE, client=open_fake(chat), prompt="summary-facts", style=style,
                             max_words=max_words, settings=settings)  # fmt: skip


def test_max_words_drops_the_sentence_that_does_not_fit(settings: Settings) -> None:
    reply = "Oslo will act. The city will spend two million kroner on the harbour plan, the mayor said."
    result = _summary(reply, "short", 10, settings)
    assert result.text == "Oslo will act."  # not "Oslo will act. The city will spend two million on…"
    assert result.word_count == 3


def test_max_words_keeps_every_sentence_that_fits(settings: Settings) -> None:
    reply = "Oslo acts. City spends. The mayor said so on Monday in a long speech about the harbour."
    assert _summary(reply, "paragraph", 12, settings).text == "Oslo acts. City spends."


def test_max_words_drops_whole_bullets(settings: Settings) -> None:
    reply = "- Anna Berg said the plan is alive\n- The city will spend two million kroner on it\n- Short one"
    result = _summary(reply, "bullets", 12, settings)
    assert result.bullets == ["Anna Berg said the plan is alive"]
    assert result.text == "- Anna Berg said the plan is alive"
    assert "\u2026" not in result.text


def test_a_first_bullet_longer_than_the_cap_keeps_its_whole_sentences(settings: Settings) -> None:
    reply = "- Oslo will act. The city will spend two million kroner on the harbour plan this year."
    assert _summary(reply, "bullets", 8, settings).bullets == ["Oslo will act."]


def test_a_title_case_headline_whose_words_are_all_in_the_article_is_not_flagged(settings: Settings) -> None:
    result = _summary("Mayor Anna Berg Said The Oslo Harbour Plan Is Alive", "headline", 16, settings)
    assert result.faithfulness.ok, result.faithfulness
    flagged = _summary("Mayor Olaf Moe Said The Oslo Plan Is Alive", "headline", 16, settings)
    assert flagged.faithfulness.unsupported_names  # a name the article never has is still flagged


def test_word_by_word_matching_is_for_headlines_only() -> None:
    # outside a headline a name must occur as written: "Berg Oslo" is not a name in the article
    assert check_faithfulness(ARTICLE, "Berg Oslo said so.").unsupported_names == ["Berg Oslo"]
    assert check_faithfulness(ARTICLE, "Berg Oslo Said The Plan", headline=True).ok
    assert not check_faithfulness(ARTICLE, "Berg Oslo Backs Plan", headline=True).ok  # "backs": not there
