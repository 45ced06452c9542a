"""Multi-year series per KPI and the comparability checks an expert makes on them.

Flags (each with a short bilingual explanation):
    few_years     fewer than three years of the same KPI
    mixed_units   the years are given in units that cannot be compared (after canonical conversion)
    jump          a year-on-year change beyond a factor of ``JUMP_FACTOR`` (a unit slip or a real break)
    total_mismatch  a total row whose marked sub-rows ("——", "其中", "of which") do not add up to it
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from analyzer.indicators.kpis import Indicator

JUMP_FACTOR = 10.0
TOTAL_TOLERANCE = 0.01
_TOTAL = re.compile(r"总量|总数|总额|总计|合计|总和|\btotal\b", re.I)
_SUB_ROW = re.compile(r"^\s*(?:[—–\-]{1,2}|其中[:：]?|含[:：]|of which|thereof)", re.I)


class Series(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kpi: str | None
    unit: str  # canonical unit where known, else as written
    values: dict[int, float]  # year → value (canonical where known)
    pages: tuple[int, ...]
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def build_series(indicators: Sequence[Indicator]) -> list[Series]:
    """One series per KPI (catalogue id, else the report's name), with its flags."""
    groups: dict[str, list[Indicator]] = {}
    for item in indicators:
        if item.year is not None:
            groups.setdefault(item.kpi or item.name, []).append(item)
    mismatches = _total_mismatches(indicators)
    series = []
    for key, items in groups.items():
        units = {i.canonical_unit or i.unit for i in items}
        values: dict[int, float] = {}
        for i in items:
            values.setdefault(i.year, i.canonical_value if i.canonical_value is not None else i.value)  # type: ignore[index]
        flags, notes = [], []
        if len(values) < 3:
            flags.append("few_years")
            notes.append(f"仅 {len(values)} 年数据 / only {len(values)} year(s)")
        if len(units) > 1:
            flags.append("mixed_units")
            notes.append(f"单位不一致 / units differ: {', '.join(sorted(units))}")
        years = sorted(values)
        for a, b in zip(years, years[1:]):
            low, high = sorted((abs(values[a]), abs(values[b])))
            if low > 0 and high / low > JUMP_FACTOR:
                flags.append("jump")
                notes.append(f"{a}→{b} 变化超过 {JUMP_FACTOR:g} 倍 / changes more than {JUMP_FACTOR:g}×")
                break
        if key in mismatches:
            flags.append("total_mismatch")
            notes.append(mismatches[key])
        series.append(
            Series(
                name=items[0].name, kpi=items[0].kpi, unit=sorted(units)[0], values=dict(sorted(values.items())),
                pages=tuple(sorted({i.page for i in items if i.page is not None})), flags=tuple(flags),
                notes=tuple(notes),
            )
        )
    return series


def _total_mismatches(indicators: Sequence[Indicator]) -> dict[str, str]:
    """Total rows whose marked sub-rows (same table row run, same year, same unit) do not add up."""
    found: dict[str, str] = {}
    for i, total in enumerate(indicators):
        if not _TOTAL.search(total.name) or _SUB_ROW.match(total.label):
            continue
        parts = []
        for item in indicators[i + 1 :]:
            if item.page != total.page and item.page != (total.page or 0) + 1:
                break
            if item.year != total.year or item.name == total.name:
                continue
            if not _SUB_ROW.match(item.label):
                break  # sub-rows follow their total directly
            if item.unit == total.unit:
                parts.append(item.value)
        if len(parts) >= 2 and abs(sum(parts) - total.value) > TOTAL_TOLERANCE * max(abs(total.value), 1e-9):
            found[total.kpi or total.name] = (
                f"{total.year}: 分项之和 {sum(parts):g} ≠ 合计 {total.value:g} / parts add up to {sum(parts):g}, "
                f"not {total.value:g}"
            )
    return found
