"""The HTML facts page: marks sit on their spans, nest properly, escape everything; Chromium agrees."""

from __future__ import annotations

import html
import json
import random
import re
import struct
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.support.browser import run_chromium

from factsum.render_html import FIELD_LABELS, render_facts_page
from factsum.schemas import ExtractionResult, Grounding, MatchStatus, Person, RunInfo, Usage
from factsum.schemas.news import NEWS_ITEM_TYPES

SHORT = (
    "MADRID: Finance minister Ana Ruiz said the Bank of Spain would cut rates.\n\n"
    '"Ana Ruiz will meet the Bank of Spain board on 3 March 2025," her office said.\n'
    "Unemployment fell to 11.2% in Madrid."
)


def _item(text: str, value: str, /, *, after: str = "", **extra: Any) -> dict[str, Any]:
    """A news item whose exact grounding is the first ``value`` at or after the first ``after``."""
    start = text.index(value, text.index(after) if after else 0)
    grounding = {"status": "exact", "start": start, "end": start + len(value), "note": None}
    return {"grounding": grounding, **extra}


def _result(facts: dict[str, list[dict[str, Any]]], **kwargs: Any) -> ExtractionResult:
    run = RunInfo(
        id="0123456789abcdef",
        factsum_version="0.1.0",
        model="fake:scripted",
        prompt_name="extract-focused",
        prompt_id="9e97d9f17402",
        schema_name="news",
        schema_id="d81d52d902cc",
        settings_id="03cb2ae3a105",
        input_sha256="ab" * 32,
        usage=Usage(calls=3, prompt_tokens=2474, completion_tokens=308, reasks=1),
        seconds=41.25,
    )
    return ExtractionResult(facts={name: facts.get(name, []) for name in FIELD_LABELS}, run=run, **kwargs)


def _news(text: str, spec: dict[str, list[tuple[str, str, dict[str, Any]]]]) -> ExtractionResult:
    """``spec``: field -> [(value, after, extra item keys)]."""
    facts = {
        name: [
            _item(text, value, after=after, **{NEWS_ITEM_TYPES[name].key_field: value, **extra})
            for value, after, extra in items
        ]
        for name, items in spec.items()
    }
    return _result(facts)


SHORT_RESULT = _news(
    SHORT,
    {
        "people": [("Ana Ruiz", '"', {"role": "finance minister"})],  # the one inside the quote
        "organizations": [("Bank of Spain", '"', {})],
        "locations": [("MADRID", "", {}), ("Madrid", "Unemployment", {})],
        "dates": [("3 March 2025", "", {"iso": "2025-03-03"})],
        "quotes": [
            ("Ana Ruiz will meet the Bank of Spain board on 3 March 2025,", "", {"speaker": "Ana Ruiz"})
        ],
        "numbers": [("11.2%", "", {"value": 11.2, "unit": "percent"})],
    },
)


def kim_result(text: str) -> ExtractionResult:
    """A fake result over the Kim article: names, places inside quotes, a date inside a date, one miss."""
    loh = "some talk previously"
    result = _news(
        text,
        {
            "people": [
                ("Kim Jong Un", "", {"role": "North Korean leader", "aliases": ["Kim"]}),
                ("Xi Jinping", "Comrade", {"role": "President"}),
                ("Hong Lei", "", {"role": "Assistant Minister of Foreign Affairs"}),
                ("Dylan Loh", "", {"role": "assistant professor"}),
            ],
            "organizations": [
                ("Korean Central News Agency", "", {}),
                ("AFP", "", {}),
                ("Nanyang Technological University", "", {}),
            ],
            "locations": [
                ("Tiananmen Square", "", {}),
                ("North Korea", loh, {}),
                ("Moscow", loh, {}),
                ("Beijing", "Beijing’s Communist", {}),
            ],
            "dates": [
                ("2025-08-28", "", {"iso": "2025-08-28"}),
                ("the 1930s and 1940s", "", {}),
                ("1940s", "", {}),
                ("Thursday morning", "", {}),
                ("January 2019", "", {"iso": "2019-01"}),
            ],
            "quotes": [
                ("at the invitation of Comrade Xi Jinping.", "", {"speaker": "Xi Jinping"}),
                (
                    "some talk previously that (North Korea) has gone closer to Moscow’s orbit "
                    "at the expense of Beijing.",
                    "",
                    {"speaker": "Dylan Loh"},
                ),
            ],
            "numbers": [
                ("eighty", "", {"value": 80, "unit": "years"}),
                ("seventy-five", "", {"value": 75, "unit": "years", "measures": "diplomatic relations"}),
            ],
        },
    )
    missing = Person(name="Moon Jae-in", grounding=Grounding(status=MatchStatus.NOT_FOUND))
    facts = result.facts.model_copy(update={"people": [*result.facts.people, missing]})
    return result.model_copy(update={"facts": facts, "dropped": {"people": 1}, "kept_ungrounded": True})


# --- parsing what was rendered ------------------------------------------------------------------


@dataclass
class Mark:
    attrs: dict[str, str]
    parent: str | None
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    @property
    def span(self) -> tuple[int, int]:
        return int(self.attrs["data-start"]), int(self.attrs["data-end"])


class PageParser(HTMLParser):
    """The article's text, its marks (with their text after stripping inner tags) and stray tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = False
        self.article: list[str] = []
        self.open: list[Mark] = []
        self.marks: list[Mark] = []
        self.other_tags_in_article: list[str] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "div" and values.get("id") == "article":
            self.in_article = True
        elif tag == "mark" and self.in_article:
            mark = Mark(values, self.open[-1].attrs["id"] if self.open else None)
            self.open.append(mark)
            self.marks.append(mark)
        elif self.in_article:
            self.other_tags_in_article.append(tag)
        if tag == "script":
            self._script = values.get("id", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.in_article:
            assert self.open, "a </mark> closes nothing"
            self.open.pop()
        elif tag == "div" and self.in_article:
            assert not self.open, "the article ends inside a mark"
            self.in_article = False
        elif tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self.in_article:
            self.article.append(data)
            for mark in self.open:
                mark.chunks.append(data)
        if self._script is not None:
            self.scripts[self._script] = self.scripts.get(self._script, "") + data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def grounded_spans(result: ExtractionResult) -> dict[str, tuple[int, int]]:
    spans = {}
    for name, items in result.facts.fields():
        for index, item in enumerate(items):
            g = item.grounding
            if g is not None and g.status != "not_found" and g.start is not None and g.end is not None:
                spans[f"{name}-{index}"] = (g.start, g.end)
    return spans


def check_marks(text: str, result: ExtractionResult, parser: PageParser) -> None:
    """Every grounded fact: one mark (plus continuation pieces) on its span, holding exactly its text."""
    assert "".join(parser.article) == text
    assert not parser.other_tags_in_article
    spans = grounded_spans(result)
    assert {m.attrs["data-key"] for m in parser.marks} == set(spans)
    for key, (start, end) in spans.items():
        pieces = [m for m in parser.marks if m.attrs["data-key"] == key]
        primary = [m for m in pieces if "data-part" not in m.attrs]
        assert len(primary) == 1, key
        assert primary[0].attrs["id"] == f"m-{key}"
        assert primary[0].attrs["data-field"] == key.rsplit("-", 1)[0]
        assert primary[0].attrs["data-status"] == "exact"
        assert all(m.span == (start, end) for m in pieces)
        assert "".join(m.text for m in pieces) == text[start:end], key


# --- pure checks --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["short", "kim"])
def test_every_grounded_fact_has_one_mark_on_its_span(name: str, kim_text: str) -> None:
    text, result = (SHORT, SHORT_RESULT) if name == "short" else (kim_text, kim_result(kim_text))
    parser = parse(render_facts_page(text, result))
    check_marks(text, result, parser)
    assert all("data-part" not in m.attrs for m in parser.marks)  # nothing crosses here: no pieces


def test_name_org_and_date_nest_inside_the_quote() -> None:
    marks = {m.attrs["id"]: m for m in parse(render_facts_page(SHORT, SHORT_RESULT)).marks}
    for inner in ("m-people-0", "m-organizations-0", "m-dates-0"):
        assert marks[inner].parent == "m-quotes-0"
    assert marks["m-quotes-0"].parent is None
    assert marks["m-quotes-0"].text == SHORT_RESULT.facts.quotes[0].text


def test_names_places_and_dates_nest_in_kim(kim_text: str) -> None:
    marks = {m.attrs["id"]: m for m in parse(render_facts_page(kim_text, kim_result(kim_text))).marks}
    assert marks["m-people-1"].parent == "m-quotes-0"  # Xi Jinping inside "...Comrade Xi Jinping."
    assert marks["m-locations-1"].parent == marks["m-locations-2"].parent == "m-quotes-1"
    assert marks["m-dates-2"].parent == "m-dates-1"  # "1940s" inside "the 1930s and 1940s"


def test_crossing_and_identical_spans_are_cut_into_nested_pieces() -> None:
    text = "Washington said the Bank of New York City office will close."
    result = _news(
        text,
        {
            "people": [("Washington", "", {})],
            "locations": [("Washington", "", {}), ("New York City", "", {})],
            "organizations": [("Bank of New York", "", {})],
            "quotes": [("York City office will close", "", {})],
        },
    )
    parser = parse(render_facts_page(text, result))
    check_marks(text, result, parser)
    by_key: dict[str, list[Mark]] = {}
    for mark in parser.marks:
        by_key.setdefault(mark.attrs["data-key"], []).append(mark)
    assert [m.text for m in by_key["locations-1"]] == ["New York", " City"]
    assert [m.attrs["id"] for m in by_key["locations-1"]] == ["m-locations-1", "m-locations-1-1"]
    assert [m.text for m in by_key["quotes-0"]] == ["York", " City office will close"]
    assert by_key["locations-1"][1].parent == "m-quotes-0-1"
    assert by_key["locations-0"][0].parent == "m-people-0"  # the same span: one inside the other


def test_random_overlaps_always_nest_and_cover_their_spans() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("abc <>&\"'\n") for _ in range(60))
    for _ in range(150):
        spans = []
        for _ in range(rng.randint(1, 8)):
            start = rng.randrange(len(text) - 1)
            spans.append((start, rng.randint(start + 1, min(len(text), start + 20))))
        facts = {
            name: [
                {"text": text[s:e], "grounding": {"status": "exact", "start": s, "end": e}}
                | ({"value": 1} if name == "numbers" else {})
                for s, e in spans[i::3]
            ]
            for i, name in enumerate(["dates", "quotes", "numbers"])
        }
        result = _result(facts)
        check_marks(text, result, parse(render_facts_page(text, result)))


def test_article_markup_is_escaped_and_the_json_cannot_close_its_script() -> None:
    text = 'Tom wrote "</script><script>alert(1)</script> <b>bold</b> & co" on\r\nMonday.'
    evil = "</script><script>alert(1)</script> <b>bold</b> & co"
    result = _news(text, {"people": [("Tom", "", {"role": "</script><!--"})], "quotes": [(evil, "", {})]})
    page = render_facts_page(text, result, title="<i>Title</i>")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<b>bold" not in page and "<i>Title" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    parser = parse(page)
    check_marks(text, result, parser)  # the CR survives as &#13;
    data = json.loads(parser.scripts["facts-data"])
    assert data["quotes-0"]["value"] == evil and data["people-0"]["detail"] == "</script><!--"


def test_table_rows_link_to_their_highlights_and_show_the_misses(kim_text: str) -> None:
    result = kim_result(kim_text)
    page = render_facts_page(kim_text, result)
    ids = {m.attrs["id"] for m in parse(page).marks}
    rows = re.findall(r'<tr id="row-([\w-]+)"[^>]*>(.*?)</tr>', page)
    assert len(rows) == sum(len(items) for _, items in result.facts.fields())
    for key, row in rows:
        if key == "people-4":
            assert "Moon Jae-in" in row and "not_found" in row and "href" not in row
        else:
            assert f'href="#m-{key}"' in row and f"m-{key}" in ids
    assert "North Korean leader; aka Kim" in page and "speaker: Dylan Loh" in page
    assert "75 years; measures diplomatic relations" in page and "iso 2019-01" in page


def test_run_stamp_and_self_containment(kim_text: str) -> None:
    page = render_facts_page(kim_text, kim_result(kim_text), title="Kim in Beijing")
    stamp = page.split('<section id="run">')[1]
    for expected in (
        "fake:scripted",
        "extract-focused@9e97d9f17402",
        "news@d81d52d902cc",
        "3 calls · 2,474 prompt + 308 completion tokens · 1 reasks",
        "41.2 s",
        "people 1 (kept, marked not_found)",
        "0123456789abcdef",
    ):
        assert expected in stamp, expected
    assert "<title>Kim in Beijing</title>" in page
    assert not re.search(r"\b(?:src|srcset|action)\s*=", page)
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page


# --- headless Chromium --------------------------------------------------------------------------


def write_page(tmp_path: Path, text: str, result: ExtractionResult) -> Path:
    page = tmp_path / "page.html"
    page.write_text(render_facts_page(text, result, title="factsum test page"), encoding="utf-8")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("name", ["short", "kim", "escaping"])
def test_chromium_renders_the_marks_where_the_spans_say(
    name: str, chromium: str, tmp_path: Path, kim_text: str
) -> None:
    if name == "short":
        text, result = SHORT, SHORT_RESULT
    elif name == "kim":
        text, result = kim_text, kim_result(kim_text)
    else:
        text = 'He wrote "</script><script>document.title=1</script><b>x</b>" & left.'
        result = _news(text, {"quotes": [("</script><script>document.title=1</script><b>x</b>", "", {})]})
    dom = run_chromium(chromium, tmp_path, "--dump-dom", write_page(tmp_path, text, result).as_uri())
    parser = parse(dom.decode("utf-8"))
    check_marks(text, result, parser)  # also: the article's DOM text is the article, with no stray element
    assert re.search(rb'<body[^>]*data-js="ready"', dom), "the page's script did not run to the end"
    assert b"<title>factsum test page</title>" in dom


@pytest.mark.browser
def test_chromium_screenshot_of_the_kim_page(chromium: str, tmp_path: Path, kim_text: str) -> None:
    page = write_page(tmp_path, kim_text, kim_result(kim_text))
    png = tmp_path / "page.png"
    run_chromium(chromium, tmp_path, f"--screenshot={png}", "--window-size=1280,2000", page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)
    assert len(data) > 40_000  # a blank or error page compresses to a few kB


@pytest.mark.browser
def test_chromium_side_panel_shows_the_fact_a_link_points_to(chromium: str, tmp_path: Path) -> None:
    uri = write_page(tmp_path, SHORT, SHORT_RESULT).as_uri() + "#m-people-0"
    dom = run_chromium(chromium, tmp_path, "--dump-dom", uri).decode("utf-8")
    panel = dom.split('id="panel-body"')[1].split("</aside>")[0]
    for expected in ("person (people)", "Ana Ruiz", "finance minister", "exact", 'href="#row-people-0"'):
        assert expected in panel, expected
    assert re.search(r'<tr id="row-people-0"[^>]*class="active"', dom)


# ---------------------------------------------------------------- the summary page

SUMMARY_STORY = (
    "The harbour in Portmere reopened on Monday after storm repairs.\n\n"
    "Mayor Ana Ruiz said the work cost 3 million euros <and> more.\n\n"
    "Fishing boats returned to the quay within hours.\n"
)


def summary_result() -> Any:
    import factsum
    from factsum.config import Settings

    return factsum.summarize(SUMMARY_STORY, max_words=30, settings=Settings())


def test_summary_page_marks_each_source_span_with_the_sentences_citing_it() -> None:
    from factsum.render_summary import render_summary_page, source_marks

    result = summary_result()
    marks = source_marks(SUMMARY_STORY, result)
    assert [SUMMARY_STORY[a:b] for a, b, _ in marks] == [s.text for s in result.sentences]
    assert [cites for _, _, cites in marks] == [[0], [1], [2]]
    page = render_summary_page(SUMMARY_STORY, result, title="t")
    assert "&lt;and&gt;" in page and "<and>" not in page
    assert page.count('<mark class="src"') == 3


@pytest.mark.browser
def test_chromium_lights_a_sentences_sources(chromium: str, tmp_path: Path) -> None:
    from factsum.render_summary import render_summary_page

    page = tmp_path / "summary.html"
    page.write_text(render_summary_page(SUMMARY_STORY, summary_result(), title="t"), encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri() + "#s-1").decode("utf-8")
    assert re.search(r'<body[^>]*data-js="ready"', dom), "the page's script did not run to the end"
    lit = re.findall(
        r'<mark class="src lit" data-s="([^"]*)" data-start="(\d+)" data-end="(\d+)">([^<]*)</mark>', dom
    )
    assert [(cites, SUMMARY_STORY[int(a) : int(b)]) for cites, a, b, _ in lit] == [
        ("1", "Mayor Ana Ruiz said the work cost 3 million euros <and> more.")
    ]
    assert html.unescape(lit[0][3]) == "Mayor Ana Ruiz said the work cost 3 million euros <and> more."
    assert 'id="s-1" data-s="1" tabindex="0" class="lit"' in dom
