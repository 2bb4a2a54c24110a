"""Run prompts x models over an eval set, with a result cache, and collect per-row metrics.

Each row is one prompt on one model. An extract prompt runs only on documents whose labels
score a fact field; a summarize prompt only on documents labelled with a summary or key
points. A document that fails (any :class:`~factsum.errors.FactsumError` from the pipeline)
is recorded with its message and scored as an empty prediction, so failures lower recall
instead of vanishing; the run goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from factsum import api
from factsum.config import Settings
from factsum.errors import (
    ConfigError,
    FactsumError,
    GateFailedError,
    ModelFileError,
    PromptError,
    UnknownMetricError,
)
from factsum.evals import metrics
from factsum.evals.cache import EvalCache, cache_key, default_cache_path
from factsum.evals.cases import EvalCase, Labels, load_cases
from factsum.evals.comparators import Comparator, lead_comparators, ner_comparator, published_comparators
from factsum.evals.results import DocRecord, GroundedCount, RowRecord, Spread
from factsum.llm import registry
from factsum.llm.base import LLMClient
from factsum.llm.registry import RULES_ONLY
from factsum.pricing import PRICES_PER_MILLION, estimate_cost
from factsum.prompts import Prompt, available_prompts, load_prompt, load_prompt_file
from factsum.schema_loader import SchemaSpec, load_schema
from factsum.schemas.grounding import MatchStatus
from factsum.schemas.news import NewsFacts
from factsum.schemas.results import ExtractionResult, SummaryResult, Usage
from factsum.schemas.summary import Summary
from factsum.stamping import sha256_text
from factsum.summarization import STYLES

__all__ = [
    "EXTRA_METRICS",
    "PRICES_PER_MILLION",
    "DocRun",
    "EvalRun",
    "RowResult",
    "Spread",
    "check_gates",
    "estimate_cost",
    "parse_thresholds",
    "prediction_from_facts",
    "resolve_prompt",
    "run_eval",
]

Task = Literal["extract", "summarize"]
ClientFactory = Callable[[str], LLMClient]

FACT_FIELDS = ("people", "organizations", "locations", "dates", "quotes", "numbers")
SUMMARY_FIELDS = ("summary", "key_points")
# Row-level numbers reported beside metrics.METRIC_NAMES.
EXTRA_METRICS = ("grounding", "valid_first_try", "valid")


@dataclass(frozen=True)
class DocRun:
    """One document, one sample: its outcome and score."""

    id: str
    sample: int
    ok: bool
    error: str | None
    cached: bool
    score: metrics.DocumentScore
    usage: Usage
    seconds: float | None
    grounded: int = 0
    predicted: int = 0
    prediction: dict[str, Any] = field(default_factory=dict)

    def record(self) -> DocRecord:
        return DocRecord(
            id=self.id,
            sample=self.sample,
            status="ok" if self.ok else "failed",
            error=self.error,
            cached=self.cached,
            seconds=self.seconds,
            usage=self.usage,
            grounding=GroundedCount(grounded=self.grounded, predicted=self.predicted),
            score=self.score.to_dict(),
            prediction=self.prediction,
        )


@dataclass
class RowResult:
    prompt: str
    prompt_id: str
    task: Task
    model: str
    settings_id: str
    docs: int  # documents per sample
    failed: int  # failed document-samples, over all samples
    metrics: dict[str, float | None]
    spread: dict[str, Spread]
    grounding: float | None
    valid_first_try: float | None
    valid: float | None
    reasks: int
    prompt_tokens: int
    completion_tokens: int
    seconds_per_doc: float | None
    cost: float | str
    documents: list[DocRun] = field(default_factory=list)
    # "model": a prompt on a model; "comparator": a no-model row (lead-N, a published system, a tagger)
    kind: Literal["model", "comparator"] = "model"

    def value(self, name: str) -> float | None:
        """A metric from metrics.METRIC_NAMES or EXTRA_METRICS."""
        if name in EXTRA_METRICS:
            extra: float | None = getattr(self, name)
            return extra
        return self.metrics.get(name)

    def record(self) -> RowRecord:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "documents"}
        return RowRecord(**fields, documents=[d.record() for d in self.documents])


@dataclass
class EvalRun:
    directory: Path
    prompts: list[Prompt]
    models: list[str]
    schema_id: str
    settings_id: str
    style: str
    repeat: int
    created: str
    rows: list[RowResult]
    cache_path: Path
    cache_hits: int = 0
    cache_misses: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    cases: list[EvalCase] = field(default_factory=list)  # the documents scored, with their text


# ---------------------------------------------------------------- helpers


def resolve_prompt(name: str) -> Prompt:
    """A prompt by name or .toml path; its task comes from the file (extract, else summarize)."""
    if name.endswith(".toml"):
        return load_prompt_file(Path(name))
    try:
        return load_prompt(name, task="extract")
    except PromptError:
        pass
    try:
        return load_prompt(name, task="summarize")
    except PromptError:
        names = ", ".join(p.name for p in available_prompts()) or "none"
        raise PromptError(f"no prompt named {name!r} (built-in: {names}; or pass a .toml path)") from None


def prediction_from_facts(facts: NewsFacts) -> dict[str, Any]:
    """News facts in the LABELS.md shape that metrics.score_document reads: each item's
    ``scored_fields`` only."""
    return {
        name: [item.model_dump(mode="json", include=set(item.scored_fields)) for item in items]
        for name, items in facts.fields()
    }


def parse_thresholds(specs: Sequence[str]) -> dict[str, float]:
    """``["entities.f1=0.8", ...]`` -> ``{"entities.f1": 0.8}``; names from metrics.METRIC_NAMES."""
    thresholds: dict[str, float] = {}
    for spec in specs:
        name, sep, raw = spec.partition("=")
        name = name.strip()
        if name not in metrics.METRIC_NAMES:
            raise UnknownMetricError(
                f"--fail-under: unknown metric {name!r}; valid metrics: " + ", ".join(metrics.METRIC_NAMES)
            )
        try:
            if not sep:
                raise ValueError
            thresholds[name] = float(raw)
        except ValueError:
            raise ConfigError(f"--fail-under {spec!r}: expected METRIC=NUMBER, e.g. {name}=0.8") from None
    return thresholds


def check_gates(run: EvalRun, thresholds: Mapping[str, float]) -> None:
    """GateFailedError when a model row's metric is below its threshold (or no row measured it).

    Comparator rows are yardsticks, not candidates: they are never gated.
    """
    failures: list[str] = []
    candidates = [row for row in run.rows if row.kind == "model"]
    for name, threshold in thresholds.items():
        measured = [(row, v) for row in candidates if (v := row.value(name)) is not None]
        if not measured:
            failures.append(f"{name} was not measured by any row (threshold {threshold:g})")
        failures.extend(
            f"{name} = {v:.4f} < {threshold:g} ({row.prompt} x {row.model})"
            for row, v in measured
            if v < threshold
        )
    if failures:
        raise GateFailedError("quality gate failed: " + "; ".join(failures))


def _task_labels(task: Task, labels: Labels) -> Labels:
    """Only the fields ``task`` predicts: an extract row is not scored on summaries, and back."""
    other = SUMMARY_FIELDS if task == "extract" else FACT_FIELDS
    return labels.model_copy(update=dict.fromkeys(other))


def _wants(task: Task, labels: Labels) -> bool:
    fields = FACT_FIELDS if task == "extract" else SUMMARY_FIELDS
    return any(getattr(labels, f) is not None for f in fields)


def _spread(values: list[float]) -> Spread:
    return Spread(
        mean=statistics.fmean(values),
        min=min(values),
        max=max(values),
        stdev=statistics.stdev(values) if len(values) > 1 else 0.0,
    )


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# ---------------------------------------------------------------- running


class _Runner:
    def __init__(
        self,
        settings: Settings,
        cache: EvalCache,
        *,
        fresh: bool,
        style: str,
        client_factory: ClientFactory | None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.fresh = fresh
        self.style = style
        self.client_factory = client_factory
        self.clients: dict[str, LLMClient] = {}
        self.news = load_schema(None)
        self.summary_schema = SchemaSpec("summary", Summary)
        self.hits = 0
        self.misses = 0

    def settings_for(self, model: str) -> Settings:
        return self.settings.model_copy(update={"model": model})

    def client(self, model: str) -> LLMClient:
        """One client per model, opened on first need (a fully cached run opens none)."""
        if model not in self.clients:
            if self.client_factory is not None and model != RULES_ONLY:
                self.clients[model] = self.client_factory(model)
            else:
                self.clients[model] = registry.open_client(self.settings_for(model))
        return self.clients[model]

    def run_doc(self, case: EvalCase, prompt: Prompt, task: Task, model: str, sample: int) -> DocRun:
        settings = self.settings_for(model)
        schema = self.news if task == "extract" else self.summary_schema
        key = cache_key(
            text_sha256=sha256_text(case.text), task=task, prompt_id=prompt.id, schema_id=schema.id,
            model=model, settings_id=settings.settings_id, sample=sample,
            variant=f"style={self.style}" if task == "summarize" else "",
        )  # fmt: skip
        result = None if self.fresh else self._cached(key, task)
        cached = result is not None
        if result is None:
            self.misses += 1
            client = self.client(model)  # opening errors are not the document's: they propagate
            try:
                result = self._call(case.text, client, prompt, task, settings)
            except FactsumError as error:
                return DocRun(
                    id=case.id, sample=sample, ok=False, error=str(error), cached=False,
                    score=metrics.score_document(_task_labels(task, case.labels), {}),
                    usage=Usage(), seconds=None,
                )  # fmt: skip
            self.cache.put(key, task, result.model_dump_json())
        else:
            self.hits += 1
        return self._scored(case, result, sample, cached)

    def _cached(self, key: str, task: Task) -> ExtractionResult | SummaryResult | None:
        raw = self.cache.get(key)
        if raw is None:
            return None
        model = ExtractionResult if task == "extract" else SummaryResult
        try:
            return model.model_validate_json(raw)
        except ValueError:
            return None  # written by an older factsum: recompute

    def _call(
        self, text: str, client: LLMClient, prompt: Prompt, task: Task, settings: Settings
    ) -> ExtractionResult | SummaryResult:
        """The library call a user makes: evals score what ``factsum extract`` would print."""
        if task == "extract":
            return api.extract(text, settings=settings, client=client, prompt=prompt)
        return api.summarize(text, settings=settings, client=client, prompt=prompt, style=self.style)

    @staticmethod
    def _scored(
        case: EvalCase, result: ExtractionResult | SummaryResult, sample: int, cached: bool
    ) -> DocRun:
        grounded = predicted = 0
        if isinstance(result, ExtractionResult):
            prediction = prediction_from_facts(result.facts)
            for _, items in result.facts.fields():
                for item in items:
                    predicted += 1
                    grounded += item.grounding is None or item.grounding.status is not MatchStatus.NOT_FOUND
            predicted += sum(result.dropped.values())
        else:
            prediction = {"summary": result.text}
        labels = _task_labels("extract" if isinstance(result, ExtractionResult) else "summarize", case.labels)
        return DocRun(
            id=case.id, sample=sample, ok=True, error=None, cached=cached,
            score=metrics.score_document(labels, prediction), usage=result.run.usage,
            seconds=result.run.seconds, grounded=grounded, predicted=predicted, prediction=prediction,
        )  # fmt: skip


def _row(
    name: str,
    prompt_id: str,
    task: Task,
    model: str,
    settings: Settings | None,
    docs: int,
    runs: list[DocRun],
    repeat: int,
    kind: Literal["model", "comparator"] = "model",
) -> RowResult:
    per_sample = [metrics.aggregate([d.score for d in runs if d.sample == s]) for s in range(repeat)]
    means: dict[str, float | None] = {}
    spread: dict[str, Spread] = {}
    for metric in metrics.METRIC_NAMES:
        values = [v for sample in per_sample if (v := sample[metric]) is not None]
        means[metric] = statistics.fmean(values) if values else None
        if values and repeat > 1:
            spread[metric] = _spread(values)
    ok = [d for d in runs if d.ok]
    prompt_tokens = sum(d.usage.prompt_tokens for d in runs)
    completion_tokens = sum(d.usage.completion_tokens for d in runs)
    latencies = [d.seconds for d in ok if d.seconds is not None]
    return RowResult(
        prompt=name,
        prompt_id=prompt_id,
        task=task,
        model=model,
        settings_id=settings.settings_id if settings else "-",
        docs=docs,
        failed=len(runs) - len(ok),
        metrics=means,
        spread=spread,
        grounding=_ratio(sum(d.grounded for d in ok), sum(d.predicted for d in ok))
        if task == "extract" and kind == "model"
        else None,
        valid_first_try=_ratio(sum(d.usage.reasks == 0 for d in ok), len(runs)),
        valid=_ratio(len(ok), len(runs)),
        reasks=sum(d.usage.reasks for d in runs),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        seconds_per_doc=statistics.fmean(latencies) if latencies else None,
        cost=estimate_cost(model, prompt_tokens, completion_tokens, base_url=settings.base_url)
        if settings
        else 0.0,
        documents=runs,
        kind=kind,
    )


NO_MODEL = "no model"


def _comparator_row(comparator: Comparator, cases: list[EvalCase]) -> RowResult | None:
    runs: list[DocRun] = []
    unscored = [
        f for f in (*FACT_FIELDS, *SUMMARY_FIELDS) if comparator.fields and f not in comparator.fields
    ]
    for case in cases:
        if not _wants(comparator.task, case.labels):
            continue
        started = time.perf_counter()
        prediction = comparator.predict(case)
        seconds = time.perf_counter() - started
        if prediction is None:
            continue
        labels = _task_labels(comparator.task, case.labels).model_copy(update=dict.fromkeys(unscored))
        runs.append(
            DocRun(
                id=case.id,
                sample=0,
                ok=True,
                error=None,
                cached=False,
                score=metrics.score_document(labels, prediction),
                usage=Usage(),
                seconds=seconds,
                prediction=prediction,
            )
        )
    if not runs:
        return None
    return _row(comparator.name, "-", comparator.task, NO_MODEL, None, len(runs), runs, 1, "comparator")


def _comparator_rows(rows: list[RowResult], cases: list[EvalCase], warnings: list[str]) -> list[RowResult]:
    """lead-N beside each summary row, published systems, and a plain NER tagger."""
    chosen: list[Comparator] = []
    summary_rows = {
        f"{row.prompt} × {row.model}": {
            d.id: str(d.prediction.get("summary", "")) for d in row.documents if d.ok and d.sample == 0
        }
        for row in rows
        if row.task == "summarize"
    }
    if any(_wants("summarize", c.labels) for c in cases):
        chosen += lead_comparators(summary_rows)
        chosen += published_comparators(cases)
    if any(c.labels.people is not None or c.labels.organizations is not None for c in cases):
        chosen.append(ner_comparator())
    out: list[RowResult] = []
    for comparator in chosen:
        try:
            row = _comparator_row(comparator, cases)
        except ModelFileError as error:
            warnings.append(f"{comparator.name} row skipped: {error}")
            continue
        if row is not None:
            out.append(row)
    return out


def run_eval(
    directory: Path,
    prompts: list[str],
    models: list[str],
    *,
    base_settings: Settings,
    fresh: bool,
    repeat: int,
    style: str = "paragraph",
    client_factory: ClientFactory | None = None,
    cache_path: Path | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    comparators: bool = True,
) -> EvalRun:
    """Every prompt on every model over the cases in ``directory``; one RowResult per pair.

    With ``comparators`` (the default) every extract prompt also runs on ``rules-only`` (no
    model), and the no-model rows of factsum.evals.comparators follow the model rows, so a
    report always shows what the model adds. ``on_progress(done, total, label)`` is called
    after each document run.
    """
    started = time.perf_counter()
    if repeat < 1:
        raise ConfigError(f"--repeat must be at least 1, not {repeat}")
    if not prompts or not models:
        raise ConfigError("an eval needs at least one --prompt and one --model")
    if style not in STYLES:
        raise PromptError(f"unknown --style {style!r}: choose one of {', '.join(STYLES)}")
    cases = load_cases(directory)
    resolved = [resolve_prompt(p) for p in prompts]
    for prompt in resolved:
        if prompt.spec.task == "summarize" and style not in prompt.spec.styles:
            raise PromptError(f"{prompt.path}: has no instruction for style {style!r} (add styles.{style})")
    if client_factory is None:
        for model in models:
            registry.parse_spec(model)  # an unknown spec fails before any work
    warnings: list[str] = []
    if repeat > 1 and base_settings.temperature == 0:
        warnings.append("--repeat with temperature 0: samples may be identical")
    cache_file = cache_path or default_cache_path(base_settings.cache_dir)
    run = EvalRun(
        directory=Path(directory),
        prompts=resolved,
        models=list(models),
        schema_id=load_schema(None).id,
        settings_id=base_settings.settings_id,
        style=style,
        repeat=repeat,
        created=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        rows=[],
        cache_path=cache_file,
        warnings=warnings,
        cases=cases,
    )

    def task_of(prompt: Prompt) -> Task:
        return "extract" if prompt.spec.task == "extract" else "summarize"

    def models_for(prompt: Prompt) -> list[str]:
        if not prompt.needs_model:
            return [RULES_ONLY]  # a prompt that calls no model is one row, whatever --model says
        extra = (
            [RULES_ONLY] if comparators and task_of(prompt) == "extract" and RULES_ONLY not in models else []
        )
        return [*models, *extra]

    total = sum(
        len([c for c in cases if _wants(task_of(p), c.labels)]) * len(models_for(p)) for p in resolved
    )
    total *= repeat
    done = 0
    with EvalCache(cache_file) as cache:
        runner = _Runner(base_settings, cache, fresh=fresh, style=style, client_factory=client_factory)
        for prompt in resolved:
            task = task_of(prompt)
            chosen = [c for c in cases if _wants(task, c.labels)]
            if not chosen:
                # no row: an empty row would read as a score, and the report would diff it
                warnings.append(f"{prompt.name}: no document in {directory} is labelled for {task}")
                continue
            for model in models_for(prompt):
                runs = []
                for sample in range(repeat):
                    for case in chosen:
                        runs.append(runner.run_doc(case, prompt, task, model, sample))
                        done += 1
                        if on_progress is not None:
                            on_progress(done, total, f"{prompt.name} · {model} · {case.id}")
                run.rows.append(
                    _row(
                        prompt.name,
                        prompt.id,
                        task,
                        model,
                        runner.settings_for(model),
                        len(chosen),
                        runs,
                        repeat,
                    )
                )
        run.cache_hits, run.cache_misses = runner.hits, runner.misses
    if comparators:
        run.rows += _comparator_rows(run.rows, cases, warnings)
    run.seconds = time.perf_counter() - started
    return run
