from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from factsum.errors import LabelsError
from factsum.evals.cases import EvalCase, Labels, load_cases


def write_case(directory: Path, case_id: str, labels: Any, text: str = "Article.") -> Path:
    """Write ``<id>.txt`` and ``<id>.labels.json``; a str ``labels`` is written verbatim."""
    (directory / f"{case_id}.txt").write_text(text, encoding="utf-8")
    path = directory / f"{case_id}.labels.json"
    path.write_text(labels if isinstance(labels, str) else json.dumps(labels), encoding="utf-8")
    return path


def load_error(directory: Path) -> str:
    with pytest.raises(LabelsError) as excinfo:
        load_cases(directory)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_loads_pairs_sorted_by_id_and_ignores_unlabelled_text(tmp_path: Path) -> None:
    write_case(tmp_path, "b-2", {"id": "b-2", "people": []}, text="Second\r\nline")
    write_case(tmp_path, "a-1", {"id": "a-1", "summary": "A summary."}, text="Zürich")
    (tmp_path / "notes.txt").write_text("no labels, not a case", encoding="utf-8")

    cases = load_cases(tmp_path)

    assert [c.id for c in cases] == ["a-1", "b-2"]
    assert cases[0].text == "Zürich"
    assert cases[1].text == "Second\r\nline"  # exactly the file, no newline translation
    assert cases[0].text_path == tmp_path / "a-1.txt"
    assert cases[0].labels_path == tmp_path / "a-1.labels.json"
    assert cases[0].labels.summary == "A summary."


def test_absent_field_is_none_and_empty_field_is_empty_list(tmp_path: Path) -> None:
    write_case(tmp_path, "x", {"id": "x", "people": [], "summary": "S.", "locations": None})

    labels = load_cases(tmp_path)[0].labels

    assert labels.people == []
    assert labels.organizations is None
    assert labels.locations is None  # explicit null reads as absent
    assert labels.scored_fields() == ["summary", "people"]


def test_full_item_shapes_validate() -> None:
    labels = Labels.model_validate(
        {
            "id": "kim-beijing-parade",
            "source": "AFP",
            "key_points": ["Kim attends"],
            "people": [{"name": "Kim Jong Un", "aliases": ["Kim"], "role": "leader"}],
            "organizations": [{"name": "KCNA"}],
            "locations": [{"name": "Beijing", "aliases": []}],
            "dates": [{"text": "January 2019", "iso": "2019-01"}, {"text": "Thursday"}],
            "quotes": [{"speaker": "Hong Lei", "text": "words"}, {"text": "unattributed"}],
            "numbers": [{"text": "eighty years", "value": 80, "unit": "years"}],
        }
    )
    assert labels.people is not None and labels.people[0].aliases == ["Kim"]
    assert labels.organizations is not None and labels.organizations[0].aliases == []
    assert labels.numbers is not None and labels.numbers[0].value == 80.0
    assert len(labels.scored_fields()) == 7


def test_eval_case_is_frozen(tmp_path: Path) -> None:
    write_case(tmp_path, "x", {"id": "x"})
    case: EvalCase = load_cases(tmp_path)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.id = "y"  # type: ignore[misc]


def test_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    message = load_error(missing)
    assert message.startswith(f"{missing}:")
    assert "not found" in message


def test_directory_without_labels_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    message = load_error(tmp_path)
    assert message.startswith(f"{tmp_path}:")
    assert "no *.labels.json files" in message


def test_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", '{\n  "id": "x",\n  "people": [,]\n}')
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: invalid JSON at line 3 column 14:")


def test_duplicate_json_key_is_rejected(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", '{"id": "x", "people": [], "people": []}')
    assert load_error(tmp_path) == f"{path}: invalid labels: duplicate key 'people'"


def test_validation_error_names_the_field_path(tmp_path: Path) -> None:
    people = [{"name": "A"}, {"name": "B"}, {"aliases": ["C"]}]
    path = write_case(tmp_path, "x", {"id": "x", "people": people})
    assert load_error(tmp_path) == f"{path}: invalid labels: people[2].name: Field required"


def test_unknown_item_key_is_rejected(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x", "locations": [{"nmae": "Beijing"}]})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: invalid labels: ")
    assert "locations[0].nmae: Extra inputs are not permitted" in message


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x", "peple": []})
    assert load_error(tmp_path) == f"{path}: invalid labels: peple: Extra inputs are not permitted"


def test_number_value_is_not_coerced_from_string(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x", "numbers": [{"text": "80", "value": "80"}]})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: invalid labels: numbers[0].value:")


@pytest.mark.parametrize("iso", ["2019-1", "19-01-01", "2019-13", "2019-02-30", "2019/01"])
def test_bad_iso_is_rejected(tmp_path: Path, iso: str) -> None:
    path = write_case(tmp_path, "x", {"id": "x", "dates": [{"text": "t", "iso": iso}]})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: invalid labels: dates[0].iso:")


def test_blank_name_is_rejected(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x", "organizations": [{"name": "  "}]})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: invalid labels: organizations[0].name:")


def test_many_errors_are_summarised_on_one_line(tmp_path: Path) -> None:
    write_case(tmp_path, "x", {"id": "x", "people": [{}, {}, {}, {}]})
    assert load_error(tmp_path).endswith("people[2].name: Field required; and 1 more")


def test_top_level_not_an_object(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", "[]")
    assert load_error(tmp_path).startswith(f"{path}: invalid labels: (top level): ")


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "y"})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: id 'y' does not match the file name")


def test_file_name_id_must_be_a_slug(tmp_path: Path) -> None:
    path = write_case(tmp_path, "Bad_Name", {"id": "Bad_Name"})
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: file id 'Bad_Name' is not a slug")


def test_missing_article(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x"})
    (tmp_path / "x.txt").unlink()
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: article x.txt is missing")


def test_article_not_utf8(tmp_path: Path) -> None:
    write_case(tmp_path, "x", {"id": "x"})
    article = tmp_path / "x.txt"
    article.write_bytes(b"caf\xe9")
    message = load_error(tmp_path)
    assert message.startswith(f"{article}: article is not UTF-8 (byte 0xe9 at offset 3)")


def test_labels_file_not_utf8(tmp_path: Path) -> None:
    path = write_case(tmp_path, "x", {"id": "x"})
    path.write_bytes(b'{"id": "x", "source": "caf\xe9"}')
    message = load_error(tmp_path)
    assert message.startswith(f"{path}: labels file is not UTF-8 (byte 0xe9 at offset 26)")
