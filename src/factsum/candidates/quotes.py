"""Spans inside quotation marks.

Real copy is messy: the user's seed article closes some quotes with an opening mark
(“...“), wire copy leaves a quote open at a paragraph end when it continues in the next
paragraph, and French uses « ». A quotation therefore ends at its closing mark, at the
same style's opening mark, or at the end of the paragraph, whichever comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> marks that may close it
_CLOSERS: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ closed by ” or, in sloppy copy, “
    "\u201e": "\u201c\u201d",  # „ German/Polish
    "\u00ab": "\u00bb",  # « French
    '"': '"',
}
_PARAGRAPH_END = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class QuotedSpan:
    """``start``/``end`` bound the words inside the marks (the marks themselves excluded).

    ``nested`` marks a quotation inside another one (“He told me ‘we will never sign’”).
    """

    start: int
    end: int
    text: str
    nested: bool = False


_NESTED = re.compile(r"(?<![\w’'])‘([^‘’]+?)’(?![\w’])")
_CONNECTOR_WORDS = {"and", "of", "the", "a", "an", "in", "on", "for", "to", "de", "la", "le", "et", "du"}


def find_quotations(text: str) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    position = 0
    while position < len(text):
        opener = text[position]
        closers = _CLOSERS.get(opener)
        if closers is None or not _opens_quote(text, position):
            position += 1
            continue
        paragraph_end = _PARAGRAPH_END.search(text, position)
        limit = paragraph_end.start() if paragraph_end else len(text)
        close = min((i for c in closers if (i := text.find(c, position + 1, limit)) != -1), default=limit)
        start, end = position + 1, close
        inner = text[start:end]
        stripped = inner.strip()
        if stripped and not is_title(stripped):
            lead = len(inner) - len(inner.lstrip())
            spans.append(QuotedSpan(start + lead, start + lead + len(stripped), stripped))
            spans.extend(_nested(text, start + lead, start + lead + len(stripped)))
        position = close + 1
    return spans


def is_title(quoted: str) -> bool:
    """“Steel and Salt”: every word capitalised, short, no sentence punctuation -> a title, not speech."""
    words = quoted.strip(" ,.").split()
    if not 1 < len(words) <= 6 or re.search(r"[,;:!?]", quoted.strip(" ,.")):
        return False
    return all(w[0].isupper() or w.casefold() in _CONNECTOR_WORDS for w in words) and words[0][0].isupper()


def _nested(text: str, lo: int, hi: int) -> list[QuotedSpan]:
    """Single-quoted speech inside a quotation: three words or more, so apostrophes never count."""
    found: list[QuotedSpan] = []
    for match in _NESTED.finditer(text, lo, hi):
        inner = match.group(1).strip()
        if len(inner.split()) >= 3:
            start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
            found.append(QuotedSpan(start, start + len(inner), inner, nested=True))
    return found


def _opens_quote(text: str, index: int) -> bool:
    """A straight quote opens only after a space, a line start or an opening bracket."""
    if text[index] != '"':
        return True
    return index == 0 or text[index - 1] in " \t\n([—-"
