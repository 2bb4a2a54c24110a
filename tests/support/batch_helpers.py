"""Helpers for the batch tests: a killable batch child, a llama.cpp server, a proxy.

Run as a script it is the child of the kill tests::

    python tests/support/batch_helpers.py OUTPUT N DELAY CONCURRENCY

It runs ``run_batch`` over N in-memory documents whose worker sleeps DELAY seconds, and
exits 130 with a JSON summary on stdout when interrupted.

Why a proxy: factsum's remote provider asks for structured output with
``response_format={"type": "json_schema", ...}`` (instructor's JSON_SCHEMA mode), which
llama-cpp-python's server 0.3.36 rejects with HTTP 500 ("Input should be 'text' or
'json_object'"); and its ``json_object`` + ``schema`` form does not constrain schemas with
``$defs`` (see factsum.llm.providers.local). ``SchemaGrammarProxy`` sits in front of the
server and turns the ``json_schema`` request into the server's ``grammar`` field, the same
translation ``LocalChat`` does in-process. Remove it once factsum.llm.providers.remote
speaks to llama.cpp servers directly (tests/test_server_batch.py has a strict xfail that
starts passing then).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def small_model_path(environ: dict[str, str] | None = None) -> Path:
    """The verified 0.5B GGUF. Tests pass ``environ={}`` to use the real ~/.cache/factsum,
    not the per-test XDG_CACHE_HOME the autouse fixture sets (that would reassemble 0.5 GB)."""
    from factsum.config import load_settings
    from factsum.llm.providers.weights import EMBEDDED_MODELS, ensure_weights

    path: Path = ensure_weights(
        EMBEDDED_MODELS["qwen2.5-coder-0.5b"], load_settings(environ=environ).cache_dir
    )
    return path


class LlamaServer:
    """``python -m llama_cpp.server`` on a free loopback port; ``stop()`` terminates it."""

    def __init__(self, model: Path, *, n_ctx: int = 4096, n_threads: int = 2, log: Path | None = None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._log = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(self.port), "--n_ctx", str(n_ctx), "--n_threads", str(n_threads)],
            stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise TimeoutError(f"llama_cpp.server on port {self.port} not ready after {timeout:.0f}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if hasattr(self._log, "close"):
            self._log.close()


def translate(body: dict[str, Any]) -> dict[str, Any]:
    """``response_format: json_schema`` -> the llama.cpp server's ``grammar`` (GBNF)."""
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        from llama_cpp.llama_grammar import json_schema_to_gbnf

        schema = response_format["json_schema"]["schema"]
        body = {k: v for k, v in body.items() if k != "response_format"}
        body["grammar"] = json_schema_to_gbnf(json.dumps(schema))
    return body


def _child(output: str, count: int, delay: float, concurrency: int) -> int:
    from factsum.batch import BatchInterrupted, run_batch
    from factsum.documents import BatchItem

    items = [BatchItem(f"doc-{i:02d}", None, f"text {i}") for i in range(count)]

    def worker(item: BatchItem) -> dict[str, Any]:
        time.sleep(delay)
        return {"length": len(item.text or ""), "echo": item.text}

    try:
        summary = run_batch(items, worker, Path(output), concurrency=concurrency)
    except BatchInterrupted as interrupted:
        print(json.dumps({"interrupted": True, "ok": interrupted.summary.ok}), flush=True)
        return 130
    print(json.dumps({"interrupted": False, "ok": summary.ok}), flush=True)
    return 0


if __name__ == "__main__":
    # a shell starts background jobs with SIGINT ignored and children inherit that; the kill
    # tests send SIGINT on purpose, so this child always takes it as Ctrl-C
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(_child(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])))
