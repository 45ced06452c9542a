"""KPI values from tables printed without ruling lines (found by ``text_tables``), for high precision.

Only rows whose label the catalogue names count; and of those, no value in a unit of another quantity than
the KPI's ("%" under a KPI of tonnes is a rate of change, tCO2e under one of energy a row of another
table), no intensity without a ratio unit, no fraction of a count, and no KPI that two rows of one table
give different values in one unit (a total and its part under one name). A KPI a table gives in two units
is read in one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from analyzer.document import Document
from analyzer.indicators.catalogue import Catalogue
from analyzer.indicators.indicator import Indicator
from analyzer.indicators.kpi_tables import TableReader
from analyzer.indicators.text_tables import text_tables

_SAME_QUANTITY = (frozenset({"tce", "GJ", "kWh"}), frozenset({"t", "m3"}))  # of one quantity: energy, water
_COUNT_UNITS = frozenset({"人", "人次", "次", "起", "项", "家", "张", "棵", "辆"})  # KPIs that count whole things


class TextTableReader:
    """Reads KPI values out of a report's unruled year-column tables with the table reader."""

    def __init__(self, catalogue: Catalogue, tables: TableReader) -> None:
        self.catalogue = catalogue
        self._tables = tables

    def read(self, doc: Document) -> list[Indicator]:
        """The KPI values of every unruled table, table by table."""
        found = []
        for table in text_tables(doc, self.catalogue.is_unit):
            values = [i for i in self._tables.read_blocks([table]) if i.kpi and self._plausible(i)]
            stated = {(i.kpi, i.year, i.unit, i.value) for i in values}
            ambiguous = {kpi for (kpi, *_), n in Counter(s[:3] for s in stated).items() if n > 1}
            units = _units(i for i in values if i.kpi not in ambiguous)
            found += [i for i in values if i.kpi not in ambiguous and units[i.kpi] == i.unit]
        return found

    def _plausible(self, item: Indicator) -> bool:
        """A value the KPI may have (see the module's docstring)."""
        kpi = self.catalogue.kpi(item.kpi or "")
        if kpi.unit == "%" and item.canonical_unit != "%":
            return False  # "Total employee turnover | person": not the rate
        written = self.catalogue.canonical(1.0, item.unit, None)[1]
        if item.canonical_unit is None and written is not None:
            if not any({written, kpi.unit} <= same for same in _SAME_QUANTITY):
                return False
        if "/" in (kpi.unit or "") and (item.canonical_unit is None or "/" not in item.unit):
            return False
        return not (kpi.unit in _COUNT_UNITS and not item.value.is_integer())


def _units(values: Iterable[Indicator]) -> dict[str | None, str]:
    """The one unit each KPI is read in, where a table gives it in two ("Terajoule", then "GWh"): the one
    converted to the KPI's unit, else the first (a KPI in two units would look like a break in its
    series)."""
    units: dict[str | None, str] = {}
    for item in sorted(values, key=lambda i: i.canonical_value is None):
        units.setdefault(item.kpi, item.unit)
    return units
