"""spaCy ``en_core_web_sm`` 3.8 as a plain-NER comparator row (the pipeline's tagger, alone).

The weights are verified by hash in :mod:`factsum.tagger`, which loads them once for both.
"""

from __future__ import annotations

import re
from typing import Any

from factsum.tagger import NAME, folder_digest, model_dir, pipeline, verify

__all__ = ["FIELDS", "NAME", "entities", "folder_digest", "model_dir", "verify"]

FIELDS = ("people", "organizations", "locations")
_FIELDS = {
    "PERSON": "people",
    "ORG": "organizations",
    "GPE": "locations",
    "LOC": "locations",
    "FAC": "locations",
}


def entities(text: str) -> dict[str, list[dict[str, Any]]]:
    """People, organisations and places as spaCy tags them, one item per distinct form."""
    found: dict[str, dict[str, dict[str, Any]]] = {field: {} for field in set(_FIELDS.values())}
    for ent in pipeline()(text).ents:
        field = _FIELDS.get(ent.label_)
        # spaCy's spans often take the article ("the World Bank"); labels name the thing
        name = re.sub(r"^(?:the|The)\s+", "", ent.text.strip())
        if field is not None and name and name.casefold() not in found[field]:
            found[field][name.casefold()] = {"name": name, "aliases": []}
    return {field: list(items.values()) for field, items in found.items()}
