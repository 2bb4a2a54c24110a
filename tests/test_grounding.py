from __future__ import annotations

import pytest

from factsum.candidates import find_quotations
from factsum.grounding import locate, normalize_text
from factsum.schemas import MatchStatus

ARTICLE = "The minister said the economy would grow strongly next year despite the war."


def test_exact_span_equals_str_find() -> None:
    needle = "grow strongly"
    g = locate(ARTICLE, needle)
    assert g.status is MatchStatus.EXACT
    assert (g.start, g.end) == (ARTICLE.find(needle), ARTICLE.find(needle) + len(needle))
    assert ARTICLE[g.start : g.end] == needle
    assert g.grounded is True


def test_exact_strips_needle_whitespace() -> None:
    g = locate(ARTICLE, "  the war  ")
    assert g.status is MatchStatus.EXACT
    assert ARTICLE[g.start : g.end] == "the war"


@pytest.mark.parametrize(
    ("text", "needle", "expected_span_text"),
    [
        # curly in the article, straight in the needle; span covers the curly marks
        (
            "He said \u201cWe will  win\nthe war\u201d on Monday.",
            '"we will win the war"',
            "\u201cWe will  win\nthe war\u201d",
        ),
        # case and runs of whitespace/newlines folded
        (
            "He said \u201cWe will  win\nthe war\u201d on Monday.",
            "we will win the war",
            "We will  win\nthe war",
        ),
        # curly apostrophe in the article, straight in the needle
        (
            "Beijing\u2019s  Communist Party met.",
            "beijing's communist party",
            "Beijing\u2019s  Communist Party",
        ),
        # en dash vs hyphen
        ("The 2019\u20132020 season ended.", "2019-2020 SEASON", "2019\u20132020 season"),
    ],
)
def test_normalized_span_maps_back_to_original_chars(text: str, needle: str, expected_span_text: str) -> None:
    g = locate(text, needle)
    assert g.status is MatchStatus.NORMALIZED
    assert text[g.start : g.end] == expected_span_text
    assert (g.start, g.end) == (
        text.index(expected_span_text),
        text.index(expected_span_text) + len(expected_span_text),
    )
    assert normalize_text(text[g.start : g.end]) == normalize_text(needle)


def test_normalize_text_folds_case_quotes_dashes_whitespace() -> None:
    assert normalize_text("  \u201cCaf\u00e9\u201d \u2014  Ok\n\n") == '"cafe" - ok'


def test_fuzzy_one_word_changed() -> None:
    g = locate(ARTICLE, "the economy will grow strongly next year")
    assert g.status is MatchStatus.FUZZY
    assert ARTICLE[g.start : g.end] == "the economy would grow strongly next year"


def test_fuzzy_one_word_missing() -> None:
    g = locate(ARTICLE, "the economy would grow next year")
    assert g.status is MatchStatus.FUZZY
    assert ARTICLE[g.start : g.end] == "the economy would grow strongly next year"


def test_not_found() -> None:
    g = locate(ARTICLE, "bananas are a yellow fruit")
    assert g.status is MatchStatus.NOT_FOUND
    assert (g.start, g.end, g.note) == (None, None, None)
    assert g.grounded is False


def test_empty_needle_not_found() -> None:
    g = locate(ARTICLE, "   ")
    assert g.status is MatchStatus.NOT_FOUND
    assert g.note == "empty text"


QUOTED = "Officials said the plan was dead. \u201cThe plan is alive,\u201d she said."


def test_quote_rule_rejects_words_only_outside_quotation_marks() -> None:
    within = [(q.start, q.end) for q in find_quotations(QUOTED)]
    assert within == [(35, 53)]
    # exact substring exists, but only outside the quotation marks
    assert locate(QUOTED, "the plan was dead").status is MatchStatus.EXACT
    g = locate(QUOTED, "the plan was dead", within=within)
    assert g.status is MatchStatus.NOT_FOUND
    assert g.note == "not inside quotation marks"
    assert g.start is None


def test_quote_rule_accepts_words_inside_quotation_marks() -> None:
    within = [(q.start, q.end) for q in find_quotations(QUOTED)]
    g = locate(QUOTED, "The plan is alive", within=within)
    assert g.status is MatchStatus.EXACT
    assert (g.start, g.end) == (35, 52)


def test_quote_rule_prefers_the_occurrence_inside_quotes() -> None:
    text = "He said it was over. Then: \u201cit was over\u201d, he repeated."
    within = [(q.start, q.end) for q in find_quotations(text)]
    g = locate(text, "it was over", within=within)
    assert g.status is MatchStatus.EXACT
    assert g.start == text.index("\u201cit was over") + 1
    assert g.start != text.find("it was over")


def test_quote_rule_normalized_inside_quotes() -> None:
    within = [(q.start, q.end) for q in find_quotations(QUOTED)]
    g = locate(QUOTED, "the PLAN is   alive", within=within)
    assert g.status is MatchStatus.NORMALIZED
    assert QUOTED[g.start : g.end] == "The plan is alive"


@pytest.mark.parametrize(
    ("text", "needle"),
    [("Kenya's capital", "Ken"), ("in 2015 the", "15"), ("a $10 million loan", "$1"),
     ("about 3.5 metres", "5"), ("10,000 people", "10"), ("Kenyatta", "kenya")],
)  # fmt: skip
def test_matches_inside_a_word_or_a_number_do_not_ground(text: str, needle: str) -> None:
    assert locate(text, needle).status == MatchStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("text", "needle"),
    [("Ken, from Nairobi", "Ken"), ("(15) items", "15"), ("cost $1 each.", "$1"),
     ("José Díaz said", "Jose Diaz"), ("Kenya.", "Kenya")],
)  # fmt: skip
def test_matches_on_word_boundaries_ground(text: str, needle: str) -> None:
    assert locate(text, needle).grounded
