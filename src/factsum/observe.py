"""Watching a run: which step is running (for progress) and every model call (for the log).

The pipelines stay ignorant of who is watching. Rendering a prompt step marks it as running
(``prompts.Prompt.render`` calls :func:`begin_step`) and the one client seam reports each raw
model call (``llm.client`` calls :func:`record_call`), so progress on a terminal, the SQLite
call log and tests all see the same events without the pipeline importing any of them.

Observers are scoped with :func:`observed` through a ``ContextVar``: a library caller in one
thread never sees another thread's run. ``batch`` copies the context into its worker threads.
This module imports nothing from factsum, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "ModelCall", "Observer", "Step", "begin_step", "current_step", "observed", "record_call", "step_part",
]  # fmt: skip


@dataclass(frozen=True)
class Step:
    """A step of a pipeline: a prompt step (``entities``, ``roles``, ``speakers``, ``summary``,
    ``select``, ``extract``) or a pipeline phase (``reading``, ``grounding``)."""

    name: str
    prompt_name: str | None = None
    prompt_id: str | None = None
    # a step run in batches (names typed 50 a call) is call ``part`` of ``parts``
    part: int | None = None
    parts: int | None = None


@dataclass(frozen=True)
class ModelCall:
    """One raw model call as the client seam saw it. ``attempt`` 1 is the first try of a
    structured reply; 2 and up are instructor's validation re-asks, each a call of its own."""

    model: str
    step: Step | None
    messages: list[dict[str, str]]
    response: str | None
    prompt_tokens: int
    completion_tokens: int
    attempt: int
    latency: float
    started_at: float  # seconds since the epoch
    finish_reason: str | None = None
    error: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Observer(Protocol):
    def step(self, step: Step) -> None:
        """``step`` has begun (steps that repeat, one call per batch of names, begin again)."""
        ...

    def call(self, call: ModelCall) -> None:
        """A model call has finished, with a reply or an error."""
        ...


_observers: ContextVar[tuple[Observer, ...]] = ContextVar("factsum_observers", default=())
_step: ContextVar[Step | None] = ContextVar("factsum_step", default=None)
_part: ContextVar[tuple[int, int] | None] = ContextVar("factsum_step_part", default=None)


@contextmanager
def observed(observer: Observer) -> Iterator[Observer]:
    """Send this context's steps and calls to ``observer`` too, until the block ends."""
    token = _observers.set((*_observers.get(), observer))
    step_token = _step.set(None)
    try:
        yield observer
    finally:
        _step.reset(step_token)
        _observers.reset(token)


def observers() -> tuple[Observer, ...]:
    return _observers.get()


@contextmanager
def step_part(part: int, parts: int) -> Iterator[None]:
    """Steps begun in this block are batch ``part`` of ``parts``, so progress can say "2/3".

    The pipeline knows the batches; the step is begun where its prompt is rendered, which
    does not: the part travels between them here rather than through every signature.
    """
    token = _part.set((part, parts))
    try:
        yield
    finally:
        _part.reset(token)


def begin_step(name: str, *, prompt_name: str | None = None, prompt_id: str | None = None) -> None:
    part, parts = _part.get() or (None, None)
    step = Step(name, prompt_name, prompt_id, part, parts)
    _step.set(step)
    for observer in _observers.get():
        observer.step(step)


def current_step() -> Step | None:
    return _step.get()


def record_call(call: ModelCall) -> None:
    for observer in _observers.get():
        observer.call(call)
