"""Issue 12: ``result.facts`` is typed for mypy --strict, for the news schema and a custom one."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

import factsum
from factsum.llm.providers.fake import FakeChat, open_fake

CHECKED = Path(__file__).parent / "typing" / "typed_results.py"
ARTICLE = "OSLO: Nordbank bought Fjord Ltd from Anna Berg, the mayor of Oslo, for $2 million.\n"


def test_mypy_strict_accepts_typed_access_to_the_facts(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(
        ["--strict", "--cache-dir", str(tmp_path / "mypy"), "--no-error-summary", str(CHECKED)]
    )
    assert status == 0, out + err


def test_mypy_strict_rejects_a_wrong_facts_type(tmp_path: Path) -> None:
    """The check above can fail: the same file with one wrong expectation does not pass."""
    api = pytest.importorskip("mypy.api")
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        CHECKED.read_text(encoding="utf-8").replace(
            "assert_type(deal, MyDeal)", "assert_type(deal, NewsFacts)"
        ),
        encoding="utf-8",
    )
    out, _, status = api.run(["--strict", "--cache-dir", str(tmp_path / "mypy"), str(wrong)])
    assert status == 1 and "[assert-type]" in out


class Deal(BaseModel):
    buyer: str
    seller: str


def test_a_custom_schema_result_is_an_instance_of_that_schema() -> None:
    chat = FakeChat().enqueue({"buyer": "Nordbank", "seller": "Fjord Ltd"})
    result = factsum.extract(ARTICLE, schema=Deal, prompt="extract-single", client=open_fake(chat))
    assert isinstance(result.facts, Deal)
    assert (result.facts.buyer, result.facts.seller) == ("Nordbank", "Fjord Ltd")
    # and it round-trips as the same type
    again = factsum.ExtractionResult[Deal].model_validate_json(result.model_dump_json())
    assert again.facts == result.facts


def test_the_news_result_is_typed_news_facts() -> None:
    chat = FakeChat().enqueue({"people": [{"name": "Anna Berg", "role": "the mayor of Oslo"}]})
    result = factsum.extract(ARTICLE, prompt="extract-single", client=open_fake(chat))
    assert isinstance(result.facts, factsum.NewsFacts)
    assert result.facts.people[0].name == "Anna Berg"
    assert factsum.ExtractionResult.model_validate_json(result.model_dump_json()).facts == result.facts
