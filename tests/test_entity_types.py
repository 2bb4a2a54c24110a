"""Entity types the wording or the tagger settles after the model has typed each name."""

from __future__ import annotations

from factsum.candidates import find_names
from factsum.candidates.entity_types import TypedName, corrected_kind, place_by_tagger
from factsum.tagger import tag

TEXT = (
    "Norway beat Denmark 2-1 in Oslo on Sunday. Lena Dahl of Nordvik Bank said the win "
    "lifted the mood in Norway."
)


def _typed(name: str, kind: str) -> TypedName:
    tagging = tag(TEXT)
    candidate = next(c for c in find_names(TEXT, tagging) if c.name == name)
    return place_by_tagger(TypedName(candidate, kind), tagging)


def test_a_country_the_model_calls_an_organisation_is_a_place() -> None:
    # a national team or a government acting in the news is still the country, by the labels
    assert _typed("Norway", "organization").kind == "location"


def test_an_organisation_the_tagger_reads_as_one_stays_an_organisation() -> None:
    assert _typed("Nordvik Bank", "organization").kind == "organization"


def test_a_city_the_model_left_out_is_a_place_but_a_person_keeps_the_model_type() -> None:
    assert _typed("Oslo", "other").kind == "location"
    # a person named like a place ("Jordan", "Georgia") keeps the model's answer
    assert _typed("Norway", "person").kind == "person"


def test_a_place_inside_a_longer_name_is_no_reading_of_the_name() -> None:
    text = "The Hollywood Reporter said the film would open in May."
    tagging = tag(text)
    assert [text[e.start : e.end] for e in tagging.entities if e.label == "GPE"] == ["Hollywood"]
    reporter = next(c for c in find_names(text, tagging) if c.name == "The Hollywood Reporter")
    assert place_by_tagger(TypedName(reporter, "organization"), tagging).kind == "organization"


def test_a_name_headed_by_a_street_or_venue_word_is_a_place() -> None:
    text = "Westgate Rovers beat Leeham City at Halloran Stadium on Brook Street."
    names = {c.name: c for c in find_names(text, tag(text))}
    assert corrected_kind(text, names["Halloran Stadium"], "organization") == "location"
    assert corrected_kind(text, names["Brook Street"], "organization") == "location"
    # "City" and "County" also end the names of clubs: the model's answer stands
    assert corrected_kind(text, names["Leeham City"], "organization") == "organization"
