"""The candidate speakers of an article, and the article's own words around its quotations.

Every attribution rule reads the same two things: where the article names each source
(``SpeakerSource``, one ``SourceMention`` a place) and which characters are the article's own
words rather than quoted ones (the ``outside`` mask), so that a full stop inside a quote ends
no sentence of the article. They sit below the rule modules so that each can read them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factsum.candidates.quotes import QuotedSpan
from factsum.text import SENTENCE_END

# what may sit between a quote and the name it is attributed to after it
CLOSING_MARKS = " \t\n,.;:!?“”\"«»‘’'—–-"
CLOSING = r"[\s,.;:!?“”\"«»‘’'—–-]*"


@dataclass(frozen=True)
class SpeakerSource:
    """A named, typed candidate speaker and every place the article names it."""

    name: str
    is_person: bool
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SourceMention:
    """One place the article names a source, outside quotation marks."""

    start: int
    end: int
    source: SpeakerSource


def sentence_ends_between(text: str, start: int, end: int, outside: list[bool]) -> bool:
    return any(_ends_outside_quotes(m, outside) for m in SENTENCE_END.finditer(text, start, end))


def sentence_start_at(text: str, lo: int, position: int, outside: list[bool]) -> int:
    starts = [m.end() for m in SENTENCE_END.finditer(text, lo, position) if _ends_outside_quotes(m, outside)]
    return starts[-1] if starts else lo


def _ends_outside_quotes(sentence_end: re.Match[str], outside: list[bool]) -> bool:
    """The mark before the break is the article's, not a quoted sentence's full stop."""
    return outside[sentence_end.start() - 1]


def unquoted(text: str, start: int, end: int, outside: list[bool]) -> str:
    return "".join(c for i, c in enumerate(text[start:end], start) if outside[i])


def outside_mask(text: str, quotations: Sequence[QuotedSpan]) -> list[bool]:
    """True where a character is neither quoted words nor the marks around them."""
    mask = [True] * (len(text) + 1)
    for quote in quotations:
        for i in range(max(0, quote.start - 1), min(len(text), quote.end + 1)):
            mask[i] = False
    return mask
