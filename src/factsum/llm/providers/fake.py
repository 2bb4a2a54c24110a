"""A scripted model for tests: a queue of replies and a history of calls.

It implements the same raw ``create`` as the real providers, so pipelines on it go through
instructor's validation and re-ask path exactly as they do in production.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from factsum.errors import ProviderError
from factsum.llm.client import InstructorClient
from factsum.llm.providers.completions import make_completion

Reply = str | BaseModel | dict[str, Any] | Callable[[dict[str, Any]], str]


class FakeChat:
    """``enqueue`` replies; every call pops one and is recorded in ``history``."""

    def __init__(self) -> None:
        self._replies: deque[Reply] = deque()
        self.history: list[dict[str, Any]] = []

    def enqueue(self, *replies: Reply) -> FakeChat:
        self._replies.extend(replies)
        return self

    @property
    def pending(self) -> int:
        return len(self._replies)

    def create(self, **kwargs: Any) -> ChatCompletion:
        self.history.append(kwargs)
        if not self._replies:
            raise ProviderError(
                f"fake model: no reply queued for call {len(self.history)} "
                f"(last message: {str(kwargs['messages'][-1]['content'])[:80]!r})"
            )
        reply = self._replies.popleft()
        if callable(reply):
            reply = reply(kwargs)
        if isinstance(reply, BaseModel):
            reply = reply.model_dump_json()
        elif isinstance(reply, dict):
            reply = json.dumps(reply)
        prompt_tokens = sum(_count_tokens(str(m["content"])) for m in kwargs["messages"])
        return make_completion(
            model=kwargs.get("model", "fake"),
            content=reply,
            prompt_tokens=prompt_tokens,
            completion_tokens=_count_tokens(reply),
            finish_reason="stop",
        )


def _count_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def open_fake(chat: FakeChat, *, context_window: int | None = 32768) -> InstructorClient:
    """A client over ``chat``; keep ``chat`` to enqueue replies and read its history."""
    return InstructorClient(
        "fake:scripted",
        chat.create,
        model_id="fake",
        context_window=context_window,
        token_counter=_count_tokens,
        temperature=0.0,
        seed=0,
        max_reasks=2,
    )
