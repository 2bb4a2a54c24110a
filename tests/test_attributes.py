"""Every attribute grounded or derived: a scripted model's inventions never reach the output unflagged."""

from __future__ import annotations

from typing import Any

import pytest

import factsum
from factsum.config import Settings
from factsum.llm.providers.fake import FakeChat, open_fake

ARTICLE = (
    "OSLO, March 3, 2025 (Reuters) - Mayor Anna Berg said on Monday the city will spend "
    "$2 million on the harbour.\n\n"
    "“We are not giving up on the waterfront,” Berg told reporters. The work starts in "
    "September 2025 and will employ 40 people, a city official said.\n"
)

INVENTED = {
    "people": [{"name": "Anna Berg", "role": "harbour tsar", "aliases": ["Berg"]}],
    "dates": [
        {"text": "September 2025", "iso": "2025-10"},  # disagrees with the text
        {"text": "Monday", "iso": "2025-03-09"},  # not determinable: no date of its own
    ],
    "quotes": [
        {"text": "We are not giving up on the waterfront,", "speaker": "Elon Musk"},
    ],
    "numbers": [
        {"text": "$2 million", "value": 3000000, "unit": "EUR", "measures": "a moon base"},
        {"text": "40 people", "value": 40, "unit": "engineers"},
    ],
}


def _extract(settings: Settings, reply: dict[str, Any], **kw: Any) -> dict[str, Any]:
    chat = FakeChat().enqueue(reply)
    result = factsum.extract(
        ARTICLE, client=open_fake(chat), prompt="extract-single", settings=settings, **kw
    )
    return result.facts.model_dump(mode="json")  # the JSON a user reads


@pytest.fixture
def settings(tmp_path: object) -> Settings:
    return Settings(cache_dir=tmp_path)  # type: ignore[arg-type]


def test_invented_attributes_are_corrected_or_removed_and_flagged(settings: Settings) -> None:
    facts = _extract(settings, INVENTED)
    (person,) = facts["people"]
    assert person["role"] is None and person["checks"]["role"]["status"] == "not_found"
    september, monday = facts["dates"]
    assert september["iso"] == "2025-09" and september["checks"]["iso"]["status"] == "derived"
    assert "corrected" in september["checks"]["iso"]["note"]
    assert monday["iso"] is None and monday["checks"]["iso"]["status"] == "not_found"
    (quote,) = facts["quotes"]
    assert quote["speaker"] is None and quote["checks"]["speaker"]["status"] == "not_found"
    money, staff = facts["numbers"]
    assert (money["value"], money["unit"]) == (2000000.0, "USD")
    assert money["checks"]["value"]["status"] == money["checks"]["unit"]["status"] == "derived"
    assert money["measures"] is None and money["checks"]["measures"]["status"] == "not_found"
    assert (staff["value"], staff["unit"]) == (40.0, "people")  # the finder's unit, not the model's


def test_attributes_that_stand_in_the_article_are_kept_with_their_spans(settings: Settings) -> None:
    reply = {
        "people": [{"name": "Anna Berg", "role": "Mayor", "aliases": ["Berg"]}],
        "quotes": [
            {"text": "We are not giving up on the waterfront,", "speaker": "Berg"},
        ],
        "numbers": [{"text": "$2 million", "value": 2000000, "unit": "USD", "measures": "the harbour"}],
    }
    facts = _extract(settings, reply)
    role = facts["people"][0]["checks"]["role"]
    assert facts["people"][0]["role"] == "Mayor" and ARTICLE[role["start"] : role["end"]] == "Mayor"
    speaker = facts["quotes"][0]["checks"]["speaker"]
    assert facts["quotes"][0]["speaker"] == "Berg" and speaker["status"] == "exact"
    measures = facts["numbers"][0]["checks"]["measures"]
    assert ARTICLE[measures["start"] : measures["end"]] == "the harbour"


def test_an_unnamed_speaker_stands_as_the_article_words_it(settings: Settings) -> None:
    reply = {"quotes": [{"text": "We are not giving up on the waterfront,", "speaker": "a city official"}]}
    quote = _extract(settings, reply)["quotes"][0]
    assert quote["speaker"] == "a city official" and quote["checks"]["speaker"]["status"] == "exact"


def test_a_misquote_becomes_the_article_s_words(settings: Settings) -> None:
    reply = {"quotes": [{"text": "We are not giving up on our waterfront", "speaker": "Anna Berg"}]}
    quote = _extract(settings, reply)["quotes"][0]
    assert quote["grounding"]["status"] == "fuzzy"
    assert quote["text"] == "We are not giving up on the waterfront,"[: len(quote["text"])]
    assert ARTICLE[quote["grounding"]["start"] : quote["grounding"]["end"]] == quote["text"]


def test_keep_ungrounded_keeps_an_invention_but_flags_it(settings: Settings) -> None:
    facts = _extract(settings, INVENTED, keep_ungrounded=True)
    assert facts["quotes"][0]["speaker"] == "Elon Musk"
    assert facts["quotes"][0]["checks"]["speaker"]["status"] == "not_found"
