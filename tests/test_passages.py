"""Passages: merging and splitting, page and heading context, contents and content-index pages."""

from __future__ import annotations

import re
from pathlib import Path
import time

import pytest

from analyzer.document import Block, BlockKind, Document, DocumentMeta, Language, Page
from analyzer.extract import extract
from analyzer.passages import Passage, index_pages, split_passages
from tests.corpus import corpus_path
from tests.pdf_fixtures import SAMPLE_PDF

SAMPLE_DOCX = SAMPLE_PDF.with_suffix(".docx")
NO_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return NO_SPACE.sub("", text)


def make_doc(blocks: list[Block], pages: int = 1, language: Language = "zh") -> Document:
    meta = DocumentMeta(file="t.txt", sha256="0" * 64, format="txt", pages=pages, language=language)
    return Document(
        meta=meta,
        pages=tuple(Page(number=n, label=str(n)) for n in range(1, pages + 1)),
        blocks=tuple(blocks),
    )


def para(
    block_id: str,
    text: str,
    page: int = 1,
    section: tuple[str, ...] = ("第一章",),
    kind: BlockKind = "paragraph",
) -> Block:
    return Block(id=block_id, kind=kind, text=text, page=page, section=section)


def check_invariants(doc: Document, passages: tuple[Passage, ...]) -> None:
    """Ids in reading order, one page per passage, every non-heading block quoted, context from the blocks."""
    assert [p.id for p in passages] == [f"P{n}" for n in range(1, len(passages) + 1)]
    by_block: dict[str, list[Passage]] = {}
    for p in passages:
        assert p.chars == len(p.text) > 0
        blocks = [doc.block(i) for i in p.block_ids]
        assert {b.page for b in blocks} == {p.page}, f"{p.id} crosses pages"
        assert p.page_label == (doc.page(p.page).label if p.page else None)
        assert (p.section, p.heading) == (
            blocks[0].section[:-1],
            blocks[0].section[-1] if blocks[0].section else None,
        )
        for i in p.block_ids:
            by_block.setdefault(i, []).append(p)
    for block in doc.blocks:
        if block.kind == "heading":
            assert block.id not in by_block
            continue
        quoted = squeeze("".join(p.text for p in by_block[block.id]))
        if block.rows:
            assert all(squeeze(c) in quoted for row in block.rows for c in row if c), block.id
        else:
            assert squeeze(block.text) in quoted, block.id


def pages_with(passages: tuple[Passage, ...], role: str) -> set[int]:
    return {p.page for p in passages if p.role == role and p.page is not None}


# -- the bundled sample (PDF) -------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample() -> Document:
    return extract(SAMPLE_PDF)


@pytest.fixture(scope="module")
def sample_passages(sample: Document) -> tuple[Passage, ...]:
    return split_passages(sample)


def test_sample_invariants(sample: Document, sample_passages: tuple[Passage, ...]) -> None:
    check_invariants(sample, sample_passages)


def test_sample_passage_sizes(sample_passages: tuple[Passage, ...]) -> None:
    sizes = [p.chars for p in sample_passages]
    assert max(sizes) <= 600
    assert sum(80 <= n <= 600 for n in sizes) >= 0.8 * len(sizes)


def test_sample_contents_page(sample_passages: tuple[Passage, ...]) -> None:
    assert pages_with(sample_passages, "contents") == {2}
    assert all(p.role == "contents" for p in sample_passages if p.page == 2)


def test_sample_gri_index_pages(sample_passages: tuple[Passage, ...]) -> None:
    assert index_pages(sample_passages) == {21, 22}
    assert all(p.role == "index" for p in sample_passages if p.page in (21, 22))
    assert all(p.role == "content" for p in sample_passages if p.page not in (2, 21, 22))


def test_sample_body_passage_context(sample_passages: tuple[Passage, ...]) -> None:
    scope = next(p for p in sample_passages if "2024年1月1日至2024年12月31日" in p.text)
    assert (scope.page, scope.page_label, scope.heading, scope.kind) == (3, "1", "报告时间范围", "text")
    assert scope.section[-1] == "关于本报告"
    # The merged business segments (an intro line and its list items) stay one passage.
    segments = next(p for p in sample_passages if "改性工程塑料" in p.text)
    assert "三大板块" in segments.text and "其他业务" in segments.text


def test_sample_long_table_repeats_its_header(sample_passages: tuple[Passage, ...]) -> None:
    kpis = [p for p in sample_passages if p.kind == "table" and p.page == 13]
    assert len(kpis) >= 2
    header = "指标 | 2022年 | 2023年 | 2024年"
    assert all(header in p.text and p.chars <= 600 for p in kpis)
    assert kpis[0].text.startswith("表3-1")  # the title line leads the first group
    assert "环保投入（万元） | 4,860 | 5,520 | 6,380" in kpis[-1].text


# -- the bundled sample (Word) ------------------------------------------------------------------
def test_sample_docx_roles() -> None:
    doc = extract(SAMPLE_DOCX)
    passages = split_passages(doc)
    check_invariants(doc, passages)
    index_page = next(b.page for b in doc.headings if b.text == "GRI内容索引")
    assert pages_with(passages, "contents") == {2}
    assert index_pages(passages) == {index_page}
    # A one-cell table is a text box: read as text with the paragraphs around it.
    case = next(p for p in passages if "光储一体化" in p.text and p.role == "content")
    assert case.kind == "text"


# -- synthetic documents -------------------------------------------------------------------------
def test_wall_of_text_splits_at_sentence_ends() -> None:
    sentence = "截至2021年末，平安口袋银行APP注册用户数1.35亿户，同比增长12.3%，服务覆盖全国主要城市。"
    wall = sentence * 30  # about 1,400 characters, one paragraph
    passages = split_passages(make_doc([para("p1-b1", wall)]))
    assert len(passages) > 2
    assert "".join(p.text for p in passages) == wall
    for p in passages:
        assert 80 <= p.chars <= 600
        assert p.text.endswith("。") and p.text.startswith("截至")  # cut between sentences, never in 1.35


def test_wall_without_punctuation_is_still_bounded() -> None:
    passages = split_passages(make_doc([para("p1-b1", "绿" * 1500)]))
    assert [p.chars for p in passages] == [500, 500, 500]


def test_fragments_merge_under_one_heading_and_page_only() -> None:
    blocks = [
        para("p1-b1", "本行坚持绿色发展理念。"),
        para("p1-b2", "截至2021年末，本行绿色信贷余额691.35亿元。", kind="list_item"),
        Block(id="p1-b3", kind="heading", text="第二章", page=1, level=1, section=("第二章",)),
        para("p1-b4", "员工培训覆盖率100%。", section=("第二章",)),
        para("p2-b1", "人均培训时长52.3小时。", page=2, section=("第二章",)),
    ]
    passages = split_passages(make_doc(blocks, pages=2))
    assert [p.block_ids for p in passages] == [("p1-b1", "p1-b2"), ("p1-b4",), ("p2-b1",)]
    assert passages[0].text == "本行坚持绿色发展理念。截至2021年末，本行绿色信贷余额691.35亿元。"
    assert (passages[1].heading, passages[1].section, passages[2].page_label) == ("第二章", (), "2")


def test_english_pieces_join_with_a_space() -> None:
    blocks = [
        para("p1-b1", "We cut Scope 1 emissions by 12%.", section=("Climate",)),
        para("p1-b2", "Renewable electricity reached 45% of use.", section=("Climate",), kind="list_item"),
    ]
    doc = make_doc(blocks, language="en")
    assert (
        split_passages(doc)[0].text
        == "We cut Scope 1 emissions by 12%. Renewable electricity reached 45% of use."
    )


def test_a_gri_code_in_body_text_stays_content() -> None:
    blocks = [
        para("p1-b1", "公司依据GRI 305-1和305-2披露范围一、范围二温室气体排放，2024年排放总量同比下降7.7%。")
    ]
    assert split_passages(make_doc(blocks))[0].role == "content"


def test_an_english_index_without_a_heading_is_found_by_its_codes() -> None:
    rows = (("Disclosure", "Title", "Page"),) + tuple(
        (f"305-{n}", f"Emissions item {n}", str(10 + n)) for n in range(1, 8)
    )
    rows += tuple((f"2-{n}", f"General item {n}", str(n)) for n in range(1, 8))
    blocks = [
        para("p1-b1", "Our emissions fell 8% (GRI 305-1).", section=("Climate",)),
        Block(id="p2-b1", kind="table", text="", page=2, section=("Climate",), rows=rows),
    ]
    passages = split_passages(make_doc(blocks, pages=2, language="en"))
    assert [p.role for p in passages] == ["content", "index"]
    assert passages[1].text.startswith("Disclosure | Title | Page; 305-1 | Emissions item 1 | 11; ")


def test_the_title_line_of_an_index_table_without_codes_is_index_too() -> None:
    """A TCFD index has no disclosure codes: its table is index by standing under the title line, and the
    title line itself, which names every topic, must not become evidence either."""
    rows = (
        ("Disclosure area", "Recommended disclosure", "Location"),
        ("Governance", "Describe the board's oversight of climate-related risks.", "Page 19"),
        ("Strategy", "Describe the climate-related risks and opportunities identified.", "Page 28"),
    )
    title = "2022 Task Force on Climate-related Financial Disclosures (TCFD) index"
    blocks = [
        para("p1-b1", "We cut our Scope 1 emissions by 8% in 2022.", section=("Climate",)),
        para("p2-b1", title, page=2, section=("Appendix",)),
        Block(id="p2-b2", kind="table", text="", page=2, section=("Appendix",), rows=rows),
    ]
    passages = split_passages(make_doc(blocks, pages=2, language="en"))
    assert [(p.page, p.role) for p in passages] == [(1, "content"), (2, "index"), (2, "index")]


def test_index_text_in_a_report_without_pages() -> None:
    """A flattened text report: the index paragraphs are index, the body and a KPI table with a GRI
    column (more figures than codes) stay content."""
    index = " ".join(
        f"30{n}-{k} Disclosure on topic {n}.{k} Chapter {n}, page {10 + k}" for n in (2, 5) for k in (1, 2, 3)
    )
    kpis = (("Indicator", "GRI", "2021", "2022"),) + tuple(
        (f"Metric {n}", f"305-{n}", f"{n},120.5", f"{n},080.2") for n in range(1, 7)
    )
    blocks = [
        para(
            "p1-b1",
            "We reduced Scope 1 emissions by 8% (GRI 305-1) and audited 96 suppliers.",
            section=("Climate",),
        ),
        Block(id="p1-b2", kind="table", text="", page=1, section=("Climate",), rows=kpis),
        para("p1-b3", index, section=("Appendix",)),
    ]
    passages = split_passages(make_doc(blocks, language="en"))
    assert [(p.kind, p.role) for p in passages] == [
        ("text", "content"),
        ("table", "content"),
        ("text", "index"),
    ]


def test_a_long_table_row_is_split_and_keeps_the_header() -> None:
    rows = (("要素", "行动方案"), ("指标与目标", "本行每年开展温室气体盘查，披露范围一和范围二排放。" * 30))
    blocks = [Block(id="p1-b1", kind="table", text="", page=1, section=("气候",), rows=rows)]
    passages = split_passages(make_doc(blocks))
    assert len(passages) > 1
    assert all(p.text.startswith("要素 | 行动方案；") and p.chars <= 600 for p in passages)


def test_contents_under_a_title_end_at_the_next_heading() -> None:
    """A one-page text report: only what stands under 目录 (or is an entry) is contents."""
    blocks = [
        Block(id="p1-b1", kind="heading", text="目录", page=1, level=1, section=("目录",)),
        para("p1-b2", "关于本报告 1", section=("目录",)),
        para("p1-b3", "董事长致辞 3", section=("目录",)),
        Block(id="p1-b4", kind="heading", text="关于本报告", page=1, level=1, section=("关于本报告",)),
        para("p1-b5", "本报告是公司发布的第八份社会责任报告。", section=("关于本报告",)),
    ]
    assert [p.role for p in split_passages(make_doc(blocks))] == ["contents", "content"]


# -- a real report: Ping An Bank 2021 ----------------------------------------------------------
@pytest.fixture(scope="module")
def pingan() -> Document:
    return extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))


@pytest.fixture(scope="module")
def pingan_passages(pingan: Document) -> tuple[Passage, ...]:
    return split_passages(pingan)


@pytest.mark.corpus
def test_pingan_invariants(pingan: Document, pingan_passages: tuple[Passage, ...]) -> None:
    check_invariants(pingan, pingan_passages)
    sizes = [p.chars for p in pingan_passages]
    assert max(sizes) <= 600
    assert sum(80 <= n <= 600 for n in sizes) >= 0.8 * len(sizes)


@pytest.mark.corpus
def test_pingan_contents_and_index_pages(pingan_passages: tuple[Passage, ...]) -> None:
    assert pages_with(pingan_passages, "contents") == {2, 3}
    assert index_pages(pingan_passages) == {80, 81, 82}
    assert all(p.role == "content" for p in pingan_passages if p.page is not None and 6 <= p.page <= 79)


@pytest.mark.corpus
def test_pingan_green_credit_is_content_with_its_page(pingan_passages: tuple[Passage, ...]) -> None:
    green = [p for p in pingan_passages if "绿色信贷" in p.text and p.kind == "text"]
    assert green and all(p.role == "content" for p in green)
    credit = next(p for p in green if "绿色信贷全流程风险控制" in p.text)
    assert (credit.page, credit.page_label) == (49, "48")
    assert credit.heading == "9.1.2绿色金融风险管理"


@pytest.mark.corpus
def test_pingan_is_fast(pingan: Document) -> None:
    start = time.perf_counter()
    split_passages(pingan)
    assert time.perf_counter() - start < 0.5  # linear: about 10 ms for its 630 blocks


def test_a_report_without_pages_keeps_its_text_after_a_contents_line_naming_the_index(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    rows = "\n".join(f"| GRI 30{i}-1 | 能源与排放披露{i} | {20 + i} |" for i in range(1, 8))
    report.write_text(
        "# 2016年社会责任报告\n\n目录 02 董事长致辞 09 员工成长 71 指标索引 ESG Index 73 意见反馈\n\n## 员工成长\n\n"
        + "公司全年开展员工培训120场次，覆盖员工3,000人次，人均培训时长52小时，员工满意度达到95%。\n\n" * 3
        + "## GRI标准指标索引\n\n| 指标 | 内容 | 页码 |\n| --- | --- | --- |\n" + rows + "\n",
        encoding="utf-8",
    )
    passages = split_passages(extract(report))
    training = [p for p in passages if "员工培训" in p.text]
    assert training and all(p.role == "content" for p in training)
    assert any(p.role == "index" and "GRI 301-1" in p.text for p in passages)
