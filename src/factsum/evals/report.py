"""Render an EvalRun: a rich table for the terminal, a results JSON and a Markdown report.

The JSON is the record (stamped with the factsum version, the eval directory, prompts with
their ids, schema id, models, settings id and time); the Markdown shows the same table, how
far each model row is above the best no-model row per metric, per-metric deltas of each row
against the first row of the same task, and against a baseline results JSON.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.table import Table

from factsum._version import __version__
from factsum.errors import EvalError, OutputError
from factsum.evals.metrics import METRIC_NAMES
from factsum.evals.results import CacheRecord, EvalResults, PromptRecord
from factsum.evals.runner import EvalRun, RowResult
from factsum.llm.registry import RULES_ONLY
from factsum.outputs import write_atomic

__all__ = [
    "DEFAULT_OUTPUT_DIR",
    "TABLE_METRICS",
    "Baseline",
    "failure_lines",
    "load_baseline",
    "load_results",
    "render_markdown",
    "render_overview",
    "render_table",
    "results_json",
    "results_record",
    "row_cells",
    "settings_ids",
    "table_cells",
    "write_reports",
]

DEFAULT_OUTPUT_DIR = Path("evals/results")
DASH = "—"
TABLE_METRICS = (
    "entities.f1", "people.f1", "organizations.f1", "locations.f1", "dates.f1", "quotes.f1",
    "quotes.attribution", "numbers.f1", "summary.rougeL", "summary.key_points",
)  # fmt: skip
_COLUMNS = (*TABLE_METRICS, "grounding", "valid", "tokens", "s/doc", "cost")
_DELTA_METRICS = (*METRIC_NAMES, "grounding", "valid_first_try", "valid")

# (prompt name, model) -> metric name -> value
Baseline = dict[tuple[str, str], dict[str, float | None]]


def _fmt(value: float | None, digits: int = 3) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def _cost(value: float | str) -> str:
    return value if isinstance(value, str) else f"${value:.4f}"


def row_cells(row: Mapping[str, Any]) -> list[str]:
    """The table's cells after prompt and model, from a row as the results JSON holds it.

    Working on the JSON shape lets the HTML page, which is built from a results file, show
    exactly the numbers of the terminal and Markdown tables.
    """
    cells = [_fmt(row["metrics"].get(m)) for m in TABLE_METRICS]
    cells += [
        _fmt(row["grounding"]),
        _fmt(row["valid"]),
        str(row["prompt_tokens"] + row["completion_tokens"]),
        _fmt(row["seconds_per_doc"], 2),
        _cost(row["cost"]),
    ]
    return cells


def _cells(row: RowResult) -> list[str]:
    return row_cells(row.record().model_dump(mode="json", exclude={"documents"}))


def settings_ids(rows: Sequence[Mapping[str, Any]]) -> str:
    """``model settings-id`` for each model that ran: the ids that key its results and cache.

    The run's own ``settings_id`` is the base settings, i.e. the configured default model's,
    which is not what ran when ``--model`` chose others.
    """
    seen = {str(r["model"]): str(r["settings_id"]) for r in rows if r.get("kind", "model") == "model"}
    return ", ".join(f"{model} {ident}" for model, ident in seen.items()) or "none"


def table_title(run: EvalRun) -> str:
    return f"factsum eval · {run.directory} · repeat {run.repeat}"


def table_cells(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """The terminal table as headers and rows of text: prompt and model first."""
    rows = [
        [row.prompt + (f" ({row.failed} failed)" if row.failed else ""), row.model, *_cells(row)]
        for row in run.rows
    ]
    return ["prompt", "model", *_COLUMNS], rows


def render_table(run: EvalRun) -> Table:
    headers, rows = table_cells(run)
    table = Table(title=table_title(run))
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index < 2 else "right")
    for cells in rows:
        table.add_row(*cells)
    return table


def failure_lines(run: EvalRun, *, per_row: int = 5) -> list[str]:
    """Each row's failed documents with the reason, for the terminal summary (all are in the JSON)."""
    lines: list[str] = []
    for row in run.rows:
        failed = [d for d in row.documents if not d.ok]
        if not failed:
            continue
        lines.append(f"{row.prompt} × {row.model}: {len(failed)} failed")
        for doc in failed[:per_row]:
            sample = f" (sample {doc.sample + 1})" if run.repeat > 1 else ""
            lines.append(f"  {doc.id}{sample}: {doc.error or 'no reason recorded'}")
        if len(failed) > per_row:
            lines.append(f"  ... and {len(failed) - per_row} more in the results JSON")
    return lines


def results_json(run: EvalRun) -> dict[str, Any]:
    """The results file of ``run`` as JSON data (its shape: :class:`EvalResults`)."""
    return results_record(run).model_dump(mode="json")


def results_record(run: EvalRun) -> EvalResults:
    return EvalResults(
        factsum_version=__version__,
        created=run.created,
        directory=str(run.directory),
        prompts=[PromptRecord(name=p.name, id=p.id, task=p.spec.task) for p in run.prompts],
        schema_id=run.schema_id,
        models=run.models,
        settings_id=run.settings_id,
        style=run.style,
        repeat=run.repeat,
        cache=CacheRecord(path=str(run.cache_path), hits=run.cache_hits, misses=run.cache_misses),
        seconds=round(run.seconds, 3),
        warnings=run.warnings,
        rows=[row.record() for row in run.rows],
    )


def load_results(path: Path) -> EvalResults:
    """A results JSON, validated; ``EvalError`` naming the file when it is not one."""
    try:
        return EvalResults.model_validate_json(Path(path).read_bytes())
    except OSError as error:
        raise EvalError(f"{path}: cannot read baseline: {error.strerror}", original=error) from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise EvalError(
            f"{path}: not a factsum eval results JSON ({where}: {first['msg']})", original=error
        ) from error


def load_baseline(path: Path) -> Baseline:
    """Metrics of a previous results JSON by (prompt name, model)."""
    return {
        (row.prompt, row.model): {
            **row.metrics,
            "grounding": row.grounding,
            "valid_first_try": row.valid_first_try,
            "valid": row.valid,
        }
        for row in load_results(path).rows
    }


def _deltas(row: RowResult, reference: Mapping[str, float | None]) -> list[tuple[str, float | None, float]]:
    """(metric, reference value, delta) for metrics both sides measured."""
    out: list[tuple[str, float | None, float]] = []
    for name in _DELTA_METRICS:
        now, then = row.value(name), reference.get(name)
        if now is not None and then is not None:
            out.append((name, then, now - then))
    return out


def _row_values(row: RowResult) -> dict[str, float | None]:
    return {name: row.value(name) for name in _DELTA_METRICS}


def _delta_section(
    title: str, pairs: Sequence[tuple[RowResult, Mapping[str, float | None] | None]]
) -> list[str]:
    lines = [f"## {title}", ""]
    for row, reference in pairs:
        lines.append(f"### {row.prompt} × {row.model}")
        lines.append("")
        if reference is None:
            lines += ["No matching row.", ""]
            continue
        deltas = _deltas(row, reference)
        if not deltas:
            lines += ["No metric in common.", ""]
            continue
        lines += ["| metric | reference | this | delta |", "|---|---:|---:|---:|"]
        lines += [
            f"| {n} | {then:.3f} | {then + d:.3f} | {d:+.3f} |" for n, then, d in deltas if then is not None
        ]
        lines.append("")
    return lines


def is_no_model(row: RowResult) -> bool:
    """A comparator row, or a prompt run on rules-only: what factsum does without a model."""
    return row.kind == "comparator" or row.model == RULES_ONLY


def _gain_section(run: EvalRun) -> list[str]:
    """Per metric: each model row's value minus the best no-model row's, and which row that is."""
    yardsticks = [row for row in run.rows if is_no_model(row)]
    candidates = [row for row in run.rows if not is_no_model(row)]
    lines: list[str] = []
    for row in candidates:
        cells = []
        for name in TABLE_METRICS:
            mine = row.value(name)
            rivals = [(v, r) for r in yardsticks if r.task == row.task and (v := r.value(name)) is not None]
            if mine is None or not rivals:
                continue
            best, by = max(rivals, key=lambda pair: pair[0])
            where = f"{by.prompt} × {by.model}"
            cells.append(f"| {name} | {mine:.3f} | {best:.3f} ({where}) | {mine - best:+.3f} |")
        if cells:
            lines += [f"### {row.prompt} × {row.model}", ""]
            lines += ["| metric | this row | best no-model row | gain |", "|---|---:|---|---:|", *cells, ""]
    if not lines:
        return []
    return ["## What the model adds: each model row against the best no-model row", "", *lines]


def render_markdown(run: EvalRun, baseline: Baseline | None = None) -> str:
    header = ["prompt", "model", *_COLUMNS]
    ran = [{"model": r.model, "settings_id": r.settings_id, "kind": r.kind} for r in run.rows]
    lines = [
        f"# factsum eval: {run.directory}",
        "",
        f"factsum {__version__} · {run.created} · schema {run.schema_id} · "
        f"settings {settings_ids(ran)} · style {run.style} · repeat {run.repeat} · "
        f"cache {run.cache_hits} hits / {run.cache_misses} misses",
        "",
        "Prompts: " + ", ".join(f"{p.name}@{p.id}" for p in run.prompts),
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * 2 + "---:|" * len(_COLUMNS),
    ]
    lines += ["| " + " | ".join([row.prompt, row.model, *_cells(row)]) + " |" for row in run.rows]
    lines.append("")
    for warning in run.warnings:
        lines.append(f"> warning: {warning}")
    if run.warnings:
        lines.append("")
    failures = [(row, d) for row in run.rows for d in row.documents if not d.ok]
    if failures:
        lines += ["## Failed documents", ""]
        lines += [
            f"- {row.prompt} × {row.model}: {d.id} (sample {d.sample}): {d.error}" for row, d in failures
        ]
        lines.append("")
    lines += _gain_section(run)
    for task in ("extract", "summarize"):
        same = [row for row in run.rows if row.task == task and not is_no_model(row)]
        if len(same) > 1:
            first = _row_values(same[0])
            title = f"Deltas against the first {task} row ({same[0].prompt} × {same[0].model})"
            lines += _delta_section(title, [(row, first) for row in same[1:]])
    if baseline is not None:
        pairs = [(row, baseline.get((row.prompt, row.model))) for row in run.rows]
        lines += _delta_section("Deltas against the baseline", pairs)
    return "\n".join(lines).rstrip() + "\n"


OVERVIEW_METRICS = (
    "entities.f1", "organizations.precision", "quotes.f1", "quotes.attribution", "numbers.f1", "dates.f1",
    "summary.rougeL", "summary.key_points",
)  # fmt: skip


def render_overview(runs: Sequence[EvalRun]) -> str:
    """One table over several sets: every row that measured something, model rows first."""
    header = ["set", "prompt", "model", *OVERVIEW_METRICS, "s/doc"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|---|---|" + "---:|" * (len(OVERVIEW_METRICS) + 1),
    ]
    for run in runs:
        name = run.directory.name
        ordered = sorted(run.rows, key=is_no_model)
        for row in ordered:
            values = [row.value(m) for m in OVERVIEW_METRICS]
            if all(v is None for v in values):
                continue
            cells = [_fmt(v) for v in values] + [_fmt(row.seconds_per_doc, 2)]
            lines.append("| " + " | ".join([name, row.prompt, row.model, *cells]) + " |")
    return "\n".join(lines) + "\n"


def write_reports(
    run: EvalRun, output_dir: Path = DEFAULT_OUTPUT_DIR, *, baseline: Baseline | None = None
) -> tuple[Path, Path]:
    """Write ``<timestamp>-<hash>.json`` and ``.md`` atomically into ``output_dir``."""
    content = json.dumps(results_json(run), indent=2, ensure_ascii=False) + "\n"
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create {output_dir}: {error.strerror}", original=error) from error
    json_path = output_dir / f"{stamp}-{digest}.json"
    md_path = json_path.with_suffix(".md")
    write_atomic(json_path, content, force=True)
    write_atomic(md_path, render_markdown(run, baseline), force=True)
    return json_path, md_path
