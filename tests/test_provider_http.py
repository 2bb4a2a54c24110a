from __future__ import annotations

import json
import time
from typing import Any

import pytest
from pydantic import BaseModel
from tests.support.loopback import LoopbackServer, Scripted, completion_body

from factsum.config import load_settings
from factsum.errors import (
    MissingCredentialsError,
    ProviderAuthError,
    ProviderError,
    ProviderUnreachableError,
    RateLimitedError,
)
from factsum.llm.registry import open_client


class Answer(BaseModel):
    city: str
    count: int


GOOD = json.dumps({"city": "Oslo", "count": 3})
MESSAGES = [{"role": "user", "content": "Where and how many?"}]


_OPENED: list[Any] = []


@pytest.fixture(autouse=True)
def _close_http_clients() -> Any:
    """RemoteChat never closes its openai client; close it so no socket is left to the GC."""
    yield
    while _OPENED:
        _OPENED.pop()._raw_create.__self__._client.close()


def tracked(client: Any) -> Any:
    _OPENED.append(client)
    return client


def client_for(base_url: str, **overrides: Any) -> Any:
    flags: dict[str, Any] = {"model": "openai:test-model", "base_url": base_url, "api_key": "k",
                             "backoff": 0.01, "retries": 2, "timeout": 2}  # fmt: skip
    flags.update(overrides)
    return tracked(open_client(load_settings(flags, environ={})))


def ask(client: Any) -> Answer:
    result: Answer = client.structured(MESSAGES, Answer, max_tokens=50)
    return result


def err(status: int, headers: dict[str, str] | None = None) -> Scripted:
    return Scripted(
        status, headers or {}, {"error": {"message": f"status {status}", "type": "x", "code": None}}
    )


def test_200_one_call(server: LoopbackServer) -> None:
    server.script(server.ok(GOOD))
    client = client_for(server.base_url)
    assert ask(client).model_dump() == {"city": "Oslo", "count": 3}
    assert len(server.requests) == 1
    request = server.requests[0]
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer k"
    body = request.body
    assert body["model"] == "test-model"
    assert body["max_tokens"] == 50
    assert body["response_format"]["type"] == "json_schema"
    assert set(body["response_format"]["json_schema"]["schema"]["properties"]) == {"city", "count"}
    assert body["messages"][-1] == MESSAGES[-1]
    assert (client.usage.calls, client.usage.prompt_tokens, client.usage.completion_tokens) == (1, 7, 3)


def test_429_retry_after_zero_then_200(server: LoopbackServer) -> None:
    server.script(err(429, {"Retry-After": "0"}), server.ok(GOOD))
    assert ask(client_for(server.base_url)).city == "Oslo"
    assert len(server.requests) == 2


def test_429_retry_after_is_honoured(server: LoopbackServer) -> None:
    server.script(err(429, {"Retry-After": "0.2"}), server.ok(GOOD))
    started = time.monotonic()
    ask(client_for(server.base_url))
    assert len(server.requests) == 2
    assert server.requests[1].at - server.requests[0].at >= 0.2
    assert time.monotonic() - started >= 0.2


def test_429_forever_is_rate_limited(server: LoopbackServer) -> None:
    server.script(*[err(429, {"Retry-After": "0"})] * 3)
    with pytest.raises(RateLimitedError, match="after 3 attempts"):
        ask(client_for(server.base_url))
    assert len(server.requests) == 3


def test_500_500_200(server: LoopbackServer) -> None:
    server.script(err(500), err(500), server.ok(GOOD))
    assert ask(client_for(server.base_url)).count == 3
    assert len(server.requests) == 3


def test_500_three_times(server: LoopbackServer) -> None:
    server.script(err(500), err(500), err(500), server.ok(GOOD))
    with pytest.raises(ProviderError, match="kept failing with server errors after 3 attempts") as excinfo:
        ask(client_for(server.base_url))
    assert type(excinfo.value) is ProviderError
    assert excinfo.value.original is not None
    assert len(server.requests) == 3


def test_401_no_retry(server: LoopbackServer) -> None:
    server.script(err(401), server.ok(GOOD))
    with pytest.raises(ProviderAuthError, match="rejected the API key") as excinfo:
        ask(client_for(server.base_url))
    assert excinfo.value.exit_code == 42
    assert len(server.requests) == 1


def test_404_no_retry(server: LoopbackServer) -> None:
    server.script(err(404), server.ok(GOOD))
    with pytest.raises(ProviderError, match="model or endpoint not found"):
        ask(client_for(server.base_url))
    assert len(server.requests) == 1


def test_invalid_json_content_is_reasked(server: LoopbackServer) -> None:
    server.script(server.ok("not json at all"), server.ok(GOOD))
    client = client_for(server.base_url)
    assert ask(client).model_dump() == {"city": "Oslo", "count": 3}
    assert len(server.requests) == 2
    assert (client.usage.calls, client.usage.reasks) == (2, 1)
    assert "not json at all" in json.dumps(server.requests[1].body["messages"])


def test_timeout_is_unreachable_after_three_attempts(server: LoopbackServer) -> None:
    slow = Scripted(200, body=completion_body(GOOD), delay=1.0)
    server.script(slow, slow, slow)
    with pytest.raises(ProviderUnreachableError, match="timed out 3 times") as excinfo:
        ask(client_for(server.base_url, timeout=0.3))
    assert excinfo.value.exit_code == 41
    assert "FACTSUM_TIMEOUT" in str(excinfo.value) and "--timeout" not in str(excinfo.value)
    assert len(server.requests) == 3


def test_refused_connection(closed_port: int) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port}/v1")
    with pytest.raises(ProviderUnreachableError, match="after 3 attempts: is the server running"):
        ask(client)
    assert client.usage.calls == 0


def test_missing_key_without_base_url() -> None:
    with pytest.raises(MissingCredentialsError, match="needs an API key") as excinfo:
        open_client(load_settings({"model": "openai:gpt-4o-mini"}, environ={}))
    assert excinfo.value.exit_code == 23


def test_base_url_without_key_is_allowed(server: LoopbackServer) -> None:
    server.script(server.ok(GOOD))
    client = tracked(
        open_client(load_settings({"model": "openai:m", "base_url": server.base_url}, environ={}))
    )
    ask(client)
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


def test_server_rejecting_json_schema_gets_json_object_with_schema_once(server: LoopbackServer) -> None:
    """llama-cpp-python's server answers 500 to json_schema formats but accepts json_object + schema."""
    rejection = Scripted(
        500, body={"detail": [{"msg": "Input should be 'text' or 'json_object'", "loc": ["response_format"]}]}
    )
    server.script(rejection, server.ok(GOOD), server.ok(GOOD))
    client = client_for(server.base_url)
    assert ask(client).model_dump() == {"city": "Oslo", "count": 3}
    assert ask(client).model_dump() == {"city": "Oslo", "count": 3}
    formats = [r.body["response_format"] for r in server.requests]
    assert len(formats) == 3  # the rejection is not retried as a transport error
    assert formats[0]["type"] == "json_schema"
    assert formats[1]["type"] == "json_object" and formats[1]["schema"]["title"] == "Answer"
    assert formats[2]["type"] == "json_object"  # remembered for the client's later calls
