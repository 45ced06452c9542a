"""KPI values from a report's sentences.

Sentences give a name and a value with a unit the KPI is measured in ("人均培训时长达到52.3小时"); English
ones also the value first ("45,000 hours of training") or a count ("our 16,000 employees").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.document import Document
from analyzer.indicators.catalogue import SCALES, Catalogue, stem
from analyzer.indicators.indicator import Indicator
from analyzer.indicators.quantities import Quantity, find_quantities
from analyzer.rubrics.schema import Kpi
from analyzer.textnorm import is_cjk

_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_RESPECTIVELY = re.compile(r"分别|respectively", re.I)
_PER_SHARE = re.compile(r"每\s*\d*\s*股[^，。,；;]{0,8}$")  # "每股净资产", "每10股派发现金红利": per share, not totals
_NEAR = 12  # at most this many characters between a KPI's name and its value
# English sentences: where one ends; what may stand between a name and its value ("Scope 1 emissions in
# Switzerland were 12,345 t"); years, base years ("compared to 2019") and prior years ("(prior year: 59 GWh)")
_EN_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"(])")
_APPROXIMATELY = r"(?:about|around|approximately|nearly|almost|over|more than|some|roughly|a total of)"
_EN_LINK = re.compile(
    r"(?:\s+(?:in|at|for|across)\s+[A-Za-z0-9 ]{1,25}?)?,?\s*"
    r"(?::|\b(?:was|were|is|are|totall?ed|reached|amounted to|came to|stood at|of)\b)?"
    rf"\s*(?:{_APPROXIMATELY}\s+)?",
    re.I,
)
_EN_NEAR = 40
_EN_YEAR = re.compile(r"(?<![\d,.])(?:FY\s?)?((?:19|20)\d{2})(?!\d|[,.]\d)")
_BASE_YEAR = re.compile(
    r"(?:since|from|compared (?:to|with)|versus|vs\.?|relative to|than|baseline|base year)\s*(?:in\s+)?$",
    re.I,
)
_PRIOR = re.compile(r"(?:prior|previous|last) year:?\s*$|\(\s*(?:19|20)\d{2}\s*:\s*$", re.I)
_YEAR_LIKE = re.compile(r"(?:19|20)\d{2}(?![\d,.])")  # "in 2021 employees …": a year, not an amount
# after an English value: a rate ("tonnes/vehicle", "hours per employee") or a table row ("kWh 349.30 398.84")
_RATE_OR_ROW = re.compile(r"\s*(?:/|per\b)|\s+\d[\d,.]*%?(?:\s|$)", re.I)
_LABEL_NEXT = re.compile(r"\s+[A-Z]")  # "Female directors 100% Employees trained 90%": the next label
_PART_WORDS = ("per", "of", "for", "at", "among", "on", "with", "from")
_PART_NEXT = re.compile(rf"\s*(?:/|\b(?:{'|'.join(_PART_WORDS)})\b)", re.I)  # "… coverage rate of dealers"
_PREPOSITIONS = frozenset({*_PART_WORDS, "in", "to", "under", "who", "that", "which", "whose"})
_NUMBER_AND_SCALE = re.compile(r"[\d,.]+\s*(?:(?:thousand|million|billion|mn|bn)\s+)?", re.I)
_OF = re.compile(r"\s*(?:of\s+(?:the\s+)?)?", re.I)
# English counts: a cue, a number without a unit (commas past 999: "1202" is no count), the counted noun
_COUNTED = re.compile(
    r"\b(?:our|its|we\s+(?P<verb>[a-z]+ed)|(?P<employ>employ(?:s|ed|ing)?|workforce of))\s+"
    rf"(?:{_APPROXIMATELY}\s+)?(?P<number>\d{{1,3}}(?:,\d{{3}})*)(?:\s+(?P<scale>thousand|million))?\s+"
    r"(?P<noun>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")
_STAFF = frozenset({"employee", "people", "staff", "person"})
# units of KPIs that count things
_COUNT_KPI_UNITS = frozenset({"人", "人次", "次", "起", "项", "家", "张", "棵", "辆"})
# a target, a policy or a running total ("will include 50%", "Minimum 50% payout ratio", "accumulated …"):
# read only with the year it names
_NEEDS_YEAR = re.compile(
    r"\b(?:will|aims?|targets?|goals?|plans? to|intends? to|commit(?:s|ted)? to|minimum|maximum"
    r"|accumulated|cumulative)\b",
    re.I,
)


@dataclass(frozen=True)
class _Reading:
    """A KPI value found in a sentence."""

    kpi: Kpi
    label: str  # the name as written
    quantity: Quantity
    start: int  # the name and the value span start … end
    end: int
    canonical_value: float | None
    canonical_unit: str | None


class SentenceReader:
    """Reads KPI values out of a report's paragraphs and list items, naming them by the catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        # KPIs that count things, by name as written ("number of employees")
        self._count_names = {n: k for n, k in catalogue.text_names if k.unit in _COUNT_KPI_UNITS}

    def read(self, doc: Document) -> list[Indicator]:
        """KPI values stated in sentences: a catalogue name or alias, then within a few characters a number
        with a unit the KPI is measured in ("人均培训时长达到52.3小时", "Scope 1 emissions were 12,345
        tCO2e"); in English also the number first ("45,000 hours of training", "our 16,000 employees"). The
        year is the last year named before it in the sentence (in English, else the first after it), else
        the report year. A value for a year after the report year is a target and is left to the signals."""
        found = []
        for block in doc.blocks:
            if block.kind not in {"paragraph", "list_item"}:
                continue
            for sentence in _sentences(block.text):
                if not _RESPECTIVELY.search(sentence):  # "A、B、C分别为x、y、z": pairs are not adjacent
                    found += self._sentence_values(sentence.strip(), block.page, doc.meta.report_year)
        return found

    def _sentence_values(self, sentence: str, page: int | None, report_year: int | None) -> list[Indicator]:
        english = not any(is_cjk(c) for c in sentence)
        quantities = find_quantities(sentence, self.catalogue.unit_spellings)
        if english:
            quantities = [q for q in quantities if _states_a_value(sentence, q)]
        readings = self._names_then_values(sentence, quantities, english)
        if english:
            used = {r.quantity for r in readings}
            readings += self._values_then_names(sentence, [q for q in quantities if q not in used])
            counts = self._counts(sentence)
            readings += [c for c in counts if not any(r.start <= c.start < r.end for r in readings)]
        needs_year = english and bool(_NEEDS_YEAR.search(sentence))
        found = []
        for r in readings:
            year = _english_year(sentence, r) if english else _year_before(sentence, r.start)
            if (year is None and needs_year) or (year and report_year and year > report_year):
                continue  # a year after the report's is a target, not a value
            found.append(
                Indicator(
                    name=r.kpi.name_zh, label=r.label, value=r.quantity.value, unit=r.quantity.unit,
                    year=year or report_year, page=page, text=sentence, kpi=r.kpi.id,
                    canonical_value=r.canonical_value, canonical_unit=r.canonical_unit,
                )
            )
        return found

    def _names_then_values(self, sentence: str, quantities: list[Quantity], english: bool) -> list[_Reading]:
        """A name, then its value: within ``_NEAR`` characters, or in English after a linking word ("were",
        "amounted to", ":")."""
        if not quantities:
            return []
        lowered = sentence.lower()  # same offsets as the sentence
        readings: list[_Reading] = []
        for spelling, kpi in self.catalogue.text_names:
            start = lowered.find(spelling) if len(spelling) >= 2 else -1
            if start < 0 or any(r.start <= start < r.end for r in readings):
                continue
            end = start + len(spelling)
            quantity = next((q for q in quantities if q.start >= end), None)
            if quantity is None or not _linked(sentence[end : quantity.start], english):
                continue
            if english and not _whole_words(lowered, start, end):
                continue
            if not english and _PER_SHARE.search(sentence, max(0, start - 12), start):
                continue
            unlinked = english and not sentence[end : quantity.start].strip()
            if unlinked and _LABEL_NEXT.match(sentence, quantity.end):
                continue  # "A 35% B 20%": a row of figures, which may pair the other way
            if reading := self._reading(kpi, sentence[start:end], quantity, start, quantity.end):
                readings.append(reading)
        return readings

    def _values_then_names(self, sentence: str, quantities: list[Quantity]) -> list[_Reading]:
        """English: a value, then the name, which may begin with the unit ("45,000 hours of training") or
        follow it ("12,300 tonnes of greenhouse gas emissions")."""
        lowered = sentence.lower()
        readings = []
        for quantity in quantities:
            unit_start = _NUMBER_AND_SCALE.match(lowered, quantity.start).end()
            after = _OF.match(lowered, quantity.end).end()
            for spelling, kpi in self.catalogue.text_names:
                if lowered.startswith(spelling, unit_start) and unit_start + len(spelling) > quantity.end:
                    start = unit_start
                elif lowered.startswith(spelling, after):
                    start = after
                else:
                    continue
                end = start + len(spelling)
                if not _whole_words(lowered, start, end):
                    continue
                if sentence[start].isupper() or _PART_NEXT.match(sentence, end):
                    break  # the next label of a row of figures; "100% training coverage rate of dealers"
                if reading := self._reading(kpi, sentence[start:end], quantity, quantity.start, end):
                    readings.append(reading)
                break
        return readings

    def _counts(self, sentence: str) -> list[_Reading]:
        """English counts without a unit, the noun naming the KPI: "our 16,000 employees", "employs 16,000
        people" (number of employees), "we planted 12,500 trees" (number of trees planted). A noun followed by
        a preposition ("employees in Italy", "people with disabilities") names a part, and is left out."""
        readings = []
        for m in _COUNTED.finditer(sentence):
            words = m.group("noun").split()
            following = [*words, *_WORD.findall(sentence[m.end() :])[:1], ""]  # the word after each noun
            for k in range(len(words), 0, -1):
                if following[k].lower() in _PREPOSITIONS:
                    continue
                noun = " ".join(words[:k])
                kpi = self._counted_kpi(noun.lower(), m.group("verb"), bool(m.group("employ")))
                if kpi is not None:
                    scale = SCALES.get((m.group("scale") or "").lower(), 1)
                    value = float(m.group("number").replace(",", "")) * scale
                    quantity = Quantity(value, noun, m.start("number"), m.start("noun") + len(noun))
                    readings.append(_Reading(kpi, noun, quantity, m.start(), quantity.end, value, kpi.unit))
                    break
        return readings

    def _counted_kpi(self, noun: str, verb: str | None, employs: bool) -> Kpi | None:
        """The count KPI that "number of <noun> [<verb>]" names; after "employs", any word for staff."""
        if employs:
            return self._count_names.get("number of employees") if stem(noun) in _STAFF else None
        return self._count_names.get(f"number of {noun} {verb.lower()}" if verb else f"number of {noun}")

    def _reading(self, kpi: Kpi, label: str, quantity: Quantity, start: int, end: int) -> _Reading | None:
        """The KPI's value, if the quantity's unit is one the KPI is measured in."""
        unit = quantity.unit
        canonical_value, canonical_unit = self.catalogue.canonical(quantity.value, unit, kpi)
        if kpi.unit and canonical_unit is None:
            return None  # not the quantity this KPI is measured in
        if kpi.unit is None and unit not in {"%", "％", "‰"} and canonical_unit is None:
            return None
        return _Reading(kpi, label, quantity, start, end, canonical_value, canonical_unit)


def _sentences(text: str) -> list[str]:
    """Chinese sentences (。！？；), each split again where an English sentence ends."""
    return [part for sentence in _SENTENCE.findall(text) for part in _EN_BREAK.split(sentence)]


def _states_a_value(sentence: str, quantity: Quantity) -> bool:
    """An English quantity that states a value: not a prior year's in brackets ("(prior year: 59 GWh)",
    "(2020: 13)"), a year, a rate or the unit heading a table row."""
    return not (
        _PRIOR.search(sentence[: quantity.start])
        or _YEAR_LIKE.match(sentence, quantity.start)
        or _RATE_OR_ROW.match(sentence, quantity.end)
    )


def _linked(gap: str, english: bool) -> bool:
    """What stands between a name and its value keeps them together."""
    return bool(len(gap) <= _EN_NEAR and _EN_LINK.fullmatch(gap)) if english else len(gap) <= _NEAR


def _whole_words(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` neither begins nor ends inside a word."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def _year_before(sentence: str, start: int) -> int | None:
    """The last year named before ``start`` ("2023年")."""
    years = _YEAR_IN_TEXT.findall(sentence[:start])
    return int(years[-1]) if years else None


def _english_year(sentence: str, reading: _Reading) -> int | None:
    """The last year named before an English value, else the first after the reading, leaving out base years
    ("compared to 2019")."""
    stated = [m for m in _EN_YEAR.finditer(sentence) if not _BASE_YEAR.search(sentence[: m.start()])]
    before = [m for m in stated if m.end() <= reading.quantity.start]
    after = [m for m in stated if m.start() >= reading.end]
    chosen = before[-1] if before else after[0] if after else None
    return int(chosen.group(1)) if chosen else None
