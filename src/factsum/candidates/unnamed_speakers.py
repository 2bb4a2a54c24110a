"""Speakers the article does not name, worded as it words them, and the names apposed to them.

"“…,” a source said", "Motoring groups said the ruling was ‘…’", "one witness told the BBC":
the speaker is the article's own phrase. A definite description ("the former prime minister")
stands for a speaker only where the article says who it is by apposition ("former prime
minister Gordon Brown", "Brown, the former prime minister").
"""

from __future__ import annotations

import re

from factsum.candidates.lexicon import (
    DETERMINERS,
    FUNCTION_WORDS,
    INVERTED_SPEECH_VERBS,
    SPEAKER_DESCRIPTORS,
    SPEECH_VERBS,
)
from factsum.candidates.quotes import QuotedSpan
from factsum.candidates.speaker_sources import CLOSING, SourceMention, sentence_start_at, unquoted

# an unnamed speaker as the article words it: "a source", "appeal court judges", "Three judges"
_DESCRIPTOR = (
    r"(?:(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther)\s+)?"
    r"(?:[A-Za-z][a-z-]*\s+){0,2}?(?:" + "|".join(sorted(SPEAKER_DESCRIPTORS, key=len, reverse=True)) + r")\b"
)
# any definite description ("the comedian", "the former prime minister"): it stands for a
# speaker only when the article names who it is (named_by_apposition)
_DEFINITE = r"[Tt]he\s+(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*"
_FOR_WHOM = r"(?:\s+(?:for|of|at|from|close to)\s+[^,.;:“”\"«»‘’\n]{1,50}?)?"


def _after_quote(np: str) -> re.Pattern[str]:
    """ "“…,” a source said", "“…,” said a spokesman", "“…,” one witness told the BBC" """
    return re.compile(
        rf"{CLOSING}(?:(?:{INVERTED_SPEECH_VERBS})\s+(?P<after_verb>{np})|(?P<before_verb>{np})"
        rf"{_FOR_WHOM}\s+(?:also\s+|later\s+)?(?:{SPEECH_VERBS}))\b"
    )


def _before_quote(np: str) -> re.Pattern[str]:
    """ "A source told the Sunday Times: ‘…", "Motoring groups said the ruling was ‘out of touch’" """
    return re.compile(
        rf"(?:^|[.;:!?]\s+|,\s+|\b(?:and|but|while)\s+)(?P<np>{np}){_FOR_WHOM}\s+(?:also\s+|later\s+)?"
        rf"(?:{SPEECH_VERBS})\b"
    )


_UNNAMED = (_after_quote(_DESCRIPTOR), _before_quote(_DESCRIPTOR))
DEFINITE_ONLY_NAMED = (_after_quote(_DEFINITE), _before_quote(_DEFINITE))


def descriptor_speaker(
    text: str,
    quote: QuotedSpan,
    paragraph_start: int,
    outside: list[bool],
    reach: int,
    patterns: tuple[re.Pattern[str], re.Pattern[str]] = _UNNAMED,
) -> str | None:
    """An unnamed speaker bound to the quote by a speech verb, worded as the article words it
    (after the quote, no further than ``reach``)."""
    after_quote, before_quote = patterns
    after = after_quote.match(text, quote.end, reach)
    if after is not None and len(after.group(0)) <= 120:
        return bare_phrase(after.group("after_verb") or after.group("before_verb"))
    sentence_start = sentence_start_at(text, paragraph_start, quote.start, outside)
    before = list(before_quote.finditer(unquoted(text, sentence_start, quote.start, outside)))
    return bare_phrase(before[-1].group("np")) if before else None


def named_by_apposition(
    text: str, descriptor: str, quote: QuotedSpan, mentions: list[SourceMention]
) -> str | None:
    """The person the article names with the descriptor's own words: "former prime minister
    Gordon Brown" or "Brown, the former prime minister" makes "the former prime minister said"
    Brown's. The nearest such mention before the quote, else the first after it."""
    words = descriptor.split()
    if words[0].casefold() in DETERMINERS:
        words = words[1:]
    if not words:
        return None
    role = r"\s+".join(map(re.escape, words))
    right_before = re.compile(rf"(?:^|[^\w-]){role}\s+$", re.I)
    right_after = re.compile(rf",\s+(?:the|a|an)\s+(?:[^,.;:!?“”\"«»\n]{{0,60}}?\s)?{role}\b", re.I)

    def apposed(m: SourceMention) -> bool:
        lead = text[max(0, m.start - len(descriptor) - 2) : m.start]
        return bool(right_before.search(lead) or right_after.match(text, m.end))

    named = [m for m in mentions if m.source.is_person and apposed(m)]
    before = [m for m in named if m.end <= quote.start]
    chosen = before[-1] if before else next((m for m in named if m.start >= quote.end), None)
    return chosen.source.name if chosen is not None else None


def bare_phrase(phrase: str) -> str:
    """The descriptor without the adverbs and conjunctions before it ("But yesterday judges")."""
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in FUNCTION_WORDS and words[0].casefold() not in DETERMINERS:
        words.pop(0)
    return " ".join(words)


# "“…,” one witness told the BBC": the subject phrase as a whole is an unnamed speaker
DESCRIPTOR_PHRASE = re.compile(rf"(?:[A-Za-z][\w-]*\s+){{0,3}}?{_DESCRIPTOR}{_FOR_WHOM}")
# "the agency", "The former soap star"
DEFINITE_PHRASE = re.compile(r"[Tt]he\s+(?:[\w-]+\s+){0,4}?[a-z][\w-]*")
