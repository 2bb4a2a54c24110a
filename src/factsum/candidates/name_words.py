"""Typography tests on one word or one run of words: does it belong to a name?

Real copy puts typography in a name's way, and each rule here reads one kind: a closing single
quotation mark or a possessive ends a name ("'Doggie' for", "Joe Biden's."); a caption glued to
the next sentence without its full stop is cut where the sentence opens ("in Menorca While Pat",
"the Court of Appeal Millions of"); words in capitals are a heading unless the article writes
them in normal case or they open a dateline; prefixes ("Ex-") are no part of a name, while
particles ("al-Qaeda"), a capital "The" inside a sentence ("to The National Enquirer"), a
number ("Channel 5") and a mark that ends no sentence ("Which?,") are.

Each test is a pure predicate over words as (text, start, end) and, where it needs the whole
article, ``ArticleWords``: which words the article writes in lower case or in normal case
elsewhere, and which possessives are brands ("Christie's"). What to do with a word the tests
reject is ``name_runs``' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factsum.candidates.lexicon import (
    CARDINAL_WORDS,
    COMPASS_WORDS,
    DEMONYMS,
    FACILITY_WORDS,
    FRENCH_MONTHS,
    FUNCTION_WORDS,
    HYPHENATED_PARTICLES,
    MODIFIER_PREFIXES,
    MONTHS,
    NAME_OPENERS,
    NAME_PARTICLES,
    NUMBERED_NAME_HEADS,
    ORGANIZATION_WORDS,
    PLACE_NAME_ABBREVIATIONS,
    PLACE_WORDS,
    PUBLICATION_WORDS,
    SENTENCE_OPENERS,
    TITLES,
    WEEKDAYS,
)
from factsum.tagger import Tagging
from factsum.text import single_quote_open_at

# a dot continues a word only inside it ("U.S."), so "Korea...work" splits
# "&" is a word of its own so that "Douglas & Lomason Co" stays one run (it is a connector)
WORD = re.compile(r"[^\W\d_](?:[\w'’&-]|\.(?=\w))*\.?|\d+[\w-]*|&", re.UNICODE)
# "PANAMA'S" in a capitalised headline too
_POSSESSIVE = re.compile(r"(?:['’][sS]|['’])$")
SINGULAR_POSSESSIVE = re.compile(r"['’][sS]$")
# a mark after a word that closes a quotation; "Prostitutes' Rights" is a plural possessive
_CLOSING_MARK = re.compile(r"(?<![sS])['’]$")
# "London-based", "Kyiv-born": the place is a name, the suffix is not
AFFIX = re.compile(r"-(?:based|born|led|owned|backed|run|style|era|made|bound|listed|registered)$", re.I)
# French/Italian elision before a name: "L'Assemblée", "d'Orsay"
ELISION = re.compile(r"^(?:[LlDd]|Qu|qu)['’](?=[^\W\d_])")
# "al-Qaeda": a lower-case particle and a hyphen open the name; "Ex-Killie": a prefix does not
_PARTICLE_PREFIX = re.compile(rf"^(?i:{'|'.join(sorted(HYPHENATED_PARTICLES))})-(?=[A-Z])")
MODIFIER_PREFIX = re.compile(rf"^(?i:{'|'.join(sorted(MODIFIER_PREFIXES))})-(?=[A-Z])")
# single marks count too: British papers open quotations with ‘ or ' ("'Apparently we are")
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;\n\"“”«»„(—–‘'-]\s*)$")
# "I'm", "Shouldn't", "We'll": a contraction is never part of a name
_CONTRACTION = re.compile(r"(?:['’](?:m|ve|ll|re|d)|n['’]t)$", re.I)
# "Grandmother-of-three", "Twitter-auditing", "Hollywood-inspired": a modifier, not a name,
# so the name part is kept and the run ends; "Roissy-en-France", "Chun-yeh" stay whole
LOWER_COMPOUND = re.compile(r"-(?:[a-z][\w'’]*(?:ed|ing)|of-[\w-]+)$")


@dataclass(frozen=True)
class ArticleWords:
    """What the finder knows of the whole article when it judges one run."""

    text: str
    tagging: Tagging | None
    lower_words: frozenset[str]  # words the article writes in lower case somewhere
    name_case_words: frozenset[str]  # ... and capitalised but not in capitals ("Facebook")
    brands: frozenset[str]

    @classmethod
    def read(cls, text: str, tagging: Tagging | None) -> ArticleWords:
        words = [m.group() for m in WORD.finditer(text)]
        return cls(
            text,
            tagging,
            frozenset(w.casefold() for w in words if w[0].islower()),
            frozenset(w.casefold() for w in words if w[0].isupper() and not w.isupper()),
            _possessive_brands(text, tagging),
        )


def capitalised(word: str) -> bool:
    if _CONTRACTION.search(word):
        return False
    prefixed = _PARTICLE_PREFIX.match(word) or MODIFIER_PREFIX.match(word)
    return word[0].isupper() or word.isupper() or prefixed is not None


def _possessive_brands(text: str, tagging: Tagging | None) -> frozenset[str]:
    """Words like "Christie's" whose 's is part of the name: once a finite verb follows it, it
    owns nothing ("Christie's sold the manuscript", "Maclean's reported"), and the article never
    names it without 's. A participle before a noun is an adjective ("Tehran's alleged role")."""
    if tagging is None:
        return frozenset()
    found = set()
    for match in WORD.finditer(text):
        word = match.group()
        if not (SINGULAR_POSSESSIVE.search(word) and word[0].isupper()):
            continue
        if tagging.pos_at(match.end() - 2) != "PART":
            continue
        verb = tagging.token_after(match.end())
        if verb is None or verb.label not in ("VERB", "AUX"):
            continue
        following = tagging.token_after(verb.end)
        if following is None or following.label not in ("NOUN", "ADJ", "PROPN"):
            found.add(word)
    bare = {m.group() for m in WORD.finditer(text)}
    return frozenset(w for w in found if w[:-2] not in bare)


def numbers_a_name(previous: str, word: str) -> bool:
    """'the Channel 5 show': a short number after a head that takes one ends the name."""
    return word.isdigit() and len(word) <= 3 and previous.casefold() in NUMBERED_NAME_HEADS


def opens_a_glued_sentence(word: str) -> bool:
    """'ESPNcricinfo But Stewart': a capitalised sentence opener inside a run starts a sentence."""
    return word[0].isupper() and not word.isupper() and word.casefold() in SENTENCE_OPENERS


def closes_a_quotation(word: str, end: int, text: str) -> bool:
    """'losing 'Biscuit' for Tamsin': the mark after Biscuit closes the quotation, so the name
    ends there; with no quotation open, "Growers' Association" is one name."""
    return bool(_CLOSING_MARK.search(word)) and single_quote_open_at(text, end - 1)


def ends_sentence(word: str) -> bool:
    """'Un.' ends a sentence; 'J.' (an initial), 'Dr.' (a title), 'St.' (Saint) and 'U.S.' do not."""
    if not word.endswith("."):
        return False
    stem = word.rstrip(".").casefold()
    return len(stem) > 1 and "." not in stem and stem not in TITLES and stem not in PLACE_NAME_ABBREVIATIONS


# "the watchdog Which?, said", "Yahoo! said": a mark before a comma or a lower-case word ends
# no sentence, so it is part of a name
BRAND_MARK = re.compile(r"([?!])(?=[,;]|\s+[a-z])")


def is_title_word(word: str) -> bool:
    """'President', 'Gov.', and hyphenated ranks made of titles: 'Major-General'."""
    folded = word.casefold().rstrip(".")
    return folded in TITLES or ("-" in folded and all(part in TITLES for part in folded.split("-")))


def compass_opens_place(words: list[tuple[str, int, int]], index: int) -> bool:
    """'Former South Carolina Gov.': a compass word before a name word opens a place, where
    before a nationality or a title it is part of one ('South Korean President')."""
    if words[index][0].casefold() not in COMPASS_WORDS or index + 1 >= len(words):
        return False
    following = words[index + 1][0]
    return following.casefold() not in DEMONYMS and not is_title_word(following)


def abbreviated_title(word: tuple[str, int, int], text: str) -> bool:
    """'Texas Gov.', 'Ohio Sen.': a short title with its full stop after a name is a role."""
    folded = word[0].casefold()
    return len(folded) <= 4 and folded in TITLES and text[word[2] : word[2] + 1] == "."


def the_of_a_title(words: list[tuple[str, int, int]], text: str) -> bool:
    """'revealed to The National Enquirer', 'at The Oval': a capital The inside a sentence is
    part of the name; at a sentence start only a paper's ("The New York Times dubbed him")."""
    if len(words) < 2 or words[0][0] != "The" or words[1][0].casefold() in DEMONYMS:
        return False
    start = words[0][1]
    sentence_initial = start == 0 or bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start]))
    return not sentence_initial or words[-1][0].casefold() in PUBLICATION_WORDS


def opens_name(words: list[tuple[str, int, int]]) -> bool:
    return len(words) > 1 and words[0][0].casefold() in NAME_OPENERS


# "De Wilde", "Van Moer", "Le Matin", "La Coruna": a capitalised particle opens the name


def opens_with_particle(words: list[tuple[str, int, int]]) -> bool:
    first = words[0][0]
    return (
        len(words) > 1
        and first.casefold() in NAME_PARTICLES
        and first[0].isupper()
        and not first.isupper()
        and words[1][0][0].isupper()
    )


def compass_ends_place(words: list[tuple[str, int, int]]) -> bool:
    """'Middle East', 'Far East': a compass word after a capitalised word ends a place name."""
    return len(words) > 1 and words[-1][0].casefold() in COMPASS_WORDS


def is_headline(words: list[tuple[str, int, int]]) -> bool:
    """'THREE STANDARD LIEGE PLAYERS BANNED': a capitalised headline, not a name."""
    return len(words) >= 3 and all(w.isupper() or w == "&" for w, _, _ in words)


# a dateline opens a line with a place in capitals: "LA PAZ, Bolivia", "THE HAGUE 1996-08-30"
_DATELINE_END = re.compile(r"\s*(?:,|\d|\(|—|-)")


def opens_a_dateline(words: list[tuple[str, int, int]], text: str) -> bool:
    """'THE HAGUE 1996-08-30', 'LA CORUNA, Spain': a place in capitals opening a line before
    a date or a comma, its article included."""
    if len(words) < 2 or not all(w.isupper() for w, _, _ in words):
        return False
    start, end = words[0][1], words[-1][2]
    return (start == 0 or text[start - 1] == "\n") and bool(_DATELINE_END.match(text, end))


def is_heading(words: list[tuple[str, int, int]], article: ArticleWords) -> bool:
    """'FACEBOOK FAKERY:' two or more words in capitals are a heading, not a name, when one of
    them never appears in normal case in the article; a dateline's place is a name."""
    if len(words) < 2 or not all(w.isupper() or w == "&" for w, _, _ in words):
        return False
    if opens_a_dateline(words, article.text):
        return False
    # acronyms ("NASA JPL") are short and have no normal case: only a longer word counts
    return any(len(w) > 4 and w.casefold() not in article.name_case_words for w, _, _ in words)


def strip_word(word: str, keep_possessive: bool = False) -> str:
    if word.endswith(".") and len(word) > 2 and "." not in word[:-1]:
        word = word[:-1]  # sentence end, not an initial ("J.") or acronym ("U.S.")
    # after the full stop: "Joe Biden's." and "in Birmingham'." end in a mark once it is gone
    if not keep_possessive:
        word = _POSSESSIVE.sub("", word)
    return LOWER_COMPOUND.sub("", AFFIX.sub("", word))


def is_noise_word(word: str, start: int, text: str, lower_words: frozenset[str]) -> bool:
    if (word.isupper() and len(word) > 1) or _PARTICLE_PREFIX.match(word):
        return False  # "UN", "US": acronyms, not the French article "un"; "Al-Qaeda"
    folded = word.casefold()
    if folded in FUNCTION_WORDS:
        return True
    sentence_initial = bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start])) or start == 0
    return sentence_initial and folded in lower_words and not word.isupper()


_FOLLOWED_BY_LOWER_CASE = re.compile(r"\s+[a-z]")


def glued_common_word(
    words: list[tuple[str, int, int]], text: str, lower_words: frozenset[str], tagging: Tagging | None
) -> bool:
    """'at the High Court Thousands of tenants': a caption lost its full stop, and
    the next sentence opens with a common word (lower-case elsewhere in the article, no head
    of a name) after a complete name: one the article uses alone, or ending in a body's head."""
    if len(words) < 2:
        return False
    word, _, end = words[-1]
    folded = word.casefold()
    if word.isupper() or folded not in lower_words or not _FOLLOWED_BY_LOWER_CASE.match(text, end):
        return False
    heads = (ORGANIZATION_WORDS, PLACE_WORDS, FACILITY_WORDS, TITLES, CARDINAL_WORDS)
    if any(folded in words_of_names for words_of_names in heads):
        return False  # "Harbour Street in", "League Two was"
    if tagging is not None and tagging.is_entity(words[0][1], end, "PERSON"):
        return False  # "Tom Cook": a surname that is also a word
    head = text[words[0][1] : words[-2][2]]
    if words[-2][0].casefold() in ORGANIZATION_WORDS:
        return True
    return any(
        m.start() != words[0][1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(head)}(?![\w'’-])(?!\s+[A-Z])", text)
    )


def trailing_weekday(words: list[tuple[str, int, int]], tagging: Tagging | None) -> bool:
    """'the Greater Milwaukee Open Thursday', 'on Channel 5 Wednesdays': a weekday after a name
    says when; 'Good Friday' and 'Black Friday' are the tagger's dates and events whole."""
    if len(words) < 2 or not re.fullmatch(rf"(?:{WEEKDAYS})s?", words[-1][0].casefold()):
        return False
    span = (words[-2][1], words[-1][2])
    return tagging is None or not any(
        e.start <= span[0] and span[1] <= e.end and e.label in ("DATE", "EVENT") for e in tagging.entities
    )


def tagged_trailing_noun(word: tuple[str, int, int], tagging: Tagging | None) -> bool:
    if tagging is None or word[0].isupper():
        return False
    return tagging.pos_at(word[1]) in ("NOUN", "VERB") and tagging.entity_label([(word[1], word[2])]) is None


# parts of speech a sentence-initial capital has when it is not a name ("Lose", "Certainly")
_NOT_NAME_POS = frozenset(
    {"ADV", "VERB", "AUX", "ADJ", "PRON", "INTJ", "SCONJ", "CCONJ", "DET", "PART", "ADP", "NUM"}
)


def tagged_common_word(word: tuple[str, int, int], text: str, tagging: Tagging | None) -> bool:
    """A sentence-initial word the tagger reads as a common word and puts in no entity."""
    if tagging is None or word[0].isupper():
        return False
    start = word[1]
    if not (start == 0 or _SENTENCE_BREAK.search(text[max(0, start - 3) : start])):
        return False
    if tagging.pos_at(start) not in _NOT_NAME_POS:
        return False
    return tagging.entity_label([(word[1], word[2])]) in _NOT_NAMES


# tagger labels that are no name: "One of Cuba's", "Three judges"
_NOT_NAMES = frozenset({None, "CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"})


# plural agents and abstract-noun endings: "Rescuers", "Agriculture", "Construction"
_COMMON_NOUN_ENDING = re.compile(
    r"(?:ers|ors|ists|ents|ants|ians|als|ees|tion|sion|ment|ness|ity|ure|ial|ics|ism)$"
)


def is_plural_common_noun(name: str, start: int, text: str) -> bool:
    """'Rescuers said', 'Prosecutors argued': sentence-initial plurals are rarely names."""
    if " " in name or name.isupper() or not _COMMON_NOUN_ENDING.search(name):
        return False
    return bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start])) or start == 0


def capitalised_french_month(name: str, start: int, text: str) -> bool:
    """'an icy moon or on Mars': French months are lower case, so inside a sentence a name."""
    sentence_initial = start == 0 or bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start]))
    return name.casefold() in FRENCH_MONTHS and name[0].isupper() and not sentence_initial


def is_not_a_name(name: str) -> bool:
    folded = name.casefold()
    # "Americans", "Germans": the people of a country, as their adjective is no name
    if all(w in DEMONYMS or (w.endswith("s") and w[:-1] in DEMONYMS) for w in folded.split()):
        return True
    if folded in MONTHS:
        return True
    if re.fullmatch(WEEKDAYS, folded) or folded in ("am", "pm", "a.m", "p.m"):
        return True
    if folded.rstrip(".") in TITLES or folded in FUNCTION_WORDS:
        return True
    return len(name) < 2
