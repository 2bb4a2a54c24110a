"""Capitalised spans that may name a person, organisation or place, grouped by referent.

A regex finds maximal runs of capitalised words ("National University of Singapore");
titles are split off and kept as a role hint ("Russian President Vladimir Putin" ->
"Vladimir Putin", hint "Russian President"); demonyms, months, weekdays and
sentence-initial function words are dropped; short forms are linked to the full name they
abbreviate ("Kim" -> "Kim Jong Un", "KCNA" -> "Korean Central News Agency"). What remains
is for a model to label: this finder decides *where* names are, not *what* they are.

Real copy puts typography in a name's way, and each rule here reads one kind: a closing single
quotation mark or a possessive ends a name ("'Doggie' for", "Joe Biden's."); a caption glued to
the next sentence without its full stop is cut where the sentence opens ("in Menorca While Pat",
"the Court of Appeal Millions of"); words in capitals are a heading unless the article writes
them in normal case or they open a dateline; prefixes ("Ex-", "RIP") are no part of a name,
while particles ("al-Qaeda"), a capital "The" inside a sentence ("to The National Enquirer"),
a number ("Channel 5") and a mark that ends no sentence ("Which?,") are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factsum.candidates.lexicon import (
    ACRONYM_SKIPPED_WORDS,
    CARDINAL_WORDS,
    COMPASS_WORDS,
    CONNECTORS,
    DEMONYMS,
    DEPARTMENT_WORDS,
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
    PLACE_WORDS,
    PLURAL_TITLES,
    PUBLICATION_WORDS,
    SENTENCE_OPENERS,
    TITLES,
    TRIBUTE_WORDS,
    WEEKDAYS,
)
from factsum.tagger import Tagging
from factsum.text import initials, normalize_text, single_quote_open_at

# a dot continues a word only inside it ("U.S."), so "Korea...work" splits
# "&" is a word of its own so that "Douglas & Lomason Co" stays one run (it is a connector)
_WORD = re.compile(r"[^\W\d_](?:[\w'’&-]|\.(?=\w))*\.?|\d+[\w-]*|&", re.UNICODE)
# "PANAMA'S" in a capitalised headline too
_POSSESSIVE = re.compile(r"(?:['’][sS]|['’])$")
_SINGULAR_POSSESSIVE = re.compile(r"['’][sS]$")
# a mark after a word that closes a quotation; "Prostitutes' Rights" is a plural possessive
_CLOSING_MARK = re.compile(r"(?<![sS])['’]$")
# "London-based", "Kyiv-born": the place is a name, the suffix is not
_AFFIX = re.compile(r"-(?:based|born|led|owned|backed|run|style|era|made|bound|listed|registered)$", re.I)
# French/Italian elision before a name: "L'Assemblée", "d'Orsay"
_ELISION = re.compile(r"^(?:[LlDd]|Qu|qu)['’](?=[^\W\d_])")
# "al-Qaeda": a lower-case particle and a hyphen open the name; "Ex-Killie": a prefix does not
_PARTICLE_PREFIX = re.compile(rf"^(?i:{'|'.join(sorted(HYPHENATED_PARTICLES))})-(?=[A-Z])")
_MODIFIER_PREFIX = re.compile(rf"^(?i:{'|'.join(sorted(MODIFIER_PREFIXES))})-(?=[A-Z])")
_PARENTHETICAL_ACRONYM = re.compile(r"\s*\(([^\W\d_a-z][^\W\d_]{1,9})\)")
# single marks count too: British papers open quotations with ‘ or ' ("'Apparently we are")
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;\n\"“”«»„(—–‘'-]\s*)$")
# "I'm", "Shouldn't", "We'll": a contraction is never part of a name
_CONTRACTION = re.compile(r"(?:['’](?:m|ve|ll|re|d)|n['’]t)$", re.I)
# "Grandmother-of-three", "Twitter-auditing", "Hollywood-inspired": a modifier, not a name,
# so the name part is kept and the run ends; "Roissy-en-France", "Chun-yeh" stay whole
_LOWER_COMPOUND = re.compile(r"-(?:[a-z][\w'’]*(?:ed|ing)|of-[\w-]+)$")
# a first name, a quoted nickname and a surname: Mike 'Sugar Bear' Thompson, J.P. "The Big
# Bopper" Richardson, Roberto "Hands of Stone" Duran
_NICKNAMED = re.compile(
    r"(?<![\w’'])[A-Z][\w.-]*\s(?:'[A-Z][^'\n]{0,30}?'|‘[A-Z][^’\n]{0,30}?’|"
    r"\"[A-Z][^\"\n]{0,30}?\"|“[A-Z][^”\n]{0,30}?”)\s[A-Z][\w’'-]*[\w]\b"
)


@dataclass
class NameCandidate:
    """One referent: the fullest surface form, its other forms, where it is and hints."""

    name: str
    start: int
    end: int
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Run:
    words: list[tuple[str, int, int]]

    @property
    def text(self) -> str:
        return " ".join(w for w, _, _ in self.words)


@dataclass(frozen=True)
class _Article:
    """What the finder knows of the whole article when it judges one run."""

    text: str
    tagging: Tagging | None
    lower_words: frozenset[str]  # words the article writes in lower case somewhere
    name_case_words: frozenset[str]  # ... and capitalised but not in capitals ("Facebook")
    brands: frozenset[str]

    @classmethod
    def read(cls, text: str, tagging: Tagging | None) -> _Article:
        words = [m.group() for m in _WORD.finditer(text)]
        return cls(
            text,
            tagging,
            frozenset(w.casefold() for w in words if w[0].islower()),
            frozenset(w.casefold() for w in words if w[0].isupper() and not w.isupper()),
            _possessive_brands(text, tagging),
        )


def _capitalised(word: str) -> bool:
    if _CONTRACTION.search(word):
        return False
    prefixed = _PARTICLE_PREFIX.match(word) or _MODIFIER_PREFIX.match(word)
    return word[0].isupper() or word.isupper() or prefixed is not None


def find_names(text: str, tagging: Tagging | None = None) -> list[NameCandidate]:
    """``tagging`` (the article through :func:`factsum.tagger.tag`) lets the finder drop a
    capitalised word that opens a sentence and is not a proper noun ("Lose", "Certainly"),
    and split a person's name off "X of Y" when the tagger sees the person."""
    article = _Article.read(text, tagging)
    spans: list[tuple[str, int, int, str | None]] = []
    for run in _runs(text, article.brands):
        for name, start, end, title in _clean(run, article):
            spans.append((name, start, end, title))
    nicknamed = [(m.group(), m.start(), m.end(), None) for m in _NICKNAMED.finditer(text)]
    if nicknamed:  # "Mike 'Sugar Bear' Thompson" is one name, not three
        spans = [s for s in spans if not any(lo < s[2] and s[1] < hi for _, lo, hi, _ in nicknamed)]
        spans += nicknamed
    expansions = _acronym_expansions(text, spans)
    # "National College for Teaching and Leadership (NCTL)": the acronym spells one name, so the
    # pieces the runs cut it into ("Leadership") are not names of their own
    spans = [
        s
        for s in spans
        if not any(
            lo <= s[1] and s[2] <= hi and (lo, hi) != (s[1], s[2]) for _, lo, hi in expansions.values()
        )
    ]
    spans.extend((name, start, end, None) for name, start, end in expansions.values())
    return _group(spans, {acronym: name for acronym, (name, _, _) in expansions.items()})


def _acronym_expansions(
    text: str, spans: list[tuple[str, int, int, str | None]]
) -> dict[str, tuple[str, int, int]]:
    """'Občanská demokratická unie (ODU)' -> {'ODU': the words whose initials spell it}.

    Languages that capitalise only the first word of a name, and names the run finder cut,
    are recovered from the acronym the article defines for them.
    """
    found: dict[str, tuple[str, int, int]] = {}
    ending_at = {end: (name, start, end) for name, start, end, _ in spans if " " in name}
    for match in _PARENTHETICAL_ACRONYM.finditer(text):
        acronym = match.group(1)
        if not acronym.isupper() or acronym in found:
            continue
        if match.start() in ending_at:  # "National Institute of Civil Defence (INDECI)": adjacent
            found[acronym] = ending_at[match.start()]
            continue
        words = list(_WORD.finditer(text, max(0, match.start() - 200), match.start()))
        letters = normalize_text(acronym)
        for count in range(len(letters) + 3, 0, -1):  # longest phrase first, allowing connectors
            chosen = words[-count:]
            if len(chosen) < count or not chosen[0].group()[0].isupper():
                continue
            spelled = "".join(
                normalize_text(w.group()).replace(".", "")
                if w.group().isupper()
                else normalize_text(w.group()[0])
                for w in chosen
                if w.group().casefold() not in CONNECTORS
                and w.group().casefold() not in ACRONYM_SKIPPED_WORDS
            )
            if spelled == letters:
                while chosen and chosen[0].group().casefold() in FUNCTION_WORDS:
                    chosen = chosen[1:]  # "The European Investment Bank (EIB)" -> no "The"
                start, end = chosen[0].start(), chosen[-1].end()
                found[acronym] = (text[start:end], start, end)
                break
    return found


def _possessive_brands(text: str, tagging: Tagging | None) -> frozenset[str]:
    """Words like "Christie's" whose 's is part of the name: once a finite verb follows it, it
    owns nothing ("Christie's sold the manuscript", "Maclean's reported"), and the article never
    names it without 's. A participle before a noun is an adjective ("Tehran's alleged role")."""
    if tagging is None:
        return frozenset()
    found = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if not (_SINGULAR_POSSESSIVE.search(word) and word[0].isupper()):
            continue
        if tagging.pos_at(match.end() - 2) != "PART":
            continue
        verb = tagging.token_after(match.end())
        if verb is None or verb.label not in ("VERB", "AUX"):
            continue
        following = tagging.token_after(verb.end)
        if following is None or following.label not in ("NOUN", "ADJ", "PROPN"):
            found.add(word)
    bare = {m.group() for m in _WORD.finditer(text)}
    return frozenset(w for w in found if w[:-2] not in bare)


def _runs(text: str, brands: frozenset[str] = frozenset()) -> list[_Run]:
    runs: list[_Run] = []
    current: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []  # connectors waiting for a capitalised word
    last_end = -1
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        gap = text[last_end:start] if last_end >= 0 else " "
        contiguous = last_end >= 0 and gap in (" ", "\u00a0")
        if current and (not contiguous or _opens_a_glued_sentence(word)):
            runs.append(_Run(current))
            current, pending = [], []
        numbered = bool(current) and not pending and _numbers_a_name(current[-1][0], word)
        if (_capitalised(word) and not word[0].isdigit()) or numbered:
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
            (_SINGULAR_POSSESSIVE.search(word) and word not in brands)
            or _ends_sentence(word)
            or _closes_a_quotation(word, end, text)
            or _AFFIX.search(word)
            or _LOWER_COMPOUND.search(word)
        ):
            runs.append(_Run(current))
            current, pending = [], []
    if current:
        runs.append(_Run(current))
    return runs


def _numbers_a_name(previous: str, word: str) -> bool:
    """'the Channel 5 show': a short number after a head that takes one ends the name."""
    return word.isdigit() and len(word) <= 3 and previous.casefold() in NUMBERED_NAME_HEADS


def _opens_a_glued_sentence(word: str) -> bool:
    """'ESPNcricinfo But Stewart': a capitalised sentence opener inside a run starts a sentence."""
    return word[0].isupper() and not word.isupper() and word.casefold() in SENTENCE_OPENERS


def _closes_a_quotation(word: str, end: int, text: str) -> bool:
    """'losing 'Biscuit' for Tamsin': the mark after Biscuit closes the quotation, so the name
    ends there; with no quotation open, "Growers' Association" is one name."""
    return bool(_CLOSING_MARK.search(word)) and single_quote_open_at(text, end - 1)


def _ends_sentence(word: str) -> bool:
    """'Un.' ends a sentence; 'J.' (an initial), 'Dr.' (a title) and 'U.S.' do not."""
    if not word.endswith("."):
        return False
    stem = word.rstrip(".")
    return len(stem) > 1 and "." not in stem and stem.casefold() not in TITLES


# "the watchdog Which?, said", "Yahoo! said": a mark before a comma or a lower-case word ends
# no sentence, so it is part of a name
_BRAND_MARK = re.compile(r"([?!])(?=[,;]|\s+[a-z])")


def _clean(run: _Run, article: _Article) -> list[tuple[str, int, int, str | None]]:
    text, tagging, lower_words, brands = article.text, article.tagging, article.lower_words, article.brands
    words = []
    for raw, start, _ in run.words:
        elided = _ELISION.match(raw) or _MODIFIER_PREFIX.match(raw)
        shift = elided.end() if elided else 0
        word = _strip_word(raw[shift:], keep_possessive=raw.rstrip(".") in brands)
        if word:
            words.append((word, start + shift, start + shift + len(word)))
    if words and (mark := _BRAND_MARK.match(text, words[-1][2])):
        word, start, end = words[-1]
        words[-1] = (word + mark.group(1), start, end + 1)
    # sentence-initial function words and adjectives that are not names
    while (
        words
        and not _the_of_a_title(words, text)
        and not _opens_a_dateline(words, text)
        and not words[0][0].endswith(("?", "!"))
        and (
            (
                _is_noise_word(words[0][0], words[0][1], text, lower_words)
                and not _opens_name(words)
                and not _opens_with_particle(words)
            )
            or (words[0][0].casefold() in CONNECTORS and not _opens_with_particle(words))
            or _tagged_common_word(words[0], text, tagging)
            or words[0][0].casefold() in TRIBUTE_WORDS
        )
    ):
        words.pop(0)  # "Shares of the San Jose(-based)": the noun and its "of the" go
    if _is_headline(words) or _is_heading(words, article):
        return []
    title_words: list[str] = []
    # leading demonyms + titles ("Russian President", "Assistant Minister of Foreign Affairs")
    index = 0
    while index < len(words) and (
        (words[index][0].casefold() in DEMONYMS and not _compass_opens_place(words, index))
        or _is_title_word(words[index][0])
    ):
        index += 1
    body = [w.casefold() for w, _, _ in words[index:]]
    names_a_body = bool(body) and all(w in ORGANIZATION_WORDS or w in DEPARTMENT_WORDS for w in body)
    if (
        0 < index < len(words)
        and not names_a_body  # "Foreign Ministry", "State Department": the body, not a title
        and any(_is_title_word(w) for w, _, _ in words[:index])
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
    if _glued_common_word(words, text, lower_words, tagging):
        words = words[:-1]
    # trailing connectors and adjectives: "Millions of Chinese (citizens)"; a trailing title is
    # a role ("Anas Sarwar MP"); a trailing common noun the tagger puts in no entity is the
    # next sentence, glued on where a caption lost its full stop ("the Court of Appeal Millions")
    while len(words) > 1 and (
        words[-1][0].casefold() in CONNECTORS
        or (words[-1][0].casefold() in DEMONYMS and not _compass_ends_place(words))
        or (words[-1][0].casefold().rstrip(".") in TITLES and words[-1][0].isupper())
        or _abbreviated_title(words[-1], text)
        or words[-1][0].casefold() in PLURAL_TITLES
        or _tagged_trailing_noun(words[-1], tagging)
        or _trailing_weekday(words, tagging)
    ):
        if _is_title_word(words[-1][0]) or words[-1][0].casefold() in PLURAL_TITLES:
            title_words.append(words[-1][0])
        words.pop()
    while words and (
        words[-1][0].casefold() in CONNECTORS
        or (words[-1][0].casefold() in DEMONYMS and not _compass_ends_place(words))
    ):
        words.pop()
    if not words:
        return []
    title = " ".join(title_words) or None
    pieces = _split_person_of_place(words, text, tagging)
    found = []
    for piece in pieces:
        name = text[piece[0][1] : piece[-1][2]]
        if (_is_not_a_name(name) and not _capitalised_french_month(name, piece[0][1], text)) or (
            _is_plural_common_noun(name, piece[0][1], text)
        ):
            continue
        found.append((name, piece[0][1], piece[-1][2], title if piece is pieces[0] else None))
    return found


def _is_title_word(word: str) -> bool:
    """'President', 'Gov.', and hyphenated ranks made of titles: 'Major-General'."""
    folded = word.casefold().rstrip(".")
    return folded in TITLES or ("-" in folded and all(part in TITLES for part in folded.split("-")))


def _compass_opens_place(words: list[tuple[str, int, int]], index: int) -> bool:
    """'Former South Carolina Gov.': a compass word before a name word opens a place, where
    before a nationality or a title it is part of one ('South Korean President')."""
    if words[index][0].casefold() not in COMPASS_WORDS or index + 1 >= len(words):
        return False
    following = words[index + 1][0]
    return following.casefold() not in DEMONYMS and not _is_title_word(following)


def _abbreviated_title(word: tuple[str, int, int], text: str) -> bool:
    """'Texas Gov.', 'Ohio Sen.': a short title with its full stop after a name is a role."""
    folded = word[0].casefold()
    return len(folded) <= 4 and folded in TITLES and text[word[2] : word[2] + 1] == "."


def _the_of_a_title(words: list[tuple[str, int, int]], text: str) -> bool:
    """'revealed to The National Enquirer', 'at The Oval': a capital The inside a sentence is
    part of the name; at a sentence start only a paper's ("The New York Times dubbed him")."""
    if len(words) < 2 or words[0][0] != "The" or words[1][0].casefold() in DEMONYMS:
        return False
    start = words[0][1]
    sentence_initial = start == 0 or bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start]))
    return not sentence_initial or words[-1][0].casefold() in PUBLICATION_WORDS


def _opens_name(words: list[tuple[str, int, int]]) -> bool:
    return len(words) > 1 and words[0][0].casefold() in NAME_OPENERS


# "De Wilde", "Van Moer", "Le Matin", "La Coruna": a capitalised particle opens the name


def _opens_with_particle(words: list[tuple[str, int, int]]) -> bool:
    first = words[0][0]
    return (
        len(words) > 1
        and first.casefold() in NAME_PARTICLES
        and first[0].isupper()
        and not first.isupper()
        and words[1][0][0].isupper()
    )


def _compass_ends_place(words: list[tuple[str, int, int]]) -> bool:
    """'Middle East', 'Far East': a compass word after a capitalised word ends a place name."""
    return len(words) > 1 and words[-1][0].casefold() in COMPASS_WORDS


def _is_headline(words: list[tuple[str, int, int]]) -> bool:
    """'THREE STANDARD LIEGE PLAYERS BANNED': a capitalised headline, not a name."""
    return len(words) >= 3 and all(w.isupper() or w == "&" for w, _, _ in words)


# a dateline opens a line with a place in capitals: "LA PAZ, Bolivia", "THE HAGUE 1996-08-30"
_DATELINE_END = re.compile(r"\s*(?:,|\d|\(|—|-)")


def _opens_a_dateline(words: list[tuple[str, int, int]], text: str) -> bool:
    """'THE HAGUE 1996-08-30', 'LA CORUNA, Spain': a place in capitals opening a line before
    a date or a comma, its article included."""
    if len(words) < 2 or not all(w.isupper() for w, _, _ in words):
        return False
    start, end = words[0][1], words[-1][2]
    return (start == 0 or text[start - 1] == "\n") and bool(_DATELINE_END.match(text, end))


def _is_heading(words: list[tuple[str, int, int]], article: _Article) -> bool:
    """'FACEBOOK FAKERY:' two or more words in capitals are a heading, not a name, when one of
    them never appears in normal case in the article; a dateline's place is a name."""
    if len(words) < 2 or not all(w.isupper() or w == "&" for w, _, _ in words):
        return False
    if _opens_a_dateline(words, article.text):
        return False
    # acronyms ("NASA JPL") are short and have no normal case: only a longer word counts
    return any(len(w) > 4 and w.casefold() not in article.name_case_words for w, _, _ in words)


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


def _strip_word(word: str, keep_possessive: bool = False) -> str:
    if word.endswith(".") and len(word) > 2 and "." not in word[:-1]:
        word = word[:-1]  # sentence end, not an initial ("J.") or acronym ("U.S.")
    # after the full stop: "Joe Biden's." and "in Birmingham'." end in a mark once it is gone
    if not keep_possessive:
        word = _POSSESSIVE.sub("", word)
    return _LOWER_COMPOUND.sub("", _AFFIX.sub("", word))


def _is_noise_word(word: str, start: int, text: str, lower_words: frozenset[str]) -> bool:
    if (word.isupper() and len(word) > 1) or _PARTICLE_PREFIX.match(word):
        return False  # "UN", "US": acronyms, not the French article "un"; "Al-Qaeda"
    folded = word.casefold()
    if folded in FUNCTION_WORDS:
        return True
    sentence_initial = bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start])) or start == 0
    return sentence_initial and folded in lower_words and not word.isupper()


_FOLLOWED_BY_LOWER_CASE = re.compile(r"\s+[a-z]")


def _glued_common_word(
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


def _trailing_weekday(words: list[tuple[str, int, int]], tagging: Tagging | None) -> bool:
    """'the Greater Milwaukee Open Thursday', 'on Channel 5 Wednesdays': a weekday after a name
    says when; 'Good Friday' and 'Black Friday' are the tagger's dates and events whole."""
    if len(words) < 2 or not re.fullmatch(rf"(?:{WEEKDAYS})s?", words[-1][0].casefold()):
        return False
    span = (words[-2][1], words[-1][2])
    return tagging is None or not any(
        e.start <= span[0] and span[1] <= e.end and e.label in ("DATE", "EVENT") for e in tagging.entities
    )


def _tagged_trailing_noun(word: tuple[str, int, int], tagging: Tagging | None) -> bool:
    if tagging is None or word[0].isupper():
        return False
    return tagging.pos_at(word[1]) in ("NOUN", "VERB") and tagging.entity_label([(word[1], word[2])]) is None


# parts of speech a sentence-initial capital has when it is not a name ("Lose", "Certainly")
_NOT_NAME_POS = frozenset(
    {"ADV", "VERB", "AUX", "ADJ", "PRON", "INTJ", "SCONJ", "CCONJ", "DET", "PART", "ADP", "NUM"}
)


def _tagged_common_word(word: tuple[str, int, int], text: str, tagging: Tagging | None) -> bool:
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


def _is_plural_common_noun(name: str, start: int, text: str) -> bool:
    """'Rescuers said', 'Prosecutors argued': sentence-initial plurals are rarely names."""
    if " " in name or name.isupper() or not _COMMON_NOUN_ENDING.search(name):
        return False
    return bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start])) or start == 0


def _capitalised_french_month(name: str, start: int, text: str) -> bool:
    """'an icy moon or on Mars': French months are lower case, so inside a sentence a name."""
    sentence_initial = start == 0 or bool(_SENTENCE_BREAK.search(text[max(0, start - 3) : start]))
    return name.casefold() in FRENCH_MONTHS and name[0].isupper() and not sentence_initial


def _is_not_a_name(name: str) -> bool:
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


_THE = re.compile(r"^the ")


def _group(
    spans: list[tuple[str, int, int, str | None]], acronyms: dict[str, str] | None = None
) -> list[NameCandidate]:
    by_key: dict[str, NameCandidate] = {}
    for name, start, end, title in sorted(spans, key=lambda s: s[1]):
        key = _THE.sub("", normalize_text(name))  # "the Oval" is "The Oval"
        candidate = by_key.get(key)
        if candidate is None:
            by_key[key] = NameCandidate(name, start, end, title=title, mentions=[(start, end)])
            continue
        candidate.mentions.append((start, end))
        candidate.title = candidate.title or title
        if (candidate.name.isupper() and not name.isupper()) or (
            name.startswith("The ") and not candidate.name.startswith("The ")
        ):
            candidate.name, candidate.start, candidate.end = name, start, end
    return _link_short_forms(list(by_key.values()), acronyms or {})


def _link_short_forms(candidates: list[NameCandidate], acronyms: dict[str, str]) -> list[NameCandidate]:
    """Fold 'Kim' into 'Kim Jong Un' and 'KCNA' into its expansion when unambiguous."""
    # only person-like long forms own short forms: "China" must not fold into "Bank of China"
    long_forms = [c for c in candidates if " " in c.name and _person_like(c.name)]
    kept: list[NameCandidate] = []
    for candidate in candidates:
        if " " in candidate.name:
            kept.append(candidate)
            continue
        token = normalize_text(candidate.name)
        if candidate.name in acronyms:
            owners = [c for c in candidates if c.name == acronyms[candidate.name]]
        elif candidate.name.isupper() and len(token) > 1:
            owners = [c for c in candidates if " " in c.name and initials(c.name) == token]
        else:
            # any token: Spanish double surnames put "Paredes" in the middle of "Javier Paredes Luna"
            owners = [c for c in long_forms if token in {normalize_text(w) for w in c.name.split()}]
        if len(owners) > 1:
            owners = _dominant(owners)
        if len(owners) == 1:
            owner = owners[0]
            owner.aliases.append(candidate.name)
            owner.mentions.extend(candidate.mentions)
        else:
            kept.append(candidate)
    for candidate in kept:
        candidate.mentions.sort()
    return sorted(kept, key=lambda c: c.start)


def _dominant(owners: list[NameCandidate]) -> list[NameCandidate]:
    """Of several full names a surname may stand for, the one the story is about: named at
    least three times as often as each other ("Ed Miliband" x5, "Justine Miliband" x1)."""
    ranked = sorted(owners, key=lambda c: len(c.mentions), reverse=True)
    if len(ranked[0].mentions) >= 3 * len(ranked[1].mentions):
        return ranked[:1]
    return owners


def _person_like(name: str) -> bool:
    words = name.split()
    if words[0] == "The":
        words = words[1:]  # "The Hollywood Reporter" owns "Hollywood" as "Hollywood Reporter" did
    return len(words) <= 4 and not any(
        w.casefold() in CONNECTORS or w.casefold() in ORGANIZATION_WORDS or w.isupper() for w in words
    )


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
