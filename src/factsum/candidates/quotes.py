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
    """``start``/``end`` bound the words inside the marks (the marks themselves excluded)."""

    start: int
    end: int
    text: str


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
        if stripped:
            lead = len(inner) - len(inner.lstrip())
            spans.append(QuotedSpan(start + lead, start + lead + len(stripped), stripped))
        position = close + 1
    return spans


def _opens_quote(text: str, index: int) -> bool:
    """A straight quote opens only after a space, a line start or an opening bracket."""
    if text[index] != '"':
        return True
    return index == 0 or text[index - 1] in " \t\n([—-"
