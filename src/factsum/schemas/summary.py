"""The summary as a schema, for stamping and for users who want structured summaries."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Summary(BaseModel):
    text: str = Field(description="A faithful summary of the article")
