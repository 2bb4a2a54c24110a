from __future__ import annotations

import datetime as dt

import pytest

from factsum.candidates import (
    find_dates,
    find_names,
    find_numbers,
    find_publication_date,
    find_quotations,
)

# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said \u201cwe will win\u201d today.", "we will win"),
        ('He said "yes we can" today.', "yes we can"),
        ("Il a dit \u00ab nous gagnerons \u00bb hier.", "nous gagnerons"),
        ("She said \u201cit is over\u201c and left.", "it is over"),  # sloppy closing mark
        ("He said \u201cthis goes on\n\nNext paragraph here.", "this goes on"),  # left open
    ],
)
def test_quotations_single(text: str, inner: str) -> None:
    spans = find_quotations(text)
    assert len(spans) == 1
    (span,) = spans
    assert span.text == inner
    assert text[span.start : span.end] == inner
    assert span.start == text.index(inner)


def test_open_quote_ends_at_paragraph_and_next_paragraph_is_not_swallowed() -> None:
    text = "\u201cFirst part\n\nThen \u201ca second part\u201d follows."
    assert [q.text for q in find_quotations(text)] == ["First part", "a second part"]


def test_straight_quote_glued_to_a_word_does_not_open() -> None:
    assert find_quotations('The 6" pipe burst.') == []


def test_two_sloppy_quotes_in_one_paragraph() -> None:
    text = "\u201cOne,\u201c he said. \u201cTwo,\u201c she said."
    assert [q.text for q in find_quotations(text)] == ["One,", "Two,"]


# ---------------------------------------------------------------- dates

PUB = dt.date(2025, 8, 28)


def test_iso_dateline_and_publication_date() -> None:
    text = "\u2022 2025-08-28 04:38 PM\n\nBEIJING: Something happened."
    dates = find_dates(text)
    assert [(d.text, d.iso) for d in dates] == [("2025-08-28", "2025-08-28")]
    assert (dates[0].start, dates[0].end) == (2, 12)
    assert find_publication_date(text) == dt.date(2025, 8, 28)


def test_month_year_and_relative_year() -> None:
    text = "The talks were held in January 2019 and in April last year."
    assert [(d.text, d.iso) for d in find_dates(text, PUB)] == [
        ("January 2019", "2019-01"),
        ("April last year", "2024-04"),
    ]
    # without a publication date "April last year" has no ISO value
    assert [(d.text, d.iso) for d in find_dates(text)] == [
        ("January 2019", "2019-01"),
        ("April last year", None),
    ]


def test_weekday_decade_and_may_the_verb() -> None:
    text = "We met on Thursday. In the 1950s, people may come. May 2020 was busy."
    found = [(d.text, d.iso) for d in find_dates(text)]
    assert found == [("Thursday", None), ("the 1950s", None), ("May 2020", "2020-05")]


def test_decades_end_in_zero_through_the_2100s() -> None:
    """Issue 11, case 10: the alternation once bound "0s" to its last branch only."""
    found = [d.text for d in find_dates("Not the 1995s. In the 2100s and the 1600s, and in 2010s.")]
    assert found == ["the 2100s", "the 1600s", "2010s"]


def test_may_the_modal_verb_alone_is_not_a_date() -> None:
    assert find_dates("Prices May rise. They may fall.") == []
    # a cue word before an ambiguous month makes it a date
    assert [(d.text, d.iso) for d in find_dates("Prices have risen since may.")] == [("may", None)]
    assert [(d.text, d.iso) for d in find_dates("Elle est partie en janvier.")] == [("janvier", None)]


def test_capitalised_lone_month_is_a_date() -> None:
    assert [(d.text, d.iso) for d in find_dates("Talks resumed in January.")] == [("January", None)]


def test_in_may_is_a_date() -> None:
    assert [(d.text, d.iso) for d in find_dates("It happened in may.")] == [("may", None)]


def test_full_dates() -> None:
    text = "Signed on 28 August 2025 and again on Oct. 14, 2026."
    assert [(d.text, d.iso) for d in find_dates(text)] == [
        ("28 August 2025", "2025-08-28"),
        ("Oct. 14, 2026", "2026-10-14"),
    ]


def test_no_publication_date_when_head_has_none() -> None:
    assert find_publication_date("BEIJING: Kim went.\nThen.\nAnd then.\n\n28 August 2025") is None


# ---------------------------------------------------------------- numbers


def _nums(text: str, **kw: object) -> list[tuple[str, float, str | None]]:
    return [(n.text, n.value, n.unit) for n in find_numbers(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It lasted eighty years.", [("eighty", 80.0, "years")]),
        ("A $4.2 billion deal.", [("$4.2 billion", 4.2e9, "USD")]),
        ("Rates rose 12.5% this year.", [("12.5%", 12.5, "percent")]),
        ("They marked seventy-five years.", [("seventy-five", 75.0, "years")]),
        ("About 1,200 people fled.", [("1,200", 1200.0, "people")]),
        ("It cost \u20ac310m in total.", [("\u20ac310m", 310e6, "EUR")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[str, float, str | None]]) -> None:
    assert _nums(text) == expected


def test_french_decimal_comma_value() -> None:
    (number,) = find_numbers("La croissance de 3,2 % est forte.")
    assert number.value == 3.2
    assert number.text.startswith("3,2")


def test_french_percent_with_space_is_percent() -> None:
    (number,) = find_numbers("La croissance de 3,2 % est forte.")
    assert (number.value, number.unit) == (3.2, "percent")


def test_covid_and_clock_times_and_ordinals_excluded() -> None:
    assert _nums("During Covid-19 at 04:38 there were 12 cases on the 3rd day.") == [("12", 12.0, "cases")]


def test_one_as_a_pronoun_is_not_a_figure() -> None:
    assert _nums("It is one of the largest.") == []


def test_numbers_inside_date_spans_excluded() -> None:
    text = "On 28 August 2025 some 40 soldiers marched."
    dates = find_dates(text)
    assert [d.text for d in dates] == ["28 August 2025"]
    assert _nums(text, exclude=[(d.start, d.end) for d in dates]) == [("40", 40.0, "soldiers")]
    # without the exclusion the day and the year are picked up too
    assert [n.text for n in find_numbers(text)] == ["28", "2025", "40"]


# ---------------------------------------------------------------- names


def _names(text: str) -> list[tuple[str, list[str], str | None]]:
    return [(c.name, c.aliases, c.title) for c in find_names(text)]


def test_title_split_from_name() -> None:
    text = "Russian President Vladimir Putin arrived on Monday."
    (cand,) = find_names(text)
    assert (cand.name, cand.title) == ("Vladimir Putin", "Russian President")
    assert text[cand.start : cand.end] == "Vladimir Putin"


def test_short_form_linked_as_alias() -> None:
    text = "Kim Jong Un arrived on Monday. Later, Kim smiled at reporters."
    (kim,) = find_names(text)
    assert (kim.name, kim.aliases) == ("Kim Jong Un", ["Kim"])
    assert kim.mentions == [(0, 11), (text.index("Kim smiled"), text.index("Kim smiled") + 3)]


def test_name_run_stops_at_sentence_end_after_short_word() -> None:
    assert _names("Putin met Kim Jong Un. Kim smiled.") == [
        ("Putin", [], None),
        ("Kim Jong Un", ["Kim"], None),
    ]


def test_country_not_folded_into_organisation() -> None:
    assert _names("The Bank of China lent money. China agreed.") == [
        ("Bank of China", [], None),
        ("China", [], None),
    ]


def test_demonyms_dropped() -> None:
    assert find_names("French officials met German diplomats.") == []


def test_acronym_linked_to_expansion() -> None:
    assert _names("The Korean Central News Agency said so. KCNA added more.") == [
        ("Korean Central News Agency", ["KCNA"], None)
    ]


def test_ambiguous_short_form_is_not_linked() -> None:
    names = _names("John Smith met Mary Smith. Smith said nothing.")
    assert names == [("John Smith", [], None), ("Mary Smith", [], None), ("Smith", [], None)]


# ---------------------------------------------------------------- the Kim seed


def test_seed_article_all_finders(kim_text: str) -> None:
    published = find_publication_date(kim_text)
    assert published == dt.date(2025, 8, 28)

    dates = find_dates(kim_text, published)
    by_text = {d.text: d.iso for d in dates}
    assert by_text["January 2019"] == "2019-01"
    assert by_text["April last year"] == "2024-04"
    assert by_text["2015"] == "2015"
    assert by_text["Thursday"] is None
    assert by_text["the 1950s"] is None
    assert len(dates) == 10

    numbers = find_numbers(kim_text, exclude=[(d.start, d.end) for d in dates])
    assert [(n.text, n.value, n.unit) for n in numbers] == [
        ("eighty", 80.0, "years"),
        ("seventy-five", 75.0, "years"),
    ]

    quotes = find_quotations(kim_text)
    assert len(quotes) == 11
    assert quotes[0].text.startswith("The Chinese people will join hands")
    assert quotes[0].text.endswith("victories of World War II,")  # closed by the sloppy \u201c
    assert [q.text for q in quotes if len(q.text) < 30] == [
        "the strength",
        "the traditional friendship",
        "firm position.",
    ]
    for q in quotes:
        assert kim_text[q.start : q.end] == q.text

    names = {c.name: c for c in find_names(kim_text)}
    assert names["Kim Jong Un"].aliases == ["Kim"]
    assert (names["Vladimir Putin"].title, names["Masoud Pezeshkian"].title) == (
        "Russian President",
        "Iranian President",
    )
    assert names["Xi Jinping"].aliases == ["Xi"]
    assert names["Hong Lei"].aliases == ["Hong"]
    assert names["Dylan Loh"].aliases == ["Loh"]
    assert names["Chong Ja Ian"].aliases == ["Chong"]
    assert "China" in names and "Beijing" in names
    assert "Chinese" not in names and "North Korean" not in names
    assert len(names["Kim Jong Un"].mentions) == 6


def test_titles_inside_a_run_are_split_off() -> None:
    names = find_names("Chief Financial Officer Rajiv Menon said. Enterprise Minister Gráinne Tierney spoke.")
    assert [(c.name, c.title) for c in names] == [
        ("Rajiv Menon", "Chief Financial Officer"),
        ("Gráinne Tierney", "Enterprise Minister"),
    ]


def test_acronyms_defined_in_parentheses_become_aliases_even_for_lowercase_names() -> None:
    text = (
        "Voters backed the Občanská demokratická unie (ODU) again. "
        "Later ODU won, the US Geological Survey (USGS) said."
    )
    by_name = {c.name: c for c in find_names(text)}
    assert "ODU" in by_name["Občanská demokratická unie"].aliases
    assert by_name["US Geological Survey"].aliases == ["USGS"]
    assert "ODU" not in by_name and "USGS" not in by_name


def test_based_suffixes_elisions_and_sentence_initial_common_nouns() -> None:
    text = "A San Jose-based firm grew. L'Assemblée voted. Rescuers said. Agriculture uses water."
    assert [c.name for c in find_names(text)] == ["San Jose", "Assemblée"]


def test_nested_single_quotes_and_titles_in_quotation_marks() -> None:
    text = "“He told me ‘we will never sign’, and I believed him,” she said. The film “Steel and Salt” opens."
    spans = find_quotations(text)
    assert [(q.text, q.nested) for q in spans] == [
        ("He told me ‘we will never sign’, and I believed him,", False),
        ("we will never sign", True),
    ]


def test_double_quotes_nested_in_a_single_quoted_quotation() -> None:
    # British style inverts the marks: single outside, double inside
    text = "'He told me, \"We will never sign the deal,\" and left,' she said."
    assert [(q.text, q.nested) for q in find_quotations(text)] == [
        ('He told me, "We will never sign the deal," and left,', False),
        ("We will never sign the deal,", True),
    ]
    # not introduced as dialogue (after a comma or colon): a saying or a thought, not speech
    text = "'I know the saying \"all is well that ends well\" but I doubt it,' she said."
    assert [q.text for q in find_quotations(text)] == [
        'I know the saying "all is well that ends well" but I doubt it,'
    ]


def test_cents_french_numbers_and_earlier_dates() -> None:
    text = "Earnings were 42 cents a share. Dix-huit députés. Two weeks earlier, 5 people left."
    dates = find_dates(text)
    assert [d.text for d in dates] == ["Two weeks earlier"]
    numbers = [(n.text, n.value, n.unit) for n in find_numbers(text, [(d.start, d.end) for d in dates])]
    assert numbers == [("42", 0.42, "USD"), ("Dix-huit", 18.0, "députés"), ("5", 5.0, "people")]


# ---------------------------------------------------------------- single-quoted (British) copy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("‘I’d be over the moon,’ said Locke. ‘I had a taste.", ["I’d be over the moon,", "I had a taste."]),
        ("He said 'the players' efforts were great.'", ["the players' efforts were great."]),
        ("It was 'fluff' and 'very positive' but 'No.'", ["very positive", "No."]),
        ("The fee was not 'excessively high', not a ‘blank cheque’.", ["excessively high", "blank cheque"]),
        ("Jones's dog and rock 'n' roll filled the '90s: 'never again'.", ["never again"]),
        # s' before a word no possessive precedes closes the quote; before a noun it is an apostrophe
        ("She sent 'dossiers' about staff, 'likes' that were bought.", []),
        ("He urged 'patriotic Scots' to vote and warned of 'chaos and crisis' at the vote.",
         ["patriotic Scots", "chaos and crisis"]),
        ("'The dossiers' authors lied,' she said, 'and the fans' efforts mattered.'",
         ["The dossiers' authors lied,", "and the fans' efforts mattered."]),
        ("In the '90s he said 'We will build homes.'", ["We will build homes."]),
        ("The sons’ company ‘was the making of me, I think,’ she said.", ["was the making of me, I think,"]),
    ],
)  # fmt: skip
def test_single_quoted_speech(text: str, expected: list[str]) -> None:
    assert [q.text for q in find_quotations(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lone single-quoted word is someone's when its sentence reports what someone said
        ("Ann Lee claims the two girls were 'inseparable' at school.", ["inseparable"]),
        ("Her brother revealed to the paper that she had a 'fling' in May.", ["fling"]),
        ("The chef said the soup was 'bland', but added it was cheap.", ["bland"]),
        # ... but not one in capitals (a name) or before a capitalised word (an epithet for it)
        ("Ann Lee says the hen, known as 'Biscuit', went missing.", []),
        ("Ann Lee claims the loss hurt her, and is now suing 'thief' Jo Bloggs.", []),
        # nor one in a sentence that reports no one, or one a naming participle names
        ("The home calls its wards 'villages' and the rooms are small.", []),
        ("She said a troll called 'tidewrack' wrote to her.", []),
    ],
)  # fmt: skip
def test_a_lone_single_quoted_word_is_speech_only_in_a_sentence_that_reports_speech(
    text: str, expected: list[str]
) -> None:
    assert [q.text for q in find_quotations(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word or two glued into a sentence that reports no one: the writer's term
        ('They worked in an "office" in a shed and sold "gold dust" in jars.', []),
        ('His spoof of a hit, which he rendered as "Dry."', []),  # the full stop is the sentence's
        ("A so-called \u201csafe zone\u201d was set up.", []),  # so-called reports no one's words
        ('Staff are on "flexible" contracts, and the union said they would strike.', []),
        ('The alleged "fixer" was held, and a trick known as "the loop" spread.', []),  # no verbs
        ('It was what he called "utterly grim" all week.', ["utterly grim"]),  # he called: a speaker
        # someone's words: a reporting verb before it, an attribution ending the sentence, a
        # sentence of its own or one introduced by a colon, a question or exclamation
        ('He called the plan "brilliant" and left.', ["brilliant"]),
        ('The talks were "useful", the two envoys agreed.', ["useful"]),
        ('The week was "grim," she said.', ["grim,"]),
        ('He shrugged.\n\n"Honestly."\n\nHis answer: "Never." The crowd went "Why not?" at once.',
         ["Honestly.", "Never.", "Why not?"]),
        # three words or more are a phrase someone used
        ('It was, in short, "ugly on top" all week.', ["ugly on top"]),
    ],
)  # fmt: skip
def test_a_word_or_two_in_double_marks_is_speech_only_where_the_grammar_says_someone_spoke(
    text: str, expected: list[str]
) -> None:
    assert [q.text for q in find_quotations(text)] == expected


def test_a_quote_runs_on_through_unmarked_paragraphs_to_its_closing_mark() -> None:
    text = "‘That’s how football works.\n\nIf they play well, you rise.\n\nIt is fine,’ he said.\n\nNext."
    assert [q.text for q in find_quotations(text)] == [
        "That’s how football works.", "If they play well, you rise.", "It is fine,",
    ]  # fmt: skip


def test_a_quote_runs_on_until_the_next_paragraph_reopens_it() -> None:
    text = "‘I had a taste of it.\n\nI’m fortunate.\n\n‘But I’ve said all along, it’s not me.’\n\nHe left."
    assert [q.text for q in find_quotations(text)] == [
        "I had a taste of it.", "I’m fortunate.", "But I’ve said all along, it’s not me.",
    ]  # fmt: skip


def test_narration_with_its_own_quote_stops_a_run_on() -> None:
    text = "“First part\n\nThen “a second part” follows."
    assert [q.text for q in find_quotations(text)] == ["First part", "a second part"]


def test_a_sentence_broken_by_a_paragraph_break_is_one_quote() -> None:
    text = "‘I don’t want the divisiveness\n\n, I don’t want the bitterness.’ he said."
    assert [q.text for q in find_quotations(text)] == [
        "I don’t want the divisiveness\n\n, I don’t want the bitterness."
    ]


def test_a_paragraph_that_stops_mid_sentence_runs_into_the_next_one_even_before_a_capital() -> None:
    # a stray break in the copy, not a new paragraph of the quote: one item (evals/public/README.md)
    text = (
        '"I will carry on the work as well as\n\nI can manage," she said.\n\n'
        '"MEET ME AT THE PIER BY\n\nTHE OLD FERRY."'
    )
    assert [q.text for q in find_quotations(text)] == [
        "I will carry on the work as well as\n\nI can manage,",
        "MEET ME AT THE PIER BY\n\nTHE OLD FERRY.",
    ]


def test_a_paragraph_that_opens_with_a_dash_continues_the_sentence_before_it() -> None:
    text = "'We built the pier.\n\n– and then the ferry came,' she said."
    assert [q.text for q in find_quotations(text)] == ["We built the pier.\n\n– and then the ferry came,"]


def test_each_paragraph_of_a_quote_that_ends_a_sentence_stays_its_own_item() -> None:
    text = "'We built the pier.\n\nThen we built the ferry.\n\n'And now we rest.'"
    assert [q.text for q in find_quotations(text)] == [
        "We built the pier.", "Then we built the ferry.", "And now we rest.",
    ]  # fmt: skip


# ---------------------------------------------------------------- name finder on real-news shapes


def _found(text: str, tagged: bool = False) -> list[str]:
    from factsum.tagger import tag

    return [c.name for c in find_names(text, tag(text) if tagged else None)]


def test_new_opens_a_place_name_but_not_a_sentence() -> None:
    # a paper's "The" is part of its title (see test_name_bounds)
    found = _found("The New York Times sent a reporter to New Zealand.")
    assert found == ["The New York Times", "New Zealand"]
    assert "New" not in _found("New figures came out on Monday. Nobody read them.")


def test_an_ampersand_joins_a_company_name() -> None:
    assert _found("Investors bought Harrow & Finch Co shares.") == ["Harrow & Finch Co"]


def test_a_nationality_before_a_full_name_is_not_part_of_it() -> None:
    text = "Norwegian Tomas Valder won the race. Valder said he was tired."
    assert _found(text)[0] == "Tomas Valder"
    assert _found("The Norwegian Red Cross sent tents.") == ["Norwegian Red Cross"]  # a body stays whole


def test_a_person_of_a_body_splits_but_a_body_of_a_place_does_not() -> None:
    text = "said Ilse Brandt of the Harbour Pilots Guild. Brandt spoke first. The Bank of Lisbon agreed."
    assert _found(text) == ["Ilse Brandt", "Harbour Pilots Guild", "Bank of Lisbon"]


def test_capitalised_headlines_and_contractions_are_not_found() -> None:
    assert _found("FERRY CREW STRIKE ENDS AFTER TALKS\nI'm glad, Shouldn't we go?") == []


def test_a_participle_compound_keeps_the_name_and_drops_the_modifier() -> None:
    found = _found("a Lisbon-inspired menu for the Grandmother-of-four Ana Reis")
    assert "Lisbon" in found and "Ana Reis" in found and not any("-" in name for name in found)
    assert _found("Kim Jong-un met officials in Roissy-en-France.") == ["Kim Jong-un", "Roissy-en-France"]


def test_the_tagger_drops_sentence_initial_common_words() -> None:
    text = '"Honestly, we lost," said Ana Reis. Certainly Reis knew it. "Sorry," she added.'
    assert {"Honestly", "Certainly Reis", "Sorry"} & set(_found(text))  # the regexes alone keep them
    assert _found(text, tagged=True) == ["Ana Reis"]


def test_a_surname_goes_to_the_full_name_the_story_is_about() -> None:
    text = (
        "Ana Reis spoke first. Ana Reis then left. Ana Reis came back. "
        "Her brother Luis Reis waved. Later Mr Reis said more."
    )
    owner = next(c for c in find_names(text) if c.name == "Ana Reis")
    assert "Reis" in owner.aliases  # named three times, the brother once
    even = find_names("John Smith met Mary Smith. Smith spoke.")
    assert [c.name for c in even] == ["John Smith", "Mary Smith", "Smith"]  # a tie stays unlinked


def test_news_spans_seasons_and_clipped_years_are_dates() -> None:
    text = (
        "In '57 he sang songs of the '50s, rock 'n' roll. Within a decade, in the next few months, "
        "this season and by the end of the season; he trains on Wednesdays, this morning, This Easter."
    )
    found = {d.text: d.iso for d in find_dates(text, dt.date(2015, 4, 1))}
    assert found == {
        "'57": "1957", "'50s": None, "Within a decade": None, "the next few months": None,
        "this season": None, "the end of the season": None, "Wednesdays": None,
        "this morning": None, "This Easter": None,
    }  # fmt: skip


def test_a_month_the_article_uses_as_a_first_name_is_not_a_date() -> None:
    found = [d.text for d in find_dates("June Okafor said June was busy. In June 2014 she left.")]
    assert found == ["June 2014"]
    assert [d.text for d in find_dates("In June the vote came.")] == ["June"]


def test_fractions_halves_and_glued_units_are_figures() -> None:
    def found(text: str) -> list[tuple[str, float, str | None]]:
        return [(n.text, n.value, n.unit) for n in find_numbers(text)]

    assert found("a 8½ minute song") == [("8½", 8.5, "minute")]
    assert found("for two and a half years") == [("two and a half", 2.5, "years")]
    assert found("half a million homes") == [("half a million", 500000.0, "homes")]
    assert found("she ran 100miles") == [("100", 100.0, "miles")]
    assert found("F-35 jets and Covid-19 and the A380") == []  # still glued to names


def test_a_closing_mark_moved_to_the_next_line_does_not_open_a_quotation() -> None:
    text = 'He told us "we are done.\n\n"Two years later, he said "we were wrong" on radio.'
    assert [q.text for q in find_quotations(text)] == ["we are done.", "we were wrong"]


def test_a_closing_mark_moved_to_open_a_narration_paragraph_opens_nothing() -> None:
    # both quotations left open: the second mark is the first one's, moved by a sentence splitter
    text = 'She was called "cruel" and a "sad, bitter coward.\n\n"The league suspended her.\n\nShe left.'
    assert [q.text for q in find_quotations(text)] == ["cruel", "sad, bitter coward."]


def test_a_quote_over_paragraphs_reopened_at_each_one_keeps_every_paragraph() -> None:
    text = 'He said: "We will win.\n\n"We are ready.\n\n"We leave at dawn," he added.\n\n"Go."'
    assert [q.text for q in find_quotations(text)] == [
        "We will win.", "We are ready.", "We leave at dawn,", "Go.",
    ]  # fmt: skip


def test_words_in_capitals_throughout_are_shouted_speech_not_a_title() -> None:
    text = "'WE ARE NOT LEAVING': the crew held the deck. They sang \"Harbour Lights\" after."
    assert [q.text for q in find_quotations(text)] == ["WE ARE NOT LEAVING"]


def test_a_quotation_opens_right_after_a_bracketed_credit_that_starts_the_paragraph() -> None:
    text = '(Harbour News)"The pier is closed," the mayor said. It was (sadly)" shut.'
    assert [q.text for q in find_quotations(text)] == ["The pier is closed,"]


def test_a_quotation_opens_after_a_no_break_space_as_after_any_space() -> None:
    text = "She said:\u00a0'We will not sell the farm.' He said:\u00a0\"Nor will I.\""
    assert [q.text for q in find_quotations(text)] == ["We will not sell the farm.", "Nor will I."]


def test_long_titles_and_titles_with_a_subtitle_are_not_speech() -> None:
    text = (
        'She won for "The Best of the Harbour Lights Radio Shows." and wrote '
        '"Salt Roads: A History of the Northern Ferries," a book. "We will go," he said.'
    )
    assert [q.text for q in find_quotations(text)] == ["We will go,"]


def test_one_capitalised_word_in_quotes_is_a_title_unless_it_ends_a_sentence() -> None:
    text = 'She sang "Harbour" and "Respect" that night. Asked again, he said: "No."'
    assert [q.text for q in find_quotations(text)] == ["No."]


def test_a_caption_between_the_paragraphs_of_a_quote_is_not_quoted() -> None:
    text = (
        "He said: 'We have a plan for the harbour.\n\n"
        "Scroll down for video The mayor, left, at the rally in Porto\n\n"
        "'It will be built by spring.'"
    )
    quoted = [q.text for q in find_quotations(text)]
    assert quoted == ["We have a plan for the harbour.", "It will be built by spring."]


def test_a_title_after_a_word_naming_a_work_is_not_speech_even_with_its_comma_inside() -> None:
    # American copy puts the comma or full stop inside the marks: "Rain," is the song's name
    text = (
        'He parodied the hit "Rain," which his rival had recorded. Her first album, "Tidewater," '
        'came out in May. He starred in the series "Lowtide." He recorded "Tin Roof, Blue Door," too.'
        ' She wrote, "Thanks, Everyone." He wrote "Miss You, Stan." on a card. "It was fun," she said.'
    )
    assert [q.text for q in find_quotations(text)] == ["Thanks, Everyone.", "Miss You, Stan.", "It was fun,"]


def test_a_title_like_answer_after_a_word_naming_a_work_is_speech_when_attributed() -> None:
    text = 'Asked about the book, "Brilliant," she said. Of the film, "Honestly, No Comment," said Ann Lee.'
    assert [q.text for q in find_quotations(text)] == ["Brilliant,", "Honestly, No Comment,"]


def test_a_title_with_commas_or_a_subtitle_after_a_word_naming_a_work_even_across_a_break() -> None:
    text = (
        'The book "Salt Roads:\n\nFerries, Piers, and the Northern Sea" sold well.\n\n'
        "He voiced the bear in the cartoon\n\n"
        '"Hop, Skip, Bruin," and then retired. The chorus starts as "Bye, Bye, Sweet Harbour."'
    )
    assert [q.text for q in find_quotations(text)] == ["Bye, Bye, Sweet Harbour."]


def test_a_quoted_name_before_a_word_naming_a_work_or_a_credit_is_a_title() -> None:
    text = (
        'Fans joined in the "Hey, Hey" chorus. Then came "Pier is Our Pier" (by Jo Kim). '
        'She called it a "very long" night.'
    )
    assert [q.text for q in find_quotations(text)] == ["very long"]


def test_names_in_a_list_with_a_title_are_titles() -> None:
    text = (
        'Like "Old Pier" or "Salt Roads" or "Harbour," it will last. The others were "Over the Pier" '
        '(by Ann Lee), "Tide Song "(by Tom Ray), "This Boat is Our Boat" (by Jo Kim) and "Respect". '
        'He answered "yes" and "no" at once.'
    )
    assert [q.text for q in find_quotations(text)] == ["yes", "no"]


def test_a_paragraph_stopping_mid_sentence_before_a_dash_continuation_is_quoted_not_a_caption() -> None:
    text = (
        "'They said no.\n\nBut never say never.\n\n"
        "If he scores runs and the side is struggling\n\n– why not bring him back?' he said."
    )
    assert [q.text for q in find_quotations(text)] == [
        "They said no.", "But never say never.",
        "If he scores runs and the side is struggling\n\n– why not bring him back?",
    ]  # fmt: skip


def test_a_quoted_nickname_stays_inside_the_name() -> None:
    text = "Mike 'Sugar Bear' Thompson met Tomas \"The Hammer\" Valder. Thompson left."
    assert [(c.name, c.aliases) for c in find_names(text)] == [
        ("Mike 'Sugar Bear' Thompson", ["Thompson"]),
        ('Tomas "The Hammer" Valder', []),
    ]


def test_a_trailing_title_is_a_role_not_part_of_the_name() -> None:
    (candidate,) = find_names("The candidate Anas Sarwar MP spoke.")
    assert (candidate.name, candidate.title) == ("Anas Sarwar", "MP")


def test_particles_compass_places_and_bodies_named_after_a_title_word() -> None:
    from factsum.tagger import tag

    text = (
        "Belgium beat De Wilde and Van Moer in the Middle East and the Far East. "
        "The Foreign Ministry disagreed. One of Portugal's papers, Le Matin, said so. Three judges ruled."
    )
    found = [c.name for c in find_names(text, tag(text))]
    assert found == [
        "Belgium", "De Wilde", "Van Moer", "Middle East", "Far East",
        "Foreign Ministry", "Portugal", "Le Matin",
    ]  # fmt: skip
    (minister,) = find_names("Foreign Minister Ana Reis spoke.")
    assert (minister.name, minister.title) == ("Ana Reis", "Foreign Minister")
