"""Where a name starts and ends on real-news typography: quotation marks, glued captions,
headings, prefixes. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from factsum.candidates import find_names
from factsum.tagger import tag


def _found(text: str, tagged: bool = False) -> list[str]:
    return [c.name for c in find_names(text, tag(text) if tagged else None)]


def test_a_possessive_or_closing_mark_before_a_full_stop_is_not_part_of_the_name() -> None:
    assert _found("The vote went to Senator Maria Okafor's.") == ["Maria Okafor"]
    assert _found("Locals said the plan would 'ruin Leicester'.") == ["Leicester"]
    assert _found("GHANA'S FARMERS WIN BIG.") == ["GHANA"]


def test_a_closing_single_quote_ends_the_name() -> None:
    assert _found("She still mourns 'Biscuit' for Tamsin and the dog.") == ["Biscuit", "Tamsin"]
    assert _found("Reality star 'Nana' Rose Kettley met fans.") == ["Nana", "Rose Kettley"]
    # no quotation is open: a plural possessive inside a name goes on
    assert _found("The Fruit Growers' Association met in Kent.") == ["Fruit Growers' Association", "Kent"]


def test_a_possessive_a_verb_follows_is_part_of_a_brand_name() -> None:
    assert _found("On Monday, Harrod's sold the painting to a dealer.", tagged=True) == ["Harrod's"]
    # a person's possessive stays a possessive, and so does a name the article also uses bare
    assert _found("Nadia Ferrante's dog barked. Ferrante's was a quiet street. Ferrante left.", True) == [
        "Nadia Ferrante"
    ]
    assert _found("Critics doubt Lisbon's alleged role in the affair.", True) == ["Lisbon"]


def test_a_capitalised_sentence_opener_glued_to_a_name_starts_a_new_sentence() -> None:
    assert _found("A photo shows the pair in Lisbon While Omar waits at home.") == ["Lisbon", "Omar"]
    assert _found("It came from Statsbase But Mendes said otherwise.") == ["Statsbase", "Mendes"]


def test_a_common_word_glued_after_a_complete_name_opens_the_next_sentence() -> None:
    text = (
        "She lost at the High Tribunal Thousands of tenants face higher rents. "
        "Thousands of thousands, the thousands say. The High Tribunal sat in Leeds."
    )
    assert "High Tribunal" in _found(text) and "High Tribunal Thousands" not in _found(text)
    # ending in a body's head: "Court" is complete even if the article never uses it alone
    assert _found("He will go to the Crown Court Parking fines rose as parking grew.") == ["Crown Court"]
    # a word of the name, not a sentence: the article never writes the name without it
    assert _found("They met at Riverside Retail park and the retail trade grew.") == ["Riverside Retail"]
    assert _found("It filled Harbour Street in the rain; the street was wet.") == ["Harbour Street"]
    league = "Aldport said League Two was over; two sides went down. League won."
    assert _found(league, True)[1] == "League Two"


def test_words_in_capitals_are_a_heading_unless_the_article_writes_them_in_normal_case() -> None:
    text = "Her follower count looks inflated INSTAGRAM TROUBLES: Okafor has fans on Instagram."
    assert _found(text) == ["Okafor", "Instagram"]
    assert _found("NEW ORLEANS, Louisiana (AP) -- A storm hit.")[0] == "NEW ORLEANS"  # a dateline
    assert "NASA JPL" in _found("Engineers at NASA JPL built it.")  # acronyms


def test_prefixes_and_particles_at_the_start_of_a_name() -> None:
    assert _found("The ex-Fulham and Wolves winger Dunne left.") == ["Fulham", "Wolves", "Dunne"]
    assert _found("She posted: RIP Mona Delacroix.") == ["Mona Delacroix"]
    assert _found("It said an al-Shabaab cell planned it, with Omar al-Rashid.") == [
        "al-Shabaab", "Omar al-Rashid",
    ]  # fmt: skip
    assert _found("Al-Shabaab denied it. Later al-Shabaab agreed.") == ["Al-Shabaab"]


def test_a_capital_the_inside_a_sentence_or_before_a_paper_is_part_of_the_name() -> None:
    text = "He spoke to The Harbour Gazette at The Paddock. Later the Paddock was quiet."
    assert _found(text) == ["The Harbour Gazette", "The Paddock"]  # "the Paddock" is the same place
    assert _found("The Lakeland Herald printed it.") == ["The Lakeland Herald"]
    assert _found("The Lakeland council met.") == ["Lakeland"]  # an article at a sentence start
    assert _found("It hit them this season The Bosnian side lost.") == []  # a glued sentence


def test_a_number_after_a_head_that_takes_one_is_part_of_the_name() -> None:
    assert _found("She watched the Channel 9 show with Marta.") == ["Channel 9", "Marta"]
    assert _found("Paris won 2 to 1 in Lyon.") == ["Paris", "Lyon"]


def test_a_question_or_exclamation_mark_that_ends_no_sentence_is_part_of_a_name() -> None:
    assert _found("A spokesman for the group\n\nWhich?, said it was unfair.", True) == ["Which?"]
    assert _found("Then Yahoo! said no.") == ["Yahoo!"]
    assert "Pablo" in _found("Who is Pablo? Nobody knows.")


def test_a_weekday_after_a_name_is_not_part_of_it() -> None:
    assert _found("Mendes leads the Lakeshore Classic Friday after a 66.", True)[1] == "Lakeshore Classic"
    assert _found("The show airs on Channel 9 Mondays at 8pm.") == ["Channel 9"]
    assert _found("They shop on Good Friday in Leeds.", True) == ["Good Friday", "Leeds"]


def test_a_capitalised_french_month_inside_a_sentence_is_a_name() -> None:
    assert _found("It may live on an icy moon or on Mars, they said.") == ["Mars"]
    assert _found("Mars 2015 fut difficile.") == []


def test_the_people_of_a_country_are_no_name() -> None:
    assert _found("It says Canadians and Peruvians back Ottawa.") == ["Ottawa"]


def test_italian_articles_join_a_name() -> None:
    assert _found("It was reported by Corriere dello Sport on Friday.") == ["Corriere dello Sport"]


def test_ranks_abbreviated_titles_and_compass_places_around_a_name() -> None:
    (general,) = find_names("The army chief, Lieutenant-Colonel Ivan Petrov, spoke.")
    assert (general.name, general.title) == ("Ivan Petrov", "Lieutenant-Colonel")
    assert _found("He met former North Dakota Gov.\n\nHe left.") == ["North Dakota"]
    assert _found("South Korean President Lee Jae-sung spoke.") == ["Lee Jae-sung"]


def test_a_dateline_keeps_the_article_of_its_place() -> None:
    assert "LA PAZ" in _found("Talks end.\n\nLA PAZ, Bolivia 1996-08-30\n\nTalks ended.")
    assert _found("THE HAGUE 1996-08-30\n\nThe judges met.") == ["THE HAGUE"]


def test_the_pieces_of_a_name_an_acronym_spells_are_not_names_of_their_own() -> None:
    text = "It said the Office for Roads and Bridges (ORB) would pay."
    assert _found(text) == ["Office for Roads and Bridges"]  # "ORB" is its alias


def test_a_name_inside_a_quoted_title_is_part_of_the_title() -> None:
    text = 'Ada Brenner recorded the hit "Rosa Street," and her album "Ostend" sold well in Leeds.'
    assert _found(text) == ["Ada Brenner", "Leeds"]
    # the same words outside the marks name a place
    assert "Ostend" in _found('Her album "Ostend" was made in Ostend.')


@pytest.mark.parametrize(
    ("text", "separate"),
    [
        ("Floods hit South China on Monday. China said aid was on its way.", ("South China", "China")),
        (
            "Protests spread across Northern Ireland. Ireland's leader called for calm.",
            ("Northern Ireland", "Ireland"),
        ),
        (
            "Rebels entered Damascus at dawn. Damascus Radio said the army held the city.",
            ("Damascus Radio", "Damascus"),
        ),
    ],
)
def test_a_place_is_not_short_for_a_longer_name_around_it(text: str, separate: tuple[str, str]) -> None:
    names = {c.name: c.aliases for c in find_names(text, tag(text))}
    assert separate[0] in names and separate[1] in names
    assert separate[1] not in names[separate[0]]


def test_a_surname_still_joins_the_full_name() -> None:
    text = "Anna Berg spoke in Oslo on Monday. Berg said the plan would work."
    names = {c.name: c.aliases for c in find_names(text, tag(text))}
    assert names["Anna Berg"] == ["Berg"]


def test_saint_mount_and_fort_abbreviations_do_not_end_the_name() -> None:
    assert _found("He moved to St. Louis, Mo., in May.") == ["St. Louis", "Mo"]
    assert _found("Climbers left Mt. Kenya at dawn.") == ["Mt. Kenya"]
    # at a sentence's end the street abbreviation still closes the name
    assert _found("She lives on Main St. The mayor agreed.") == ["Main St"]


def test_an_ethnic_group_is_no_name() -> None:
    assert _found("Kurds, Chechens and Tutsis joined the march in Oslo.") == ["Oslo"]
