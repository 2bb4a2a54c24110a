"""End-to-end eval runs on the scripted fake model over a two-document eval set."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.support.cli_exit import exit_code as _cli

from factsum.config import Settings
from factsum.errors import GateFailedError, LabelsError, UnknownMetricError
from factsum.evals.cache import EvalCache, cache_key
from factsum.evals.metrics import METRIC_NAMES
from factsum.evals.report import load_baseline, render_markdown, render_table, write_reports
from factsum.evals.runner import (
    EvalRun,
    RowResult,
    check_gates,
    estimate_cost,
    parse_thresholds,
    prediction_from_facts,
    run_eval,
)
from factsum.llm.base import LLMClient
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.schemas.news import NewsFacts, NumberFact, Person

HARBOR = """Jane Porter, the mayor of Riverton, signed a deal with Acme Shipping in Lisbon.

Porter said the pier would open soon."""
STORM = "A strong storm hit the coast on Tuesday. Power failed in 3,000 homes and schools closed."

HARBOR_LABELS = {
    "id": "harbor-deal",
    "people": [{"name": "Jane Porter", "aliases": ["Porter"], "role": "Mayor"}],
    "organizations": [{"name": "Acme Shipping", "aliases": []}],
    "locations": [{"name": "Riverton"}, {"name": "Lisbon"}],
}
STORM_LABELS = {
    "id": "storm-coast",
    "summary": "A storm hit the coast on Tuesday.",
    "key_points": ["The storm hit the coast", "Schools closed"],
}

# The focused strategy: Lisbon is wrongly typed a person (a spurious person, a missed place).
KINDS = {
    "Jane Porter": "person",
    "Riverton": "location",
    "Acme Shipping": "organization",
    "Lisbon": "person",
}
ROLES = {"Jane Porter": "mayor of Riverton"}
# extract-single: everything right, plus a person the article never names (dropped, ungrounded).
SINGLE_FACTS = {
    "people": [
        {"name": "Jane Porter", "role": "Mayor", "aliases": ["Porter"]},
        {"name": "Bob Ghost"},
    ],
    "organizations": [{"name": "Acme Shipping"}],
    "locations": [{"name": "Riverton"}, {"name": "Lisbon"}],
    "dates": [],
    "quotes": [],
    "numbers": [],
}
SUMMARY = "A storm hit the coast on Tuesday and power failed."
PROMPTS = ["extract-focused", "extract-single", "summary-lead"]


def answer(kwargs: dict[str, Any]) -> str | dict[str, Any]:
    """Answer any request from its JSON schema; free-text calls get the summary."""
    if "response_format" not in kwargs:
        return SUMMARY
    schema = kwargs["response_format"]["json_schema"]["schema"]
    title, keys = schema["title"], list(schema["properties"])
    if title == "EntityTypes":
        return {k: KINDS[k] for k in keys}
    if title == "Roles":
        return {k: ROLES.get(k, "unknown") for k in keys}
    if title == "NewsFacts":
        # the first try is schema-invalid, so instructor re-asks once
        return {"people": "nobody"} if len(kwargs["messages"]) == 2 else SINGLE_FACTS
    raise AssertionError(f"unexpected request {title}")


class Fakes:
    """A client_factory: one FakeChat per model spec, every call answered by ``reply``."""

    def __init__(self, reply: Callable[[dict[str, Any]], Any] = answer) -> None:
        self.reply = reply
        self.chats: dict[str, FakeChat] = {}

    def __call__(self, spec: str) -> LLMClient:
        chat = self.chats[spec] = FakeChat().enqueue(*[self.reply] * 100)
        return open_fake(chat)

    @property
    def calls(self) -> int:
        return sum(len(c.history) for c in self.chats.values())


def write_case(directory: Path, labels: dict[str, Any] | str, text: str, case_id: str | None = None) -> None:
    case_id = case_id or str(labels["id"])  # type: ignore[index]
    (directory / f"{case_id}.txt").write_text(text, encoding="utf-8")
    raw = labels if isinstance(labels, str) else json.dumps(labels)
    (directory / f"{case_id}.labels.json").write_text(raw, encoding="utf-8")


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "set"
    directory.mkdir()
    write_case(directory, HARBOR_LABELS, HARBOR)
    write_case(directory, STORM_LABELS, STORM)
    return directory


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache")


def run(eval_dir: Path, settings: Settings, fakes: Fakes, **kwargs: Any) -> EvalRun:
    options: dict[str, Any] = {"fresh": False, "repeat": 1, "comparators": False, **kwargs}
    prompts = options.pop("prompts", PROMPTS)
    return run_eval(eval_dir, prompts, ["fake:a"], base_settings=settings, client_factory=fakes, **options)


def rows(result: EvalRun) -> dict[str, RowResult]:
    return {row.prompt: row for row in result.rows}


def test_metrics_match_hand_computed_values(eval_dir: Path, settings: Settings) -> None:
    fakes = Fakes()
    result = run(eval_dir, settings, fakes)
    by_prompt = rows(result)
    assert list(by_prompt) == PROMPTS and all(r.model == "fake:a" for r in result.rows)

    focused = by_prompt["extract-focused"]
    assert focused.docs == 1 and [d.id for d in focused.documents] == ["harbor-deal"]
    m = focused.metrics
    # people: Jane Porter matched, Lisbon spurious -> P 1/2, R 1, F1 2/3
    assert (m["people.precision"], m["people.recall"], m["people.f1"]) == (0.5, 1.0, 2 / 3)
    assert m["organizations.f1"] == 1.0
    # locations: Riverton matched, Lisbon missed -> F1 2/3
    assert (m["locations.precision"], m["locations.recall"], m["locations.f1"]) == (1.0, 0.5, 2 / 3)
    # entities pooled: tp 3, fp 1, fn 1 -> F1 6/8
    assert m["entities.f1"] == 0.75
    # "mayor of Riverton" vs "Mayor": token F1 2/4 = 0.5 >= threshold
    assert m["people.role"] == 1.0
    assert m["dates.f1"] is None and m["quotes.attribution"] is None and m["summary.rougeL"] is None
    assert focused.grounding == 1.0  # 4 items, all grounded
    assert (focused.valid_first_try, focused.valid, focused.reasks) == (1.0, 1.0, 0)
    assert focused.cost == "unknown" and focused.prompt_tokens > 0 and focused.completion_tokens > 0

    single = by_prompt["extract-single"]
    assert single.metrics["entities.f1"] == 1.0 and single.metrics["people.role"] == 1.0
    assert single.grounding == 0.8  # Bob Ghost is not in the article: 4 of 5 grounded
    assert (single.valid_first_try, single.valid, single.reasks) == (0.0, 1.0, 1)
    detail = single.documents[0].record().model_dump(mode="json")
    assert detail["score"]["fields"]["people"]["tp"] == 1 and detail["grounding"] == {
        "grounded": 4,
        "predicted": 5,
    }

    summary = by_prompt["summary-lead"]
    assert summary.docs == 1 and [d.id for d in summary.documents] == ["storm-coast"]
    # LCS 7 of 10 predicted and 7 reference tokens: F = 2 * 0.7 * 1 / 1.7
    assert summary.metrics["summary.rougeL"] == pytest.approx(14 / 17)
    assert summary.metrics["summary.key_points"] == 0.5  # the coast, not the schools
    assert summary.metrics["entities.f1"] is None and summary.grounding is None

    assert fakes.calls == 5  # focused: types + roles; single: one re-ask; summary: one
    assert (result.cache_hits, result.cache_misses) == (0, 3)


def test_second_run_is_served_from_cache_and_fresh_calls_again(eval_dir: Path, settings: Settings) -> None:
    first = run(eval_dir, settings, Fakes())
    cached_fakes = Fakes()
    second = run(eval_dir, settings, cached_fakes)
    assert cached_fakes.calls == 0 and not cached_fakes.chats  # no client was even opened
    assert (second.cache_hits, second.cache_misses) == (3, 0)
    assert [r.metrics for r in second.rows] == [r.metrics for r in first.rows]
    assert [(r.grounding, r.valid_first_try, r.prompt_tokens) for r in second.rows] == [
        (r.grounding, r.valid_first_try, r.prompt_tokens) for r in first.rows
    ]
    assert all(d.cached for r in second.rows for d in r.documents)

    fresh_fakes = Fakes()
    fresh = run(eval_dir, settings, fresh_fakes, fresh=True)
    assert fresh_fakes.calls == 5 and (fresh.cache_hits, fresh.cache_misses) == (0, 3)
    assert [r.metrics for r in fresh.rows] == [r.metrics for r in first.rows]


def test_another_context_size_is_not_served_from_the_cache(eval_dir: Path, settings: Settings) -> None:
    """n_ctx sets the chunk windows: a result under 8192 is not one under 2048 (issue 11, case 9)."""
    first = run(eval_dir, settings, Fakes())
    smaller = settings.model_copy(update={"n_ctx": 2048})
    second = run(eval_dir, smaller, Fakes())
    assert (second.cache_hits, second.cache_misses) == (0, 3)
    assert {r.settings_id for r in first.rows}.isdisjoint(r.settings_id for r in second.rows)


def test_repeat_runs_each_sample_and_reports_spread(eval_dir: Path, settings: Settings) -> None:
    fakes = Fakes()
    result = run(eval_dir, settings, fakes, repeat=3, prompts=["extract-focused"])
    row = result.rows[0]
    assert fakes.calls == 6 and result.cache_misses == 3
    assert [d.sample for d in row.documents] == [0, 1, 2]
    spread = row.spread["entities.f1"]
    assert (spread.mean, spread.min, spread.max, spread.stdev) == (0.75, 0.75, 0.75, 0.0)
    assert row.metrics["entities.f1"] == 0.75
    again = Fakes()
    run(eval_dir, settings, again, repeat=3, prompts=["extract-focused"])
    assert again.calls == 0


def test_failed_document_is_recorded_and_the_run_goes_on(eval_dir: Path, settings: Settings) -> None:
    def broken(kwargs: dict[str, Any]) -> Any:
        if "response_format" in kwargs:
            return {"people": "never valid"}
        return SUMMARY

    result = run(eval_dir, settings, Fakes(broken), prompts=["extract-single", "summary-lead"])
    single, summary = result.rows
    assert single.failed == 1 and single.valid == 0.0 and single.valid_first_try == 0.0
    doc = single.documents[0]
    assert not doc.ok and doc.error is not None and "NewsFacts" in doc.error
    assert single.metrics["entities.f1"] == 0.0  # scored as an empty prediction
    assert summary.failed == 0 and summary.metrics["summary.key_points"] == 0.5
    assert result.cache_misses == 2
    retry = Fakes()
    run(eval_dir, settings, retry, prompts=["extract-single"])
    assert retry.calls > 0  # failures are not cached


def test_malformed_labels_file_is_named(eval_dir: Path, settings: Settings) -> None:
    write_case(eval_dir, '{"id": "bad-case", "people": [{"nmae": "X"}]}', "X.", case_id="bad-case")
    with pytest.raises(LabelsError, match=r"bad-case\.labels\.json"):
        run(eval_dir, settings, Fakes())


def test_gates(eval_dir: Path, settings: Settings) -> None:
    result = run(eval_dir, settings, Fakes())
    check_gates(result, parse_thresholds(["entities.f1=0.75", "summary.rougeL=0.8"]))
    with pytest.raises(GateFailedError, match=r"entities\.f1 = 0\.7500 < 1\.01"):
        check_gates(result, parse_thresholds(["entities.f1=1.01"]))
    with pytest.raises(UnknownMetricError, match="'nope'") as excinfo:
        parse_thresholds(["nope=1"])
    assert "entities.f1" in str(excinfo.value) and excinfo.value.exit_code == 62


def test_reports_json_markdown_and_baseline(eval_dir: Path, settings: Settings, tmp_path: Path) -> None:
    result = run(eval_dir, settings, Fakes())
    out = tmp_path / "results"
    json_path, md_path = write_reports(result, out)
    assert json_path.parent == out and md_path == json_path.with_suffix(".md")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["directory"] == str(eval_dir) and data["models"] == ["fake:a"]
    assert [p["name"] for p in data["prompts"]] == PROMPTS and all(
        len(p["id"]) == 12 for p in data["prompts"]
    )
    assert data["settings_id"] == settings.settings_id and data["factsum_version"]
    assert set(data["rows"][0]["metrics"]) == set(METRIC_NAMES)
    assert data["rows"][0]["documents"][0]["score"]["fields"]["locations"]["missed"] == [
        {"name": "Lisbon", "aliases": []}
    ]
    baseline = load_baseline(json_path)
    assert baseline[("extract-focused", "fake:a")]["entities.f1"] == 0.75
    markdown = render_markdown(result, baseline)
    assert "| entities.f1 | 0.750 | 1.000 | +0.250 |" in markdown  # extract-single vs first row
    assert "Deltas against the baseline" in markdown and "+0.000" in markdown
    assert len(render_table(result).rows) == 3


def test_markdown_header_shows_the_settings_of_the_models_that_ran(
    eval_dir: Path, settings: Settings
) -> None:
    """Not the base settings' id: that names the configured default model, which did not run."""
    result = run(eval_dir, settings, Fakes(), prompts=["extract-focused"], comparators=True)
    ran = {row.model: row.settings_id for row in result.rows if row.kind == "model"}
    assert list(ran) == ["fake:a", "rules-only"] and settings.settings_id not in ran.values()
    header = render_markdown(result).splitlines()[2]
    assert f"settings fake:a {ran['fake:a']}, rules-only {ran['rules-only']} · " in header
    assert settings.settings_id not in header


def test_cache_is_safe_to_open_twice(tmp_path: Path) -> None:
    key = cache_key(text_sha256="t", task="extract", prompt_id="p", schema_id="s",
                    model="m", settings_id="x", sample=0)  # fmt: skip
    assert key != cache_key(text_sha256="t", task="extract", prompt_id="p", schema_id="s",
                            model="m", settings_id="x", sample=1)  # fmt: skip
    with EvalCache(tmp_path / "c.sqlite3") as one, EvalCache(tmp_path / "c.sqlite3") as two:
        one.put(key, "extract", '{"a": 1}')
        assert two.get(key) == '{"a": 1}' and two.get("missing") is None
        two.put(key, "extract", '{"a": 2}')
        assert one.get(key) == '{"a": 2}' and len(one) == 1


def test_prediction_shape_and_cost() -> None:
    facts = NewsFacts(
        people=[Person(name="A", role="r")],
        numbers=[NumberFact(text="3", value=3.0, measures="x")],
    )
    # each item's scored fields only: no grounding, checks or (unlabelled) measures
    assert prediction_from_facts(facts) == {
        "people": [{"name": "A", "aliases": [], "role": "r"}],
        "organizations": [],
        "locations": [],
        "dates": [],
        "quotes": [],
        "numbers": [{"text": "3", "value": 3.0, "unit": None}],
    }
    assert estimate_cost("openai:gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)
    assert estimate_cost("openai:gpt-4o", 1_000_000, 0) == pytest.approx(2.5)
    assert estimate_cost("local:qwen2.5-coder-1.5b", 10, 10) == 0.0  # runs here: it costs nothing
    assert estimate_cost("openai:llama3.1", 10, 10) == "unknown"
    assert estimate_cost("fake:a", 10, 10) == "unknown"


def test_cli_unknown_metric_exits_62(eval_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["eval", str(eval_dir), "--fail-under", "nope=1"]) == 62
    assert "nope" in capsys.readouterr().err


def test_cli_writes_outputs_then_fails_the_gate(
    eval_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FACTSUM_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("FACTSUM_CACHE_DIR", str(tmp_path / "cli-cache"))
    fakes = Fakes()
    monkeypatch.setattr("factsum.llm.registry.open_client", lambda s: fakes(s.model))
    out = tmp_path / "out"
    argv = ["eval", str(eval_dir), "--model", "openai:gpt-4o-mini", "--prompt", "summary-lead",
            "--output-dir", str(out), "--fail-under", "summary.rougeL=0.99"]  # fmt: skip
    assert _cli(argv) == 63
    captured = capsys.readouterr()
    written = sorted(p.suffix for p in out.iterdir())
    assert written == [".json", ".md"]
    assert str(next(out.glob("*.json"))) in captured.out
    assert "cache: 0 hits, 1 misses" in captured.err and "summary.rougeL" in captured.err
    row = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))["rows"][0]
    expected = (row["prompt_tokens"] * 0.15 + row["completion_tokens"] * 0.60) / 1_000_000
    assert row["cost"] == pytest.approx(expected) and row["cost"] > 0
    assert _cli([*argv[:-2], "--fail-under", "summary.rougeL=0.5"]) == 0
    assert "cache: 1 hits, 0 misses" in capsys.readouterr().err


def test_each_row_is_scored_only_on_its_own_task(tmp_path: Path, settings: Settings) -> None:
    directory = tmp_path / "both"
    directory.mkdir()
    write_case(directory, {**HARBOR_LABELS, "summary": "Porter signed a deal."}, HARBOR)
    result = run(directory, settings, Fakes(), prompts=["extract-focused", "summary-lead"])
    focused, summary = result.rows
    assert focused.metrics["entities.f1"] == 0.75 and focused.metrics["summary.rougeL"] is None
    assert summary.metrics["entities.f1"] is None and summary.metrics["summary.rougeL"] is not None


def test_extraction_never_imports_a_summary_only_module() -> None:
    """The extract cache fingerprint leaves SUMMARY_ONLY out: that is sound only while the
    extraction pipeline's import graph (from factsum.extraction) never reaches those modules."""
    import ast

    from factsum.evals.cache import SUMMARY_ONLY

    package = Path(__file__).resolve().parents[2] / "src" / "factsum"

    def module_file(name: str) -> Path | None:
        base = package.joinpath(*name.split(".")[1:])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    seen: set[Path] = set()
    todo = [module_file("factsum.extraction")]
    while todo:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            # "from factsum.strategies import focused" reaches the submodule, not only the package
            names += [f"{node.module}.{a.name}" for a in node.names] if names else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            todo += [module_file(n) for n in names if n.startswith("factsum.")]
    reached = {p.relative_to(package).as_posix() for p in seen}
    assert "strategies/focused.py" in reached and not reached & SUMMARY_ONLY
