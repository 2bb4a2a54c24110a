"""The CI quality gate: deterministic eval rows must not fall below evals/gate-baseline.json.

Two rows per set, both with no real model, so the gate is exact and takes seconds:
- ``rules-only``: the extraction pipeline on a model that answers nothing useful;
- ``fake:oracle``: the same pipeline on a scripted model (through the real client protocol)
  that types every candidate name as the gold labels do and answers nothing else. It measures
  the candidate finders and rules as the model sees them: a broken name finder drops it even
  when rules-only, which types few names, barely moves.

Sets: ``seeds/`` always; ``realnews-labelled`` when it has been built into
``evals/public/data`` (``make eval-data``; .ci/run builds it when the clones are present).
``UPDATE_GATE_BASELINE=1 pytest tests/evals/test_gate.py`` rewrites the baseline after an
improvement; commit it with the change that earned it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from factsum.config import Settings
from factsum.evals.cases import load_cases
from factsum.evals.metrics import normalize
from factsum.evals.runner import RowResult, run_eval
from factsum.llm.base import LLMClient
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.llm.providers.null import empty_reply

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "evals" / "gate-baseline.json"
SETS = {
    "seeds": ROOT / "seeds",
    "realnews-labelled": ROOT / "evals" / "public" / "data" / "realnews-labelled",
}
GATED = ("entities.f1", "people.f1", "organizations.f1", "locations.f1", "dates.f1", "quotes.f1",
         "quotes.attribution", "numbers.f1")  # fmt: skip
TOLERANCE = 1e-6  # the rows are deterministic; this only absorbs float formatting


def oracle_types(directory: Path) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for case in load_cases(directory):
        for field, kind in (
            ("people", "person"),
            ("organizations", "organization"),
            ("locations", "location"),
        ):
            for item in getattr(case.labels, field) or []:
                for form in (item.name, *item.aliases):
                    kinds.setdefault(form, kind)
    return kinds


def oracle_factory(kinds: dict[str, str]) -> Any:
    # the pipeline shows some names differently to the model ('E.Y "Yip" Harburg' with single
    # marks, for the grammar): the oracle knows a name by its normalised form too
    folded = {normalize(name): kind for name, kind in kinds.items()}

    def reply(kwargs: dict[str, Any]) -> str:
        schema = kwargs["response_format"]["json_schema"]["schema"]
        answer = json.loads(empty_reply(kwargs))
        for key, spec in schema.get("properties", {}).items():
            if "person" in spec.get("enum", ()):
                answer[key] = kinds.get(key) or folded.get(normalize(key), "other")
        return json.dumps(answer)

    def factory(spec: str) -> LLMClient:
        return open_fake(FakeChat().enqueue(*[reply] * 10_000))

    return factory


def gate_rows(directory: Path, tmp_path: Path) -> dict[str, RowResult]:
    run = run_eval(
        directory, ["extract-focused"], ["rules-only", "fake:oracle"],
        base_settings=Settings(cache_dir=tmp_path / "cache"), fresh=True, repeat=1,
        client_factory=oracle_factory(oracle_types(directory)), comparators=False,
    )  # fmt: skip
    return {row.model: row for row in run.rows}


def measured(rows: dict[str, RowResult]) -> dict[str, dict[str, float | None]]:
    return {model: {m: row.value(m) for m in GATED} for model, row in rows.items()}


@pytest.mark.parametrize("name", list(SETS))
def test_deterministic_rows_hold_the_committed_baseline(name: str, tmp_path: Path) -> None:
    directory = SETS[name]
    if not directory.is_dir():
        pytest.skip(f"{directory} is not built (make eval-data with the clones, see evals/public/README.md)")
    rows = gate_rows(directory, tmp_path)
    assert all(row.failed == 0 for row in rows.values())
    now = measured(rows)
    baseline: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    if os.environ.get("UPDATE_GATE_BASELINE") == "1":
        baseline[name] = now
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert name in baseline, f"no gate baseline for {name}: run with UPDATE_GATE_BASELINE=1"
    drops = [
        f"{model} {metric}: {value:.4f} < baseline {baseline[name][model][metric]:.4f}"
        for model, values in now.items()
        for metric, value in values.items()
        if value is not None
        and baseline[name][model].get(metric) is not None
        and value < baseline[name][model][metric] - TOLERANCE
    ]
    lost = [f"{model} {m}: no longer measured" for model, v in now.items() for m in GATED
            if v[m] is None and baseline[name][model].get(m) is not None]  # fmt: skip
    assert not drops and not lost, f"{name}: " + "; ".join(drops + lost)


def test_the_oracle_row_is_sensitive_to_the_name_finder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate must be able to fail: a name finder that finds nothing sinks the oracle row."""
    before = measured(gate_rows(SETS["seeds"], tmp_path / "a"))["fake:oracle"]["entities.f1"]
    monkeypatch.setattr("factsum.strategies.focused.find_names", lambda text, tagging: [])
    after = measured(gate_rows(SETS["seeds"], tmp_path / "b"))["fake:oracle"]["entities.f1"]
    assert before is not None and before > 0.8
    assert after == 0.0
