"""Capitalised spans that may name a person, organisation or place, grouped by referent.

A regex finds maximal runs of capitalised words ("National University of Singapore");
titles are split off and kept as a role hint ("Russian President Vladimir Putin" ->
"Vladimir Putin", hint "Russian President"); demonyms, months, weekdays and
sentence-initial function words are dropped; short forms are linked to the full name they
abbreviate ("Kim" -> "Kim Jong Un", "KCNA" -> "Korean Central News Agency"). What remains
is for a model to label: this finder decides *where* names are, not *what* they are.

This module is the finder's entry point and what it does with the spans the runs give: a
nicknamed name is one name ("Mike 'Sugar Bear' Thompson"), an acronym the article defines
recovers the name it spells, and spans are grouped by referent with their short forms linked.
Cutting the article into runs and trimming each run to its names is ``name_runs``; the
typography tests applied to a word or a run on the way are ``name_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factsum.candidates.lexicon import (
    ACRONYM_SKIPPED_WORDS,
    COMPASS_ADJECTIVES,
    COMPASS_WORDS,
    CONNECTORS,
    FUNCTION_WORDS,
    ORGANIZATION_WORDS,
)
from factsum.candidates.name_runs import capitalised_runs, names_in_run
from factsum.candidates.name_words import WORD, ArticleWords
from factsum.candidates.quotes import find_quoted_titles
from factsum.tagger import PLACE_LABELS, Tagging
from factsum.text import initials, normalize_text

_PARENTHETICAL_ACRONYM = re.compile(r"\s*\(([^\W\d_a-z][^\W\d_]{1,9})\)")
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


def find_names(text: str, tagging: Tagging | None = None) -> list[NameCandidate]:
    """``tagging`` (the article through :func:`factsum.tagger.tag`) lets the finder drop a
    capitalised word that opens a sentence and is not a proper noun ("Lose", "Certainly"),
    and split a person's name off "X of Y" when the tagger sees the person."""
    article = ArticleWords.read(text, tagging)
    spans: list[tuple[str, int, int, str | None]] = []
    for run in capitalised_runs(text, article.brands):
        for name, start, end, title in names_in_run(run, article):
            spans.append((name, start, end, title))
    nicknamed = [(m.group(), m.start(), m.end(), None) for m in _NICKNAMED.finditer(text)]
    if nicknamed:  # "Mike 'Sugar Bear' Thompson" is one name, not three
        spans = [s for s in spans if not any(lo < s[2] and s[1] < hi for _, lo, hi, _ in nicknamed)]
        spans += nicknamed
    # a name inside a quoted title is part of the title ("the hit “Rosa Street”"), not an
    # entity the story is about
    titles = find_quoted_titles(text)
    spans = [s for s in spans if not any(lo <= s[1] and s[2] <= hi for lo, hi in titles)]
    expansions = _acronym_expansions(text, spans)
    # "Institute for Coastal Survey and Mapping (ICSM)": the acronym spells one name, so the
    # pieces the runs cut it into ("Mapping") are not names of their own
    spans = [
        s
        for s in spans
        if not any(
            lo <= s[1] and s[2] <= hi and (lo, hi) != (s[1], s[2]) for _, lo, hi in expansions.values()
        )
    ]
    spans.extend((name, start, end, None) for name, start, end in expansions.values())
    return _group(spans, {acronym: name for acronym, (name, _, _) in expansions.items()}, tagging)


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
        words = list(WORD.finditer(text, max(0, match.start() - 200), match.start()))
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


_THE = re.compile(r"^the ")


def _group(
    spans: list[tuple[str, int, int, str | None]],
    acronyms: dict[str, str] | None = None,
    tagging: Tagging | None = None,
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
    return _link_short_forms(list(by_key.values()), acronyms or {}, tagging)


def _link_short_forms(
    candidates: list[NameCandidate], acronyms: dict[str, str], tagging: Tagging | None = None
) -> list[NameCandidate]:
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
            owners = [
                c
                for c in long_forms
                if token in {normalize_text(w) for w in c.name.split()}
                and not _names_another_place(candidate, c, tagging)
            ]
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


def _names_another_place(short: NameCandidate, long: NameCandidate, tagging: Tagging | None) -> bool:
    """A place is not short for a longer name around it: "China" for "South China", "Ireland"
    for "Northern Ireland", "Venice" for "Venice Film Festival", "Damascus" for "Damascus Radio".

    A compass word opening the longer name makes it another place; otherwise the tagger decides,
    when it reads the short form as a place and the longer one as a named thing that is neither a
    place nor a person (the small tagger reads unfamiliar surnames as places: "Chong" still joins
    "Chong Ja Ian")."""
    first = long.name.split()[0].casefold()
    if first in COMPASS_WORDS or first in COMPASS_ADJECTIVES:
        return True
    if tagging is None or tagging.entity_label(short.mentions) not in PLACE_LABELS:
        return False
    long_label = tagging.entity_label(long.mentions)
    return long_label is not None and long_label not in PLACE_LABELS | {"PERSON"}


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
