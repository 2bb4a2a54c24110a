"""One self-contained HTML page for a summary: each summary sentence beside the article, and
hovering (or focusing) a sentence lights up the article text it was built from.

The page loads nothing. A source span is one ``<mark>`` carrying the indices of every summary
sentence that cites it (``data-s="0 2"``); spans are article sentences, so they never cross.
``#s-N`` in the URL lights sentence N on load, which makes a sentence's sources linkable.
"""

from __future__ import annotations

import html

from factsum.schemas import SummaryResult

_CSS = """
body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7}
header,main{max-width:1100px;margin:0 auto;padding:0 1.2rem}
h1{font-size:1.25rem;margin:1.2rem 0 .2rem} .sub{color:#555;margin:0 0 1rem}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:2rem}
ol.summary{padding-left:1.3rem}
ol.summary li{margin:.2rem 0 .8rem;padding:.2rem .4rem;border-radius:4px;cursor:default}
ol.summary li:hover,ol.summary li:focus,ol.summary li.lit{background:#fff3b0;outline:none}
.how{font-size:.75rem;color:#666;margin-left:.4rem}
.how.unaligned{color:#a00;font-weight:600}
article{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1rem 1.2rem;border-radius:6px}
mark.src{background:transparent;border-bottom:2px solid #c9b458}
mark.src.lit{background:#fff3b0}
"""

_JS = """
(function(){
  var items=document.querySelectorAll('ol.summary li');
  function light(i,on){
    document.querySelectorAll('mark.src').forEach(function(m){
      if((' '+m.dataset.s+' ').indexOf(' '+i+' ')>=0){m.classList.toggle('lit',on);}
    });
    var li=document.getElementById('s-'+i); if(li){li.classList.toggle('lit',on);}
  }
  items.forEach(function(li){
    var i=li.dataset.s;
    li.addEventListener('mouseenter',function(){light(i,true);});
    li.addEventListener('mouseleave',function(){light(i,false);});
    li.addEventListener('focus',function(){light(i,true);});
    li.addEventListener('blur',function(){light(i,false);});
  });
  var m=/^#s-(\\d+)$/.exec(location.hash); if(m){light(m[1],true);}
  document.body.dataset.js='ready';
})();
"""


def _text(s: str) -> str:
    return html.escape(s, quote=False).replace("\r", "&#13;")


def source_marks(text: str, result: SummaryResult) -> list[tuple[int, int, list[int]]]:
    """``(start, end, sentence indices)`` per distinct source span, in article order.

    A span that crosses one already kept (never the case for sentence spans) is left out
    rather than drawn as broken markup.
    """
    cited: dict[tuple[int, int], list[int]] = {}
    for index, sentence in enumerate(result.sentences):
        for source in sentence.sources:
            if 0 <= source.start < source.end <= len(text):
                cited.setdefault((source.start, source.end), []).append(index)
    kept: list[tuple[int, int, list[int]]] = []
    for (start, end), indices in sorted(cited.items()):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, indices))
    return kept


def render_summary_page(text: str, result: SummaryResult, *, title: str | None = None) -> str:
    heading = title or f"factsum summary · run {result.run.id}"
    pieces: list[str] = []
    position = 0
    for start, end, indices in source_marks(text, result):
        pieces.append(_text(text[position:start]))
        cites = " ".join(str(i) for i in indices)
        pieces.append(f'<mark class="src" data-s="{cites}" data-start="{start}" data-end="{end}">')
        pieces.append(_text(text[start:end]) + "</mark>")
        position = end
    pieces.append(_text(text[position:]))
    items = "".join(
        f'<li id="s-{i}" data-s="{i}" tabindex="0">{_text(s.text)}'
        f'<span class="how {s.how}">{_text(s.how)}</span></li>'
        for i, s in enumerate(result.sentences)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="factsum {html.escape(result.run.factsum_version)}">
<title>{_text(heading)}</title><style>{_CSS}</style></head>
<body>
<header><h1>{_text(heading)}</h1>
<p class="sub">{result.word_count} words · {len(result.sentences)} sentences · style {_text(result.style)} ·
model {_text(result.run.model)} · hover a sentence to see where it comes from</p></header>
<main><section><h2>Summary</h2><ol class="summary">{items}</ol></section>
<section><h2>Article</h2><article>{"".join(pieces)}</article></section></main>
<script>{_JS}</script>
</body></html>
"""
