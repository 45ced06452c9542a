"""Reading a report's own GRI content index."""

from __future__ import annotations

import pytest

from analyzer.document import Block, Document, DocumentMeta, Page
from analyzer.extract import extract
from analyzer.mapping.gri_index import read_gri_index
from analyzer.rubrics.loader import RubricSet, load_rubrics
from tests.corpus import corpus_path
from tests.pdf_fixtures import SAMPLE_PDF


@pytest.fixture(scope="module")
def rubrics() -> RubricSet:
    return load_rubrics()


def test_sample_index_rows_with_pages_and_sections(rubrics: RubricSet) -> None:
    doc = extract(SAMPLE_PDF)
    entries = read_gri_index(doc, rubrics)
    assert {e.page for e in entries} == {21, 22}
    by_code = {e.code: e for e in entries}
    assert len(entries) >= 30 and all(e.topics for e in entries)
    assert by_code["2-1"].page_labels == ("4",) and by_code["2-1"].sections == ("公司概况—公司简介",)
    assert by_code["305-2"].page_labels == ("8", "11") and by_code["305-2"].topics == ("gri:305-2",)
    assert by_code["3-3"].subject is None  # GRI 3's own row, at the materiality section like 3-1 and 3-2


@pytest.mark.corpus
def test_management_rows_take_the_standard_of_their_block(rubrics: RubricSet) -> None:
    doc = extract(corpus_path("pdf-en", "Washington_Real_Estate_Investment_Trust-ESG_Report.pdf"))
    entries = read_gri_index(doc, rubrics)
    management = [e for e in entries if e.code.startswith("103-")]
    subjects = [e.subject for e in management if e.sections and e.sections[0].startswith("Water")]
    assert subjects == ["gri:GRI 303"] * 3
    assert all(e.topics == ("gri:3-3",) for e in management)
    assert {e.subject for e in management} >= {"gri:GRI 201", "gri:GRI 205", "gri:GRI 404", "gri:GRI 405"}
    assert management[-1].subject is None  # the last block lists no disclosure after its management rows


@pytest.mark.corpus
def test_gri_2016_codes_map_to_2021_disclosures(rubrics: RubricSet) -> None:
    doc = extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))
    by_code = {e.code: e for e in read_gri_index(doc, rubrics)}
    assert by_code["102-1"].topics == ("gri:2-1",)
    assert "gri:2-29" in by_code["102-40"].topics
    assert by_code["102-40"].sections and not by_code["102-40"].page_labels
    assert by_code["305-5"].topics == ("gri:305-5",)


@pytest.mark.corpus
def test_english_text_index_lines(rubrics: RubricSet) -> None:
    doc = extract(corpus_path("pdf-en", "Bayer_AG-2021_Sustainability_Report.pdf"))
    by_code = {e.code: e for e in read_gri_index(doc, rubrics)}
    assert by_code["102-42"].page_labels == ("29",)
    assert by_code["102-44"].page_labels == tuple(str(n) for n in range(28, 32))
    assert "154" not in by_code["102-45"].page_labels  # "AR 154" points into the annual report
    assert by_code["403-8"].page_labels == ("93", "94", "95")  # pages, then a comment


def test_pages_comments_and_written_out_answers() -> None:
    """A text row's page list is read before its comment; an answer written out in the index is not a
    section name; a number inside a sentence, or the next row's code, is not a page."""
    rows = (
        ("GRI Standard", "Disclosure", "Location", "Comment"),
        ("2-1", "Organizational details", "Company profile", "4"),
        ("2-4", "Restatements of information", "—", "No restatements were made in this reporting period."),
        ("2-9", "Governance structure and composition", "Governance; Annual Report pages 10-12", ""),
        ("2-27", "Compliance with laws and regulations", "There were no significant fines or non-monetary "
         "sanctions for non-compliance with laws and regulations in the reporting year", ""),
    )
    lines = (
        "GRI 403-8: Workers covered by an occupational health and safety management system 93–95 The Group "
        "Regulation on safety applies to all sites",
        "GRI 201-4: Financial assistance received from government As a result of the restrictions imposed by "
        "the federal council to contain the Covid 19 pandemic, compensation was requested for some employees",
        "GRI 306-4: Waste diverted from disposal 306-5 Waste directed to disposal",  # a row run into the next
    )
    section = ("GRI Content Index",)
    blocks = [Block(id="B1", kind="heading", text=section[0], page=2, section=section),
              Block(id="B2", kind="table", text="\n".join(" | ".join(r) for r in rows), page=2,
                    section=section, rows=rows)]
    blocks += [Block(id=f"B{n}", kind="paragraph", text=line, page=2, section=section)
               for n, line in enumerate(lines, start=3)]
    meta = DocumentMeta(file="t.pdf", sha256="0" * 64, format="pdf", pages=2, language="en")
    pages = (Page(number=1, label="1"), Page(number=2, label="2"))
    doc = Document(meta=meta, pages=pages, blocks=tuple(blocks))
    by_code = {e.code: e for e in read_gri_index(doc, load_rubrics())}
    assert (by_code["2-1"].page_labels, by_code["2-1"].sections) == (("4",), ("Company profile",))
    assert by_code["2-4"].sections == () and by_code["2-27"].sections == ()
    assert by_code["2-9"].sections == ("Governance; Annual Report pages 10-12",)
    assert by_code["2-9"].page_labels == ()
    assert by_code["403-8"].page_labels == ("93", "94", "95")
    assert by_code["403-8"].sections == ("The Group Regulation on safety applies to all sites",)
    assert by_code["201-4"].page_labels == ()
    assert by_code["306-4"].page_labels == ()
