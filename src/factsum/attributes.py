"""Grounded or gone, attribute by attribute: every field of a news item besides its key text.

The key text of an item (a name, a quote, a date's or a figure's surface form) is located by
:mod:`factsum.extraction`. Here each other field is either *located* in the article on word
boundaries, or *derived* deterministically from located text, or it goes:

- a role is the article's wording near the person (a fuzzy match is replaced by the
  article's words at that span);
- a quote's speaker is one of the result's people or organisations, or a phrase that stands
  in the article as written ("a federal official");
- a date's ISO value is what :func:`factsum.candidates.find_dates` derives from its text;
- a figure's value and unit are what :func:`factsum.candidates.find_numbers` derives from
  its text; a unit the finder did not derive must stand right after the figure;
- what a figure measures is the article's wording near it.

A model answer that disagrees with the derived value is corrected; one that cannot be located
or derived is removed. Either way the item's ``checks`` says what happened to each field, so
nothing the model invented reaches the output unflagged. With ``keep`` (--keep-ungrounded)
an unlocated answer stays, flagged ``not_found``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from factsum.candidates import ArticleFinds, find_dates, find_numbers
from factsum.grounding import locate, on_word_boundaries
from factsum.schemas.grounding import Grounding, MatchStatus
from factsum.schemas.news import DateMention, NumberFact, Person, Quote
from factsum.text import normalize_text

__all__ = ["AttributeContext", "check_date", "check_number", "check_person", "check_quote"]

ROLE_REACH = 300  # chars around a mention of the person where their role may stand
MEASURES_REACH = 200
UNIT_REACH = 40  # chars after a figure where a unit word the finder did not derive may stand


@dataclass
class AttributeContext:
    """What the checks need to know about the article, computed once per extraction."""

    found: ArticleFinds  # the dates the strategy was offered are the dates checked here
    speakers: set[str] = field(default_factory=set)  # normalised names and aliases kept so far

    @property
    def text(self) -> str:
        return self.found.text

    @property
    def published(self) -> dt.date | None:
        """The day relative dates count from."""
        return self.found.anchor

    def __post_init__(self) -> None:
        self.dates_by_span = {(d.start, d.end): d for d in self.found.dates}
        # every figure, those inside a date too (a check may be asked about one): the focused
        # strategy's figures leave dates out, so they are not the same find
        self.numbers = find_numbers(self.text)

    def admit_speakers(self, forms: Iterable[str]) -> None:
        self.speakers.update(normalize_text(f) for f in forms if f)


def _occurrences(text: str, form: str) -> list[tuple[int, int]]:
    found = []
    start = text.find(form) if form else -1
    while start != -1:
        if on_word_boundaries(text, start, start + len(form)):
            found.append((start, start + len(form)))
        start = text.find(form, start + 1)
    return found


def _near(text: str, spans: Iterable[tuple[int, int]], reach: int) -> list[tuple[int, int]]:
    return [(max(0, start - reach), min(len(text), end + reach)) for start, end in spans]


def _missing(value: str) -> Grounding:
    return Grounding(status=MatchStatus.NOT_FOUND, note=f"not in the article: {value!r}")


def _located_words(text: str, value: str, within: list[tuple[int, int]]) -> tuple[str | None, Grounding]:
    """The article's own words for ``value`` near the item, or None."""
    grounding = locate(text, value, within=within or None)
    if not grounding.grounded or grounding.start is None or grounding.end is None:
        return None, grounding
    words = text[grounding.start : grounding.end]
    if grounding.status is MatchStatus.FUZZY:
        note = f"the article's words replace the model's {value!r}"
        return " ".join(words.split()), grounding.model_copy(update={"note": note})
    return value, grounding


def check_person(context: AttributeContext, person: Person, keep: bool) -> Person:
    if not person.role:
        return person
    mentions = [span for form in (person.name, *person.aliases) for span in _occurrences(context.text, form)]
    role, grounding = _located_words(context.text, person.role, _near(context.text, mentions, ROLE_REACH))
    if role is None:
        grounding = _missing(person.role)
        role = person.role if keep else None
    return person.model_copy(update={"role": role, "checks": {"role": grounding}})


def check_quote(context: AttributeContext, quote: Quote, keep: bool) -> Quote:
    if not quote.speaker:
        return quote
    speaker = quote.speaker
    if normalize_text(speaker) in context.speakers:
        spans = _occurrences(context.text, speaker)
        grounding = (
            Grounding(status=MatchStatus.EXACT, start=spans[0][0], end=spans[0][1])
            if spans
            else Grounding(status=MatchStatus.NORMALIZED, note="a person or organisation of this result")
        )
        return quote.model_copy(update={"checks": {"speaker": grounding}})
    grounding = locate(context.text, speaker)
    if grounding.status in (MatchStatus.EXACT, MatchStatus.NORMALIZED):
        return quote.model_copy(update={"checks": {"speaker": grounding}})  # "a federal official"
    return quote.model_copy(
        update={"speaker": speaker if keep else None, "checks": {"speaker": _missing(speaker)}}
    )


def check_date(context: AttributeContext, date: DateMention, keep: bool) -> DateMention:
    start, end = (date.grounding.start, date.grounding.end) if date.grounding else (None, None)
    derived = context.dates_by_span.get((start, end)) if start is not None and end is not None else None
    if derived is None:
        found = find_dates(date.text, context.published)
        derived = found[0] if len(found) == 1 and found[0].text == date.text.strip() else None
    if derived is not None and derived.iso is not None:
        note = None if date.iso in (None, derived.iso) else f"corrected from the model's {date.iso!r}"
        grounding = Grounding(status=MatchStatus.DERIVED, start=start, end=end, note=note)
        return date.model_copy(update={"iso": derived.iso, "checks": {"iso": grounding}})
    if date.iso is None:
        return date
    grounding = Grounding(status=MatchStatus.NOT_FOUND, note=f"the article does not determine {date.iso!r}")
    return date.model_copy(update={"iso": date.iso if keep else None, "checks": {"iso": grounding}})


def check_number(context: AttributeContext, number: NumberFact, keep: bool) -> NumberFact:
    if number.grounding is None or number.grounding.start is None or number.grounding.end is None:
        return number
    start, end = number.grounding.start, number.grounding.end
    inside = [n for n in context.numbers if start <= n.start and n.end <= end]
    checks: dict[str, Grounding] = {}
    update: dict[str, object] = {}
    if len(inside) == 1:
        figure = inside[0]
        derived = Grounding(status=MatchStatus.DERIVED, start=figure.start, end=figure.end)
        if figure.value != number.value:
            note = f"corrected from the model's {number.value!r}"
            checks["value"] = derived.model_copy(update={"note": note})
            update["value"] = figure.value
        else:
            checks["value"] = derived
        if figure.unit is not None:
            corrected = number.unit is not None and normalize_text(number.unit) != normalize_text(figure.unit)
            unit_note = f"corrected from the model's {number.unit!r}" if corrected else None
            checks["unit"] = derived.model_copy(update={"note": unit_note})
            update["unit"] = figure.unit
    else:
        checks["value"] = Grounding(status=MatchStatus.NOT_FOUND, note="no single figure in its text")
    if "unit" not in checks and number.unit:
        after = [(end, min(len(context.text), end + UNIT_REACH))]
        unit_grounding = locate(context.text, number.unit, within=after)
        if unit_grounding.status in (MatchStatus.EXACT, MatchStatus.NORMALIZED):
            checks["unit"] = unit_grounding
        else:
            checks["unit"] = _missing(number.unit)
            update["unit"] = number.unit if keep else None
    if number.measures:
        near = _near(context.text, [(start, end)], MEASURES_REACH)
        located, grounding = _located_words(context.text, number.measures, near)
        if located is None:
            grounding = _missing(number.measures)
            located = number.measures if keep else None
        checks["measures"] = grounding
        update["measures"] = located
    return number.model_copy(update={**update, "checks": checks})
