"""Locate extracted text in the article: a char span and a match status, never a bare boolean.

Tried in order, first hit wins:

1. exact substring on word boundaries (see :func:`on_word_boundaries`: "Ken" is not in
   "Kenya", "15" not in "2015", "$1" not in "$10 million");
2. normalised: folded as :func:`factsum.text.fold` folds, with its offset map back to the
   original text so the span is still exact, again on word boundaries;
3. fuzzy: token alignment; the densest window holding at least ``FUZZY_MIN_COVERAGE`` of the
   needle's tokens, in order.

Quotes are held to a stricter rule: their span must lie inside quotation marks in the article,
because words outside quotation marks attributed as a quote are the typical small-model
hallucination.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factsum.schemas.grounding import Grounding, MatchStatus
from factsum.text import fold, normalize_text

FUZZY_MIN_COVERAGE = 0.75

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(normalize_text(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` neither starts nor ends inside a word, nor a number inside a number.

    Unicode-aware (``str.isalnum``); a digit run continued by ``.`` or ``,`` and another digit
    ("3.5", "10,000") is one number, so "5" does not ground in "3.5" nor "10" in "10,000".
    """
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        return False
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return False
    if start > 1 and text[start].isdigit() and text[start - 1] in ".," and text[start - 2].isdigit():
        return False
    return not (
        end + 1 < len(text) and text[end - 1].isdigit() and text[end] in ".," and text[end + 1].isdigit()
    )


def occurs_exactly(text: str, needle: str) -> bool:
    """``needle`` stands in ``text`` as written, on word boundaries (no folding, no fuzz)."""
    start = text.find(needle) if needle else -1
    while start != -1:
        if on_word_boundaries(text, start, start + len(needle)):
            return True
        start = text.find(needle, start + 1)
    return False


def locate(text: str, needle: str, *, within: Sequence[tuple[int, int]] | None = None) -> Grounding:
    """Find ``needle`` in ``text``; with ``within``, only spans inside one of those intervals count."""
    needle = needle.strip()
    if not needle:
        return Grounding(status=MatchStatus.NOT_FOUND, note="empty text")

    def allowed(start: int, end: int) -> bool:
        inside = within is None or any(lo <= start and end <= hi for lo, hi in within)
        return inside and on_word_boundaries(text, start, end)

    start = text.find(needle)
    while start != -1:
        if allowed(start, start + len(needle)):
            return Grounding(status=MatchStatus.EXACT, start=start, end=start + len(needle))
        start = text.find(needle, start + 1)

    folded_text, folded_needle = fold(text), fold(needle).text
    if folded_needle:
        pos = folded_text.text.find(folded_needle)
        while pos != -1:
            begin = folded_text.origin[pos]
            end = folded_text.origin[pos + len(folded_needle) - 1] + 1
            if allowed(begin, end):
                return Grounding(status=MatchStatus.NORMALIZED, start=begin, end=end)
            pos = folded_text.text.find(folded_needle, pos + 1)

    span = _fuzzy_span(_tokens(text), [t.norm for t in _tokens(needle)], allowed)
    if span is not None:
        return Grounding(status=MatchStatus.FUZZY, start=span[0], end=span[1])
    note = "not inside quotation marks" if within is not None else None
    return Grounding(status=MatchStatus.NOT_FOUND, note=note)


def _fuzzy_span(
    haystack: list[_Token], needle: list[str], allowed: Callable[[int, int], bool]
) -> tuple[int, int] | None:
    """Best window of ``len(needle)`` (+25% slack) tokens by in-order token matches."""
    if not needle or not haystack:
        return None
    size = len(needle) + max(1, len(needle) // 4)
    needed = max(1, -(-len(needle) * int(FUZZY_MIN_COVERAGE * 100) // 100))
    wanted = set(needle)
    best: tuple[int, int, int] | None = None  # (matches, start_index, end_index)
    for first in range(len(haystack)):
        if haystack[first].norm not in wanted:
            continue
        window = haystack[first : first + size]
        matched, last, cursor = 0, first, 0
        for offset, token in enumerate(window):
            # in-order alignment: advance through the needle greedily
            for j in range(cursor, len(needle)):
                if needle[j] == token.norm:
                    matched += 1
                    last = first + offset
                    cursor = j + 1
                    break
        if matched >= needed and (best is None or matched > best[0]):
            candidate = (haystack[first].start, haystack[last].end)
            if allowed(*candidate):
                best = (matched, *candidate)
    return None if best is None else (best[1], best[2])
