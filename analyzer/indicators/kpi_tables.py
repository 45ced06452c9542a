"""KPI values from a report's tables.

A KPI table gives one value per (row, year column). It has a header row of years ("2022年 | 2023年 |
2024年", "2021 年", "FY2022"); a table without one that follows such a table with the same number of value
columns continues it (a table broken over a page). Each row's label gives the name and, in brackets, the
unit ("综合能耗（吨标准煤）", "贷款总额（含贴现，亿元）"); a "单位 / unit" column does too. Names are
matched and units made canonical by the catalogue (``catalogue.Catalogue``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analyzer.document import Block, Document
from analyzer.indicators.catalogue import Catalogue
from analyzer.indicators.indicator import Indicator

_YEAR_CELL = re.compile(r"^\s*(?:FY\s*)?((?:19|20)\d{2})\s*(?:年度?|年末|FY)?\s*$", re.I)
_NUMBER_CELL = re.compile(r"^\s*([-−–]?\s*\d[\d,，]*(?:\.\d+)?)\s*(%|％|万|亿)?\s*$")
_BRACKET = re.compile(r"[（(]([^（）()]*)[)）]\s*[*＊]?\s*$")
_UNIT_HEADER = re.compile(r"^\s*(?:单位|计量单位|unit|units)\s*$", re.I)
_LEADING_MARKS = re.compile(r"^[\s—–\-·•*＊]+|[\s*＊]+$")
_MIN_YEARS = 2


@dataclass(frozen=True)
class _Header:
    years: dict[int, int]  # column → year
    unit_columns: tuple[int, ...] = ()  # "单位" columns: each gives the unit of the year columns after it
    column_units: dict[int, str] = field(default_factory=dict)  # a unit named above a year column
    column_titles: dict[int, str] = field(default_factory=dict)  # "人均": what a repeated year column holds


class TableReader:
    """Reads KPI values out of a report's tables, matching row labels to the catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def read(self, doc: Document) -> list[Indicator]:
        """Every KPI value of every table of the report, in reading order."""
        return self.read_blocks(doc.blocks)

    def read_blocks(self, blocks: Iterable[Block]) -> list[Indicator]:
        """Every KPI value of the table blocks among ``blocks``, in their order."""
        found: list[Indicator] = []
        header: _Header | None = None
        for block in blocks:
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

    def _values(self, block: Block, rows: Iterable[list[str]], header: _Header) -> list[Indicator]:
        """One value per labelled row and year column that holds a number."""
        catalogue = self.catalogue
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
            bracketed = bracketed_unit(label)
            known = bracketed if catalogue.is_unit(bracketed) else ""
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
                kpi = catalogue.match(name, written)
                canonical_value, canonical_unit = catalogue.canonical(number, written, kpi)
                values.append(
                    Indicator(
                        name=name, label=label, value=number, unit=written, year=year, page=block.page,
                        text=quote, kpi=kpi.id if kpi else None, canonical_value=canonical_value,
                        canonical_unit=canonical_unit,
                    )
                )
        return values


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
                    cell = next(
                        (above[k] for k in range(min(column, len(above) - 1), -1, -1) if above[k]), ""
                    )
                    if cell and (unit := bracketed_unit(cell)):
                        column_units.setdefault(column, unit)
                    if cell:
                        titles.setdefault(column, _BRACKET.sub("", cell).strip())
            return _Header(years, units, column_units, titles), i + 1
    return None


def _continues(rows: Sequence[Sequence[str]], header: _Header) -> bool:
    """A headerless table whose rows end in as many numbers as the header has years."""
    width = len(header.years)
    numeric_tails = sum(
        1 for row in rows
        if len(row) >= width + 1 and all(_number(c) or c in {"-", "—", "/"} for c in row[-width:])
    )
    return numeric_tails >= max(1, len(rows) // 2)


def _realigned(header: _Header, columns: int) -> _Header:
    """The header's years on the last columns of a continuation table (which may lack a category column)."""
    years = [header.years[c] for c in sorted(header.years)]
    return _Header({columns - len(years) + k: year for k, year in enumerate(years)})


def _number(cell: str) -> tuple[float, str] | None:
    """A number cell's value and its suffix (%, 万, 亿 or "")."""
    m = _NUMBER_CELL.match(cell)
    if not m:
        return None
    digits = re.sub(r"[\s,，]", "", m.group(1)).replace("−", "-").replace("–", "-")
    try:
        return float(digits), m.group(2) or ""
    except ValueError:
        return None


def bracketed_unit(label: str) -> str:
    """The unit in a label's closing brackets: "贷款总额（含贴现，亿元）" → "亿元"."""
    m = _BRACKET.search(label)
    if not m:
        return ""
    return re.split(r"[，,、;；]", m.group(1))[-1].strip()
