"""Who said a quotation, when the wording of the article says so.

Wire copy attributes quotes in a handful of fixed patterns: "“…,” Chong said", "“…”,
estime Éric Vasseur", "Hong, the assistant minister, said “…”", "“…,” she said" after the
paragraph that introduced her, or a bare quote paragraph continuing the previous speaker.
Each rule here reads one such pattern; a quotation no rule settles is left to the model.
Measured on the seeds (evals/report-final.md), the rules decide most quotes correctly and
the model's remaining errors come from the quotes it is asked about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factsum.candidates.lexicon import (
    DETERMINERS,
    DOCUMENT_WORDS,
    FEMININE_WORDS,
    FUNCTION_WORDS,
    INVERTED_SPEECH_VERBS,
    MASCULINE_WORDS,
    ORGANIZATION_WORDS,
    SPEAKER_DESCRIPTORS,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
)
from factsum.candidates.quotes import QuotedSpan
from factsum.candidates.speech_links import SpeechSubject, speech_subject, subject_before
from factsum.tagger import Tagging
from factsum.text import PARAGRAPH_BREAK, SENTENCE_END, normalize_text, paragraph_bounds

# "Chong told", "Hong, the assistant minister, said", "Forum (EWDF) said", "Sandhu, called",
# "Craig Ferreira of fund manager Atlantic Peak said"
_SPEAKS_AFTER_NAME = re.compile(
    rf"(?:['’]s)?\s*(?:\([^()\n]{{1,60}}\)\s*)?(?:\s+(?:of|at|from)\s+[^,.;:“”\"«»\n]{{1,70}}?\s+)?"
    # the apposition's closing comma is optional: copy drops it ("Ilse Brandt, a surgeon at X said")
    rf"(?:,[^,“”\"«»\n]{{0,120}}?,?\s*|,\s*)?"
    rf"(?:also\s+|later\s+|then\s+|simply\s+)?(?:{SPEECH_VERBS})\b",
    re.I,
)
# "said union leader Corinne Marchal", "a déclaré la ministre des Comptes publics, Hélène
# Marchetti" (not "told X": X listens; not "stating Kim will": Kim is reported on)
_INVERTED_BEFORE_NAME = re.compile(
    rf"\b(?:{INVERTED_SPEECH_VERBS})\s+(?:(?!that\b|who\b|which\b|if\b|que\b|qui\b)[a-zà-ÿ'’-]+,?\s+){{0,6}}$",
    re.I,
)
# "according to KCNA, “…”", "Pour Marc-Antoine Delorme, le texte « … »"
_ACCORDING_TO_NAME = re.compile(r"\b(?:according to|selon|pour|d['’]après)\s+$", re.I)
# what may sit between a quote and the name it is attributed to after it
_CLOSING_MARKS = " \t\n,.;:!?“”\"«»‘’'—–-"
_CLOSING = r"[\s,.;:!?“”\"«»‘’'—–-]*"
_BOUND_AFTER_QUOTE = re.compile(
    rf"{_CLOSING}(?:(?:{INVERTED_SPEECH_VERBS})\s+(?:(?!that\b|who\b|which\b|que\b|qui\b)[a-zà-ÿ'’-]+,?\s+){{0,6}})?",
    re.I,
)
# "“…,” she said", "“…,” said he", "« … », a-t-il déclaré", "« … », poursuit-elle"
_PRONOUN_AFTER_QUOTE = re.compile(
    rf"{_CLOSING}(?:(?:{SUBJECT_PRONOUNS})\s+(?:also\s+|later\s+|then\s+)?(?:{SPEECH_VERBS})\b"
    r"|(?:said|added)\s+(?:he|she)\b|[a-zà-ÿ]+-t-(?:il|elle|ils|elles)\b|[a-zà-ÿ]+-(?:il|elle|ils|elles)\b)",
    re.I,
)
# "She said the workforce had been treated “like spare parts”"
_PRONOUN_BEFORE_QUOTE = re.compile(
    rf"\b(?:{SUBJECT_PRONOUNS})\s+(?:also\s+|later\s+|then\s+)?(?:{SPEECH_VERBS})\b", re.I
)
# a name followed by lower-case words is the subject of the reported clause ("said Hallvard
# had"), not the speaker of an inverted attribution ("said Chong." / "said Chong, adding")
_NAME_ENDS_CLAUSE = re.compile(
    r"\s*(?:[,.;:!?()\n—–]|$|[“”\"«»]|(?:while|as|when|after|before|during|in|at|on|from)\b)"
)
# "voted for Ocampo", "her son Tanvir": a name there is not who "he" or "she" is
_NOT_A_SUBJECT = re.compile(
    r"\b(?:for|to|with|by|against|from|about|of|son|daughter|husband|wife|mother|father|brother|sister)\s+$",
    re.I,
)
# a paragraph of one short sentence can be an attribution split off its quote ("Hale recalled.")
SPLIT_ATTRIBUTION_CHARS = 80
# a speaker introduced this far back is still "she" in "“…,” she said"
PRONOUN_REACH = 1500
# an unnamed speaker as the article words it: "a source", "appeal court judges", "Three judges"
_DESCRIPTOR = (
    r"(?:(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther)\s+)?"
    r"(?:[A-Za-z][a-z-]*\s+){0,2}?(?:" + "|".join(sorted(SPEAKER_DESCRIPTORS, key=len, reverse=True)) + r")\b"
)
# any definite description ("the comedian", "the former prime minister"): it stands for a
# speaker only when the article names who it is (_named_by_apposition)
_DEFINITE = r"[Tt]he\s+(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*"
_FOR_WHOM = r"(?:\s+(?:for|of|at|from|close to)\s+[^,.;:“”\"«»‘’\n]{1,50}?)?"


def _after_quote(np: str) -> re.Pattern[str]:
    """ "“…,” a source said", "“…,” said a spokesman", "“…,” one witness told the BBC" """
    return re.compile(
        rf"{_CLOSING}(?:(?:{INVERTED_SPEECH_VERBS})\s+(?P<after_verb>{np})|(?P<before_verb>{np})"
        rf"{_FOR_WHOM}\s+(?:also\s+|later\s+)?(?:{SPEECH_VERBS}))\b"
    )


def _before_quote(np: str) -> re.Pattern[str]:
    """ "A source told the Sunday Times: ‘…", "Motoring groups said the ruling was ‘out of touch’" """
    return re.compile(
        rf"(?:^|[.;:!?]\s+|,\s+|\b(?:and|but|while)\s+)(?P<np>{np}){_FOR_WHOM}\s+(?:also\s+|later\s+)?"
        rf"(?:{SPEECH_VERBS})\b"
    )


_UNNAMED = (_after_quote(_DESCRIPTOR), _before_quote(_DESCRIPTOR))
_DEFINITE_ONLY_NAMED = (_after_quote(_DEFINITE), _before_quote(_DEFINITE))


@dataclass(frozen=True)
class SpeakerSource:
    """A named, typed candidate speaker and every place the article names it."""

    name: str
    is_person: bool
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    source: SpeakerSource


_VERB_RIGHT_AFTER = re.compile(rf"\s+(?:{SPEECH_VERBS})\b", re.I)
_VERB_RIGHT_BEFORE = re.compile(rf"\b(?:{SPEECH_VERBS}),?\s+$", re.I)


def speaks_near(text: str, start: int, end: int) -> bool:
    """A speech verb right beside a name ("Loh told AFP", "said Loh"): a person-like source."""
    return bool(
        _VERB_RIGHT_AFTER.match(text[end : end + 20])
        or _VERB_RIGHT_BEFORE.search(text[max(0, start - 40) : start])
    )


def attribute_quotes(
    text: str,
    quotations: Sequence[QuotedSpan],
    sources: Sequence[SpeakerSource],
    tagging: Tagging | None = None,
) -> dict[int, str | None]:
    """Quotation index -> speaker name, or None where the wording does not settle it.

    A nested quotation (words a speaker reports someone else saying) goes to a name inside
    the enclosing quote that introduces it ("Brekke stood up and told us, ‘…’"), else None.
    """
    outside = _outside_mask(text, quotations)
    mentions = sorted(
        (
            _Mention(start, end, source)
            for source in sources
            for start, end in source.mentions
            if outside[start] and outside[max(start, end - 1)]
        ),
        key=lambda m: m.start,
    )
    attributed: dict[int, str | None] = {}
    last_by_paragraph: dict[int, str] = {}
    previous: tuple[tuple[int, int], str] | None = None  # (paragraph, speaker) of the last quote
    for index, quote in enumerate(quotations):
        if quote.nested:
            attributed[index] = _reported_speaker(text, quote, sources)
            continue
        paragraph = paragraph_bounds(text, quote.start)
        speaker = _decide(text, quote, paragraph, mentions, outside, last_by_paragraph, previous, tagging)
        attributed[index] = speaker
        if speaker is not None:
            last_by_paragraph[paragraph[0]] = speaker
            previous = (paragraph, speaker)
    return _share_within_runs(quotations, attributed)


def fullest_name(speaker: str, people: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A speaker written as a short form or nickname of one person of the result ("Poodle" of
    "Lee 'Uncle Poodle' Thompson") is that person, when exactly one person's name or aliases
    hold it on word boundaries; else the speaker as it is."""
    wanted = normalize_text(speaker)
    holders = {
        name
        for name, aliases in people
        if normalize_text(name) != wanted
        and any(_holds_words(normalize_text(form), wanted) for form in (name, *aliases))
    }
    return holders.pop() if len(holders) == 1 else speaker


def _holds_words(form: str, words: str) -> bool:
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", form) is not None


def _share_within_runs(
    quotations: Sequence[QuotedSpan], attributed: dict[int, str | None]
) -> dict[int, str | None]:
    """The paragraphs of one quotation have one speaker: the first one a rule found."""
    by_run: dict[int, str] = {}
    for index, quote in enumerate(quotations):
        speaker = attributed.get(index)
        if quote.run is not None and speaker is not None:
            by_run.setdefault(quote.run, speaker)
    return {
        index: (by_run.get(quote.run) if speaker is None and quote.run is not None else speaker)
        for index, (quote, speaker) in enumerate(
            zip(quotations, (attributed.get(i) for i in range(len(quotations))), strict=True)
        )
    }


def _descriptor_speaker(
    text: str,
    quote: QuotedSpan,
    paragraph_start: int,
    outside: list[bool],
    reach: int,
    patterns: tuple[re.Pattern[str], re.Pattern[str]] = _UNNAMED,
) -> str | None:
    """An unnamed speaker bound to the quote by a speech verb, worded as the article words it
    (after the quote, no further than ``reach``)."""
    after_quote, before_quote = patterns
    after = after_quote.match(text, quote.end, reach)
    if after is not None and len(after.group(0)) <= 120:
        return _bare_phrase(after.group("after_verb") or after.group("before_verb"))
    sentence_start = _sentence_start(text, paragraph_start, quote.start, outside)
    before = list(before_quote.finditer(_unquoted(text, sentence_start, quote.start, outside)))
    return _bare_phrase(before[-1].group("np")) if before else None


def _named_by_apposition(
    text: str, descriptor: str, quote: QuotedSpan, mentions: list[_Mention]
) -> str | None:
    """The person the article names with the descriptor's own words: "former prime minister
    Gordon Brown" or "Brown, the former prime minister" makes "the former prime minister said"
    Brown's. The nearest such mention before the quote, else the first after it."""
    words = descriptor.split()
    if words[0].casefold() in DETERMINERS:
        words = words[1:]
    if not words:
        return None
    role = r"\s+".join(map(re.escape, words))
    right_before = re.compile(rf"(?:^|[^\w-]){role}\s+$", re.I)
    right_after = re.compile(rf",\s+(?:the|a|an)\s+(?:[^,.;:!?“”\"«»\n]{{0,60}}?\s)?{role}\b", re.I)

    def apposed(m: _Mention) -> bool:
        lead = text[max(0, m.start - len(descriptor) - 2) : m.start]
        return bool(right_before.search(lead) or right_after.match(text, m.end))

    named = [m for m in mentions if m.source.is_person and apposed(m)]
    before = [m for m in named if m.end <= quote.start]
    chosen = before[-1] if before else next((m for m in named if m.start >= quote.end), None)
    return chosen.source.name if chosen is not None else None


def _bare_phrase(phrase: str) -> str:
    """The descriptor without the adverbs and conjunctions before it ("But yesterday judges")."""
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in FUNCTION_WORDS and words[0].casefold() not in DETERMINERS:
        words.pop(0)
    return " ".join(words)


def _decide(
    text: str,
    quote: QuotedSpan,
    paragraph: tuple[int, int],
    mentions: list[_Mention],
    outside: list[bool],
    last_by_paragraph: dict[int, str],
    previous: tuple[tuple[int, int], str] | None,
    tagging: Tagging | None = None,
) -> str | None:
    lo, hi = paragraph
    reach = _attribution_reach(text, quote, hi, outside)
    parsed = _parsed_speaker(text, quote, (lo, reach), mentions, outside, tagging)
    if parsed is not None:
        return parsed
    local = [m for m in mentions if lo <= m.start and m.end <= hi]
    speaking = _without_inner(text, [m for m in local if _speaks(text, m, lo)])
    split_off = [m for m in mentions if hi < m.start and m.end <= reach and _speaks(text, m, lo)]
    bound = [m for m in [*speaking, *split_off] if _bound(text, quote, m, outside)]
    if bound:
        return _nearest(quote, bound).source.name
    descriptor = _descriptor_speaker(text, quote, lo, outside, reach)
    if descriptor is not None:
        return _named_by_apposition(text, descriptor, quote, mentions) or descriptor
    definite = _descriptor_speaker(text, quote, lo, outside, reach, _DEFINITE_ONLY_NAMED)
    named = _named_by_apposition(text, definite, quote, mentions) if definite is not None else None
    if named is not None:
        return named
    pronoun = _speaking_pronoun(text, quote, lo, outside, reach)
    if pronoun is not None:
        # "She claims that living near Ana, who lives with Tom, has ‘…’": she is named before her
        people = [
            m for m in mentions
            if m.source.is_person and m.end <= pronoun and pronoun - m.end <= PRONOUN_REACH
            and not _NOT_A_SUBJECT.search(text, max(0, m.start - 12), m.start)
        ]  # fmt: skip
        if people:
            return _antecedent(text, people, outside, tagging).source.name
    if lo in last_by_paragraph:  # “A,” he said. “B.”: the paragraph's speaker goes on
        return last_by_paragraph[lo]
    if speaking:
        return _nearest(quote, speaking).source.name
    if _bare_quote_paragraph(text, paragraph, outside) and (lead := _lead_in(text, lo, mentions, outside)):
        return lead
    if previous is not None and _bare_quote_paragraph(text, paragraph, outside):
        (prev_lo, _), speaker = previous
        if lo - prev_lo < PRONOUN_REACH:
            return speaker
    # no verb says who: the one source the paragraph names before the quote, else the one it
    # names at all (a glued caption goes on past the quote with names of its own)
    before = {m.source.name for m in local if m.end <= quote.start}
    distinct = before if len(before) == 1 else {m.source.name for m in local}
    return distinct.pop() if len(distinct) == 1 else None


def _parsed_speaker(
    text: str,
    quote: QuotedSpan,
    bounds: tuple[int, int],
    mentions: list[_Mention],
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
        return _impersonal_antecedent(text, head_start, mentions, outside, tagging)
    if head.casefold() in _GENDER_OF_PRONOUN:
        resolved = _pronoun_antecedent(
            text, head_start, _GENDER_OF_PRONOUN[head.casefold()], mentions, outside, tagging
        )
        return resolved.source.name if resolved is not None else None
    phrase = text[subject.phrase[0] : subject.phrase[1]]
    if head.casefold() in DOCUMENT_WORDS:
        return _issuer(text, subject, mentions, outside, tagging)
    if _DESCRIPTOR_PHRASE.fullmatch(phrase) and head.casefold() in SPEAKER_DESCRIPTORS:
        descriptor = _bare_phrase(phrase)
        return _named_by_apposition(text, descriptor, quote, mentions) or descriptor
    if _DEFINITE_PHRASE.fullmatch(phrase):
        return _definite_referent(text, phrase, head, subject.shared, quote, mentions, outside, tagging)
    if tagging.pos_at(head_start) == "NOUN":
        return _named_by_role(text, phrase, quote, mentions)
    return None


def _named_by_role(text: str, phrase: str, quote: QuotedSpan, mentions: list[_Mention]) -> str | None:
    """ "a local amateur baker who claims ‘…’", then "Amateur baker Ann Lee": the person
    the article names with the last words of the role (two at least: "singer" alone is
    anyone's)."""
    words = [w for w in phrase.split() if w.casefold() not in DETERMINERS]
    for size in range(len(words), 1, -1):
        named = _named_by_apposition(text, " ".join(words[-size:]), quote, mentions)
        if named is not None:
            return named
    return None


def _impersonal_antecedent(
    text: str, pronoun: int, mentions: list[_Mention], outside: list[bool], tagging: Tagging
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
        return _issuer(text, previous, mentions, outside, tagging)
    return None


def _issuer(
    text: str, subject: SpeechSubject, mentions: list[_Mention], outside: list[bool], tagging: Tagging
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
    resolved = _pronoun_antecedent(text, start, gender, mentions, outside, tagging, any_position=True)
    return resolved.source.name if resolved is not None else None


def _definite_referent(
    text: str,
    phrase: str,
    head: str,
    shared: bool,
    quote: QuotedSpan,
    mentions: list[_Mention],
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
    named = _named_by_apposition(text, phrase, quote, mentions)
    if named is not None:
        return named
    resolved = _pronoun_antecedent(text, quote.start, None, mentions, outside, tagging)
    return resolved.source.name if resolved is not None else None


def _stands_outside(text: str, subject: SpeechSubject, bounds: tuple[int, int], outside: list[bool]) -> bool:
    """The verb stands in the quote's paragraph; its subject may stand before a paragraph
    break the copy put inside the sentence ("Ann Lee, head of the tenants' group\n\nHomeFirst, said:")."""
    lo, hi = bounds
    verb_start, verb_end = subject.verb
    head_start, head_end = subject.head
    if not (lo <= verb_start and verb_end <= hi and outside[verb_start] and outside[head_start]):
        return False
    return head_start >= lo or not _sentence_ends_between(text, head_end, verb_start, outside)


_GENDER_OF_PRONOUN: dict[str, str | None] = {"he": "m", "she": "f", "they": None}


def _pronoun_antecedent(
    text: str,
    pronoun: int,
    gender: str | None,
    mentions: list[_Mention],
    outside: list[bool],
    tagging: Tagging,
    *,
    any_position: bool = False,
) -> _Mention | None:
    """The person a "she said" stands for: of the people named before it, not known as the
    other gender, the last one; but when the last one is no subject, the last one the parse
    made a subject in this paragraph or the one before (a name in a caption or a clause is
    not who the story follows), else the subject of that name's sentence (_antecedent)."""
    named_before = [
        m for m in mentions if m.source.is_person and m.end <= pronoun and pronoun - m.end <= PRONOUN_REACH
    ]
    people = [
        m for m in named_before
        if any_position or not _NOT_A_SUBJECT.search(text, max(0, m.start - 12), m.start)
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
    return recent[-1] if recent else _antecedent(text, people, outside, tagging)


def _genders(text: str, mentions: list[_Mention], outside: list[bool]) -> dict[str, str]:
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


# "“…,” one witness told the BBC": the subject phrase as a whole is an unnamed speaker
_DESCRIPTOR_PHRASE = re.compile(rf"(?:[A-Za-z][\w-]*\s+){{0,3}}?{_DESCRIPTOR}{_FOR_WHOM}")
# "the agency", "The former soap star"
_DEFINITE_PHRASE = re.compile(r"[Tt]he\s+(?:[\w-]+\s+){0,4}?[a-z][\w-]*")


# "… and told us, ‘", "said to me: ‘"
_INTRODUCES_NESTED = re.compile(
    rf"\b(?:{SPEECH_VERBS})(?:\s+(?:us|me|them|him|her|to \w+))?\s*[,:]?\s*$", re.I
)


def _reported_speaker(text: str, quote: QuotedSpan, sources: Sequence[SpeakerSource]) -> str | None:
    """The name that, in the same sentence of the enclosing quote, introduces ``quote``."""
    lead = text[max(0, quote.start - 1 - 200) : quote.start - 1]
    if not _INTRODUCES_NESTED.search(lead):
        return None
    sentence_start = max(lead.rfind(". "), lead.rfind("“"), lead.rfind('"'), lead.rfind("«"))
    lo = quote.start - 1 - len(lead) + max(0, sentence_start)
    inside = [
        (start, source.name)
        for source in sources
        for start, end in source.mentions
        if lo <= start and end <= quote.start - 1
    ]
    return max(inside)[1] if inside else None


def _speaks(text: str, mention: _Mention, paragraph_start: int) -> bool:
    if _SPEAKS_AFTER_NAME.match(text, mention.end):
        return True
    window_start = max(paragraph_start, mention.start - 80)
    before = text[window_start : mention.start]
    if _ACCORDING_TO_NAME.search(before):
        return True
    return bool(_INVERTED_BEFORE_NAME.search(before)) and bool(_NAME_ENDS_CLAUSE.match(text, mention.end))


def _bound(text: str, quote: QuotedSpan, mention: _Mention, outside: list[bool]) -> bool:
    """The mention's attribution belongs to this quote: the same sentence, nothing between."""
    if mention.start >= quote.end:
        gap = text[quote.end : mention.start]
        return len(gap) <= 120 and _BOUND_AFTER_QUOTE.fullmatch(gap) is not None
    if mention.end <= quote.start:
        return not _sentence_ends_between(text, mention.end, quote.start, outside)
    return False


def _attribution_reach(text: str, quote: QuotedSpan, paragraph_end: int, outside: list[bool]) -> int:
    """Where an attribution after the quote may end: the quote's paragraph, or the next one
    when that holds no quotation of its own. Copy split a sentence a paragraph ("“…”" then
    "Tamsin Hale recalled."); a next paragraph with its own quote ("A source told the paper:
    ‘…’") introduces that quote instead, and a longer one tells more than who spoke."""
    if text[quote.end : paragraph_end].strip(_CLOSING_MARKS):
        return paragraph_end
    following = PARAGRAPH_BREAK.match(text, paragraph_end)
    if following is None:
        return paragraph_end
    next_start, next_end = paragraph_bounds(text, following.end())
    attribution_only = (
        next_end - next_start <= SPLIT_ATTRIBUTION_CHARS
        and all(outside[next_start:next_end])
        and not SENTENCE_END.search(text, next_start, next_end)
    )
    return next_end if attribution_only else paragraph_end


def _speaking_pronoun(
    text: str, quote: QuotedSpan, paragraph_start: int, outside: list[bool], reach: int
) -> int | None:
    """Where the "he said" of this quote stands (the quote's start when it follows the quote)."""
    if _PRONOUN_AFTER_QUOTE.match(text, quote.end, reach):
        return quote.start
    sentence_start = _sentence_start(text, paragraph_start, quote.start, outside)
    kept = [i for i in range(sentence_start, quote.start) if outside[i]]
    found = list(_PRONOUN_BEFORE_QUOTE.finditer("".join(text[i] for i in kept)))
    return kept[found[-1].start()] if found else None


def _antecedent(text: str, people: list[_Mention], outside: list[bool], tagging: Tagging | None) -> _Mention:
    """The person a "he said" refers to: the last one named, unless a subject of the same
    sentence was named before it ("Valder, who left the band under Ilse Brandt, said")."""
    last = people[-1]
    if tagging is None or tagging.is_subject(last.start, last.end):
        return last
    subjects = [
        m
        for m in people[:-1]
        if tagging.is_subject(m.start, m.end) and not _sentence_ends_between(text, m.end, last.start, outside)
    ]
    return subjects[-1] if subjects else last


def _without_inner(text: str, speaking: list[_Mention]) -> list[_Mention]:
    """Of a name and a name in its apposition, keep the one that speaks.

    "Ana Ruiz, director at Acme, said": Ana Ruiz. "La commission des finances, Julien
    Ferrand, a défendu": a person named in apposition to an organisation is its voice.
    """
    dropped: set[int] = set()
    for outer in speaking:
        match = _SPEAKS_AFTER_NAME.match(text, outer.end)
        if match is None:
            continue
        for inner in speaking:
            if inner is not outer and outer.end <= inner.start and inner.end <= match.end():
                person_voices_organization = inner.source.is_person and not outer.source.is_person
                dropped.add(id(outer) if person_voices_organization else id(inner))
    return [m for m in speaking if id(m) not in dropped]


def _nearest(quote: QuotedSpan, mentions: list[_Mention]) -> _Mention:
    return min(mentions, key=lambda m: min(abs(m.start - quote.end), abs(quote.start - m.end)))


def _sentence_ends_between(text: str, start: int, end: int, outside: list[bool]) -> bool:
    return any(_ends_outside_quotes(m, outside) for m in SENTENCE_END.finditer(text, start, end))


def _sentence_start(text: str, lo: int, position: int, outside: list[bool]) -> int:
    starts = [m.end() for m in SENTENCE_END.finditer(text, lo, position) if _ends_outside_quotes(m, outside)]
    return starts[-1] if starts else lo


def _ends_outside_quotes(sentence_end: re.Match[str], outside: list[bool]) -> bool:
    """The mark before the break is the article's, not a quoted sentence's full stop."""
    return outside[sentence_end.start() - 1]


def _lead_in(text: str, paragraph_start: int, mentions: list[_Mention], outside: list[bool]) -> str | None:
    """The person a paragraph ending in "," or ":" introduces, when a bare quote paragraph
    follows it ("His neighbour, Ewa Lind, called out," then "“Come in!”"); it outranks the
    previous quote's speaker going on. A lead-in that quotes words itself is left alone: its
    names are as likely what the quote is about."""
    lead = text[:paragraph_start].rstrip()
    if paragraph_start == 0 or lead[-1:] not in (",", ":"):
        return None
    lo, hi = paragraph_bounds(text, len(lead) - 1)
    if not all(outside[lo:hi]):
        return None
    people = [m for m in mentions if m.source.is_person and lo <= m.start and m.end <= hi]
    return people[0].source.name if people else None


def _bare_quote_paragraph(text: str, paragraph: tuple[int, int], outside: list[bool]) -> bool:
    """Nothing but quoted words: the speaker of the paragraph before goes on."""
    return not re.search(r"\w", _unquoted(text, *paragraph, outside))


def _unquoted(text: str, start: int, end: int, outside: list[bool]) -> str:
    return "".join(c for i, c in enumerate(text[start:end], start) if outside[i])


def _outside_mask(text: str, quotations: Sequence[QuotedSpan]) -> list[bool]:
    """True where a character is neither quoted words nor the marks around them."""
    mask = [True] * (len(text) + 1)
    for quote in quotations:
        for i in range(max(0, quote.start - 1), min(len(text), quote.end + 1)):
            mask[i] = False
    return mask
