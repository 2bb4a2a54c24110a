"""Resolve ``--schema``: the built-in news schema, ``package.module:Class`` or a JSON Schema file.

A JSON Schema file is turned into a pydantic model (objects, arrays, strings, numbers,
integers, booleans, enums, nullable types, local ``$ref``), so it goes through the same
constrained decoding and validation as a Python schema.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Generic, Literal, Optional, overload

from pydantic import BaseModel, ConfigDict, Field, create_model

from factsum.errors import SchemaError
from factsum.schemas.news import NewsFacts
from factsum.schemas.results import FactsT

NEWS = "news"


@dataclass(frozen=True)
class SchemaSpec(Generic[FactsT]):
    """A schema by name, and the pydantic model its results are instances of."""

    name: str
    model: type[FactsT]

    @property
    def id(self) -> str:
        blob = json.dumps(self.model.model_json_schema(), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @property
    def is_news(self) -> bool:
        return self.model is NewsFacts


@overload
def load_schema(spec: None = None) -> SchemaSpec[NewsFacts]: ...
@overload
def load_schema(spec: type[FactsT]) -> SchemaSpec[FactsT]: ...
@overload
def load_schema(spec: str | type[BaseModel] | None) -> SchemaSpec[BaseModel]: ...
def load_schema(spec: str | type[BaseModel] | None = None) -> SchemaSpec[Any]:
    """The news schema (``None`` or ``"news"``), a model class, ``module:Class`` or a .json file."""
    if spec is None or spec == NEWS or spec is NewsFacts:
        return SchemaSpec(NEWS, NewsFacts)
    if isinstance(spec, type):
        return SchemaSpec(spec.__name__, spec)
    if spec.endswith(".json"):
        return _from_json_file(Path(spec))
    if ":" in spec:
        return _from_import(spec)
    raise SchemaError(f"--schema {spec!r}: expected 'news', package.module:Class or a .json JSON Schema file")


def _from_import(spec: str) -> SchemaSpec[BaseModel]:
    module_name, _, attribute = spec.partition(":")
    module = _import(spec, module_name)
    model = getattr(module, attribute, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaError(f"--schema {spec!r}: {attribute!r} is not a pydantic model class in {module_name}")
    return SchemaSpec(f"{module_name}:{attribute}", model)


def _import(spec: str, module_name: str) -> ModuleType:
    """The module, also from the current directory (the ``factsum`` script does not search it).

    Whatever the module raises while it runs (a syntax error, any exception at import) is the
    schema's fault, not factsum's: one line naming the module and the error.
    """
    local = _in_current_directory(module_name)
    try:
        if local:
            with _on_path(Path.cwd()):
                return importlib.import_module(module_name)
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        hint = "" if local else "; factsum looks in the current directory and on PYTHONPATH"
        raise SchemaError(f"--schema {spec!r}: cannot import {module_name!r} ({error}{hint})") from error
    except SyntaxError as error:
        where = f"{error.filename}:{error.lineno}" if error.filename else module_name
        raise SchemaError(f"--schema {spec!r}: {where}: syntax error ({error.msg})") from error
    except Exception as error:  # the module's own code failed while it was imported
        detail = " ".join(str(error).split())[:300]
        raise SchemaError(
            f"--schema {spec!r}: importing {module_name!r} raised {type(error).__name__}"
            + (f": {detail}" if detail else "")
        ) from error


def _in_current_directory(module_name: str) -> bool:
    parts = module_name.split(".")
    if not all(part.isidentifier() for part in parts):
        return False
    base = Path.cwd().joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


@contextlib.contextmanager
def _on_path(directory: Path) -> Iterator[None]:
    entry = str(directory)
    added = entry not in sys.path
    if added:
        sys.path.insert(0, entry)
    try:
        yield
    finally:
        if added and entry in sys.path:
            sys.path.remove(entry)


def _from_json_file(path: Path) -> SchemaSpec[BaseModel]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SchemaError(f"--schema {path}: file not found") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SchemaError(f"--schema {path}: not valid JSON ({error})") from error
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise SchemaError(f'--schema {path}: the top level must be a JSON Schema with "type": "object"')
    builder = _ModelBuilder(schema, path)
    model = builder.model(schema, schema.get("title") or _title(path.stem))
    try:
        model.model_json_schema()  # what constrained decoding sends: fail here, not mid-run
    except Exception as error:  # pydantic's schema generation errors have no common base
        raise SchemaError(f"--schema {path}: pydantic cannot use it ({_first_line(error)})") from error
    return SchemaSpec(path.name, model)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def _title(stem: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", stem) if part) or "Custom"


class _ModelBuilder:
    _SCALARS: ClassVar[dict[str, Any]] = {"string": str, "number": float, "integer": int, "boolean": bool}

    def __init__(self, root: dict[str, Any], path: Path) -> None:
        self._defs: dict[str, Any] = {}
        for key in ("definitions", "$defs"):
            defs = root.get(key, {})
            if not isinstance(defs, dict):
                raise SchemaError(f'--schema {path}: "{key}" must be an object of named schemas')
            self._defs.update(defs)
        self._path = path
        self._built: dict[str, type[BaseModel]] = {}

    def model(self, schema: dict[str, Any], name: str) -> type[BaseModel]:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not properties:
            raise SchemaError(f"--schema {self._path}: object {name!r} has no properties")
        required_list = schema.get("required", [])
        if not (isinstance(required_list, list) and all(isinstance(r, str) for r in required_list)):
            raise SchemaError(
                f'--schema {self._path}: object {name!r}: "required" must be a list of property names, '
                f'e.g. ["buyer"], not {json.dumps(required_list)}'
            )
        unknown = [r for r in required_list if r not in properties]
        if unknown:
            raise SchemaError(
                f'--schema {self._path}: object {name!r}: "required" names {", ".join(map(repr, unknown))}, '
                "which is not among its properties"
            )
        required = set(required_list)
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
            values = schema["enum"]
            if not isinstance(values, list) or not values:
                raise SchemaError(f'--schema {self._path}: {name}: "enum" must be a non-empty list of values')
            if not all(isinstance(v, str | int | float | bool) or v is None for v in values):
                raise SchemaError(f'--schema {self._path}: {name}: "enum" values must be strings, numbers, '
                                  "booleans or null")  # fmt: skip
            return Literal[tuple(values)]
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
