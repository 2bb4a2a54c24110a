"""Free-text summaries: one call in which the model writes the summary in its own words.

An article longer than the context is map-reduced first: each chunk summarised in a
paragraph of MAP_WORDS words, then the summaries summarised.
"""

from __future__ import annotations

from factsum.chunking import chunk_text
from factsum.llm.base import LLMClient, check_fits, prompt_overhead_tokens
from factsum.prompts import STRATEGIES, Prompt
from factsum.strategies.base import SummaryDraft, SummaryRequest
from factsum.strategies.shaping import shape, truncate

TASK, NAME = "summarize", "summary"
STEPS = STRATEGIES[TASK][NAME]
MAP_WORDS = 120  # words kept per chunk in the map step of a long article


def summarize(request: SummaryRequest) -> SummaryDraft:
    client, prompt, cap = request.client, request.prompt, request.cap
    material = _reduce_to_fit(request.text, client, prompt, request.instruction, cap)
    messages = prompt.render(
        "summary", article=material, style_instruction=request.instruction, max_words=str(cap)
    )
    # ~1.6 tokens per English word plus slack for bullets and markup
    body, bullets = shape(client.text(messages, max_tokens=int(cap * 2) + 32), request.style, cap)
    return SummaryDraft(body, bullets)


def _reduce_to_fit(text: str, client: LLMClient, prompt: Prompt, instruction: str, cap: int) -> str:
    """Map-reduce for long articles: summarise each chunk, then summarise the summaries."""
    window = client.context_window
    if window is None:
        return text
    overhead = prompt_overhead_tokens(
        client, prompt, "summary", style_instruction=instruction, max_words=str(cap)
    )
    if client.count_tokens(text) + overhead + MAP_WORDS * 2 <= window:
        return text
    partials: list[str] = []
    map_instruction = prompt.spec.styles.get("paragraph", "Write one paragraph.").replace(
        "{max_words}", str(MAP_WORDS)
    )
    map_overhead = prompt_overhead_tokens(
        client, prompt, "summary", style_instruction=map_instruction, max_words=str(MAP_WORDS)
    )
    budget = window - map_overhead - MAP_WORDS * 2
    for chunk in chunk_text(text, max_tokens=budget, count_tokens=client.count_tokens):
        messages = prompt.render(
            "summary", article=chunk.of(text), style_instruction=map_instruction, max_words=str(MAP_WORDS)
        )
        partials.append(
            truncate(" ".join(client.text(messages, max_tokens=MAP_WORDS * 2).split()), MAP_WORDS)
        )
    combined = "\n\n".join(partials)
    check_fits(combined, client)
    return combined
