"""Titles and names in quotation marks, told from quoted speech by typography.

A title is set in title case (“Steel and Salt”), and a short title-case span is one on its
own. Some titles look like speech out of context: American copy puts the comma or full stop
that follows a title inside the marks (the hit “Rain,”), titles hold commas (“Hop, Skip,
Bruin”) and subtitles, and writers leave short words in lower case (“This Land is Your Land”).
Such a span is a title only where its context says so: a word naming a work before it (the hit,
her album, the cartoon) or after it (the “Hey, Hey” chorus), a credit after it (“…” (by Jo
Kim)), or another title beside it in a list (“Old Pier” or “Harbour,”).
"""

from __future__ import annotations

import re

from factsum.candidates.lexicon import (
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
    TITLE_CASE_CONNECTORS,
    WORK_NOUNS,
    WORK_VERBS,
)

_MAX_TITLE_WORDS = 10
_OPENING = '"\u201c'  # " “
_CLOSING = '"\u201d'  # " ”
_ANY_MARK = '"\u201c\u201d'
# what joins the items of a list of titles: a credit in brackets, a comma, "and"/"or"
_LIST_JOIN = r"\s*(?:\([^()\n]*\)\s*)?,?\s*(?:(?:and|or|nor)\s+)?"
_TITLE_BEFORE = re.compile(rf"[{_OPENING}]([^{_ANY_MARK}\n]+)[{_CLOSING}]{_LIST_JOIN}$")
_TITLE_AFTER = re.compile(rf"{_LIST_JOIN}[{_OPENING}]([^{_ANY_MARK}\n]+)[{_CLOSING}]")
_WORD_BEFORE = re.compile(r"(\w+)(,?)\s*$")
_AFTER = re.compile(r"\s*(?:(\(by\b|by [A-Z])|([a-z]+)\b)")
# '"Brilliant," she said' / 'said Ann Lee': an attribution after the marks makes them speech
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_ATTRIBUTION = re.compile(rf"\s*(?:(?:{SUBJECT_PRONOUNS}|{_NAME})\s+)?(?:{SPEECH_VERBS})\b")
_WORD_LEAD = "\"'\u2018\u201c(\u00a1\u00bf"
_SHORT_LOWER_WORD = 3  # "is", "as", "up": words writers leave in lower case in a title


def is_title(quoted: str) -> bool:
    """“Steel and Salt”: every word capitalised, short, no sentence punctuation -> a title, not speech.

    One capitalised word with no punctuation is a title (“Respect”); with punctuation it may
    be an answer (“No.”, “One,” he said). Several words in capitals throughout are shouted
    speech or a sign's words (‘WE ARE NOT LEAVING’), not title case."""
    words = quoted.strip(" ,.").split()
    if len(words) == 1:
        return words[0][0].isupper() and not quoted.strip().endswith((".", "!", "?", ","))
    if quoted.isupper():
        return False
    # a subtitle follows a colon ("Salt Roads: A History"); speech in title case runs no longer
    # than a slogan, while book and show titles reach ten words
    bare = re.sub(r":\s+(?=[A-Z])", " ", quoted.strip(" ,."))
    if not 1 < len(words) <= _MAX_TITLE_WORDS or re.search(r"[,;:!?]", bare):
        return False
    return (
        all(w[0].isupper() or w.casefold() in TITLE_CASE_CONNECTORS for w in words) and words[0][0].isupper()
    )


def is_title_in_context(text: str, opening: int, closing: int | None, quoted: str) -> bool:
    """Whether ``quoted``, inside the marks at ``opening`` and ``closing`` (None: left open),
    is a title: by its own look (:func:`is_title`), or by a looser look and its context."""
    if is_title(quoted):
        return True
    if not _looks_like_a_title(quoted) or (closing is not None and is_attributed(text, closing)):
        return False
    if _names_a_work_before(text, opening):
        return True
    if closing is None:
        return False
    return _names_a_work_after(text, closing + 1) or _beside_a_title(text, opening, closing)


def is_attributed(text: str, closing: int) -> bool:
    """Whether the quotation closed by the mark at ``closing`` is attributed right after it."""
    return _ATTRIBUTION.match(text, closing + 1) is not None


def _looks_like_a_title(quoted: str) -> bool:
    """Title case but for commas, a subtitle's colon, short lower-case words and a trailing
    comma or full stop: never a question, an exclamation or two sentences."""
    core = quoted.strip()
    core = core[:-1] if core.endswith((",", ".")) else core
    words = core.split()
    if not 0 < len(words) <= _MAX_TITLE_WORDS or re.search(r"[!?;]|[a-z]{3}\.\s", core):
        return False
    if len(words) > 1 and core.isupper():
        return False  # shouted speech
    bare = [w.lstrip(_WORD_LEAD).rstrip(",:") for w in words]
    if not all(bare) or not (_capitalised(bare[0]) and _capitalised(bare[-1])):
        return False
    return all(_capitalised(w) or _lower_case_in_a_title(w) for w in bare)


def _capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _lower_case_in_a_title(word: str) -> bool:
    return word.casefold() in TITLE_CASE_CONNECTORS or (word.islower() and len(word) <= _SHORT_LOWER_WORD)


def _names_a_work_before(text: str, opening: int) -> bool:
    """the hit “Rain,”; her first album, “Tidewater,”; the cartoon⏎⏎“Hop, Skip, Bruin,” (a
    paragraph break after a bare noun is a sentence broken by the layout)."""
    word = _WORD_BEFORE.search(text, max(0, opening - 40), opening)
    if word is None:
        return False
    name, comma = word.group(1).casefold(), word.group(2)
    # after a comma a verb introduces speech (he called, “Come Home.”), a noun an appositive
    return name in WORK_NOUNS or (name in WORK_VERBS and not comma)


def _names_a_work_after(text: str, after: int) -> bool:
    """the “Hey, Hey” chorus; “Pier is Our Pier” (by Jo Kim); “Salt Roads” by Ann Lee."""
    following = _AFTER.match(text, after)
    if following is None:
        return False
    return bool(following.group(1)) or (following.group(2) or "") in WORK_NOUNS


def _beside_a_title(text: str, opening: int, closing: int) -> bool:
    """Next to a title in a list: “Old Pier” or “Salt Roads” or “Harbour,”."""
    line_start = text.rfind("\n", 0, opening) + 1
    line_end = text.find("\n", closing)
    before = _TITLE_BEFORE.search(text, line_start, opening)
    after = _TITLE_AFTER.match(text, closing + 1, len(text) if line_end == -1 else line_end)
    return any(m is not None and is_title(m.group(1)) for m in (before, after))
