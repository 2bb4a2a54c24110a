"""Shared fixtures: the Kim seed article, a scripted fake client, a loopback OpenAI server.

The helpers behind them live in the ``tests.support`` package; this file only declares fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.loopback import LoopbackServer
from tests.support.paths import KIM_PATH


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
