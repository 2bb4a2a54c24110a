"""Claim-level judgements load strictly and add up as JUDGING.md reports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factsum.errors import LabelsError
from factsum.evals.judged import load_judgements


def test_totals_per_system(tmp_path: Path) -> None:
    path = tmp_path / "summary-x.jsonl"

    def line(story: str, claims: int, unsupported: int, wrong: int, lede: bool) -> dict[str, object]:
        errors = ["explained"] * (unsupported + wrong)
        counts = {"claims": claims, "unsupported": unsupported, "wrong": wrong}
        return {"id": story, "summary_words": 50, **counts, "errors": errors, "lede_covered": lede}

    lines = [line("a", 6, 0, 1, True), line("b", 4, 1, 0, False), line("c", 10, 0, 0, True)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    judged, total = load_judgements(path)
    assert [j.id for j in judged] == ["a", "b", "c"] and total.system == "summary-x"
    assert (total.claims, total.unsupported, total.wrong, total.with_error, total.lede_covered) == (
        20,
        1,
        1,
        2,
        2,
    )
    assert total.errors_per_100_claims == pytest.approx(10.0)
    assert total.share_with_error == pytest.approx(2 / 3)


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "claims": -1}\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=r"s\.jsonl:1"):
        load_judgements(path)


ARTICLE = (
    "The mayor of Portmere opened the new pier on Monday after two years of works.\n\n"
    "Ana Ruiz, the mayor, thanked the builders in a short speech.\n\n"
    "She added that the pier cost 3 million euros.\n"
)


def test_the_proxy_flags_a_lost_antecedent_and_invented_figures() -> None:
    from factsum.evals.judged import proxy_faults

    assert (
        proxy_faults(ARTICLE, "The mayor of Portmere opened the new pier on Monday after two years of works.")
        == []
    )
    lost = proxy_faults(
        ARTICLE,
        "The mayor of Portmere opened the new pier on Monday. She added that the pier cost 3 million euros.",
    )
    assert any(f.startswith("lost antecedent") for f in lost)
    assert any(
        "9 million" in f for f in proxy_faults(ARTICLE, "The pier cost 9 million euros, the mayor said.")
    )
