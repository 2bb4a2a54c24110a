"""Sentence splitting with exact offsets, salience selection, and summaries by deletion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_model import requested_schema

import factsum
from factsum.config import Settings, load_settings
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.sentences import key_sentences, split_sentences

ARTICLE = (
    "OSLO, March 3 (Reuters) - Oslo will spend $2 million on a new harbour ferry line, "
    "Mayor Anna Berg said on Tuesday.\n\n"
    "The ferry line will link the harbour to three islands and carry 4,000 passengers a day.\n\n"
    "“The harbour ferry is the cheapest way to cut traffic,” Berg said.\n\n"
    "Critics said the money would be better spent on buses. The weather was mild."
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"model": "openai:x"}, environ={"FACTSUM_CONFIG": str(tmp_path / "none.toml")})


def test_sentences_carry_exact_offsets_and_paragraphs() -> None:
    sentences = split_sentences(ARTICLE)
    assert [s.paragraph for s in sentences] == [0, 1, 2, 3, 3]
    for sentence in sentences:
        assert ARTICLE[sentence.start : sentence.end] == sentence.text
    assert sentences[-1].text == "The weather was mild."
    assert sentences[0].text.startswith("Oslo will spend")  # the dateline is not a fact


def test_key_sentences_keep_the_lead_and_article_order_within_the_budget() -> None:
    chosen = key_sentences(ARTICLE, max_words=40)
    assert chosen[0].paragraph == 0
    assert sum(s.words for s in chosen) <= 40
    assert [s.start for s in chosen] == sorted(s.start for s in chosen)
    # a short sentence with no repeated content word adds nothing
    assert all("weather" not in s.text for s in chosen)


def _shorten(replies: dict[str, str]) -> Any:
    def reply(kwargs: dict[str, Any]) -> dict[str, str]:
        keys = list(requested_schema(kwargs)["properties"])
        return {k: replies.get(k, "") for k in keys}

    return reply


def test_compress_keeps_deletions_and_falls_back_when_a_word_is_added(settings: Settings) -> None:
    chat = FakeChat().enqueue(
        _shorten(
            {
                "s1": "Oslo will spend $2 million on a harbour ferry line, Mayor Anna Berg said.",
                "s2": "The ferry line will carry 40,000 passengers a day.",  # 40,000 is not in the text
            }
        )
    )
    result = factsum.summarize(
        ARTICLE, client=open_fake(chat), prompt="summary-compress", max_words=60, settings=settings
    )
    sentences = [s.text for s in key_sentences(ARTICLE, int(60 * 1.8))]
    assert result.text.startswith(
        "Oslo will spend $2 million on a harbour ferry line, Mayor Anna Berg said. "
    )
    assert sentences[1] in result.text  # the changed figure fell back to the article's sentence
    assert "40,000" not in result.text
    assert result.word_count <= 60
    assert result.faithfulness.ok
    assert result.run.usage.calls == 1
    assert "s1: Oslo will spend" in str(chat.history[0]["messages"][-1]["content"])


def test_compress_falls_back_to_the_key_sentences_when_the_reply_is_unusable(settings: Settings) -> None:
    chat = FakeChat().enqueue("not json", "still not json", "{broken")
    result = factsum.summarize(
        ARTICLE, client=open_fake(chat), prompt="summary-compress", max_words=60, settings=settings
    )
    sentences = [s.text for s in key_sentences(ARTICLE, int(60 * 1.8))]
    assert result.text.startswith(sentences[0])
    assert result.word_count <= 60
    assert result.run.usage.calls == 3  # the first try and two re-asks, then the fallback
