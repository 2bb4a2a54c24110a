"""The extraction pipeline: strategy -> grounding -> drop what the article does not say -> stamp."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, cast

from factsum import observe
from factsum.attributes import AttributeContext, check_date, check_number, check_person, check_quote
from factsum.candidates import ArticleFinds
from factsum.grounding import locate
from factsum.llm.base import LLMClient
from factsum.prompts import Prompt
from factsum.schema_loader import SchemaSpec
from factsum.schemas.article import ArticleMetadata
from factsum.schemas.grounding import Grounding, MatchStatus
from factsum.schemas.news import (
    DateMention,
    NewsFacts,
    NewsItem,
    NumberFact,
    Organization,
    Person,
    Quote,
)
from factsum.schemas.results import ExtractionResult, FactsT, FieldGrounding, result_type
from factsum.stamping import stamp
from factsum.strategies.base import ExtractRequest
from factsum.strategies.extractors import get_extract_strategy


def run_extraction(
    text: str,
    client: LLMClient,
    prompt: Prompt,
    schema: SchemaSpec[FactsT],
    *,
    settings_id: str,
    max_tokens: int,
    keep_ungrounded: bool = False,
    source: ArticleMetadata | None = None,
) -> ExtractionResult[FactsT]:
    started, usage_before = time.perf_counter(), client.usage
    published = _date_of(source)
    strategy = get_extract_strategy(prompt.strategy)
    request = ExtractRequest(text, client, prompt, schema, max_tokens, published)
    facts = strategy(request)
    observe.begin_step("grounding")
    grounded: FactsT
    leaves: list[FieldGrounding]
    if schema.is_news:
        assert isinstance(facts, NewsFacts)
        news, dropped = _ground_news(request.found, facts, keep_ungrounded)
        grounded, leaves = cast(FactsT, news), []  # is_news: the schema's model is NewsFacts
    else:
        data, dropped, leaves = _ground_generic(text, facts.model_dump(mode="json"), keep_ungrounded)
        grounded = schema.model.model_validate(data)  # dropping list items must leave a valid result
    usage = client.usage.minus(usage_before)
    run = stamp(
        text,
        model=client.name,
        prompt=prompt,
        schema=schema,
        settings_id=settings_id,
        usage=usage,
        seconds=time.perf_counter() - started,
    )
    return result_type(schema.model)(
        facts=grounded,
        grounding=leaves,
        dropped=dropped,
        kept_ungrounded=keep_ungrounded,
        source=source,
        run=run,
    )


def _date_of(source: ArticleMetadata | None) -> dt.date | None:
    if source is None or not source.date:
        return None
    try:
        return dt.date.fromisoformat(source.date[:10])
    except ValueError:
        return None


def _ground_news(found: ArticleFinds, facts: NewsFacts, keep: bool) -> tuple[NewsFacts, dict[str, int]]:
    """Check ``facts`` against the article's finds: the quotations, dates and date anchor the
    focused strategy built its quotes and dates from, not a second run of the finders."""
    text = found.text
    quoted = [(q.start, q.end) for q in found.quotations]
    context = AttributeContext(found)
    kept_by_field: dict[str, list[NewsItem]] = {}
    dropped: dict[str, int] = {}
    for field_name, items in facts.fields():  # people and organisations first: they are the speakers
        kept: list[NewsItem] = []
        for item in items:
            key, value = item.key_field, item.key_text
            grounding = _regrounded(text, value, item.grounding, quoted if field_name == "quotes" else None)
            if hasattr(item, "aliases"):
                item = item.model_copy(
                    update={"aliases": [a for a in item.aliases if locate(text, a).grounded]}
                )
            if not grounding.grounded:
                dropped[field_name] = dropped.get(field_name, 0) + 1
                if not keep:
                    continue
            elif grounding.status is MatchStatus.FUZZY and grounding.start is not None:
                # the article's words, never the model's: a misquote becomes the quote
                item = item.model_copy(update={key: " ".join(text[grounding.start : grounding.end].split())})
            item = _checked(context, item.model_copy(update={"grounding": grounding}), keep)
            if isinstance(item, (Person, Organization)):
                context.admit_speakers([item.name, *item.aliases])
            kept.append(item)
        kept_by_field[field_name] = kept
    return NewsFacts.model_validate(kept_by_field), dropped


def _checked(context: AttributeContext, item: NewsItem, keep: bool) -> NewsItem:
    if isinstance(item, Person):
        return check_person(context, item, keep)
    if isinstance(item, Quote):
        return check_quote(context, item, keep)
    if isinstance(item, DateMention):
        return check_date(context, item, keep)
    if isinstance(item, NumberFact):
        return check_number(context, item, keep)
    return item


def _regrounded(
    text: str, value: str, given: Grounding | None, within: list[tuple[int, int]] | None
) -> Grounding:
    """Trust a span only when it really holds the value; otherwise search for it."""
    if (
        given is not None
        and given.start is not None
        and given.end is not None
        and text[given.start : given.end] == value
    ):
        return Grounding(status=MatchStatus.EXACT, start=given.start, end=given.end)
    return locate(text, value, within=within)


def _ground_generic(
    text: str, data: dict[str, Any], keep: bool
) -> tuple[dict[str, Any], dict[str, int], list[FieldGrounding]]:
    """Ground every string leaf; drop list items none of whose strings are in the article."""
    leaves: list[FieldGrounding] = []
    dropped: dict[str, int] = {}

    def walk(node: Any, path: str) -> tuple[Any, bool | None]:
        """The node with ungrounded list items removed, and whether its strings are evidenced:
        True (some string found), False (strings, none found), None (no string leaves)."""
        if isinstance(node, str):
            grounding = locate(text, node)
            leaves.append(FieldGrounding(path=path, value=node, grounding=grounding))
            return node, grounding.grounded
        if isinstance(node, dict):
            results = {k: walk(v, f"{path}.{k}" if path else k) for k, v in node.items()}
            states = [state for _, state in results.values() if state is not None]
            return {k: v for k, (v, _) in results.items()}, (any(states) if states else None)
        if isinstance(node, list):
            kept = []
            for index, item in enumerate(node):
                value, grounded = walk(item, f"{path}[{index}]")
                if grounded is False:
                    dropped[path] = dropped.get(path, 0) + 1
                    if not keep:
                        continue
                kept.append(value)
            return kept, None
        return node, None

    result, _ = walk(data, "")
    return result, dropped, leaves
