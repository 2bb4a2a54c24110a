"""Spans inside quotation marks.

Real copy is messy: the user's seed article closes some quotes with an opening mark
(“...“), wire copy leaves a quote open at a paragraph end when it continues in the next
paragraph, and French uses « ». A quotation therefore ends at its closing mark, at the
same style's opening mark, or at the end of the paragraph, whichever comes first.

British copy (the Daily Mail, the Guardian) quotes in single marks, ‘…’ or '…', which are
also apostrophes. A single mark opens a quotation where :func:`factsum.text.single_quote_opens`
says so (after a space, a line start, a bracket or a dash, before a word); it closes at a mark
that ends a word and is not a plural possessive: "the players’ efforts" goes on, "urged ‘loyal
fans’ to stay" closes (a possessive never stands before the words in NOT_AFTER_A_POSSESSIVE).
A word or two in quotation marks is as often the writer's term (an "office", ‘likes’) as
anyone's words; ``quoted_terms`` tells them apart by the grammar around the marks. Longer
spans are partial quotes (‘far too high’), as the label conventions count partial quotes of a
few words.

Titles of works and names in quotation marks are not speech; ``titles`` tells them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factsum.candidates.lexicon import NOT_AFTER_A_POSSESSIVE
from factsum.candidates.quoted_terms import is_a_term
from factsum.candidates.titles import is_title_in_context
from factsum.text import PARAGRAPH_BREAK, ends_a_sentence, single_quote_opens

# opening mark -> marks that may close it
_CLOSERS: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ closed by ” or, in sloppy copy, “
    "\u201e": "\u201c\u201d",  # „ German/Polish
    "\u00ab": "\u00bb",  # « French
    '"': '"',
}


@dataclass(frozen=True)
class QuotedSpan:
    """``start``/``end`` bound the words inside the marks (the marks themselves excluded).

    ``nested`` marks a quotation inside another one (“He told me ‘we will never sign’”).
    ``run`` is the char offset of the opening mark of the quotation this span is a piece of:
    the paragraphs of one quotation share it, and so share their speaker.
    """

    start: int
    end: int
    text: str
    nested: bool = False
    run: int | None = None


_NESTED = re.compile(r"(?<![\w’'])‘([^‘’]+?)’(?![\w’])")
# British copy inverts the marks: a quotation in single marks nests its quotations in double
# ones. Those also carry sayings and thoughts ("the saying "…"", "I don't think "…""), so only
# one introduced as dialogue, after a comma or a colon ('He told me, "…"'), counts as speech.
_NESTED_IN_SINGLE = re.compile(r"(?<=[,:] )[\"“]([^\"“”]+?)[\"”](?![\w\"“”])")


_SINGLE_MARKS = {"\u2018": "\u2019", "'": "'"}
MAX_RUN_ON_PARAGRAPHS = 6


def _end_of(text: str, mark: str, begin: int, limit: int) -> tuple[int, bool]:
    """Where a quotation opened by ``mark`` ends, searching [begin, limit): the index of its
    closing mark (True), of the next opening mark of its style (False), or ``limit`` (False)."""
    if mark not in _SINGLE_MARKS:
        closers = _CLOSERS[mark]
        found = [i for c in closers if (i := text.find(c, begin, limit)) != -1]
        if not found:
            return limit, False
        return min(found), True
    closer = _SINGLE_MARKS[mark]
    for i in range(begin, limit):
        char = text[i]
        if char == mark and char != closer and single_quote_opens(text, i):
            return i, False  # ‘ opening the next quotation: this one ran on without a closing mark
        if char != closer:
            continue
        after = text[i + 1] if i + 1 < len(text) else " "
        if after.isalnum() or text[i - 1].isspace():
            if char == mark and single_quote_opens(text, i):
                return i, False  # a straight ' that opens the next quotation
            continue  # an apostrophe inside a word: I’m, don't
        if text[i - 1] in "sS" and _possessed(text, i + 1):
            continue  # a plural possessive: the players’ efforts
        return i, True
    return limit, False


_NEXT_WORD = re.compile(r" ([a-z]+)(?![\w’'-])")


def _possessed(text: str, index: int) -> bool:
    """Whether the words at ``index``, after a mark that follows an -s, are what a plural
    possessive owns (" efforts"): a lower-case word that can begin a noun phrase."""
    word = _NEXT_WORD.match(text, index)
    if word is None:
        return bool(re.match(r" [a-z]", text[index : index + 2]))  # " in-form", " o’clock"
    return word.group(1) not in NOT_AFTER_A_POSSESSIVE


def _runs_on(text: str, mark: str, paragraph_end: int) -> list[tuple[int, int]]:
    """The paragraphs a quotation left open at ``paragraph_end`` runs on into, if any.

    Paragraphs with no quotation mark that follow an unclosed quotation are still inside it
    when the quotation then closes, or when the next quotation paragraph reopens with a fresh
    mark (the wire convention for a quote over several paragraphs; sentence-split corpora
    put each sentence of such a paragraph on its own line). A paragraph that opens a
    quotation in its middle is narration: then nothing runs on.
    """
    pieces: list[tuple[int, int]] = []
    unended: list[tuple[int, int]] = []  # paragraphs with no sentence end, since the last piece
    position = paragraph_end
    for _ in range(MAX_RUN_ON_PARAGRAPHS):
        gap = PARAGRAPH_BREAK.match(text, position)
        if gap is None:
            return []
        start = gap.end()
        following = PARAGRAPH_BREAK.search(text, start)
        end = following.start() if following else len(text)
        if start >= end:
            return []
        if text[start] in _CLOSERS or text[start] in _SINGLE_MARKS:
            return _join_broken_sentences(text, pieces)
        close, closed = _end_of(text, mark, start, end)
        # a sloppy closer is also an opening mark: across paragraphs it opens a new quotation
        opens = mark not in _SINGLE_MARKS and text[close : close + 1] == mark and _opens_quote(text, close)
        if closed and not opens:
            return _join_broken_sentences(text, [*pieces, *_broken_off(text, unended, start), (start, close)])
        if close < end:
            return []
        if not re.search(r"[.!?…:;,\-–—]\W*$", text[start:end]):
            # no sentence end: a caption or a heading set between the quote's paragraphs
            # ("Scroll down for video The mayor, left, ..."): skipped, not quoted, unless the
            # next piece continues its sentence
            unended.append((start, end))
            position = end
            continue
        pieces.extend([*_broken_off(text, unended, start), (start, end)])
        unended = []
        position = end
    return []


def _broken_off(text: str, unended: list[tuple[int, int]], start: int) -> list[tuple[int, int]]:
    """Paragraphs with no sentence end before a piece that continues a sentence ("If he scores
    runs⏎⏎– why not?") are the start of that sentence, not a caption: they are quoted too."""
    return unended[-1:] if _continues_a_sentence(text[start:]) else []


def _continues_a_sentence(piece: str) -> bool:
    first = piece.lstrip()[:1]
    return first.islower() or first in ",;:–—-"


def _join_broken_sentences(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that starts in lower case, with a comma or with a dash ("– and then"), or follows
    a piece that stops mid-sentence ("as well as\n\nI can"), continues the sentence before it:
    the paragraph break inside it is a layout accident, not a new paragraph of the quote."""
    joined: list[tuple[int, int]] = []
    for start, end in pieces:
        broken = joined and not ends_a_sentence(text[joined[-1][0] : joined[-1][1]])
        if joined and (_continues_a_sentence(text[start:end]) or broken):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def find_quotations(text: str) -> list[QuotedSpan]:
    return _scan(text)[0]


def find_quoted_titles(text: str) -> list[tuple[int, int]]:
    """The char spans of the titles set in double quotation marks (the album “Steel and Salt”),
    as :mod:`factsum.candidates.titles` reads them; single marks also set off nicknames, so
    their titles are not listed."""
    return _scan(text)[1]


def _scan(text: str) -> tuple[list[QuotedSpan], list[tuple[int, int]]]:
    spans: list[QuotedSpan] = []
    titles: list[tuple[int, int]] = []
    position = 0
    left_open_at: int | None = None  # the paragraph end the last quotation was left open at
    while position < len(text):
        opener = text[position]
        single = opener in _SINGLE_MARKS
        closers = _CLOSERS.get(opener, "")
        if single and not single_quote_opens(text, position):
            position += 1
            continue
        if not single and (not closers or not _opens_quote(text, position)):
            position += 1
            continue
        paragraph_end = PARAGRAPH_BREAK.search(text, position)
        limit = paragraph_end.start() if paragraph_end else len(text)
        close, closed = _end_of(text, opener, position + 1, limit)
        pieces = [(position + 1, close)]
        if not closed and close == limit:
            pieces = _join_broken_sentences(text, pieces + _runs_on(text, opener, limit))
        last = pieces[-1][1]
        left_open = not closed and last == limit
        if left_open and _moved_closer(text, position, left_open_at, limit):
            left_open_at = None
            position += 1
            continue
        left_open_at = limit if left_open else None
        ran_on_to_a_close = close == limit and text[last : last + 1] in (closers or _SINGLE_MARKS[opener])
        closing = last if closed or ran_on_to_a_close else None
        quoted = " ".join(text[a:b].strip() for a, b in pieces).strip()
        titled = bool(quoted) and is_title_in_context(text, position, closing, quoted)
        if titled and not single:  # single marks also set off nicknames ('Biscuit'), which name people
            titles.extend(pieces)
        elif not titled and quoted and not is_a_term(text, position, closing, quoted, single=single):
            for a, b in pieces:
                inner = text[a:b]
                stripped = inner.strip()
                if not stripped:
                    continue
                lead = len(inner) - len(inner.lstrip())
                spans.append(QuotedSpan(a + lead, a + lead + len(stripped), stripped, run=position))
                nested = _NESTED_IN_SINGLE if single else _NESTED
                spans.extend(_nested(text, a + lead, a + lead + len(stripped), nested))
        # a mark that opened the next quotation must be read again as an opener
        reopens = not closed and last < len(text) and text[last] in _SINGLE_MARKS
        position = last if reopens and last > position else last + 1
    return spans, titles


def _moved_closer(text: str, index: int, left_open_at: int | None, paragraph_end: int) -> bool:
    """'a "sad coward.⏎⏎"The league suspended her.⏎⏎She left.': a straight mark that opens the
    paragraph after one left inside an open quotation, and whose own quotation is left open too,
    is the first quotation's closing mark moved by a sentence splitter, unless the paragraph after
    it reopens the quotation (a quote over several paragraphs reopens every one of them)."""
    if text[index] != '"' or left_open_at is None:
        return False
    gap = PARAGRAPH_BREAK.match(text, left_open_at)
    following = PARAGRAPH_BREAK.match(text, paragraph_end)
    if gap is None or gap.end() != index or following is None or following.end() >= len(text):
        return False
    return text[following.end()] not in _CLOSERS and text[following.end()] not in _SINGLE_MARKS


def _nested(text: str, lo: int, hi: int, pattern: re.Pattern[str]) -> list[QuotedSpan]:
    """Speech quoted inside a quotation, in the other style of marks: three words or more, so
    apostrophes never count."""
    found: list[QuotedSpan] = []
    for match in pattern.finditer(text, lo, hi):
        inner = match.group(1).strip()
        if len(inner.split()) >= 3:
            start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
            found.append(QuotedSpan(start, start + len(inner), inner, nested=True))
    return found


def _opens_quote(text: str, index: int) -> bool:
    """A straight quote opens only after a space (a no-break one too), a line start, an
    opening bracket, or a bracketed credit glued to the first word ("(CNN)\"We ...")."""
    if text[index] != '"':
        return True
    if _stray_closer(text, index):
        return False
    return index == 0 or text[index - 1].isspace() or text[index - 1] in "([—-" or _after_credit(text, index)


_CREDIT = re.compile(r"\([^()\n]{1,40}\)")


def _after_credit(text: str, index: int) -> bool:
    """Wire copy glues its bracketed source to the paragraph's first word; a mark after any
    other closing bracket may close a quotation ("we won (the cup)"), so it opens nothing."""
    line_start = text.rfind("\n", 0, index) + 1
    return _CREDIT.fullmatch(text, line_start, index) is not None


def _stray_closer(text: str, index: int) -> bool:
    """'"Late Lights.\n\n"Two years later, he hosted "The Night Desk"': a straight
    mark opening a paragraph is the last paragraph's closing mark, moved by a sentence splitter,
    when the next mark in the paragraph opens a quotation (after a space, before a word)."""
    if index > 0 and text[index - 1] != "\n":
        return False
    end = text.find("\n", index)
    following = text.find('"', index + 1, len(text) if end == -1 else end)
    if following == -1 or following + 1 >= len(text):
        return False
    return text[following - 1] == " " and not text[following + 1].isspace()
