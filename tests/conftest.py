"""Shared fixtures: the Kim seed article, a scripted fake client, a loopback OpenAI server."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so "tests.fixtures_schema:Thing" imports
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
KIM_PATH = SEEDS / "kim-beijing-parade.txt"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's keys, FACTSUM_* settings or ~/.config/factsum."""
    import os

    for name in list(os.environ):
        if name.startswith(("FACTSUM_", "OPENAI_")):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))  # the call log


@pytest.fixture
def chromium() -> str:
    """The chromium binary for tests marked ``browser``; a skip without it, a failure under CI."""
    import os
    import shutil

    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI=true but chromium is not installed: apt-get update && apt-get install -y chromium"
            )
        pytest.skip("chromium is not installed (apt-get update && apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def kim_text() -> str:
    return KIM_PATH.read_text(encoding="utf-8")


@pytest.fixture
def fake() -> Any:
    """``(chat, client)``: enqueue replies on ``chat``, pass ``client`` to the pipelines."""
    from factsum.llm.providers.fake import FakeChat, open_fake

    chat = FakeChat()
    return chat, open_fake(chat)


def completion_body(content: str, *, prompt_tokens: int = 7, completion_tokens: int = 3) -> dict[str, Any]:
    """An OpenAI chat.completion response carrying ``content``."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "test-model",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@dataclass
class Scripted:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # dict -> JSON, str/bytes verbatim
    delay: float = 0.0


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any
    at: float


class LoopbackServer:
    """An OpenAI-wire-format server on 127.0.0.1 that plays a scripted queue of responses."""

    def __init__(self) -> None:
        self.queue: deque[Scripted] = deque()
        self.requests: list[Recorded] = []
        # answers a request when the queue is empty (a long article's many calls)
        self.responder: Callable[[Any], Scripted] | None = None
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw
                with server._lock:
                    server.requests.append(
                        Recorded(
                            self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic()
                        )
                    )
                    if server.queue:
                        item = server.queue.popleft()
                    elif server.responder is not None:
                        item = server.responder(body)
                    else:
                        item = Scripted(599, body={"error": {"message": "no scripted response"}})
                if self.path != "/v1/chat/completions":
                    item = Scripted(404, body={"error": {"message": f"no route {self.path}"}})
                if item.delay:
                    time.sleep(item.delay)
                payload = item.body
                if isinstance(payload, dict | list):
                    data = json.dumps(payload).encode()
                elif isinstance(payload, str):
                    data = payload.encode()
                else:
                    data = payload or b""
                try:
                    self.send_response(item.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in item.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout tests)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def script(self, *items: Scripted) -> LoopbackServer:
        self.queue.extend(items)
        return self

    def ok(self, content: str) -> Scripted:
        return Scripted(200, body=completion_body(content))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound, then closed."""
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return int(port)
