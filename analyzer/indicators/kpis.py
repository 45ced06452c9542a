"""KPI values from a report's tables: one value per (row, year column), with unit, year, page and quote.

A KPI table has a header row of years ("2022年 | 2023年 | 2024年", "2021 年", "FY2022"); a table without
one that follows such a table with the same number of value columns continues it (a table broken over a
page). Each row's label gives the name and, in brackets, the unit ("综合能耗（吨标准煤）",
"贷款总额（含贴现，亿元）"); a "单位 / unit" column does too. Names are matched to the KPI catalogue
(name, aliases) and units put into canonical form with the catalogue's conversions (万吨 → t × 10⁴).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from analyzer.document import Block, Document
from analyzer.indicators.quantities import find_quantities, unit_spellings
from analyzer.rubrics.loader import RubricSet
from analyzer.rubrics.schema import Kpi

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
)
_RESPECTIVELY = re.compile(r"分别|respectively", re.I)
_NEAR = 12  # at most this many characters between a KPI's name and its value


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
class _Header:
    years: dict[int, int]  # column → year
    unit_columns: tuple[int, ...] = ()  # "单位" columns: each gives the unit of the year columns after it
    column_units: dict[int, str] = field(default_factory=dict)  # a unit named above a year column
    column_titles: dict[int, str] = field(default_factory=dict)  # "人均": what a repeated year column holds


class KpiReader:
    """Reads KPI values out of tables, matching names and units to the rubric catalogue."""

    def __init__(self, rubrics: RubricSet) -> None:
        self.kpis = rubrics.catalogue.kpis
        spellings = [(n, k) for k in self.kpis for n in (k.name_zh, k.name_en, *k.aliases)]
        self.names = sorted(((_normal(n), k) for n, k in spellings), key=lambda item: -len(item[0]))
        # as written in running text, spaces kept
        self.text_names = sorted(((n.lower(), k) for n, k in spellings), key=lambda item: -len(item[0]))
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
        with a unit the KPI is measured in ("人均培训时长达到52.3小时"); the year is the last year named
        before it in the sentence, else the report year."""
        found = []
        for block in doc.blocks:
            if block.kind not in {"paragraph", "list_item"}:
                continue
            for sentence in _SENTENCE.findall(block.text):
                if not _RESPECTIVELY.search(sentence):  # "A、B、C分别为x、y、z": pairs are not adjacent
                    found += self._sentence_values(sentence.strip(), block.page, doc.meta.report_year)
        return found

    def _sentence_values(self, sentence: str, page: int | None, report_year: int | None) -> list[Indicator]:
        lowered = sentence.lower()  # same offsets as the sentence
        quantities = find_quantities(sentence, self.unit_spellings)
        if not quantities:
            return []
        values, taken = [], []
        for spelling, kpi in self.text_names:
            start = lowered.find(spelling) if len(spelling) >= 2 else -1
            if start < 0 or any(a <= start < b for a, b in taken):
                continue
            end = start + len(spelling)
            quantity = next((q for q in quantities if end <= q.start <= end + _NEAR), None)
            if quantity is None:
                continue
            unit = quantity.unit
            canonical_value, canonical_unit = self.canonical(quantity.value, unit, kpi)
            if kpi.unit and canonical_unit is None:
                continue  # not the quantity this KPI is measured in
            if kpi.unit is None and unit not in {"%", "％", "‰"} and canonical_unit is None:
                continue
            years = [int(y) for y in _YEAR_IN_TEXT.findall(sentence[:start])]
            taken.append((start, quantity.end))
            values.append(
                Indicator(
                    name=kpi.name_zh, label=sentence[start:end], value=quantity.value, unit=unit,
                    year=years[-1] if years else report_year, page=page, text=sentence, kpi=kpi.id,
                    canonical_value=canonical_value, canonical_unit=canonical_unit,
                )
            )
        return values

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

    def match(self, name: str) -> Kpi | None:
        """The catalogue KPI a row label names: the longest name or alias the label equals or contains,
        among the KPIs that share the label's qualifiers (范围一 / 人均 / 强度 …: "直接温室气体排放总量
        （范围一）" is scope 1, not the total)."""
        label = _normal(name)
        groups = [g for g in _QUALIFIERS if any(q in label for q in g)]
        for spelling, kpi in self.names:
            if spelling and (label == spelling or spelling in label):
                english = _normal(f"{kpi.id.replace('_', '')} {kpi.name_en}")
                if all(any(q in english for q in g) for g in groups):
                    return kpi
        return None

    def canonical(self, value: float, unit: str, kpi: Kpi | None) -> tuple[float | None, str | None]:
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
                kpi = self.match(base)
                number, suffix = parsed
                written = f"{suffix}{unit}" if suffix in {"万", "亿"} else (suffix or unit)
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
