"""Shorter summary sentences by deletion only: asides left out, no word added or changed.

Human highlights are short, trimmed sentences; the lead's are long because news hangs asides
on them (a bracket, ", who ...," about someone already named). Leaving such an aside out makes
room under the cap for the next story sentence, and every kept word is still the article's.

What may go: a bracketed aside (typography), and a non-restrictive appositive or relative
clause set off by commas (", the former mayor,", ", who ...,"; read off the dependency parse,
:mod:`factsum.tagger`). A deletion is refused when it could change what the sentence claims:
it holds a negation, a modal, a speech verb or a quotation mark, a number, or it is said of a
quote's speaker; it stands inside a quotation (a bracket there is the editor's gloss); it is
a place's region ("Arlington, Virginia"); it holds a name that a pronoun after it may point
back to; or what is left does not parse as one sentence with a subject and a verb.

Measured on cnn-dev it scored level with the plain sentences, so it is an option
(``summary-extract-trimmed``), not the default.

A shortened sentence keeps its parts as exact article spans; its text is those spans'
text concatenated (each span after a gap starts at the space or mark that followed it),
whitespace runs read as one space, as for any summary sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factsum.candidates.lexicon import (
    BACK_POINTING_PRONOUNS,
    IMPERSONAL_PRONOUNS,
    MODAL_WORDS,
    NEGATION_WORDS,
    NON_RESTRICTIVE_OPENERS,
    PARSED_SPEECH_VERBS,
    PERSONAL_PRONOUNS,
)
from factsum.sentences import Sentence
from factsum.tagger import PLACE_LABELS, Tagging, tag
from factsum.text import single_quote_open_at

Span = tuple[int, int]

_SPEECH = re.compile(rf"(?:{PARSED_SPEECH_VERBS}|according)", re.IGNORECASE)
# a pronoun that points back to someone or something named before it
POINTS_BACK = re.compile(rf"\b(?:{BACK_POINTING_PRONOUNS})\b", re.IGNORECASE)
_FIGURE = re.compile(r"[\d%$£€¥]")
_QUOTATION_MARKS = re.compile(r"[\"“”«»]|(?<!\w)['‘’]|['‘’](?!\w)")
_BRACKET = re.compile(r"\s+\([^()\n]*\)")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# a clause or phrase about a noun already named: set off by commas, it adds, it does not restrict
_ASIDE_DEPS = frozenset({"appos", "relcl"})


@dataclass(frozen=True)
class Shortened:
    """A summary sentence: the article spans it keeps and their text."""

    sentence: Sentence
    kept: tuple[Span, ...]
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def joined(article: str, kept: tuple[Span, ...]) -> str:
    """The text of kept spans: concatenated, whitespace runs as one space (a quotation may run
    over a paragraph break: the summary reads it as one line)."""
    return " ".join("".join(article[start:end] for start, end in kept).split())


def unshortened(article: str, sentence: Sentence) -> Shortened:
    kept = ((sentence.start, sentence.end),)
    return Shortened(sentence, kept, joined(article, kept))


def shorten(article: str, sentence: Sentence, tagging: Tagging, following: str) -> Shortened:
    """``sentence`` with every aside left out that no refusal holds back.

    ``tagging`` is the article's parse; ``following`` the text after the sentence that a
    pronoun in it could read back from (a name left out must not be what it points to)."""
    tokens = [i for i, t in enumerate(tagging.tokens) if sentence.start <= t.start < sentence.end]
    if not tokens:
        return unshortened(article, sentence)
    gaps: list[Span] = []
    for gap in sorted(_asides(article, sentence, tagging, tokens)):
        if any(gap[0] < end and start < gap[1] for start, end in gaps):
            continue
        if _refused(article, sentence, tagging, gap, gaps, following):
            continue
        trial = sorted([*gaps, gap])
        if reads_as_a_sentence(joined(article, _kept(sentence, trial))):
            gaps = trial
    if not gaps:
        return unshortened(article, sentence)
    kept = _kept(sentence, gaps)
    return Shortened(sentence, kept, joined(article, kept))


def _kept(sentence: Sentence, gaps: list[Span]) -> tuple[Span, ...]:
    kept, cursor = [], sentence.start
    for start, end in gaps:
        kept.append((cursor, start))
        cursor = end
    kept.append((cursor, sentence.end))
    return tuple(span for span in kept if span[0] < span[1])


def _asides(article: str, sentence: Sentence, tagging: Tagging, tokens: list[int]) -> list[Span]:
    """Char spans that could go: brackets with the space before them, comma-set asides with
    their opening comma and (mid-sentence) their closing one."""
    spans = [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in _BRACKET.finditer(sentence.text)
        if m.start() > 0
    ]
    first, last = tokens[0], tokens[-1]
    for index in tokens:
        if tagging.deps[index] not in _ASIDE_DEPS:
            continue
        left, right = _subtree_edges(tagging, index, first, last)
        opener = tagging.tokens[left]
        if (
            tagging.deps[index] == "relcl"
            and article[opener.start : opener.end].casefold() not in NON_RESTRICTIVE_OPENERS
        ):
            continue  # "the man that ..." restricts: it says which man
        before, after = left - 1, right + 1
        if before < first or _word(article, tagging, before) != ",":
            continue
        if (
            tagging.deps[index] == "appos"
            and _place(tagging, index)
            and _place(tagging, tagging.heads[index])
        ):
            continue  # "Arlington, Virginia": the state says which Arlington, it is no aside
        if after <= last and _word(article, tagging, after) == ",":
            if after + 1 <= last and _word(article, tagging, after + 1).casefold() in {"and", "or"}:
                continue  # a list's items, not an aside
            spans.append((tagging.tokens[before].start, tagging.tokens[after].end))
        elif after == last and _word(article, tagging, after) in {".", "!", "?"}:
            spans.append((tagging.tokens[before].start, tagging.tokens[right].end))
    return spans


def _place(tagging: Tagging, index: int) -> bool:
    token = tagging.tokens[index]
    return tagging.entity_label([(token.start, token.end)]) in PLACE_LABELS


def _subtree_edges(tagging: Tagging, index: int, first: int, last: int) -> tuple[int, int]:
    inside = {index}
    changed = True
    while changed:
        changed = False
        for i in range(first, last + 1):
            if i not in inside and tagging.heads[i] in inside and tagging.heads[i] != i:
                inside.add(i)
                changed = True
    return min(inside), max(inside)


def _word(article: str, tagging: Tagging, index: int) -> str:
    token = tagging.tokens[index]
    return article[token.start : token.end]


def _refused(
    article: str, sentence: Sentence, tagging: Tagging, gap: Span, gaps: list[Span], following: str
) -> bool:
    """Whether leaving ``gap`` out could change what the sentence claims."""
    inside = [i for i, t in enumerate(tagging.tokens) if gap[0] <= t.start < gap[1]]
    words = [_word(article, tagging, i) for i in inside]
    text = article[gap[0] : gap[1]]
    if any(
        w.casefold() in NEGATION_WORDS or tagging.deps[i] == "neg" for i, w in zip(inside, words, strict=True)
    ):
        return True
    if any(w.casefold() in MODAL_WORDS for w in words):
        return True
    if any(_SPEECH.fullmatch(w) for w in words) or _QUOTATION_MARKS.search(text):
        return True
    if _inside_a_quotation(article, sentence, gap[0]):
        return True  # "(a documentary)" in a quote is the editor's gloss: the quote needs it
    if _FIGURE.search(text) or any(tagging.tokens[i].label == "NUM" for i in inside):
        return True
    if _said_of_a_speaker(article, tagging, inside):
        return True
    return _named_for_a_pronoun(article, sentence, tagging, gap, gaps, following)


def _named_for_a_pronoun(
    article: str, sentence: Sentence, tagging: Tagging, gap: Span, gaps: list[Span], following: str
) -> bool:
    """A name left out that a pronoun after it may stand for. Only a name the tagger calls a
    country or a city is spared "he" and "she": it calls people places too ("his son, Wil,")."""
    inside = [i for i, t in enumerate(tagging.tokens) if gap[0] <= t.start < gap[1]]
    names = [i for i in inside if tagging.tokens[i].label == "PROPN"]
    if not names:
        return False
    kept = {
        w.casefold() for w in re.findall(r"[\w’'.-]+", joined(article, _kept(sentence, sorted([*gaps, gap]))))
    }
    if {_word(article, tagging, i).casefold() for i in names} <= kept:
        return False  # still named in what is kept: a pronoun can point there
    after = article[gap[1] : sentence.end] + " " + following
    pronouns = {m.group().casefold() for m in POINTS_BACK.finditer(after)}
    for i in names:
        token = tagging.tokens[i]
        label = tagging.entity_label([(token.start, token.end)])
        if pronouns & (IMPERSONAL_PRONOUNS if label == "GPE" else PERSONAL_PRONOUNS | IMPERSONAL_PRONOUNS):
            return True
    return False


def _inside_a_quotation(article: str, sentence: Sentence, position: int) -> bool:
    before = article[sentence.start : position]
    double_open = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    return double_open or single_quote_open_at(article, position)


def _said_of_a_speaker(article: str, tagging: Tagging, inside: list[int]) -> bool:
    """An aside on the subject of a speech verb says who speaks ("his son, Tom, wrote")."""
    heads = {tagging.heads[i] for i in inside} - set(inside)
    for head in heads:
        verb = tagging.heads[head]
        if tagging.deps[head] in _SUBJECTS and _SPEECH.fullmatch(_word(article, tagging, verb)):
            return True
    return False


def reads_as_a_sentence(text: str) -> bool:
    """One sentence as the parser reads it: a single root, a verb, with a subject."""
    parsed = tag(text)
    roots = [i for i, head in enumerate(parsed.heads) if head == i]
    if len(roots) != 1:
        return False
    root = roots[0]
    if parsed.tokens[root].label not in {"VERB", "AUX"}:
        return False
    return any(parsed.heads[i] == root and parsed.deps[i] in _SUBJECTS for i in range(len(parsed.tokens)))
