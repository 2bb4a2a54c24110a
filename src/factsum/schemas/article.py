"""Where an article came from: the metadata read from its web page (every field optional)."""

from __future__ import annotations

from pydantic import BaseModel


class ArticleMetadata(BaseModel):
    """Metadata of an article taken from an HTML page; ``None`` where the page does not say.

    ``date`` is the publication date as ISO ``YYYY-MM-DD``; ``url`` is the address the page was
    fetched from (after redirects), or the page's own canonical address for a saved file.
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None
