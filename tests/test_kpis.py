"""KPI values from report tables: names, units, years, pages, catalogue matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from analyzer.extract import extract
from analyzer.indicators.kpis import Indicator, KpiReader
from analyzer.rubrics.loader import load_rubrics
from tests.corpus import corpus_path
from tests.pdf_fixtures import SAMPLE_PDF

CONTENT = Path(__file__).resolve().parents[1] / "samples" / "sample_report_content.yaml"


@pytest.fixture(scope="module")
def reader() -> KpiReader:
    return KpiReader(load_rubrics())


def _kpi_tables(node: object) -> list[dict]:
    """Every KPI table (``kpi: true``) of the sample's content file."""
    if isinstance(node, dict):
        found = [node] if node.get("kpi") and "rows" in node else []
        return found + [t for v in node.values() for t in _kpi_tables(v)]
    if isinstance(node, list):
        return [t for v in node for t in _kpi_tables(v)]
    return []


def test_every_kpi_of_the_sample_tables_with_all_three_years(reader: KpiReader) -> None:
    indicators = reader.read_tables(extract(SAMPLE_PDF))
    got = {(i.name, i.year): i for i in indicators}
    tables = _kpi_tables(yaml.safe_load(CONTENT.read_text(encoding="utf-8")))
    assert len(tables) == 4
    expected = 0
    for table in tables:
        years = [int(re.match(r"\d{4}", c).group()) for c in table["columns"][1:]]
        for label, *cells in table["rows"]:
            name = re.sub(r"[（(][^（）()]*[)）]$", "", label)
            unit = re.search(r"[（(]([^（）()]*)[)）]$", label)
            for year, cell in zip(years, cells):
                if not re.match(r"^-?[\d,.]+$", cell):
                    continue  # "—": not disclosed that year
                expected += 1
                item = got[(name, year)]
                assert item.value == pytest.approx(float(cell.replace(",", ""))), (name, year)
                assert item.unit == (unit.group(1) if unit else ""), (name, year)
    assert expected >= 150


def test_units_become_canonical_with_the_catalogue_conversions(reader: KpiReader) -> None:
    indicators = {(i.name, i.year): i for i in reader.read_tables(extract(SAMPLE_PDF))}
    water = indicators[("用水量", 2024)]
    assert (water.kpi, water.canonical_value, water.canonical_unit) == ("water_consumption", 1_315_000.0, "t")
    hours = indicators[("人均培训时长", 2024)]
    assert (hours.kpi, hours.canonical_unit) == ("training_hours_per_employee", "小时/人")


@pytest.mark.corpus
def test_ping_an_green_credit_balance_for_each_year(reader: KpiReader) -> None:
    doc = extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))
    indicators = reader.read(doc)
    green = {i.year: i for i in indicators if i.kpi == "green_credit_balance"}
    assert {y: (i.value, i.unit, i.page) for y, i in green.items()} == {
        2021: (691.35, "亿元", 6), 2020: (227.00, "亿元", 6), 2019: (220.92, "亿元", 6),
    }
    assert green[2021].canonical_value == pytest.approx(69_135_000_000)
    assert len([i for i in indicators if i.year]) >= 30
    # the table continues on the next page without its header: the years carry over
    donations = {i.year: i.value for i in indicators if i.name == "对外捐赠总额"}
    assert donations == {2021: 12196.06, 2020: 9154.63, 2019: 748.62}


def test_values_stated_in_sentences(reader: KpiReader) -> None:
    doc = extract(SAMPLE_PDF)
    text = reader.read_text(doc)
    by_key = {(i.kpi, i.year): i for i in text}
    hours = by_key[("training_hours_per_employee", 2024)]
    assert (hours.value, hours.unit, hours.canonical_unit) == (52.3, "小时", "小时/人")
    assert "人均培训时长" in hours.text and hours.page is not None
    assert (by_key[("pv_generation", 2024)].value, by_key[("pv_generation", 2024)].unit) == (1950.0, "万千瓦时")
    assert by_key[("green_electricity_share", 2030)].value == 50.0  # a target: the year named in the sentence
    assert not any(i.unit == "%" and i.canonical_unit is None for i in text)  # change rates are not values
    tables = reader.read_tables(doc)
    table_keys = {(i.kpi, i.year, i.canonical_value) for i in tables if i.kpi}
    added = reader.read(doc)[len(tables):]
    assert added and not any((i.kpi, i.year, i.canonical_value) in table_keys for i in added)


def test_a_table_without_year_columns_gives_no_values(reader: KpiReader) -> None:
    from analyzer.document import Block, Document, DocumentMeta, Page

    rows = (("利益相关方", "沟通方式"), ("员工", "职工代表大会"))
    doc = Document(
        meta=DocumentMeta(file="t.pdf", sha256="0" * 64, format="pdf", pages=1, language="zh"),
        pages=(Page(number=1),),
        blocks=(Block(id="p1-b1", kind="table", text="", page=1, rows=rows),),
    )
    assert reader.read(doc) == []
    assert isinstance(Indicator, type)


@pytest.mark.parametrize(
    ("label", "kpi"),
    [
        ("温室气体排放总量", "ghg_total"),
        ("范围一排放量", "ghg_scope1"),
        ("直接温室气体排放总量（范围一）", None),  # not the total: scope 1, under a wording the catalogue lacks
        ("人均培训时长", "training_hours_per_employee"),
        ("人均用水量", None),  # not the total water use
        ("单位产值碳排放强度", "ghg_intensity"),
    ],
)
def test_qualifiers_keep_siblings_apart(reader: KpiReader, label: str, kpi: str | None) -> None:
    match = reader.match(label)
    assert (match.id if match else None) == kpi
