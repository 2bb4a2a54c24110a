"""No-model rows: rules-only, lead-N, published systems and the spaCy tagger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factsum.config import Settings
from factsum.errors import ModelFileError
from factsum.evals import spacy_ner
from factsum.evals.comparators import lead
from factsum.evals.report import render_markdown, render_overview
from factsum.evals.runner import run_eval
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.llm.providers.null import empty_reply
from factsum.llm.registry import RULES_ONLY, open_client

TEXT = (
    "The harbour in Portmere reopened on Monday after storm repairs. "
    "Mayor Ana Ruiz said the work cost 3 million euros. "
    "Fishing boats returned within hours. "
    "Tourist ferries will resume next week.\n"
)


def test_lead_takes_whole_sentences_nearest_the_word_count() -> None:
    assert lead(TEXT, 10) == "The harbour in Portmere reopened on Monday after storm repairs."
    assert lead(TEXT, 17) == (
        "The harbour in Portmere reopened on Monday after storm repairs. "
        "Mayor Ana Ruiz said the work cost 3 million euros."
    )
    assert lead(TEXT, 1) == "The harbour in Portmere reopened on Monday after storm repairs."


def test_null_model_abstains_in_every_closed_choice() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"enum": ["person", "organization", "location", "other"]},
            "b": {"enum": ["Ana Ruiz", "unknown"]},
            "c": {"type": "string"},
            "d": {"type": "array", "items": {"type": "string"}},
            "e": {"$ref": "#/$defs/E"},
        },
        "required": ["a", "b", "c", "d", "e"],
        "$defs": {"E": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}},
    }
    reply = json.loads(
        empty_reply({"response_format": {"type": "json_schema", "json_schema": {"schema": schema}}})
    )
    assert reply == {"a": "other", "b": "unknown", "c": "", "d": [], "e": {"n": 0}}


def test_rules_only_runs_the_real_pipeline_without_a_model(kim_text: str) -> None:
    from factsum.extraction import run_extraction
    from factsum.prompts import load_prompt
    from factsum.schema_loader import load_schema

    client = open_client(Settings(model=RULES_ONLY))
    result = run_extraction(
        kim_text, client, load_prompt("extract-focused", task="extract"), load_schema(None),
        settings_id="t", max_tokens=256, keep_ungrounded=False,
    )  # fmt: skip
    assert client.usage.calls > 0 and client.usage.completion_tokens == 0
    assert result.facts.quotes and result.facts.dates  # found by rules, not by a model


@pytest.fixture
def summary_set(tmp_path: Path) -> Path:
    directory = tmp_path / "set"
    directory.mkdir()
    (directory / "harbour.txt").write_text(TEXT, encoding="utf-8")
    labels = {
        "id": "harbour",
        "summary": "Portmere harbour reopened on Monday after repairs costing 3 million euros.",
        "key_points": ["The harbour reopened on Monday.", "Repairs cost 3 million euros."],
    }
    (directory / "harbour.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    systems = {"BertSum": "the harbour in portmere reopened on monday ."}
    (directory / "harbour.systems.json").write_text(json.dumps(systems), encoding="utf-8")
    return directory


def test_summary_rows_get_lead_and_published_comparators(summary_set: Path, tmp_path: Path) -> None:
    reply = {"text": "Portmere harbour reopened on Monday; repairs cost 3 million euros."}

    def factory(spec: str) -> object:
        return open_fake(FakeChat().enqueue(*[reply] * 10))

    run = run_eval(
        summary_set, ["summary-lead"], ["fake:a"], base_settings=Settings(cache_dir=tmp_path / "c"),
        fresh=True, repeat=1, client_factory=factory,  # type: ignore[arg-type]
    )  # fmt: skip
    names = [(row.prompt, row.model, row.kind) for row in run.rows]
    assert names == [
        ("summary-lead", "fake:a", "model"),
        ("lead-3", "no model", "comparator"),
        ("lead ≈ summary-lead × fake:a", "no model", "comparator"),
        ("published: BertSum", "no model", "comparator"),
    ]
    by_name = {row.prompt: row for row in run.rows}
    same_length = by_name["lead ≈ summary-lead × fake:a"].documents[0].prediction["summary"]
    assert same_length == "The harbour in Portmere reopened on Monday after storm repairs."
    report = render_markdown(run)
    assert "best no-model row" in report and "lead-3" in report
    overview = render_overview([run]).splitlines()
    assert overview[0].startswith("| set | prompt | model | entities.f1")
    assert [line.split(" | ")[1] for line in overview[2:]] == [row.prompt for row in run.rows]


def test_spacy_model_is_refused_when_its_files_differ(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    copy = tmp_path / "model"
    shutil.copytree(spacy_ner.model_dir(), copy)
    spacy_ner.verify(copy)  # the installed, pinned files pass
    (copy / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelFileError, match="refusing to load"):
        spacy_ner.verify(copy)


def test_spacy_row_tags_people_organisations_places() -> None:
    pytest.importorskip("spacy")
    found = spacy_ner.entities("The mayor, John Smith, met officials from the World Bank in Madrid.")
    assert {p["name"] for p in found["people"]} == {"John Smith"}
    assert "World Bank" in {o["name"] for o in found["organizations"]}
    assert "Madrid" in {loc["name"] for loc in found["locations"]}
