"""A long article against a remote model: chunked to the configured context (issue 11, case 3).

The loopback server answers every request from its JSON schema and logs it; the assertion is
on that log: no request (its messages plus the reply cap it asks for) is larger than the
context given with ``--n-ctx``. The article is the self-written seeds, repeated to 50,000
words (no third-party text).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_model import answer_from_schema
from tests.support.loopback import LoopbackServer, Recorded, Scripted, completion_body
from tests.support.paths import ROOT, SEEDS

from factsum.llm.providers.remote import estimate_tokens

N_CTX = 4096
WORDS = 50_000


def long_article(words: int = WORDS) -> str:
    seeds = [path.read_text(encoding="utf-8").strip() for path in sorted(SEEDS.glob("*.txt"))]
    parts: list[str] = []
    count = 0
    while count < words:
        for text in seeds:
            parts.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(parts) + "\n"


def schema_reply(body: Any) -> Scripted:
    if body.get("response_format"):
        return Scripted(200, body=completion_body(json.dumps(answer_from_schema(body))))
    return Scripted(200, body=completion_body("The council met and argued over the plan."))


def request_tokens(request: Recorded) -> int:
    """The request's size as the server counts it: its messages plus the reply it may write."""
    messages = request.body["messages"]
    return sum(estimate_tokens(str(m.get("content") or "")) for m in messages) + int(
        request.body["max_tokens"]
    )


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # this checkout's src first: the venv's editable install may point at another checkout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTSUM_", "OPENAI_"))}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))  # fmt: skip
    return subprocess.run([sys.executable, "-m", "factsum", *args], env=env, capture_output=True,
                          text=True, timeout=600, cwd=ROOT)  # fmt: skip


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    path = tmp_path / "LONG.txt"
    path.write_text(long_article(), encoding="utf-8")
    return path


def test_no_request_to_a_remote_model_is_larger_than_its_configured_context(
    server: LoopbackServer, long_file: Path, tmp_path: Path
) -> None:
    server.responder = schema_reply
    text = long_file.read_text(encoding="utf-8")
    assert len(text.split()) >= WORDS and estimate_tokens(text) > 10 * N_CTX
    out = tmp_path / "facts.json"
    proc = run_cli(tmp_path, "extract", str(long_file), "--model", "openai:x", "--base-url", server.base_url,
                   "--n-ctx", str(N_CTX), "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    sizes = [request_tokens(r) for r in server.requests]
    largest = max(sizes)
    largest_bytes = max(len(json.dumps(r.body["messages"]).encode()) for r in server.requests)
    largest_body = max(len(json.dumps(r.body).encode()) for r in server.requests)
    print(f"\n{len(sizes)} requests; largest {largest} tokens (messages {largest_bytes} bytes, whole "
          f"body {largest_body} bytes) of a {N_CTX}-token context; the article is {len(text.encode())} "
          "bytes")  # fmt: skip
    assert largest <= N_CTX
    assert len(server.requests) > 20  # chunked: before, one request carried the whole article
    result = json.loads(out.read_text(encoding="utf-8"))
    people = result["facts"]["people"]
    assert people and all(text[p["grounding"]["start"] : p["grounding"]["end"]] == p["name"] for p in people)


def test_a_long_summary_through_a_remote_model_is_map_reduced_within_the_context(
    server: LoopbackServer, long_file: Path, tmp_path: Path
) -> None:
    server.responder = schema_reply
    proc = run_cli(tmp_path, "summarize", str(long_file), "--prompt", "summary-facts", "--model", "openai:x",
                   "--base-url", server.base_url, "--n-ctx", str(N_CTX))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(server.requests) > 2 and max(request_tokens(r) for r in server.requests) <= N_CTX


def test_a_context_error_from_the_server_is_whole_and_names_the_remedy(server: LoopbackServer) -> None:
    from factsum.config import load_settings
    from factsum.errors import InputTooLongError
    from factsum.llm.registry import open_client

    detail = (
        "This model's maximum context length is 2048 tokens. However, you requested 9000 tokens "
        "(7976 in the messages, 1024 in the completion). Please reduce the length of the messages "
        "or completion, and mind that the tail of this message names the numbers: 2048 < 9000."
    )
    assert len(detail) > 200
    server.script(Scripted(400, body={"error": {"message": detail, "type": "invalid_request_error",
                                                "code": "context_length_exceeded"}}))  # fmt: skip
    settings = load_settings({"model": "openai:x", "base_url": server.base_url, "api_key": "k"}, environ={})
    client = open_client(settings)
    try:
        with pytest.raises(InputTooLongError) as excinfo:
            client.text([{"role": "user", "content": "hello"}], max_tokens=16)
    finally:
        client._raw_create.__self__.close()  # type: ignore[attr-defined]
    message = str(excinfo.value)
    assert detail in message and "--n-ctx" in message and "8192" in message
    assert excinfo.value.exit_code == 14
