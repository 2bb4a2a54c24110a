"""A word or two in quotation marks: someone's words, or the writer's own term?

Writers set off terms, scare quotes and names in the same marks as speech (an "office" in a
garden shed, a daily "engagement score", ‘likes’ that were bought). What tells the two
apart is the grammar around the marks, not the words inside them: a quoted word or two is
someone's words when its sentence, before the marks, reports what someone said (he called it
"brilliant", she claims they were ‘inseparable’), when an attribution follows the marks
("brilliant", she said; "constructive", the two sides agreed), when it is a sentence of its
own ("Honestly.") or introduced as one (his answer: "Never"), or when it asks or exclaims.
Glued into a sentence that reports no one, it is a term. A speech verb later in the sentence
counts only in a short clause that ends it, an attribution; in a clause joined on by "and" or
"but", or one that goes on to say what was said, it reports other words (workers on "flexible"
contracts, and the union said they…). A reporting word after a determiner is no verb (an
alleged scheme), and a naming participle right before the marks names a thing (a troll called
‘tidewrack’, a trick known as "the loop"), unless a speaker or an auxiliary precedes it (what he
called "grim", she was called "cruel").

Single marks are British copy's speech marks, and there a lone word is as often a nickname (the
hen ‘Doggie’) or an epithet (‘thief’ Jo Bloggs) as anyone's words: a lone single-quoted word in
capitals, or right before a capitalised word, names or labels; one that ends a sentence is
speech. Longer spans (two words in single marks, three in double ones) are speech, as
:mod:`factsum.candidates.quotes` finds them: "ugly on the inside" is a phrase someone used.
"""

from __future__ import annotations

import re

from factsum.candidates.lexicon import DETERMINERS, NAMING_PARTICIPLES, REPORTING_VERBS
from factsum.candidates.titles import is_attributed
from factsum.text import sentence_end, sentence_start

MAX_TERM_WORDS = 2
MAX_SINGLE_QUOTED_TERM_WORDS = 1
# not after a hyphen: a "so-called" term is the writer's, it reports no one's words
_REPORTING_VERB = re.compile(rf"(?<![\w-])(?:{REPORTING_VERBS})\b")
_WORD_BEFORE = re.compile(r"([\w'’]+)\s*$")
# "a troll called ‘…’": a naming participle right before the marks, after a noun; after a
# speaker or an auxiliary it reports words ("what he called", "she was called "cruel"")
_SPEAKING_WORDS = r"he|she|they|we|i|you|it|who|what|is|are|was|were|be|been|being|got|get"
_NAMED = re.compile(
    rf"(?<![\w-])(?!(?:{_SPEAKING_WORDS})\s)[\w'’]+,?\s+(?:{NAMING_PARTICIPLES})\s*$", re.IGNORECASE
)
_SENTENCE_LEAD = re.compile(r"[(\[—–-]*")
_BEFORE_A_CAPITAL = re.compile(r"\s+[A-Z]")
_ATTRIBUTION_WORDS = 4  # "the two sides", "he told reporters in Berlin"
# ', the two sides agreed.', ', she said on Monday': a short clause of its own ending the sentence
_TRAILING_ATTRIBUTION = re.compile(
    rf",\s*(?!(?:and|but|or|while|as)\b)(?:[\w'’-]+\s+){{0,{_ATTRIBUTION_WORDS}}}(?:{REPORTING_VERBS})\b"
    rf"(?:\s+[\w'’-]+){{0,{_ATTRIBUTION_WORDS}}}[\s.!?\"”’']*$"
)


def is_a_term(text: str, opening: int, closing: int | None, quoted: str, *, single: bool) -> bool:
    """Whether ``quoted``, inside the marks at ``opening`` and ``closing`` (None: left open),
    is the writer's term rather than someone's words (see the module docstring)."""
    words = quoted.split()
    if len(words) > (MAX_SINGLE_QUOTED_TERM_WORDS if single else MAX_TERM_WORDS):
        return False
    bare = quoted.rstrip("’'\"”)")
    if single:
        if bare.endswith((".", "!", "?")):
            return False
        if not words[0][0].islower() or closing is None or _BEFORE_A_CAPITAL.match(text, closing + 1):
            return True
    elif bare.endswith(("!", "?")) or _introduced_as_a_sentence(text, opening):
        return False
    return not _reports_speech(text, opening, closing)


def _reports_speech(text: str, opening: int, closing: int | None) -> bool:
    start = sentence_start(text, opening)
    if _NAMED.search(text, start, opening):
        return False
    if any(_is_a_verb(text, start, verb) for verb in _REPORTING_VERB.finditer(text, start, opening)):
        return True
    if closing is None:
        return False
    ending = text[closing + 1 : sentence_end(text, closing)]
    return is_attributed(text, closing) or _TRAILING_ATTRIBUTION.search(ending) is not None


def _is_a_verb(text: str, sentence: int, verb: re.Match[str]) -> bool:
    """'an alleged scheme', 'a call': after a determiner the word is an adjective or a noun."""
    before = _WORD_BEFORE.search(text, sentence, verb.start())
    return before is None or before.group(1).casefold() not in DETERMINERS


def _introduced_as_a_sentence(text: str, opening: int) -> bool:
    """'"Honestly."' alone, after a sentence end, or after a colon ('his answer: "Never"')."""
    lead = text[sentence_start(text, opening) : opening].strip()
    return _SENTENCE_LEAD.fullmatch(lead) is not None or lead.endswith(":")
