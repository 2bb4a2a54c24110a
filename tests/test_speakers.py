"""Quote attribution by wording: one test per wire pattern the rules read."""

from __future__ import annotations

import re

import pytest

from factsum.candidates import find_quotations
from factsum.candidates.speakers import SpeakerSource, attribute_quotes, fullest_name
from factsum.tagger import tag


def _source(text: str, name: str, *, person: bool = True, forms: tuple[str, ...] = ()) -> SpeakerSource:
    mentions = sorted(
        (m.start(), m.end()) for form in (name, *forms) for m in re.finditer(re.escape(form), text)
    )
    assert mentions, f"{name} is not in the text"
    return SpeakerSource(name, person, tuple(mentions))


def _speakers(text: str, *sources: SpeakerSource) -> list[str | None]:
    quotes = find_quotations(text)
    decided = attribute_quotes(text, quotes, list(sources))
    return [decided[i] for i in range(len(quotes))]


def test_name_after_the_quote_wins_over_a_nearer_name_in_a_later_clause() -> None:
    text = (
        "The European Workers Forum (EWF) said the law “has teeth,” while Marta Kowal, director "
        "of the Rights Alliance, said staff had been disciplined."
    )
    forum = _source(text, "European Workers Forum", person=False, forms=("EWF",))
    alliance = _source(text, "Rights Alliance", person=False)
    assert _speakers(text, forum, _source(text, "Marta Kowal"), alliance) == ["European Workers Forum"]


def test_pronoun_goes_to_the_person_just_introduced_not_the_previous_speaker() -> None:
    text = (
        "“Rates will peak soon,” Lina Marek said.\n\n"
        "Arjun Mehta, an economist at London-based Meridian Macro, was more cautious. "
        "“The problem is imported,” he said. “Higher rates will not make bread cheaper.”"
    )
    sources = (
        _source(text, "Lina Marek"),
        _source(text, "Arjun Mehta"),
        _source(text, "Meridian Macro", person=False),
    )
    assert _speakers(text, *sources) == ["Lina Marek", "Arjun Mehta", "Arjun Mehta"]


def test_pronoun_reaches_back_into_the_paragraph_that_introduced_the_speaker() -> None:
    text = (
        "Henrik Dahl, a seismologist, said the quake was shallow.\n\n"
        "In the village, Teodora Ccama, 61, stood beside the remains of her house.\n\n"
        "“We heard a noise like a train,” she said."
    )
    assert _speakers(text, _source(text, "Henrik Dahl"), _source(text, "Teodora Ccama")) == ["Teodora Ccama"]


def test_name_in_apposition_speaks_and_the_name_inside_the_apposition_does_not() -> None:
    text = (
        "Andrés Villaseñor, project director at Consorcio Salmar, said the plant would run on solar power "
        "and protect marine life. “We have designed this plant for 2050,” he said.\n\n"
        "Adeyemi’s lawyer, Priya Sandhu, called the ruling “a landmark for every phone owner.”"
    )
    sources = (
        _source(text, "Andrés Villaseñor"),
        _source(text, "Consorcio Salmar", person=False),
        _source(text, "Adeyemi"),
        _source(text, "Priya Sandhu"),
    )
    assert _speakers(text, *sources) == ["Andrés Villaseñor", "Priya Sandhu"]


def test_subject_of_the_reported_clause_is_not_the_speaker() -> None:
    text = (
        "Brekke, in a statement issued from Bergen, said Hallvard had “explored every option” for the yard."
    )
    hallvard = _source(text, "Hallvard", person=False)
    assert _speakers(text, _source(text, "Brekke"), hallvard) == ["Brekke"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "« L'effort est réel », estime Éric Vasseur, économiste au Centre d'analyse (CABF).",
            ["Éric Vasseur"],
        ),
        (
            "« Ce vote est un acte de responsabilité », a déclaré la ministre des Comptes publics, "
            "Hélène Marchetti, à l'issue du scrutin.",
            ["Hélène Marchetti"],
        ),
        (
            "Le rapporteur de la commission des finances, Julien Ferrand (Renouveau), a défendu "
            "« un compromis exigeant mais équilibré ».",
            ["Julien Ferrand"],
        ),
        (
            "Pour Marc Delorme, chef de file des députés, le texte « ne réduit pas assez la dépense ». "
            "« Les Français paieront la facture », a-t-il déclaré à la presse.",
            ["Marc Delorme", "Marc Delorme"],
        ),
    ],
)
def test_french_inverted_attributions(text: str, expected: list[str]) -> None:
    names = ["Éric Vasseur", "Hélène Marchetti", "Marc Delorme", "Julien Ferrand"]
    orgs = ["Centre d'analyse", "CABF", "Comptes", "commission des finances", "Renouveau"]
    sources = [_source(text, n) for n in names if n in text] + [
        _source(text, o, person=False) for o in orgs if o in text
    ]
    assert _speakers(text, *sources) == expected


def test_bare_quote_paragraph_continues_the_previous_speaker() -> None:
    text = (
        "“We have seen it before,” Declan Moriarty added.\n\n"
        "“If that happens this time, we will not be quiet about it.”\n\n"
        "Niamh Kerrigan runs a cafe."
    )
    assert _speakers(text, _source(text, "Declan Moriarty"), _source(text, "Niamh Kerrigan")) == [
        "Declan Moriarty",
        "Declan Moriarty",
    ]


def test_undecidable_quote_is_left_to_the_model() -> None:
    text = "Ana Ruiz met Tom Berg in Madrid. The talks were “constructive”, the two sides agreed."
    assert _speakers(text, _source(text, "Ana Ruiz"), _source(text, "Tom Berg")) == [None]


def test_nested_quote_goes_to_the_name_that_introduces_it_inside_the_outer_quote() -> None:
    text = (
        "“Anders Brekke stood up and told us, ‘This yard has a future.’ I believed him,” Morag Lindsay said."
    )
    assert _speakers(text, _source(text, "Lindsay"), _source(text, "Anders Brekke")) == [
        "Lindsay",
        "Anders Brekke",
    ]


def test_nested_quote_without_a_named_speaker_is_left_to_the_model() -> None:
    text = "“The minister said to me, ‘Nothing will be decided.’ Well,” Shona MacInnes said."
    assert _speakers(text, _source(text, "Shona MacInnes")) == ["Shona MacInnes", None]


def test_pronoun_skips_a_name_that_is_the_object_of_a_preposition() -> None:
    text = (
        "Retired driver Luis Mora, 63, said he had voted for Ximena Ocampo because of crime.\n\n"
        "“They have robbed me three times,” he told AFP."
    )
    assert _speakers(text, _source(text, "Luis Mora"), _source(text, "Ximena Ocampo")) == ["Luis Mora"]


def test_name_of_an_organisation_speaks_for_it() -> None:
    text = (
        "Nomvula Khumalo was gloomy, while Craig Ferreira of fund manager Atlantic Peak Capital said the "
        "balance sheet could “only take a few more months of this.”"
    )
    fund = _source(text, "Atlantic Peak Capital", person=False)
    assert _speakers(text, _source(text, "Nomvula Khumalo"), _source(text, "Craig Ferreira"), fund) == [
        "Craig Ferreira"
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The 100 include teachers,” a source told the Sunday Times.", "a source"),
        ("A source told the Sunday Times: ‘The 100 include teachers and staff.’", "A source"),
        ("But yesterday judges said the charge was ‘not extravagant or unconscionable’.", "judges"),
        ("“It is a blank cheque for parking firms,” said one motoring group.", "one motoring group"),
    ],
)
def test_an_unnamed_speaker_is_named_as_the_article_words_it(text: str, speaker: str) -> None:
    sunday_times = _source(text, "Sunday Times", person=False) if "Sunday Times" in text else None
    assert _speakers(text, *([sunday_times] if sunday_times else [])) == [speaker]


def test_the_paragraphs_of_one_quotation_share_its_speaker() -> None:
    text = "‘I’d be over the moon,’ said Locke while talks went on. ‘I had a taste.\n\nI’m lucky.\n\n‘But.’"
    assert _speakers(text, _source(text, "Gary Locke", forms=("Locke",)))[:3] == ["Gary Locke"] * 3


def test_pronoun_goes_to_the_subject_not_to_a_name_in_its_clause() -> None:
    from factsum.tagger import tag

    text = (
        "Tomas Valder, who left the band under Ilse Brandt, told fans he was back.\n\n"
        "He said: ‘We are making a new record.’"
    )
    sources = (_source(text, "Tomas Valder"), _source(text, "Ilse Brandt"))
    quotes = find_quotations(text)
    assert attribute_quotes(text, quotes, list(sources))[0] == "Ilse Brandt"  # the last name, by the regexes
    assert attribute_quotes(text, quotes, list(sources), tag(text))[0] == "Tomas Valder"


def test_an_apposition_without_its_closing_comma_still_binds_the_person() -> None:
    text = "Ilse Brandt, a surgeon at Harbour General Hospital said the plan is “bold and overdue”."
    sources = (_source(text, "Ilse Brandt"), _source(text, "Harbour General Hospital", person=False))
    assert _speakers(text, *sources) == ["Ilse Brandt"]


def test_a_descriptor_speaker_is_the_person_the_article_names_with_it() -> None:
    text = (
        "Former harbour master Ingrid Solberg opened the new quay on Monday.\n\n"
        "“The water is deeper than we thought,” the former harbour master said.\n\n"
        "“We will dredge it again,” a source said."
    )
    assert _speakers(text, _source(text, "Ingrid Solberg")) == ["Ingrid Solberg", "a source"]


def test_a_definite_description_goes_to_the_name_in_apposition_after_it() -> None:
    text = (
        "The baker told the crowd the flour was “older than the oven”.\n\n"
        "Yusuf Demir, the baker, later closed the shop.\n\n"
        "The mayor said the market was “a quiet success”."
    )
    assert _speakers(text, _source(text, "Yusuf Demir")) == ["Yusuf Demir", None]


def test_an_attribution_split_into_the_next_paragraph_still_speaks_for_the_quote() -> None:
    text = (
        "Tamsin Hale grew up beside the old mill.\n\n"
        "“The wheel turned all winter long.”\n\n"
        "Hale recalled.\n\n"
        "“Then the river froze.”\n\n"
        "Later that year Hale told friends she would sell it."
    )
    assert _speakers(text, _source(text, "Tamsin Hale", forms=("Hale",))) == ["Tamsin Hale", "Tamsin Hale"]


def test_a_next_paragraph_that_opens_its_own_quote_does_not_speak_for_the_last_one() -> None:
    text = (
        "Orla Byrne inspected the hall in May.\n\n"
        "Inspectors called the wiring “frankly dangerous”.\n\n"
        "A source told the paper: “Nobody had checked it for years.”"
    )
    assert _speakers(text, _source(text, "Orla Byrne")) == [None, "A source"]


def test_a_long_next_paragraph_is_news_of_its_own_not_a_split_attribution() -> None:
    text = (
        "“We will appeal,” Ravi Iyer said. “The ruling ignores the evidence.”\n\n"
        "According to records filed with the Senate, the company paid no tax in four of the last five years."
    )
    senate = _source(text, "Senate", person=False)
    assert _speakers(text, _source(text, "Ravi Iyer"), senate) == ["Ravi Iyer", "Ravi Iyer"]


def test_claims_alleges_and_went_on_report_speech() -> None:
    text = (
        "Nadia Osei, who sued Karl Brandt, claims the flat was “never once heated”.\n\n"
        "Piet Vos alleges Brandt switched the boiler “off on purpose”.\n\n"
        "Brandt left. Vos went on: “Nobody came to fix it.”"
    )
    sources = (
        _source(text, "Nadia Osei"),
        _source(text, "Piet Vos", forms=("Vos",)),
        _source(text, "Karl Brandt", forms=("Brandt",)),
    )
    assert _speakers(text, *sources) == ["Nadia Osei", "Piet Vos", "Piet Vos"]


def test_a_pronoun_refers_to_a_person_named_before_it_not_after() -> None:
    text = (
        "Mirela Pop has sued her former employer.\n\n"
        "She claims that working beside Dan Ilie, who shares a desk with Radu Stan, left her “exhausted”."
    )
    sources = (_source(text, "Mirela Pop"), _source(text, "Dan Ilie"), _source(text, "Radu Stan"))
    assert _speakers(text, *sources) == ["Mirela Pop"]


def test_a_bare_quote_paragraph_after_a_lead_in_goes_to_the_person_it_introduces() -> None:
    text = (
        "“The tide came in fast,” Jonas Berg said.\n\n"
        "His neighbour, Ewa Lind, waved from the pier, calling out as she always did,\n\n"
        "“Come in before dark!”"
    )
    sources = (_source(text, "Jonas Berg"), _source(text, "Ewa Lind"))
    assert _speakers(text, *sources) == ["Jonas Berg", "Ewa Lind"]


def test_a_nickname_speaker_is_the_one_person_whose_name_holds_it() -> None:
    people = [("Mara 'Little Bird' Quist", ["Quist"]), ("Bird Hollis", []), ("Anton Vey", [])]
    assert fullest_name("Little Bird", people) == "Mara 'Little Bird' Quist"
    assert fullest_name("Bird", people) == "Bird"  # two people hold it: left as it is
    assert fullest_name("Vey", people) == "Anton Vey"
    assert fullest_name("Anton Vey", people) == "Anton Vey"
    assert fullest_name("Ton", people) == "Ton"  # not on word boundaries


def _parsed_speakers(text: str, *sources: SpeakerSource) -> list[str | None]:
    quotes = find_quotations(text)
    decided = attribute_quotes(text, quotes, list(sources), tag(text))
    return [decided[i] for i in range(len(quotes))]


def test_the_subject_of_a_shared_speech_verb_speaks_not_the_earlier_pronoun() -> None:
    text = (
        "Mara Quill says that she lent a bicycle to Rena Holt years ago. She alleges that when it "
        "vanished Ms Holt admitted the theft and told her ‘Mara, you can keep any other bike’, "
        "the blog says."
    )
    sources = (_source(text, "Mara Quill"), _source(text, "Rena Holt", forms=("Holt",)))
    assert _parsed_speakers(text, *sources) == ["Rena Holt"]


def test_the_outlet_that_reports_a_claim_is_not_its_speaker() -> None:
    text = (
        "Ilsa Varn, a farmer, is suing the water board over the flood.\n\n"
        "She also claims the flood has ‘ruined her orchard for a decade’, according to KRV News."
    )
    sources = (_source(text, "Ilsa Varn"), _source(text, "KRV News", person=False))
    assert _parsed_speakers(text, *sources) == ["Ilsa Varn"]


def test_an_unnamed_group_is_the_subject_of_the_verb_the_quote_hangs_on() -> None:
    text = (
        "The Hale Board voted to close the lane to bikes.\n\n"
        "Cycling groups reacted angrily, accusing the board of being ‘asleep at the wheel’."
    )
    assert _parsed_speakers(text, _source(text, "Hale Board", person=False)) == ["Cycling groups"]


def test_a_definite_organisation_noun_speaks_for_the_organisation_named_last() -> None:
    text = (
        "Orbis Labs opened a second plant in Ghent this spring, Orbis Labs said in a filing.\n\n"
        "“Demand for our sensors doubled in a single year,” the company noted."
    )
    assert _parsed_speakers(text, _source(text, "Orbis Labs", person=False)) == ["Orbis Labs"]


def test_she_skips_the_man_named_since() -> None:
    text = (
        "Ana Cole said her bakery would close in May. Her landlord, Tom Reyes, would not discuss his "
        "plans for the building.\n\n“I have nowhere else to go,” she said."
    )
    assert _parsed_speakers(text, _source(text, "Ana Cole"), _source(text, "Tom Reyes")) == ["Ana Cole"]


def test_a_pronoun_goes_to_the_recent_subject_over_a_name_in_a_caption() -> None:
    text = (
        "Dana Pruitt, who runs the shelter, said the scheme was new.\n\n"
        "A film starring Lee Park inspired the scheme at the shelter ‘We want calm mornings,’ she said."
    )
    assert _parsed_speakers(text, _source(text, "Dana Pruitt"), _source(text, "Lee Park")) == ["Dana Pruitt"]


def test_a_person_apposed_to_the_subject_is_the_speaker() -> None:
    text = "The transport minister, Ewan Reid, said he was “badly let down” by the vote of the Hale Party."
    sources = (_source(text, "Ewan Reid"), _source(text, "Hale Party", person=False))
    assert _parsed_speakers(text, *sources) == ["Ewan Reid"]


def test_a_subject_before_a_paragraph_break_inside_its_sentence_still_speaks() -> None:
    text = (
        "Rents rose again in the spring.\n\n"
        "Nia Okafor, head of the tenants' group\n\nHomeFirst, said: ‘We are worried about every family here.’"
    )
    sources = (_source(text, "Nia Okafor"), _source(text, "HomeFirst", person=False))
    assert _parsed_speakers(text, *sources) == ["Nia Okafor"]


def test_the_speech_verb_right_before_a_quote_introduces_it_whatever_the_parse_hangs_it_on() -> None:
    text = (
        "Omar Haddad shared a chat he had with Lina in which she reportedly told him; "
        "‘STOP SPREADING THESE STORIES ABOUT ME.’"
    )
    sources = (_source(text, "Omar Haddad"), _source(text, "Lina"))
    assert _parsed_speakers(text, *sources) == ["Lina"]


def test_a_report_speaks_for_the_person_whose_report_it_is() -> None:
    text = (
        "Tom Reyes said his department had ordered the inquiry, which was led by Ruth Adeyemi. "
        "Her report, published in May, found a ‘culture of silence and fear’ on the wards."
    )
    assert _parsed_speakers(text, _source(text, "Tom Reyes"), _source(text, "Ruth Adeyemi")) == [
        "Ruth Adeyemi"
    ]


def test_words_heard_from_a_group_are_the_groups() -> None:
    text = (
        "The Valley Herald visited the campus on Monday and heard from nurses that the new rota "
        "was ‘simply unworkable’ for parents."
    )
    assert _parsed_speakers(text, _source(text, "Valley Herald", person=False)) == ["nurses"]


def test_a_plural_subject_with_the_plain_verb_speaks() -> None:
    text = (
        "Ivo Brandt lost the vote on Sunday.\n\n"
        "Either Brandt is to blame, or the angry fans who call for ‘a clean sweep’ at the club."
    )
    assert _parsed_speakers(text, _source(text, "Ivo Brandt", forms=("Brandt",))) == ["the angry fans"]


def test_an_unnamed_role_goes_to_the_person_named_with_its_last_words() -> None:
    text = (
        "Dara Holm is being sued by a Danish amateur baker who claims the chef ‘copied her recipe’ "
        "at the fair.\n\nAmateur baker Signe Lund alleges that she sold the cake for years."
    )
    assert _parsed_speakers(text, _source(text, "Dara Holm"), _source(text, "Signe Lund")) == ["Signe Lund"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ruth Adeyemi led the inquiry into the wards.\n\nHer report, published in May, found staff "
            "were afraid to speak.\n\nIt also highlighted a ‘culture of silence’ among managers.",
            "Ruth Adeyemi",
        ),
        (
            "Tom Reyes lost his seat.\n\nThe Hale Board cut its bus routes on Monday.\n\n"
            "It also warned of ‘hard choices ahead’ for rural lines.",
            "Hale Board",
        ),
    ],
)
def test_it_is_the_organisation_or_document_that_was_last_a_subject(text: str, speaker: str) -> None:
    sources = [_source(text, n) for n in ("Ruth Adeyemi", "Tom Reyes") if n in text]
    sources += [_source(text, "Hale Board", person=False)] if "Hale Board" in text else []
    assert _parsed_speakers(text, *sources) == [speaker]


def test_a_verb_joined_to_an_infinitive_takes_the_subject_of_the_clause_holding_it() -> None:
    text = (
        "Actress Mia Rowe told the rally that rents were too high.\n\n"
        "The former soap star backed the Hale Party's plans to cap rents and called for a ‘fair deal’ "
        "for tenants."
    )
    sources = (_source(text, "Mia Rowe"), _source(text, "Hale Party", person=False))
    assert _parsed_speakers(text, *sources) == ["Mia Rowe"]


def test_a_name_deep_inside_an_apposition_does_not_speak_for_the_subject() -> None:
    text = "Ilse Moen, an analyst at Kettle Ridge Partners, said the orders were “patchy at best”."
    sources = (_source(text, "Ilse Moen"), _source(text, "Kettle Ridge Partners"))  # both typed people
    assert _parsed_speakers(text, *sources) == ["Ilse Moen"]


def test_who_is_the_name_right_before_it_past_a_caption_word() -> None:
    text = "Ana Ruiz on a night out with Lena Ortiz, left, who says ‘we will dance till the sun comes up’"
    assert _parsed_speakers(text, _source(text, "Ana Ruiz"), _source(text, "Lena Ortiz")) == ["Lena Ortiz"]


def test_with_no_speech_verb_the_one_source_named_before_the_quote_speaks_for_it() -> None:
    # a caption glued to the next sentence goes on past the quote and names another source
    text = (
        "NEW MAYOR: Ines Varga has cast herself as the voice of 'ordinary commuters' "
        "Another poll by Tallis Research found most riders unconvinced."
    )
    sources = (_source(text, "Ines Varga"), _source(text, "Tallis Research", person=False))
    assert _speakers(text, *sources) == ["Ines Varga"]


def test_revealed_reports_the_words_of_its_subject() -> None:
    text = (
        "Rosa Lindqvist's cousin - Pia 'Pip' Lindqvist - revealed to a tabloid that Rosa had "
        "a 'fling' with Tomas Berg in 2009."
    )
    sources = (
        _source(text, "Pia 'Pip' Lindqvist"),
        _source(text, "Rosa Lindqvist", forms=("Rosa",)),
        _source(text, "Tomas Berg"),
    )
    assert _parsed_speakers(text, *sources) == ["Pia 'Pip' Lindqvist"]
