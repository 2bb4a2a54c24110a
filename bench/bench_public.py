"""Per-story time of the default summary and extraction on real news, in one run.

Reads the public dev sets built by ``make eval-data`` (evals/public/README.md) and prints, for
the first N stories of each, the median and quartiles of wall time per story, for every
summary prompt given and for the default extraction, plus the spaCy tagger's time on the same
stories. Figures are printed, never asserted: they depend on the machine and on its load.

    python bench/bench_public.py [--stories 20] [--model local:qwen2.5-coder-1.5b]
        [--summary-prompt summary-extract --summary-prompt summary-facts] [--no-extract]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from factsum import extract, summarize
from factsum.config import load_settings
from factsum.evals.cases import load_cases
from factsum.llm.registry import open_client

DATA = Path(__file__).parents[1] / "evals" / "public" / "data"


def timed(call: Callable[[str], object], texts: list[str]) -> list[float]:
    seconds = []
    for text in texts:
        started = time.perf_counter()
        call(text)
        seconds.append(time.perf_counter() - started)
    return seconds


def describe(label: str, seconds: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(seconds, n=4) if len(seconds) > 1 else (seconds * 3)
    return f"{label:34s} median {median:7.3f} s   quartiles {q1:7.3f} / {q3:7.3f} s   n={len(seconds)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--model", default="local:qwen2.5-coder-1.5b")
    parser.add_argument("--summary-prompt", action="append", default=None)
    parser.add_argument("--no-extract", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is missing: run `make eval-data` first (evals/public/README.md)")
    settings = load_settings({"model": args.model})
    client = open_client(settings)
    cnn = [c.text for c in load_cases(DATA / "cnn-dev")][: args.stories]
    labelled = [c.text for c in load_cases(DATA / "realnews-labelled")][: args.stories]
    print(f"model {args.model} · cnn-dev {len(cnn)} stories · realnews-labelled {len(labelled)} stories")
    for prompt in args.summary_prompt or ["summary-extract"]:
        seconds = timed(lambda t, p=prompt: summarize(t, settings=settings, client=client, prompt=p), cnn)
        print(describe(f"summarize {prompt} (cnn-dev)", seconds))
    if not args.no_extract:
        seconds = timed(lambda t: extract(t, settings=settings, client=client), labelled)
        print(describe("extract (realnews-labelled)", seconds))
    try:
        from factsum.evals import spacy_ner

        seconds = timed(spacy_ner.entities, labelled)
        print(describe("spaCy en_core_web_sm (realnews)", seconds))
    except Exception as error:  # the comparator is optional; say why it is missing
        print(f"spaCy row skipped: {error}")


if __name__ == "__main__":
    main()
