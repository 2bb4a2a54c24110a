"""The summary pipeline: the prompt's strategy writes the summary (``factsum.strategies``: the
article's own sentences, shortened ones, or one free-text call) within a hard word cap; then
a faithfulness check, and each summary sentence's sources in the article."""

from __future__ import annotations

import re
import time

from factsum.candidates import find_names, find_numbers
from factsum.errors import PromptError
from factsum.llm.base import LLMClient
from factsum.prompts import Prompt
from factsum.schema_loader import SchemaSpec
from factsum.schemas.article import ArticleMetadata
from factsum.schemas.results import Faithfulness, SourceSpan, SummaryResult, SummarySentence
from factsum.schemas.summary import Summary
from factsum.sentences import Sentence, content_words, split_sentences
from factsum.stamping import stamp
from factsum.strategies.base import SummaryRequest
from factsum.strategies.shaping import count_words
from factsum.strategies.summarizers import get_summary_strategy
from factsum.text import normalize_text

STYLES = ("headline", "short", "bullets", "paragraph")
DEFAULT_MAX_WORDS = {"headline": 16, "short": 45, "bullets": 90, "paragraph": 90}


def run_summary(
    text: str,
    client: LLMClient,
    prompt: Prompt,
    *,
    style: str,
    max_words: int | None,
    settings_id: str,
    source: ArticleMetadata | None = None,
) -> SummaryResult:
    if style not in STYLES:
        raise PromptError(f"unknown --style {style!r}: choose one of {', '.join(STYLES)}")
    instruction = prompt.spec.styles.get(style)
    if instruction is None:
        raise PromptError(f"{prompt.path}: has no instruction for style {style!r} (add styles.{style})")
    cap = max_words or DEFAULT_MAX_WORDS[style]
    instruction = instruction.replace("{max_words}", str(cap))
    started, usage_before = time.perf_counter(), client.usage
    strategy = get_summary_strategy(prompt.strategy)
    draft = strategy(SummaryRequest(text, client, prompt, style, instruction, cap))
    sentences = draft.sentences
    if sentences is None:  # written, not taken from the article: find each line's sources
        sentences = align_summary(text, draft.bullets or [draft.text])
    run = stamp(
        text,
        model=client.name,
        prompt=prompt,
        schema=SchemaSpec("summary", Summary),
        settings_id=settings_id,
        usage=client.usage.minus(usage_before),
        seconds=time.perf_counter() - started,
    )
    return SummaryResult(
        style=style,
        text=draft.text,
        bullets=draft.bullets,
        sentences=draft.sentences
        if draft.sentences is not None
        else align_summary(text, draft.bullets or [draft.text]),
        word_count=count_words(draft.text),
        max_words=cap,
        faithfulness=check_faithfulness(text, draft.text, headline=style == "headline"),
        source=source,
        run=run,
    )


ALIGN_MIN_SHARE = 0.6  # of a summary sentence's content words found in its sources


def align_summary(article: str, pieces: list[str]) -> list[SummarySentence]:
    """Sources for written summary sentences: the article sentences sharing most of their words.

    Greedy: the best-sharing article sentence, then a second one if it adds at least a
    quarter of the words (a merged sentence has two sources). Below ALIGN_MIN_SHARE the
    sentence is ``unaligned``: no article sentence says most of it.
    """
    candidates = split_sentences(article)
    words = [set(content_words(s.text)) for s in candidates]
    out: list[SummarySentence] = []
    for piece in pieces:
        for sentence in split_sentences(piece) or []:
            wanted = set(content_words(sentence.text))
            sources: list[Sentence] = []
            covered: set[str] = set()
            for _ in range(2):
                gains = [(len((w & wanted) - covered), i) for i, w in enumerate(words)]
                gain, best = max(gains, default=(0, -1))
                if best < 0 or gain == 0 or (sources and gain < len(wanted) / 4):
                    break
                sources.append(candidates[best])
                covered |= words[best] & wanted
            share = len(covered) / len(wanted) if wanted else 0.0
            how = "aligned" if share >= ALIGN_MIN_SHARE else "unaligned"
            spans = [SourceSpan(start=s.start, end=s.end) for s in sorted(sources, key=lambda s: s.start)]
            out.append(SummarySentence(text=sentence.text, sources=spans, how=how))
    return out


def check_faithfulness(article: str, summary: str, *, headline: bool = False) -> Faithfulness:
    """Names and figures in the summary that the article does not contain (normalised).

    A headline is often in Title Case, so every capitalised run of it looks like one long
    name ("Kim Arrives In Beijing"): there a name counts as supported when each of its words
    is a word of the article, compared case-insensitively.
    """
    folded_article = normalize_text(article)
    article_words = set(re.findall(r"\w+", folded_article)) if headline else set()
    article_values = {round(n.value, 6) for n in find_numbers(article)}

    def supported(name: str) -> bool:
        folded = normalize_text(name)
        return folded in folded_article or (headline and set(re.findall(r"\w+", folded)) <= article_words)

    names = [c.name for c in find_names(summary) if not supported(c.name)]
    numbers = [
        n.text
        for n in find_numbers(summary)
        if round(n.value, 6) not in article_values and normalize_text(n.text) not in folded_article
    ]
    return Faithfulness(unsupported_names=names, unsupported_numbers=numbers)
