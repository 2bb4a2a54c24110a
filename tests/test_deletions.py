"""Deletion-only shortening: which asides go, which refusals keep them, and the spans' text."""

from __future__ import annotations

import pytest

import factsum
from factsum.config import Settings
from factsum.sentences import split_sentences
from factsum.strategies.deletions import Shortened, joined, reads_as_a_sentence, shorten
from factsum.tagger import tag


def shortened(text: str) -> Shortened:
    """The first sentence of ``text`` shortened; the rest is what a pronoun could read back from."""
    first, *rest = split_sentences(text)
    return shorten(text, first, tag(text), " ".join(s.text for s in rest))


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("Tom Avery, the harbour master, opened the new pier on Monday.",
         "Tom Avery opened the new pier on Monday."),
        ("The old ferry, which was built in Glasgow, sank near the coast last week.",
         "The old ferry sank near the coast last week."),
        ("The mayor (pictured) opened the new pier on Monday.",
         "The mayor opened the new pier on Monday."),
        ("The harbour master opened the pier, which cost less than planned.",
         "The harbour master opened the pier."),
    ],
)  # fmt: skip
def test_asides_go(text: str, short: str) -> None:
    assert shortened(text).text == short


def test_the_spans_are_the_articles_and_the_text_is_them_concatenated() -> None:
    text = "Tom Avery, the harbour master, opened the new pier (pictured) on Monday."
    result = shortened(text)
    assert [text[start:end] for start, end in result.kept] == [
        "Tom Avery",
        " opened the new pier",
        " on Monday.",
    ]
    assert result.text == joined(text, result.kept) == "Tom Avery opened the new pier on Monday."
    assert result.words == 8


def test_a_restrictive_clause_stays() -> None:
    text = "The ferry that sank near the coast was built in Glasgow."
    assert shortened(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Tom Avery, who never paid the fine, opened the new pier on Monday.",  # a negation
        "Tom Avery, who could face a fine, opened the new pier on Monday.",  # a modal
        "Tom Avery, who said the works were late, opened the new pier on Monday.",  # a speech verb
        'The ferry (a "floating palace") sank near the coast last week.',  # a quotation
        "Tom Avery, who is 45, opened the new pier on Monday.",  # a number
        '"We will not close the pier," the harbour master, Tom Avery, said on Monday.',  # the speaker
        # a bracket inside a quotation is the editor's gloss, the quotation needs it
        '"The pier (on the east side) will reopen in May," the harbour master told the crowd.',
        "Anna Reyes, from Portmere, Maine, opened the pier.",  # a place's state, not an aside
        # a name that the next sentence's pronoun points back to
        "The new pier was opened by the harbour master, who thanked Anna Reyes, on Monday. She cut it.",
        # the same when the small tagger takes the person for a place
        "When Anna Reyes learned that her newborn son, Wil, had a weak heart her mind raced. He is well now.",
        # list items, not asides
        "The harbour master, a former sailor, and the mayor opened the pier on Monday.",
    ],
)
def test_refused_deletions_keep_the_sentence_whole(text: str) -> None:
    first = split_sentences(text)[0]
    assert shortened(text).text == first.text


def test_the_name_stays_deletable_when_no_pronoun_follows() -> None:
    text = (
        "The new pier was opened by the harbour master, who thanked Anna Reyes, on Monday. The crowd cheered."
    )
    assert shortened(text).text == "The new pier was opened by the harbour master on Monday."


def test_what_is_left_must_parse_as_a_sentence() -> None:
    assert reads_as_a_sentence("The mayor opened the new pier on Monday.")
    assert not reads_as_a_sentence("The mayor of the town on Monday.")
    assert not reads_as_a_sentence("Opened the pier. The mayor smiled.")


STORY = (
    "Tom Avery, the harbour master of Portmere, opened the new pier on Monday after two years of works.\n\n"
    "The pier, which replaces a pier lost in a storm, cost the town 3 million euros.\n\n"
    "The first ferry is due to call there in the spring.\n"
)


def test_the_trimmed_prompt_fits_more_under_the_cap_and_the_default_is_unchanged(tmp_path: object) -> None:
    settings = Settings(cache_dir=tmp_path)  # type: ignore[arg-type]
    default = factsum.summarize(STORY, style="paragraph", max_words=32, settings=settings)
    trimmed = factsum.summarize(
        STORY, prompt="summary-extract-trimmed", style="paragraph", max_words=32, settings=settings
    )
    assert (
        default.text.startswith("Tom Avery, the harbour master of Portmere, opened")
        and len(default.sentences) == 1
    )
    assert trimmed.text == (
        "Tom Avery opened the new pier on Monday after two years of works. "
        "The pier cost the town 3 million euros. The first ferry is due to call there in the spring."
    )
    for sentence in trimmed.sentences:
        assert sentence.text == " ".join("".join(STORY[s.start : s.end] for s in sentence.sources).split())
    assert trimmed.word_count <= 32 and trimmed.faithfulness.ok
