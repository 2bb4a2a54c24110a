"""The shared client: instructor over an OpenAI-shaped ``create`` function.

Every provider supplies one raw ``create(**openai_kwargs) -> ChatCompletion`` (the OpenAI
SDK's, llama.cpp in-process, or a scripted fake); this class patches it with instructor so
validation re-asks behave identically everywhere. Transport retries live in the provider's
``create`` only, so a re-ask and a transport retry are never multiplied by another layer.

Every raw call (a first try or a re-ask) is reported here, and only here, to ``observe``:
the call log and progress of the CLI, the library and the evals all come from this seam.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import instructor
from instructor.core import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion

from factsum import observe
from factsum.config import how_to_set
from factsum.errors import FactsumError, InputTooLongError, InvalidModelOutputError
from factsum.llm.base import Message, ModelT
from factsum.schemas.results import Usage

RawCreate = Callable[..., ChatCompletion]


class InstructorClient:
    def __init__(
        self,
        name: str,
        raw_create: RawCreate,
        *,
        model_id: str,
        context_window: int | None,
        token_counter: Callable[[str], int],
        temperature: float,
        seed: int | None,
        max_reasks: int,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self._name = name
        self._on_close = on_close
        self._raw_create = raw_create
        self._model_id = model_id
        self._context_window = context_window
        self._count = token_counter
        self._temperature = temperature
        self._seed = seed
        self._max_reasks = max_reasks
        self._usage = Usage()
        self._calls_before: int | None = None  # set while a structured call runs: attempts count from it
        self._patched = instructor.patch(create=self._counted_create, mode=instructor.Mode.JSON_SCHEMA)

    @property
    def name(self) -> str:
        return self._name

    @property
    def context_window(self) -> int | None:
        return self._context_window

    @property
    def usage(self) -> Usage:
        return self._usage

    def count_tokens(self, text: str) -> int:
        return self._count(text)

    def close(self) -> None:
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()

    def _counted_create(self, **kwargs: Any) -> ChatCompletion:
        self._check_fits(kwargs)
        attempt = 1 if self._calls_before is None else self._usage.calls - self._calls_before + 1
        started_at, started = time.time(), time.perf_counter()
        try:
            completion = self._raw_create(**kwargs)
        except Exception as error:
            self._report(kwargs, None, attempt, started_at, time.perf_counter() - started, error=error)
            raise
        usage = completion.usage
        used = Usage(
            calls=1,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
        )
        self._usage = self._usage.add(used)
        self._report(kwargs, completion, attempt, started_at, time.perf_counter() - started, used=used)
        return completion

    def _report(
        self,
        kwargs: dict[str, Any],
        completion: ChatCompletion | None,
        attempt: int,
        started_at: float,
        latency: float,
        *,
        used: Usage | None = None,
        error: Exception | None = None,
    ) -> None:
        if not observe.observers():
            return
        choice = completion.choices[0] if completion and completion.choices else None
        observe.record_call(
            observe.ModelCall(
                model=self._name,
                step=observe.current_step(),
                # instructor appends its re-ask turns to the messages: each call logs what it sent
                messages=[
                    {"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
                    for m in kwargs.get("messages", [])
                ],
                response=choice.message.content if choice else None,
                prompt_tokens=used.prompt_tokens if used else 0,
                completion_tokens=used.completion_tokens if used else 0,
                attempt=attempt,
                latency=latency,
                started_at=started_at,
                finish_reason=choice.finish_reason if choice else None,
                error=f"{type(error).__name__}: {_first_line(str(error))}" if error else None,
            )
        )

    def _check_fits(self, kwargs: dict[str, Any]) -> None:
        """Never send a request larger than the context: the pipelines chunk to fit, so a request
        that does not is refused here, for every provider, naming the limit and the remedy."""
        if self._context_window is None:
            return
        prompt = sum(self._count(str(m.get("content") or "")) for m in kwargs.get("messages", []))
        reply = int(kwargs.get("max_tokens") or 0)
        if prompt + reply > self._context_window:
            raise InputTooLongError(
                f"a request to {self._name} would take about {prompt} prompt tokens and up to {reply} "
                f"for the reply, more than its context of {self._context_window} tokens (set --n-ctx / "
                "FACTSUM_N_CTX to the model's real context size, or shorten the article)"
            )

    def _base_kwargs(self, messages: list[Message], max_tokens: int) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self._model_id,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": self._temperature,
        }
        if self._seed is not None:
            kwargs["seed"] = self._seed
        return kwargs

    def structured(self, messages: list[Message], response_model: type[ModelT], *, max_tokens: int) -> ModelT:
        calls_before = self._calls_before = self._usage.calls
        try:
            result: ModelT = self._patched(
                response_model=response_model,
                max_retries=self._max_reasks,
                **self._base_kwargs(messages, max_tokens),
            )
        except InstructorRetryException as error:
            cause = error.__cause__
            if isinstance(cause, FactsumError):
                raise cause from None
            raise InvalidModelOutputError(
                f"{self._name} gave no reply valid for {response_model.__name__} after "
                f"{self._max_reasks} re-asks (try a larger model, or raise max_reasks: "
                f"{how_to_set('max_reasks')}): "
                f"{_first_line(str(cause or error))}",
                original=error,
            ) from error
        except IncompleteOutputException as error:
            raise InvalidModelOutputError(
                f"{self._name} hit the output cap of {max_tokens} tokens before finishing "
                f"{response_model.__name__} (shorten the input, or raise max_tokens: --max-tokens "
                f"on extract and eval, or {how_to_set('max_tokens')})",
                original=error,
            ) from error
        except FactsumError:
            raise
        except Exception as error:  # instructor raises its own types for truncated output
            raise InvalidModelOutputError(
                f"{self._name} gave an unusable reply for {response_model.__name__}: "
                f"{_first_line(str(error))}",
                original=error,
            ) from error
        finally:
            self._calls_before = None
            attempts = self._usage.calls - calls_before
            if attempts > 1:
                self._usage = self._usage.model_copy(update={"reasks": self._usage.reasks + attempts - 1})
        return result

    def text(self, messages: list[Message], *, max_tokens: int) -> str:
        completion = self._counted_create(**self._base_kwargs(messages, max_tokens))
        return completion.choices[0].message.content or ""


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else "no detail"
