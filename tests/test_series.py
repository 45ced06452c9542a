"""Multi-year KPI series and their comparability flags."""

from __future__ import annotations

import pytest

from analyzer.extract import extract
from analyzer.indicators.kpis import Indicator, KpiReader
from analyzer.indicators.series import build_series
from analyzer.rubrics.loader import load_rubrics
from tests.corpus import corpus_path
from tests.pdf_fixtures import SAMPLE_PDF


def value(name: str, year: int, number: float, unit: str = "万吨", label: str | None = None) -> Indicator:
    return Indicator(name=name, label=label or name, value=number, unit=unit, year=year, page=5, text="",
                     kpi=None, canonical_value=None, canonical_unit=None)


@pytest.fixture(scope="module")
def reader() -> KpiReader:
    return KpiReader(load_rubrics())


def test_the_sample_series_are_complete_but_one(reader: KpiReader) -> None:
    series = build_series(reader.read_tables(extract(SAMPLE_PDF)))
    flagged = {s.name: s.flags for s in series if s.flags}
    assert flagged == {"范围三排放": ("few_years",)}  # first disclosed in 2024
    water = next(s for s in series if s.kpi == "water_consumption")
    assert water.values == {2022: 1_286_000.0, 2023: 1_392_000.0, 2024: 1_315_000.0} and water.unit == "t"


def test_jumps_units_and_totals_are_flagged() -> None:
    items = [
        value("用水量", 2022, 120.0), value("用水量", 2023, 1300.0), value("用水量", 2024, 125.0),
        value("废水", 2022, 1.0), value("废水", 2023, 1.1, unit="吨"), value("废水", 2024, 1.2),
        value("排放总量", 2024, 100.0), value("范围一", 2024, 30.0, label="——范围一"),
        value("范围二", 2024, 60.0, label="——范围二"),
    ]
    flags = {s.name: set(s.flags) for s in build_series(items)}
    assert "jump" in flags["用水量"] and "mixed_units" in flags["废水"]
    assert flags["排放总量"] == {"few_years", "total_mismatch"}


@pytest.mark.corpus
def test_ping_an_loans_add_up_and_a_slip_is_caught(reader: KpiReader) -> None:
    indicators = reader.read(extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF")))
    assert not any("total_mismatch" in s.flags for s in build_series(indicators))  # 企业 + 个人 = 贷款总额
    slipped = [i.model_copy(update={"value": 999.0}) if (i.name, i.year) == ("企业贷款", 2021) else i
               for i in indicators]
    assert [s.name for s in build_series(slipped) if "total_mismatch" in s.flags] == ["贷款总额"]
