"""The summary pipeline: the article's own sentences (``extract``) or one free-text call, a hard
word cap, a faithfulness check, and each summary sentence's sources in the article."""

from __future__ import annotations

import re
import time

from factsum.candidates import find_names, find_numbers
from factsum.chunking import chunk_text
from factsum.errors import PromptError
from factsum.llm.base import LLMClient, check_fits, prompt_overhead_tokens
from factsum.prompts import Prompt
from factsum.schema_loader import SchemaSpec
from factsum.schemas.article import ArticleMetadata
from factsum.schemas.results import Faithfulness, SourceSpan, SummaryResult, SummarySentence
from factsum.schemas.summary import Summary
from factsum.sentences import Sentence, content_words, split_sentences
from factsum.stamping import stamp
from factsum.strategies.compress import compress_key_sentences
from factsum.strategies.extract_summary import headline_of, select_sentences
from factsum.text import normalize_text

STYLES = ("headline", "short", "bullets", "paragraph")
DEFAULT_MAX_WORDS = {"headline": 16, "short": 45, "bullets": 90, "paragraph": 90}
MAP_WORDS = 120  # words kept per chunk in the map step of a long article
_BULLET = re.compile(r"^\s*(?:[-*•‣]|\d+[.)])\s+")


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
    sentences: list[SummarySentence] | None = None
    if prompt.strategy == "extract":
        body, bullets, sentences = _extracted(text, client, prompt, style, cap)
    elif prompt.strategy == "compress":
        body, bullets = _compressed(text, client, prompt, style, instruction, cap)
    else:
        material = _reduce_to_fit(text, client, prompt, instruction, cap)
        messages = prompt.render(
            "summary", article=material, style_instruction=instruction, max_words=str(cap)
        )
        # ~1.6 tokens per English word plus slack for bullets and markup
        body, bullets = _shape(client.text(messages, max_tokens=int(cap * 2) + 32), style, cap)
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
        text=body,
        bullets=bullets,
        sentences=sentences if sentences is not None else align_summary(text, bullets or [body]),
        word_count=count_words(body),
        max_words=cap,
        faithfulness=check_faithfulness(text, body, headline=style == "headline"),
        source=source,
        run=run,
    )


def _extracted(
    text: str, client: LLMClient, prompt: Prompt, style: str, cap: int
) -> tuple[str, list[str], list[SummarySentence]]:
    chosen = select_sentences(text, client, prompt, cap=cap)
    if not chosen:
        return "", [], []
    if style == "headline":
        lede = chosen[0]
        headline, length = headline_of(lede, cap)
        span = SourceSpan(start=lede.start, end=lede.start + length)
        return headline, [], [SummarySentence(text=headline, sources=[span])]
    # a quotation may run over a paragraph break: the summary reads it as one line
    lines = [" ".join(s.text.split()) for s in chosen]
    parts = [
        SummarySentence(text=line, sources=[SourceSpan(start=s.start, end=s.end)])
        for line, s in zip(lines, chosen, strict=True)
    ]
    if style == "bullets":
        return "\n".join(f"- {line}" for line in lines), lines, parts
    return " ".join(lines), [], parts


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


def _compressed(
    text: str, client: LLMClient, prompt: Prompt, style: str, instruction: str, cap: int
) -> tuple[str, list[str]]:
    """Key sentences, each shortened by deletion only, kept in article order up to the cap."""
    shortened = compress_key_sentences(text, client, prompt, instruction=instruction, cap=cap)
    kept: list[str] = []
    for sentence in shortened:
        if count_words(" ".join([*kept, sentence])) > cap:
            break
        kept.append(sentence)
    if not kept and shortened:
        kept = [_truncate(shortened[0], cap)]
    if style == "headline":
        return (kept[0].rstrip(".") if kept else ""), []
    if style == "bullets":
        return "\n".join(f"- {b}" for b in kept), kept
    return " ".join(kept), []


def _reduce_to_fit(text: str, client: LLMClient, prompt: Prompt, instruction: str, cap: int) -> str:
    """Map-reduce for long articles: summarise each chunk, then summarise the summaries."""
    window = client.context_window
    if window is None:
        return text
    overhead = prompt_overhead_tokens(
        client, prompt, "summary", style_instruction=instruction, max_words=str(cap)
    )
    if client.count_tokens(text) + overhead + MAP_WORDS * 2 <= window:
        return text
    partials: list[str] = []
    map_instruction = prompt.spec.styles.get("paragraph", "Write one paragraph.").replace(
        "{max_words}", str(MAP_WORDS)
    )
    map_overhead = prompt_overhead_tokens(
        client, prompt, "summary", style_instruction=map_instruction, max_words=str(MAP_WORDS)
    )
    budget = window - map_overhead - MAP_WORDS * 2
    for chunk in chunk_text(text, max_tokens=budget, count_tokens=client.count_tokens):
        messages = prompt.render(
            "summary", article=chunk.of(text), style_instruction=map_instruction, max_words=str(MAP_WORDS)
        )
        partials.append(
            _truncate(" ".join(client.text(messages, max_tokens=MAP_WORDS * 2).split()), MAP_WORDS)
        )
    combined = "\n\n".join(partials)
    check_fits(combined, client)
    return combined


def count_words(text: str) -> int:
    return len([w for w in re.split(r"\s+", _BULLET.sub("", text)) if re.search(r"\w", w)])


def _shape(raw: str, style: str, cap: int) -> tuple[str, list[str]]:
    cleaned = raw.strip().strip('"').replace("**", "")
    cleaned = re.sub(r"^(?:summary|headline)\s*:\s*", "", cleaned, flags=re.I)
    if style == "bullets":
        lines = [_BULLET.sub("", line).strip() for line in cleaned.splitlines() if line.strip()]
        bullets: list[str] = []
        budget = cap
        for line in lines:
            if count_words(line) > budget:
                break  # a bullet is kept whole or not at all
            bullets.append(line)
            budget -= count_words(line)
        if not bullets and lines:
            bullets = [_whole_sentences(lines[0], cap)]
        return "\n".join(f"- {b}" for b in bullets), bullets
    if style == "headline":
        cleaned = cleaned.splitlines()[0].strip().rstrip(".") if cleaned else cleaned
        return _truncate(cleaned, cap), []
    return _whole_sentences(" ".join(cleaned.split()), cap), []


def _whole_sentences(text: str, cap: int) -> str:
    """The leading sentences of ``text`` that fit in ``cap`` words, each kept whole; only a
    first sentence longer than the cap is cut (at a word, marked with an ellipsis)."""
    if count_words(text) <= cap:
        return text
    kept: list[str] = []
    for sentence in split_sentences(text):
        if count_words(" ".join([*kept, sentence.text])) > cap:
            break
        kept.append(sentence.text)
    return " ".join(kept) if kept else _truncate(text, cap)


def _truncate(text: str, cap: int) -> str:
    """At most ``cap`` words; cut at the last sentence end inside the cap when there is one."""
    words = text.split()
    if len(words) <= cap:
        return text
    clipped = " ".join(words[:cap])
    sentence_end = max(clipped.rfind(". "), clipped.rfind("! "), clipped.rfind("? "))
    if clipped.endswith((".", "!", "?")):
        return clipped
    if sentence_end > len(clipped) // 2:
        return clipped[: sentence_end + 1]
    return clipped.rstrip(",;:") + "…"


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
