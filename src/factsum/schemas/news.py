"""The default news schema: the same fields as the LABELS.md eval format.

``grounding`` is filled by factsum after the model answers; it is hidden from the JSON
Schema the model is constrained to (``SkipJsonSchema``), so the model never invents spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, ClassVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from factsum.schemas.grounding import Grounding

ISO_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

GroundingField = SkipJsonSchema[Grounding | None]


def _check_iso(value: str) -> str:
    # A validator, not a JSON Schema "pattern": llama-cpp-python 0.3.36 segfaults when it
    # compiles this pattern into a grammar (found by tests/real).
    if not re.fullmatch(ISO_DATE_PATTERN, value):
        raise ValueError("iso must be YYYY, YYYY-MM or YYYY-MM-DD")
    return value


IsoDate = Annotated[str, AfterValidator(_check_iso)]


class NewsItem(BaseModel):
    """One extracted item. ``key_field`` is the attribute whose text must be in the article;
    ``scored_fields`` are the attributes the LABELS.md format labels (what the eval scores)."""

    model_config = ConfigDict(extra="forbid")
    key_field: ClassVar[str] = "name"
    scored_fields: ClassVar[tuple[str, ...]] = ("name", "aliases")

    grounding: GroundingField = None
    # per attribute ("role", "speaker", "iso", "value", "unit", "measures"): located, derived
    # or not found (factsum.attributes); absent where the item has no such attribute
    checks: SkipJsonSchema[dict[str, Grounding] | None] = None

    @property
    def key_text(self) -> str:
        return str(getattr(self, self.key_field))


class Person(NewsItem):
    scored_fields = ("name", "aliases", "role")

    name: str = Field(description="Full name as written in the article")
    role: str | None = Field(default=None, description="Role or title the article gives them")
    aliases: list[str] = Field(default_factory=list, description="Other names used for them")


class Organization(NewsItem):
    name: str = Field(description="Name as written in the article")
    aliases: list[str] = Field(default_factory=list, description="Acronyms and short forms used")


class Location(NewsItem):
    name: str = Field(description="Place name as written in the article")
    aliases: list[str] = Field(default_factory=list)


class DateMention(NewsItem):
    key_field = "text"
    scored_fields = ("text", "iso")

    text: str = Field(description="The date expression exactly as written")
    iso: IsoDate | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD when the article determines it"
    )


class Quote(NewsItem):
    key_field = "text"
    scored_fields = ("text", "speaker")

    text: str = Field(description="The words inside the quotation marks, verbatim")
    speaker: str | None = Field(default=None, description="Who said it, by name")


class NumberFact(NewsItem):
    key_field = "text"
    scored_fields = ("text", "value", "unit")

    text: str = Field(description="The figure exactly as written, e.g. '$1.5 billion'")
    value: float = Field(description="Plain number: '$1.5 billion' is 1500000000")
    unit: str | None = Field(default=None, description="percent, USD, years, people, ...")
    measures: str | None = Field(default=None, description="What the figure counts or measures")


class NewsFacts(BaseModel):
    """Everything factsum extracts from a news article."""

    model_config = ConfigDict(extra="forbid")

    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    numbers: list[NumberFact] = Field(default_factory=list)

    def fields(self) -> Iterator[tuple[str, list[NewsItem]]]:
        """``(field name, items)`` in schema order: people and organisations first (the speakers)."""
        for name in type(self).model_fields:
            yield name, getattr(self, name)


# the item type of each NewsFacts field, from the annotations (``list[Person]`` -> Person)
NEWS_ITEM_TYPES: dict[str, type[NewsItem]] = {
    name: get_args(info.annotation)[0] for name, info in NewsFacts.model_fields.items()
}
