"""Who a pronoun in an attribution stands for: "she said", "it also warned", "his report found".

"He" or "she" is the last person named before it whom the article does not tie to the other
gender ("Mr"/"Ms" before a name, the first he/she/his/her after it), preferring one the parse
makes a subject over a name in a caption or a clause; "it" is the last subject before it when
that is an organisation or a document, never a person; a document ("his report") speaks for
whoever it belongs to.
"""

from __future__ import annotations

import re

from factsum.candidates.lexicon import DOCUMENT_WORDS, FEMININE_WORDS, MASCULINE_WORDS
from factsum.candidates.speaker_sources import SourceMention, sentence_ends_between
from factsum.candidates.speech_links import SpeechSubject, subject_before
from factsum.tagger import Tagging
from factsum.text import SENTENCE_END, paragraph_bounds

# "voted for Ocampo", "her son Tanvir": a name there is not who "he" or "she" is
NOT_A_SUBJECT = re.compile(
    r"\b(?:for|to|with|by|against|from|about|of|son|daughter|husband|wife|mother|father|brother|sister)\s+$",
    re.I,
)
# a speaker introduced this far back is still "she" in "“…,” she said"
PRONOUN_REACH = 1500


def impersonal_antecedent(
    text: str, pronoun: int, mentions: list[SourceMention], outside: list[bool], tagging: Tagging
) -> str | None:
    """ "The board said …. It also warned ‘…’", "His report found …. It also highlighted ‘…’":
    "it" is the last subject before it in this paragraph or the one before, when that is an
    organisation or a document (then whose it is); never a person."""
    lo, _ = paragraph_bounds(text, pronoun)
    floor = paragraph_bounds(text, max(0, lo - 1))[0] if lo > 0 else lo
    previous = subject_before(text, tagging, pronoun, floor, outside)
    if previous is None:
        return None
    start, end = previous.head
    named = [m for m in mentions if m.start < end and start < m.end]
    if named:
        return None if named[0].source.is_person else named[0].source.name
    if text[start:end].casefold() in DOCUMENT_WORDS:
        return issuer(text, previous, mentions, outside, tagging)
    return None


def issuer(
    text: str, subject: SpeechSubject, mentions: list[SourceMention], outside: list[bool], tagging: Tagging
) -> str | None:
    """ "His report found", "the board's statement said": whose the document is. "The
    statement said" alone is whoever issued it, which the other rules read."""
    if subject.possessor is None:
        return None
    start, end = subject.possessor
    owners = [m for m in mentions if start <= m.start and m.end <= end]
    if owners:
        return owners[-1].source.name
    gender = _gender_of_word(text[start:end])
    if gender is None:
        return None
    # "a probe headed by Ann Lee. Her report found": a possessive reaches back to any mention
    resolved = pronoun_antecedent(text, start, gender, mentions, outside, tagging, any_position=True)
    return resolved.source.name if resolved is not None else None


GENDER_OF_PRONOUN: dict[str, str | None] = {"he": "m", "she": "f", "they": None}


def pronoun_antecedent(
    text: str,
    pronoun: int,
    gender: str | None,
    mentions: list[SourceMention],
    outside: list[bool],
    tagging: Tagging,
    *,
    any_position: bool = False,
) -> SourceMention | None:
    """The person a "she said" stands for: of the people named before it, not known as the
    other gender, the last one; but when the last one is no subject, the last one the parse
    made a subject in this paragraph or the one before (a name in a caption or a clause is
    not who the story follows), else the subject of that name's sentence (antecedent)."""
    named_before = [
        m for m in mentions if m.source.is_person and m.end <= pronoun and pronoun - m.end <= PRONOUN_REACH
    ]
    people = [
        m for m in named_before
        if any_position or not NOT_A_SUBJECT.search(text, max(0, m.start - 12), m.start)
    ]  # fmt: skip
    if gender is not None:
        genders = _genders(text, mentions, outside)
        people = [m for m in people if genders.get(m.source.name, gender) == gender]
        # "a chat he had with Lina, in which she told him": a name after a preposition is
        # "she" after all when the article ties her, and no one else, to that gender
        people = people or [m for m in named_before if genders.get(m.source.name) == gender]
    if not people:
        return None
    last = people[-1]
    if tagging.is_subject(last.start, last.end):
        return last
    lo, _ = paragraph_bounds(text, pronoun)
    previous_lo = paragraph_bounds(text, max(0, lo - 1))[0] if lo > 0 else lo
    recent = [m for m in people if m.start >= previous_lo and tagging.is_subject(m.start, m.end)]
    return recent[-1] if recent else antecedent(text, people, outside, tagging)


def _genders(text: str, mentions: list[SourceMention], outside: list[bool]) -> dict[str, str]:
    """Each person's gender as the article ties it to the name: "Ms"/"Mr" right before a
    mention, or the first he/she/his/her after a mention in its sentence, before any other
    name. A person the article ties both ways is left unknown."""
    seen: dict[str, set[str]] = {}
    for index, mention in enumerate(mentions):
        if not mention.source.is_person:
            continue
        honorific = re.search(r"(\w+)\.?\s+$", text[max(0, mention.start - 6) : mention.start])
        stop = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        sentence = SENTENCE_END.search(text, mention.end, stop)
        stop = sentence.start() if sentence is not None else stop
        words = [w for w in re.finditer(r"\w+", text[mention.end : stop]) if outside[mention.end + w.start()]]
        tied = [honorific.group(1)] if honorific else []
        tied += [next((w.group(0) for w in words if _gender_of_word(w.group(0))), "")]
        for word in tied:
            if (gender := _gender_of_word(word)) is not None:
                seen.setdefault(mention.source.name, set()).add(gender)
    return {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}


def _gender_of_word(word: str) -> str | None:
    folded = word.casefold()
    return "m" if folded in MASCULINE_WORDS else "f" if folded in FEMININE_WORDS else None


def antecedent(
    text: str, people: list[SourceMention], outside: list[bool], tagging: Tagging | None
) -> SourceMention:
    """The person a "he said" refers to: the last one named, unless a subject of the same
    sentence was named before it ("Valder, who left the band under Ilse Brandt, said")."""
    last = people[-1]
    if tagging is None or tagging.is_subject(last.start, last.end):
        return last
    subjects = [
        m
        for m in people[:-1]
        if tagging.is_subject(m.start, m.end) and not sentence_ends_between(text, m.end, last.start, outside)
    ]
    return subjects[-1] if subjects else last
