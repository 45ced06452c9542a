"""KPI values from a report's tables and sentences, with unit, year, page and quote.

A KPI table gives one value per (row, year column). It has a header row of years ("2022年 | 2023年 |
2024年", "2021 年", "FY2022"); a table without one that follows such a table with the same number of value
columns continues it (a table broken over a page). Each row's label gives the name and, in brackets, the
unit ("综合能耗（吨标准煤）", "贷款总额（含贴现，亿元）"); a "单位 / unit" column does too. Names are matched
to the KPI catalogue (name, aliases) and units put into canonical form with the catalogue's conversions
(万吨 → t × 10⁴). A label that contains no catalogue name is matched by word and character-pair overlap
("温室气体总排放量" → "温室气体排放总量"), provided it names every word of the catalogue name and its unit
fits the KPI.

Sentences give a name and a value with a unit the KPI is measured in ("人均培训时长达到52.3小时"); English
ones also the value first ("45,000 hours of training") or a count ("our 16,000 employees").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from analyzer.document import Block, Document
from analyzer.indicators.quantities import Quantity, find_quantities, unit_spellings
from analyzer.rubrics.loader import RubricSet
from analyzer.rubrics.schema import Kpi
from analyzer.textnorm import is_cjk

_YEAR_CELL = re.compile(r"^\s*(?:FY\s*)?((?:19|20)\d{2})\s*(?:年度?|年末|FY)?\s*$", re.I)
_NUMBER_CELL = re.compile(r"^\s*([-−–]?\s*\d[\d,，]*(?:\.\d+)?)\s*(%|％|万|亿)?\s*$")
_BRACKET = re.compile(r"[（(]([^（）()]*)[)）]\s*[*＊]?\s*$")
_UNIT_HEADER = re.compile(r"^\s*(?:单位|计量单位|unit|units)\s*$", re.I)
_LEADING_MARKS = re.compile(r"^[\s—–\-·•*＊]+|[\s*＊]+$")
_MIN_YEARS = 2
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_QUALIFIERS = (  # words that set a KPI apart from its siblings; a KPI carries them in its id or English name
    ("范围一", "范围1", "范畴一", "范畴1", "scope1"),
    ("范围二", "范围2", "范畴二", "范畴2", "scope2"),
    ("范围三", "范围3", "范畴三", "范畴3", "scope3"),
    ("人均", "percapita", "peremployee"),
    ("强度", "单位产值", "单位营业收入", "万元产值", "intensity"),
    ("其他", "其它", "other"),  # "其它能源消耗" is not the total
    ("直接", "(direct)"),  # bracketed: "directors" is not "direct"
    ("间接", "indirect"),
)
_LIGHT_TOKENS = frozenset({*"总量数额的", "total", "number", "of", "the", "amount"})  # a label may leave these out
_TOKEN = re.compile(r"[a-z]+|\d+|[^\W\d_]")  # English words, numbers, single CJK characters
# least Dice overlap of a fuzzy match, with a unit that fits the KPI and without one, and the least lead over
# a runner-up of another KPI (set by measurement on the corpus tables: no wrong match above them)
_FUZZY_MIN, _FUZZY_MIN_UNITLESS, _FUZZY_LEAD = 0.65, 0.8, 0.05
_RESPECTIVELY = re.compile(r"分别|respectively", re.I)
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
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mn": 1e6, "bn": 1e9}
# English counts: a cue, a number without a unit (commas past 999: "1202" is no count), the counted noun
_COUNTED = re.compile(
    r"\b(?:our|its|we\s+(?P<verb>[a-z]+ed)|(?P<employ>employ(?:s|ed|ing)?|workforce of))\s+"
    rf"(?:{_APPROXIMATELY}\s+)?(?P<number>\d{{1,3}}(?:,\d{{3}})*)(?:\s+(?P<scale>thousand|million))?\s+"
    r"(?P<noun>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")
_STAFF = frozenset({"employee", "people", "staff", "person"})
_COUNT_UNITS = frozenset({"人", "人次", "次", "起", "项", "家", "张", "棵", "辆"})  # units of KPIs that count things
# a target, a policy or a running total ("will include 50%", "Minimum 50% payout ratio", "accumulated …"):
# read only with the year it names
_NEEDS_YEAR = re.compile(
    r"\b(?:will|aims?|targets?|goals?|plans? to|intends? to|commit(?:s|ted)? to|minimum|maximum"
    r"|accumulated|cumulative)\b",
    re.I,
)


class Indicator(BaseModel):
    """One value of one KPI in one year, as the report states it (contract ``indicators``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str  # the report's own label, brackets and leading marks removed
    label: str  # the label cell as printed ("——企业贷款（亿元）")
    value: float
    unit: str  # as written ("亿元", "%", "吨标准煤"); "" where the report gives none
    year: int | None
    page: int | None
    text: str  # the table row, cells joined
    kpi: str | None  # catalogue id ("green_credit_balance") when the name matches one
    canonical_value: float | None  # value in the catalogue's canonical unit
    canonical_unit: str | None


@dataclass(frozen=True)
class _Spelling:
    """A catalogue name or alias, prepared for fuzzy matching."""

    kpi: Kpi
    content: frozenset[str]  # its tokens but the light ones: a label must contain them all
    features: frozenset[str | tuple[str, str]]  # tokens and token pairs


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


@dataclass(frozen=True)
class _Header:
    years: dict[int, int]  # column → year
    unit_columns: tuple[int, ...] = ()  # "单位" columns: each gives the unit of the year columns after it
    column_units: dict[int, str] = field(default_factory=dict)  # a unit named above a year column
    column_titles: dict[int, str] = field(default_factory=dict)  # "人均": what a repeated year column holds


class KpiReader:
    """Reads KPI values out of tables and sentences, matching names and units to the rubric catalogue."""

    def __init__(self, rubrics: RubricSet) -> None:
        self.kpis = rubrics.catalogue.kpis
        spellings = [(n, k) for k in self.kpis for n in (k.name_zh, k.name_en, *k.aliases)]
        self.names = sorted(((_normal(n), k) for n, k in spellings), key=lambda item: -len(item[0]))
        # as written in running text, spaces kept
        self.text_names = sorted(((n.lower(), k) for n, k in spellings), key=lambda item: -len(item[0]))
        self.spellings = [_spelling(n, k) for n, k in spellings]
        self._by_id = {k.id: k for k in self.kpis}
        self._qualified_by = {k.id: _normal(f"{k.id.replace('_', '')} {k.name_en}") for k in self.kpis}
        self._matches: dict[tuple[str, str], Kpi | None] = {}
        self._count_names = {n.lower(): k for n, k in spellings if k.unit in _COUNT_UNITS}
        self.unit_spellings = unit_spellings(rubrics)
        self._unit_words = {"%", "％", "‰", *self.unit_spellings}
        self.units: dict[str, tuple[str, float]] = {}
        for unit in rubrics.catalogue.units:
            for spelling in (unit.id, *unit.aliases):
                self.units.setdefault(_normal(spelling), (unit.id, 1.0))
            for conversion in unit.conversions:
                self.units.setdefault(_normal(conversion.unit), (unit.id, conversion.factor))

    def read(self, doc: Document) -> list[Indicator]:
        """Every KPI value of the report's tables, then those stated in its sentences (a sentence repeating a
        table value is left out)."""
        tables = self.read_tables(doc)
        known = {(i.kpi, i.year, i.canonical_value) for i in tables if i.kpi}
        return tables + [i for i in self.read_text(doc) if (i.kpi, i.year, i.canonical_value) not in known]

    def read_text(self, doc: Document) -> list[Indicator]:
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
        quantities = find_quantities(sentence, self.unit_spellings)
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
        for spelling, kpi in self.text_names:
            start = lowered.find(spelling) if len(spelling) >= 2 else -1
            if start < 0 or any(r.start <= start < r.end for r in readings):
                continue
            end = start + len(spelling)
            quantity = next((q for q in quantities if q.start >= end), None)
            if quantity is None or not _linked(sentence[end : quantity.start], english):
                continue
            if english and not _whole_words(lowered, start, end):
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
            for spelling, kpi in self.text_names:
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
                    scale = _SCALES.get((m.group("scale") or "").lower(), 1)
                    value = float(m.group("number").replace(",", "")) * scale
                    quantity = Quantity(value, noun, m.start("number"), m.start("noun") + len(noun))
                    readings.append(_Reading(kpi, noun, quantity, m.start(), quantity.end, value, kpi.unit))
                    break
        return readings

    def _counted_kpi(self, noun: str, verb: str | None, employs: bool) -> Kpi | None:
        """The count KPI that "number of <noun> [<verb>]" names; after "employs", any word for staff."""
        if employs:
            return self._count_names.get("number of employees") if _stem(noun) in _STAFF else None
        return self._count_names.get(f"number of {noun} {verb.lower()}" if verb else f"number of {noun}")

    def _reading(self, kpi: Kpi, label: str, quantity: Quantity, start: int, end: int) -> _Reading | None:
        """The KPI's value, if the quantity's unit is one the KPI is measured in."""
        unit = quantity.unit
        canonical_value, canonical_unit = self.canonical(quantity.value, unit, kpi)
        if kpi.unit and canonical_unit is None:
            return None  # not the quantity this KPI is measured in
        if kpi.unit is None and unit not in {"%", "％", "‰"} and canonical_unit is None:
            return None
        return _Reading(kpi, label, quantity, start, end, canonical_value, canonical_unit)

    def read_tables(self, doc: Document) -> list[Indicator]:
        """Every KPI value of every table of the report, in reading order."""
        found: list[Indicator] = []
        header: _Header | None = None
        for block in doc.blocks:
            if block.kind != "table" or not block.rows:
                continue
            rows = [[(c or "").strip() for c in row] for row in block.rows]
            own = _find_header(rows)
            if own is not None:
                header, start = own
            elif header is not None and _continues(rows, header):
                header, start = _realigned(header, max(len(r) for r in rows)), 0
            else:
                header = None
                continue
            found += self._values(block, rows[start:], header)
        return found

    def match(self, name: str, unit: str = "") -> Kpi | None:
        """The catalogue KPI a row label names: the longest name or alias the label equals or contains, else
        the closest by overlap (see ``_fuzzy``); either way among the KPIs that share the label's qualifiers
        (范围一 / 人均 / 强度 …: "直接温室气体排放总量（范围一）" is scope 1, not the total)."""
        key = (name, unit)
        if key not in self._matches:
            label = _normal(name)
            groups = [g for g in _QUALIFIERS if any(q in label for q in g)]
            exact = (k for s, k in self.names if s and s in label and self._qualified(k, groups))
            self._matches[key] = next(exact, None) or self._fuzzy(name, unit, groups)
        return self._matches[key]

    def _fuzzy(self, name: str, unit: str, groups: list[tuple[str, ...]]) -> Kpi | None:
        """The KPI whose name or alias overlaps the label most (Dice over tokens and token pairs), among those
        whose every word the label contains, that carry its qualifiers and fit its unit; none when another
        KPI comes close. With a unit, a lower overlap does."""
        tokens = _tokens(name)
        present, features = set(tokens), _features(tokens)
        scores: dict[str, float] = {}
        for spelling in self.spellings:
            if spelling.content <= present:
                kpi_id = spelling.kpi.id
                scores[kpi_id] = max(scores.get(kpi_id, 0.0), _dice(features, spelling.features))
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        fitting = [
            (score, kpi) for kpi_id, score in ranked
            if self._qualified(kpi := self._by_id[kpi_id], groups) and self._fits(kpi, unit)
        ]
        if not fitting or fitting[0][0] < (_FUZZY_MIN if unit else _FUZZY_MIN_UNITLESS):
            return None
        if len(fitting) > 1 and fitting[0][0] - fitting[1][0] < _FUZZY_LEAD:
            return None  # "员工重伤人数": as close to 员工人数 as to 工伤人数
        return fitting[0][1]

    def _fits(self, kpi: Kpi, unit: str) -> bool:
        """No unit, or one the KPI is measured in."""
        return not unit or self.canonical(1.0, unit, kpi)[1] is not None

    def _qualified(self, kpi: Kpi, groups: list[tuple[str, ...]]) -> bool:
        """The KPI's id or English name carries each of the label's qualifiers."""
        return all(any(q in self._qualified_by[kpi.id] for q in g) for g in groups)

    def canonical(self, value: float, unit: str, kpi: Kpi | None) -> tuple[float | None, str | None]:
        scale, _, rest = unit.partition(" ")
        if scale.lower() in _SCALES and rest:  # "million tonnes"
            value, unit = value * _SCALES[scale.lower()], rest
        if unit in {"%", "％"}:
            if kpi is not None and kpi.unit not in {None, "%"}:
                return None, None  # a change rate ("同比下降7.7%"), not the KPI's value
            return value, "%"
        known = self.units.get(_normal(unit))
        if known is None:
            return None, None
        unit_id, factor = known
        if kpi is not None and kpi.unit and kpi.unit != unit_id:
            if not kpi.unit.startswith(f"{unit_id}/"):
                return None, None  # a unit the KPI is not measured in (e.g. a ratio row under a total's name)
            unit_id = kpi.unit  # "人均培训时长（小时）": hours per employee
        return float(f"{value * factor:.10g}"), unit_id

    def _values(self, block: Block, rows: Iterable[list[str]], header: _Header) -> list[Indicator]:
        values = []
        first_year_column = min(header.years)
        repeated = len(set(header.years.values())) < len(header.years)
        for row in rows:
            label_cells = [
                c for j, c in enumerate(row[:first_year_column])
                if c and j not in header.unit_columns and not _NUMBER_CELL.match(c)
            ]
            if not label_cells:
                continue
            label = label_cells[-1]
            bracketed = _unit(label)
            known = bracketed if self._is_unit(bracketed) else ""
            base = _LEADING_MARKS.sub("", _BRACKET.sub("", label) if known else label)
            quote = " | ".join(c for c in row if c)
            for column, year in header.years.items():
                parsed = _number(row[column]) if column < len(row) else None
                if parsed is None:
                    continue
                unit_column = max((u for u in header.unit_columns if u < column), default=None)
                unit = (row[unit_column] if unit_column is not None and unit_column < len(row) else "") or \
                    header.column_units.get(column, "") or known
                name = base
                if repeated and header.column_titles.get(column):
                    name = f"{base}（{header.column_titles[column]}）"
                number, suffix = parsed
                written = f"{suffix}{unit}" if suffix in {"万", "亿"} else (suffix or unit)
                kpi = self.match(name, written)
                canonical_value, canonical_unit = self.canonical(number, written, kpi)
                values.append(
                    Indicator(
                        name=name, label=label, value=number, unit=written, year=year, page=block.page, text=quote,
                        kpi=kpi.id if kpi else None, canonical_value=canonical_value, canonical_unit=canonical_unit,
                    )
                )
        return values

    def _is_unit(self, text: str) -> bool:
        """A catalogue unit, a counting word (份, 次, 人 …), a percent sign, or a ratio of such ("次/年")."""
        known = self._unit_words
        return bool(text) and (
            text in known or _normal(text) in self.units or all(part in known for part in text.split("/"))
        )


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


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _find_header(rows: Sequence[Sequence[str]]) -> tuple[_Header, int] | None:
    """The first row with at least two year cells, and where the values start (the row after it). Rows
    above it may name a unit or a title per column ("人均排放量（吨二氧化碳当量/人）")."""
    for i, row in enumerate(rows[:3]):
        years = {j: int(m.group(1)) for j, c in enumerate(row) if (m := _YEAR_CELL.match(c))}
        if len(years) >= _MIN_YEARS and min(years) > 0:
            units = tuple(j for j, c in enumerate(row) if _UNIT_HEADER.match(c))
            column_units: dict[int, str] = {}
            titles: dict[int, str] = {}
            for above in rows[:i]:
                for column in years:
                    cell = next((above[k] for k in range(min(column, len(above) - 1), -1, -1) if above[k]), "")
                    if cell and (unit := _unit(cell)):
                        column_units.setdefault(column, unit)
                    if cell:
                        titles.setdefault(column, _BRACKET.sub("", cell).strip())
            return _Header(years, units, column_units, titles), i + 1
    return None


def _continues(rows: Sequence[Sequence[str]], header: _Header) -> bool:
    """A headerless table whose rows end in as many numbers as the header has years."""
    width = len(header.years)
    numeric_tails = sum(
        1 for row in rows if len(row) >= width + 1 and all(_number(c) or c in {"-", "—", "/"} for c in row[-width:])
    )
    return numeric_tails >= max(1, len(rows) // 2)


def _realigned(header: _Header, columns: int) -> _Header:
    """The header's years on the last columns of a continuation table (which may lack a category column)."""
    years = [header.years[c] for c in sorted(header.years)]
    return _Header({columns - len(years) + k: year for k, year in enumerate(years)})


def _number(cell: str) -> tuple[float, str] | None:
    m = _NUMBER_CELL.match(cell)
    if not m:
        return None
    digits = re.sub(r"[\s,，]", "", m.group(1)).replace("−", "-").replace("–", "-")
    try:
        return float(digits), m.group(2) or ""
    except ValueError:
        return None


def _unit(label: str) -> str:
    """The unit in a label's closing brackets: "贷款总额（含贴现，亿元）" → "亿元"."""
    m = _BRACKET.search(label)
    if not m:
        return ""
    return re.split(r"[，,、;；]", m.group(1))[-1].strip()


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _tokens(text: str) -> list[str]:
    """English words (a plural's "s" dropped), numbers and CJK characters, in order, lower case."""
    return [_stem(w) for w in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())]


def _features(tokens: Sequence[str]) -> frozenset[str | tuple[str, str]]:
    return frozenset([*tokens, *zip(tokens, tokens[1:])])


def _dice(a: frozenset[object], b: frozenset[object]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _spelling(name: str, kpi: Kpi) -> _Spelling:
    tokens = _tokens(name)
    return _Spelling(kpi, frozenset(tokens) - _LIGHT_TOKENS, _features(tokens))
