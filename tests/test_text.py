"""The shared text rules: folding with an offset map, sentence and paragraph ends, initials."""

from __future__ import annotations

from factsum.text import (
    SENTENCE_END,
    ends_a_sentence,
    fold,
    initials,
    normalize_text,
    paragraph_bounds,
    paragraph_spans,
    sentence_end,
    sentence_start,
)


def test_fold_maps_every_folded_char_back_to_the_original() -> None:
    text = "  Élysée\u00a0 “Palace” – 2\u2011step…"
    folded = fold(text)
    assert folded.text == 'elysee "palace" - 2-step...'
    assert len(folded.origin) == len(folded.text)
    assert text[folded.origin[0]] == "É"
    assert text[folded.origin[folded.text.index('"')]] == "“"
    assert normalize_text("Kim’s") == normalize_text("KIM'S") == "kim's"


def test_a_sentence_ends_before_a_capital_or_an_opening_mark_only() -> None:
    text = "He left. “We stay,” she said. Then at 5 p.m. on Monday… Nobody knew."
    assert [m.start() for m in SENTENCE_END.finditer(text)] == [8, 29]


def test_a_piece_ends_a_sentence_only_at_a_final_stop_perhaps_closed_by_a_mark() -> None:
    assert all(map(ends_a_sentence, ["We won.", "Did we win?'", "We won!\u201d ", "(We won.)"]))
    assert not any(map(ends_a_sentence, ["We won", "We won,", "We won:", "We won \u2013"]))


def test_a_sentence_starts_after_the_last_sentence_end_and_ends_at_the_next_one() -> None:
    text = "One. He said “Two.” Then three\n\nFour. Five."
    assert sentence_start(text, text.index("Two")) == text.index("He")
    assert sentence_start(text, text.index("He")) == text.index("He")  # its first char too
    assert sentence_end(text, text.index("Two")) == text.index("” Then") + 1  # after the closing mark
    assert sentence_end(text, text.index("three")) == text.index("\n")  # a paragraph ends it
    assert sentence_start(text, text.index("Four")) == text.index("Four")


def test_a_blank_line_with_spaces_is_a_paragraph_break_too() -> None:
    text = "One.\n\nTwo.\n \nThree."
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["One.", "Two.", "Three."]
    assert paragraph_bounds(text, text.index("Two")) == (6, 10)
    assert paragraph_bounds(text, 0) == (0, 4)


def test_initials_count_capitalised_words_and_whole_acronyms() -> None:
    assert initials("US Geological Survey") == initials("U.S. Geological Survey") == "usgs"
    assert initials("Bank of England") == "be"


def test_single_quote_open_at() -> None:
    from factsum.text import single_quote_open_at

    text = "He said 'the dog ran to Leeds' and left. O'Neill's dogs' bowls.\n\n'New"
    assert single_quote_open_at(text, text.index("Leeds"))
    assert not single_quote_open_at(text, text.index(" and"))  # closed after Leeds
    assert not single_quote_open_at(text, text.index("bowls"))  # apostrophes open nothing
    assert not single_quote_open_at(text, text.index("New") - 1)  # a new paragraph starts clean


def test_a_single_mark_opens_after_a_space_bracket_dash_or_double_mark_and_before_a_non_space() -> None:
    from factsum.text import single_quote_opens

    text = "'Yes' (‘no’) —'so' “‘we’ said '£100?' O'Neill ' and"
    opening = [i for i in range(len(text)) if single_quote_opens(text, i)]
    # after a line start, (, —, “ and a space (before £ too); not inside O'Neill, nor before a space
    assert [text[i + 1 : i + 3] for i in opening] == ["Ye", "no", "so", "we", "£1"]


def test_a_single_mark_before_two_digits_elides_a_decade_in_either_style() -> None:
    from factsum.text import single_quote_open_at, single_quote_opens

    for text in ("In the '90s Leeds won", "In the \u201890s Leeds won"):
        assert not single_quote_opens(text, text.index("90") - 1)
        assert not single_quote_open_at(text, text.index("Leeds"))


def test_a_left_single_mark_glued_to_a_word_opens_nothing() -> None:
    from factsum.text import single_quote_open_at

    text = "The club\u2018s Leeds ground"  # a mistyped apostrophe
    assert not single_quote_open_at(text, text.index("Leeds"))
