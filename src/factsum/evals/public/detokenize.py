"""Tokenised newswire (CoNLL-2003, PTB-style CNN/DM highlights) back to readable text.

Returns each token's char span in the text, so entity labels given per token keep exact
offsets. Sacremoses' detokenizer does the same job but gives no offsets, which the CoNLL
labels need.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["detokenize", "detokenize_ptb"]

_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "'", "...", "n't"}
_CLITICS = ("'s", "'S", "'re", "'ve", "'ll", "'d", "'m", "n't")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "#"}
_PTB = {"``": '"', "''": '"', "-lrb-": "(", "-rrb-": ")", "-LRB-": "(", "-RRB-": ")", "--": "—"}


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join ``tokens`` as a person would write them; ``spans[i]`` is token i's (start, end)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    open_double = False
    glue_next = False
    for index, raw in enumerate(tokens):
        token = _PTB.get(raw, raw)
        space = index > 0 and not glue_next
        if raw in _NO_SPACE_BEFORE or raw in _CLITICS or raw.lower() in _CLITICS:
            space = False
        glue_next = raw in _NO_SPACE_AFTER
        # PTB writes both marks as `` and '' but not always in order: the count decides
        if token == '"':
            if open_double:
                space = False  # a closing mark hugs the word before it
            else:
                glue_next = True
            open_double = not open_double
        if space:
            parts.append(" ")
            length += 1
        spans.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
    return "".join(parts), spans


def detokenize_ptb(text: str) -> str:
    """A space-tokenised string (``Locke 's first six games .``) as plain text."""
    return detokenize(text.split())[0]
