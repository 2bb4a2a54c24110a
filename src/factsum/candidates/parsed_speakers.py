"""The speaker the dependency parse names: the subject of the speech verb a quote hangs on.

``speech_links`` finds that subject in the parse; this module reads it as a source. A name is
that source; "she" and "it" are what ``pronouns`` resolves them to; an unnamed subject ("appeal
court judges") is the article's words unless an apposed name binds them
(``unnamed_speakers``); "the agency" is the organisation named last; "his report" is whose the
document is. A subject none of these reads is left to the other rules of ``speakers``.
"""

from __future__ import annotations

from factsum.candidates.lexicon import DETERMINERS, DOCUMENT_WORDS, ORGANIZATION_WORDS, SPEAKER_DESCRIPTORS
from factsum.candidates.pronouns import (
    GENDER_OF_PRONOUN,
    PRONOUN_REACH,
    impersonal_antecedent,
    issuer,
    pronoun_antecedent,
)
from factsum.candidates.quotes import QuotedSpan
from factsum.candidates.speaker_sources import SourceMention, sentence_ends_between
from factsum.candidates.speech_links import SpeechSubject, speech_subject
from factsum.candidates.unnamed_speakers import (
    DEFINITE_PHRASE,
    DESCRIPTOR_PHRASE,
    bare_phrase,
    named_by_apposition,
)
from factsum.tagger import Tagging


def parsed_speaker(
    text: str,
    quote: QuotedSpan,
    bounds: tuple[int, int],
    mentions: list[SourceMention],
    outside: list[bool],
    tagging: Tagging | None,
) -> str | None:
    """The speaker the parse names: the subject of the speech verb the quote hangs on, when
    the verb stands outside quotes in the quote's own paragraph (or the attribution split
    off after it). A name is that source; "she" is the last woman named; an unnamed subject
    ("appeal court judges", "a spokesman for the council") is the article's words unless an
    apposed name binds them; "the agency" is the organisation named last. A subject the
    rules cannot read is left to the other rules."""
    if tagging is None:
        return None
    subject = speech_subject(text, tagging, quote.start, quote.end)
    if subject is None or not _stands_outside(text, subject, bounds, outside):
        return None
    head_start, head_end = subject.head
    head = text[head_start:head_end]
    apposed = [
        m for m in mentions for a, b in subject.apposed if m.source.is_person and m.start < b and a < m.end
    ]
    if apposed:  # "The minister, Ewan Reid, said", "the party's spokeswoman, Ann Lee, said": the person
        return apposed[0].source.name
    named = [m for m in mentions if m.start < head_end and head_start < m.end]
    if named:
        return named[0].source.name
    if head.casefold() == "it":
        return impersonal_antecedent(text, head_start, mentions, outside, tagging)
    if head.casefold() in GENDER_OF_PRONOUN:
        resolved = pronoun_antecedent(
            text, head_start, GENDER_OF_PRONOUN[head.casefold()], mentions, outside, tagging
        )
        return resolved.source.name if resolved is not None else None
    phrase = text[subject.phrase[0] : subject.phrase[1]]
    if head.casefold() in DOCUMENT_WORDS:
        return issuer(text, subject, mentions, outside, tagging)
    if DESCRIPTOR_PHRASE.fullmatch(phrase) and head.casefold() in SPEAKER_DESCRIPTORS:
        descriptor = bare_phrase(phrase)
        return named_by_apposition(text, descriptor, quote, mentions) or descriptor
    if DEFINITE_PHRASE.fullmatch(phrase):
        return _definite_referent(text, phrase, head, subject.shared, quote, mentions, outside, tagging)
    if tagging.pos_at(head_start) == "NOUN":
        return _named_by_role(text, phrase, quote, mentions)
    return None


def _named_by_role(text: str, phrase: str, quote: QuotedSpan, mentions: list[SourceMention]) -> str | None:
    """ "a local amateur baker who claims ‘…’", then "Amateur baker Ann Lee": the person
    the article names with the last words of the role (two at least: "singer" alone is
    anyone's)."""
    words = [w for w in phrase.split() if w.casefold() not in DETERMINERS]
    for size in range(len(words), 1, -1):
        named = named_by_apposition(text, " ".join(words[-size:]), quote, mentions)
        if named is not None:
            return named
    return None


def _definite_referent(
    text: str,
    phrase: str,
    head: str,
    shared: bool,
    quote: QuotedSpan,
    mentions: list[SourceMention],
    outside: list[bool],
    tagging: Tagging,
) -> str | None:
    """ "the agency noted": the organisation named last; "the former star told": the person
    apposed with those words, else the person the article was last about. A subject taken
    over from another verb ("X said the party would not appeal but accused …") may be the
    parser's misreading of whose verb it is: an organisation is then not guessed."""
    before = [m for m in mentions if m.end <= quote.start and quote.start - m.end <= PRONOUN_REACH]
    if head.casefold() in ORGANIZATION_WORDS:
        if shared:
            return None
        organizations = [m for m in before if not m.source.is_person]
        return organizations[-1].source.name if organizations else None
    named = named_by_apposition(text, phrase, quote, mentions)
    if named is not None:
        return named
    resolved = pronoun_antecedent(text, quote.start, None, mentions, outside, tagging)
    return resolved.source.name if resolved is not None else None


def _stands_outside(text: str, subject: SpeechSubject, bounds: tuple[int, int], outside: list[bool]) -> bool:
    """The verb stands in the quote's paragraph; its subject may stand before a paragraph
    break the copy put inside the sentence ("Ann Lee, head of the tenants' group\n\nHomeFirst, said:")."""
    lo, hi = bounds
    verb_start, verb_end = subject.verb
    head_start, head_end = subject.head
    if not (lo <= verb_start and verb_end <= hi and outside[verb_start] and outside[head_start]):
        return False
    return head_start >= lo or not sentence_ends_between(text, head_end, verb_start, outside)
