"""Score one prediction against its hand labels (LABELS.md v1). Pure functions, no I/O.

A prediction is a plain dict shaped like the labels. Missing or ``None`` fields count as
empty; an item that is not an object cannot match and is kept as ``{"invalid": item}``
among the false positives, so malformed model output is penalised rather than crashing.

Conventions:

* Text is compared after :func:`normalize`. Token F1 between two token lists is
  ``2 * common / (len(a) + len(b))`` (multiset overlap), computed in that form so that
  threshold comparisons on exact fractions such as 3/5 are exact.
* Precision ``tp/(tp+fp)``, recall ``tp/(tp+fn)``, F1 ``2tp/(2tp+fp+fn)``. When a
  denominator is zero the ratio is 1.0 if nothing went wrong (``fp == fn == 0``, i.e. gold
  and prediction both empty) and 0.0 otherwise: predicting nothing against non-empty gold
  scores P=R=F1=0, and any prediction against an empty gold list scores P=R=F1=0.
* Matching is one-to-one: a gold item is matched at most once and so is a prediction, so a
  duplicate prediction is a false positive. Preferred pairs are taken first (name before
  alias, exact date text before containment, best quote F1 first, number value with equal
  text before value alone), ties broken by prediction order, then gold order. This
  greedy pass is deterministic and explainable, not a globally optimal assignment.
* Attribute accuracies are judged only on matched pairs whose gold item has the
  attribute; a missing predicted attribute is wrong. ``value`` is None when nothing was
  judged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from rouge_score import rouge_scorer, tokenizers

from factsum.candidates.lexicon import KEY_POINT_STOPWORDS as STOPWORDS
from factsum.evals.cases import DateLabel, EntityLabel, Labels, NumberLabel, PersonLabel, QuoteLabel
from factsum.text import normalize_text

__all__ = [
    "KEY_POINT_THRESHOLD", "METRIC_NAMES", "QUOTE_THRESHOLD", "ROLE_THRESHOLD", "STOPWORDS",
    "Accuracy", "Coverage", "DocumentScore", "FieldScore",
    "aggregate", "attribution_accuracy", "iso_accuracy", "key_point_coverage", "normalize",
    "role_accuracy", "rouge_l", "score_dates", "score_document", "score_entities",
    "score_numbers", "score_quotes", "unit_accuracy",
]  # fmt: skip

PredItem = dict[str, Any]
G = TypeVar("G", bound=BaseModel)
E = TypeVar("E", bound=EntityLabel)

ROLE_THRESHOLD = 0.5  # lets a partial role through: "President" for "Russian President" is 2/3
QUOTE_THRESHOLD = 0.6  # from LABELS.md
KEY_POINT_THRESHOLD = 0.6  # share of a key point's content tokens the summary must hold

_ENTITY_FIELDS = ("people", "organizations", "locations")
_LIST_FIELDS = (*_ENTITY_FIELDS, "dates", "quotes", "numbers")
_ACCURACIES = {  # metric name -> DocumentScore attribute
    "people.role": "role",
    "dates.iso": "iso",
    "quotes.attribution": "attribution",
    "numbers.unit": "unit",
}
METRIC_NAMES: tuple[str, ...] = (
    *(f"{f}.{m}" for f in (*_LIST_FIELDS, "entities") for m in ("precision", "recall", "f1")),
    *_ACCURACIES,
    "summary.rougeL",
    "summary.key_points",
)

# ---------------------------------------------------------------- normalisation


@lru_cache(maxsize=8192)
def normalize(s: str) -> str:
    """Casefold, strip diacritics, plain quotes and dashes, drop punctuation, squeeze spaces.

    Hyphens, dashes and slashes separate words ("Jong-un" == "Jong Un"); every other
    punctuation or symbol character is deleted ("U.S." == "US", "China's" == "Chinas").
    """
    out: list[str] = []
    for c in normalize_text(s):
        if c in "-/":
            out.append(" ")
        elif unicodedata.category(c)[0] not in "PS":
            out.append(c)
    return " ".join("".join(out).split())


def _tokens(s: str) -> list[str]:
    return normalize(s).split()


def _token_f1(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def _contains(outer: Sequence[str], inner: Sequence[str]) -> bool:
    n = len(inner)
    return n > 0 and any(list(outer[i : i + n]) == list(inner) for i in range(len(outer) - n + 1))


def _either_contains(a: Sequence[str], b: Sequence[str]) -> bool:
    return _contains(a, b) or _contains(b, a)


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


# ---------------------------------------------------------------- result types


def _ratio(num: int, den: int, perfect: bool) -> float:
    return num / den if den else (1.0 if perfect else 0.0)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    perfect = fp == 0 and fn == 0
    return (
        _ratio(tp, tp + fp, perfect),
        _ratio(tp, tp + fn, perfect),
        _ratio(2 * tp, 2 * tp + fp + fn, perfect),
    )


@dataclass(frozen=True)
class FieldScore(Generic[G]):
    """Matching outcome for one list field of one document (conventions: module doc)."""

    matched: list[tuple[G, PredItem]]
    missed: list[G]
    spurious: list[PredItem]
    tp: int = field(init=False)
    fp: int = field(init=False)
    fn: int = field(init=False)
    precision: float = field(init=False)
    recall: float = field(init=False)
    f1: float = field(init=False)

    def __post_init__(self) -> None:
        # Derived once here so the counts can never disagree with the lists.
        counts = (len(self.matched), len(self.spurious), len(self.missed))
        for name, value in zip(("tp", "fp", "fn"), counts, strict=True):
            object.__setattr__(self, name, value)
        for name, rate in zip(("precision", "recall", "f1"), _prf(*counts), strict=True):
            object.__setattr__(self, name, rate)

    def to_dict(self) -> dict[str, Any]:
        def dump(g: G) -> dict[str, Any]:
            return g.model_dump(mode="json", exclude_none=True)

        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "matched": [{"gold": dump(g), "pred": dict(p)} for g, p in self.matched],
            "missed": [dump(g) for g in self.missed],
            "spurious": [dict(p) for p in self.spurious],
        }


@dataclass(frozen=True)
class Accuracy:
    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": self.value}


@dataclass(frozen=True)
class Coverage:
    covered: list[bool]

    @property
    def value(self) -> float | None:
        return sum(self.covered) / len(self.covered) if self.covered else None

    def to_dict(self) -> dict[str, Any]:
        return {"covered": list(self.covered), "value": self.value}


# ---------------------------------------------------------------- matching


def _pred_items(prediction: Mapping[str, Any], name: str) -> list[PredItem]:
    raw = prediction.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [dict(x) if isinstance(x, Mapping) else {"invalid": x} for x in items]


def _build(gold: Sequence[G], pred: Sequence[PredItem], ranked: Iterable[tuple[int, int]]) -> FieldScore[G]:
    used_gold: dict[int, int] = {}
    used_pred: set[int] = set()
    for g, p in ranked:
        if g not in used_gold and p not in used_pred:
            used_gold[g] = p
            used_pred.add(p)
    return FieldScore(
        matched=[(gold[g], pred[used_gold[g]]) for g in sorted(used_gold)],
        missed=[x for i, x in enumerate(gold) if i not in used_gold],
        spurious=[x for i, x in enumerate(pred) if i not in used_pred],
    )


def score_entities(gold: Sequence[E], pred: Sequence[PredItem]) -> FieldScore[E]:
    """People, organisations or places: name equals the gold name or an alias."""
    names = [normalize(g.name) for g in gold]
    aliases = [{normalize(a) for a in g.aliases} for g in gold]
    said = [normalize(_text(p, "name")) for p in pred]
    pairs = [(g, p) for p in range(len(pred)) for g in range(len(gold)) if said[p]]
    by_name = [(g, p) for g, p in pairs if said[p] == names[g]]
    by_alias = [(g, p) for g, p in pairs if said[p] in aliases[g]]
    return _build(gold, pred, by_name + by_alias)


def score_dates(gold: Sequence[DateLabel], pred: Sequence[PredItem]) -> FieldScore[DateLabel]:
    """Equal text, or one text's tokens are a contiguous run in the other's."""
    gt = [_tokens(g.text) for g in gold]
    pt = [_tokens(_text(p, "text")) for p in pred]
    pairs = [(g, p) for p in range(len(pred)) for g in range(len(gold)) if pt[p]]
    exact = [(g, p) for g, p in pairs if gt[g] == pt[p]]
    partial = [(g, p) for g, p in pairs if _either_contains(gt[g], pt[p])]
    return _build(gold, pred, exact + partial)


def score_quotes(gold: Sequence[QuoteLabel], pred: Sequence[PredItem]) -> FieldScore[QuoteLabel]:
    """Token F1 >= QUOTE_THRESHOLD or containment; best-scoring pairs are matched first."""
    gt = [_tokens(g.text) for g in gold]
    pt = [_tokens(_text(p, "text")) for p in pred]
    candidates: list[tuple[float, int, int]] = []
    for p in range(len(pred)):
        for g in range(len(gold)):
            f1 = _token_f1(gt[g], pt[p])
            if f1 >= QUOTE_THRESHOLD or _either_contains(gt[g], pt[p]):
                candidates.append((-f1, p, g))
    return _build(gold, pred, ((g, p) for _, p, g in sorted(candidates)))


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value.replace(",", "")) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def score_numbers(gold: Sequence[NumberLabel], pred: Sequence[PredItem]) -> FieldScore[NumberLabel]:
    """Equal value (rel. 1e-6, abs. 1e-9); among equal values, equal text is preferred."""
    values = [_as_number(p.get("value")) for p in pred]
    pairs = [
        (g, p)
        for p, v in enumerate(values)
        for g in range(len(gold))
        if v is not None and math.isclose(gold[g].value, v, rel_tol=1e-6, abs_tol=1e-9)
    ]
    same_text = [(g, p) for g, p in pairs if normalize(_text(pred[p], "text")) == normalize(gold[g].text)]
    return _build(gold, pred, same_text + pairs)


# ---------------------------------------------------------------- attributes


def role_accuracy(matched: Sequence[tuple[PersonLabel, PredItem]]) -> Accuracy:
    """Role token F1 (normalised, stopwords kept) >= ROLE_THRESHOLD counts as correct."""
    judged = [(g.role, p) for g, p in matched if g.role is not None]
    correct = sum(_token_f1(_tokens(role), _tokens(_text(p, "role"))) >= ROLE_THRESHOLD for role, p in judged)
    return Accuracy(correct, len(judged))


def iso_accuracy(matched: Sequence[tuple[DateLabel, PredItem]]) -> Accuracy:
    judged = [(g.iso, p) for g, p in matched if g.iso is not None]
    return Accuracy(sum(p.get("iso") == iso for iso, p in judged), len(judged))


def attribution_accuracy(
    matched: Sequence[tuple[QuoteLabel, PredItem]],
    gold_people: Sequence[EntityLabel],
    gold_organizations: Sequence[EntityLabel],
) -> Accuracy:
    """Predicted speaker equals the gold speaker or an alias of the entity so named."""
    correct = total = 0
    for gold, pred in matched:
        if gold.speaker is None:
            continue
        total += 1
        target = normalize(gold.speaker)
        accepted = {target}
        for entity in (*gold_people, *gold_organizations):
            if normalize(entity.name) == target:
                accepted.update(normalize(a) for a in entity.aliases)
        speaker = normalize(_text(pred, "speaker"))
        correct += bool(speaker) and speaker in accepted
    return Accuracy(correct, total)


# normalize() deletes symbols, so they are looked up on the raw text first.
_UNIT_SYMBOLS = {"%": "percent", "$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}
# Keys are singular: plurals are folded before the lookup.
_UNIT_WORDS = {
    "per cent": "percent",
    "pct": "percent",
    "us dollar": "usd",
    "dollar": "usd",
    "euro": "eur",
}


def _canonical_unit(unit: str) -> str:
    symbol = _UNIT_SYMBOLS.get(unit.strip().casefold())
    if symbol is not None:
        return symbol
    # "year" and "years" are one unit; a double "s" ("mass") is not a plural ending.
    words = [w[:-1] if len(w) > 3 and w[-1] == "s" and w[-2] != "s" else w for w in _tokens(unit)]
    singular = " ".join(words)
    return _UNIT_WORDS.get(singular, singular)


def unit_accuracy(matched: Sequence[tuple[NumberLabel, PredItem]]) -> Accuracy:
    """Units equal after normalize, the small synonym map above, and plural folding."""
    judged = [(g.unit, _text(p, "unit")) for g, p in matched if g.unit is not None]
    correct = sum(bool(u) and _canonical_unit(u) == _canonical_unit(unit) for unit, u in judged)
    return Accuracy(correct, len(judged))


# ---------------------------------------------------------------- summary

_ROUGE = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
_STEMMER = tokenizers.DefaultTokenizer(use_stemmer=True)


_ONES_TEXT = "one two three four five six seven eight nine"
_TEENS_TEXT = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_TEXT = "twenty thirty forty fifty sixty seventy eighty ninety"
_ONES = {w: i for i, w in enumerate(_ONES_TEXT.split(), 1)}
_TENS = {w: i * 10 for i, w in enumerate(_TENS_TEXT.split(), 2)}
_NUMBER_WORDS = {**_ONES, **{w: i for i, w in enumerate(_TEENS_TEXT.split(), 10)}, **_TENS}
# "one" stays a word: "one of the" is rarely a quantity.
del _NUMBER_WORDS["one"]
_TOKEN_RE = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[^\W\d_]+")


def rouge_l(reference: str, prediction: str) -> float:
    """ROUGE-L F-measure from ``rouge_score`` with Porter stemming (0.0 if a side is empty)."""
    return float(_ROUGE.score(reference, prediction)["rougeL"].fmeasure)


def _is_number(token: str) -> bool:
    return token[0] in "0123456789"


def _canonical_number(token: str) -> str:
    whole, _, frac = token.replace(",", "").partition(".")
    whole, frac = whole.lstrip("0") or "0", frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def _spell_numbers(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        value = _NUMBER_WORDS.get(words[i])
        if value is None:
            out.append(words[i])
        else:
            if words[i] in _TENS and i + 1 < len(words) and words[i + 1] in _ONES:
                i += 1  # "seventy-five" is one number
                value += _ONES[words[i]]
            out.append(str(value))
        i += 1
    return out


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    # rouge_score's tokenizer knows ASCII only; other scripts are compared unstemmed.
    stemmed: list[str] = _STEMMER.tokenize(word) if word.isascii() else [word]
    return stemmed[0] if stemmed else word


def _key_tokens(text: str, *, content_only: bool) -> list[str]:
    raw = _TOKEN_RE.findall(normalize_text(text).replace("'", ""))
    words = _spell_numbers([_canonical_number(w) if _is_number(w) else w for w in raw])
    if content_only:
        words = [w for w in words if w not in STOPWORDS]
    return [w if _is_number(w) else _stem(w) for w in words]


def key_point_coverage(key_points: Sequence[str], summary: str) -> Coverage:
    """Which key points the summary conveys, by a deterministic lexical proxy.

    Both texts are folded like :func:`normalize`, split into words and numbers, stopwords
    (:data:`STOPWORDS`) are dropped from the key point and words are Porter-stemmed as
    ROUGE does. A key point is conveyed when at least KEY_POINT_THRESHOLD of its content
    tokens occur in the summary's token set and every number in it occurs exactly.
    Numbers are canonical ("1,500" -> 1500, "2.50" -> 2.5, "seventy-five" -> 75; "one" is
    not converted). A key point made only of stopwords is judged on all its tokens.
    This measures shared wording, not meaning: a paraphrase can be missed.
    """
    have = set(_key_tokens(summary, content_only=False))
    covered: list[bool] = []
    for point in key_points:
        need = _key_tokens(point, content_only=True) or _key_tokens(point, content_only=False)
        hits = sum(t in have for t in need)
        numbers_ok = all(t in have for t in need if _is_number(t))
        covered.append(bool(need) and numbers_ok and hits / len(need) >= KEY_POINT_THRESHOLD)
    return Coverage(covered)


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class DocumentScore:
    """One document's scores; fields absent from its labels are missing or None here."""

    id: str
    fields: dict[str, FieldScore[Any]]
    role: Accuracy | None = None
    iso: Accuracy | None = None
    attribution: Accuracy | None = None
    unit: Accuracy | None = None
    rouge_l: float | None = None
    key_points: Coverage | None = None

    def accuracies(self) -> dict[str, Accuracy]:
        """The attribute accuracies this document has, by metric name ("people.role")."""
        found = {metric: getattr(self, attr) for metric, attr in _ACCURACIES.items()}
        return {metric: acc for metric, acc in found.items() if acc is not None}

    def to_dict(self) -> dict[str, Any]:
        summary: dict[str, Any] = {}
        if self.rouge_l is not None:
            summary["rougeL"] = self.rouge_l
        if self.key_points is not None:
            summary["key_points"] = self.key_points.to_dict()
        return {
            "id": self.id,
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "accuracies": {name: acc.to_dict() for name, acc in self.accuracies().items()},
            "summary": summary,
        }


def score_document(labels: Labels, prediction: Mapping[str, Any]) -> DocumentScore:
    """Score the fields present in ``labels``: absent ones are skipped, empty ones scored."""
    fields: dict[str, FieldScore[Any]] = {}
    role = iso = attribution = unit = None
    if labels.people is not None:
        people = score_entities(labels.people, _pred_items(prediction, "people"))
        fields["people"], role = people, role_accuracy(people.matched)
    for name in ("organizations", "locations"):
        gold: list[EntityLabel] | None = getattr(labels, name)
        if gold is not None:
            fields[name] = score_entities(gold, _pred_items(prediction, name))
    if labels.dates is not None:
        dates = score_dates(labels.dates, _pred_items(prediction, "dates"))
        fields["dates"], iso = dates, iso_accuracy(dates.matched)
    if labels.quotes is not None:
        quotes = score_quotes(labels.quotes, _pred_items(prediction, "quotes"))
        speakers = (labels.people or [], labels.organizations or [])
        fields["quotes"], attribution = quotes, attribution_accuracy(quotes.matched, *speakers)
    if labels.numbers is not None:
        numbers = score_numbers(labels.numbers, _pred_items(prediction, "numbers"))
        fields["numbers"], unit = numbers, unit_accuracy(numbers.matched)
    summary = prediction.get("summary")
    summary = summary if isinstance(summary, str) else ""
    return DocumentScore(
        id=labels.id,
        fields=fields,
        role=role,
        iso=iso,
        attribution=attribution,
        unit=unit,
        rouge_l=None if labels.summary is None else rouge_l(labels.summary, summary),
        key_points=None if labels.key_points is None else key_point_coverage(labels.key_points, summary),
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def aggregate(scores: Sequence[DocumentScore]) -> dict[str, float | None]:
    """Corpus metrics keyed by :data:`METRIC_NAMES`; None where no document scored one.

    P/R/F1 are micro-averaged (tp/fp/fn summed over the documents that score the field;
    "entities" pools people, organizations and locations). Accuracies pool correct/total.
    ROUGE-L and key-point coverage are means over the documents that have them.
    """
    result: dict[str, float | None] = dict.fromkeys(METRIC_NAMES)
    counts: dict[str, list[int]] = {}
    for doc in scores:
        for name, score in doc.fields.items():
            for key in (name, "entities") if name in _ENTITY_FIELDS else (name,):
                total = counts.setdefault(key, [0, 0, 0])
                total[0] += score.tp
                total[1] += score.fp
                total[2] += score.fn
    for key, (tp, fp, fn) in counts.items():
        for metric, rate in zip(("precision", "recall", "f1"), _prf(tp, fp, fn), strict=True):
            result[f"{key}.{metric}"] = rate
    for metric in _ACCURACIES:
        judged = [acc for doc in scores if (acc := doc.accuracies().get(metric)) is not None]
        total_judged = sum(a.total for a in judged)
        result[metric] = sum(a.correct for a in judged) / total_judged if total_judged else None
    result["summary.rougeL"] = _mean(doc.rouge_l for doc in scores)
    result["summary.key_points"] = _mean(d.key_points.value for d in scores if d.key_points is not None)
    return result
