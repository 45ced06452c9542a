"""KPI values from a report's tables and sentences, with unit, year, page and quote.

The entry point: ``KpiReader`` reads ``Indicator`` values with the table reader (``kpi_tables``), the
reader of tables printed without ruling lines (``kpi_text_tables``) and the sentence reader
(``kpi_sentences``), all naming KPIs and converting units with the catalogue matcher (``catalogue``).
"""

from __future__ import annotations

from analyzer.document import Document
from analyzer.indicators.catalogue import Catalogue
from analyzer.indicators.indicator import Indicator
from analyzer.indicators.kpi_sentences import SentenceReader
from analyzer.indicators.kpi_tables import TableReader
from analyzer.indicators.kpi_text_tables import TextTableReader
from analyzer.rubrics.loader import RubricSet
from analyzer.rubrics.schema import Kpi

__all__ = ["Indicator", "KpiReader"]


class KpiReader:
    """Reads KPI values out of tables and sentences, matching names and units to the rubric catalogue."""

    def __init__(self, rubrics: RubricSet) -> None:
        self.catalogue = Catalogue(rubrics)
        self._tables = TableReader(self.catalogue)
        self._text_tables = TextTableReader(self.catalogue, self._tables)
        self._sentences = SentenceReader(self.catalogue)

    def read(self, doc: Document) -> list[Indicator]:
        """Every KPI value of the report's tables, then those stated in its sentences (a sentence repeating a
        table value is left out)."""
        tables = self.read_tables(doc)
        known = {(i.kpi, i.year, i.canonical_value) for i in tables if i.kpi}
        return tables + [i for i in self.read_text(doc) if (i.kpi, i.year, i.canonical_value) not in known]

    def read_tables(self, doc: Document) -> list[Indicator]:
        """Every KPI value of every table of the report, ruled or not, page by page."""
        found = self._tables.read(doc) + self._text_tables.read(doc)
        return sorted(found, key=lambda i: i.page or 0)

    def read_text(self, doc: Document) -> list[Indicator]:
        """KPI values stated in sentences (see ``SentenceReader.read``)."""
        return self._sentences.read(doc)

    def match(self, name: str, unit: str = "") -> Kpi | None:
        """The catalogue KPI a row label names (see ``Catalogue.match``)."""
        return self.catalogue.match(name, unit)

    def canonical(self, value: float, unit: str, kpi: Kpi | None) -> tuple[float | None, str | None]:
        """The value in the KPI's canonical unit (see ``Catalogue.canonical``)."""
        return self.catalogue.canonical(value, unit, kpi)
