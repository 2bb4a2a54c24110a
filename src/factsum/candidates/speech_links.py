"""Which words of a sentence say a quotation: the subject of the speech verb that governs it.

A regex window around a quote cannot tell "Holt told her ‘…’" (Holt speaks) from "Quill
told KRV ‘…’" (KRV listens), nor see that "Cycling groups reacted, accusing the board of
being ‘asleep’" is the groups' accusation. The dependency parse can: walk up from the
quoted words to the nearest speech verb, then take that verb's own subject, following a
verb that shares its subject ("confessed and told", "reacted, accusing") to the one that
has it. The listener ("told KRV", "said to the Herald") is never a subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factsum.candidates.lexicon import HEARING_VERBS, PARSED_SPEECH_VERBS
from factsum.tagger import Tagging
from factsum.text import PARAGRAPH_BREAK

_SPEECH_VERB = re.compile(rf"(?:{PARSED_SPEECH_VERBS})", re.I)
_HEARING_VERB = re.compile(rf"(?:{HEARING_VERBS})", re.I)
# a verb that takes its subject from the verb it hangs on: "confessed and told",
# "told reporters, saying", "went on to say"
_SHARES_SUBJECT = frozenset({"conj", "xcomp", "advcl"})
# the words of a subject phrase before its head ("a senior", "AA president Edmund") and the
# "for"/"of" after it ("a spokesman for the council")
_PHRASE_LEFT = frozenset({"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "advmod", "case"})
_PHRASE_PREPOSITIONS = frozenset({"for", "of", "at", "from"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# the parse chain from a quote to its verb is short; a longer one has left the sentence's
# attribution for some other clause
MAX_WALK = 8


@dataclass(frozen=True)
class SpeechSubject:
    """The subject of the speech verb a quotation hangs on, as char spans of the article."""

    head: tuple[int, int]  # the subject's head word ("spokesman", "Holt", "she")
    phrase: tuple[int, int]  # the whole noun phrase ("a spokesman for the council")
    verb: tuple[int, int]  # the speech verb ("told" in "Holt confessed and told her ‘…’")
    # the head words of appositions to the subject ("Reid" in "The minister, Ewan Reid,"):
    # who the subject is; a name deeper in one ("an analyst at Acme") is not
    apposed: tuple[tuple[int, int], ...] = ()
    # the subject is another verb's, taken over ("confessed and told"): weaker evidence
    shared: bool = False
    # whose the subject is ("His report found", "the council's statement said")
    possessor: tuple[int, int] | None = None


def speech_subject(text: str, tagging: Tagging, start: int, end: int) -> SpeechSubject | None:
    """The subject of the speech verb governing the words in ``text[start:end]``, if the parse
    has one; None for a quote the parse hangs on no speech verb with a subject."""
    if not tagging.heads:
        return None
    tokens = tagging.tokens
    inside = {i for i, t in enumerate(tokens) if start <= t.start and t.end <= end}
    if not inside:
        return None
    children = _children(tagging.heads)
    introducer = _verb_right_before(text, tagging, start)
    governing = [
        _introducing_verb(text, tagging, v, start) for v in _governing_verbs(text, tagging, inside, children)
    ]
    for verb in ([introducer] if introducer is not None else []) + governing:
        found = _subject(text, tagging, verb, children)
        if found is not None:
            subject, shared = found
            return _speech_subject(text, tagging, subject, verb, shared, children)
    return None


def subject_before(
    text: str, tagging: Tagging, position: int, floor: int, outside: Sequence[bool]
) -> SpeechSubject | None:
    """The last main-clause subject outside quotes, a noun or a name, of a sentence between ``floor`` and
    ``position`` (a sentence the parser made a noun phrase, "His report, published in May,
    found …", counts its head): what "it" in "It also found ‘…’" most likely stands for."""
    if not tagging.heads:
        return None
    children = _children(tagging.heads)
    for index in range(len(tagging.tokens) - 1, -1, -1):
        token = tagging.tokens[index]
        if token.end > position:
            continue
        if token.start < floor:
            return None
        head = tagging.heads[index]
        main_clause = tagging.deps[index] == "ROOT" or (
            tagging.deps[index] in ("nsubj", "nsubjpass") and tagging.heads[head] == head
        )
        if main_clause and tagging.pos_at(token.start) in ("NOUN", "PROPN") and outside[token.start]:
            return _speech_subject(text, tagging, index, tagging.heads[index], False, children)
    return None


def _speech_subject(
    text: str, tagging: Tagging, subject: int, verb: int, shared: bool, children: list[list[int]]
) -> SpeechSubject:
    tokens, deps = tagging.tokens, tagging.deps
    return SpeechSubject(
        head=(tokens[subject].start, tokens[subject].end),
        phrase=_phrase(text, tagging, subject, children),
        verb=(tokens[verb].start, tokens[verb].end),
        apposed=tuple((tokens[c].start, tokens[c].end) for c in children[subject] if deps[c] == "appos"),
        shared=shared,
        possessor=next((_span(tagging, c, children) for c in children[subject] if deps[c] == "poss"), None),
    )


def _governing_verbs(text: str, tagging: Tagging, inside: set[int], children: list[list[int]]) -> list[int]:
    """Speech verbs the quoted words hang on, nearest first."""
    heads = tagging.heads
    found: list[tuple[int, int]] = []  # (steps, verb)
    for root in sorted(i for i in inside if heads[i] not in inside or heads[i] == i):
        if heads[root] == root:
            # the parser made the quote the sentence ("“We won,” she said" as won <- said)
            found += [(1, c) for c in children[root] if c not in inside and _is_speech_verb(text, tagging, c)]
            continue
        node, steps = heads[root], 1
        while steps <= MAX_WALK:
            if node not in inside and _is_speech_verb(text, tagging, node):
                found.append((steps, node))
                break
            if heads[node] == node:
                break
            node, steps = heads[node], steps + 1
    return [verb for _, verb in sorted(found)]


# what may stand between a verb and the quote it introduces: "told her ‘", "said to reporters: “"
_INTRODUCES = re.compile(r"(?:\s+(?:to\s+)?[\w’'-]+){0,3}\s*[,:;]?\s*[‘“\"'«]?\s*")


def _introducing_verb(text: str, tagging: Tagging, verb: int, quote_start: int) -> int:
    """The speech verb right before the quote, when the parse hung the quote on a reporting
    frame inside it instead ("Kim told her ‘…’, the blog says": the blog reports, Kim speaks)."""
    node = verb
    for _ in range(3):
        if tagging.heads[node] == node:
            break
        node = tagging.heads[node]
        token = tagging.tokens[node]
        if (
            token.end <= quote_start
            and _is_speech_verb(text, tagging, node)
            and _INTRODUCES.fullmatch(text, token.end, quote_start)
        ):
            return node
    return verb


def _verb_right_before(text: str, tagging: Tagging, quote_start: int) -> int | None:
    """A speech verb that introduces the quote ("she told him; ‘…’"), whatever the parser
    hung the quote on: the words right before a quote are its attribution."""
    for index in range(len(tagging.tokens) - 1, -1, -1):
        token = tagging.tokens[index]
        if token.end > quote_start:
            continue
        if quote_start - token.end > 40:
            return None
        if _is_speech_verb(text, tagging, index) and _INTRODUCES.fullmatch(text, token.end, quote_start):
            return index
    return None


def _is_speech_verb(text: str, tagging: Tagging, index: int) -> bool:
    token = tagging.tokens[index]
    return (
        token.label in ("VERB", "AUX") and _SPEECH_VERB.fullmatch(text[token.start : token.end]) is not None
    )


def _subject(text: str, tagging: Tagging, verb: int, children: list[list[int]]) -> tuple[int, bool] | None:
    """The verb's subject token, and whether it was taken over from the verb it hangs on."""
    heads, deps = tagging.heads, tagging.deps
    token = tagging.tokens[verb]
    if _HEARING_VERB.fullmatch(text[token.start : token.end]):
        return _heard_from(text, tagging, verb, children)
    spoken = verb
    for _ in range(MAX_WALK):
        shared = verb != spoken
        subjects = [c for c in children[verb] if deps[c] == "nsubj"]
        if subjects:
            # a parser that joined a caption to the next sentence gives a verb two subjects:
            # the one beside it is the verb's own
            subject = min(subjects, key=lambda c: abs(c - verb))
            token = tagging.tokens[subject]
            # "Quill, who says …": who is the noun the clause describes
            if text[token.start : token.end].casefold() in _RELATIVE_PRONOUNS:
                parsed = heads[verb] if deps[verb] == "relcl" else subject
                return _relative_antecedent(tagging, subject, parsed), shared
            return subject, shared
        if deps[verb] == "acl" and _infinitive(text, tagging, verb, children):
            # "backed the party's plans to ban X and called for ‘…’": plans do not call; the
            # one who backed them does
            verb = heads[heads[verb]]
            continue
        if deps[verb] == "acl":  # "a woman reminding her mother, telling her: ‘…’"
            return heads[verb], shared
        if deps[verb] not in _SHARES_SUBJECT or heads[verb] == verb or _breaks_between(text, tagging, verb):
            return None
        verb = heads[verb]
    return None


def _infinitive(text: str, tagging: Tagging, verb: int, children: list[list[int]]) -> bool:
    return any(
        tagging.deps[c] == "aux" and text[tagging.tokens[c].start : tagging.tokens[c].end].casefold() == "to"
        for c in children[verb]
    )


def _relative_antecedent(tagging: Tagging, relative: int, parsed: int) -> int:
    """The noun "who" stands for: the one right before it, past commas and one caption word
    ("Pat, with Julia, left, who says ‘…’" is Julia's), else the parser's choice."""
    skipped_words = 0
    for index in range(relative - 1, max(-1, relative - 6), -1):
        label = tagging.tokens[index].label
        if label in ("NOUN", "PROPN"):
            return index
        if label == "PUNCT":
            continue
        skipped_words += 1
        if skipped_words > 1:
            break
    return parsed


def _heard_from(text: str, tagging: Tagging, verb: int, children: list[list[int]]) -> tuple[int, bool] | None:
    """Who the words were heard from: the object of the verb's "from" (the hearer is no speaker)."""
    for prep in children[verb]:
        token = tagging.tokens[prep]
        if tagging.deps[prep] == "prep" and text[token.start : token.end].casefold() == "from":
            objects = [c for c in children[prep] if tagging.deps[c] == "pobj"]
            if objects:
                return objects[0], False
    return None


def _breaks_between(text: str, tagging: Tagging, verb: int) -> bool:
    """A paragraph break between a verb and the verb it hangs on: the parser joined two
    paragraphs (a caption and a quote) into one sentence, and the subject is not shared."""
    head = tagging.heads[verb]
    first, last = sorted((tagging.tokens[verb], tagging.tokens[head]), key=lambda t: t.start)
    return PARAGRAPH_BREAK.search(text, first.end, last.start) is not None


def _phrase(text: str, tagging: Tagging, head: int, children: list[list[int]]) -> tuple[int, int]:
    tokens, deps = tagging.tokens, tagging.deps
    kept = {head}
    pending = [head]
    while pending:
        node = pending.pop()
        for child in children[node]:
            left = child < node and deps[child] in _PHRASE_LEFT
            of = (
                node == head
                and child > node
                and deps[child] == "prep"
                and text[tokens[child].start : tokens[child].end].casefold() in _PHRASE_PREPOSITIONS
            )
            inner = (
                node != head and node > head and deps[child] in ("pobj", "compound", "det", "amod", "poss")
            )
            if left or of or inner:
                kept.add(child)
                pending.append(child)
    return tokens[min(kept)].start, tokens[max(kept)].end


def _span(tagging: Tagging, index: int, children: list[list[int]]) -> tuple[int, int]:
    """The chars of a token's whole subtree."""
    nodes, pending = {index}, [index]
    while pending:
        for child in children[pending.pop()]:
            nodes.add(child)
            pending.append(child)
    return tagging.tokens[min(nodes)].start, tagging.tokens[max(nodes)].end


def _children(heads: tuple[int, ...]) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in heads]
    for index, head in enumerate(heads):
        if head != index:
            children[head].append(index)
    return children
