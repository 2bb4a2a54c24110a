"""Claim-by-claim judgements of summaries (shared/JUDGING.md), committed as ``evals/judged/*.jsonl``.

A careful reader splits each summary into atomic claims and marks each SUPPORTED, UNSUPPORTED
or WRONG against its article; one JSON line per story. This module loads those files and
reports, per system, what JUDGING.md asks: the share of summaries with any unsupported or
wrong claim, errors per 100 claims, and lede coverage.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factsum.errors import LabelsError

__all__ = ["Judgement", "SystemJudgement", "load_judgements"]


class Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    summary_words: int = Field(ge=0)
    claims: int = Field(ge=0)
    unsupported: int = Field(ge=0)
    wrong: int = Field(ge=0)
    errors: list[str] = Field(default_factory=list)
    lede_covered: bool


class SystemJudgement(BaseModel):
    system: str
    stories: int
    claims: int
    unsupported: int
    wrong: int
    with_error: int
    lede_covered: int

    @property
    def errors_per_100_claims(self) -> float:
        return 100 * (self.unsupported + self.wrong) / self.claims if self.claims else 0.0

    @property
    def share_with_error(self) -> float:
        return self.with_error / self.stories if self.stories else 0.0


def load_judgements(path: Path) -> tuple[list[Judgement], SystemJudgement]:
    """``<system>.jsonl`` -> its lines and their totals; the system is the file's stem."""
    judged: list[Judgement] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise LabelsError(f"{path}: cannot read judgements: {error.strerror}", original=error) from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            judged.append(Judgement.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as error:
            raise LabelsError(f"{path}:{number}: not a judgement line ({error})".splitlines()[0]) from error
    total = SystemJudgement(
        system=path.stem,
        stories=len(judged),
        claims=sum(j.claims for j in judged),
        unsupported=sum(j.unsupported for j in judged),
        wrong=sum(j.wrong for j in judged),
        with_error=sum(bool(j.unsupported or j.wrong) for j in judged),
        lede_covered=sum(j.lede_covered for j in judged),
    )
    return judged, total


def proxy_faults(article: str, summary: str) -> list[str]:
    """What the automatic checks find wrong with a summary, without a reader.

    Structural and span checks only: a name or figure the article lacks; a sentence that no
    article sentence mostly says (unaligned); an extracted sentence that opens on a pronoun or
    connective ("He added") while the article sentence before it is not in the summary; a
    summary ending on a bare quotation, whose speaker is elsewhere.
    """
    from factsum.sentences import split_sentences

    # the summariser's own rules, reused so that each has one home
    from factsum.strategies.extract_summary import bare_quotation, leans_back
    from factsum.summarization import align_summary, check_faithfulness

    faults: list[str] = []
    faith = check_faithfulness(article, summary)
    faults += [f"not in the article: {x}" for x in faith.unsupported_names + faith.unsupported_numbers]
    aligned = align_summary(article, [summary])
    faults += [f"unaligned: {s.text[:40]}" for s in aligned if s.how == "unaligned"]
    article_sentences = split_sentences(article)
    used = {(src.start, src.end) for s in aligned for src in s.sources}
    for sentence in aligned:
        if not sentence.sources or not leans_back(sentence.text):
            continue
        before = [s for s in article_sentences if s.end <= sentence.sources[0].start]
        if before and (before[-1].start, before[-1].end) not in used:
            faults.append(f"lost antecedent: {sentence.text[:40]}")
    if aligned and bare_quotation(aligned[-1].text):
        faults.append("ends on a bare quotation")
    return faults
