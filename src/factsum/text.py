"""The text rules every module reads an article by: one definition each, so they cannot drift.

- folding (case, diacritics, quote styles, dashes, whitespace) with a map back to the
  original offsets, so a match in folded text is still an exact span of the article;
- where a sentence ends (and whether a piece of text stops at one) and where a paragraph ends;
- where a single mark opens a quotation rather than being an apostrophe, and whether one is open;
- the initials of a name ("US Geological Survey" -> "usgs").

Pure functions over ``str``; nothing here knows about models, schemas or the news domain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# typographic marks -> the plain ones, so “quoted” and "quoted", en and em dashes match
_CHAR_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

# A sentence ends at . ! or ?, perhaps closed by one quotation mark, before whitespace and a
# capital or an opening mark. The match is the whitespace alone, so splitting keeps every
# mark with its sentence. Not after an ellipsis or a bracket, nor before a lower-case word
# ("at 5 p.m. on Monday" stays one sentence).
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"»’]))\s+(?=[A-ZÀ-Ý“\"«])")
# A paragraph ends at a blank line (one holding only whitespace counts too).
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# The same sentence-final marks at the very end of a piece of text, closing marks and brackets
# allowed after them: a paragraph that stops without one was broken mid-sentence.
_ENDS_A_SENTENCE = re.compile(r"[.!?][”\"»’')\]]*\s*$")


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each folded char, the index of the original char it came from."""

    text: str
    origin: list[int]


def _folded_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_CHAR_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> Folded:
    """Case, diacritics, quote styles and dashes folded, whitespace runs made one space and
    trimmed; ``origin`` maps every folded char back to ``text``."""
    out: list[str] = []
    origin: list[int] = []
    last_space = True  # drops leading whitespace
    for index, ch in enumerate(text):
        if ch.isspace() or ch in "\u00a0\u202f":
            if not last_space:
                out.append(" ")
                origin.append(index)
            last_space = True
            continue
        for folded in _folded_char(ch):
            out.append(folded)
            origin.append(index)
        last_space = False
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Folded("".join(out), origin)


def normalize_text(text: str) -> str:
    """The folded text alone: what two strings are compared by when case and marks do not count."""
    return fold(text).text


def ends_a_sentence(text: str) -> bool:
    """Whether ``text`` stops at the end of a sentence (``won.``, ``won?'``), not mid-way
    (``won``, ``won,``, ``won:``)."""
    return _ENDS_A_SENTENCE.search(text) is not None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, breaks excluded; empty paragraphs are kept."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """``(start, end)`` of the paragraph holding ``position``."""
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text, 0, position):
        start = match.end()
    following = PARAGRAPH_BREAK.search(text, position)
    return start, len(text) if following is None else following.start()


def sentence_start(text: str, position: int) -> int:
    """Where the sentence that holds ``position`` starts: after the last sentence end before it
    in its paragraph, else at the paragraph's start."""
    start, end = paragraph_bounds(text, position)
    # one char past position, so the lookahead sees the capital or mark a sentence opens with
    ends = SENTENCE_END.finditer(text, start, min(position + 1, end))
    return max((m.end() for m in ends if m.end() <= position), default=start)


def sentence_end(text: str, position: int) -> int:
    """Where the sentence that holds ``position`` ends: at the first sentence end from it on in
    its paragraph, else at the paragraph's end."""
    _, end = paragraph_bounds(text, position)
    following = SENTENCE_END.search(text, position, end)
    return end if following is None else following.start()


def initials(name: str) -> str:
    """'US Geological Survey' -> 'usgs', 'U.S. Geological Survey' too: capitals count whole."""
    return "".join(
        w.replace(".", "") if w.isupper() else w[0] for w in name.split() if w[0].isupper()
    ).casefold()


# A single mark (‘ or ') opens a quotation after a space, a line start, an opening bracket, a dash
# or a double opening mark (a quotation nested in “…”), and before anything but a space
# ('Doggie', '£100?'). Between two letters it is an apostrophe (O'Neill, don't), and before two
# digits it marks a year cut to two digits ('90s, ‘03): neither opens anything, in either style.
_OPENS_A_SINGLE_QUOTE_AFTER = '([—–-"“'
_SINGLE_MARK = re.compile("[\u2018']")
_ELIDED_DECADE = re.compile(r"['\u2018]\d\ds?\b")
_CLOSING_SINGLE = re.compile(r"(?<=\S)['’](?![^\W\d_])")


def single_quote_opens(text: str, index: int) -> bool:
    """Whether the single mark at ``index`` opens a quotation (British copy quotes in single
    marks, which are also apostrophes): see the rule above."""
    if not _SINGLE_MARK.match(text, index):
        return False
    before = text[index - 1] if index else "\n"
    after = text[index + 1] if index + 1 < len(text) else " "
    opens_after = before.isspace() or before in _OPENS_A_SINGLE_QUOTE_AFTER
    return opens_after and not after.isspace() and not _ELIDED_DECADE.match(text, index)


def single_quote_open_at(text: str, position: int) -> bool:
    """Whether a single quotation mark opened in the paragraph before ``position`` is still
    open there (Daily Mail copy quotes with single marks: 'to ruin Birmingham'). A mark closes
    a quotation after a non-space and before anything but a letter (Doggie' for)."""
    start, _ = paragraph_bounds(text, position)
    singles = (m.start() for m in _SINGLE_MARK.finditer(text, start, position))
    openings = {i for i in singles if single_quote_opens(text, i)}
    closings = {m.start() for m in _CLOSING_SINGLE.finditer(text, start, position)} - openings
    marks = sorted([(i, 1) for i in openings] + [(i, -1) for i in closings])
    depth = 0
    for _, step in marks:
        depth = max(0, depth + step)
    return depth > 0
