"""Long text -> chunks that know their char offsets into the whole text.

Chunks end at paragraph breaks where possible, else at sentence ends, else at whitespace,
so every fact found in a chunk maps back to the article by adding ``chunk.start``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from factsum.text import PARAGRAPH_BREAK, SENTENCE_END


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


def chunk_text(text: str, *, max_tokens: int, count_tokens: Callable[[str], int]) -> list[Chunk]:
    """Consecutive chunks covering ``text``, each at most ``max_tokens`` by ``count_tokens``."""
    if max_tokens <= 0:
        raise ValueError("max_tokens must be positive")
    if count_tokens(text) <= max_tokens:
        return [Chunk(0, len(text))]
    pieces = _split(text, 0, len(text), PARAGRAPH_BREAK, max_tokens, count_tokens)
    chunks: list[Chunk] = []
    start, end, used = pieces[0][0], pieces[0][0], 0
    for piece_start, piece_end in pieces:
        tokens = count_tokens(text[piece_start:piece_end])
        if used and used + tokens > max_tokens:
            chunks.append(Chunk(start, end))
            start, used = piece_start, 0
        end, used = piece_end, used + tokens
    chunks.append(Chunk(start, end))
    return chunks


def _split(
    text: str, lo: int, hi: int, separator: re.Pattern[str], limit: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Pieces of text[lo:hi] cut after each separator, recursing to finer cuts when too big."""
    pieces: list[tuple[int, int]] = []
    cursor = lo
    for match in separator.finditer(text, lo, hi):
        pieces.append((cursor, match.end()))
        cursor = match.end()
    if cursor < hi:
        pieces.append((cursor, hi))
    refined: list[tuple[int, int]] = []
    for start, end in pieces:
        if count(text[start:end]) <= limit:
            refined.append((start, end))
        elif separator is PARAGRAPH_BREAK:
            refined.extend(_split(text, start, end, SENTENCE_END, limit, count))
        else:
            refined.extend(_hard_split(text, start, end, limit, count))
    return refined


def _hard_split(
    text: str, lo: int, hi: int, limit: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = lo
    while start < hi:
        end = hi
        while count(text[start:end]) > limit and end - start > 1:
            cut = text.rfind(" ", start + 1, start + (end - start) // 2 + 1)
            end = cut if cut > start else start + (end - start) // 2
        pieces.append((start, end))
        start = end
    return pieces
