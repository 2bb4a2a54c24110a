"""Read an article from a path, stdin or a URL, refusing what is not a readable text article.

``read_article`` reads plain text only (a path or ``-``). ``load_article`` also fetches http(s)
URLs and sends HTML (fetched, or a saved page given as a file or on stdin) through article
extraction, keeping the page's metadata.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from factsum.errors import BinaryInputError, EmptyInputError, InputNotFoundError
from factsum.schemas.article import ArticleMetadata
from factsum.web import FetchedPage, decode_html, extract_article, fetch_url, looks_like_html

STDIN = "-"
_URL_LIKE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class LoadedArticle:
    """The article text, a name for it in messages, and its page metadata (``None`` for plain text)."""

    text: str
    label: str
    metadata: ArticleMetadata | None


def read_article(source: str) -> tuple[str, str]:
    """``(text, label)``: the article and a name for it in messages."""
    data, label = _read_bytes(source)
    return decode_article(data, label), label


def load_article(source: str, *, fetch: Callable[[str], FetchedPage] = fetch_url) -> LoadedArticle:
    """The article behind ``source``: an http(s) URL, a path, or ``-`` for stdin.

    A URL is fetched with ``fetch`` and, when HTML, reduced to its article; a file or stdin whose
    bytes look like HTML is extracted the same way (metadata from the page); plain text is read
    exactly as :func:`read_article` reads it, with ``metadata=None``.
    """
    if is_url(source) and not Path(source).is_file():
        return _load_url(source, fetch)
    data, label = _read_bytes(source)
    if looks_like_html(data):
        article = extract_article(decode_html(data), None, source=label)
        return LoadedArticle(article.text, label, article.metadata)
    return LoadedArticle(decode_article(data, label), label, None)


def is_url(source: str) -> bool:
    """Whether ``source`` is written as a URL (``scheme://...``); fetching accepts http(s) only."""
    return _URL_LIKE.match(source) is not None


def _load_url(url: str, fetch: Callable[[str], FetchedPage]) -> LoadedArticle:
    page = fetch(url)
    if page.is_html:
        article = extract_article(page.text, page.final_url, source=url)
        return LoadedArticle(article.text, url, article.metadata)
    text = page.text
    if "\x00" in text[:8192]:
        raise BinaryInputError(f"{url} looks binary (NUL bytes); factsum reads text articles")
    if not text.strip():
        raise EmptyInputError(f"{url} is empty or whitespace only: there is no article text")
    return LoadedArticle(text.replace("\r\n", "\n"), url, ArticleMetadata(url=page.final_url))


def _read_bytes(source: str) -> tuple[bytes, str]:
    if source == STDIN:
        return sys.stdin.buffer.read(), "<stdin>"
    path = Path(source)
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "does not exist"
        raise InputNotFoundError(f"input {source} {what}")
    return path.read_bytes(), source


def decode_article(data: bytes, label: str) -> str:
    if b"\x00" in data[:8192]:
        raise BinaryInputError(f"{label} looks binary (NUL bytes); factsum reads UTF-8 text articles")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BinaryInputError(
            f"{label} is not UTF-8 (byte {error.start}): convert it first, e.g. iconv -t UTF-8"
        ) from error
    if not text.strip():
        raise EmptyInputError(f"{label} is empty or whitespace only: there is no article text")
    return text.replace("\r\n", "\n")
