"""Batch throughput against a real OpenAI-compatible server, next to that server's own ceiling.

Talks to a server you start (bench uses factsum's public API only), e.g. the 0.5B model::

    python -m llama_cpp.server --n_ctx 4096 --n_threads 2 --model "$(python -c \
        'from factsum import load_settings; from factsum.api import local_model_file; \
        print(local_model_file(load_settings({"model": "local:qwen2.5-coder-0.5b"}))[0])')"

then prints:
  - the server's ceiling, through the OpenAI API: prompt tokens/s from one long prompt
    (max_tokens=1) and generation tokens/s from one long completion, from ``usage`` and
    wall time;
  - for ``summarize`` over N seed articles with ``run_batch`` at each concurrency: documents/s,
    tokens/s, and efficiency = (prompt/pp + output/gen) / wall, i.e. the share of wall time
    the server's raw speed accounts for.
The llama.cpp server runs one request at a time, so concurrency can only hide client-side
time (HTTP, prompt rendering, faithfulness checks), not add model throughput. The server
also reuses its KV cache for the prefix a request shares with the previous one (the prompt
template), so ``usage.prompt_tokens`` overstates the tokens it evaluates and efficiency can
exceed 1.00; on a loaded machine the ceiling probes are noisy too.
Figures are printed, never asserted: they depend on the machine and its load.

    python bench/bench_batch.py --base-url http://127.0.0.1:8000/v1 [-n 6] [--concurrency 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import openai

from factsum import load_settings
from factsum.api import open_client, summarize
from factsum.batch import make_worker, run_batch, thread_local
from factsum.documents import BatchItem

ROOT = Path(__file__).resolve().parents[1]

SEEDS = ROOT / "seeds"
LONG = SEEDS / "long-feature-water-crisis.txt"
STORY = "Write a long, detailed story about a lighthouse keeper. Keep going; do not stop early."


def ceiling(base_url: str, *, long_words: int, gen_tokens: int) -> tuple[float, float, dict[str, Any]]:
    """(prompt tok/s, generation tok/s, details) measured through the OpenAI API."""
    client = openai.OpenAI(base_url=base_url, api_key="x", max_retries=0, timeout=600)
    try:
        client.chat.completions.create(  # warm-up: first-request costs out of the figures
            model="x", messages=[{"role": "user", "content": "Say hi."}], max_tokens=4, temperature=0
        )
        article = " ".join(LONG.read_text(encoding="utf-8").split()[:long_words])
        started = time.perf_counter()
        reply = client.chat.completions.create(
            model="x",
            messages=[{"role": "user", "content": f"{article}\n\nOne word: the topic?"}],
            max_tokens=1,
            temperature=0,
        )
        pp_wall = time.perf_counter() - started
        prompt_tokens = reply.usage.prompt_tokens if reply.usage else 0
        pp = prompt_tokens / pp_wall
        started = time.perf_counter()
        reply = client.chat.completions.create(
            model="x",
            messages=[{"role": "user", "content": STORY}],
            max_tokens=gen_tokens,
            temperature=0,
        )
        gen_wall = time.perf_counter() - started
        usage = reply.usage
        out_tokens = usage.completion_tokens if usage else 0
        in_tokens = usage.prompt_tokens if usage else 0
        gen = out_tokens / max(gen_wall - in_tokens / pp, 1e-6)
    finally:
        client.close()
    details = {
        "pp_tokens": prompt_tokens, "pp_wall": pp_wall, "gen_tokens": out_tokens, "gen_wall": gen_wall,
    }  # fmt: skip
    return pp, gen, details


def run_level(
    items: list[BatchItem], base_url: str, concurrency: int, workdir: Path
) -> tuple[float, int, int, int, int]:
    """(wall s, ok, failed, prompt tokens, output tokens) for one batch run."""
    settings = load_settings({"model": "openai:qwen", "base_url": base_url, "api_key": "x"})
    client = thread_local(lambda: open_client(settings))
    worker = make_worker(
        lambda article: summarize(article.text, settings=settings, client=client(), prompt="summary-facts")
    )

    output = workdir / f"batch-c{concurrency}.jsonl"
    started = time.perf_counter()
    summary = run_batch(items, worker, output, concurrency=concurrency)
    wall = time.perf_counter() - started
    prompt_tokens = output_tokens = 0
    for line in output.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["status"] == "ok":
            usage = record["result"]["run"]["usage"]
            prompt_tokens += usage["prompt_tokens"]
            output_tokens += usage["completion_tokens"]
    return wall, summary.ok, summary.failed, prompt_tokens, output_tokens


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=6, help="seed articles in the batch")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--base-url", required=True, help="a running OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"
    )
    parser.add_argument("--gen-tokens", type=int, default=256)
    parser.add_argument("--long-words", type=int, default=1200, help="words in the prompt-speed probe")
    args = parser.parse_args()

    seeds = sorted(p for p in SEEDS.glob("*.txt") if p != LONG)[: args.n]
    items = [BatchItem(p.stem, str(p), None) for p in seeds]
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        pp, gen, d = ceiling(args.base_url, long_words=args.long_words, gen_tokens=args.gen_tokens)
        print(f"server {args.base_url}")
        print(f"ceiling: prompt {pp:.0f} tok/s ({d['pp_tokens']} tok in {d['pp_wall']:.1f}s), "
              f"generation {gen:.1f} tok/s ({d['gen_tokens']} tok in {d['gen_wall']:.1f}s)")  # fmt: skip
        print(f"batch: summarize (short) over {len(items)} seed articles")
        header = f"{'conc':>4}{'ok':>4}{'fail':>5}{'wall s':>8}{'docs/s':>8}{'prompt':>8}{'output':>8}"
        print(header + f"{'tok/s':>8}{'out tok/s':>10}{'out/gen':>8}{'effic.':>8}")
        for concurrency in args.concurrency:
            wall, ok, failed, p_tok, o_tok = run_level(items, args.base_url, concurrency, workdir)
            raw = p_tok / pp + o_tok / gen
            print(
                f"{concurrency:>4}{ok:>4}{failed:>5}{wall:>8.1f}{ok / wall:>8.2f}{p_tok:>8}{o_tok:>8}"
                f"{(p_tok + o_tok) / wall:>8.0f}{o_tok / wall:>10.1f}{o_tok / wall / gen:>8.2f}"
                f"{raw / wall:>8.2f}"
            )
    print("tok/s = (prompt + output) / wall; out/gen = output tok/s over the generation ceiling;")
    print("effic. = (prompt/pp_ceiling + output/gen_ceiling) / wall (1.00 = the server never idles)")


if __name__ == "__main__":
    main()
