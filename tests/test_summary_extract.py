"""summary-extract: the lede plus model-picked sentences, verbatim, with exact char spans."""

from __future__ import annotations

import pytest

import factsum
from factsum.config import Settings
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.llm.registry import RULES_ONLY, open_client
from factsum.strategies.extract_summary import opens_on_a_hook, stands_alone

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


FEATURE = (
    "(CNN)“Where did the river go?”\n\n"
    "That question, asked by a child at the Portmere ferry, is what the town's elders remember.\n\n"
    "The old ferry crossed the bay for more than a century and carried whole families to market.\n\n"
    "Some still keep the brass tokens that paid the fare, polished and kept in kitchen drawers.\n\n"
    "Nobody who rode it as a child forgets the smell of the tar and the diesel on the deck.\n\n"
    "On Tuesday, the harbour board sold the last ferry to a museum in Bergen for 40,000 euros.\n\n"
    "The museum plans to put the boat on show in a new hall by the end of next year.\n"
)


def test_a_hook_opening_goes_on_from_the_first_dated_sentence(settings: Settings) -> None:
    result = factsum.summarize(FEATURE, max_words=60, settings=settings)
    assert result.text == (
        "“Where did the river go?” "
        "That question, asked by a child at the Portmere ferry, is what the town's elders remember. "
        "On Tuesday, the harbour board sold the last ferry to a museum in Bergen for 40,000 euros. "
        "The museum plans to put the boat on show in a new hall by the end of next year."
    )
    for sentence in result.sentences:
        (source,) = sentence.sources
        assert FEATURE[source.start : source.end] == sentence.text


def test_a_dated_sentence_with_a_pronoun_is_no_place_to_go_on_from(settings: Settings) -> None:
    text = FEATURE.replace("On Tuesday, the harbour board sold", "On Tuesday, they sold")
    result = factsum.summarize(text, max_words=60, settings=settings)
    assert "On Tuesday" not in result.text
    assert "The old ferry crossed the bay" in result.text  # the plain lead


def test_a_news_opening_keeps_the_plain_lead(settings: Settings) -> None:
    text = FEATURE.replace(
        "(CNN)“Where did the river go?”\n\nThat question, asked by a child at the Portmere ferry, is",
        "The Portmere ferry, which the board wants to sell, is what",
    )
    result = factsum.summarize(text, max_words=60, settings=settings)
    assert "On Tuesday" not in result.text
    assert result.text.startswith("The Portmere ferry, which the board wants to sell")


def test_a_hook_is_a_quotation_nobody_says_a_question_or_a_line_that_trails_off() -> None:
    assert opens_on_a_hook("“Where did the river go?”")
    assert opens_on_a_hook("Who remembers the last ferry to Bergen?")
    assert opens_on_a_hook("It was a long, long winter...")
    assert not opens_on_a_hook("The harbour board sold the last ferry on Tuesday.")
    assert not opens_on_a_hook("“We sold it,” the chair of the board said on Tuesday.")


def test_a_sentence_stands_alone_after_a_gap_only_with_nothing_pointing_back() -> None:
    assert stands_alone("On Tuesday, the harbour board sold the last ferry to a museum.")
    assert not stands_alone("On Tuesday, the board sold his ferry to a museum.")
    assert not stands_alone("But the board sold the ferry to a museum on Tuesday.")
    assert not stands_alone("“We sold the ferry,” the chair said on Tuesday.")
