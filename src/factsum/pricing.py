"""What a model call costs: USD for the OpenAI models priced here, 0 for local models, else unknown.

Shared by the eval rows and the call log, so both report the same figure for the same tokens.
"""

from __future__ import annotations

__all__ = ["PRICES_PER_MILLION", "estimate_cost"]

# USD per 1M tokens (input, output); anything else is "unknown", never 0.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
}
_NO_MODEL = "rules-only"  # factsum.llm.registry.RULES_ONLY (a higher layer): no model, no cost


def estimate_cost(
    model: str, prompt_tokens: int, completion_tokens: int, *, base_url: str | None = None
) -> float | str:
    """USD for an OpenAI model in PRICES_PER_MILLION, 0 for local models and rules-only; else "unknown"."""
    if model == _NO_MODEL or model.startswith("local:"):
        return 0.0
    provider, sep, name = model.partition(":")
    if not sep:
        provider, name = "openai", model
    if provider != "openai" or name not in PRICES_PER_MILLION:
        return "unknown"
    if base_url is not None and "api.openai.com" not in base_url:
        return "unknown"  # same name on another server: not OpenAI's price
    price_in, price_out = PRICES_PER_MILLION[name]
    return (prompt_tokens * price_in + completion_tokens * price_out) / 1_000_000
