"""The analysis as a Word report in Chinese (python-docx): an expert's pre-review or an enterprise's
self-check, with real Heading styles and East Asian fonts set on the styles."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell

from analyzer import __version__
from analyzer.analysis import Analysis
from analyzer.reports import view
from analyzer.reports.charts import radar_png
from analyzer.reports.content_index import draft_gri_index

BODY_FONT = ("Calibri", "宋体")  # Latin, East Asian
HEADING_FONT = ("Arial", "黑体")
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins
MAX_GAPS = 25  # high and medium gaps listed; the HTML page lists all
MAX_YEARS = 5
_HEADER_FILL = "DCE6EE"
_GROUP_FILL = "F4F7FA"
_MUTED = RGBColor(0x5F, 0x6B, 0x7A)


def write_docx(analysis: Analysis, path: str | Path, audience: view.Audience = "expert") -> None:
    """Write the report for ``audience`` to ``path``: questions for the expert; advice and a draft GRI
    content index for the enterprise."""
    if audience not in view.AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(view.AUDIENCES)}, not {audience!r}")
    doc = new_document()
    _setup(doc)
    doc.add_heading(view.title(audience), level=0)
    _note(doc, view.subtitle(analysis), size=12)
    _note(doc, f"由 csr-analyzer {__version__} 自动生成（评分模型 {analysis.score.model_version}）。"
               f"{view.rubrics().scoring.note or ''}")
    _overview(doc, analysis)
    _scorecard(doc, analysis)
    _aspects(doc, analysis)
    _coverage(doc, analysis)
    _kpis(doc, analysis)
    _quotes(doc, analysis)
    if audience == "expert":
        _questions(doc, analysis)
    else:
        _advice(doc, analysis)
        _gri_index(doc, analysis)
    doc.save(str(path))


def _overview(doc: Document, analysis: Analysis) -> None:
    meta, score = analysis.document, analysis.score
    doc.add_heading("一、报告概况", level=1)
    facts = [
        ("企业", meta.company or "未识别"),
        ("报告年度", str(meta.report_year or "未识别")),
        ("报告标题", meta.title or "—"),
        ("文件", f"{meta.file}（{meta.format.upper()}，{meta.pages} 页）"),
        ("所属行业", view.industry_text(score.industry)),
        ("总分", f"{score.total:.1f}"),
        ("星级", f"{score.rating}（{score.stars:g} 星）"),
    ]
    table = _table(doc, None, facts, [3.0, 14.0])
    for row in table.rows:
        row.cells[0].paragraphs[0].runs[0].bold = True


def _scorecard(doc: Document, analysis: Analysis) -> None:
    score = analysis.score
    doc.add_heading("二、评分卡", level=1)
    rows = [(d.name, f"{d.weight:g}%", f"{d.score:.1f}", d.explanation) for d in score.dimensions]
    rows.append(("总分", "100%", f"{score.total:.1f}", f"{score.rating}"))
    table = _table(doc, ("维度", "权重", "得分", "说明"), rows, [2.2, 1.5, 1.5, 11.8], numeric=(1, 2))
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    doc.add_picture(io.BytesIO(radar_png(score)), width=Cm(10))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    pillars = "；".join(f"{view.PILLARS.get(k, k)} {v:.1f}" for k, v in score.pillars.items())
    _note(doc, f"环境、社会、治理相关议题的平均披露程度（0–100）：{pillars}。")


def _aspects(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("三、专项评审维度", level=1)
    rows = [(a.name, f"{a.score:.1f}", a.explanation) for a in analysis.score.aspects]
    _table(doc, ("评审维度", "得分", "说明"), rows, [3.6, 1.5, 11.9], numeric=(1,))


def _coverage(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("四、议题覆盖与缺口", level=1)
    frameworks = view.frameworks(analysis)
    levels = list(reversed(view.LEVEL_NAMES))  # quantified first
    rows = [(fw.name, *(str(fw.counts[lv]) for lv in levels)) for fw in frameworks]
    headers = ("框架", *(view.LEVEL_NAMES[lv] for lv in levels))
    _table(doc, headers, rows, [9.0, 2.0, 2.0, 2.0, 2.0], numeric=(1, 2, 3, 4))
    _note(doc, "按议题（不含议题组）计数；逐项覆盖与证据页码见 HTML 报告。")
    doc.add_heading("主要缺口", level=2)
    severities = view.severity_names()
    serious = [g for fw in frameworks for g in fw.gaps if g.severity != "low"]
    serious.sort(key=lambda g: (g.severity != "high", not g.key_for_industry))
    rows = [
        (view.FRAMEWORK_SHORT.get(g.framework, g.framework),
         f"{g.name}（{g.topic}）" if view.is_code(g.topic) else g.name, severities[g.severity], g.suggestion)
        for g in serious[:MAX_GAPS]
    ]
    if rows:
        _table(doc, ("框架", "议题", "程度", "建议"), rows, [2.2, 3.8, 1.4, 9.6])
    rest = len(analysis.gaps) - len(rows)
    more = f"，其余 {rest} 项（含提示级）见 HTML 报告" if rest else ""
    _note(doc, f"共 {len(analysis.gaps)} 项缺口；此处列出重要与一般缺口 {len(rows)} 项{more}。")


def _kpis(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("五、关键绩效指标", level=1)
    years, rows = view.kpi_table(analysis)
    if not rows:
        doc.add_paragraph("报告中未识别到带年份的关键绩效指标。")
        return
    shown = years[-MAX_YEARS:]
    columns = [years.index(y) for y in shown]
    body = [(r.name, r.unit, *(r.values[i] for i in columns), r.flags) for r in rows]
    year_width = (TEXT_WIDTH_CM - 7.8) / len(shown)
    widths = [4.4, 1.4, *([year_width] * len(shown)), 2.0]
    numeric = tuple(range(2, 2 + len(shown)))
    _table(doc, ("指标", "单位", *map(str, shown), "提示"), body, widths, numeric=numeric)
    note = "数值已换算为标准单位。" + (f"仅列最近 {MAX_YEARS} 个年份，完整数据见 HTML 报告。" if len(years) > MAX_YEARS else "")
    _note(doc, note)


def _quotes(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("六、证据摘录", level=1)
    dimension = None
    for q in view.quotes(analysis):
        if q.dimension != dimension:
            dimension = q.dimension
            doc.add_heading(dimension, level=2)
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"「{q.text}」")
        where = "，".join(x for x in (q.source, q.page, q.section) if x)
        run = p.add_run(f"——{where}")
        run.font.size, run.font.color.rgb = Pt(9), _MUTED


def _questions(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("七、专家可提问题", level=1)
    if not analysis.questions:
        doc.add_paragraph("无。")
    for q in analysis.questions:
        doc.add_paragraph(q.text, style="List Number")
        _note(doc, f"依据：{q.basis}", indent=True)
        for e in q.evidence:
            _note(doc, f"「{view.clip(e.text)}」（{view.page_long(e.page, e.page_label)}）", indent=True)


def _advice(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("七、改进建议", level=1)
    rows = [(view.PRIORITIES[a.priority], a.dimension, a.text, f"+{a.gain:.1f}") for a in analysis.advice]
    _table(doc, ("优先级", "维度", "建议", "可提升"), rows, [1.6, 1.8, 11.8, 1.8], numeric=(3,))
    _note(doc, "可提升分值为该项做到满分时总分最多可增加的分数。")


def _gri_index(doc: Document, analysis: Analysis) -> None:
    doc.add_heading("八、GRI 内容索引草稿", level=1)
    _note(doc, "依据议题覆盖自动生成，供企业核对、补全后放入报告附录；页码为证据所在页。")
    widths = [1.6, 5.6, 1.8, 2.2, 5.8]
    table = _table(doc, ("披露项", "名称", "状态", "页码", "章节"), [], widths)
    standard = None
    for row in draft_gri_index(analysis):
        if row.standard != standard:
            standard = row.standard
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            _fill(merged, standard, bold=True, shade=_GROUP_FILL)
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.disclosure, row.name, row.status, row.pages, row.section)):
            _fill(cell, text)
    _widths(table, widths)


# -- building blocks -----------------------------------------------------------------------------------
def _setup(doc: Document) -> None:
    """A4, 2 cm margins; body and heading fonts set for Latin and East Asian text on the styles."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    styles = doc.styles
    _font(styles["Normal"], *BODY_FONT)
    styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _font(styles[name], *HEADING_FONT)
    styles["Title"].font.size = Pt(22)
    styles["Heading 1"].font.size = Pt(15)
    styles["Heading 2"].font.size = Pt(12.5)


def _font(style: CharacterStyle, latin: str, east_asian: str) -> None:
    """Set a style's fonts, dropping the theme fonts that would override them."""
    style.font.name = latin
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _note(doc: Document, text: str, size: float = 9, indent: bool = False) -> None:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.left_indent = Cm(0.75)
    run = p.add_run(text)
    run.font.size, run.font.color.rgb = Pt(size), _MUTED


def _table(
    doc: Document, headers: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[float],
    numeric: Sequence[int] = (),
) -> Table:
    """A grid table, 9 pt, its header row shaded, bold and repeated on every page."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 20), ("bottom", 20), ("left", 70), ("right", 70)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.find(qn("w:tblLook")).addprevious(margins)  # schema order: tblCellMar before tblLook
    if headers:
        cells = table.add_row().cells
        for cell, text in zip(cells, headers):
            _fill(cell, text, bold=True, shade=_HEADER_FILL)
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values)):
            _fill(cell, text, right=i in numeric)
    _widths(table, widths)
    return table


def _fill(cell: _Cell, text: str, bold: bool = False, shade: str | None = None, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(9), bold
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if shade:
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:fill"), shade)
        cell._tc.get_or_add_tcPr().append(fill)


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Column widths in cm, on the grid and on every cell (a merged cell gets the sum of its columns)."""
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            tc.width = Cm(sum(widths[start : start + tc.grid_span]))
            start += tc.grid_span
