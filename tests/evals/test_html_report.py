"""The eval HTML page (``factsum eval --html``): what Chromium shows is what the results JSON says."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.evals.test_runner import (
    HARBOR,
    HARBOR_LABELS,
    KINDS,
    STORM,
    STORM_LABELS,
    Fakes,
    answer,
    write_case,
)
from tests.support.browser import run_chromium
from tests.support.cli_exit import exit_code as _cli

from factsum.config import Settings
from factsum.evals.html_report import item_json, render_eval_page
from factsum.evals.report import results_json
from factsum.evals.runner import run_eval
from factsum.llm import registry
from factsum.llm.registry import RULES_ONLY

# Untrusted article text: markup, an ampersand and a quote must come out as text.
QUIET = 'Quiet Town council met on Monday. "We <b>will</b> act & fast," said Mayor Ann Lee.\n'
QUIET_LABELS = {
    "id": "quiet-town",
    "people": [{"name": "Ann Lee", "role": "Mayor"}],
    "quotes": [{"speaker": "Ann Lee", "text": "We <b>will</b> act & fast,"}],
}


def reply(kwargs: dict[str, Any]) -> str | dict[str, Any]:
    """test_runner's answers, for names it does not know too; on the Quiet Town article
    extract-single's reply is never valid, so that document fails."""
    schema = kwargs.get("response_format", {}).get("json_schema", {}).get("schema", {})
    title, keys = schema.get("title"), list(schema.get("properties", {}))
    if title == "EntityTypes":
        return {k: KINDS.get(k, "person") for k in keys}
    if title == "Speakers":
        return dict.fromkeys(keys, "unknown")
    if title == "NewsFacts" and any("Quiet Town" in str(m["content"]) for m in kwargs["messages"]):
        return {"people": "nobody"}
    return answer(kwargs)


@pytest.fixture
def sets(tmp_path: Path) -> list[Path]:
    first, second = tmp_path / "news", tmp_path / "more"
    first.mkdir()
    second.mkdir()
    write_case(first, HARBOR_LABELS, HARBOR)
    write_case(first, STORM_LABELS, STORM)
    write_case(second, QUIET_LABELS, QUIET)
    return [first, second]


class PageItems(HTMLParser):
    """From the DOM: every item row with the set, document and run around it; failures; marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: set[tuple[str, ...]] = set()
        self.failed: set[tuple[str, ...]] = set()
        self.failure_text: list[str] = []
        self.marks: list[dict[str, str]] = []
        self.articles: list[str] = []
        self.scripts = 0
        self._set = self._doc = ""
        self._run: tuple[str, ...] = ()
        self._article_depth = 0
        self._article: list[str] = []
        self._open_marks: list[int] = []  # indices into marks, innermost last
        self._in_failure = False
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        self.scripts += tag == "script"
        if tag == "section" and "set" in classes:
            self._set = a["data-directory"]
        elif tag == "section" and "doc" in classes:
            self._doc = a["data-doc"]
        elif tag == "details":
            self._run = (self._set, self._doc, a["data-prompt"], a["data-model"], a["data-sample"])
            if a["data-status"] == "failed":
                self.failed.add(self._run)
        elif tag == "tr" and "item" in classes:
            self.items.add((*self._run, a["data-field"], a["data-kind"], a["data-item"]))
        elif tag == "p" and "failure" in classes:
            self._in_failure = True
            self.failure_text.append("")
        if self._article_depth:
            self._article_depth += 1
            if tag == "mark":
                self._open_marks.append(len(self.marks))
                self.marks.append({**a, "article": str(len(self.articles)), "text": ""})
        elif tag == "div" and "article" in classes:
            self._article_depth, self._article = 1, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_failure = False
        if self._article_depth:
            if tag == "mark":
                self._open_marks.pop()
            self._article_depth -= 1
            if not self._article_depth:
                self.articles.append("".join(self._article))

    def handle_data(self, data: str) -> None:
        if self._in_failure:
            self.failure_text[-1] += data
        if self._article_depth:
            self._article.append(data)
            for index in self._open_marks:
                self.marks[index]["text"] += data


def expected_items(results: dict[str, Any]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(items, failed runs) as the results JSON records them, keyed like PageItems."""
    items: set[tuple[str, ...]] = set()
    failed: set[tuple[str, ...]] = set()
    for row in results["rows"]:
        for doc in row["documents"]:
            run = (results["directory"], doc["id"], row["prompt"], row["model"], str(doc["sample"]))
            if doc["status"] == "failed":
                failed.add(run)
            for field, score in doc["score"]["fields"].items():
                for kind in ("missed", "spurious"):
                    items.update((*run, field, kind, item_json(item)) for item in score[kind])
    return items, failed


@pytest.mark.browser
def test_chromium_page_shows_exactly_the_misses_of_the_results_json(
    sets: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chromium: str
) -> None:
    monkeypatch.setenv("FACTSUM_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("FACTSUM_CACHE_DIR", str(tmp_path / "cache"))
    fakes, real = Fakes(reply), registry.open_client
    monkeypatch.setattr(
        "factsum.llm.registry.open_client", lambda s: real(s) if s.model == RULES_ONLY else fakes(s.model)
    )
    out, page = tmp_path / "out", tmp_path / "report.html"
    argv = ["eval", *map(str, sets), "--model", "openai:gpt-4o-mini", "--model", RULES_ONLY,
            "--prompt", "extract-focused", "--prompt", "extract-single", "--prompt", "summary-lead",
            "--no-comparators", "--output-dir", str(out), "--html", str(page)]  # fmt: skip
    assert _cli(argv) == 0
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]
    assert sorted(r["directory"] for r in results) == sorted(map(str, sets))

    dom = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()).decode("utf-8")
    assert re.search(r'<body[^>]*data-js="ready"', dom), "the page's script did not run to the end"
    parsed = PageItems()
    parsed.feed(dom)
    want_items: set[tuple[str, ...]] = set()
    want_failed: set[tuple[str, ...]] = set()
    for result in results:
        items, failed = expected_items(result)
        want_items |= items
        want_failed |= failed
    # the fixture's known outcomes are among them, so the comparison is not of two empty sets
    lisbon = {"aliases": [], "name": "Lisbon"}
    harbor = (str(sets[0]), "harbor-deal", "extract-focused", "openai:gpt-4o-mini", "0")
    assert (*harbor, "locations", "missed", item_json(lisbon)) in want_items
    assert (*harbor, "people", "spurious", item_json({**lisbon, "role": None})) in want_items
    assert want_failed == {(str(sets[1]), "quiet-town", "extract-single", "openai:gpt-4o-mini", "0")}
    assert parsed.items == want_items
    assert parsed.failed == want_failed
    assert any("NewsFacts" in text for text in parsed.failure_text), parsed.failure_text

    # every article is the article, as text; every mark covers what the page says it covers
    assert parsed.scripts == 1
    texts = {HARBOR, STORM, QUIET}
    assert parsed.articles and all(article in texts for article in parsed.articles)
    assert QUIET in parsed.articles  # its "<b>" stayed text: no element came out of it
    kinds = {m["data-status"] for m in parsed.marks}
    assert kinds == {"missed", "spurious"}
    for mark in parsed.marks:
        article = parsed.articles[int(mark["article"])]
        assert mark["text"] == article[int(mark["data-start"]) : int(mark["data-end"])]


def test_every_untrusted_string_is_escaped() -> None:
    evil = '<script>alert("x")</script>&"'
    article = f"{evil} said Ann.\n"
    score = {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0, "matched": [],
             "missed": [{"name": "Ann", "aliases": []}],
             "spurious": [{"name": evil, "aliases": []}]}  # fmt: skip
    doc = {"id": "d1", "sample": 0, "status": "failed", "error": evil, "score": {"fields": {"people": score}},
           "prediction": {}}  # fmt: skip
    row = {"prompt": evil, "model": evil, "kind": "model", "settings_id": evil, "failed": 1,
           "metrics": {}, "grounding": None, "valid": 0.0, "prompt_tokens": 0, "completion_tokens": 0,
           "seconds_per_doc": None, "cost": evil, "documents": [doc]}  # fmt: skip
    results = {"directory": evil, "repeat": 1, "warnings": [evil], "rows": [row]}
    page = render_eval_page(results, {"d1": article}, title=evil)
    assert page.count("<script") == 1 and "</script>&" not in page  # only the page's own script
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&quot;" in page  # in attributes
    assert '&lt;script&gt;alert("x")&lt;/script&gt;&amp;"' in page  # in the article
    # the item's exact JSON survives the attribute round trip
    items = PageItems()
    items.feed(page)
    assert {i[-1] for i in items.items} == {item_json(score["missed"][0]), item_json(score["spurious"][0])}
    assert items.articles == [article] and items.scripts == 1
    assert len(items.marks) == 2 and {m["text"] for m in items.marks} == {"Ann", evil}


def test_page_header_shows_the_settings_of_the_model_that_ran(tmp_path: Path) -> None:
    directory = tmp_path / "set"
    directory.mkdir()
    write_case(directory, HARBOR_LABELS, HARBOR)
    settings = Settings(cache_dir=tmp_path / "cache")
    run = run_eval(directory, ["extract-focused"], ["fake:a"], base_settings=settings, fresh=False,
                   repeat=1, client_factory=Fakes(reply), comparators=False)  # fmt: skip
    ran = run.rows[0].settings_id
    assert ran != settings.settings_id  # the base settings name the default model
    page = render_eval_page(results_json(run), {"harbor-deal": HARBOR})
    assert f"settings fake:a {ran}" in page and settings.settings_id not in page
