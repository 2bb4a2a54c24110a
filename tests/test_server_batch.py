"""A batch against a real OpenAI-compatible server: llama-cpp-python's, on the 0.5B model.

The server handles one request at a time; concurrency 2 must still give every document one
ok line. This server rejects ``json_schema`` response formats; the remote provider falls
back to ``json_object`` with the schema, which it does constrain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.batch_helpers import LlamaServer, small_model_path

from factsum.batch import run_batch, thread_local
from factsum.config import Settings, load_settings
from factsum.documents import BatchItem, load_item
from factsum.schemas.results import ExtractionResult, SummaryResult

pytestmark = pytest.mark.real_model

ARTICLES = {
    "oslo-tram": "OSLO: The city council voted 31 to 28 on Tuesday to fund a new tram line. "
    "Mayor Anna Berg said the 2 billion kroner project would open in 2027.\n",
    "lyon-floods": "LYON: Heavy rain flooded 40 streets on 12 May 2024. "
    "Prefect Marc Dubois ordered 300 residents to leave their homes near the Rhone.\n",
    "acme-profit": "Acme Corp reported a profit of 12 million dollars for the first quarter, "
    "up 8 percent, chief executive Lena Park told investors on Thursday.\n",
}


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    log = tmp_path_factory.mktemp("server") / "llama_server.log"
    server = LlamaServer(small_model_path(environ={}), n_ctx=4096, n_threads=2, log=log)
    try:
        server.wait_ready(timeout=120)
        yield server
    finally:
        server.stop()


def remote_settings(base_url: str, **extra: Any) -> Settings:
    return load_settings({"model": "openai:qwen", "base_url": base_url, "api_key": "x", **extra})


def test_batch_against_llama_server_at_concurrency_2(llama_server: LlamaServer, tmp_path: Path) -> None:
    from factsum.api import extract, summarize
    from factsum.llm.registry import open_client

    direct = remote_settings(llama_server.base_url)
    # one client per worker thread: usage stays per document and connections are reused
    direct_client = thread_local(lambda: open_client(direct))
    items = [BatchItem(f"summary:{name}", None, text) for name, text in ARTICLES.items()]
    items.append(BatchItem("extract:oslo-tram", None, ARTICLES["oslo-tram"]))

    def worker(item: BatchItem) -> dict[str, Any]:
        text = load_item(item).text
        result: ExtractionResult | SummaryResult
        if item.id.startswith("extract:"):
            result = extract(text, settings=direct, prompt="extract-focused", client=direct_client())
        else:
            # a written summary: the default (summary-extract) sends the server nothing
            result = summarize(
                text, settings=direct, prompt="summary-facts", style="short", client=direct_client()
            )
        dumped: dict[str, Any] = result.model_dump(mode="json")
        return dumped

    output = tmp_path / "out.jsonl"
    summary = run_batch(items, worker, output, concurrency=2)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(i.id for i in items)
    assert all(r["status"] == "ok" for r in records), [r.get("error") for r in records]
    assert (summary.ok, summary.failed) == (4, 0)
    for record in records:
        if record["id"].startswith("extract:"):
            facts = ExtractionResult.model_validate(record["result"])
            assert facts.run.model == "openai:qwen" and facts.run.usage.calls >= 1
            # the server answered: a model that says nothing generates no tokens
            assert facts.run.usage.completion_tokens > 0
        else:
            result = SummaryResult.model_validate(record["result"])
            assert result.text.strip() and result.word_count > 0
            assert result.run.usage.calls >= 1


def test_structured_output_is_constrained_by_the_real_server(llama_server: LlamaServer) -> None:
    """Through the fallback, the server's grammar holds: a nested schema on the first try."""
    from factsum.api import extract

    settings = remote_settings(llama_server.base_url, retries=0, max_reasks=0)
    result = extract(ARTICLES["oslo-tram"], settings=settings, prompt="extract-single", keep_ungrounded=True)
    assert result.run.usage.calls == 1 and result.run.usage.reasks == 0
    # one call fills every field, so a model answering nothing would leave the facts empty
    assert any(items for _, items in result.facts.fields())
