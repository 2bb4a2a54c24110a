from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from factsum.errors import SchemaError
from factsum.schema_loader import load_schema
from factsum.schemas import NewsFacts


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            names.update(node["properties"])
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_news_schema_hides_grounding() -> None:
    schema = NewsFacts.model_json_schema()
    names = _property_names(schema)
    assert "grounding" not in names
    assert {"people", "quotes", "name", "text", "iso", "value", "speaker"} <= names
    assert "Grounding" not in schema.get("$defs", {})
    assert "grounding" not in json.dumps(schema).lower()


def test_load_news() -> None:
    for spec in (None, "news"):
        loaded = load_schema(spec)
        assert (loaded.name, loaded.model, loaded.is_news) == ("news", NewsFacts, True)
        assert re.fullmatch(r"[0-9a-f]{12}", loaded.id)
    assert load_schema("news").id == load_schema(None).id


def test_load_from_import() -> None:
    from tests.fixtures_schema import Thing

    loaded = load_schema("tests.fixtures_schema:Thing")
    assert (loaded.name, loaded.model, loaded.is_news) == ("tests.fixtures_schema:Thing", Thing, False)
    assert loaded.id != load_schema("news").id
    assert load_schema(Thing).name == "Thing"


JSON_SCHEMA = {
    "type": "object",
    "title": "Event report",
    "properties": {
        "headline": {"type": "string", "description": "the headline"},
        "severity": {"enum": ["low", "high"]},
        "casualties": {"type": ["integer", "null"]},
        "location": {"$ref": "#/$defs/Place"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "people": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "age": {"type": "number"}},
                "required": ["name"],
            },
        },
    },
    "required": ["headline", "severity"],
    "$defs": {
        "Place": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "ok": {"type": "boolean"}},
            "required": ["city"],
        },
    },
}


def test_json_schema_file(tmp_path: Path) -> None:
    path = tmp_path / "event-report.json"
    path.write_text(json.dumps(JSON_SCHEMA), encoding="utf-8")
    loaded = load_schema(str(path))
    assert loaded.name == "event-report.json"
    assert loaded.is_news is False
    sample = {
        "headline": "Quake hits city",
        "severity": "high",
        "casualties": None,
        "location": {"city": "Quito", "ok": True},
        "tags": ["quake"],
        "people": [{"name": "Ana", "age": 31}, {"name": "Luis"}],
    }
    obj = loaded.model.model_validate(sample)
    dumped = obj.model_dump()
    assert dumped["location"] == {"city": "Quito", "ok": True}
    assert dumped["people"] == [{"name": "Ana", "age": 31.0}, {"name": "Luis", "age": None}]
    assert loaded.model.model_validate({"headline": "h", "severity": "low"}).model_dump()["tags"] is None
    for bad in (
        {**sample, "severity": "medium"},  # enum
        {**sample, "location": {"ok": True}},  # nested required
        {**sample, "extra": 1},  # extra forbidden
        {"severity": "low"},  # required
        {**sample, "people": [{"age": 3}]},
    ):
        with pytest.raises(ValidationError):
            loaded.model.model_validate(bad)


def _schema_error(spec: str) -> str:
    with pytest.raises(SchemaError) as excinfo:
        load_schema(spec)
    assert excinfo.value.exit_code == 21
    return str(excinfo.value)


def test_bad_specs(tmp_path: Path) -> None:
    assert "cannot import 'no_such_module_xyz'" in _schema_error("no_such_module_xyz:Thing")
    assert "'NOT_A_MODEL' is not a pydantic model class" in _schema_error("tests.fixtures_schema:NOT_A_MODEL")
    assert "'Missing' is not a pydantic model class" in _schema_error("tests.fixtures_schema:Missing")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in _schema_error(str(bad_json))
    array_top = tmp_path / "list.json"
    array_top.write_text("[1, 2]", encoding="utf-8")
    assert 'the top level must be a JSON Schema with "type": "object"' in _schema_error(str(array_top))
    string_top = tmp_path / "str.json"
    string_top.write_text('{"type": "string"}', encoding="utf-8")
    assert "top level must be" in _schema_error(str(string_top))
    assert "file not found" in _schema_error(str(tmp_path / "absent.json"))
    assert "expected 'news'" in _schema_error("newsy")


def test_bad_json_schema_contents(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"type": "object", "properties": {"a": {"$ref": "#/$defs/Nope"}}}), encoding="utf-8"
    )
    assert "unresolved $ref '#/$defs/Nope'" in _schema_error(str(path))
    path.write_text(
        json.dumps({"type": "object", "properties": {"bad-key": {"type": "string"}}}), encoding="utf-8"
    )
    assert "property name 'bad-key' is not an identifier" in _schema_error(str(path))
    path.write_text(json.dumps({"type": "object", "properties": {}}), encoding="utf-8")
    assert "has no properties" in _schema_error(str(path))


# issue 11, case 5: a broken schema is one SchemaError line (exit 21), never a traceback


def test_schema_module_with_a_syntax_error_or_raising_at_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken_syntax_w11.py").write_text("class Thing(BaseModel:\n    x: int\n", encoding="utf-8")
    (tmp_path / "raises_w11.py").write_text(
        "raise RuntimeError('no config for\\nthis schema')\n", encoding="utf-8"
    )
    message = _schema_error("broken_syntax_w11:Thing")
    assert "broken_syntax_w11.py:1: syntax error" in message and "\n" not in message
    message = _schema_error("raises_w11:Thing")
    assert "importing 'raises_w11' raised RuntimeError: no config for this schema" in message


def test_schema_module_in_the_current_directory_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``factsum`` script has no cwd on sys.path (``python -m`` has): look there too."""
    import sys

    (tmp_path / "cwd_schema_w11.py").write_text(
        "from pydantic import BaseModel\n\nclass Deal(BaseModel):\n    buyer: str\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    loaded = load_schema("cwd_schema_w11:Deal")
    assert loaded.name == "cwd_schema_w11:Deal" and list(loaded.model.model_fields) == ["buyer"]
    assert str(tmp_path) not in sys.path  # only for the import
    assert "current directory and on PYTHONPATH" in _schema_error("absent_module_w11:Deal")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"properties": {"kind": {"enum": []}}}, '"enum" must be a non-empty list'),
        ({"properties": {"kind": {"enum": [["a"]]}}}, '"enum" values must be strings'),
        ({"$defs": [], "properties": {"a": {"type": "string"}}}, '"$defs" must be an object'),
        ({"properties": {"buyer": {"type": "string"}}, "required": "buyer"}, '"required" must be a list'),
        ({"properties": {"buyer": {"type": "string"}}, "required": ["seller"]}, "'seller', which is not"),
    ],
)
def test_malformed_json_schema_is_a_schema_error(
    tmp_path: Path, schema: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "deal.json"
    path.write_text(json.dumps({"type": "object", **schema}), encoding="utf-8")
    assert expected in _schema_error(str(path))
