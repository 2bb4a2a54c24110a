"""Resolve ``--schema``: the built-in news schema, ``package.module:Class`` or a JSON Schema file.

A JSON Schema file is turned into a pydantic model (objects, arrays, strings, numbers,
integers, booleans, enums, nullable types, local ``$ref``), so it goes through the same
constrained decoding and validation as a Python schema.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from factsum.errors import SchemaError
from factsum.schemas.news import NewsFacts

NEWS = "news"


@dataclass(frozen=True)
class SchemaSpec:
    name: str
    model: type[BaseModel]

    @property
    def id(self) -> str:
        blob = json.dumps(self.model.model_json_schema(), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @property
    def is_news(self) -> bool:
        return self.model is NewsFacts


def load_schema(spec: str | type[BaseModel] | None) -> SchemaSpec:
    if spec is None or spec == NEWS:
        return SchemaSpec(NEWS, NewsFacts)
    if isinstance(spec, type):
        return SchemaSpec(spec.__name__, spec)
    if spec.endswith(".json"):
        return _from_json_file(Path(spec))
    if ":" in spec:
        return _from_import(spec)
    raise SchemaError(f"--schema {spec!r}: expected 'news', package.module:Class or a .json JSON Schema file")


def _from_import(spec: str) -> SchemaSpec:
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise SchemaError(f"--schema {spec!r}: cannot import {module_name!r} ({error})") from error
    model = getattr(module, attribute, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaError(f"--schema {spec!r}: {attribute!r} is not a pydantic model class in {module_name}")
    return SchemaSpec(f"{module_name}:{attribute}", model)


def _from_json_file(path: Path) -> SchemaSpec:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SchemaError(f"--schema {path}: file not found") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SchemaError(f"--schema {path}: not valid JSON ({error})") from error
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise SchemaError(f'--schema {path}: the top level must be a JSON Schema with "type": "object"')
    builder = _ModelBuilder(schema, path)
    return SchemaSpec(path.name, builder.model(schema, schema.get("title") or _title(path.stem)))


def _title(stem: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", stem) if part) or "Custom"


class _ModelBuilder:
    _SCALARS: ClassVar[dict[str, Any]] = {"string": str, "number": float, "integer": int, "boolean": bool}

    def __init__(self, root: dict[str, Any], path: Path) -> None:
        self._defs = {**root.get("definitions", {}), **root.get("$defs", {})}
        self._path = path
        self._built: dict[str, type[BaseModel]] = {}

    def model(self, schema: dict[str, Any], name: str) -> type[BaseModel]:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            raise SchemaError(f"--schema {self._path}: object {name!r} has no properties")
        required = set(schema.get("required", []))
        fields: dict[str, Any] = {}
        for key, sub in properties.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                raise SchemaError(f"--schema {self._path}: property name {key!r} is not an identifier")
            annotation = self.annotation(sub, f"{name}_{key}")
            description = sub.get("description") if isinstance(sub, dict) else None
            if key in required:
                fields[key] = (annotation, Field(..., description=description))
            else:
                fields[key] = (Optional[annotation], Field(None, description=description))  # noqa: UP045
        return create_model(_title(name), __config__=ConfigDict(extra="forbid"), **fields)

    def annotation(self, schema: Any, name: str) -> Any:
        if not isinstance(schema, dict):
            raise SchemaError(f"--schema {self._path}: {name} is not a schema object")
        if "$ref" in schema:
            ref = schema["$ref"].rsplit("/", 1)[-1]
            if ref not in self._defs:
                raise SchemaError(f"--schema {self._path}: unresolved $ref {schema['$ref']!r}")
            if ref not in self._built:
                self._built[ref] = self.annotation(self._defs[ref], ref)
            return self._built[ref]
        if "enum" in schema:
            return Literal[tuple(schema["enum"])]
        kind = schema.get("type")
        if isinstance(kind, list):
            non_null = [k for k in kind if k != "null"]
            if len(non_null) != 1:
                raise SchemaError(f"--schema {self._path}: {name}: only one non-null type is supported")
            inner = self.annotation({**schema, "type": non_null[0]}, name)
            return Optional[inner] if "null" in kind else inner  # noqa: UP045
        if kind in self._SCALARS:
            return self._SCALARS[kind]
        if kind == "array":
            return list[self.annotation(schema.get("items", {"type": "string"}), f"{name}_item")]  # type: ignore[misc]
        if kind == "object":
            return self.model(schema, name)
        raise SchemaError(f"--schema {self._path}: {name}: unsupported type {kind!r}")
