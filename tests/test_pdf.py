"""PDF extraction on the bundled sample report and on real corpus reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzer.document import Document
from analyzer.extract import extract
from analyzer.extract.numbering import is_toc_entry
from tests.corpus import SKIP_REASON, cjk_recall, corpus_path, corpus_pdfs, pdftotext
from tests.pdf_fixtures import SAMPLE_PDF

DOUBLED = re.compile(r"(.)\1(.)\2(.)\3")  # "社社会会责责": a fake-bold glyph kept twice


def all_text(doc: Document) -> str:
    """Everything the Document holds: blocks, table cells and the page furniture it set aside."""
    return doc.text + "\n" + "\n".join(f for page in doc.pages for f in page.furniture)


# -- the bundled sample ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample() -> Document:
    return extract(SAMPLE_PDF)


def test_sample_metadata(sample: Document) -> None:
    assert sample.meta.format == "pdf"
    assert sample.meta.language == "zh"
    assert sample.meta.report_year == 2024
    assert sample.meta.company == "沪明新材料股份有限公司"
    assert sample.meta.title is not None and "社会责任报告" in sample.meta.title
    assert sample.meta.pages == len(sample.pages) == 23


def test_sample_page_labels_follow_the_printed_folios(sample: Document) -> None:
    # Cover and contents carry no folio; printed numbering starts at 1 on the third sheet.
    assert sample.page(1).label is None
    for page in sample.pages[2:]:
        assert page.label == str(page.number - 2)


def test_sample_running_header_is_not_body_text(sample: Document) -> None:
    body_pages = [p for p in sample.pages if p.label]
    assert all(p.furniture for p in body_pages)
    header = sample.pages[5].furniture[0]
    assert not any(b.text == header for b in sample.blocks)


def test_sample_contents_heading_is_not_a_parent(sample: Document) -> None:
    about = next(b for b in sample.headings if b.text == "关于本报告")
    assert "目录" not in about.section


def test_sample_heading_levels(sample: Document) -> None:
    levels = {b.text: b.level for b in sample.headings}
    chapter = next(t for t in levels if t.startswith("一、"))
    section = next(t for t in levels if t.startswith("（一）"))
    assert levels[chapter] < levels[section]
    first_section_block = next(b for b in sample.blocks if b.text == section)
    assert first_section_block.section[-2:] == (chapter, section)


def test_sample_kpi_tables_have_three_year_columns(sample: Document) -> None:
    year_tables = [t for t in sample.tables if {"2022年", "2023年", "2024年"} <= set(t.rows[0])]
    assert len(year_tables) >= 4
    for table in year_tables:
        assert all(len(row) == len(table.rows[0]) for row in table.rows)
        assert all(re.fullmatch(r"[-\d,.]+", row[-1] or "") for row in table.rows[1:])


def test_sample_table_text_stays_out_of_paragraphs(sample: Document) -> None:
    table_cells = {c for t in sample.tables for row in t.rows for c in row if c and len(c) > 8}
    paragraphs = [b.text for b in sample.blocks if b.kind == "paragraph"]
    assert not [c for c in table_cells if c in paragraphs]


def test_sample_has_no_lost_text() -> None:
    doc = extract(SAMPLE_PDF)
    assert cjk_recall(all_text(doc), pdftotext(SAMPLE_PDF)) >= 0.995


def test_sample_paragraphs_are_whole(sample: Document) -> None:
    """Lines are joined into paragraphs without spaces between Chinese characters."""
    paragraphs = [
        b.text for b in sample.blocks if b.kind == "paragraph" and len(b.text) > 80 and not is_toc_entry(b.text)
    ]
    assert len(paragraphs) > 40
    assert not [p for p in paragraphs if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", p)]
    ended = sum(1 for p in paragraphs if p.endswith(("。", "；", "：", "！", "）", "”")))
    assert ended / len(paragraphs) >= 0.9


# -- the Ping An 2021 report: doubled glyphs, folios, KPI tables, GRI index -------------------
@pytest.fixture(scope="module")
def ping_an() -> Document:
    return extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))


@pytest.mark.corpus
def test_ping_an_headings_have_no_doubled_characters(ping_an: Document) -> None:
    headings = [b.text for b in ping_an.headings]
    assert len(headings) > 50
    assert not [h for h in headings if DOUBLED.search(h)]


@pytest.mark.corpus
def test_ping_an_page_labels(ping_an: Document) -> None:
    content_pages = [p for p in ping_an.pages if any(b.page == p.number for b in ping_an.blocks)]
    labelled = [p for p in content_pages if p.label]
    assert len(labelled) >= 0.8 * len(content_pages)
    # Printed folios run one behind the physical page (the cover has none); "4 0" reads "40".
    assert ping_an.page(11).label == "10"
    assert ping_an.page(41).label == "40"
    assert ping_an.page(80).label == "79"


@pytest.mark.corpus
def test_ping_an_kpi_table_has_year_columns(ping_an: Document) -> None:
    kpi = next(t for t in ping_an.tables if t.page == 6)
    header = [c for c in kpi.rows[0] if c]
    assert header[-3:] == ["2021 年", "2020 年", "2019 年"]
    green = next(r for r in kpi.rows if r[1] and r[1].startswith("绿色信贷余额"))
    assert green[-3:] == ("691.35", "227.00", "220.92")
    assert kpi.section[-1].endswith("关键绩效")


@pytest.mark.corpus
def test_ping_an_gri_index_is_a_table(ping_an: Document) -> None:
    index_tables = [t for t in ping_an.tables if t.page in (80, 81, 82)]
    codes = {c for t in index_tables for r in t.rows for c in r if c and re.fullmatch(r"\d{3}-\d{1,2}", c)}
    assert {"102-1", "102-14", "102-40"} <= codes


@pytest.mark.corpus
def test_ping_an_metadata(ping_an: Document) -> None:
    assert ping_an.meta.report_year == 2021
    assert ping_an.meta.language == "zh"
    assert ping_an.meta.company is not None and ping_an.meta.company.startswith("平安银行")


# -- every corpus PDF --------------------------------------------------------------------------
@pytest.mark.corpus
@pytest.mark.parametrize(
    "path",
    corpus_pdfs() or [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_REASON))],
    ids=lambda p: p.name[:40] if p else "corpus-absent",
)
def test_corpus_pdf_keeps_the_chinese_text(path: Path) -> None:
    """Each corpus PDF extracts, and keeps ≥ 98% of the CJK characters that pdftotext finds."""
    doc = extract(path)
    assert doc.blocks
    assert cjk_recall(all_text(doc), pdftotext(path)) >= 0.98


@pytest.mark.corpus
def test_scanner_made_pdf_has_no_spaces_between_characters() -> None:
    doc = extract(corpus_path("pdf-zh-hant", "5835_國泰銀行_2022_TCFD_報告書.pdf"))
    spaced = [b.text for b in doc.blocks if b.kind != "table" and re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] ", b.text)]
    assert len(spaced) <= 0.05 * len(doc.blocks)


@pytest.mark.corpus
def test_ocr_layer_pages_are_flagged() -> None:
    doc = extract(corpus_path("pdf-zh", "山西汾酒_2012年度社会责任报告.pdf"))
    assert sum("image_with_text_layer" in p.flags for p in doc.pages) >= 0.8 * len(doc.pages)


# -- columns within columns ------------------------------------------------------------------
@pytest.mark.corpus
def test_spread_with_a_box_beside_a_column_reads_column_by_column() -> None:
    """A landscape spread: one text column on the left page; on the right, a column beside a box,
    with a paragraph across both below them."""
    doc = extract(corpus_path("pdf-en", "Washington_Real_Estate_Investment_Trust-ESG_Report.pdf"))
    texts = [b.text for b in doc.blocks if b.page == 28]
    headings = (
        "Our Employees", "Training, Education, and Career Development", "Ethics, Compliance, and Training"
    )
    for heading in headings:
        assert heading in texts  # a block of its own, not glued to the line beside it in the other column
    across = "at all levels of the company—through professional and leadership development"
    assert any(across in t for t in texts)
    box = next(i for i, t in enumerate(texts) if t.startswith("As we transition into a multifamily company"))
    assert "prevent discrimination in housing-related activities" in texts[box]


@pytest.mark.corpus
def test_four_column_spread_keeps_each_paragraph_whole() -> None:
    doc = extract(corpus_path("pdf-zh", "山西汾酒_2012年度社会责任报告.pdf"))
    text = "\n".join(b.text for b in doc.blocks if b.page == 8)
    assert "信息披露是监管机构和投资者共同关注的重点，关系到公司在资本市场的形象" in text
    assert "公司自上市以来，一贯重视给予投资者合理回报" in text
