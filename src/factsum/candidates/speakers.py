"""Who said a quotation, when the wording of the article says so.

Wire copy attributes quotes in a handful of fixed patterns: "“…,” Chong said", "“…”,
estime Éric Vasseur", "Hong, the assistant minister, said “…”", "“…,” she said" after the
paragraph that introduced her, or a bare quote paragraph continuing the previous speaker.
Each rule here reads one such pattern; a quotation no rule settles is left to the model.
Measured on the seeds (evals/report-final.md), the rules decide most quotes correctly and
the model's remaining errors come from the quotes it is asked about.

This module holds the order the rules are tried in (``_decide``) and the rules that read the
words around a quote: a name bound to it in its sentence, an attribution split off into the
next paragraph, a lead-in paragraph, a speaker going on. The rule that reads the parse is
``parsed_speakers``; who a pronoun stands for is ``pronouns``; unnamed speakers ("a source")
and the names apposed to them are ``unnamed_speakers``; the sources and the article's own
words around its quotations, which every rule reads, are ``speaker_sources``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factsum.candidates.lexicon import INVERTED_SPEECH_VERBS, SPEECH_VERBS, SUBJECT_PRONOUNS
from factsum.candidates.parsed_speakers import parsed_speaker
from factsum.candidates.pronouns import NOT_A_SUBJECT, PRONOUN_REACH, antecedent
from factsum.candidates.quotes import QuotedSpan
from factsum.candidates.speaker_sources import (
    CLOSING,
    CLOSING_MARKS,
    SourceMention,
    SpeakerSource,
    outside_mask,
    sentence_ends_between,
    sentence_start_at,
    unquoted,
)
from factsum.candidates.unnamed_speakers import DEFINITE_ONLY_NAMED, descriptor_speaker, named_by_apposition
from factsum.tagger import Tagging
from factsum.text import PARAGRAPH_BREAK, SENTENCE_END, normalize_text, paragraph_bounds

# SpeakerSource lives in speaker_sources, below every rule module; callers import it from here
__all__ = ["SpeakerSource", "attribute_quotes", "fullest_name", "speaks_near"]

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
_BOUND_AFTER_QUOTE = re.compile(
    rf"{CLOSING}(?:(?:{INVERTED_SPEECH_VERBS})\s+(?:(?!that\b|who\b|which\b|que\b|qui\b)[a-zà-ÿ'’-]+,?\s+){{0,6}})?",
    re.I,
)
# "“…,” she said", "“…,” said he", "« … », a-t-il déclaré", "« … », poursuit-elle"
_PRONOUN_AFTER_QUOTE = re.compile(
    rf"{CLOSING}(?:(?:{SUBJECT_PRONOUNS})\s+(?:also\s+|later\s+|then\s+)?(?:{SPEECH_VERBS})\b"
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
# a paragraph of one short sentence can be an attribution split off its quote ("Hale recalled.")
SPLIT_ATTRIBUTION_CHARS = 80


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
    outside = outside_mask(text, quotations)
    mentions = sorted(
        (
            SourceMention(start, end, source)
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


def _decide(
    text: str,
    quote: QuotedSpan,
    paragraph: tuple[int, int],
    mentions: list[SourceMention],
    outside: list[bool],
    last_by_paragraph: dict[int, str],
    previous: tuple[tuple[int, int], str] | None,
    tagging: Tagging | None = None,
) -> str | None:
    lo, hi = paragraph
    reach = _attribution_reach(text, quote, hi, outside)
    parsed = parsed_speaker(text, quote, (lo, reach), mentions, outside, tagging)
    if parsed is not None:
        return parsed
    local = [m for m in mentions if lo <= m.start and m.end <= hi]
    speaking = _without_inner(text, [m for m in local if _speaks(text, m, lo)])
    split_off = [m for m in mentions if hi < m.start and m.end <= reach and _speaks(text, m, lo)]
    bound = [m for m in [*speaking, *split_off] if _bound(text, quote, m, outside)]
    if bound:
        return _nearest(quote, bound).source.name
    descriptor = descriptor_speaker(text, quote, lo, outside, reach)
    if descriptor is not None:
        return named_by_apposition(text, descriptor, quote, mentions) or descriptor
    definite = descriptor_speaker(text, quote, lo, outside, reach, DEFINITE_ONLY_NAMED)
    named = named_by_apposition(text, definite, quote, mentions) if definite is not None else None
    if named is not None:
        return named
    pronoun = _speaking_pronoun(text, quote, lo, outside, reach)
    if pronoun is not None:
        # "She claims that living near Ana, who lives with Tom, has ‘…’": she is named before her
        people = [
            m for m in mentions
            if m.source.is_person and m.end <= pronoun and pronoun - m.end <= PRONOUN_REACH
            and not NOT_A_SUBJECT.search(text, max(0, m.start - 12), m.start)
        ]  # fmt: skip
        if people:
            return antecedent(text, people, outside, tagging).source.name
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


def _speaks(text: str, mention: SourceMention, paragraph_start: int) -> bool:
    if _SPEAKS_AFTER_NAME.match(text, mention.end):
        return True
    window_start = max(paragraph_start, mention.start - 80)
    before = text[window_start : mention.start]
    if _ACCORDING_TO_NAME.search(before):
        return True
    return bool(_INVERTED_BEFORE_NAME.search(before)) and bool(_NAME_ENDS_CLAUSE.match(text, mention.end))


def _bound(text: str, quote: QuotedSpan, mention: SourceMention, outside: list[bool]) -> bool:
    """The mention's attribution belongs to this quote: the same sentence, nothing between."""
    if mention.start >= quote.end:
        gap = text[quote.end : mention.start]
        return len(gap) <= 120 and _BOUND_AFTER_QUOTE.fullmatch(gap) is not None
    if mention.end <= quote.start:
        return not sentence_ends_between(text, mention.end, quote.start, outside)
    return False


def _attribution_reach(text: str, quote: QuotedSpan, paragraph_end: int, outside: list[bool]) -> int:
    """Where an attribution after the quote may end: the quote's paragraph, or the next one
    when that holds no quotation of its own. Copy split a sentence a paragraph ("“…”" then
    "Tamsin Hale recalled."); a next paragraph with its own quote ("A source told the paper:
    ‘…’") introduces that quote instead, and a longer one tells more than who spoke."""
    if text[quote.end : paragraph_end].strip(CLOSING_MARKS):
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
    sentence_start = sentence_start_at(text, paragraph_start, quote.start, outside)
    kept = [i for i in range(sentence_start, quote.start) if outside[i]]
    found = list(_PRONOUN_BEFORE_QUOTE.finditer("".join(text[i] for i in kept)))
    return kept[found[-1].start()] if found else None


def _without_inner(text: str, speaking: list[SourceMention]) -> list[SourceMention]:
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


def _nearest(quote: QuotedSpan, mentions: list[SourceMention]) -> SourceMention:
    return min(mentions, key=lambda m: min(abs(m.start - quote.end), abs(quote.start - m.end)))


def _lead_in(
    text: str, paragraph_start: int, mentions: list[SourceMention], outside: list[bool]
) -> str | None:
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
    return not re.search(r"\w", unquoted(text, *paragraph, outside))
