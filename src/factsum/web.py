"""Fetch a web page and pull the article out of its HTML.

``fetch_url`` downloads one http(s) page with hard limits (time, size, redirects) and refuses
responses that are not HTML or plain text; ``extract_article`` turns HTML into the article's
text plus its metadata with trafilatura. Everything that can go wrong becomes a
:class:`~factsum.errors.FetchError` (15), :class:`~factsum.errors.NoArticleError` (16) or
:class:`~factsum.errors.UnsupportedContentError` (17).

httpx and trafilatura are imported inside the functions: they are needed only when a URL or
an HTML file is read, and every other command starts faster without them.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from factsum._version import __version__
from factsum.errors import FetchError, NoArticleError, UnsupportedContentError
from factsum.schemas.article import ArticleMetadata

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_USER_AGENT",
    "HTML_TYPES",
    "MIN_ARTICLE_CHARS",
    "TEXT_TYPES",
    "Article",
    "FetchedPage",
    "decode_html",
    "extract_article",
    "fetch_url",
    "looks_like_html",
]

DEFAULT_USER_AGENT = f"factsum/{__version__}"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
MIN_ARTICLE_CHARS = 200
"""Less text than this after boilerplate removal means the page holds no article."""

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024
_SNIFF_BYTES = 1024
_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|article[\s>]|p[\s>])", re.IGNORECASE
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FetchedPage:
    """One successful (2xx) response, body read in full and within the size limit."""

    url: str
    """The URL asked for."""
    final_url: str
    """The URL the body came from, after redirects."""
    status: int
    content_type: str | None
    """Media type without parameters, lower-case (``text/html``); ``None`` if the server sent none."""
    charset: str | None
    """The charset from the Content-Type header, if any."""
    content: bytes

    @property
    def is_html(self) -> bool:
        """HTML by its Content-Type, or an unlabelled / text/plain body that looks like HTML."""
        if self.content_type in HTML_TYPES:
            return True
        return self.content_type in (None, *TEXT_TYPES) and looks_like_html(self.content)

    @property
    def text(self) -> str:
        """The body decoded: header charset, else a ``<meta charset>`` (HTML), else UTF-8."""
        return decode_html(self.content, self.charset)


@dataclass(frozen=True)
class Article:
    """The article's text (paragraphs separated by blank lines) and the page's metadata."""

    text: str
    metadata: ArticleMetadata


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts like an HTML document (a tag such as ``<html``, ``<p>`` near the start)."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return _HTML_MARKERS.search(head) is not None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode page bytes: a BOM wins, then ``charset`` (from HTTP), then ``<meta charset>``, then UTF-8.

    Undecodable bytes become U+FFFD rather than failing: a page with one bad byte is still an
    article.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    candidates = [charset]
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", errors="ignore"))
    for name in candidates:
        if not name:
            continue
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return data.decode(name, errors="replace")
    return data.decode("utf-8", errors="replace")


def fetch_url(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = DEFAULT_USER_AGENT,
) -> FetchedPage:
    """GET ``url`` (http or https only) and return its body.

    ``timeout`` (seconds) bounds each network step (connect, each read) and also the whole
    fetch, redirects and body included. Redirects are followed by hand, at most
    ``max_redirects`` of them, each to http(s) only. The body is streamed and refused past
    ``max_bytes`` (decoded size, so a compressed bomb cannot slip through). The Content-Type is
    checked before the body is read: anything but HTML or text/plain is refused.

    Raises FetchError (bad URL, connection failure, timeout, HTTP 4xx/5xx, too many redirects,
    body too large) and UnsupportedContentError (a PDF, an image, JSON, ...).
    """
    import httpx

    current = _checked_url(url, url)
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent, "Accept": _ACCEPT}
    redirects = 0
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, headers=headers) as client:
            request = client.build_request("GET", current)
            while True:
                response = client.send(request, stream=True)
                try:
                    if response.next_request is not None:
                        redirects += 1
                        if redirects > max_redirects:
                            raise FetchError(
                                f"too many redirects fetching {url}: more than {max_redirects} "
                                f"(the last one pointed to {response.next_request.url})"
                            )
                        request = response.next_request
                        _checked_url(str(request.url), url)
                        _check_deadline(deadline, timeout, url)
                        continue
                    return _read_page(response, url, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
                finally:
                    response.close()
    except httpx.TimeoutException as error:
        raise FetchError(f"timed out after {timeout:g}s fetching {url}", original=error) from error
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise FetchError(f"could not fetch {url}: {reason}", original=error) from error


def _checked_url(candidate: str, asked: str) -> str:
    import httpx

    try:
        parsed = httpx.URL(candidate)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise FetchError(f"{candidate} is not a valid URL", original=error) from error
    if parsed.scheme not in _SCHEMES:
        scheme = f"{parsed.scheme}://" if parsed.scheme else "no scheme"
        via = "" if candidate == asked else f" (a redirect from {asked})"
        raise FetchError(
            f"refusing to fetch {candidate}{via}: only http:// and https:// URLs are fetched, got {scheme}"
        )
    if not parsed.host:
        raise FetchError(f"{candidate} has no host name")
    return candidate


def _check_deadline(deadline: float, timeout: float, url: str) -> None:
    if time.monotonic() > deadline:
        raise FetchError(f"timed out after {timeout:g}s fetching {url}")


def _read_page(
    response: httpx.Response, url: str, *, max_bytes: int, deadline: float, timeout: float
) -> FetchedPage:
    final = str(response.url)
    if not response.is_success:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        where = url if final == url else f"{url} (at {final})"
        raise FetchError(f"HTTP {response.status_code}{phrase} fetching {where}")
    raw_type = response.headers.get("Content-Type")
    media_type = raw_type.split(";", 1)[0].strip().lower() if raw_type else None
    if media_type is not None and media_type not in HTML_TYPES | TEXT_TYPES:
        raise UnsupportedContentError(
            f"{url} is {media_type}, not an HTML page or plain text: factsum reads news articles"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is too large: {int(declared)} bytes, over the limit of {max_bytes} bytes")
    body = bytearray()
    for chunk in response.iter_bytes(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"{url} is too large: over the limit of {max_bytes} bytes")
        _check_deadline(deadline, timeout, url)
    return FetchedPage(
        url=url,
        final_url=final,
        status=response.status_code,
        content_type=media_type,
        charset=response.charset_encoding,
        content=bytes(body),
    )


def extract_article(html: str, url: str | None, *, source: str | None = None) -> Article:
    """The article in ``html``: main text without navigation, comments or tables, plus metadata.

    ``url`` is where the page came from (it becomes ``metadata.url``); ``None`` for a file whose
    origin is unknown, and then the page's own canonical URL is used if it has one. ``source``
    names the input in messages (default: ``url``). Raises NoArticleError when fewer than
    ``MIN_ARTICLE_CHARS`` characters of article text remain (a login page, a section front).
    """
    import trafilatura
    from trafilatura.settings import Document

    source = source or url or "the HTML input"
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=False,  # tables on news pages are mostly widgets (markets, scores)
        include_images=False,
        include_links=False,
        include_formatting=False,  # plain text: no markdown markers in what we ground against
        favor_precision=True,  # drop doubtful blocks: boilerplate would become "facts"
        # Only structured dates (meta tags, <time>, JSON-LD, URL): the free-text search guesses,
        # e.g. a footer's "© 2024" becomes 2024-01-01.
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    text = _paragraphs(document.text or "") if isinstance(document, Document) else ""
    if not isinstance(document, Document) or len(text) < MIN_ARTICLE_CHARS:
        found = f"only {len(text)} characters" if text else "no text"
        raise NoArticleError(
            f"{source} holds no article: {found} left after removing navigation and boilerplate "
            f"(need at least {MIN_ARTICLE_CHARS})"
        )
    metadata = ArticleMetadata(
        title=_clean(document.title),
        author=_clean(document.author),
        date=_iso_date(document.date),
        site=_clean(document.sitename),
        url=url or _clean(document.url),
    )
    return Article(text=text, metadata=metadata)


def _paragraphs(text: str) -> str:
    """One block per line from trafilatura → paragraphs separated by one blank line."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _iso_date(value: str | None) -> str | None:
    if not value or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
