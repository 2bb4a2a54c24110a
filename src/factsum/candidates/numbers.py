"""Stated quantities with their plain value and unit, per the LABELS.md number rules.

Not figures: years and day numbers (they belong to dates, so callers pass the date spans
to exclude), digits glued to letters ("Covid-19", "G7"), ordinals, and vague words
("millions of").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factsum.candidates.lexicon import UNIT_STOPWORDS

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
# French ("un"/"une" left out: articles far more often than figures)
_SMALL.update(
    {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
     "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
     "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19}
)  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TENS.update({"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60})
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "k": 1e3,
    "tn": 1e12,
    "millions": 1e6,
    "milliards": 1e9,
    "milliard": 1e9,
    "mille": 1e3,
    "mrd": 1e9,
}
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "francs": "CHF",
    "d'euros": "EUR",
    "de dollars": "USD",
}
_SUBUNITS = {"cents": "USD", "cent": "USD", "pence": "GBP", "centimes": "EUR"}
_UNIT_WORD = re.compile(r"\s*(?:-\s*)?(?:(?:of|d'|de)\s+)?([A-Za-zÀ-ÿ'’]+)")
# a unit written onto its number ("100miles"): the number is a figure, not part of a name
_GLUED_UNIT = re.compile(r"(?:miles|km|kg|mph|kph|ft|lbs?|cm|mm|ml|mw|kw|gb|tb)\b", re.I)
_PERCENT = r"(?:[\s\u00a0\u202f]?%|\s?per\s?cent\b|\s?percent\b|\s?pour\s?cent\b|\s?pct\b)"
_WORD_NUMBER = "|".join(sorted([*_SMALL, *_TENS], key=len, reverse=True))
_UNITS_WORDS = "|".join(k for k in _SMALL if _SMALL[k] < 10)
_SPELLED = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_UNITS_WORDS}))?|(?:{_WORD_NUMBER}))"
# one-letter scales only when glued ("310m"): "5 m" is more likely metres than millions
_SCALE = (
    r"(?:\s?(?:hundred|thousand|millions?|billion|trillion|milliards?|mille|mrd)\b"
    r"|(?:bn|mn|tn|m|b|k)\b)"
)
_DIGITS = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"

# "8½ minutes", "two and a half years"
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "half": 0.5, "quarter": 0.25}
_FRACTION = r"(?:\s?[½¼¾⅓⅔]|\s+and\s+a\s+(?:half|quarter))"

_NUMBER = re.compile(
    rf"(?P<cur>US\$|[$€£¥])?\s?(?P<num>{_DIGITS})(?P<frac>{_FRACTION})?(?P<scale>{_SCALE})?(?P<pct>{_PERCENT})?"
    rf"|\b(?P<word>{_SPELLED})(?P<wfrac>{_FRACTION})?(?P<wscale>{_SCALE})?(?P<wpct>{_PERCENT})?\b"
    # "half a million homes"
    rf"|\b(?P<half>half)\s+an?\s+(?P<hscale>thousand|million|billion)\b",
    re.I,
)


@dataclass(frozen=True)
class NumberCandidate:
    start: int
    end: int
    text: str
    value: float
    unit: str | None


def find_numbers(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[NumberCandidate]:
    found: list[NumberCandidate] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if match.group("num") is not None:
            start = match.start("cur") if match.group("cur") else match.start("num")
        surface = text[start:end].rstrip()
        end = start + len(surface)
        if not surface or any(lo < end and start < hi for lo, hi in exclude):
            continue
        if _glued_to_a_name(text, start, end) or _is_ordinal(text, end) or _is_clock(text, start, end):
            continue
        value = _value(match)
        if value is None:
            continue
        unit = _unit(match, text, end)
        if unit in _SUBUNITS:  # "42 cents" is 0.42 USD
            value, unit = value / 100, _SUBUNITS[unit]
        found.append(NumberCandidate(start, end, surface, value, unit))
    return found


def _glued_to_a_name(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before == "-" and start > 1 and text[start - 2].isalpha():
        return True  # Covid-19, F-35
    if after.isalpha() and not before.isalpha() and _GLUED_UNIT.match(text, end):
        return False
    return before.isalpha() or after.isalpha()


def _is_clock(text: str, start: int, end: int) -> bool:
    return text[end : end + 1] == ":" or (start > 0 and text[start - 1] == ":")


def _is_ordinal(text: str, end: int) -> bool:
    return bool(re.match(r"(?:st|nd|rd|th|e|er|ème)\b", text[end : end + 4]))


def _value(match: re.Match[str]) -> float | None:
    if match.group("half") is not None:
        return 0.5 * _SCALES[match.group("hscale").casefold()]
    fraction = match.group("frac") or match.group("wfrac")
    extra = _FRACTIONS[fraction.split()[-1].casefold()] if fraction else 0.0
    if match.group("num") is not None:
        raw = re.sub(r"[\s\u202f\u00a0]", "", match.group("num"))
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
            raw = raw.replace(",", "")
        elif re.fullmatch(r"\d+,\d+", raw):
            raw = raw.replace(",", ".")  # French decimal comma: "3,2 %"
        base = float(raw)
        scale = match.group("scale")
    else:
        scale = match.group("wscale")
        if match.group("word").casefold() in ("one", "zero") and not scale and not fraction:
            return None  # "one of the largest": a pronoun far more often than a figure
        base = _spelled_value(match.group("word"))
    base += extra
    if scale:
        base *= _SCALES[scale.strip().casefold()]
    return base


def _spelled_value(words: str) -> float:
    total = 0
    folded = words.casefold()
    if folded in _SMALL:
        return float(_SMALL[folded])
    for part in re.split(r"[- ]", folded):
        total += _SMALL.get(part, 0) + _TENS.get(part, 0)
    return float(total)


def _unit(match: re.Match[str], text: str, end: int) -> str | None:
    if match.group("pct") or match.group("wpct"):
        return "percent"
    currency = match.group("cur")
    if currency:
        return _CURRENCY_SYMBOLS[currency.upper() if currency.startswith("us") else currency]
    following = _UNIT_WORD.match(text, end)
    if following is None:
        return None
    word = following.group(1).casefold().strip("'’")
    if word in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[word]
    if word in UNIT_STOPWORDS or len(word) < 2:
        return None
    return word
