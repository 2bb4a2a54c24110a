"""Summary text to the shape and the word cap its style asks for, whichever strategy wrote it."""

from __future__ import annotations

import re

from factsum.sentences import split_sentences

_BULLET = re.compile(r"^\s*(?:[-*•‣]|\d+[.)])\s+")


def count_words(text: str) -> int:
    return len([w for w in re.split(r"\s+", _BULLET.sub("", text)) if re.search(r"\w", w)])


def shape(raw: str, style: str, cap: int) -> tuple[str, list[str]]:
    """A model's free-text reply as ``(text, bullets)`` within ``cap`` words."""
    cleaned = raw.strip().strip('"').replace("**", "")
    cleaned = re.sub(r"^(?:summary|headline)\s*:\s*", "", cleaned, flags=re.I)
    if style == "bullets":
        lines = [_BULLET.sub("", line).strip() for line in cleaned.splitlines() if line.strip()]
        bullets: list[str] = []
        budget = cap
        for line in lines:
            if count_words(line) > budget:
                break  # a bullet is kept whole or not at all
            bullets.append(line)
            budget -= count_words(line)
        if not bullets and lines:
            bullets = [whole_sentences(lines[0], cap)]
        return "\n".join(f"- {b}" for b in bullets), bullets
    if style == "headline":
        cleaned = cleaned.splitlines()[0].strip().rstrip(".") if cleaned else cleaned
        return truncate(cleaned, cap), []
    return whole_sentences(" ".join(cleaned.split()), cap), []


def whole_sentences(text: str, cap: int) -> str:
    """The leading sentences of ``text`` that fit in ``cap`` words, each kept whole; only a
    first sentence longer than the cap is cut (at a word, marked with an ellipsis)."""
    if count_words(text) <= cap:
        return text
    kept: list[str] = []
    for sentence in split_sentences(text):
        if count_words(" ".join([*kept, sentence.text])) > cap:
            break
        kept.append(sentence.text)
    return " ".join(kept) if kept else truncate(text, cap)


def truncate(text: str, cap: int) -> str:
    """At most ``cap`` words; cut at the last sentence end inside the cap when there is one."""
    words = text.split()
    if len(words) <= cap:
        return text
    clipped = " ".join(words[:cap])
    sentence_end = max(clipped.rfind(". "), clipped.rfind("! "), clipped.rfind("? "))
    if clipped.endswith((".", "!", "?")):
        return clipped
    if sentence_end > len(clipped) // 2:
        return clipped[: sentence_end + 1]
    return clipped.rstrip(",;:") + "…"
