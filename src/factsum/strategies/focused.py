"""Focused extraction: regexes find, the model labels and attributes.

Measured on real newswire with the 1.5B model (MODELS.md), deterministic candidates fix
recall; each model call here is small and constrained to a closed set of answers (an enum
per key), so the model cannot invent a name, a quote or a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from factsum import observe
from factsum.candidates import ArticleFinds, NameCandidate, QuotedSpan, find_names, find_numbers
from factsum.candidates.entity_types import (
    EntityType,
    TypedName,
    corrected_kind,
    merge_short_forms,
    place_by_tagger,
    veto_by_tagger,
)
from factsum.candidates.speakers import SpeakerSource, attribute_quotes, fullest_name
from factsum.chunking import Chunk, chunk_text
from factsum.errors import PromptError
from factsum.llm.base import LLMClient, prompt_overhead_tokens
from factsum.prompts import STRATEGIES, Prompt
from factsum.schemas.grounding import Grounding, MatchStatus
from factsum.schemas.news import (
    DateMention,
    Location,
    NewsFacts,
    NumberFact,
    Organization,
    Person,
    Quote,
)
from factsum.strategies.base import ExtractRequest
from factsum.tagger import Tagging, tag
from factsum.text import normalize_text

TASK, NAME = "extract", "focused"
STEPS = STRATEGIES[TASK][NAME]
ItemT = TypeVar("ItemT")
UNKNOWN_SPEAKER = "unknown"


# of a window's room (the context less the reply cap and the instructions): the rest is for
# the listing of names or quotes, which grows with the window
ARTICLE_SHARE = 0.7
MAX_KEYS_PER_CALL = 50  # ~8 reply tokens a key: 50 keys stay well inside a 1024-token cap


def extract(request: ExtractRequest) -> BaseModel:
    if not request.schema.is_news:
        raise PromptError(
            f"{request.prompt.path}: the focused strategy fills the news schema only; use a single-call "
            f"prompt (e.g. --prompt extract-single) with --schema {request.schema.name}"
        )
    return extract_focused(request.found, request.client, request.prompt, max_tokens=request.max_tokens)


def extract_focused(found: ArticleFinds, client: LLMClient, prompt: Prompt, *, max_tokens: int) -> NewsFacts:
    """The facts of ``found.text``, built on its finds (which the grounding step reads too)."""
    text = found.text
    dates = list(found.dates)
    numbers = find_numbers(text, exclude=[(d.start, d.end) for d in dates])
    quotations = list(found.quotations)
    tagging = tag(text)
    names = find_names(text, tagging)
    windows = _windows(text, client, prompt, max_tokens)

    typed: list[TypedName] = []
    roles: dict[str, str | None] = {}
    # each name is typed once, with the window of its first mention as context
    typing = _windowed_batches(windows, names)
    for part, (window, group) in enumerate(typing, 1):
        with observe.step_part(part, len(typing)):
            typed += _type_names(
                window.of(text), group, client, prompt, max_tokens=max_tokens, tagging=tagging
            )
    typed = [veto_by_tagger(t, tagging) for t in typed]
    # after the merge: "Acme" folded into "Acme Holdings" is no place the tagger may think it is
    typed = [place_by_tagger(t, tagging) for t in merge_short_forms(typed)]
    people = [t.candidate for t in typed if t.kind == "person"]
    organizations = [t.candidate for t in typed if t.kind == "organization"]
    dates, numbers = (
        _first_of_each(dates, lambda d: d.text),
        _first_of_each(numbers, lambda n: (n.text, n.value)),
    )
    # speakers before roles: a speakers call shares the entities call's prompt prefix (the
    # article) only when it directly follows it
    speakers = _speakers(
        text,
        windows,
        quotations,
        people,
        organizations,
        client,
        prompt,
        max_tokens=max_tokens,
        tagging=tagging,
    )
    asking = _windowed_batches(windows, people)
    for part, (window, group) in enumerate(asking, 1):
        with observe.step_part(part, len(asking)):
            roles.update(_roles(window.of(text), group, client, prompt, max_tokens=max_tokens))

    def span(c: NameCandidate) -> Grounding:
        return Grounding(status=MatchStatus.EXACT, start=c.start, end=c.end)

    return NewsFacts(
        people=[
            Person(name=c.name, role=roles.get(c.name), aliases=c.aliases, grounding=span(c)) for c in people
        ],
        organizations=[
            Organization(name=c.name, aliases=c.aliases, grounding=span(c)) for c in organizations
        ],
        locations=[
            Location(name=t.candidate.name, aliases=t.candidate.aliases, grounding=span(t.candidate))
            for t in typed
            if t.kind == "location"
        ],
        dates=[
            DateMention(
                text=d.text,
                iso=d.iso,
                grounding=Grounding(status=MatchStatus.EXACT, start=d.start, end=d.end),
            )
            for d in dates
        ],
        quotes=[
            Quote(
                text=q.text,
                speaker=speakers.get(i),
                grounding=Grounding(status=MatchStatus.EXACT, start=q.start, end=q.end),
            )
            for i, q in enumerate(quotations)
        ],
        numbers=[
            NumberFact(
                text=n.text,
                value=n.value,
                unit=n.unit,
                grounding=Grounding(status=MatchStatus.EXACT, start=n.start, end=n.end),
            )
            for n in numbers
        ],
    )


def _first_of_each(items: list[ItemT], key: Callable[[ItemT], object]) -> list[ItemT]:
    """One item per surface form: a repeated "this year" is one date, as labellers list it."""
    seen: set[object] = set()
    kept: list[ItemT] = []
    for item in items:
        marker = key(item)
        marker = normalize_text(marker) if isinstance(marker, str) else marker
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return kept


def _windows(text: str, client: LLMClient, prompt: Prompt, max_tokens: int) -> list[Chunk]:
    """The whole article when it fits the context, else paragraph-aligned chunks that do."""
    if client.context_window is None:
        return [Chunk(0, len(text))]
    # every step reads the same window: the longest instructions and examples bound it
    overhead = max(prompt_overhead_tokens(client, prompt, step) for step in prompt.spec.steps)
    budget = int((client.context_window - max_tokens - overhead) * ARTICLE_SHARE)
    return chunk_text(text, max_tokens=max(512, budget), count_tokens=client.count_tokens)


def _windowed_batches(
    windows: list[Chunk], names: list[NameCandidate]
) -> list[tuple[Chunk, list[NameCandidate]]]:
    """Each window with its names (those first mentioned in it), in calls of at most MAX_KEYS_PER_CALL."""
    return [
        (window, group)
        for window in windows
        for group in _batches([c for c in names if window.start <= c.start < window.end], MAX_KEYS_PER_CALL)
    ]


def _batches(items: list[ItemT], size: int) -> list[list[ItemT]]:
    """Keys per call are capped so a reply always fits the output-token cap."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def _grammar_safe(names: list[str]) -> list[str]:
    """Names as JSON keys and enum values the grammar compiler takes: llama.cpp 0.3.36 fails
    to parse a grammar whose literal holds a double quote ('E.Y "Yip" Harburg'), so the mark
    is shown as a single one; a name made equal to another by that gets a number."""
    safe: list[str] = []
    for name in names:
        shown = name.replace('"', "'").replace("\\", "/")
        while shown in safe:
            shown += " (2)"
        safe.append(shown)
    return safe


def _keyed_model(name: str, keys: list[str], value_type: Any) -> type[BaseModel]:
    """A model whose JSON keys are exactly ``keys`` in order, so the grammar fixes them."""
    fields: dict[str, Any] = {f"k{i}": (value_type, Field(alias=key)) for i, key in enumerate(keys)}
    return create_model(name, __config__=ConfigDict(populate_by_name=True, extra="forbid"), **fields)


def _answers(result: BaseModel, keys: list[str]) -> dict[str, Any]:
    return {key: getattr(result, f"k{i}") for i, key in enumerate(keys)}


# what a tagger label tells a reader of the listing ("tagger: place")
_TAGGER_WORDS = {
    "PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place or building",
    "NORP": "nationality or group", "EVENT": "event", "WORK_OF_ART": "title of a work", "LAW": "law",
    "PRODUCT": "product", "LANGUAGE": "language",
}  # fmt: skip


def _tagged_listing(names: list[NameCandidate], tagging: Tagging | None) -> str:
    lines = []
    for c in names:
        label = tagging.entity_label(c.mentions) if tagging is not None else None
        notes = [f"after the title '{c.title}'"] if c.title else []
        notes += [f"tagger: {_TAGGER_WORDS.get(label, 'other')}"] if label else ["tagger: no entity"]
        lines.append(f"- {c.name} ({'; '.join(notes)})")
    return "\n".join(lines)


def _type_names(
    text: str,
    names: list[NameCandidate],
    client: LLMClient,
    prompt: Prompt,
    *,
    max_tokens: int,
    tagging: Tagging | None = None,
) -> list[TypedName]:
    if not names:
        return []
    keys = _grammar_safe([c.name for c in names])
    listing = "\n".join(
        f"- {key}" + (f" (after the title '{c.title}')" if c.title else "")
        for key, c in zip(keys, names, strict=True)
    )
    # the tagger's reading of every name is built only for a prompt that shows it
    tagged = _tagged_listing(names, tagging) if prompt.uses("entities", "tagged_candidates") else ""
    messages = prompt.render("entities", article=text, candidates=listing, tagged_candidates=tagged)
    model = _keyed_model("EntityTypes", keys, EntityType)
    answers = _answers(client.structured(messages, model, max_tokens=max_tokens), keys)
    return [
        TypedName(candidate, corrected_kind(text, candidate, str(answers[key])))
        for key, candidate in zip(keys, names, strict=True)
    ]


def _roles(
    text: str, people: list[NameCandidate], client: LLMClient, prompt: Prompt, *, max_tokens: int
) -> dict[str, str | None]:
    keys = _grammar_safe([c.name for c in people])
    listing = "\n".join(
        f"- {key}" + (f" (title: {c.title})" if c.title else "") for key, c in zip(keys, people, strict=True)
    )
    messages = prompt.render("roles", article=text, people=listing)
    model = _keyed_model("Roles", keys, str)
    answers = _answers(client.structured(messages, model, max_tokens=max_tokens), keys)
    names = dict(zip(keys, (c.name for c in people), strict=True))
    roles: dict[str, str | None] = {}
    for key, role in ((names[k], v) for k, v in answers.items()):
        cleaned = str(role).strip().strip(".")
        roles[key] = cleaned if cleaned and cleaned.casefold() not in ("unknown", "none", "n/a") else None
    return roles


def _speakers(
    text: str,
    windows: list[Chunk],
    quotations: list[QuotedSpan],
    people: list[NameCandidate],
    organizations: list[NameCandidate],
    client: LLMClient,
    prompt: Prompt,
    *,
    max_tokens: int,
    tagging: Tagging | None = None,
) -> dict[int, str | None]:
    """Attribute each quotation by the article's wording (candidates.speakers), else the model."""
    if not quotations:
        return {}
    sources = [*people, *organizations]
    attributed = attribute_quotes(
        text,
        quotations,
        [SpeakerSource(c.name, i < len(people), tuple(c.mentions)) for i, c in enumerate(sources)],
        tagging,
    )
    unresolved = [i for i, speaker in attributed.items() if speaker is None]
    # last window first: the entities step just read it, so its KV cache is still warm
    for window in reversed(windows):
        local = [i for i in unresolved if window.start <= quotations[i].start < window.end]
        mentioned = [c for c in sources if any(window.start <= m < window.end for m, _ in c.mentions)]
        if not mentioned:
            continue
        for group in _batches(local, MAX_KEYS_PER_CALL):
            answers = _ask_speakers(window.of(text), group, quotations, mentioned, client, prompt, max_tokens)
            attributed.update(answers)
    forms = [(c.name, c.aliases) for c in people]
    return {i: fullest_name(speaker, forms) if speaker else speaker for i, speaker in attributed.items()}


def _ask_speakers(
    window_text: str,
    unresolved: list[int],
    quotations: list[QuotedSpan],
    sources: list[NameCandidate],
    client: LLMClient,
    prompt: Prompt,
    max_tokens: int,
) -> dict[int, str | None]:
    """One constrained call: each unresolved quotation gets a listed source or 'unknown'."""
    keys = [f"q{i + 1}" for i in unresolved]
    listing = "\n".join(f"{k}: “{_clip(quotations[i].text)}”" for k, i in zip(keys, unresolved, strict=True))
    names = _grammar_safe([c.name for c in sources])
    original = dict(zip(names, (c.name for c in sources), strict=True))
    speakers = "\n".join(f"- {n}" for n in names)
    messages = prompt.render("speakers", article=window_text, quotes=listing, speakers=speakers)
    choice = Literal[tuple([*names, UNKNOWN_SPEAKER])]  # type: ignore[valid-type]
    model = _keyed_model("Speakers", keys, choice)
    answers = _answers(client.structured(messages, model, max_tokens=max_tokens), keys)
    return {index: original.get(str(answers[key])) for key, index in zip(keys, unresolved, strict=True)}


def _clip(quote: str, words: int = 14) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
