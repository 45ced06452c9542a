"""The words of a table printed without ruling lines: values, row labels and units.

A value is a number or a percentage ("1,234", "0.92", "–5", "46%"), or a mark for none ("–", "n/a", "Not
reported"). A label may carry footnote marks ("Water consumption 1", "emissions2") and end in its unit
("… Tonnes", "… 1,000 metric tons"); it is no label when it starts with a number or a lower-case word (prose
running on), holds stray values (the rest of a broken row), reads like prose or names a part ("of which")
or a change ("% change", "vs.").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from analyzer.indicators.kpi_tables import bracketed_unit

NUMBER = re.compile(r"[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\.?")  # "1,234", "0.92", "–5", "46%"
MISSING = frozenset({"n/a", "n.a.", "not reported", "not applicable"})
EMPTY = frozenset({"–", "—", "-", "−", "－", "•", *MISSING})  # not "/": "23 / 130" is a page number
_MALFORMED = re.compile(r"\d[\d,.]*\d%?\.?")  # no number: "154,9667" (a footnote mark glued on)
_IN = re.compile(r"^in\s+", re.I)  # "In tonnes"
_GLUED_SCALE = re.compile(r"\d{1,3}(?:,\d{3})+([^\d\s,.].*)")  # "10,000t": a unit with its scale
_SCALE_WORDS = frozenset({"thousand", "million", "billion", "mn", "bn"})
_MAX_LABEL_WORDS, _MAX_UNIT_WORDS = 24, 6
# footnote marks after a label ("Water 1", "Energy 3, 4", "Scope 1 (5)") or glued to a word ("emissions2")
_FOOTNOTES = re.compile(r"(?:\s*[,，]?\s*(?:\b\d{1,2}\b|\(\d{1,2}\)))+$")
_GLUED_FOOTNOTE = re.compile(r"(?:(?<=[a-z]{3})|(?<=[)）]))\d{1,2}(?:,\s?\d{1,2})*(?=[\s,:;)）]|$)")
_NUMBERED = re.compile(r"(?:scope|tier|category|level|class|type|phase|范围|范畴)\s*$", re.I)  # "Scope 1"
_PROSE = re.compile(
    r"[a-z]{3,}[.!?;]\s"  # a sentence ends inside it
    r"|[a-z]-\s"  # a word hyphenated at a line break
    r"|,\s*[a-z]"  # a clause ("When calculating …, we differentiate")
    r"|\b(?:of which|thereof|including)\b",  # a part of the row above
)
_CHANGE = re.compile(
    r"\bchange\b|\bgrowth\b|\bvariance\b|\byoy\b|\bvs\.?(?=\s|$)|\bversus\b|同比|环比|增长率|增幅|降幅|变化|变动", re.I
)
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text))


def is_stray(word: str) -> bool:
    """A value inside a label, but for a whole number ("Scope 3", "ISO 14001"): the rest of a broken row."""
    number = is_number(word)
    malformed = not number and bool(_MALFORMED.fullmatch(word))
    return (number and not word.isdigit()) or malformed or word.lower() in MISSING


def strip_footnotes(label: str) -> str:
    """The label without footnote marks, after it ("Water consumption 1") or glued to a word
    ("emissions2", "(metric tons CO2e)1,2"), but for the number of a scope or category ("Scope 1")."""
    label = label.strip(" |·•:：")
    if (m := _FOOTNOTES.search(label)) and not _NUMBERED.search(label[: m.start()]):
        label = label[: m.start()]
    glued = _GLUED_FOOTNOTE.sub(lambda m: m.group() if _NUMBERED.search(label[: m.start()]) else "", label)
    return glued.strip()


def is_label(label: str) -> bool:
    """A row label: words, starting with a capital, a CJK character or a bracket (not a number, nor a
    lower-case word going on from prose), with balanced brackets and no stray values, not prose, not a
    part or a rate of change."""
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or not any(c.isalpha() for c in label):
        return False
    first = label[0]
    if first.isdigit() or (first.isascii() and first.islower()):
        return False
    if label.count("(") != label.count(")") or label.count("（") != label.count("）"):
        return False
    if any(is_stray(w) for w in words):
        return False
    return not _PROSE.search(_BRACKETED.sub("", label)) and not _CHANGE.search(label)


def unit_suffix(words: Sequence[str], is_unit: Callable[[str], bool]) -> tuple[str, int]:
    """The longest unit the words end with and its number of words ("… Tonnes" → "Tonnes", "… million m3" →
    "million m3", "In tonnes" → "tonnes", "1,000 metric tons" as printed); ("", 0) for none."""
    for n in range(min(_MAX_UNIT_WORDS, len(words)), 0, -1):
        candidate = _IN.sub("", " ".join(words[-n:]))
        scale, _, rest = candidate.partition(" ")
        if is_unit(candidate) or (scale.lower() in _SCALE_WORDS and is_unit(rest)):
            if n < len(words) and is_number(words[-n - 1]) and not words[-n - 1].isdigit():
                return f"{words[-n - 1]} {candidate}", n + 1  # "1,000 metric tons"
            return candidate, n
        if n == 1 and (m := _GLUED_SCALE.fullmatch(candidate)) and is_unit(m.group(1)):
            return candidate, 1  # "10,000t"
    return "", 0


def title_unit(text: str, is_unit: Callable[[str], bool]) -> str:
    """The unit a title names in its closing brackets ("Global energy consumption (in GJ)"); "" for none."""
    unit = _IN.sub("", bracketed_unit(strip_footnotes(text)))
    return unit if unit and unit_suffix(unit.split(), is_unit)[1] == len(unit.split()) else ""
