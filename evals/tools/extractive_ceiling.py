"""How far an extractive summary can go on a labelled set: a greedy oracle that knows the
reference summary and key points picks the article sentences that raise ROUGE-L plus key-point
coverage most, within a word cap, scored with the eval's own metrics.

    python evals/tools/extractive_ceiling.py evals/public/data/cnn-dev 45 60 75 90

A ceiling, not a system: it reads the answers. It shows which summary targets any
sentence-extracting design could reach at a given length.
"""

from __future__ import annotations

import sys
from pathlib import Path

from factsum.evals.cases import load_cases
from factsum.evals.metrics import key_point_coverage, rouge_l
from factsum.sentences import Sentence, split_sentences

MIN_WORDS = 5  # shorter lines are captions and credits, not sentences a summary would take


def _joined(chosen: list[Sentence]) -> str:
    return " ".join(s.text for s in sorted(chosen, key=lambda s: s.start))


def ceiling(directory: Path, cap: int) -> tuple[float, float, int]:
    """Mean ROUGE-L and key-point coverage of the greedy oracle at ``cap`` words, and the count."""
    rouge = points = 0.0
    count = 0
    for case in load_cases(directory):
        reference, key_points = case.labels.summary, case.labels.key_points
        if not reference or not key_points:
            continue

        def gain(
            chosen: list[Sentence], reference: str = reference, key_points: list[str] = key_points
        ) -> float:
            text = _joined(chosen)
            return key_point_coverage(key_points, text).value + rouge_l(reference, text)

        sentences = [s for s in split_sentences(case.text) if s.words >= MIN_WORDS]
        chosen: list[Sentence] = []
        best, used = gain(chosen), 0
        while True:
            options = [
                (gain([*chosen, s]), s) for s in sentences if s not in chosen and used + s.words <= cap
            ]
            if not options:
                break
            score, sentence = max(options, key=lambda option: option[0])
            if score <= best:
                break
            chosen.append(sentence)
            best, used = score, used + sentence.words
        rouge += rouge_l(reference, _joined(chosen))
        points += key_point_coverage(key_points, _joined(chosen)).value
        count += 1
    return (rouge / count, points / count, count) if count else (0.0, 0.0, 0)


def main(argv: list[str]) -> None:
    directory, caps = Path(argv[0]), [int(c) for c in argv[1:]] or [90]
    for cap in caps:
        rouge, points, count = ceiling(directory, cap)
        print(f"cap {cap}: oracle extractive ROUGE-L {rouge:.3f}, key points {points:.3f} ({count} stories)")


if __name__ == "__main__":
    main(sys.argv[1:])
