"""Plain-text and Markdown reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.extract import extract
from tests.corpus import corpus_path

BROKEN_LINES = (
    "一、公司概况\n"
    "本公司成立于2003年，总部位于上海，是一家专注于高性能材料研发、生产和销\n"
    "售的国家高新技术企业，产品广泛应用于新能源汽车和光伏储能等领域，客户遍\n"
    "及全国。\n"
    "（一）员工权益\n"
    "公司严格遵守《劳动法》，劳动合同签订率为100%，社会保险覆盖率为100%，\n"
    "员工人均培训时长为52.3小时。\n"
    "指标\t2022年\t2023年\t2024年\n"
    "员工总数（人）\t4,105\t4,312\t4,527\n"
    "\f二、环境\n"
    "公司持续推进节能减排。\n"
)


def test_broken_lines_are_rejoined_and_headings_found(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(BROKEN_LINES, encoding="utf-8")
    doc = extract(path)
    assert doc.meta.format == "txt" and doc.meta.pages == 2
    kinds = [(b.kind, b.text[:6]) for b in doc.blocks]
    assert kinds == [
        ("heading", "一、公司概况"),
        ("paragraph", "本公司成立于"),
        ("heading", "（一）员工权"),
        ("paragraph", "公司严格遵守"),
        ("table", "指标 | 2"),
        ("heading", "二、环境"),
        ("paragraph", "公司持续推进"),
    ]
    first = doc.blocks[1].text
    assert "销售的国家高新技术企业" in first and first.endswith("客户遍及全国。")
    table = doc.blocks[4]
    assert table.rows == (("指标", "2022年", "2023年", "2024年"), ("员工总数（人）", "4,105", "4,312", "4,527"))
    assert doc.blocks[-1].page == 2
    assert doc.blocks[3].section == ("一、公司概况", "（一）员工权益")


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(BROKEN_LINES.encode("gb18030"))
    assert extract(path).blocks[0].text == "一、公司概况"


def test_markdown_headings_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "# 2024年ESG报告\n\n## 环境\n\n公司推进节能\n减排。\n\n- 光伏发电\n- 绿色电力\n\n"
        "| 指标 | 2024年 |\n| --- | --- |\n| 用水量（万吨） | 12.5 |\n\n"
        '<div style="text-align: center;"><img src="a.jpg" /></div>\n',
        encoding="utf-8",
    )
    doc = extract(path)
    assert doc.meta.format == "md"
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1), ("heading", 2), ("paragraph", None), ("list_item", None), ("list_item", None),
        ("table", None),
    ]
    assert doc.blocks[2].text == "公司推进节能减排。"
    assert doc.blocks[5].rows == (("指标", "2024年"), ("用水量（万吨）", "12.5"))


@pytest.mark.corpus
def test_corpus_markdown_report_keeps_its_heading_tree() -> None:
    folder = corpus_path("md-zh-fuxiang-2024")
    doc = extract(sorted(folder.glob("*.md"))[0])
    headings = list(doc.headings)
    assert len(headings) >= 5
    assert all(h.level in (1, 2, 3, 4, 5, 6) for h in headings)
    assert sum(len(b.text) for b in doc.blocks) > 2000


@pytest.mark.corpus
def test_corpus_text_report_extracts_as_chinese() -> None:
    folder = corpus_path("txt-zh-2016")
    path = sorted(p for p in folder.glob("*.txt"))[0]
    doc = extract(path)
    assert doc.meta.language == "zh"
    assert len(doc.blocks) > 20
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    kept = sum(len(b.text) for b in doc.blocks)
    assert kept >= 0.8 * len("".join(raw.split()))


def test_a_bom_prefix_cut_inside_a_character_still_decodes() -> None:
    from analyzer.extract.detect import decode_text

    data = "\ufeff企业社会责任报告".encode("utf-8")
    for cut in range(4, len(data)):
        text = decode_text(data[:cut], partial=True)
        assert text is not None and "企业社会责任报告".startswith(text)
