"""Wall time of factsum calls against raw llama.cpp speed for the same tokens, in one run.

Prints, for the seed article and the default embedded model:
  - raw prompt-processing and generation speed (tokens/s), measured here, now;
  - per factsum call (extract, summarize): wall time, prompt and output tokens, and
    wall / (prompt_tokens / pp_speed + output_tokens / gen_speed);
  - peak resident memory of the process.
Figures are printed, never asserted: they depend on the machine.

    python bench/bench_extract.py [--model local:qwen2.5-coder-1.5b] [--article PATH]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from factsum import extract, load_settings, summarize
from factsum.api import local_model_file, open_client

SEED = Path(__file__).parents[1] / "seeds" / "kim-beijing-parade.txt"


def raw_speeds(llama: object, text: str, gen_tokens: int = 96) -> tuple[float, float]:
    """Prompt tokens/s over the article, generation tokens/s for unconstrained greedy decoding."""
    tokens = llama.tokenize(text.encode("utf-8"), add_bos=True, special=False)  # type: ignore[attr-defined]
    llama.reset()  # type: ignore[attr-defined]
    started = time.perf_counter()
    llama.eval(tokens)  # type: ignore[attr-defined]
    pp = len(tokens) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(gen_tokens):
        token = llama.sample(temp=0.0)  # type: ignore[attr-defined]
        llama.eval([token])  # type: ignore[attr-defined]
    gen = gen_tokens / (time.perf_counter() - started)
    llama.reset()  # type: ignore[attr-defined]
    return pp, gen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="local:qwen2.5-coder-1.5b")
    parser.add_argument("--article", type=Path, default=SEED)
    args = parser.parse_args()
    text = args.article.read_text(encoding="utf-8")
    settings = load_settings({"model": args.model})
    client = open_client(settings)
    from llama_cpp import Llama  # the same weights, loaded apart, for raw llama.cpp timing

    path, _ = local_model_file(settings)
    llama = Llama(str(path), n_ctx=settings.n_ctx, n_threads=settings.n_threads, verbose=False)
    pp, gen = raw_speeds(llama, text)
    print(f"model {args.model}  article {args.article.name}  ({client.count_tokens(text)} tokens)")
    print(f"raw llama.cpp: prompt {pp:.1f} tok/s, generation {gen:.1f} tok/s")
    rows = []
    for label, call in (
        ("extract (focused)", lambda: extract(text, settings=settings, client=client)),
        (
            "extract (single)",
            lambda: extract(text, settings=settings, client=client, prompt="extract-single"),
        ),
        (
            "summarize summary-facts (written)",
            lambda: summarize(text, settings=settings, client=client, prompt="summary-facts"),
        ),
        ("summarize summary-extract (default)", lambda: summarize(text, settings=settings, client=client)),
    ):
        started = time.perf_counter()
        result = call()
        wall = time.perf_counter() - started
        usage = result.run.usage
        raw = usage.prompt_tokens / pp + usage.completion_tokens / gen
        rows.append((label, wall, usage.calls, usage.prompt_tokens, usage.completion_tokens, raw, wall / raw))
    print(f"{'call':<20}{'wall s':>8}{'calls':>7}{'prompt':>8}{'output':>8}{'raw s':>8}{'ratio':>7}")
    for label, wall, calls, prompt_tokens, output_tokens, raw, ratio in rows:
        print(
            f"{label:<20}{wall:>8.1f}{calls:>7}{prompt_tokens:>8}{output_tokens:>8}{raw:>8.1f}{ratio:>7.2f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
