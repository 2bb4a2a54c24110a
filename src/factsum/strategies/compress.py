"""Summaries by deletion: the article's key sentences, each shortened by the model.

The model may only delete words. A shortened sentence that brings in a content word its
source sentence does not have is discarded for the source sentence itself, so every summary
sentence says only what one article sentence says, in its words.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, create_model

from factsum.candidates.lexicon import DELETION_GLUE
from factsum.errors import InvalidModelOutputError
from factsum.llm.base import LLMClient
from factsum.prompts import STRATEGIES, Prompt
from factsum.sentences import key_sentences
from factsum.strategies.base import SummaryDraft, SummaryRequest
from factsum.strategies.shaping import count_words, truncate

TASK, NAME = "summarize", "compress"
STEPS = STRATEGIES[TASK][NAME]

MATERIAL_FACTOR = 1.8  # key sentences worth this many times the word cap go to the model
_TOKEN = re.compile(r"[^\W_]+(?:[.,'’-][^\W_]+)*", re.UNICODE)


def summarize(request: SummaryRequest) -> SummaryDraft:
    """Key sentences, each shortened by deletion only, kept in article order up to the cap."""
    cap, style = request.cap, request.style
    shortened = compress_key_sentences(
        request.text, request.client, request.prompt, instruction=request.instruction, cap=cap
    )
    kept: list[str] = []
    for sentence in shortened:
        if count_words(" ".join([*kept, sentence])) > cap:
            break
        kept.append(sentence)
    if not kept and shortened:
        kept = [truncate(shortened[0], cap)]
    if style == "headline":
        return SummaryDraft((kept[0].rstrip(".") if kept else ""), [])
    if style == "bullets":
        return SummaryDraft("\n".join(f"- {b}" for b in kept), kept)
    return SummaryDraft(" ".join(kept), [])


def compress_key_sentences(
    text: str, client: LLMClient, prompt: Prompt, *, instruction: str, cap: int
) -> list[str]:
    sentences = [s.text for s in key_sentences(text, int(cap * MATERIAL_FACTOR))]
    if not sentences:
        return []
    keys = [f"s{i + 1}" for i in range(len(sentences))]
    listing = "\n".join(f"{k}: {s}" for k, s in zip(keys, sentences, strict=True))
    messages = prompt.render("summary", article=listing, style_instruction=instruction, max_words=str(cap))
    fields: dict[str, object] = {k: (str, Field()) for k in keys}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        "ShortSentences", __config__=ConfigDict(extra="forbid"), **fields
    )
    try:
        # room for every sentence copied whole: a model that deletes too little must still finish
        reply = client.structured(messages, model, max_tokens=client.count_tokens(listing) + 16 * len(keys))
    except InvalidModelOutputError:
        # a reply that overran or broke the schema shortens nothing: the key sentences stand as
        # they are, which is still a faithful (extractive) summary
        return sentences
    return [_deletion_or_source(str(getattr(reply, k)), s) for k, s in zip(keys, sentences, strict=True)]


def _deletion_or_source(short: str, source: str) -> str:
    short = " ".join(short.split())
    allowed = {t.casefold() for t in _TOKEN.findall(source)} | DELETION_GLUE
    added = [t for t in _TOKEN.findall(short) if t.casefold() not in allowed]
    if not short or added or len(short) >= len(source):
        return source
    return short if short[-1] in '.!?”"»' else short + "."
