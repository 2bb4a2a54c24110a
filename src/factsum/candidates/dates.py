"""Date expressions, with ISO forms resolved against the publication date where determinable.

Absolute forms ("28 August 2025", "Oct. 14, 2026", "January 2019", "2015", "2025-08-28")
get an ISO value; "April last year" gets one when the publication date is known. Weekdays
and vague relative times ("next week", "Thursday") are kept as text only, per LABELS.md.
English and French month and weekday names are recognised.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factsum.candidates.lexicon import AMBIGUOUS_MONTHS, MONTHS, WEEKDAYS

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:1[6-9]\d\d|20\d\d|21\d\d)"
_DECADE = r"(?:1[6-9]\d|20\d|21\d)0"  # a year ending in 0, grouped: "1995s" is no decade
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_RELATIVE = (
    r"(?:(?:last|next|this|coming|past)\s+(?:week|month|year|weekend|decade|spring|summer|"
    r"autumn|fall|winter)|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)|"
    r"yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|"
    # seasons of sport and the spans news measures in ("the next few months", "within a decade")
    r"(?:this|last|next|the\s+end\s+of\s+the|the\s+start\s+of\s+the)\s+season|"
    r"(?:the\s+)?(?:next|past|last|coming)\s+few\s+(?:days|weeks|months|years)|"
    r"within\s+(?:a|the\s+next)\s+(?:few\s+)?(?:days|weeks|months|years|week|month|year|decade)|"
    r"the\s+(?:new|next|last|past)\s+decade|the\s+\d{1,2}(?:st|nd|rd|th)\s+century|"
    r"the\s+(?:next|following|previous)\s+day|"
    r"(?:over\s+|more\s+than\s+|about\s+)?a\s+(?:year|month|week|decade)\s+ago|"
    r"(?:this|last|next)\s+(?:easter|christmas)|"
    r"(?:\w+|\d+)\s+(?:days|weeks|months|years)\s+(?:ago|earlier|later|before)|"
    r"(?:l'an|l'année)\s+(?:dernier|dernière|prochain|prochaine)|"
    r"(?:la\s+semaine|le\s+mois)\s+(?:dernier|dernière|prochain|prochaine)|hier|demain|aujourd'hui)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")),
    (
        "dmy",
        re.compile(
            rf"\b(?:(?:{WEEKDAYS})\s+)?(?P<d>{_DAY})\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b", re.I
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?:(?:{WEEKDAYS}),?\s+)?(?P<mon>{_MONTH})\.?\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b", re.I
        ),
    ),
    ("md", re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>{_DAY})\b(?![:.]\d)", re.I)),
    ("dm", re.compile(rf"\b(?:(?:{WEEKDAYS})\s+)?(?P<d>{_DAY})\s+(?P<mon>{_MONTH})\b", re.I)),
    ("my_rel", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<rel>last|next|this)\s+year\b", re.I)),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH})\.?,?\s+(?:of\s+)?(?P<y>{_YEAR})\b", re.I)),
    ("decade", re.compile(rf"\b(?:the\s+)?(?P<y>{_DECADE})s\b")),
    # "the '50s", "'57": a decade or a year with its century cut off
    ("short_decade", re.compile(r"(?<![\w'’])['’]\d0s\b")),
    ("short_year", re.compile(r"(?<![\w'’])['’](?P<yy>\d\d)\b(?!['’]?s\b)")),
    ("weekday", re.compile(rf"\b(?:(?:last|next|this|on|coming)\s+)?(?:{WEEKDAYS})s?{_PART_OF_DAY}\b", re.I)),
    ("relative", re.compile(rf"\b{_RELATIVE}\b", re.I)),
    ("month", re.compile(rf"\b(?:(?:last|next|this|in|early|late|mid-?)\s+)?(?P<mon>{_MONTH})\b", re.I)),
    ("year", re.compile(rf"(?<![\w$€£.,-])(?P<y>{_YEAR})(?![\w%-]|[.,]\d)")),
]


@dataclass(frozen=True)
class DateCandidate:
    start: int
    end: int
    text: str
    iso: str | None


def find_dates(text: str, published: dt.date | None = None) -> list[DateCandidate]:
    """All date expressions, longest match first, non-overlapping, in article order."""
    taken: list[tuple[int, int]] = []
    found: list[DateCandidate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            surface = match.group()
            # drop the leading "on"/"in" that the patterns tolerate: not part of the date
            for lead in ("on ", "in ", "On ", "In "):
                if surface.startswith(lead):
                    start, surface = start + len(lead), surface[len(lead) :]
            if any(lo < end and start < hi for lo, hi in taken):
                continue
            if kind == "month" and not _plausible_lone_month(text, match):
                continue
            iso = _iso(kind, match, published)
            if iso is False:
                continue
            assert iso is None or isinstance(iso, str)
            taken.append((start, end))
            found.append(DateCandidate(start, end, surface, iso or None))
    return sorted(found, key=lambda d: d.start)


def find_publication_date(text: str) -> dt.date | None:
    """The first full date in the first three lines: newswire datelines put it there."""
    head = "\n".join(text.strip().splitlines()[:3])
    for candidate in find_dates(head):
        if candidate.iso and len(candidate.iso) == 10:
            return dt.date.fromisoformat(candidate.iso)
    return None


def _plausible_lone_month(text: str, match: re.Match[str]) -> bool:
    word = match.group("mon")
    if _first_name_in(text, word):
        return False
    if word.casefold() in AMBIGUOUS_MONTHS:
        # "May" the verb or name, "March" the verb: only with a date cue word before it
        month_start = match.start("mon")
        before = text[max(0, month_start - 12) : month_start].casefold()
        return bool(re.search(r"\b(in|since|until|by|of|last|next|early|late)\s*$", before))
    return True


def _first_name_in(text: str, word: str) -> bool:
    """'June Shannon', 'April Jones': the article uses the month's name as a person's first name,
    so a lone 'June' there is her, not the month."""
    for follower in re.finditer(rf"\b{re.escape(word)}\s+([A-Z][a-z]+)\b", text):
        after = follower.group(1).casefold()
        if after not in MONTHS and not re.fullmatch(WEEKDAYS, after) and after not in ("of", "the"):
            return True
    return False


def _iso(kind: str, match: re.Match[str], published: dt.date | None) -> str | bool | None:
    """The ISO form, None when not determinable, False when the match is not a real date."""
    groups = match.groupdict()
    month = MONTHS.get(groups["mon"].casefold().rstrip(".")) if groups.get("mon") else None
    day = int(re.sub(r"\D", "", groups["d"])) if groups.get("d") else None
    year = int(groups["y"]) if groups.get("y") and kind != "decade" else None
    if kind == "short_year":
        # the century the article most likely means: not after the publication year
        now = (published or dt.date.today()).year
        two = int(groups["yy"])
        year = 2000 + two if 2000 + two <= now else 1900 + two
    if kind == "my_rel":
        if published is None or month is None:
            return None
        offset = {"last": -1, "next": 1, "this": 0}[groups["rel"].casefold()]
        return f"{published.year + offset:04d}-{month:02d}"
    if kind in ("md", "dm") and published is not None:
        year = published.year
    if kind == "iso":
        month, day = int(groups["m"]), int(groups["d"])
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return False
