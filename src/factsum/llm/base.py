"""The client protocol every pipeline talks to, whatever runs the model."""

from __future__ import annotations

from typing import Protocol, TypeVar

from pydantic import BaseModel

from factsum.errors import InputTooLongError
from factsum.prompts import Prompt
from factsum.schemas.results import Usage

Message = dict[str, str]
REPLY_RESERVE = 1024
ModelT = TypeVar("ModelT", bound=BaseModel)


class LLMClient(Protocol):
    """Structured and free-text chat calls, with usage accounting."""

    @property
    def name(self) -> str:
        """The model spec, e.g. ``local:qwen2.5-coder-1.5b``."""
        ...

    @property
    def context_window(self) -> int | None:
        """Tokens the model can attend to, or None when the server does not say."""
        ...

    @property
    def usage(self) -> Usage:
        """Totals since the client was opened; pipelines diff it around their calls."""
        ...

    def structured(self, messages: list[Message], response_model: type[ModelT], *, max_tokens: int) -> ModelT:
        """A reply validated against ``response_model`` (constrained where the backend can)."""
        ...

    def text(self, messages: list[Message], *, max_tokens: int) -> str:
        """A free-text reply."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes for this model (an estimate for remote models)."""
        ...

    def close(self) -> None:
        """Release what the client holds (a remote client's HTTP connections); idempotent."""
        ...


def prompt_overhead_tokens(client: LLMClient, prompt: Prompt, step: str, **variables: str) -> int:
    """Tokens ``step``'s prompt takes besides the article: instructions, few-shot examples and
    the ``variables`` given, measured on the rendered chat as the client counts a request
    (its messages' contents); the variables not given (the article) are left empty.
    """
    blank = dict.fromkeys(prompt.variables(step), "")
    messages = prompt.messages(step, **{**blank, **variables})
    return sum(client.count_tokens(m["content"]) for m in messages)


def check_fits(text: str, client: LLMClient) -> None:
    """Fail early, naming the limit, when an article cannot fit the model's context."""
    window = client.context_window
    if window is None:
        return
    tokens = client.count_tokens(text)
    if tokens + REPLY_RESERVE > window:
        raise InputTooLongError(
            f"the article is {tokens} tokens; {client.name} has a context of {window} tokens with "
            f"{REPLY_RESERVE} kept for the reply "
            "(raise --n-ctx up to the model's limit, or shorten the article)"
        )
