"""The outputs of `analyze`: the HTML page, the Word report, the draft GRI index, the radar chart and
the command line that writes them."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import docx
import pytest

from analyzer.analysis import Analysis, analyze
from analyzer.reports import charts
from analyzer.reports.content_index import STATUS, draft_gri_index
from analyzer.reports.html import render_html
from analyzer.reports.word import write_docx
from tests import pdf_fixtures
from tests.corpus import corpus_path

pytestmark = pytest.mark.embeddings

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = (
    "summary", "scorecard", "radar", "aspects", "pillars", "coverage", "kpis", "signals", "gaps", "evidence",
)
HEADINGS = ("一、报告概况", "二、评分卡", "三、专项评审维度", "四、议题覆盖与缺口", "五、关键绩效指标", "六、证据摘录")
GRI_HEADER = ["披露项", "名称", "状态", "页码", "章节"]
INJECTED = "<script>alert('quote')</script>"


@pytest.fixture(scope="module")
def sample() -> Analysis:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    return analyze(pdf_fixtures.SAMPLE_PDF)


def section_ids(page: str) -> set[str]:
    return set(re.findall(r'<section id="([\w-]+)"', page))


def headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]


def with_injected_quote(analysis: Analysis) -> Analysis:
    """The analysis with the first quote of the first dimension replaced by markup."""
    dims = list(analysis.score.dimensions)
    assert dims[0].evidence, "the sample's first dimension should rest on quotes"
    quote = dims[0].evidence[0].model_copy(update={"text": INJECTED})
    dims[0] = dims[0].model_copy(update={"evidence": (quote, *dims[0].evidence[1:])})
    meta = analysis.document.model_copy(update={"company": "<b>Evil & Co</b>"})
    return analysis.model_copy(update={"score": analysis.score.model_copy(update={"dimensions": tuple(dims)}),
                                       "document": meta})


def test_expert_html_has_every_section_and_an_inline_radar(sample: Analysis) -> None:
    page = render_html(sample, "expert")
    assert section_ids(page) == {*SECTIONS, "questions"}
    start = page.index('<section id="radar"')
    radar = page[start:page.index("</section>", start)]
    assert "<svg" in radar and all(d.name in radar for d in sample.score.dimensions)  # text kept as text
    assert "<script" not in page and "<link" not in page and 'src="http' not in page  # self-contained
    assert f"{sample.score.total:.1f}" in page and sample.score.rating in page
    assert sample.score.industry.name in page


def test_html_escapes_report_text(sample: Analysis) -> None:
    page = render_html(with_injected_quote(sample), "expert")
    assert "<script" not in page and "<b>Evil" not in page
    assert "&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;" in page


def test_enterprise_html_has_advice_and_the_draft_gri_index(sample: Analysis) -> None:
    page = render_html(sample, "enterprise")
    assert section_ids(page) == {*SECTIONS, "advice", "gri-index"}
    assert sample.advice and all(a.dimension in page for a in sample.advice)
    assert page.count('<tr class="gri-row">') == len(draft_gri_index(sample)) > 100
    with pytest.raises(ValueError):
        render_html(sample, "organizer")  # type: ignore[arg-type]


def test_draft_gri_index_lists_every_disclosure_with_status_and_pages(sample: Analysis) -> None:
    rows = draft_gri_index(sample)
    gri = {c.topic: c for c in sample.coverage if c.framework == "gri"}
    assert [r.disclosure for r in rows] == [t for t in gri if re.fullmatch(r"\d+-\d+", t)]
    for row in rows:
        assert row.status in {*STATUS.values(), "不适用"} and row.standard.startswith("GRI ")
        assert bool(row.pages) == (row.status in {"已披露", "部分披露"}), row
    training = next(r for r in rows if r.disclosure == "404-1")
    assert training.status == "已披露" and training.section
    labels = {e.page_label or str(e.page) for e in gri["404-1"].evidence}
    assert set(training.pages.split(", ")) == labels


def test_expert_word_report_has_the_headings_fonts_and_radar(sample: Analysis, tmp_path: Path) -> None:
    path = tmp_path / "expert.docx"
    write_docx(sample, path, "expert")
    document = docx.Document(str(path))
    found = headings(path)
    assert [*HEADINGS, "七、专家可提问题"] == [h for h in found if h[0] in "一二三四五六七八"]
    assert document.paragraphs[0].style.name == "Title"
    for style in ("Normal", "Heading 1"):
        fonts = document.styles[style].element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert len(document.inline_shapes) == 1  # the radar chart
    scorecard = next(t for t in document.tables if t.rows[0].cells[0].text == "维度")
    assert [r.cells[0].text for r in scorecard.rows[1:-1]] == [d.name for d in sample.score.dimensions]


def test_enterprise_word_report_has_advice_and_the_gri_index_table(sample: Analysis, tmp_path: Path) -> None:
    path = tmp_path / "enterprise.docx"
    write_docx(sample, path, "enterprise")
    assert [*HEADINGS, "七、改进建议", "八、GRI 内容索引草稿"] == [h for h in headings(path) if h[0] in "一二三四五六七八"]
    tables = docx.Document(str(path)).tables
    table = next(t for t in tables if [c.text for c in t.rows[0].cells] == GRI_HEADER)
    groups_left_out = [r for r in table.rows[1:] if r.cells[0].text != r.cells[-1].text]  # merged: one cell
    disclosures = [r.cells[0].text for r in groups_left_out]
    assert disclosures == [r.disclosure for r in draft_gri_index(sample)]


def test_radar_png_is_labelled_in_chinese_with_a_cjk_font(
    sample: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = charts.cjk_font()
    if font is None:
        pytest.skip("no font with Chinese glyphs installed (apt-get install fonts-noto-cjk)")
    calls = spy_render(monkeypatch)
    assert charts.radar_png(sample.score).startswith(b"\x89PNG\r\n\x1a\n")
    assert calls == [([d.name for d in sample.score.dimensions], font)]


def test_radar_png_falls_back_to_english_names_without_a_cjk_font(
    sample: Analysis, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    calls = spy_render(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="analyzer.reports.charts"):
        assert charts.radar_png(sample.score).startswith(b"\x89PNG")
    assert calls == [([d.name_en for d in sample.score.dimensions], None)]
    assert "CJK" in caplog.text


def spy_render(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], str | None]]:
    """Record the labels and font of every radar drawn."""
    calls: list[tuple[list[str], str | None]] = []
    render = charts._render

    def spy(score: Any, labels: list[str], font: str | None, *args: Any, **kwargs: Any) -> bytes:
        calls.append((labels, font))
        return render(score, labels, font, *args, **kwargs)

    monkeypatch.setattr(charts, "_render", spy)
    return calls


def test_templates_ship_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "analyzer.reports" in config["packages"]
    assert "templates/*" in config["package-data"]["analyzer.reports"]


def test_cli_writes_json_html_and_word(tmp_path: Path) -> None:
    out = {ext: tmp_path / f"sample.{ext}" for ext in ("json", "html", "docx")}
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", str(pdf_fixtures.SAMPLE_PDF),
         "--json", str(out["json"]), "--html", str(out["html"]), "--docx", str(out["docx"]),
         "--audience", "enterprise", "--industry", "chemicals_materials"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    analysis = json.loads(out["json"].read_text(encoding="utf-8"))
    assert analysis["score"]["industry"]["id"] == "chemicals_materials"
    assert 'id="gri-index"' in out["html"].read_text(encoding="utf-8")
    assert "八、GRI 内容索引草稿" in headings(out["docx"])
    assert "总分 / total" in result.stdout and "主要缺口 / top gaps" in result.stdout
    assert all(f"已写入 / written: {path}" in result.stdout for path in out.values())


@pytest.mark.corpus
def test_ping_an_report_gives_all_three_outputs(tmp_path: Path) -> None:
    report = corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF")
    analysis = analyze(report)
    assert analysis.score.industry.id == "banking"
    (tmp_path / "ping_an.json").write_text(analysis.to_json(), encoding="utf-8")
    page = render_html(analysis, "enterprise")
    assert section_ids(page) == {*SECTIONS, "advice", "gri-index"}
    assert "平安银行" in page
    write_docx(analysis, tmp_path / "ping_an.docx", "expert")
    assert "七、专家可提问题" in headings(tmp_path / "ping_an.docx")
    rows = draft_gri_index(analysis)
    assert {"已披露", "部分披露", "未披露", "不适用"} <= {r.status for r in rows}  # 不适用: e.g. GRI 304 for a bank
    assert all(r.status != "不适用" or r.disclosure.startswith(("301-", "304-", "306-", "308-")) for r in rows)
