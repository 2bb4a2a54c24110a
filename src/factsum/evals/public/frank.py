"""cnn-dev: the CNN/DailyMail stories of FRANK's validation split, with human highlights.

FRANK (artidoro/frank) lists its validation stories in ``data/validation_split.txt``; the
article JSON files are in its first commit only. Each CNN/DM file holds the story's lines,
its human reference highlights and five published systems' summaries (BART, BertSum, PGN,
BUS, S2S). XSum (BBC) stories in the split have no highlights and are not used; story
43b82870… is skipped as the issue that asked for this set says.

FRANK's ``article_lines`` are the story cut into sentences, one a line, by a splitter that
leaves a quotation's opening mark at the end of the sentence before it ("…look at it. ‘" /
"As a player I did…") and a closing mark at the start of the sentence after it ("…satirist." /
"\" The New York Times…"). The text here keeps a line a paragraph and puts such marks back
where the story had them: an opening mark (or a line that is only a mark) at the start of
the next line, a closing mark at the end of the line before. A line that starts in lower case
or with a comma continues the sentence the splitter broke, and is joined back to it.

Per story the build writes ``<id>.txt`` (the story's lines as paragraphs), ``<id>.labels.json``
(``summary`` = the highlights, ``key_points`` = one per highlight) and ``<id>.systems.json``
(the published summaries, read by the eval's comparator rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from factsum.errors import SourceDataError
from factsum.evals.public.detokenize import detokenize_ptb

__all__ = ["SKIPPED", "SYSTEMS", "FrankStory", "manifest", "parse_story"]

ARTICLES_DIR = "data/articles-wbertscore-json"
SKIPPED = ("43b82870a85c31a9dccd43574fb6276516c82325",)
# FRANK's keys -> the comparator names the reports show
SYSTEMS = {"bart": "BART", "bert_sum": "BertSum", "pgn": "PGN", "bus": "BUS", "s2s": "S2S"}


def manifest() -> dict[str, Any]:
    """Pinned blob ids of every CNN/DM story in the split (data, shipped with factsum)."""
    raw = resources.files("factsum.evals.public").joinpath("frank_validation.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@dataclass(frozen=True)
class FrankStory:
    hash: str
    outlet: str  # cnn or dm
    url: str
    paragraphs: tuple[str, ...]
    highlights: tuple[str, ...]
    systems: dict[str, str]

    @property
    def slug(self) -> str:
        return f"{self.outlet}-{self.hash[:10]}"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    def labels(self) -> dict[str, object]:
        return {
            "id": self.slug,
            "source": f"{self.url} (FRANK validation split, artidoro/frank; human highlights)",
            "summary": " ".join(self.highlights),
            "key_points": list(self.highlights),
        }


_OPENING_MARKS = "‘“\"'"
_CLOSING_MARKS = "’”\"'"
_CONTINUES = ",;:)"


def repair_lines(lines: list[str]) -> tuple[str, ...]:
    """Non-blank lines as paragraphs, with stranded quotation marks and broken sentences mended."""
    out: list[str] = []
    carried = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not carried and len(line) > 2 and line[0] in _CLOSING_MARKS and line[1] == " ":
            out[-1] += line[0]
            line = line[2:].lstrip()
        line = carried + line
        carried = ""
        if out and (line[0].islower() or line[0] in _CONTINUES):
            line = out.pop() + ("" if line[0] in _CONTINUES else " ") + line
        if line in tuple(_OPENING_MARKS):
            carried = line
            continue
        if len(line) > 2 and line[-1] in _OPENING_MARKS and line[-2].isspace():
            carried, line = line[-1], line[:-1].rstrip()
        out.append(line)
    if carried and out:
        out[-1] += carried
    return tuple(out)


def _sentences(tokenised: str) -> list[str]:
    """Highlights arrive joined as one PTB string; each ``.`` token ends one highlight."""
    out: list[str] = []
    current: list[str] = []
    for token in tokenised.split():
        current.append(token)
        if token == ".":
            out.append(detokenize_ptb(" ".join(current)))
            current = []
    if current:
        out.append(detokenize_ptb(" ".join(current)))
    return [s for s in out if s.strip(" .")]


def parse_story(story_hash: str, data: bytes) -> FrankStory:
    try:
        record = json.loads(data)
        reference = record["bart_reference"]
        outlet = str(record["id"]).split("-", 1)[0]
        paragraphs = repair_lines([str(line) for line in record["article_lines"]])
        systems = {
            name: detokenize_ptb(str(record.get("bart_cased") if key == "bart" else record[key]))
            for key, name in SYSTEMS.items()
        }
        url = str(record["url"])
    except (ValueError, KeyError, TypeError) as error:
        raise SourceDataError(f"FRANK story {story_hash}: unexpected layout ({error})") from error
    if outlet not in ("cnn", "dm") or not paragraphs:
        raise SourceDataError(f"FRANK story {story_hash}: not a CNN/DailyMail story with text")
    return FrankStory(story_hash, outlet, url, paragraphs, tuple(_sentences(reference)), systems)
