"""Long articles: chunks keep offsets, late-chunk facts are grounded exactly, summaries map-reduce."""

from __future__ import annotations

import itertools
from typing import Any

from tests.support.fake_model import answer_from_schema

import factsum
from factsum.chunking import chunk_text
from factsum.llm.base import prompt_overhead_tokens
from factsum.llm.providers.fake import FakeChat, open_fake
from factsum.prompts import load_prompt

FIRST_NAMES = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]


def _long_article(paragraphs: int) -> str:
    lines = ["VIENNA, March 3, 2026 — A long report on the city budget."]
    for i in range(paragraphs):
        person = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} Example{i}"
        lines.append(
            f"Councillor {person} said on Tuesday that {i + 3} projects were delayed. "
            f"“We need {i + 10} more engineers,” {person} told reporters in Graz. "
            "The debate went on for hours as members argued over every line of the plan."
        )
    return "\n\n".join(lines)


def _words(text: str) -> int:
    return len(text.split())


def test_chunks_cover_the_text_in_order_at_paragraph_breaks() -> None:
    text = _long_article(40)
    chunks = chunk_text(text, max_tokens=300, count_tokens=_words)
    assert len(chunks) > 3
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for before, after in itertools.pairwise(chunks):
        assert before.end == after.start
        assert text[before.end - 2 : before.end] == "\n\n"  # cut after a paragraph break
    assert all(_words(c.of(text)) <= 300 for c in chunks)


def test_a_paragraph_longer_than_the_budget_is_cut_at_sentences_then_words() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    chunks = chunk_text(text, max_tokens=50, count_tokens=_words)
    assert "".join(c.of(text) for c in chunks) == text
    assert all(_words(c.of(text)) <= 50 for c in chunks)


def test_focused_extraction_of_a_long_article_grounds_late_chunk_facts_exactly() -> None:
    text = _long_article(60)
    chat = FakeChat()
    calls: list[dict[str, Any]] = []

    def reply(kwargs: dict[str, Any]) -> dict[str, Any]:
        calls.append(kwargs)
        return answer_from_schema(kwargs)

    chat.enqueue(*([reply] * 200))
    # fake counts ~4 chars per token; the window holds a 1024-token reply cap besides the prompt
    client = open_fake(chat, context_window=3200)
    result = factsum.extract(text, client=client)
    assert client.count_tokens(text) > 3200  # the article really does not fit one window
    facts = result.facts.model_dump(mode="json")
    people = {p["name"]: p for p in facts["people"]}
    last = f"{FIRST_NAMES[59 % len(FIRST_NAMES)]} Example59"
    assert last in people
    span = people[last]["grounding"]
    assert span["start"] > len(text) // 2
    assert text[span["start"] : span["end"]] == last
    for field in ("people", "quotes", "numbers", "dates", "locations"):
        for item in facts[field]:
            g = item["grounding"]
            assert text[g["start"] : g["end"]] == (item.get("name") or item["text"])
    # every request the model saw fits its window, the reply's cap included
    for kwargs in calls:
        prompt_text = "".join(m["content"] for m in kwargs["messages"])
        assert client.count_tokens(prompt_text) + kwargs["max_tokens"] <= 3200
    quotes = facts["quotes"]
    assert len(quotes) == 60
    assert quotes[-1]["speaker"] == last


def test_summary_of_a_long_article_is_map_reduced() -> None:
    text = _long_article(60)
    chat = FakeChat()
    chat.enqueue(*(["Councillors argued over delayed projects in Graz."] * 40))
    client = open_fake(chat, context_window=1600)
    result = factsum.summarize(text, client=client, prompt="summary-facts", style="short", max_words=20)
    assert len(chat.history) > 2  # several map calls plus the reduce call
    final_prompt = chat.history[-1]["messages"][-1]["content"]
    assert "Councillors argued over delayed projects" in final_prompt
    assert result.word_count <= 20


def test_the_prompt_overhead_is_the_rendered_step_with_an_empty_article() -> None:
    client = open_fake(FakeChat())
    prompt = load_prompt("extract-focused", task="extract")
    rendered = prompt.messages("entities", article="", candidates="", tagged_candidates="")
    overhead = prompt_overhead_tokens(client, prompt, "entities")
    assert overhead == sum(client.count_tokens(m["content"]) for m in rendered)
    assert any(e.text in "".join(m["content"] for m in rendered) for e in prompt.examples_by_step["entities"])
    single = load_prompt("extract-single", task="extract")
    hint = "x" * 4000
    assert prompt_overhead_tokens(client, single, "extract", schema_hint=hint) >= client.count_tokens(hint)
