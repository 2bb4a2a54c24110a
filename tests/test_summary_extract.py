"""summary-extract: the lede plus model-picked sentences, verbatim, with exact char spans."""

from __future__ import annotations

import pytest

import factsum
from factsum.config import Settings
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.llm.registry import RULES_ONLY, open_client

STORY = (
    "OSLO, May 2 (Reuters) - The city of Oslo will spend $2 million on a new harbour plan, "
    "Mayor Anna Berg said on Monday.\n\n"
    "The plan was first proposed in 2019 and stalled during the pandemic years.\n\n"
    "“We are not giving up on the waterfront,” Berg told reporters at the city hall.\n\n"
    "Work on the first pier will start in September and finish by the end of next year.\n\n"
    "Critics say the money would be better spent on schools in the eastern districts.\n"
)


@pytest.fixture
def settings(tmp_path: object) -> Settings:
    return Settings(cache_dir=tmp_path)  # type: ignore[arg-type]


def test_the_lede_and_the_picked_sentences_verbatim_in_article_order(settings: Settings) -> None:
    chat = FakeChat().enqueue({"first": "3", "second": "none", "third": "none"})
    result = factsum.summarize(
        STORY, client=open_fake(chat), prompt="summary-extract-picks", style="paragraph", max_words=40,
        settings=settings,
    )  # fmt: skip
    lede = "The city of Oslo will spend $2 million on a new harbour plan, Mayor Anna Berg said on Monday."
    pier = "Work on the first pier will start in September and finish by the end of next year."
    assert [s.text for s in result.sentences] == [lede, pier]
    assert result.text == f"{lede} {pier}"
    for sentence in result.sentences:
        (source,) = sentence.sources
        assert STORY[source.start : source.end] == sentence.text and sentence.how == "extracted"
    assert result.word_count <= 40 and result.faithfulness.ok
    assert result.run.usage.calls == 1 and "response_format" in chat.history[0]


def test_with_no_model_it_is_the_lead(settings: Settings) -> None:
    result = factsum.summarize(
        STORY, client=open_client(Settings(model=RULES_ONLY)), prompt="summary-extract", style="short",
        max_words=30, settings=settings,
    )  # fmt: skip
    assert result.text.startswith("The city of Oslo will spend $2 million")
    assert result.word_count <= 30


def test_headline_is_the_lede_cut_at_a_clause_break(settings: Settings) -> None:
    chat = FakeChat().enqueue({"first": "none", "second": "none", "third": "none"})
    result = factsum.summarize(
        STORY, client=open_fake(chat), prompt="summary-extract", style="headline", settings=settings
    )
    assert result.text == "The city of Oslo will spend $2 million on a new harbour plan"
    assert len(result.text.split()) <= 16
    (source,) = result.sentences[0].sources
    assert STORY[source.start : source.end] == result.text


def test_written_summaries_get_aligned_sources(settings: Settings) -> None:
    chat = FakeChat().enqueue("Oslo will spend $2 million on a harbour plan. Penguins will run the new pier.")
    result = factsum.summarize(
        STORY, client=open_fake(chat), prompt="summary-facts", style="short", settings=settings
    )
    first, second = result.sentences
    assert first.how == "aligned" and STORY[first.sources[0].start :].startswith("The city of Oslo")
    assert second.how == "unaligned"


def test_a_quotation_split_by_the_sentence_splitter_stays_whole(settings: Settings) -> None:
    text = (
        "(CNN)A harbour board says the old pier in Portmere will reopen within a year.\n\n"
        '"The money is there.\n\nThe engineers are there," its chair said on Tuesday at the meeting.\n\n'
        "The board released a plan of the works and their cost.\n"
    )
    result = factsum.summarize(text, style="paragraph", max_words=60, settings=settings)
    assert result.text == (
        "A harbour board says the old pier in Portmere will reopen within a year. "
        '"The money is there. The engineers are there," its chair said on Tuesday at the meeting. '
        "The board released a plan of the works and their cost."
    )
    quote = result.sentences[1].sources[0]
    assert (
        text[quote.start : quote.end]
        == '"The money is there.\n\nThe engineers are there," its chair said on Tuesday at the meeting.'
    )
    assert result.run.model == RULES_ONLY  # an extractive prompt loads no weights


def test_a_lede_that_leans_on_a_short_opening_line_keeps_it(settings: Settings) -> None:
    text = (
        "“Steady as she goes.”\n\n"
        "Those four words, painted on the harbour wall, greet every ship that enters Portmere.\n\n"
        "The wall was built in 1902 and repainted last year by volunteers.\n"
    )
    result = factsum.summarize(text, max_words=40, settings=settings)
    assert result.text.startswith("“Steady as she goes.” Those four words")


def test_a_summary_never_ends_on_a_bare_quotation(settings: Settings) -> None:
    text = (
        "The mayor of Portmere opened the new pier on Monday after two years of works.\n\n"
        "The pier cost the town 3 million euros, paid for by a harbour levy.\n\n"
        "“This is the best day the town has had in a decade.”\n\n"
        "She said it to a crowd of about 500 people.\n"
    )
    result = factsum.summarize(text, max_words=45, settings=settings)
    assert result.text.endswith("paid for by a harbour levy.")


def test_a_lede_cut_at_a_colon_by_the_sentence_splitter_is_joined_again(settings: Settings) -> None:
    story = (
        "Photographs of the late actor Ana Reis on set were released with today's premiere of Harbour:\n\n"
        "The Story of the Lisbon Docks.\n\n"
        "Reis, who starred in the film, can be seen laughing with the crew in the pictures.\n"
    )
    result = factsum.summarize(
        story, client=open_client(Settings(model=RULES_ONLY)), prompt="summary-extract", max_words=60,
        settings=settings,
    )  # fmt: skip
    first = result.sentences[0]
    assert first.text == (
        "Photographs of the late actor Ana Reis on set were released with today's premiere of Harbour: "
        "The Story of the Lisbon Docks."
    )
    (source,) = first.sources
    assert " ".join(story[source.start : source.end].split()) == first.text
