"""realnews-labelled: cnn-dev stories labelled by hand for every fact field.

The labels are committed (``evals/public/realnews-labelled/<id>.labels.json``) but the story
text is not, and a quote is a sentence of the story, so a committed quote carries its char
span instead of its words: ``{"speaker": "...", "start": 120, "end": 164}``. The build reads
the text from the pinned FRANK file and writes LABELS-format quotes (``text``) beside it.
"""

from __future__ import annotations

from typing import Any

from factsum.errors import SourceDataError
from factsum.grounding import occurs_exactly

__all__ = ["freeze_quotes", "materialise", "unlocated_forms"]


def unlocated_forms(labels: dict[str, Any], text: str) -> list[str]:
    """Label surface forms (names, aliases, dates, figures, speakers) the text lacks on word boundaries."""
    missing: list[str] = []
    for field in ("people", "organizations", "locations"):
        for item in labels.get(field) or []:
            missing += [
                f"{field}: {f!r}"
                for f in [item["name"], *item.get("aliases", [])]
                if not occurs_exactly(text, f)
            ]
    for field in ("dates", "numbers"):
        missing += [
            f"{field}: {i['text']!r}" for i in labels.get(field) or [] if not occurs_exactly(text, i["text"])
        ]
    for quote in labels.get("quotes") or []:
        speaker = quote.get("speaker")
        if speaker and not occurs_exactly(text, speaker):
            missing.append(f"quotes: speaker {speaker!r}")
        if "text" in quote and quote["text"] not in text:
            missing.append(f"quotes: {quote['text'][:40]!r}…")
    return missing


def materialise(story_id: str, committed: dict[str, Any], text: str) -> dict[str, Any]:
    """Committed labels (quotes as spans) -> LABELS-format labels (quotes as verbatim text)."""
    labels = dict(committed)
    quotes = []
    for index, quote in enumerate(committed.get("quotes") or []):
        start, end = quote.get("start"), quote.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise SourceDataError(f"{story_id}: quotes[{index}] needs start < end inside the text")
        quotes.append(
            {k: v for k, v in quote.items() if k not in ("start", "end")} | {"text": text[start:end]}
        )
    if "quotes" in committed:
        labels["quotes"] = quotes
    missing = unlocated_forms(labels, text)
    if missing:
        raise SourceDataError(f"{story_id}: labels not in the text: " + "; ".join(missing[:4]))
    return labels


def freeze_quotes(labels: dict[str, Any], text: str) -> dict[str, Any]:
    """LABELS-format labels -> the committed form: each quote's text becomes its span.

    A quote whose words occur more than once takes the first place not yet used by an
    identical quote, so repeated captions and lines keep one label each.
    """
    frozen = dict(labels)
    used: dict[str, int] = {}
    quotes = []
    for quote in labels.get("quotes") or []:
        words = quote["text"]
        start = text.find(words, used.get(words, 0))
        if start < 0:
            raise SourceDataError(f"{labels.get('id')}: quote not verbatim in the text: {words[:40]!r}…")
        used[words] = start + len(words)
        quotes.append(
            {k: v for k, v in quote.items() if k != "text"} | {"start": start, "end": start + len(words)}
        )
    if "quotes" in labels:
        frozen["quotes"] = quotes
    return frozen
