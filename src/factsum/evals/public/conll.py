"""conll-dev: CoNLL-2003 English validation documents as LABELS-format entity sets.

Only the validation split is read (never train or test). Each document becomes readable text
(one sentence a paragraph: headline, dateline, then the story) with people, organisations and
places, one entry per entity; MISC is dropped, so only those three fields are labelled.

Selection, fixed so anyone rebuilds the same set: 150-600 tokens, prose rather than a table
(body sentences average at least 15 tokens, under 12% of body tokens hold a digit, and the
headline does not announce results, standings or scores), then every other qualifying
document in file order, which keeps the spread of news, markets and sport of the split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factsum.evals.public.detokenize import detokenize

__all__ = ["VALID_BLOB", "VALID_PATH", "ConllDocument", "parse_conll", "select_documents"]

VALID_PATH = "conll2003/valid.txt"
VALID_BLOB = "00de1ce35a7bad4d1a1f5179633a229331ca2942"
_FIELDS = {"PER": "people", "ORG": "organizations", "LOC": "locations"}
_TABLE_HEADLINE = re.compile(
    r"\b(RESULTS?|STANDINGS|SCORES|SCOREBOARD|TABLES?|PRESALE|DIGEST|PRICES|LEADING|WINNERS|"
    r"IN?TINERARY|SUMMARIES|FIXTURES)\b",
    re.I,
)
MIN_TOKENS, MAX_TOKENS = 150, 600
STRIDE = 2


@dataclass(frozen=True)
class Mention:
    kind: str  # PER, ORG, LOC or MISC
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ConllDocument:
    index: int  # position in valid.txt, 0-based
    sentences: tuple[tuple[tuple[str, str], ...], ...]  # (token, tag) per sentence

    @property
    def tokens(self) -> int:
        return sum(len(s) for s in self.sentences)

    @property
    def slug(self) -> str:
        return f"conll-valid-{self.index:03d}"

    def is_story(self) -> bool:
        body = [s for s in self.sentences[2:]]
        words = [t for s in body for t, _ in s]
        if not (MIN_TOKENS <= self.tokens <= MAX_TOKENS) or not words:
            return False
        digits = sum(any(ch.isdigit() for ch in t) for t in words) / len(words)
        headline = " ".join(t for t, _ in self.sentences[0])
        return len(words) / len(body) >= 15 and digits < 0.12 and not _TABLE_HEADLINE.search(headline)

    def render(self) -> tuple[str, list[Mention]]:
        """The text, and every entity mention with its exact char span in it."""
        paragraphs: list[str] = []
        mentions: list[Mention] = []
        offset = 0
        for sentence in self.sentences:
            text, spans = detokenize([t for t, _ in sentence])
            for kind, first, last in _chunks([tag for _, tag in sentence]):
                start, end = offset + spans[first][0], offset + spans[last][1]
                mentions.append(Mention(kind, start, end, text[spans[first][0] : spans[last][1]]))
            paragraphs.append(text)
            offset += len(text) + 2
        return "\n\n".join(paragraphs) + "\n", mentions

    def labels(self) -> dict[str, object]:
        _, mentions = self.render()
        labels: dict[str, object] = {
            "id": self.slug,
            "source": f"CoNLL-2003 English validation split, document {self.index} (MISC dropped)",
        }
        for kind, field in _FIELDS.items():
            labels[field] = _group([m.text for m in mentions if m.kind == kind], person=kind == "PER")
        return labels


def _chunks(tags: list[str]) -> Iterator[tuple[str, int, int]]:
    """(type, first token, last token) per entity; reads IOB1 and IOB2 alike."""
    kind, first = None, 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if kind is not None and not continues:
            yield kind, first, i - 1
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, first = label, i


def _group(forms: list[str], *, person: bool) -> list[dict[str, object]]:
    """One entry per entity: forms equal but for case merge (the headline's "BELGRADE" is
    "Belgrade"), and a person's lone surname or given name joins the single longer name it is
    part of ("Clinton" -> "Bill Clinton")."""
    by_fold: dict[str, list[str]] = {}
    for form in forms:
        variants = by_fold.setdefault(form.casefold(), [])
        if form not in variants:
            variants.append(form)
    # the name is the first form not written in capitals, as a headline writes everything
    canonical = {k: next((v for v in vs if not v.isupper()), vs[0]) for k, vs in by_fold.items()}
    entries: dict[str, list[str]] = {}
    for key in sorted(by_fold, key=lambda k: -len(k.split())):
        owners = [o for o in entries if person and len(key.split()) == 1 and key in o.split()]
        if len(owners) == 1:
            entries[owners[0]].extend(by_fold[key])
        else:
            entries[key] = [v for v in by_fold[key] if v != canonical[key]]
    order = list(by_fold)
    return [{"name": canonical[key], "aliases": entries[key]} for key in sorted(entries, key=order.index)]


def parse_conll(data: str) -> list[ConllDocument]:
    documents: list[ConllDocument] = []
    sentences: list[tuple[tuple[str, str], ...]] = []
    sentence: list[tuple[str, str]] = []

    def close_sentence() -> None:
        if sentence:
            sentences.append(tuple(sentence))
            sentence.clear()

    for line in data.splitlines():
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            close_sentence()
            if sentences:
                documents.append(ConllDocument(len(documents), tuple(sentences)))
                sentences = []
            continue
        if not parts:
            close_sentence()
            continue
        sentence.append((parts[0], parts[-1]))
    close_sentence()
    if sentences:
        documents.append(ConllDocument(len(documents), tuple(sentences)))
    return documents


def select_documents(documents: list[ConllDocument]) -> list[ConllDocument]:
    return [d for d in documents if d.is_story()][::STRIDE]
