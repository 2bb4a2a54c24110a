"""Load an eval set laid out as in LABELS.md (version 1): ``<id>.txt`` + ``<id>.labels.json``.

The models here are the contract other people's label sets are written against, so they
are strict: unknown keys are rejected at every level (a typo such as ``"nmae"`` must not
silently drop a label) and types are not coerced (``"value": "80"`` is an error, not 80).

A field that is absent (or ``null``) is ``None`` and is not scored; a field that is present
as an empty list is scored in full. :meth:`Labels.scored_fields` lists the present ones.

Every loading problem raises :class:`~factsum.errors.LabelsError` with a one-line message
that starts with the offending file.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from factsum.errors import LabelsError

__all__ = [
    "LABELS_SUFFIX",
    "TEXT_SUFFIX",
    "DateLabel",
    "EntityLabel",
    "EvalCase",
    "Labels",
    "NumberLabel",
    "PersonLabel",
    "QuoteLabel",
    "load_cases",
]

LABELS_SUFFIX = ".labels.json"
TEXT_SUFFIX = ".txt"

_SLUG_RE = re.compile(r"[a-z0-9-]+")
_ISO_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Enough errors to fix several typos in one go while keeping the message on one line.
_MAX_REPORTED_ERRORS = 3


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or whitespace")
    return value


def _slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not a slug (lowercase letters, digits and '-')")
    return value


def _iso_date(value: str) -> str:
    match = _ISO_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        # The pattern alone would accept "2019-13" or "2019-02-30".
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    return value


NonBlank = Annotated[str, AfterValidator(_non_blank)]
Slug = Annotated[str, AfterValidator(_slug)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EntityLabel(_Strict):
    """A named organisation or place; ``aliases`` are other surface forms in the article."""

    name: NonBlank
    aliases: list[NonBlank] = Field(default_factory=list)


class PersonLabel(EntityLabel):
    """A named person; ``role`` is the role the article gives them, if any."""

    role: NonBlank | None = None


class DateLabel(_Strict):
    text: NonBlank
    iso: IsoDate | None = None


class QuoteLabel(_Strict):
    speaker: NonBlank | None = None
    text: NonBlank


class NumberLabel(_Strict):
    text: NonBlank
    value: Annotated[float, Field(allow_inf_nan=False)]
    unit: NonBlank | None = None


class Labels(_Strict):
    """One ``<id>.labels.json`` file. Every field but ``id`` may be absent (``None``)."""

    id: Slug
    source: str | None = None
    summary: NonBlank | None = None
    key_points: list[NonBlank] | None = None
    people: list[PersonLabel] | None = None
    organizations: list[EntityLabel] | None = None
    locations: list[EntityLabel] | None = None
    dates: list[DateLabel] | None = None
    quotes: list[QuoteLabel] | None = None
    numbers: list[NumberLabel] | None = None

    def scored_fields(self) -> list[str]:
        """The scoreable fields present in the file, in declaration order."""
        return [
            name
            for name in type(self).model_fields
            if name not in ("id", "source") and getattr(self, name) is not None
        ]


@dataclass(frozen=True)
class EvalCase:
    id: str
    text: str
    labels: Labels
    text_path: Path
    labels_path: Path


def load_cases(directory: Path) -> list[EvalCase]:
    """Load every ``<id>.labels.json`` in ``directory`` with its ``<id>.txt``, sorted by id.

    A ``.txt`` without a labels file is not a case and is ignored.
    """
    directory = Path(directory)
    if not directory.exists():
        raise LabelsError(f"{directory}: eval set directory not found")
    if not directory.is_dir():
        raise LabelsError(f"{directory}: not a directory; pass the folder holding the eval set")
    labels_paths = sorted(
        (p for p in directory.glob(f"*{LABELS_SUFFIX}") if p.is_file()),
        key=lambda p: p.name,
    )
    if not labels_paths:
        raise LabelsError(
            f"{directory}: no *{LABELS_SUFFIX} files; an eval set is <id>.txt + "
            f"<id>{LABELS_SUFFIX} pairs (see evals/LABELS.md in the factsum repository)"
        )
    cases = [_load_case(p) for p in labels_paths]
    return sorted(cases, key=lambda c: c.id)


def _load_case(labels_path: Path) -> EvalCase:
    case_id = labels_path.name[: -len(LABELS_SUFFIX)]
    if not _SLUG_RE.fullmatch(case_id):
        raise LabelsError(
            f"{labels_path}: file id {case_id!r} is not a slug (lowercase letters, digits "
            "and '-'); rename the file"
        )
    labels = _parse_labels(labels_path)
    if labels.id != case_id:
        raise LabelsError(
            f"{labels_path}: id {labels.id!r} does not match the file name; "
            f'set "id" to {case_id!r} or rename the file'
        )
    text_path = labels_path.with_name(case_id + TEXT_SUFFIX)
    if not text_path.is_file():
        raise LabelsError(
            f"{labels_path}: article {text_path.name} is missing; put the article text beside its labels"
        )
    return EvalCase(
        id=case_id,
        text=_read_utf8(text_path, what="article"),
        labels=labels,
        text_path=text_path,
        labels_path=labels_path,
    )


def _parse_labels(path: Path) -> Labels:
    raw = _read_utf8(path, what="labels file")
    try:
        data = json.loads(raw, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as e:
        raise LabelsError(
            f"{path}: invalid JSON at line {e.lineno} column {e.colno}: {e.msg}", original=e
        ) from e
    except _DuplicateKeyError as e:
        # json.loads would otherwise keep the last value and hide the first silently.
        raise LabelsError(f"{path}: invalid labels: duplicate key {e.key!r}") from None
    try:
        return Labels.model_validate(data)
    except ValidationError as e:
        raise LabelsError(f"{path}: invalid labels: {_describe(e)}", original=e) from e


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _describe(error: ValidationError) -> str:
    details = error.errors(include_url=False)
    parts = [f"{_field_path(d['loc'])}: {d['msg']}" for d in details[:_MAX_REPORTED_ERRORS]]
    if len(details) > _MAX_REPORTED_ERRORS:
        parts.append(f"and {len(details) - _MAX_REPORTED_ERRORS} more")
    return "; ".join(parts)


def _field_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path or "(top level)"


def _read_utf8(path: Path, *, what: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LabelsError(f"{path}: cannot read {what}: {e.strerror}", original=e) from e
    try:
        # No newline translation: the text, and char offsets into it, are the file's own.
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LabelsError(
            f"{path}: {what} is not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); save it as UTF-8",
            original=e,
        ) from e
