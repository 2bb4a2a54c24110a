"""Capitalised runs of an article, each trimmed to the names it holds.

A run is a maximal sequence of capitalised words, with up to two connectors inside ("Office
for the ..."); it ends at a gap that is not one space, at a sentence opener glued on, and
after a possessive, a sentence's full stop, a closing quotation mark or "-based". Trimming
then drops what opens or ends a run without being part of a name (sentence-initial function
words, tagged common words, headings, nationalities, a glued-on next sentence), keeps the
titles it cuts off as a role hint, and splits a person off "X of Y". The tests it applies to
each word are ``name_words``; ``names`` groups what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factsum.candidates.lexicon import (
    CONNECTORS,
    DEMONYMS,
    DEPARTMENT_WORDS,
    ORGANIZATION_WORDS,
    PLACE_WORDS,
    PLURAL_TITLES,
    TITLES,
    TRIBUTE_WORDS,
)
from factsum.candidates.name_words import (
    AFFIX,
    BRAND_MARK,
    ELISION,
    LOWER_COMPOUND,
    MODIFIER_PREFIX,
    SINGULAR_POSSESSIVE,
    WORD,
    ArticleWords,
    abbreviated_title,
    capitalised,
    capitalised_french_month,
    closes_a_quotation,
    compass_ends_place,
    compass_opens_place,
    ends_sentence,
    glued_common_word,
    is_heading,
    is_headline,
    is_noise_word,
    is_not_a_name,
    is_plural_common_noun,
    is_title_word,
    numbers_a_name,
    opens_a_dateline,
    opens_a_glued_sentence,
    opens_name,
    opens_with_particle,
    strip_word,
    tagged_common_word,
    tagged_trailing_noun,
    the_of_a_title,
    trailing_weekday,
)
from factsum.tagger import Tagging


@dataclass(frozen=True)
class _Run:
    words: list[tuple[str, int, int]]

    @property
    def text(self) -> str:
        return " ".join(w for w, _, _ in self.words)


def capitalised_runs(text: str, brands: frozenset[str] = frozenset()) -> list[_Run]:
    """Maximal runs of capitalised words, up to two connectors inside ("Office for the ..."); a
    possessive that is no brand, a sentence's full stop, a closing quotation mark, "-based" or a
    lower-case compound ends one."""
    runs: list[_Run] = []
    current: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []  # connectors waiting for a capitalised word
    last_end = -1
    for match in WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        gap = text[last_end:start] if last_end >= 0 else " "
        contiguous = last_end >= 0 and gap in (" ", "\u00a0")
        if current and (not contiguous or opens_a_glued_sentence(word)):
            runs.append(_Run(current))
            current, pending = [], []
        numbered = bool(current) and not pending and numbers_a_name(current[-1][0], word)
        if (capitalised(word) and not word[0].isdigit()) or numbered:
            current.extend(pending)
            pending = []
            current.append((word, start, end))
        elif current and word.casefold() in CONNECTORS and len(pending) < 2:  # "Office for the ..."
            pending.append((word, start, end))
        elif current:
            runs.append(_Run(current))
            current, pending = [], []
        last_end = end
        # a possessive, a trailing full stop or "-based" ends the run ("Beijing's Communist Party")
        # ("Growers' Association" goes on: a plural possessive inside a name)
        if current and (
            (SINGULAR_POSSESSIVE.search(word) and word not in brands)
            or ends_sentence(word)
            or closes_a_quotation(word, end, text)
            or AFFIX.search(word)
            or LOWER_COMPOUND.search(word)
        ):
            runs.append(_Run(current))
            current, pending = [], []
    if current:
        runs.append(_Run(current))
    return runs


def names_in_run(run: _Run, article: ArticleWords) -> list[tuple[str, int, int, str | None]]:
    """The names a run holds, as (name, start, end, title): what opens or ends the run without
    being part of a name goes, the titles cut off are the first name's role hint, and a person
    splits off "X of Y"."""
    text, tagging, lower_words, brands = article.text, article.tagging, article.lower_words, article.brands
    words = []
    for raw, start, _ in run.words:
        elided = ELISION.match(raw) or MODIFIER_PREFIX.match(raw)
        shift = elided.end() if elided else 0
        word = strip_word(raw[shift:], keep_possessive=raw.rstrip(".") in brands)
        if word:
            words.append((word, start + shift, start + shift + len(word)))
    if words and (mark := BRAND_MARK.match(text, words[-1][2])):
        word, start, end = words[-1]
        words[-1] = (word + mark.group(1), start, end + 1)
    # sentence-initial function words and adjectives that are not names
    while (
        words
        and not the_of_a_title(words, text)
        and not opens_a_dateline(words, text)
        and not words[0][0].endswith(("?", "!"))
        and (
            (
                is_noise_word(words[0][0], words[0][1], text, lower_words)
                and not opens_name(words)
                and not opens_with_particle(words)
            )
            or (words[0][0].casefold() in CONNECTORS and not opens_with_particle(words))
            or tagged_common_word(words[0], text, tagging)
            or words[0][0].casefold() in TRIBUTE_WORDS
        )
    ):
        words.pop(0)  # "Shares of the San Jose(-based)": the noun and its "of the" go
    if is_headline(words) or is_heading(words, article):
        return []
    title_words: list[str] = []
    # leading demonyms + titles ("Russian President", "Assistant Minister of Foreign Affairs")
    index = 0
    while index < len(words) and (
        (words[index][0].casefold() in DEMONYMS and not compass_opens_place(words, index))
        or is_title_word(words[index][0])
    ):
        index += 1
    body = [w.casefold() for w, _, _ in words[index:]]
    names_a_body = bool(body) and all(w in ORGANIZATION_WORDS or w in DEPARTMENT_WORDS for w in body)
    if (
        0 < index < len(words)
        and not names_a_body  # "Foreign Ministry", "State Department": the body, not a title
        and any(is_title_word(w) for w, _, _ in words[:index])
    ):
        rest = words[index:]
        if rest and rest[0][0].casefold() == "of":
            # "Minister of Foreign Affairs Hong Lei": the name starts after the department words
            cut = (
                max(
                    (
                        i
                        for i, (w, _, _) in enumerate(rest)
                        if w.casefold() in DEPARTMENT_WORDS or w.casefold() == "of"
                    ),
                    default=0,
                )
                + 1
            )
            index += cut
        title_words = [w for w, _, _ in words[:index]]
        words = words[index:]
    if 0 < index < len(words) and not title_words and _full_person_name(words[index:], text, tagging):
        words = words[index:]  # "Australian Tom Moody", "Mexican Ariel Cruz": a nationality, no role
    words, inner_title = _split_inner_title(words)
    title_words += inner_title
    if glued_common_word(words, text, lower_words, tagging):
        words = words[:-1]
    # trailing connectors and adjectives: "Millions of Chinese (citizens)"; a trailing title is
    # a role ("Anas Sarwar MP"); a trailing common noun the tagger puts in no entity is the
    # next sentence, glued on where a caption lost its full stop ("the Court of Appeal Millions")
    while len(words) > 1 and (
        words[-1][0].casefold() in CONNECTORS
        or (words[-1][0].casefold() in DEMONYMS and not compass_ends_place(words))
        or (words[-1][0].casefold().rstrip(".") in TITLES and words[-1][0].isupper())
        or abbreviated_title(words[-1], text)
        or words[-1][0].casefold() in PLURAL_TITLES
        or tagged_trailing_noun(words[-1], tagging)
        or trailing_weekday(words, tagging)
    ):
        if is_title_word(words[-1][0]) or words[-1][0].casefold() in PLURAL_TITLES:
            title_words.append(words[-1][0])
        words.pop()
    while words and (
        words[-1][0].casefold() in CONNECTORS
        or (words[-1][0].casefold() in DEMONYMS and not compass_ends_place(words))
    ):
        words.pop()
    if not words:
        return []
    title = " ".join(title_words) or None
    pieces = _split_person_of_place(words, text, tagging)
    found = []
    for piece in pieces:
        name = text[piece[0][1] : piece[-1][2]]
        if (is_not_a_name(name) and not capitalised_french_month(name, piece[0][1], text)) or (
            is_plural_common_noun(name, piece[0][1], text)
        ):
            continue
        found.append((name, piece[0][1], piece[-1][2], title if piece is pieces[0] else None))
    return found


def _split_person_of_place(
    words: list[tuple[str, int, int]], text: str, tagging: Tagging | None
) -> list[list[tuple[str, int, int]]]:
    """'John Casesa of Schroder Wertheim' -> the person and the body; 'Bank of England' stays.

    Only a person's full name splits off (see _full_person_name): a one-word head before
    "of" is a body or a title ("University of Texas", "Duke of York")."""
    folded = [w.casefold() for w, _, _ in words]
    if "of" not in folded:
        return [words]
    cut = folded.index("of")
    head, tail = words[:cut], words[cut + 1 :]
    while tail and tail[0][0].casefold() in CONNECTORS:
        tail = tail[1:]
    if not tail or not _full_person_name(head, text, tagging):
        return [words]
    return [head, tail]


def _split_inner_title(
    words: list[tuple[str, int, int]],
) -> tuple[list[tuple[str, int, int]], list[str]]:
    """'Enterprise Minister Gráinne Tierney' -> the name after the last title word."""
    folded = [w.casefold().rstrip(".") for w, _, _ in words]
    last = max((i for i, w in enumerate(folded[:-1]) if w in TITLES), default=-1)
    rest = folded[last + 1 :]
    if last < 0 or not 1 <= len(rest) <= 4:
        return words, []
    if any(w in CONNECTORS or w in ORGANIZATION_WORDS for w in rest):
        return words, []
    return words[last + 1 :], [w for w, _, _ in words[: last + 1]]


def _full_person_name(words: list[tuple[str, int, int]], text: str, tagging: Tagging | None) -> bool:
    """Two or three name words that the tagger calls a person, or whose last one the article
    also uses alone, as news refers to people ("Tom Moody ... Moody said"); bodies and places
    are not cut that way ("Red Cross")."""
    if not 2 <= len(words) <= 3:
        return False
    folded = [w.casefold().rstrip(".") for w, _, _ in words]
    if any(
        w in CONNECTORS or w in ORGANIZATION_WORDS or w in PLACE_WORDS or w in DEMONYMS or w in TITLES
        for w in folded
    ) or any(w.isupper() for w, _, _ in words):
        return False
    if tagging is not None and tagging.is_entity(words[0][1], words[-1][2], "PERSON"):
        return True
    last, previous = words[-1][0], words[-2][0]
    for match in re.finditer(rf"(?<![\w-]){re.escape(last)}(?![\w-])", text):
        if not text[: match.start()].rstrip().endswith(previous):
            return True
    return False
