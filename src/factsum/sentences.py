"""Sentences and their salience: which sentences of an article carry its key facts.

News puts the key facts first and repeats its central words, so a sentence's worth is the
frequency-weighted count of content words no chosen sentence has yet, divided by the square
root of its length (long sentences are not free) and by its paragraph's position. Greedy
selection under a word budget is a strong, fully faithful news summariser on its own (the
lead baseline) and gives a small model short, dense material to condense.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from factsum.candidates.lexicon import SALIENCE_STOPWORDS
from factsum.text import SENTENCE_END, paragraph_spans

_WORD = re.compile(r"[^\W\d_]{3,}|\d[\d.,]*", re.UNICODE)
MIN_SENTENCE_WORDS = 6
# "OSLO, March 3 (Reuters) - ", "BEIJING: ", "BRUSSELS (AP) — ", "(CNN)": where, not what
_DATELINE = re.compile(
    r"[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,}(?:,[^\n:—–-]{1,40}?)?(?:\s*\([^()\n]{1,30}\))?\s*[:—–-]+\s+"
    r"|\((?:CNN|AP|AFP|Reuters|The [A-Z][\w ]{2,30})\)\s*(?:—|--|-)?\s*"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


_SENTENCE_FINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")


def ends_sentence(text: str) -> bool:
    """Ends as a sentence does (". ! ?", closing marks allowed): not a caption or a heading."""
    return _SENTENCE_FINAL.search(text.rstrip()) is not None


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets, split by the rules of :mod:`factsum.text`."""
    sentences: list[Sentence] = []
    for index, (paragraph_start, paragraph_end) in enumerate(paragraph_spans(text)):
        paragraph = text[paragraph_start:paragraph_end]
        cursor = 0
        for piece in SENTENCE_END.split(paragraph):
            offset = paragraph.index(piece, cursor)
            cursor = offset + len(piece)
            begin = paragraph_start + offset + len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            dateline = _DATELINE.match(stripped)
            if dateline and not sentences:
                begin, stripped = begin + dateline.end(), stripped[dateline.end() :]
            if stripped:
                sentences.append(Sentence(begin, begin + len(stripped), index, stripped))
    return sentences


def key_sentences(text: str, max_words: int) -> list[Sentence]:
    """The most informative sentences within ``max_words`` words, in article order."""
    candidates = [s for s in split_sentences(text) if s.words >= MIN_SENTENCE_WORDS]
    tokens = [set(content_words(s.text)) for s in candidates]
    frequency = Counter(t for words in tokens for t in words)
    paragraphs = sorted({s.paragraph for s in candidates})
    rank = {p: i for i, p in enumerate(paragraphs)}
    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    while True:
        best: tuple[float, int] | None = None
        for index, sentence in enumerate(candidates):
            if index in chosen or used + sentence.words > max_words:
                continue
            fresh = tokens[index] - covered
            gain = sum(math.log1p(frequency[t]) for t in fresh)
            gain /= math.sqrt(sentence.words) * (1 + rank[sentence.paragraph])
            if best is None or gain > best[0]:
                best = (gain, index)
        if best is None or best[0] <= 0:
            break
        chosen.append(best[1])
        covered |= tokens[best[1]]
        used += candidates[best[1]].words
    return [candidates[i] for i in sorted(chosen)]


def content_words(text: str) -> list[str]:
    """Folded words of three letters or more, and numbers, without stopwords."""
    return [w for w in (m.group().casefold() for m in _WORD.finditer(text)) if w not in SALIENCE_STOPWORDS]
