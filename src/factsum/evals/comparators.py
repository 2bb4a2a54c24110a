"""No-model comparator rows: what a report sets beside the model so its gain is visible.

- ``lead-3``, and ``lead ≈ <row>``: the article's first sentences, the second at the word count
  of that row's summary of each document (whole sentences, the count closest to it);
- published systems' summaries where the set ships them (``<id>.systems.json``, as cnn-dev does);
- spaCy ``en_core_web_sm``: a plain NER tagger's people, organisations and places.

(``rules-only``, the extraction pipeline on a model that answers nothing, runs through the
real pipeline as a model row; see factsum.llm.providers.null.)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from factsum.errors import LabelsError
from factsum.evals.cases import EvalCase
from factsum.sentences import split_sentences

__all__ = [
    "SYSTEMS_SUFFIX",
    "Comparator",
    "lead",
    "lead_comparators",
    "ner_comparator",
    "published_comparators",
]

SYSTEMS_SUFFIX = ".systems.json"
Predict = Callable[[EvalCase], dict[str, Any] | None]


@dataclass(frozen=True)
class Comparator:
    name: str
    task: Literal["extract", "summarize"]
    predict: Predict  # None: nothing to compare on this document
    fields: tuple[str, ...] | None = None  # the only label fields it is scored on; None: all of its task's


def lead(text: str, words: int) -> str:
    """Leading whole sentences whose word count is closest to ``words`` (at least one)."""
    chosen: list[str] = []
    count = 0
    for sentence in split_sentences(text):
        if chosen and abs(count + sentence.words - words) > abs(count - words):
            break
        chosen.append(sentence.text)
        count += sentence.words
    return " ".join(chosen)


def _first_sentences(text: str, n: int) -> str:
    return " ".join(s.text for s in split_sentences(text)[:n])


def lead_comparators(summary_rows: Mapping[str, Mapping[str, str]]) -> list[Comparator]:
    """lead-3, and for each summary row (name -> document id -> summary) lead at its length."""
    comparators = [
        Comparator("lead-3", "summarize", lambda case: {"summary": _first_sentences(case.text, 3)})
    ]
    for row_name, summaries in summary_rows.items():

        def predict(case: EvalCase, summaries: Mapping[str, str] = summaries) -> dict[str, Any] | None:
            summary = summaries.get(case.id)
            return None if summary is None else {"summary": lead(case.text, len(summary.split()))}

        comparators.append(Comparator(f"lead ≈ {row_name}", "summarize", predict))
    return comparators


def _systems(case: EvalCase) -> dict[str, str]:
    path = case.text_path.with_name(case.id + SYSTEMS_SUFFIX)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LabelsError(f"{path}: not a published-systems file ({error})", original=error) from error
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise LabelsError(f"{path}: expected {{system name: summary text}}")
    return data


def published_comparators(cases: list[EvalCase]) -> list[Comparator]:
    names = list(dict.fromkeys(name for case in cases for name in _systems(case)))

    def make(name: str) -> Predict:
        def predict(case: EvalCase) -> dict[str, Any] | None:
            summary = _systems(case).get(name)
            return None if summary is None else {"summary": summary}

        return predict

    return [Comparator(f"published: {name}", "summarize", make(name)) for name in names]


def ner_comparator() -> Comparator:
    from factsum.evals import spacy_ner

    return Comparator(spacy_ner.NAME, "extract", lambda case: spacy_ner.entities(case.text), spacy_ner.FIELDS)
