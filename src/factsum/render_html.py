"""One self-contained HTML page for an extraction: the article with its grounded facts highlighted.

The page has inline CSS and JS and loads nothing. Highlights are built here, in Python, as properly
nested ``<mark>`` elements: a span that crosses an earlier one is cut into pieces at the crossing
edges, so a name or a date inside a quote nests and every piece is well-formed HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from factsum.schemas import ExtractionResult, MatchStatus, NewsFacts

# news field -> (label of one item, the item key holding its text)
# what one item of each news field is called on the page
FIELD_LABELS: dict[str, str] = {
    "people": "person",
    "organizations": "organization",
    "locations": "location",
    "dates": "date",
    "quotes": "quote",
    "numbers": "number",
}


@dataclass(frozen=True)
class Fact:
    """One extracted item as the page shows it; ``span`` is ``None`` when it is not highlighted."""

    key: str  # "<field>-<index>": unique in a page; marks are "m-<key>", table rows "row-<key>"
    field: str
    label: str
    value: str
    detail: str
    status: str
    span: tuple[int, int] | None


def collect_facts(text: str, result: ExtractionResult[Any]) -> list[Fact]:
    """The news facts of ``result`` in field order (none for a custom schema); a fact gets a
    span only if it lies inside ``text``."""
    if not isinstance(result.facts, NewsFacts):
        return []
    facts: list[Fact] = []
    for field, items in result.facts.fields():
        for index, item in enumerate(items):
            grounding = item.grounding
            status = str(grounding.status.value if grounding else "ungrounded")
            start, end = (grounding.start, grounding.end) if grounding else (None, None)
            span = None
            if start is not None and end is not None and 0 <= start < end <= len(text):
                span = None if status == MatchStatus.NOT_FOUND else (start, end)
            detail = item_detail(field, item.model_dump(mode="json"))
            key, label = f"{field}-{index}", FIELD_LABELS[field]
            facts.append(Fact(key, field, label, item.key_text, detail, status, span))
    return facts


def item_detail(field: str, item: dict[str, Any]) -> str:
    """What an item says besides its value: role, iso date, speaker, number and unit, aliases."""
    parts: list[str] = []
    if field == "people" and item.get("role"):
        parts.append(str(item["role"]))
    if field == "dates" and item.get("iso"):
        parts.append(f"iso {item['iso']}")
    if field == "quotes" and item.get("speaker"):
        parts.append(f"speaker: {item['speaker']}")
    if field == "numbers":
        value = item.get("value")
        if isinstance(value, int | float):
            number = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
            parts.append(f"{number} {item.get('unit') or ''}".strip())
        if item.get("measures"):
            parts.append(f"measures {item['measures']}")
    if item.get("aliases"):
        parts.append("aka " + ", ".join(str(alias) for alias in item["aliases"]))
    return "; ".join(parts)


def _crosses(a: int, b: int, c: int, d: int) -> bool:
    return a < c < b < d or c < a < d < b


def nested_pieces(facts: list[Fact]) -> list[tuple[int, int, int, Fact]]:
    """``(start, end, part, fact)`` pieces that nest properly, sorted for rendering.

    Facts are placed longest-first at each start; a span crossing an already placed piece is cut at
    that piece's edges (part 0, 1, ...). Identical spans nest one inside the other.
    """
    spans: list[tuple[int, int, Fact]] = []
    for fact in facts:
        if fact.span is not None:
            spans.append((fact.span[0], fact.span[1], fact))
    placed: list[tuple[int, int, int, Fact]] = []
    for start, end, fact in sorted(spans, key=lambda s: (s[0], -s[1])):
        pieces, i = [(start, end)], 0
        while i < len(pieces):
            a, b = pieces[i]
            cuts = (x for c, d, _, _ in placed if _crosses(a, b, c, d) for x in (c, d) if a < x < b)
            cut = next(cuts, None)
            if cut is None:
                i += 1
            else:
                pieces[i : i + 1] = [(a, cut), (cut, b)]
        placed.extend((a, b, part, fact) for part, (a, b) in enumerate(pieces))
    return sorted(placed, key=lambda p: (p[0], -p[1]))


def _text(s: str) -> str:
    # a raw CR would be folded into the next LF by the HTML parser; a reference keeps spans exact
    return html.escape(s, quote=False).replace("\r", "&#13;")


def _attr(s: object) -> str:
    return html.escape(str(s), quote=True)


def _summary(fact: Fact) -> str:
    detail = f" — {fact.detail}" if fact.detail else ""
    return f"{fact.label}: {fact.value}{detail} [{fact.status}]"


def _mark(fact: Fact, part: int) -> str:
    assert fact.span is not None
    ident = f"m-{fact.key}" if part == 0 else f"m-{fact.key}-{part}"
    extra = ' tabindex="0"' if part == 0 else f' data-part="{part}"'
    return (
        f'<mark id="{ident}" class="k-{fact.label}" data-key="{fact.key}" data-field="{fact.field}" '
        f'data-start="{fact.span[0]}" data-end="{fact.span[1]}" data-status="{_attr(fact.status)}" '
        f'title="{_attr(_summary(fact))}"{extra}>'
    )


def highlight(text: str, facts: list[Fact]) -> str:
    """The escaped article with a nested ``<mark>`` (or pieces of one) for every fact with a span."""
    out: list[str] = []
    open_ends: list[int] = []
    pos = 0
    for start, end, part, fact in nested_pieces(facts):
        while open_ends and open_ends[-1] <= start:
            close = open_ends.pop()
            out += [_text(text[pos:close]), "</mark>"]
            pos = close
        out += [_text(text[pos:start]), _mark(fact, part)]
        pos = start
        open_ends.append(end)
    while open_ends:
        close = open_ends.pop()
        out += [_text(text[pos:close]), "</mark>"]
        pos = close
    out.append(_text(text[pos:]))
    return "".join(out)


def _script_json(data: object) -> str:
    """JSON that cannot end its <script> element early, whatever the article or the model wrote."""
    raw = json.dumps(data, ensure_ascii=False)
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _table(facts: list[Fact]) -> str:
    rows = []
    for n, fact in enumerate(facts, 1):
        value = _text(fact.value)
        if fact.span is not None:
            value = f'<a href="#m-{fact.key}">{value}</a>'
            span = f'<a href="#m-{fact.key}">{fact.span[0]}–{fact.span[1]}</a>'
        else:
            span = "—"
        rows.append(
            f'<tr id="row-{fact.key}" data-key="{fact.key}" data-status="{_attr(fact.status)}">'
            f'<td class="num">{n}</td>'
            f'<td class="num"><span class="swatch k-{fact.label}"></span>{fact.label}</td>'
            f'<td>{value}</td><td>{_text(fact.detail) or "—"}</td><td class="num">{span}</td>'
            f'<td><span class="status">{_text(fact.status)}</span></td></tr>'
        )
    if not rows:
        rows.append('<tr><td colspan="6">No facts were extracted.</td></tr>')
    head = "".join(f"<th scope=col>{h}</th>" for h in ("#", "field", "value", "detail", "span", "status"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _run_stamp(result: ExtractionResult[Any]) -> str:
    run, usage = result.run, result.run.usage
    dropped = ", ".join(f"{field} {count}" for field, count in sorted(result.dropped.items()) if count)
    rows = [
        ("model", run.model),
        ("prompt", f"{run.prompt_name}@{run.prompt_id}"),
        ("schema", f"{run.schema_name}@{run.schema_id}"),
        ("settings", run.settings_id),
        (
            "usage",
            f"{usage.calls} calls · {usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} "
            f"completion tokens · {usage.reasks} reasks",
        ),
        ("seconds", f"{run.seconds:.1f} s"),
        ("dropped", (dropped or "none") + (" (kept, marked not_found)" if result.kept_ungrounded else "")),
        ("run id", run.id),
        ("input sha256", run.input_sha256),
        ("factsum", run.factsum_version),
    ]
    cells = "".join(f"<div><dt>{k}</dt><dd>{_text(v)}</dd></div>" for k, v in rows)
    return f'<dl class="stamp">{cells}</dl>'


_CSS = """
:root{--ink:#1b1b1b;--muted:#555;--line:#d0d0d0;font-family:system-ui,-apple-system,"Segoe UI",
Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
body{margin:0 auto;max-width:1240px;padding:1.2rem 1.5rem 3rem}
h1{font-size:1.45rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .6rem}
.sub{color:var(--muted);margin:.2rem 0 .8rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.6rem 0;list-style:none}
.legend li{display:flex;align-items:center;gap:.35rem}
.swatch{display:inline-block;width:1.1em;height:1.1em;margin-right:.35rem;vertical-align:-.2em;
border-radius:3px;border:2px solid}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:1.5rem;align-items:start}
#article{white-space:pre-wrap;line-height:2;font-size:1.02rem;border:1px solid var(--line);
border-radius:6px;padding:1rem 1.2rem;overflow-wrap:anywhere}
mark{color:inherit;border-radius:3px;padding:.1em 0;cursor:pointer;border-bottom:3px solid}
mark mark{padding:0 1px}
mark[data-status=normalized],mark[data-status=fuzzy]{outline:1px dashed #333;outline-offset:1px}
mark.active,mark:focus,mark:target{outline:3px solid #111;outline-offset:1px}
.k-person{background:#dbeafe;border-color:#1d4ed8}
.k-organization{background:#ffe4c7;border-color:#c2410c;border-bottom-style:double}
.k-location{background:#d7f5e1;border-color:#15803d;border-bottom-style:dashed}
.k-date{background:#efe3ff;border-color:#7e22ce;border-bottom-style:dotted}
.k-quote{background:#fff6b8;border-color:#a16207}
.k-number{background:#ffe0e0;border-color:#b91c1c;border-bottom-style:dashed}
#panel{position:sticky;top:1rem;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;
background:#fafafa;font-size:.95rem}
#panel h2{margin:0 0 .5rem}#panel dl{margin:0 0 .6rem}#panel dt{font-weight:600;color:var(--muted);
font-size:.8rem;text-transform:uppercase;margin-top:.4rem}#panel dd{margin:0;overflow-wrap:anywhere}
#panel-body{padding:.4rem .6rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
tr.active,tr:target{background:#fff3c4}
tr[data-status=not_found] .status,tr[data-status=fuzzy] .status{color:#b91c1c;font-weight:600}
a{color:#0b57b0}
.stamp{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.4rem 1.2rem;
margin:0}.stamp dt{font-size:.8rem;color:var(--muted);text-transform:uppercase}
.stamp dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88rem;
overflow-wrap:anywhere}
@media (max-width:800px){.layout{grid-template-columns:1fr}#panel{position:static}}
"""

_JS = """
(() => {
  const facts = JSON.parse(document.getElementById("facts-data").textContent);
  const body = document.getElementById("panel-body");
  let pinned = null;
  const show = (key) => {
    const f = facts[key];
    if (!f) return;
    const dl = document.createElement("dl");
    for (const [k, v] of [["field", f.label + " (" + f.field + ")"], ["value", f.value],
        ["detail", f.detail || "—"], ["span", f.start + "–" + f.end], ["status", f.status]]) {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v; dl.append(dt, dd);
    }
    const link = document.createElement("a");
    link.href = "#row-" + key; link.textContent = "Show in the table ↓";
    body.replaceChildren(dl, link);
    body.className = "k-" + f.label;
  };
  const select = (key) => {
    pinned = key;
    for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
    for (const el of document.querySelectorAll('[data-key="' + key + '"]')) el.classList.add("active");
    show(key);
  };
  const markOf = (e) => (e.target instanceof Element ? e.target.closest("mark[data-key]") : null);
  const article = document.getElementById("article");
  article.addEventListener("mouseover", (e) => { const m = markOf(e); if (m) show(m.dataset.key); });
  article.addEventListener("mouseleave", () => { if (pinned) show(pinned); });
  article.addEventListener("click", (e) => { const m = markOf(e); if (m) select(m.dataset.key); });
  article.addEventListener("focusin", (e) => { const m = markOf(e); if (m) select(m.dataset.key); });
  const fromHash = () => {
    const el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (el && el.dataset.key) select(el.dataset.key);
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.dataset.js = "ready";
})();
"""


def render_facts_page(text: str, result: ExtractionResult[Any], *, title: str | None = None) -> str:
    """The article with every grounded fact highlighted, a table of the facts and the run stamp."""
    facts = collect_facts(text, result)
    shown = sum(fact.span is not None for fact in facts)
    heading = title or f"factsum facts · run {result.run.id}"
    legend = "".join(
        f'<li><span class="swatch k-{label}"></span>{label} ({sum(f.field == field for f in facts)})</li>'
        for field, label in FIELD_LABELS.items()
    )
    data = {
        f.key: {
            "field": f.field,
            "label": f.label,
            "value": f.value,
            "detail": f.detail,
            "status": f.status,
            "start": f.span[0] if f.span else None,
            "end": f.span[1] if f.span else None,
        }
        for f in facts
    }
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="factsum {_attr(result.run.factsum_version)}">
<title>{_text(heading)}</title>
<style>{_CSS}</style></head>
<body>
<header><h1>{_text(heading)}</h1>
<p class="sub">{len(facts)} facts, {shown} highlighted in the article · model {_text(result.run.model)}</p>
<ul class="legend" aria-label="Legend">{legend}
<li>dashed outline: normalized or fuzzy match</li></ul></header>
<div class="layout">
<div id="article" aria-label="Article">{highlight(text, facts)}</div>
<aside id="panel" aria-live="polite"><h2>Fact</h2>
<div id="panel-body">Hover over, click or tab to a highlight to see the fact.</div></aside>
</div>
<section id="facts"><h2>Facts</h2>{_table(facts)}</section>
<section id="run"><h2>Run</h2>{_run_stamp(result)}</section>
<script type="application/json" id="facts-data">{_script_json(data)}</script>
<script>{_JS}</script>
</body></html>
"""
