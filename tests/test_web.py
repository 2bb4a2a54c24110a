"""URL and HTML inputs: fetching from a loopback server, article extraction, load_article routing.

Every page comes from ``tests/fixtures/pages/`` (or is built here) and is served by a
ThreadingHTTPServer on 127.0.0.1: no test leaves the machine.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from factsum._version import __version__
from factsum.errors import FetchError, NoArticleError, UnsupportedContentError
from factsum.inputs import LoadedArticle, load_article, read_article
from factsum.schemas.article import ArticleMetadata
from factsum.web import FetchedPage, decode_html, extract_article, fetch_url, looks_like_html

ROOT = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
KIM_PATH = ROOT / "seeds" / "kim-beijing-parade.txt"
HTML = "text/html; charset=utf-8"

NEWS_PARAGRAPHS = [
    "Councillors in Port Alder voted 31 to 9 on Wednesday night to fund a tidal flood barrier across "
    "the mouth of the River Wend, ending more than a decade of studies, consultations and false starts.",
    "The barrier, estimated to cost 412 million euros, will consist of six steel gates",
    "\u201cThis is the most important decision this chamber has taken in a generation,\u201d said Mayor "
    "Ilse Brandvold",
    "Councillor Tomas Ferreira, who voted against the plan",
    "Insurers paid out an estimated 96 million euros after that storm.",
    "Engineers from the agency have already reviewed the design and described it as sound.",
]
NEWS_BOILERPLATE = [
    "Accept all cookies",  # cookie banner
    "Subscribe for 1 euro a week",  # navigation
    "Share on social media",  # share widget
    "Most read",  # sidebar
    "Ferry timetable changes",
    "Harbour 100",  # market-data table
    "7,412.5",
    "Comments (3)",  # reader comments
    "wendwatcher",
    "My basement has been flooded",
    "vanity project",
    "Contact the newsroom",  # footer
    "All rights reserved",
]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": HTML})
    body: bytes = b""
    chunked: bool = False  # no Content-Length: the body is streamed in chunks
    stall: bool = False  # send headers, then wait (until the test ends) before the body


class PageServer:
    """Serves ``routes`` (path -> Route) on 127.0.0.1 and records each request's headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(ConnectionError):  # a client reset a connection it gave up on
                    super().handle()

            def do_GET(self) -> None:
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path) or Route(404, body=page("not-found.html"))
                try:
                    self.send_response(route.status)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    if route.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                    else:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.flush()
                    if route.stall:
                        server.release.wait(10)
                    if route.chunked:
                        for start in range(0, len(route.body), 16384):
                            piece = route.body[start : start + 16384]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.wfile.write(route.body)
                except OSError:
                    pass  # the client hung up (size limit, timeout)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def redirect_chain(self, prefix: str, hops: int, target: str) -> str:
        """``hops`` redirects /prefix/1 -> /prefix/2 -> ... -> target (relative Locations, mixed codes)."""
        codes = (301, 302, 303, 307, 308)
        for hop in range(1, hops + 1):
            location = f"{prefix}/{hop + 1}" if hop < hops else target
            self.routes[f"{prefix}/{hop}"] = Route(codes[hop % len(codes)], headers={"Location": location})
        return self.url(f"{prefix}/1")

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; loopback requests must go straight to the test server."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def web() -> Iterator[PageServer]:
    server = PageServer()
    server.routes.update(
        {
            "/2024/03/14/harbour-flood-barrier": Route(body=page("news-article.html")),
            "/login": Route(body=page("login-page.html")),
            "/report.pdf": Route(headers={"Content-Type": "application/pdf"}, body=page("annual-report.pdf")),
            "/missing": Route(404, body=page("not-found.html")),
            "/broken": Route(500, body=b"<html><body><p>Internal error</p></body></html>"),
            "/plain.txt": Route(
                headers={"Content-Type": "text/plain; charset=utf-8"}, body=KIM_PATH.read_bytes()
            ),
            "/unlabelled": Route(headers={}, body=page("news-article.html")),
            "/latin1": Route(
                headers={"Content-Type": "text/html; charset=ISO-8859-1"}, body=page("latin1-article.html")
            ),
        }
    )
    try:
        yield server
    finally:
        server.stop()


def assert_news_article(text: str) -> None:
    for paragraph in NEWS_PARAGRAPHS:
        assert paragraph in text
    for noise in NEWS_BOILERPLATE:
        assert noise not in text, noise
    blocks = text.split("\n\n")
    assert all(block.strip() == block and block for block in blocks)
    assert len(blocks) >= len(NEWS_PARAGRAPHS)
    assert "\n\n\n" not in text


# --- fetch_url ------------------------------------------------------------------------------


def test_fetch_returns_page_and_sends_user_agent(web: PageServer) -> None:
    url = web.url("/2024/03/14/harbour-flood-barrier")
    fetched = fetch_url(url)
    assert fetched.url == fetched.final_url == url
    assert (fetched.status, fetched.content_type, fetched.charset) == (200, "text/html", "utf-8")
    assert fetched.content == page("news-article.html")
    assert fetched.is_html
    _, headers = web.requests[-1]
    assert headers["user-agent"] == f"factsum/{__version__}"
    assert "text/html" in headers["accept"]


def test_fetch_custom_user_agent(web: PageServer) -> None:
    fetch_url(web.url("/login"), user_agent="newsroom-bot/2.0")
    assert web.requests[-1][1]["user-agent"] == "newsroom-bot/2.0"


def test_redirect_chain_is_followed(web: PageServer) -> None:
    start = web.redirect_chain("/short", 3, "/2024/03/14/harbour-flood-barrier")
    fetched = fetch_url(start, max_redirects=5)
    assert fetched.url == start
    assert fetched.final_url == web.url("/2024/03/14/harbour-flood-barrier")
    assert [path for path, _ in web.requests] == [
        "/short/1",
        "/short/2",
        "/short/3",
        "/2024/03/14/harbour-flood-barrier",
    ]


def test_exactly_max_redirects_is_allowed(web: PageServer) -> None:
    start = web.redirect_chain("/five", 5, "/login")
    assert fetch_url(start, max_redirects=5).final_url == web.url("/login")


def test_too_many_redirects(web: PageServer) -> None:
    start = web.redirect_chain("/long", 6, "/2024/03/14/harbour-flood-barrier")
    with pytest.raises(FetchError, match=r"too many redirects .*more than 5") as excinfo:
        fetch_url(start, max_redirects=5)
    assert excinfo.value.exit_code == 15
    assert start in str(excinfo.value)
    assert len(web.requests) == 6  # the sixth redirect is never followed


def test_redirect_loop(web: PageServer) -> None:
    web.routes["/ping"] = Route(302, headers={"Location": "/pong"})
    web.routes["/pong"] = Route(302, headers={"Location": "/ping"})
    with pytest.raises(FetchError, match="too many redirects") as excinfo:
        fetch_url(web.url("/ping"), max_redirects=3)
    assert excinfo.value.exit_code == 15


def test_redirect_to_another_scheme_is_refused(web: PageServer) -> None:
    web.routes["/to-ftp"] = Route(302, headers={"Location": "ftp://files.example.org/story.txt"})
    with pytest.raises(
        FetchError, match=re.escape("refusing to fetch ftp://files.example.org/story.txt")
    ) as excinfo:
        fetch_url(web.url("/to-ftp"))
    assert excinfo.value.exit_code == 15
    assert web.url("/to-ftp") in str(excinfo.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.org/story.txt", "file:///etc/passwd", "javascript:alert(1)", "news.example.org"],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="only http:// and https://") as excinfo:
        fetch_url(url)
    assert excinfo.value.exit_code == 15
    assert url in str(excinfo.value)


@pytest.mark.parametrize(
    ("path", "status", "reason"), [("/missing", 404, "Not Found"), ("/broken", 500, "Internal Server Error")]
)
def test_http_errors(web: PageServer, path: str, status: int, reason: str) -> None:
    with pytest.raises(FetchError, match=f"HTTP {status} {reason}") as excinfo:
        fetch_url(web.url(path))
    assert excinfo.value.exit_code == 15
    assert web.url(path) in str(excinfo.value)


def test_http_error_after_redirect_names_both_urls(web: PageServer) -> None:
    start = web.redirect_chain("/moved", 1, "/missing")
    with pytest.raises(FetchError, match="HTTP 404") as excinfo:
        fetch_url(start)
    assert start in str(excinfo.value)
    assert web.url("/missing") in str(excinfo.value)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", page("annual-report.pdf")),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("application/json; charset=utf-8", b'{"headline": "Harbour barrier approved"}'),
    ],
)
def test_unsupported_content_types(web: PageServer, content_type: str, body: bytes) -> None:
    web.routes["/file"] = Route(headers={"Content-Type": content_type}, body=body)
    with pytest.raises(UnsupportedContentError) as excinfo:
        fetch_url(web.url("/file"))
    assert excinfo.value.exit_code == 17
    assert content_type.split(";")[0] in str(excinfo.value)
    assert web.url("/file") in str(excinfo.value)


def test_declared_body_over_max_bytes(web: PageServer) -> None:
    web.routes["/huge"] = Route(body=b"<html><body>" + b"<p>filler paragraph</p>" * 2000 + b"</body></html>")
    with pytest.raises(FetchError, match="over the limit of 10000 bytes") as excinfo:
        fetch_url(web.url("/huge"), max_bytes=10_000)
    assert excinfo.value.exit_code == 15


def test_streamed_body_over_max_bytes(web: PageServer) -> None:
    """No Content-Length to trust: the cap is enforced while reading."""
    body = b"<html><body>" + b"<p>filler paragraph</p>" * 20_000 + b"</body></html>"
    web.routes["/stream"] = Route(body=body, chunked=True)
    with pytest.raises(FetchError, match="over the limit of 50000 bytes") as excinfo:
        fetch_url(web.url("/stream"), max_bytes=50_000)
    assert excinfo.value.exit_code == 15
    web.routes["/small-stream"] = Route(body=page("news-article.html"), chunked=True)
    assert fetch_url(web.url("/small-stream"), max_bytes=50_000).content == page("news-article.html")


def test_connection_refused(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/story"
    with pytest.raises(FetchError, match="could not fetch") as excinfo:
        fetch_url(url, timeout=5)
    assert excinfo.value.exit_code == 15
    assert url in str(excinfo.value)
    assert excinfo.value.original is not None


def test_read_timeout(web: PageServer) -> None:
    web.routes["/slow"] = Route(body=page("news-article.html"), stall=True)
    with pytest.raises(FetchError, match=r"timed out after 0\.3s") as excinfo:
        fetch_url(web.url("/slow"), timeout=0.3)
    assert excinfo.value.exit_code == 15


def test_charset_from_header_decodes_the_page(web: PageServer) -> None:
    fetched = fetch_url(web.url("/latin1"))
    assert fetched.charset == "iso-8859-1"  # httpx lower-cases it
    assert "médiathèque" in fetched.text


# --- extract_article --------------------------------------------------------------------------


def test_extracts_article_text_and_metadata() -> None:
    article = extract_article(page("news-article.html").decode(), "https://news.example.org/a")
    assert_news_article(article.text)
    assert article.metadata == ArticleMetadata(
        title="Harbour city approves flood barrier after decade of delays",
        author="Marta Okafor",
        date="2024-03-14",
        site="The Coastal Ledger",
        url="https://news.example.org/a",
    )


def test_without_url_the_pages_own_url_is_kept() -> None:
    article = extract_article(page("news-article.html").decode(), None)
    assert article.metadata.url == "https://news.example.org/2024/03/14/harbour-flood-barrier"


def test_no_guessed_date() -> None:
    """Without date markup the date is None, not a guess from the footer's "© 2024"."""
    html = page("news-article.html").decode()
    for tag in (
        '<meta property="article:published_time" content="2024-03-14T09:30:00+00:00">',
        '<meta property="article:modified_time" content="2024-03-15T11:02:00+00:00">',
        '<time datetime="2024-03-14T09:30:00+00:00">14 March 2024</time>',
    ):
        assert tag in html
        html = html.replace(tag, "")
    html = html.replace("/2024/03/14/", "/")
    article = extract_article(html, None)
    assert article.metadata.date is None
    assert article.metadata.author == "Marta Okafor"


@pytest.mark.parametrize(
    "html",
    [
        page("login-page.html").decode(),
        page("not-found.html").decode(),
        "",
        "<html><body></body></html>",
        "<html><body><article><p>Too short to be a story.</p></article></body></html>",
    ],
)
def test_no_article(html: str) -> None:
    with pytest.raises(
        NoArticleError, match=re.escape("https://news.example.org/login holds no article")
    ) as excinfo:
        extract_article(html, "https://news.example.org/login")
    assert excinfo.value.exit_code == 16


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        (b"\xef\xbb\xbf  <!doctype HTML>\n<html lang=en>", True),
        (b"<HTML><BODY>shouting</BODY></HTML>", True),
        (b"\n\n<article class='story'><p>Text</p></article>", True),
        (b"<p>Just a paragraph of text.</p>", True),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", True),
        (b"BEIJING: North Korean leader Kim Jong Un will attend a parade.", False),
        (b"Use <b>bold</b> and <i>italics</i> sparingly, the style guide says.", False),
        (b"The <pre> tag and <html5> are mentioned here.", False),
        (b"", False),
        (b"x" * 2000 + b"<html>", False),  # only near the start counts
    ],
)
def test_looks_like_html(data: bytes, expected: bool) -> None:
    assert looks_like_html(data) is expected


def test_decode_html_charsets() -> None:
    assert "médiathèque" in decode_html(page("latin1-article.html"))  # <meta http-equiv> charset
    assert decode_html("caf\u00e9".encode("cp1252"), "windows-1252") == "caf\u00e9"
    assert decode_html(b"\xef\xbb\xbfcaf\xc3\xa9", "iso-8859-1") == "caf\u00e9"  # a BOM wins
    assert decode_html(b"caf\xc3\xa9", "no-such-charset") == "caf\u00e9"  # unknown -> UTF-8
    assert decode_html(b"caf\xe9 au lait") == "caf\ufffd au lait"  # bad bytes do not fail


# --- load_article -----------------------------------------------------------------------------


def test_load_url_extracts_article(web: PageServer) -> None:
    url = web.url("/2024/03/14/harbour-flood-barrier")
    loaded = load_article(url)
    assert isinstance(loaded, LoadedArticle)
    assert loaded.label == url
    assert_news_article(loaded.text)
    assert loaded.metadata == ArticleMetadata(
        title="Harbour city approves flood barrier after decade of delays",
        author="Marta Okafor",
        date="2024-03-14",
        site="The Coastal Ledger",
        url=url,
    )


def test_load_url_after_redirects_records_final_url(web: PageServer) -> None:
    start = web.redirect_chain("/share", 2, "/2024/03/14/harbour-flood-barrier")
    loaded = load_article(start)
    assert loaded.label == start
    assert loaded.metadata is not None
    assert loaded.metadata.url == web.url("/2024/03/14/harbour-flood-barrier")
    assert_news_article(loaded.text)


def test_load_url_without_content_type_sniffs_html(web: PageServer) -> None:
    loaded = load_article(web.url("/unlabelled"))
    assert_news_article(loaded.text)


def test_load_url_latin1_page(web: PageServer) -> None:
    loaded = load_article(web.url("/latin1"))
    assert "par vingt-deux voix contre sept" in loaded.text
    assert "Abonnement" not in loaded.text
    assert loaded.metadata is not None
    assert (loaded.metadata.author, loaded.metadata.date, loaded.metadata.site) == (
        "Élodie Marchand",
        "2023-11-02",
        "Le Courrier du Port",
    )


def test_load_url_plain_text_is_kept_verbatim(web: PageServer, kim_text: str) -> None:
    loaded = load_article(web.url("/plain.txt"))
    assert loaded.text == kim_text
    assert loaded.metadata == ArticleMetadata(url=web.url("/plain.txt"))


def test_load_url_no_article(web: PageServer) -> None:
    with pytest.raises(NoArticleError, match="holds no article") as excinfo:
        load_article(web.url("/login"))
    assert excinfo.value.exit_code == 16
    assert web.url("/login") in str(excinfo.value)


@pytest.mark.parametrize(
    ("path", "error", "code"),
    [("/report.pdf", UnsupportedContentError, 17), ("/missing", FetchError, 15)],
)
def test_load_url_errors(web: PageServer, path: str, error: type[Exception], code: int) -> None:
    with pytest.raises(error) as excinfo:
        load_article(web.url(path))
    assert getattr(excinfo.value, "exit_code", None) == code


def test_load_refuses_ftp() -> None:
    with pytest.raises(FetchError, match="only http:// and https://") as excinfo:
        load_article("ftp://files.example.org/story.txt")
    assert excinfo.value.exit_code == 15
    assert "ftp://files.example.org/story.txt" in str(excinfo.value)


def test_load_uses_the_injected_fetcher() -> None:
    seen: list[str] = []

    def fake_fetch(url: str) -> FetchedPage:
        seen.append(url)
        return FetchedPage(
            url=url,
            final_url="https://news.example.org/final",
            status=200,
            content_type="text/html",
            charset=None,
            content=page("news-article.html"),
        )

    loaded = load_article("https://news.example.org/short", fetch=fake_fetch)
    assert seen == ["https://news.example.org/short"]
    assert loaded.metadata is not None and loaded.metadata.url == "https://news.example.org/final"
    assert_news_article(loaded.text)


def test_load_html_file_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "saved.html"
    path.write_bytes(page("news-article.html"))
    loaded = load_article(str(path))
    assert loaded.label == str(path)
    assert_news_article(loaded.text)
    assert loaded.metadata is not None
    assert loaded.metadata.title == "Harbour city approves flood barrier after decade of delays"
    assert loaded.metadata.url == "https://news.example.org/2024/03/14/harbour-flood-barrier"


def test_load_html_on_stdin_is_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(page("latin1-article.html"))))
    loaded = load_article("-")
    assert loaded.label == "<stdin>"
    assert "Hélène Rivière" in loaded.text
    assert "Mentions légales" not in loaded.text
    assert loaded.metadata is not None and loaded.metadata.date == "2023-11-02"


def test_load_html_file_without_article_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "login.html"
    path.write_bytes(page("login-page.html"))
    with pytest.raises(NoArticleError, match=re.escape(f"{path} holds no article")) as excinfo:
        load_article(str(path))
    assert excinfo.value.exit_code == 16


def test_load_plain_text_file_unchanged(kim_text: str) -> None:
    loaded = load_article(str(KIM_PATH))
    assert loaded == LoadedArticle(kim_text, str(KIM_PATH), None)
    assert (loaded.text, loaded.label) == read_article(str(KIM_PATH))


def test_load_plain_text_stdin_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO("Kim \u2019s\r\n".encode())))
    assert load_article("-") == LoadedArticle("Kim \u2019s\n", "<stdin>", None)
