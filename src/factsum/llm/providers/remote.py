"""OpenAI and any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp server).

The SDK's own retries are switched off (``max_retries=0``): tenacity here is the single
transport-retry layer. It retries 429 (honouring Retry-After), 5xx, timeouts and refused
connections with capped exponential backoff; every other HTTP error fails at once. Each
third-party error is wrapped exactly once, here, keeping the original.
"""

from __future__ import annotations

import random
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from factsum.config import how_to_set
from factsum.errors import (
    InputTooLongError,
    ProviderAuthError,
    ProviderError,
    ProviderUnreachableError,
    RateLimitedError,
)

_RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError)
MAX_RETRY_AFTER = 60.0


class RemoteChat:
    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str,
        timeout: float,
        retries: int,
        backoff: float,
        n_ctx: int | None = None,
    ) -> None:
        self.model = model
        self.n_ctx = n_ctx
        self.base_url = base_url or "https://api.openai.com/v1"
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0)
        self._retries = retries
        self._backoff = backoff
        self._schema_in_json_object = False  # learnt once per client, see create()

    def close(self) -> None:
        self._client.close()

    def create(self, **kwargs: Any) -> ChatCompletion:
        """One request with transport retries.

        Some OpenAI-compatible servers (llama-cpp-python's own) reject ``json_schema``
        response formats but accept ``{"type": "json_object", "schema": ...}``; on such a
        rejection the request is sent once more in that form, and the client keeps using it.
        """
        if self._schema_in_json_object:
            kwargs = _as_json_object(kwargs)
        try:
            return self._create_with_retries(kwargs)
        except ProviderError as error:
            original = error.original
            if self._schema_in_json_object or not _rejects_json_schema(kwargs, original):
                raise
            self._schema_in_json_object = True
            return self._create_with_retries(_as_json_object(kwargs))

    def _create_with_retries(self, kwargs: dict[str, Any]) -> ChatCompletion:
        retrying = Retrying(
            stop=stop_after_attempt(self._retries + 1),
            retry=retry_if_exception(lambda e: isinstance(e, _RETRYABLE) and not _format_rejection(e)),
            wait=self._wait,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    completion: ChatCompletion = self._client.chat.completions.create(**kwargs)
                    return completion
        except openai.APIError as error:
            raise self._wrap(error) from error
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, openai.APIStatusError):
            retry_after = _retry_after(error.response.headers)
            if retry_after is not None:
                return min(retry_after, MAX_RETRY_AFTER)
        exponential = self._backoff * 2 ** (state.attempt_number - 1)
        return float(min(exponential, 30.0) * (0.5 + random.random() / 2))

    def _wrap(self, error: openai.APIError) -> ProviderError | InputTooLongError:
        where = f"{self.base_url} (model {self.model})"
        attempts = self._retries + 1
        if isinstance(error, openai.APITimeoutError):
            return ProviderUnreachableError(
                f"{where} timed out {attempts} times (check the server, or raise the timeout: "
                f"{how_to_set('timeout')})",
                original=error,
            )
        if isinstance(error, openai.APIConnectionError):
            return ProviderUnreachableError(
                f"cannot reach {where} after {attempts} attempts: is the server running? "
                "(check --base-url / FACTSUM_BASE_URL)",
                original=error,
            )
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return ProviderAuthError(
                f"{where} rejected the API key (check --api-key / OPENAI_API_KEY)", original=error
            )
        if isinstance(error, openai.RateLimitError):
            return RateLimitedError(
                f"{where} is still rate-limiting after {attempts} attempts", original=error
            )
        if isinstance(error, openai.NotFoundError):
            return ProviderError(f"{where}: model or endpoint not found ({_detail(error)})", original=error)
        if isinstance(error, openai.BadRequestError) and "context" in _detail(error).lower():
            assumed = f"factsum assumed {self.n_ctx} tokens; " if self.n_ctx else ""
            return InputTooLongError(
                f"{where}: the request does not fit the model's context: {_full_detail(error)} "
                f"({assumed}set --n-ctx / FACTSUM_N_CTX to the server's context size so long articles "
                "are chunked to fit, or shorten the article)",
                original=error,
            )
        if isinstance(error, openai.InternalServerError):
            return ProviderError(
                f"{where} kept failing with server errors after {attempts} attempts ({_detail(error)})",
                original=error,
            )
        return ProviderError(f"{where} refused the request: {_detail(error)}", original=error)


def _format_rejection(error: BaseException) -> bool:
    """A server saying it does not know this response_format: retrying cannot help."""
    if not isinstance(error, openai.APIStatusError) or error.status_code not in (400, 422, 500):
        return False
    detail = _detail(error).lower() + str(getattr(error, "body", "") or "").lower()
    return "json_object" in detail or "response_format" in detail


def _rejects_json_schema(kwargs: dict[str, Any], error: BaseException | None) -> bool:
    response_format = kwargs.get("response_format") or {}
    return response_format.get("type") == "json_schema" and error is not None and _format_rejection(error)


def _as_json_object(kwargs: dict[str, Any]) -> dict[str, Any]:
    response_format = kwargs.get("response_format") or {}
    if response_format.get("type") != "json_schema":
        return kwargs
    schema = response_format["json_schema"]["schema"]
    return {**kwargs, "response_format": {"type": "json_object", "schema": schema}}


def _retry_after(headers: Any) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw) * scale)
        except ValueError:
            continue  # an HTTP-date: fall back to backoff rather than parse calendars
    return None


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` may take on a server whose tokenizer factsum cannot run: an estimate.

    About 4 characters a token for ASCII text (English BPE vocabularies do a little better),
    and one token for every other character (accented letters, CJK), so it errs high.
    """
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return max(1, (len(text) - non_ascii + 3) // 4 + non_ascii)


def _full_detail(error: openai.APIError) -> str:
    """The server's whole message on one line: a context error names both sizes at its end."""
    message = getattr(error, "message", None) or str(error)
    return " ".join(message.split()) or type(error).__name__


def _detail(error: openai.APIError) -> str:
    message = getattr(error, "message", None) or str(error)
    return message.strip().splitlines()[0][:200] if message.strip() else type(error).__name__
