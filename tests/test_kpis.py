"""KPI values from report tables: names, units, years, pages, catalogue matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from analyzer.document import Block, Document, DocumentMeta, Page
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
    assert not any(year and year > 2024 for _, year in by_key)  # "到2030年…达到50%" is a target, not a value
    assert not any(i.unit == "%" and i.canonical_unit is None for i in text)  # change rates are not values
    tables = reader.read_tables(doc)
    table_keys = {(i.kpi, i.year, i.canonical_value) for i in tables if i.kpi}
    added = reader.read(doc)[len(tables):]
    assert added and not any((i.kpi, i.year, i.canonical_value) in table_keys for i in added)


@pytest.mark.parametrize(
    "sentence",
    [
        "截至2021年末，归属于母公司所有者的每股净资产4.10元。",
        "2021年度利润分配预案为：向全体股东每10股派发现金红利8元。",
        "公司实施2020年度利润分配方案，每10股送10股并派发现金红利5元。",
    ],
)
def test_per_share_figures_are_not_company_totals(reader: KpiReader, sentence: str) -> None:
    found = reader.read_text(_document(sentence, language="zh"))
    assert not [i for i in found if i.kpi in {"net_assets", "dividends"}]


def test_a_table_without_year_columns_gives_no_values(reader: KpiReader) -> None:
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
        ("直接温室气体排放总量（范围一）", "ghg_scope1"),  # not the total: scope 1, by overlap
        ("人均培训时长", "training_hours_per_employee"),
        ("人均用水量", None),  # not the total water use
        ("单位产值碳排放强度", "ghg_intensity"),
    ],
)
def test_qualifiers_keep_siblings_apart(reader: KpiReader, label: str, kpi: str | None) -> None:
    match = reader.match(label)
    assert (match.id if match else None) == kpi


@pytest.mark.parametrize(
    ("label", "unit", "kpi"),
    [
        ("二氧化碳总排放量", "", "ghg_total"),  # the catalogue has 二氧化碳排放总量
        ("温室气体总排放", "", "ghg_total"),
        ("Emissions, Scope 1", "", "ghg_scope1"),
        ("energy consumption (total)", "", "energy_total"),
        ("GHG emissions – Scope 2 (location-based)", "tCO2e", "ghg_scope2"),  # with a fitting unit, less overlap
        ("柴油消耗", "吨", "diesel_consumption"),
        ("危险废物", "吨", "hazardous_waste"),
        ("志愿者参与人次", "人次", "volunteers"),
        ("温室气体排放总量（人均排放量）", "吨二氧化碳当量/人", "ghg_intensity_employee"),
    ],
)
def test_labels_match_by_overlap(reader: KpiReader, label: str, unit: str, kpi: str) -> None:
    match = reader.match(label, unit)
    assert match is not None and match.id == kpi


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("监事会会议", "次"),  # the supervisory board is not the board (董事会会议)
        ("损工事故", "起"),  # a count, not the rate (损工事故率)
        ("外籍员工数", "人"),  # a part of the staff
        ("员工重伤人数", "人"),  # as close to 员工人数 as to 工伤人数
        ("其它能源消耗", "吨标准煤"),  # not the total
        ("直接能源消耗总量", ""),
        ("营业用水（总排放量）", "吨二氧化碳当量"),  # emissions from water use: the unit does not fit water
        ("流动资产", "万元"),
        ("温室气体排放范围", ""),  # no unit: too little overlap
    ],
)
def test_labels_that_match_nothing(reader: KpiReader, label: str, unit: str) -> None:
    assert reader.match(label, unit) is None


@pytest.mark.parametrize(
    ("label", "unit", "kpi"),
    [
        ("Code of Conduct Certification Program Completion Rate (%)", "", None),  # "COD" only as a word
        ("Nonhazardous waste disposed of", "", None),  # not "hazardous waste disposed"
        ("Lost days due to work injuries", "", "lost_days_injury"),  # the thing named first
        ("Overall rate of occupational injuries", "", None),  # a rate, not their number
        ("Social insurance coverage rate", "", "social_insurance_coverage"),  # a KPI in % is a rate
        ("Water consumption per RMB10,000 of production value", "", None),  # an intensity
        ("Total training hours of suppliers", "", None),
        ("Specific greenhouse gas emissions", "", None),  # an intensity, not the total
        ("Scope 1 emissions", "Tonnes", "ghg_scope1"),
        ("Employee volunteers", "", "volunteers"),
    ],
)
def test_english_labels_name_whole_words_and_carry_their_qualifiers(
    reader: KpiReader, label: str, unit: str, kpi: str | None
) -> None:
    match = reader.match(label, unit)
    assert (match.id if match else None) == kpi


def test_tonnes_under_an_emissions_kpi_are_tonnes_of_co2e(reader: KpiReader) -> None:
    scope1 = reader.match("Scope 1 emissions")
    assert reader.canonical(1.5, "million tonnes", scope1) == (1_500_000, "tCO2e")
    assert reader.canonical(2.0, "GWh", scope1) == (None, None)


@pytest.mark.parametrize(
    "label",
    ["直接温室气体排放总量（范围一）", "范围一排放", "温室气体排放（范围1）", "Scope 1 GHG emissions, total",
     "GHG emissions (Scope 1)", "范围一温室气体总排放"],
)
def test_a_scope_1_row_is_never_the_total(reader: KpiReader, label: str) -> None:
    for unit in ("", "吨二氧化碳当量"):
        match = reader.match(label, unit)
        assert match is not None and match.id == "ghg_scope1", (label, unit)


def _document(*paragraphs: str, year: int = 2021, language: str = "en") -> Document:
    blocks = tuple(Block(id=f"p1-b{i}", kind="paragraph", text=t, page=1) for i, t in enumerate(paragraphs))
    meta = DocumentMeta(
        file="t.pdf", sha256="0" * 64, format="pdf", pages=1, language=language, report_year=year
    )
    return Document(meta=meta, pages=(Page(number=1),), blocks=blocks)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Scope 1 emissions were 12,345 tCO2e in 2020.", ("ghg_scope1", 2020, 12_345, "tCO2e")),
        ("In 2020 we planted 12,500 trees.", ("trees_planted", 2020, 12_500, "棵")),
        ("Employees completed a total of 45,000 hours of training in 2021.",
         ("training_hours_total", 2021, 45_000, "小时")),
        ("Scope 1 emissions will fall to 9,000 tCO2e in 2030.", None),  # after the report year: a target
        ("Our 16,000 employees are ready for our customers.", ("employees_total", 2021, 16_000, "人")),
        ("The group employs 99,637 people.", ("employees_total", 2021, 99_637, "人")),
        ("Our 12 board members met eight times.", ("board_size", 2021, 12, "人")),
        ("Scope 3 emissions amounted to 1.2 million tonnes of CO2e.",
         ("ghg_scope3", 2021, 1_200_000, "tCO2e")),
        ("Scope 2 emissions (location-based) were 55,702 tonnes of CO2 (prior year: 54,001 tonnes).",
         ("ghg_scope2", 2021, 55_702, "tCO2e")),
        ("The share of renewable electricity reached 87% in 2021, compared with 80% in 2020.",
         ("green_electricity_share", 2021, 87, "%")),
        ("We recorded 3% employee turnover rate.", ("employee_turnover_rate", 2021, 3, "%")),
    ],
)
def test_english_sentences_name_value_and_value_name(
    reader: KpiReader, sentence: str, expected: tuple[str, int, float, str] | None
) -> None:
    found = reader.read_text(_document(sentence))
    assert [(i.kpi, i.year, i.canonical_value, i.canonical_unit) for i in found] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2021 there were 16 accidents per one thousand FTE.",  # not a headcount
        "There were 16 accidents per 1,000 employees.",
        "Companies with more than 100 employees must report.",  # no cue that the staff is the company's
        "We employ approximately 2,200 people in engineering.",  # a part
        "We employ more than 2,150 people with diverse abilities.",
        "We trained 5,000 employees on safety in 2021.",  # trained, not employed
        "We also offer our 1202 employees regular courses.",  # "1202": no count without its comma
        "Scope 1 emissions fell by 5% to 12,345 tCO2e.",  # a change comes first
        "We want to reduce our energy consumption by 20% by 2030.",
        "The packaging will include an average of 50% recycled content.",  # a plan, without its year
        "The water consumption intensity is 3.16 tonnes/vehicle.",  # a rate the unit does not say
        "Proportion of female directors 100% Employees trained in security 100%",  # a row of figures
        "Total water consumption 100 million t 26.68 26.15 30.01.",  # the unit heading a table row
        "100% training coverage rate of dealers",  # a part
    ],
)
def test_english_sentences_that_state_no_kpi_value(reader: KpiReader, sentence: str) -> None:
    assert reader.read_text(_document(sentence)) == []


@pytest.mark.corpus
def test_swisscom_sentence_kpis(reader: KpiReader) -> None:
    doc = extract(corpus_path("pdf-en", "Swisscom_AG-2021_Sustainability_Report.pdf"))
    found = reader.read_text(doc)
    # p. 6: "Our 16,000 employees are ready for our customers"; not "one representative for every 400
    # employees" (p. 12), "Swiss Group companies with more than 100 employees" (p. 31) nor "our 1202
    # employees" (p. 35, where a rotated "2021" runs into the line)
    headcount = [(i.page, i.year, i.value) for i in found if i.kpi == "employees_total"]
    assert headcount == [(6, 2021, 16_000)]
    assert all(i.canonical_unit for i in found)


def _text_table(reader: KpiReader, *blocks: str) -> list[tuple[object, ...]]:
    """(KPI, year, value, unit, canonical value) of each table value read from paragraph blocks."""
    found = reader.read_tables(_document(*blocks))
    return [(i.kpi, i.year, i.value, i.unit, i.canonical_value) for i in found]


def test_an_unruled_table_with_a_unit_column_runs_of_rows_and_footnote_marks(reader: KpiReader) -> None:
    found = _text_table(
        reader,
        "Environmental key figures",
        "Unit 2019 2020 2021",
        "Scope 1 emissions 2 Tonnes 21,364 19,987 18,034 Electrical energy consumption 3, 4 GWh 490 479 465",
        "Net floor space million m2 0 .92 0 .91 0 .88",  # a decimal point set apart; not a catalogue KPI
        "Nitrogen oxides Tonnes 15 .0 – 7 .4",
        "1 The emissions are verified. 2 Including refrigerants.",
    )
    assert found == [
        ("ghg_scope1", 2019, 21_364, "Tonnes", 21_364), ("ghg_scope1", 2020, 19_987, "Tonnes", 19_987),
        ("ghg_scope1", 2021, 18_034, "Tonnes", 18_034),
        ("electricity_consumption", 2019, 490, "GWh", 490e6),
        ("electricity_consumption", 2020, 479, "GWh", 479e6),
        ("electricity_consumption", 2021, 465, "GWh", 465e6),
        ("nox_emissions", 2019, 15.0, "Tonnes", 15.0), ("nox_emissions", 2021, 7.4, "Tonnes", 7.4),
    ]


def test_an_unruled_table_with_its_unit_before_the_years_and_glued_footnote_marks(reader: KpiReader) -> None:
    found = _text_table(
        reader,
        "Million metric tons of CO2 equivalents 2020 2021",
        "Scope 1: Direct emissions1 2.01 1.93",
        "Scope 3 emissions2 (t CO2e) 9,200,000 8,940,000",  # its own unit
    )
    assert found == [
        ("ghg_scope1", 2020, 2.01, "Million metric tons of CO2 equivalents", 2_010_000),
        ("ghg_scope1", 2021, 1.93, "Million metric tons of CO2 equivalents", 1_930_000),
        ("ghg_scope3", 2020, 9_200_000, "t CO2e", 9_200_000),
        ("ghg_scope3", 2021, 8_940_000, "t CO2e", 8_940_000),
    ]


@pytest.mark.parametrize(
    "blocks",
    [
        # years in prose: no header, and no header without a row after it
        ("We report on 2019, 2020 and 2021.", "Scope 1 emissions 21,364 19,987 18,034"),
        ("In the years 2019 2020 2021 our Scope 1 emissions fell to 18,034 tonnes.",),
        # a page footer with a year and a page number under a two-year header
        ("2020 2021", "Scope 1 emissions 2021 45"),
        # percentages of change, a change column, a change label
        ("2020 2021", "Scope 1 emissions –5% –3%"),
        ("2020 2021 Change", "Scope 1 emissions 2.01 1.93 –4%"),
        ("2020 2021", "Scope 1 emissions (% change) 5 3"),
        # a target ("2020 2030" is no header of a report of 2021), a part, a sentence running into a row
        ("Base year 2020 2030 Scope 1 emissions 12 30",),
        ("2020 2021", "of which Scope 1 emissions 1.2 1.3"),
        ("2020 2021", "When calculating total energy consumption, we differentiate Waste 416 499"),
        # a row of another width, a value with its footnote mark glued on ("154,9667")
        ("2019 2020 2021", "Scope 1 emissions 1,589 1,214"),
        ("2019 2020 2021", "Reduction Not Reported 154,9667 151,708 Total energy consumption 12 14,9307 966"),
    ],
)
def test_text_that_is_no_unruled_kpi_table(reader: KpiReader, blocks: tuple[str, ...]) -> None:
    assert _text_table(reader, *blocks) == []


@pytest.mark.corpus
def test_swisscom_unruled_environmental_key_figures(reader: KpiReader) -> None:
    # p. 50 "Environmental key figures in Switzerland" has no ruling lines; read by eye: Scope 1 16,295 /
    # 14,420 / 14,429 Tonnes (2019–2021), energy consumption 1,921 Terajoule (2021), electrical energy 1,725
    # Terajoule, also given as 479 GWh (2020), Scope 3 275,962 (2021, no unit printed)
    doc = extract(corpus_path("pdf-en", "Swisscom_AG-2021_Sustainability_Report.pdf"))
    found = {(i.kpi, i.year, i.unit): i for i in reader.read_tables(doc)}
    assert [found[("ghg_scope1", y, "Tonnes")].value for y in (2019, 2020, 2021)] == [16_295, 14_420, 14_429]
    assert found[("ghg_scope1", 2021, "Tonnes")].canonical_unit == "tCO2e"
    assert found[("energy_total", 2021, "Terajoule")].value == 1_921
    assert found[("electricity_consumption", 2020, "GWh")].canonical_value == 479e6  # the unit converted
    assert ("electricity_consumption", 2020, "Terajoule") not in found  # one unit per KPI
    assert found[("ghg_scope3", 2021, "")].value == 275_962
    assert {i.page for i in found.values()} == {50}
