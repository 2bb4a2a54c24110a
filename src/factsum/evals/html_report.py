"""One self-contained HTML page for eval results: the matrix, then what each run got wrong.

Built from the results JSON (the dict :func:`factsum.evals.report.results_json` writes) and
the article texts, never from the runner's objects, so a page can be made from any results
file and stays right while the runner changes inside. Per set: the table of the terminal and
the Markdown report, then per document and per run (prompt × model × sample) the missed items
(in the labels, not predicted) and the spurious ones (predicted, not in the labels) of each
field, a failure's reason, and the article with those items highlighted.

Labels carry no character offsets, and the results keep the predictions without theirs, so
an item's span is found here with :func:`factsum.grounding.locate`, the function that grounds
extractions: the first place the article says it. Highlighting is
:func:`factsum.render_html.highlight`, the facts page's, so marks nest the same way.
The page has inline CSS and JS and loads nothing; every string from an article, a label file
or a model is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from factsum.evals.report import TABLE_METRICS, row_cells, settings_ids
from factsum.grounding import locate
from factsum.render_html import FIELD_LABELS, Fact, highlight, item_detail
from factsum.schemas.grounding import MatchStatus
from factsum.schemas.news import NEWS_ITEM_TYPES

__all__ = ["KINDS", "item_json", "render_eval_page", "render_eval_sets"]

# what a run got wrong, as the page names it: (data-kind, legend text)
KINDS = {
    "missed": "missed: in the labels, not predicted",
    "spurious": "spurious: predicted, not in the labels",
}
_HEADERS = ("prompt", "model", *TABLE_METRICS, "grounding", "valid", "tokens", "s/doc", "cost")

ResultSet = tuple[Mapping[str, Any], Mapping[str, str]]


def item_json(item: Mapping[str, Any]) -> str:
    """An item as one canonical JSON string: the page's ``data-item``, comparable with the results."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _span(text: str, field: str, item: Mapping[str, Any]) -> tuple[int, int] | None:
    """Where the article first says the item (its value, else an alias), or None."""
    key = NEWS_ITEM_TYPES[field].key_field
    needles = [item.get(key), *(item.get("aliases") or [])]
    for needle in needles:
        if not isinstance(needle, str):
            continue
        found = locate(text, needle)
        if found.status is not MatchStatus.NOT_FOUND and found.start is not None and found.end is not None:
            return found.start, found.end
    return None


def _facts(prefix: str, text: str | None, fields: Mapping[str, Any]) -> list[tuple[Fact, dict[str, Any]]]:
    """The missed and spurious items of one run, each as a Fact (its status is the kind) and the item."""
    facts: list[tuple[Fact, dict[str, Any]]] = []
    for field, score in fields.items():
        if field not in FIELD_LABELS:
            continue
        label, key = FIELD_LABELS[field], NEWS_ITEM_TYPES[field].key_field
        for kind in KINDS:
            for index, raw in enumerate(score.get(kind) or []):
                item = dict(raw) if isinstance(raw, Mapping) else {"invalid": raw}
                value = item.get(key)
                shown = str(value) if value is not None else item_json(item)
                span = _span(text, field, item) if text is not None else None
                fact = Fact(f"{prefix}-{field}-{kind}-{index}", field, label, shown,
                            item_detail(field, item), kind, span)  # fmt: skip
                facts.append((fact, item))
    return facts


def _items_table(facts: list[tuple[Fact, dict[str, Any]]]) -> str:
    rows = []
    for fact, item in facts:
        where = (
            f'<a href="#m-{fact.key}">{fact.span[0]}–{fact.span[1]}</a>'
            if fact.span
            else "not in the article"
        )
        rows.append(
            f'<tr class="item" data-field="{fact.field}" data-kind="{fact.status}" '
            f'data-item="{_e(item_json(item))}"><td>{fact.field}</td>'
            f'<td><span class="kind kind-{fact.status}">{fact.status}</span></td>'
            f'<td class="value">{_e(fact.value)}</td><td>{_e(fact.detail) or "—"}</td><td>{where}</td></tr>'
        )
    head = "".join(f"<th scope=col>{h}</th>" for h in ("field", "kind", "value", "detail", "span"))
    return f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _counts(fields: Mapping[str, Any]) -> str:
    cells = [
        f"{name} {score['tp']} ok · {score['fn']} missed · {score['fp']} spurious"
        for name, score in fields.items()
    ]
    return " | ".join(cells)


def _summary_scores(doc: Mapping[str, Any]) -> str:
    summary = doc["score"].get("summary") or {}
    parts = []
    if summary.get("rougeL") is not None:
        parts.append(f"ROUGE-L {summary['rougeL']:.3f}")
    covered = (summary.get("key_points") or {}).get("covered")
    if covered is not None:
        parts.append(f"key points {sum(covered)} of {len(covered)} conveyed")
    predicted = doc.get("prediction", {}).get("summary")
    out = f'<p class="scores">{_e(" · ".join(parts))}</p>' if parts else ""
    if isinstance(predicted, str) and predicted:
        out += f'<blockquote class="summary">{_e(predicted)}</blockquote>'
    return out


def _run(prefix: str, row: Mapping[str, Any], doc: Mapping[str, Any], text: str | None, repeat: int) -> str:
    fields = doc["score"].get("fields") or {}
    facts = _facts(prefix, text, fields)
    missed = sum(f.status == "missed" for f, _ in facts)
    spurious = len(facts) - missed
    failed = doc.get("status") == "failed"
    sample = f" · sample {int(doc['sample']) + 1}" if repeat > 1 else ""
    tally = f"{missed} missed, {spurious} spurious" if fields else "summary"
    status = ' · <span class="failed">failed</span>' if failed else ""
    parts = [
        f'<details class="run" id="{prefix}" data-prompt="{_e(row["prompt"])}" '
        f'data-model="{_e(row["model"])}" '
        f'data-sample="{int(doc["sample"])}" data-status="{_e(doc.get("status", "ok"))}">',
        f"<summary>{_e(row['prompt'])} × {_e(row['model'])}{sample} — {tally}{status}</summary>",
    ]
    if failed:
        reason = doc.get("error") or "no reason recorded"
        parts.append(f'<p class="failure">failed: {_e(reason)} (scored as an empty prediction)</p>')
    if fields:
        parts.append(f'<p class="scores">{_e(_counts(fields))}</p>')
        parts.append(_items_table(facts) if facts else '<p class="clean">Nothing missed or spurious.</p>')
    parts.append(_summary_scores(doc))
    if text is not None and facts:
        parts.append(f'<div class="article">{highlight(text, [f for f, _ in facts])}</div>')
    parts.append("</details>")
    return "".join(parts)


def _matrix(rows: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f"<th scope=col>{_e(h)}</th>" for h in _HEADERS)
    body = []
    for row in rows:
        failed = f" ({row['failed']} failed)" if row.get("failed") else ""
        cells = [f"<td>{_e(row['prompt'])}{failed}</td>", f"<td>{_e(row['model'])}</td>"]
        cells += [f'<td class="num">{_e(c)}</td>' for c in row_cells(row)]
        body.append(
            f'<tr data-prompt="{_e(row["prompt"])}" data-model="{_e(row["model"])}">{"".join(cells)}</tr>'
        )
    table = f'<table class="matrix"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return f'<div class="scroll">{table}</div>'


def _set(number: int, results: Mapping[str, Any], articles: Mapping[str, str]) -> str:
    rows = list(results.get("rows") or [])
    repeat = int(results.get("repeat") or 1)
    # each document's runs, rows in order, documents in the order the rows first list them
    runs_of: dict[str, list[tuple[int, Mapping[str, Any], Mapping[str, Any]]]] = {}
    for row_number, row in enumerate(rows):
        for doc in row.get("documents") or []:
            runs_of.setdefault(str(doc["id"]), []).append((row_number, row, doc))
    stamp = (
        f"factsum {results.get('factsum_version', '?')} · {results.get('created', '?')} · "
        f"schema {results.get('schema_id', '?')} · settings {settings_ids(rows)} · "
        f"style {results.get('style', '?')} · repeat {repeat}"
    )
    out = [
        f'<section class="set" id="set-{number}" data-directory="{_e(results.get("directory", ""))}">',
        f"<h2>{_e(results.get('directory', f'set {number}'))}</h2>",
        f'<p class="sub">{_e(stamp)}</p>',
        _matrix(rows),
    ]
    out += [f'<p class="warning">warning: {_e(w)}</p>' for w in results.get("warnings") or []]
    out.append(f"<h3>Documents ({len(runs_of)})</h3>")
    for doc_number, (doc_id, doc_runs) in enumerate(runs_of.items()):
        text = articles.get(doc_id)
        runs = [
            _run(f"s{number}-d{doc_number}-r{row_number}-x{int(doc['sample'])}", row, doc, text, repeat)
            for row_number, row, doc in doc_runs
        ]
        missing = "" if text is not None else '<p class="warning">The article text was not given.</p>'
        out.append(
            f'<section class="doc" id="s{number}-d{doc_number}" data-doc="{_e(doc_id)}">'
            f"<h4>{_e(doc_id)}</h4>{missing}{''.join(runs)}</section>"
        )
    out.append("</section>")
    return "".join(out)


_CSS = """
:root{--ink:#1b1b1b;--muted:#555;--line:#d0d0d0;font-family:system-ui,-apple-system,"Segoe UI",
Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
body{margin:0 auto;max-width:1400px;padding:1.2rem 1.5rem 3rem}
h1{font-size:1.45rem}h2{font-size:1.2rem;margin-top:2rem;border-top:2px solid var(--line);padding-top:1rem}
h3{font-size:1.05rem}h4{font-size:1rem;margin:1.2rem 0 .4rem;font-family:ui-monospace,monospace}
.sub,.scores{color:var(--muted);font-size:.9rem}.warning,.failure{color:#9a3412;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.4rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.88rem;margin:.4rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details.run{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.3rem .8rem}
details.run>summary{cursor:pointer;font-weight:600}
details.run[data-status=failed]{border-color:#c2410c}
.failed{color:#b91c1c}
.article{white-space:pre-wrap;line-height:1.9;border-left:3px solid var(--line);padding:.4rem 1rem;
margin:.6rem 0;overflow-wrap:anywhere}
mark{color:inherit;border-radius:3px;padding:.1em 0}
mark mark{padding:0 1px}
mark:target{outline:3px solid #111}
.kind{display:inline-block;border-radius:3px;padding:0 .35em;font-size:.85rem}
mark[data-status=missed],.kind-missed{background:#fecaca;border-bottom:3px solid #b91c1c}
mark[data-status=spurious],.kind-spurious{background:#fde68a;border-bottom:3px dashed #a16207;
text-decoration:line-through;text-decoration-color:#a16207}
blockquote.summary{margin:.4rem 0;padding:.3rem .8rem;background:#f6f6f6;border-radius:4px}
button{font:inherit;margin-right:.5rem}
"""

_JS = """
(() => {
  const all = (open) => () => { for (const d of document.querySelectorAll("details.run")) d.open = open; };
  document.getElementById("open-all").addEventListener("click", all(true));
  document.getElementById("close-all").addEventListener("click", all(false));
  const reveal = () => {
    const el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const run = el ? el.closest("details.run") : null;
    if (run) { run.open = true; el.scrollIntoView(); }
  };
  window.addEventListener("hashchange", reveal);
  reveal();
  document.body.dataset.js = "ready";
})();
"""


def render_eval_sets(sets: Sequence[ResultSet], *, title: str | None = None) -> str:
    """One page over several eval sets: a section per ``(results, articles)`` pair.

    ``results`` is a results JSON as a dict; ``articles`` maps a document id to its text.
    """
    names = ", ".join(str(results.get("directory", "?")) for results, _ in sets)
    heading = f"factsum eval · {title or names}"
    legend = "".join(
        f'<li><span class="kind kind-{kind}">{kind}</span>{_e(text.split(": ", 1)[1])}</li>'
        for kind, text in KINDS.items()
    )
    body = "".join(_set(n, results, articles) for n, (results, articles) in enumerate(sets, 1))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(heading)}</title>
<style>{_CSS}</style></head>
<body>
<header><h1>{_e(heading)}</h1>
<ul class="legend" aria-label="Legend">{legend}
<li>per document, each run: prompt × model; open one to see its items and the article</li></ul>
<p><button type="button" id="open-all">Open all</button>
<button type="button" id="close-all">Close all</button></p>
</header>
<main>{body}</main>
<script>{_JS}</script>
</body></html>
"""


def render_eval_page(
    results: Mapping[str, Any], articles: Mapping[str, str], *, title: str | None = None
) -> str:
    """The page for one eval set: ``results`` as written to its JSON, ``articles`` by document id."""
    return render_eval_sets([(results, articles)], title=title)
