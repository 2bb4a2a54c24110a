from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures_schema import Thing
from tests.support.fake_model import ROLE, answer_from_schema, requested_schema

import factsum
from factsum.config import Settings, load_settings
from factsum.errors import InvalidModelOutputError
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.prompts import load_prompt
from factsum.schema_loader import load_schema
from factsum.schemas import ExtractionResult, MatchStatus, NewsFacts

ARTICLE = (
    "OSLO: Officials said the plan was dead.\n\n"
    "\u201cThe plan is alive,\u201d said Anna Berg, the mayor of Oslo, on 3 March 2024. "
    "The city will spend $2 million on it."
)

REPLY = {
    "people": [
        {"name": "Anna Berg", "role": "mayor of Oslo", "aliases": []},
        {"name": "Olaf Moe", "role": "minister", "aliases": []},  # not in the article
    ],
    "organizations": [],
    "locations": [{"name": "Oslo", "aliases": []}],
    "dates": [{"text": "3 March 2024", "iso": "2024-03-03"}],
    "quotes": [
        {"text": "The plan is alive,", "speaker": "Anna Berg"},
        {"text": "the plan was dead", "speaker": "Anna Berg"},  # words only outside quotation marks
    ],
    "numbers": [{"text": "$2 million", "value": 2000000, "unit": "USD"}],
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"model": "openai:x"}, environ={"FACTSUM_CONFIG": str(tmp_path / "none.toml")})


def run_single(settings: Settings, reply: Any = REPLY, **kw: Any) -> tuple[ExtractionResult, FakeChat]:
    chat = FakeChat().enqueue(reply)
    result = factsum.extract(
        ARTICLE, client=open_fake(chat), prompt="extract-single", settings=settings, **kw
    )
    assert chat.pending == 0
    return result, chat


def test_single_drops_ungrounded_person_and_outside_quote(settings: Settings) -> None:
    result, chat = run_single(settings)
    facts = result.facts  # typed: the NewsFacts the pipeline filled, not a dict
    assert isinstance(facts, NewsFacts)
    assert [p.name for p in facts.people] == ["Anna Berg"]
    assert [q.text for q in facts.quotes] == ["The plan is alive,"]
    assert result.dropped == {"people": 1, "quotes": 1}
    assert result.kept_ungrounded is False
    assert len(chat.history) == 1
    kept = [item for _, items in facts.fields() for item in items]
    assert len(kept) == 5
    for item in kept:
        g = item.grounding
        assert g is not None and g.status is MatchStatus.EXACT
        assert ARTICLE[g.start : g.end] == item.key_text
    assert facts.quotes[0].grounding is not None
    assert facts.quotes[0].grounding.start == ARTICLE.index("\u201cThe plan") + 1


def test_keep_ungrounded_flags_not_found(settings: Settings) -> None:
    result, _ = run_single(settings, keep_ungrounded=True)
    assert result.kept_ungrounded is True
    assert result.dropped == {"people": 1, "quotes": 1}
    facts = result.facts.model_dump(mode="json")  # the JSON a user reads
    olaf = facts["people"][1]
    assert (olaf["name"], olaf["grounding"]["status"], olaf["grounding"]["start"]) == (
        "Olaf Moe",
        "not_found",
        None,
    )
    dead = facts["quotes"][1]
    assert dead["grounding"]["status"] == "not_found"
    assert dead["grounding"]["note"] == "not inside quotation marks"
    assert len(result.facts.people) == 2 and len(result.facts.quotes) == 2


def test_model_spans_are_rechecked(settings: Settings) -> None:
    reply = {"locations": [{"name": "Oslo", "grounding": {"status": "exact", "start": 0, "end": 3}}]}
    result, _ = run_single(settings, reply)
    g = result.facts.locations[0].grounding
    assert g is not None and ARTICLE[g.start : g.end] == "Oslo"
    assert (g.start, g.end) == (ARTICLE.index("Oslo"), ARTICLE.index("Oslo") + 4)
    assert g.status is MatchStatus.EXACT  # the wrong span (0, 3) was replaced by a search


def test_aliases_not_in_article_are_removed(settings: Settings) -> None:
    reply = {"people": [{"name": "Anna Berg", "aliases": ["Berg", "Annie"]}]}
    result, _ = run_single(settings, reply)
    assert result.facts.people[0].aliases == ["Berg"]


def test_run_stamp(settings: Settings) -> None:
    first, _ = run_single(settings)
    second, _ = run_single(settings)
    run = first.run
    assert run.prompt_id == load_prompt("extract-single", task="extract").id
    assert run.schema_id == load_schema("news").id
    assert (run.prompt_name, run.schema_name, run.model) == ("extract-single", "news", "fake:scripted")
    assert run.settings_id == settings.settings_id
    assert (run.usage.calls, run.usage.reasks) == (1, 0)
    assert run.usage.prompt_tokens > 0
    assert re.fullmatch(r"[0-9a-f]{16}", run.id)
    assert second.run.id == run.id
    third, _ = run_single(
        load_settings(
            {"model": "openai:x", "temperature": 0.5}, environ={"FACTSUM_CONFIG": "/nonexistent.toml"}
        )
    )
    assert third.run.id != run.id


def snapshotting(replies: list[Any], seen: list[list[dict[str, Any]]]) -> list[Any]:
    """Callables that copy the request's messages at call time (instructor mutates the list)."""

    def make(reply: Any) -> Any:
        def answer(kwargs: dict[str, Any]) -> Any:
            seen.append([dict(m) for m in kwargs["messages"]])
            return reply

        return answer

    return [make(r) for r in replies]


def test_reask_after_invalid_json(settings: Settings) -> None:
    seen: list[list[dict[str, Any]]] = []
    chat = FakeChat().enqueue(*snapshotting(["this is not json {", REPLY], seen))
    result = factsum.extract(ARTICLE, client=open_fake(chat), prompt="extract-single", settings=settings)
    assert (result.run.usage.calls, result.run.usage.reasks) == (2, 1)
    assert len(chat.history) == 2
    first, second = seen
    assert len(first) == 2
    assert len(second) > len(first)
    assert second[: len(first)] == first
    added = "\n".join(str(m["content"]) for m in second[len(first) :])
    assert "this is not json {" in added
    assert re.search(r"(?i)error|invalid", added)
    assert [p.name for p in result.facts.people] == ["Anna Berg"]


def test_reask_after_schema_violation_names_the_field(settings: Settings) -> None:
    bad = {"numbers": [{"text": "$2 million", "value": "lots"}]}
    seen: list[list[dict[str, Any]]] = []
    chat = FakeChat().enqueue(*snapshotting([bad, REPLY], seen))
    result = factsum.extract(ARTICLE, client=open_fake(chat), prompt="extract-single", settings=settings)
    added = "\n".join(str(m["content"]) for m in seen[1][len(seen[0]) :])
    assert "numbers.0.value" in added
    assert "lots" in added
    assert result.run.usage.reasks == 1


def test_three_invalid_replies(settings: Settings) -> None:
    chat = FakeChat().enqueue("nope", "still nope", "{broken")
    with pytest.raises(InvalidModelOutputError, match="after 2 re-asks") as excinfo:
        factsum.extract(ARTICLE, client=open_fake(chat), prompt="extract-single", settings=settings)
    assert excinfo.value.exit_code == 44
    assert "raise max_reasks: max_reasks = ... in" in str(excinfo.value)  # there is no --max-reasks
    assert len(chat.history) == 3
    assert chat.pending == 0


def test_focused_strategy_on_kim(kim_text: str, settings: Settings) -> None:
    chat = FakeChat().enqueue(answer_from_schema, answer_from_schema)
    result = factsum.extract(kim_text, client=open_fake(chat), settings=settings)
    facts = result.facts.model_dump(mode="json")
    steps = [list(requested_schema(h)["properties"]) for h in chat.history]
    # entities, roles, then speakers only when some quote has no single named source in its paragraph
    speaker_steps = [keys for keys in steps if all(re.fullmatch(r"q\d+", k) for k in keys)]
    # every Kim quote has a source in a speech pattern ("Hong told", "KCNA also confirmed"),
    # so no speaker call is needed
    assert speaker_steps == []
    assert len(chat.history) == 2
    assert result.run.usage.calls == 2
    assert result.dropped == {}

    quotes = facts["quotes"]
    assert len(quotes) == 11
    assert quotes[0]["text"].startswith("The Chinese people will join hands")
    assert quotes[0]["speaker"] == "Hong Lei"
    assert quotes[2]["text"] == "at the invitation of Comrade Xi Jinping."
    assert quotes[2]["speaker"] == "Korean Central News Agency"  # "... also confirmed the visit, stating"
    assert quotes[3]["speaker"] == "Chong Ja Ian"  # not Kim, merely mentioned in "stated that Kim's visit"
    assert {q["speaker"] for q in quotes[5:8]} == {"Dylan Loh"}
    dates = {d["text"]: d["iso"] for d in facts["dates"]}
    assert dates["January 2019"] == "2019-01"
    assert dates["April last year"] == "2024-04"
    assert dates["Thursday"] is None
    assert [(n["value"], n["unit"]) for n in facts["numbers"]] == [(80.0, "years"), (75.0, "years")]
    people = {p["name"]: p for p in facts["people"]}
    assert people["Kim Jong Un"]["aliases"] == ["Kim"]
    # the fake's role is not the article's text: removed, and the item says so
    assert people["Vladimir Putin"]["role"] is None and ROLE not in kim_text
    assert people["Vladimir Putin"]["checks"]["role"]["status"] == "not_found"
    assert "National University of Singapore" in [o["name"] for o in facts["organizations"]]
    assert "Beijing" in [loc["name"] for loc in facts["locations"]]
    for field in facts.values():
        for item in field:
            g = item["grounding"]
            assert kim_text[g["start"] : g["end"]] == (item.get("name") or item["text"])


def test_focused_rejects_custom_schema(settings: Settings) -> None:
    chat = FakeChat()
    with pytest.raises(factsum.ConfigError, match="the focused strategy fills the news schema only"):
        factsum.extract(
            ARTICLE, client=open_fake(chat), schema="tests.fixtures_schema:Thing", settings=settings
        )
    assert chat.history == []


def test_summary_bullets_word_cap(settings: Settings) -> None:
    reply = (
        "- Anna Berg said the plan is alive in Oslo today\n"
        "- The city will spend $2 million on the plan soon\n"
        "- A third bullet"
    )
    chat = FakeChat().enqueue(reply)
    result = factsum.summarize(
        ARTICLE,
        client=open_fake(chat),
        prompt="summary-facts",
        style="bullets",
        max_words=12,
        settings=settings,
    )
    assert result.word_count == 10  # the second bullet does not fit whole, so it is dropped
    assert result.bullets == ["Anna Berg said the plan is alive in Oslo today"]
    assert result.text == "- Anna Berg said the plan is alive in Oslo today"
    assert result.max_words == 12
    assert chat.history[0]["max_tokens"] == 12 * 2 + 32
    assert "response_format" not in chat.history[0]
    assert result.faithfulness.ok is True
    assert result.run.usage.calls == 1


def test_summary_faithfulness_flags_unsupported(settings: Settings) -> None:
    chat = FakeChat().enqueue("Mayor Olaf Moe said Oslo will spend $9 million.")
    result = factsum.summarize(
        ARTICLE, client=open_fake(chat), prompt="summary-facts", style="short", settings=settings
    )
    assert result.text == "Mayor Olaf Moe said Oslo will spend $9 million."
    assert result.faithfulness.unsupported_names == ["Olaf Moe"]
    assert result.faithfulness.unsupported_numbers == ["$9 million"]
    assert result.faithfulness.ok is False


def test_custom_schema_field_grounding(settings: Settings) -> None:
    reply = {
        "title": "The plan is alive",
        "items": [{"name": "Anna Berg", "kind": "mayor"}, {"name": "Zed Zulu", "kind": "ghost"}],
        "count": 2,
    }
    chat = FakeChat().enqueue(reply)
    result = factsum.extract(
        ARTICLE,
        client=open_fake(chat),
        prompt="extract-single",
        schema="tests.fixtures_schema:Thing",
        settings=settings,
    )
    assert isinstance(result.facts, Thing)  # the caller's own model, typed
    assert result.facts.model_dump() == {
        "title": "The plan is alive",
        "items": [{"name": "Anna Berg", "kind": "mayor"}],
        "count": 2,
    }
    assert result.dropped == {"items": 1}
    by_path = {g.path: g for g in result.grounding}
    assert sorted(by_path) == ["items[0].kind", "items[0].name", "items[1].kind", "items[1].name", "title"]
    name = by_path["items[0].name"].grounding
    assert (name.status, ARTICLE[name.start : name.end]) == (MatchStatus.EXACT, "Anna Berg")
    assert by_path["items[1].name"].grounding.status is MatchStatus.NOT_FOUND
    assert result.run.schema_name == "tests.fixtures_schema:Thing"
    hint = chat.history[0]["messages"][1]["content"]
    assert '"title"' in hint and '"items"' in hint


def test_custom_schema_item_with_null_field_and_unfound_name_is_dropped(settings: Settings) -> None:
    reply = {"title": "The plan is alive", "items": [{"name": "Zed Zulu", "kind": None}]}
    chat = FakeChat().enqueue(reply)
    result = factsum.extract(
        ARTICLE,
        client=open_fake(chat),
        prompt="extract-single",
        schema="tests.fixtures_schema:Thing",
        settings=settings,
    )
    assert result.facts.model_dump()["items"] == []
    assert result.dropped == {"items": 1}


def test_input_too_long_for_a_custom_schema(settings: Settings) -> None:
    """The news schema is chunked (tests/test_long_articles.py); a custom one cannot be merged."""
    chat = FakeChat()
    client = open_fake(chat, context_window=1100)
    with pytest.raises(factsum.InputError, match="context of 1100 tokens") as excinfo:
        factsum.extract(
            "word " * 200,
            client=client,
            prompt="extract-single",
            schema="tests.fixtures_schema:Thing",
            settings=settings,
        )
    assert excinfo.value.exit_code == 14
    assert chat.history == []


def test_the_tagged_prompt_shows_the_model_the_tagger_reading_of_each_name(
    kim_text: str, settings: Settings
) -> None:
    chat = FakeChat().enqueue(answer_from_schema, answer_from_schema)
    factsum.extract(kim_text, client=open_fake(chat), prompt="extract-focused-tagged", settings=settings)
    listing = chat.history[0]["messages"][-1]["content"]
    assert "- Beijing (tagger: place)" in listing
    assert "- Dylan Loh (tagger: person)" in listing and "- Covid-19 (tagger: no entity)" in listing
    plain = FakeChat().enqueue(answer_from_schema, answer_from_schema)
    factsum.extract(kim_text, client=open_fake(plain), settings=settings)
    assert "tagger:" not in plain.history[0]["messages"][-1]["content"]


def test_a_name_holding_a_double_quote_never_reaches_the_grammar(settings: Settings) -> None:
    # llama.cpp 0.3.36 fails to parse a grammar whose literal holds a '"' (seen on real news)
    text = 'Singer J.P. "The Hammer" Richardson said: “We played all night.” Richardson left.\n'
    chat = FakeChat().enqueue(answer_from_schema, answer_from_schema, answer_from_schema)
    facts = factsum.extract(text, client=open_fake(chat), settings=settings).facts
    for call in chat.history:
        assert not [key for key in requested_schema(call)["properties"] if '"' in key]
    assert [p.name for p in facts.people] == ['J.P. "The Hammer" Richardson']
