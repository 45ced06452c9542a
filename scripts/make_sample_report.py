"""Render the fictional sample CSR report as Word (.docx) and PDF.

Reads ``samples/sample_report_content.yaml`` (a fictional company's 2024 社会责任报告, kept as data)
and writes ``sample_report.docx`` and ``sample_report.pdf`` into the output directory::

    python scripts/make_sample_report.py                    # writes into samples/
    python scripts/make_sample_report.py --out-dir /tmp/x   # somewhere else

Requirements: ``reportlab`` (>= 4) and ``python-docx`` (>= 1.1), PyYAML, and the Debian package
``fonts-wqy-microhei`` (``/usr/share/fonts/truetype/wqy/wqy-microhei.ttc``), whose first face is
embedded in the PDF as a subset; ``--font`` points elsewhere if needed.

What the files look like:

* PDF (A4): a cover page without page number, a contents page (目录) with leader dots, then the
  chapters, each on a new page, with a running header and a printed page number in the footer.
  Printed page 1 is the first page after the contents page, so printed = physical - 2. The PDF is
  built in passes until the page numbers printed in 目录 and in the GRI index match where the
  headings landed. KPI tables have ruled grids (pdfplumber's "lines" strategy finds them); 案例 boxes
  are bordered one-column boxes. Output is deterministic (reportlab ``invariant=1``).
* DOCX: real Heading 1/2/3 styles, real tables, a page break before each chapter, a TOC field and
  PAGEREF fields whose cached results are the PDF's printed page numbers, a header and a PAGE field
  in the footer; the body is a second section whose numbering restarts at 1. The zip is written with
  fixed timestamps so it is byte-for-byte reproducible too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = REPO / "samples" / "sample_report_content.yaml"
DEFAULT_OUT = REPO / "samples"
DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQYMicroHei"

# Palette (hex without '#', shared by both renderers).
TEAL = "0E5E6F"
GREEN = "3A9D7A"
LIGHT = "EAF4F1"
ZEBRA = "F5F9F8"
GRID = "8FB3AC"
TEXT = "222222"
GREY = "6B7B80"

_CN_NUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


# --------------------------------------------------------------------------------------- content


@dataclass
class Anchor:
    key: str
    level: int  # 1 chapter, 2 numbered section
    title: str
    chapter: str  # title of the enclosing chapter


@dataclass
class Content:
    meta: dict[str, Any]
    toc_title: str
    chapters: list[dict[str, Any]]
    anchors: dict[str, Anchor] = field(default_factory=dict)

    @property
    def toc(self) -> list[Anchor]:
        return list(self.anchors.values())


def load_content(path: Path) -> Content:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    content = Content(meta=data["meta"], toc_title=data.get("toc_title", "目录"), chapters=data["chapters"])
    for chapter in content.chapters:
        content.anchors[chapter["id"]] = Anchor(chapter["id"], 1, chapter["title"], chapter["title"])
        n = 0
        for block in chapter["blocks"]:
            if "h2" in block:
                n += 1
                block.setdefault("id", f"{chapter['id']}_{n}")
                content.anchors[block["id"]] = Anchor(block["id"], 2, block["h2"], chapter["title"])
    # every reference in the GRI index must name a heading
    for chapter in content.chapters:
        for block in chapter["blocks"]:
            for row in block.get("gri_index", {}).get("rows", []):
                for ref in _refs(row):
                    if ref not in content.anchors:
                        raise SystemExit(f"GRI index row {row[0]!r}: unknown section id {ref!r}")
    return content


def _refs(row: list[Any]) -> list[str]:
    ref = row[2] if len(row) > 2 else None
    if ref is None:
        return []
    return [ref] if isinstance(ref, str) else list(ref)


def section_label(anchor: Anchor) -> str:
    """How the GRI index names a section: 环境—应对气候变化与“双碳”行动."""
    if anchor.level == 1:
        return anchor.title
    return f"{_CN_NUM_PREFIX.sub('', anchor.chapter)}—{_CN_NUM_PREFIX.sub('', anchor.title)}"


def gri_cells(row: list[Any], content: Content, pages: dict[str, int]) -> tuple[str, str, str, str] | None:
    """Code, title, section text, page text of a GRI index row (None for a group row)."""
    refs = _refs(row)
    if not refs:
        return None
    sections = "；".join(dict.fromkeys(section_label(content.anchors[r]) for r in refs))
    nums = sorted({pages.get(r, 0) for r in refs})
    return str(row[0]), str(row[1]), sections, "、".join(str(n) for n in nums)


def kpi_widths(n_columns: int) -> list[float]:
    """Column shares of a KPI table: a wide indicator column, equal year columns."""
    return [0.46] + [0.54 / (n_columns - 1)] * (n_columns - 1)


def split_lead(text: str) -> tuple[str, str]:
    """'决策层：董事会…' -> ('决策层：', '董事会…') when the lead-in is short, else ('', text)."""
    m = re.match(r"^([^：。，；]{2,12}：)(.+)$", text)
    return (m.group(1), m.group(2)) if m else ("", text)


def _install_cjk_line_rules() -> None:
    """Teach reportlab's CJK line breaking the Chinese 避头尾 rules.

    reportlab (``wordWrap='CJK'``) hangs closing punctuation in the margin rather than start a line with
    it, but its list is Japanese: the full-width comma ，, ；, ：, ？, ！, 》 and ” are missing, so lines
    can start with them; and nothing keeps an opening bracket or quote (《 （ “) off the end of a line.
    Both of its splitters (``textsplit.dumbSplit`` for plain paragraphs, ``cjkFragSplit`` for paragraphs
    with markup) are replaced by one breaker that applies both rules and otherwise behaves the same:
    cut between CJK characters, keep Latin words and numbers whole, hang at most one mark.
    """
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph as rl_para
    from reportlab.rl_config import _FUZZ

    if getattr(textsplit.dumbSplit, "_csr_patched", False):
        return
    no_start = textsplit.ALL_CANNOT_START + "，；：！？》”’〉）】」』〕…％‰"
    no_end = textsplit.ALL_CANNOT_END + "《“‘（〈【「『〔"

    def breaks(chars: Any, widths: list[float], max_widths: list[float],
               forced: frozenset[int] = frozenset()) -> list[tuple[int, int, float]]:
        """(start, end, line width) of each line of ``chars``."""
        out: list[tuple[int, int, float]] = []
        n, start, used, i = len(chars), 0, 0.0, 0
        while i < n:
            max_w = max_widths[min(len(out), len(max_widths) - 1)]
            used += widths[i]
            i += 1
            if (i - 1) in forced:
                b = i
            elif used > max_w + _FUZZ:
                b = i - 1  # chars[b] overflows: it would start the next line
                if ord(chars[b]) < 0x3000 and not chars[b].isspace():
                    # inside a Latin word or a number: break before it, at a space or a CJK character
                    for j in range(b - 1, (start + i) >> 1, -1):
                        if chars[j].isspace() or ord(chars[j]) >= 0x3000:
                            b = j + 1
                            break
                if chars[b] in no_start:
                    if b == i - 1 and (b + 1 >= n or chars[b + 1] not in no_start):
                        b += 1  # hang the one mark in the margin
                    else:
                        while b > start + 1 and chars[b] in no_start:
                            b -= 1  # carry the preceding character down with the marks
                while b - 1 > start + 1 and chars[b - 1] in no_end:
                    b -= 1  # an opening bracket or quote goes down to the next line
                b = max(b, start + 1)
            else:
                continue
            out.append((start, b, sum(widths[start:b])))
            start, i, used = b, b, 0.0
        if start < n:
            out.append((start, n, sum(widths[start:n])))
        return out

    def dumb_split(word: str, widths: list[float], maxWidths: Any) -> list[list[Any]]:
        max_widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        lines: list[list[Any]] = []
        for k, (a, b, _) in enumerate(breaks(word, widths, max_widths)):
            while a < b and word[a].isspace():
                a += 1
            while b > a and word[b - 1].isspace():
                b -= 1
            max_w = max_widths[min(k, len(max_widths) - 1)]
            lines.append([max_w - sum(widths[a:b]), word[a:b]])
        return lines

    def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
        max_widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        U = []
        for f in frags:
            text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
            chars_f = list(text) if text else [text]
            U.extend(rl_para.cjkU(t, f, encoding) for t in chars_f)
        widths = []
        for u in U:
            w = u.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_widths[0]
                w = w.normalizedValue(max_widths[0])
            widths.append(float(w))
        chars = [str(u)[:1] or " " for u in U]
        forced = frozenset(k for k, u in enumerate(U) if hasattr(u.frag, "lineBreak"))
        lines = []
        for k, (a, b, used) in enumerate(breaks(chars, widths, max_widths, forced)):
            max_w = max_widths[min(k, len(max_widths) - 1)]
            lines.append(rl_para.makeCJKParaLine(U[a:b], max_w, used, max_w - used, (b - 1) in forced,
                                                 calcBounds))
        return rl_para.ParaLines(kind=1, lines=lines)

    dumb_split._csr_patched = True  # type: ignore[attr-defined]
    textsplit.dumbSplit = dumb_split
    rl_para.cjkFragSplit = cjk_frag_split


# ------------------------------------------------------------------------------------------- PDF


def render_pdf(content: Content, path: Path, font_path: str) -> dict[str, tuple[int, int]]:
    """Write the PDF; return {anchor: (physical page, printed page)}."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        HRFlowable,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    _install_cjk_line_rules()
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, font_path, subfontIndex=0))
        # One face for every variant: headings look bold by size and colour, never by overprinting.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)

    def c(hex_: str) -> colors.Color:
        return colors.HexColor("#" + hex_)

    page_w, page_h = A4
    left = right = 2.3 * cm
    top, bottom = 2.5 * cm, 2.2 * cm
    frame_w = page_w - left - right
    meta = content.meta

    base = dict(fontName=FONT, wordWrap="CJK", textColor=c(TEXT))
    st = {
        "body": ParagraphStyle("body", fontSize=10.5, leading=18, alignment=TA_JUSTIFY, firstLineIndent=21,
                               spaceAfter=5, **base),
        "body_noindent": ParagraphStyle("body_noindent", fontSize=10.5, leading=18, alignment=TA_JUSTIFY,
                                        spaceAfter=5, **base),
        "h1": ParagraphStyle("h1", fontSize=20, leading=28, spaceBefore=0, spaceAfter=2, keepWithNext=1,
                             **{**base, "textColor": c(TEAL)}),
        "h2": ParagraphStyle("h2", fontSize=14, leading=21, spaceBefore=12, spaceAfter=6, keepWithNext=1,
                             **{**base, "textColor": c(TEAL)}),
        "h3": ParagraphStyle("h3", fontSize=11.5, leading=18, spaceBefore=6, spaceAfter=3, keepWithNext=1,
                             **{**base, "textColor": c("1F4E57")}),
        "bullet": ParagraphStyle("bullet", fontSize=10.5, leading=18, alignment=TA_JUSTIFY, leftIndent=18,
                                 bulletIndent=4, bulletFontName=FONT, bulletFontSize=10.5,
                                 bulletColor=c(GREEN), spaceAfter=3, **base),
        "caption": ParagraphStyle("caption", fontSize=10, leading=15, alignment=TA_CENTER, spaceBefore=8,
                                  spaceAfter=5, keepWithNext=1, **{**base, "textColor": c(TEAL)}),
        "note": ParagraphStyle("note", fontSize=8.5, leading=13, alignment=TA_JUSTIFY, spaceBefore=4,
                               spaceAfter=6, **{**base, "textColor": c(GREY)}),
        "th": ParagraphStyle("th", fontSize=9.5, leading=13, alignment=TA_CENTER,
                             **{**base, "textColor": colors.white}),
        "td": ParagraphStyle("td", fontSize=9.5, leading=13.5, alignment=TA_LEFT, **base),
        "td_c": ParagraphStyle("td_c", fontSize=9.5, leading=13.5, alignment=TA_CENTER, **base),
        "td_group": ParagraphStyle("td_group", fontSize=9.5, leading=13.5, alignment=TA_LEFT,
                                   **{**base, "textColor": c(TEAL)}),
        "case_title": ParagraphStyle("case_title", fontSize=11, leading=16,
                                     **{**base, "textColor": colors.white}),
        "case_body": ParagraphStyle("case_body", fontSize=10, leading=17, alignment=TA_JUSTIFY,
                                    firstLineIndent=20, **base),
        "sign": ParagraphStyle("sign", fontSize=10.5, leading=20, alignment=TA_RIGHT, **base),
        "toc_title": ParagraphStyle("toc_title", fontSize=22, leading=30, spaceAfter=4,
                                    **{**base, "textColor": c(TEAL)}),
        "form_q": ParagraphStyle("form_q", fontSize=10.5, leading=18, spaceBefore=6, spaceAfter=2, **base),
        "form_opt": ParagraphStyle("form_opt", fontSize=10.5, leading=18, leftIndent=21, spaceAfter=2,
                                   **base),
    }

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text), st[style])

    class Heading(Paragraph):
        """A heading that records its page and adds a PDF outline entry."""

        def __init__(self, text: str, style: str, anchor: str | None, outline_level: int | None):
            super().__init__(escape(text), st[style])
            self.anchor = anchor
            self.outline_level = outline_level
            self.plain = text

        def draw(self) -> None:
            if self.anchor:
                self.canv.bookmarkHorizontal(self.anchor, 0, self.height + 6)
            super().draw()

    class TocLine(Flowable):
        """One 目录 line: title, leader dots, printed page number; a link to the heading."""

        def __init__(self, anchor: Anchor, page: int):
            super().__init__()
            self.anchor, self.page = anchor, page
            top_level = anchor.level == 1
            self.size = 11.5 if top_level else 10.5
            self.indent = 0 if top_level else 2 * 10.5
            self.colour = c(TEAL) if top_level else c(TEXT)
            self.space_before = 7 if top_level else 0
            self.line_h = 20 if top_level else 17

        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            self.width = aw
            return aw, self.line_h + self.space_before

        def draw(self) -> None:
            cv = self.canv
            y = 5
            num = str(self.page)
            title_w = stringWidth(self.anchor.title, FONT, self.size)
            num_w = stringWidth(num, FONT, self.size)
            cv.setFont(FONT, self.size)
            cv.setFillColor(self.colour)
            cv.drawString(self.indent, y, self.anchor.title)
            cv.drawRightString(self.width, y, num)
            dot_w = stringWidth(".", FONT, self.size)
            gap = self.width - num_w - 4 - (self.indent + title_w + 4)
            n = int(gap // dot_w)
            if n > 3:
                cv.setFillColor(c(GREY))
                cv.drawRightString(self.width - num_w - 4, y, "." * n)
            cv.linkRect("", self.anchor.key, (0, 0, self.width, self.line_h), relative=1, thickness=0)

    class ReportDoc(BaseDocTemplate):
        def __init__(self, target: Any):
            super().__init__(
                target,
                pagesize=A4,
                leftMargin=left,
                rightMargin=right,
                topMargin=top,
                bottomMargin=bottom,
                title=meta["title"],
                author=meta["company"],
                subject=meta.get("subject", ""),
                keywords=meta.get("keywords", ""),
                creator="csr-analyzer scripts/make_sample_report.py",
                lang="zh-CN",
                invariant=1,
                initialFontName=FONT,
                initialFontSize=10.5,
            )
            frame = Frame(left, bottom, frame_w, page_h - top - bottom, id="main", leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0)
            self.addPageTemplates([
                PageTemplate("cover", [frame], onPage=draw_cover),
                PageTemplate("front", [frame]),
                PageTemplate("body", [frame], onPage=draw_body_page),
            ])
            self.first_body_page: int | None = None
            self.found: dict[str, tuple[int, int]] = {}

        def printed(self) -> int:
            return self.page - (self.first_body_page or self.page) + 1

        def afterFlowable(self, flowable: Any) -> None:
            if isinstance(flowable, Heading) and flowable.anchor:
                self.found.setdefault(flowable.anchor, (self.page, self.printed()))
            if isinstance(flowable, Heading) and flowable.outline_level is not None:
                self.canv.addOutlineEntry(flowable.plain, flowable.anchor or flowable.plain,
                                          flowable.outline_level, closed=flowable.outline_level > 0)

    def draw_cover(cv: Any, doc: ReportDoc) -> None:
        cv.saveState()
        band_y = page_h * 0.36
        # The band's lower edge is a wave (Bezier curves), not a rectangle: ruled rectangles on a cover
        # would make table finders see a "table" holding the title.
        wave = [(0, band_y + 18), (page_w * 0.3, band_y - 22), (page_w * 0.62, band_y + 34), (page_w, band_y)]
        band = cv.beginPath()
        band.moveTo(0, page_h)
        band.lineTo(page_w, page_h)
        band.lineTo(*wave[3])
        band.curveTo(*wave[2], *wave[1], *wave[0])
        band.close()
        cv.setFillColor(c(TEAL))
        cv.drawPath(band, stroke=0, fill=1)
        # hexagon lattice: a nod to polymer chemistry
        cv.setStrokeColor(c("2C7C8C"))
        cv.setLineWidth(0.8)
        r = 26
        for row in range(7):
            for col in range(6):
                cx = page_w - 40 - col * r * 1.5
                cy = page_h - 40 - row * r * math.sqrt(3) - (col % 2) * r * math.sqrt(3) / 2
                if cy < band_y + 60 or cx < page_w * 0.70:
                    continue
                pts = [(cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k))
                       for k in range(7)]
                path = cv.beginPath()
                path.moveTo(*pts[0])
                for p in pts[1:]:
                    path.lineTo(*p)
                cv.drawPath(path, stroke=1, fill=0)
        stripe = cv.beginPath()
        stripe.moveTo(wave[0][0], wave[0][1] - 9)
        stripe.curveTo(wave[1][0], wave[1][1] - 9, wave[2][0], wave[2][1] - 9, wave[3][0], wave[3][1] - 9)
        cv.setStrokeColor(c(GREEN))
        cv.setLineWidth(5)
        cv.drawPath(stripe, stroke=1, fill=0)
        x = 2.6 * cm
        cv.setFillColor(colors.white)
        cv.setFont(FONT, 20)
        cv.drawString(x, page_h - 5.2 * cm, meta["company"])
        cv.setFont(FONT, 36)
        cv.drawString(x, page_h - 7.2 * cm, meta["short_title"])
        cv.setFont(FONT, 13)
        cv.setFillColor(c("CFE6E0"))
        cv.drawString(x, page_h - 8.3 * cm, meta["title_en"])
        cv.setStrokeColor(colors.white)
        cv.setLineWidth(1.2)
        cv.line(x, page_h - 9.2 * cm, x + 3 * cm, page_h - 9.2 * cm)
        cv.setFillColor(colors.white)
        cv.setFont(FONT, 15)
        cv.drawString(x, band_y + 1.6 * cm, meta["slogan"])
        # logo mark and imprint
        cv.setFillColor(c(GREEN))
        lx, ly, lr = x + 0.5 * cm, 5.2 * cm, 0.5 * cm
        angles = [math.pi / 3 * k + math.pi / 6 for k in range(6)]
        pts = [(lx + lr * math.cos(a), ly + lr * math.sin(a)) for a in angles]
        path = cv.beginPath()
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        path.close()
        cv.drawPath(path, stroke=0, fill=1)
        cv.setFillColor(c(TEAL))
        cv.setFont(FONT, 14)
        cv.drawString(x + 1.4 * cm, 5.2 * cm, meta["company"])
        cv.setFont(FONT, 9.5)
        cv.setFillColor(c(GREY))
        cv.drawString(x + 1.4 * cm, 4.6 * cm, meta["company_en"])
        cv.drawString(x + 1.4 * cm, 3.4 * cm, meta["publish_date"])
        cv.restoreState()

    def draw_body_page(cv: Any, doc: ReportDoc) -> None:
        if doc.first_body_page is None:
            doc.first_body_page = doc.page
        cv.saveState()
        y = page_h - 1.5 * cm
        cv.setFont(FONT, 8.5)
        cv.setFillColor(c(GREY))
        cv.drawString(left, y, meta["company"])
        cv.drawRightString(page_w - right, y, meta["short_title"])
        cv.setStrokeColor(c(GREEN))
        cv.setLineWidth(0.6)
        cv.line(left, y - 5, page_w - right, y - 5)
        cv.setFont(FONT, 9)
        cv.setFillColor(c(TEAL))
        cv.drawCentredString(page_w / 2, 1.2 * cm, str(doc.printed()))
        cv.restoreState()

    # ---------------------------------------------------------------- flowables for one block

    def table_flowable(tdef: dict[str, Any]) -> list[Any]:
        columns = [str(x) for x in tdef["columns"]]
        kpi = bool(tdef.get("kpi"))
        widths = tdef.get("widths") or (kpi_widths(len(columns)) if kpi else None)
        col_w = [frame_w * w for w in widths] if widths else None
        data = [[para(h, "th") for h in columns]]
        for row in tdef["rows"]:
            cells = [str(x) for x in row]
            data.append([para(cells[0], "td")] + [para(x, "td_c" if kpi else "td") for x in cells[1:]])
        t = Table(data, colWidths=col_w, repeatRows=1, hAlign="CENTER")
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, c(GRID)),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), c(TEAL)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, c(ZEBRA)]),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]))
        out: list[Any] = []
        if tdef.get("caption"):
            out.append(para(tdef["caption"], "caption"))
        out.append(t)
        if tdef.get("note"):
            out.append(para(tdef["note"], "note"))
        else:
            out.append(Spacer(1, 6))
        return out

    def gri_flowable(gdef: dict[str, Any], pages: dict[str, int]) -> list[Any]:
        columns = [str(x) for x in gdef["columns"]]
        col_w = [frame_w * w for w in gdef["widths"]]
        data = [[para(h, "th") for h in columns]]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, c(GRID)),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), c(TEAL)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
        for row in gdef["rows"]:
            cells = gri_cells(row, content, pages)
            r = len(data)
            if cells is None:
                data.append([para(str(row[0]), "td_group"), "", "", ""])
                style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), c(LIGHT))]
            else:
                code, title, section, page = cells
                data.append([para(code, "td_c"), para(title, "td"), para(section, "td"), para(page, "td_c")])
        t = Table(data, colWidths=col_w, repeatRows=1, hAlign="CENTER")
        t.setStyle(TableStyle(style))
        return [t, Spacer(1, 6)]

    def case_flowable(cdef: dict[str, Any]) -> list[Any]:
        data = [[para(cdef["title"], "case_title")]] + [[para(p, "case_body")] for p in cdef["paras"]]
        t = Table(data, colWidths=[frame_w], hAlign="CENTER")
        t.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, c(GREEN)),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), c(GREEN)),
            ("BACKGROUND", (0, 1), (-1, -1), c(LIGHT)),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
            ("TOPPADDING", (0, 1), (-1, 1), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]))
        return [Spacer(1, 6), KeepTogether([t]), Spacer(1, 10)]

    def form_flowable(fdef: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for q in fdef["questions"]:
            item: list[Any] = [para(q["q"], "form_q")]
            if q.get("options"):
                item.append(para("　　".join("□" + o for o in q["options"]), "form_opt"))
            for _ in range(q.get("lines", 0)):
                item += [Spacer(1, 20), HRFlowable(width="100%", thickness=0.5, color=c(GREY), spaceAfter=0)]
            out.append(KeepTogether(item))
        if fdef.get("reader_fields"):
            out.append(Heading(fdef["reader_title"], "h3", None, None))
            f = fdef["reader_fields"]
            rows = [[para(f[i], "td_c"), "", para(f[i + 1], "td_c") if i + 1 < len(f) else "", ""]
                    for i in range(0, len(f), 2)]
            t = Table(rows, colWidths=[frame_w * w for w in (0.16, 0.34, 0.16, 0.34)], rowHeights=24)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, c(GRID)),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (0, -1), c(LIGHT)),
                ("BACKGROUND", (2, 0), (2, -1), c(LIGHT)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            out.append(t)
        if fdef.get("contact"):
            out.append(Heading(fdef["contact_title"], "h3", None, None))
            out += [para(line, "body_noindent") for line in fdef["contact"]]
        return out

    def story(pages: dict[str, int]) -> list[Any]:
        s: list[Any] = [Spacer(1, 1), NextPageTemplate("front"), PageBreak()]
        s.append(Paragraph(escape(content.toc_title), st["toc_title"]))
        s.append(HRFlowable(width="100%", thickness=2, color=c(GREEN), spaceBefore=2, spaceAfter=10))
        s += [TocLine(a, pages.get(a.key, 0)) for a in content.toc]
        s += [NextPageTemplate("body"), PageBreak()]
        for i, chapter in enumerate(content.chapters):
            if i:
                s.append(PageBreak())
            s.append(Heading(chapter["title"], "h1", chapter["id"], 0))
            s.append(HRFlowable(width="100%", thickness=1.5, color=c(GREEN), spaceBefore=4, spaceAfter=12))
            blocks = chapter["blocks"]
            for j, block in enumerate(blocks):
                if "p" in block:
                    s.append(para(block["p"], "body" if block.get("indent", True) else "body_noindent"))
                elif "h2" in block:
                    # no heading alone at the foot of a page; a heading over a table wants room for rows
                    followed_by_table = j + 1 < len(blocks) and "table" in blocks[j + 1]
                    s.append(CondPageBreak((8 if followed_by_table else 4) * cm))
                    s.append(Heading(block["h2"], "h2", block["id"], 1))
                elif "h3" in block:
                    s.append(Heading(block["h3"], "h3", None, None))
                elif "list" in block:
                    for item in block["list"]:
                        lead, rest = split_lead(str(item))
                        markup = escape(rest)
                        if lead:
                            markup = f'<font color="#{TEAL}">{escape(lead)}</font>' + markup
                        s.append(Paragraph(markup, st["bullet"], bulletText="•"))
                    s.append(Spacer(1, 3))
                elif "table" in block:
                    if j == 0 or "h2" not in blocks[j - 1]:
                        s.append(CondPageBreak(6 * cm))
                    s += table_flowable(block["table"])
                elif "case" in block:
                    s += case_flowable(block["case"])
                elif "sign" in block:
                    s.append(Spacer(1, 12))
                    s += [para(line, "sign") for line in block["sign"]]
                elif "gri_index" in block:
                    s += gri_flowable(block["gri_index"], pages)
                elif "form" in block:
                    s += form_flowable(block["form"])
                else:
                    raise SystemExit(f"unknown block in {chapter['id']}: {sorted(block)}")
        return s

    # Build until the page numbers printed in 目录 and the GRI index are where the headings are.
    pages: dict[str, int] = {}
    for _ in range(5):
        buf = io.BytesIO()
        doc = ReportDoc(buf)
        doc.build(story(pages))
        found = {k: v[1] for k, v in doc.found.items()}
        if found == pages:
            break
        pages = found
    else:
        raise SystemExit("page numbers did not settle after 5 passes")
    missing = set(content.anchors) - set(found)
    if missing:
        raise SystemExit(f"headings not placed: {sorted(missing)}")
    path.write_bytes(buf.getvalue())
    return dict(doc.found)


# ------------------------------------------------------------------------------------------ DOCX


def render_docx(content: Content, path: Path, pages: dict[str, int]) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    meta = content.meta
    doc = Document()
    text_width = Mm(210 - 25 - 25)

    def rgb(hex_: str) -> RGBColor:
        return RGBColor.from_string(hex_)

    def set_fonts(rpr_owner: Any, latin: str, east_asia: str) -> None:
        """Latin and East-Asian fonts on a style or run, dropping theme-font overrides."""
        rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner, "element") else rpr_owner
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:ascii"), latin)
        rfonts.set(qn("w:hAnsi"), latin)
        rfonts.set(qn("w:eastAsia"), east_asia)
        rfonts.set(qn("w:cs"), latin)

    def shade(cell: Any, fill: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tcpr.append(shd)

    def add_field(paragraph: Any, instr: str, result: str, run_style: dict[str, Any] | None = None) -> None:
        """A complex field (begin, instruction, separate, cached result, end)."""

        def fld(kind: str) -> Any:
            r = paragraph.add_run()
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._r.append(el)
            return r

        fld("begin")
        r = paragraph.add_run()
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = f" {instr} "
        r._r.append(it)
        fld("separate")
        res = paragraph.add_run(result)
        for k, v in (run_style or {}).items():
            setattr(res.font, k, v)
        fld("end")

    def bookmark(paragraph: Any, name: str, bid: int) -> None:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bid))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bid))
        p = paragraph._p
        first_run = p.find(qn("w:r"))
        first_run.addprevious(start)
        p.append(end)

    # ------------------------------------------------------------------ styles
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = rgb(TEXT)
    set_fonts(normal, "Times New Roman", "宋体")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    body = styles["Body Text"]
    body.base_style = normal
    body.font.size = Pt(10.5)
    set_fonts(body, "Times New Roman", "宋体")
    pf = body.paragraph_format
    pf.first_line_indent = Pt(21)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.line_spacing = 1.5
    pf.space_before = Pt(0)
    pf.space_after = Pt(4)

    heading_looks = ((1, 18, TEAL, 0, 12), (2, 14, TEAL, 12, 6), (3, 11.5, "1F4E57", 6, 3))
    for level, size, colour, before, after in heading_looks:
        hs = styles[f"Heading {level}"]
        hs.font.size = Pt(size)
        hs.font.bold = True
        hs.font.italic = False
        hs.font.color.rgb = rgb(colour)
        set_fonts(hs, "Arial", "黑体")
        hs.paragraph_format.space_before = Pt(before)
        hs.paragraph_format.space_after = Pt(after)
        hs.paragraph_format.keep_with_next = True

    title_style = styles["Title"]
    title_style.font.size = Pt(26)
    title_style.font.color.rgb = rgb(TEAL)
    set_fonts(title_style, "Arial", "黑体")

    cap = styles["Caption"]
    cap.font.size = Pt(10)
    cap.font.bold = True
    cap.font.italic = False
    cap.font.color.rgb = rgb(TEAL)
    set_fonts(cap, "Arial", "黑体")
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.space_before = Pt(6)
    cap.paragraph_format.space_after = Pt(4)
    cap.paragraph_format.keep_with_next = True

    lb = styles["List Bullet"]
    lb.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    lb.paragraph_format.line_spacing = 1.5
    lb.paragraph_format.space_after = Pt(2)

    note = styles.add_style("Table Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(8.5)
    note.font.color.rgb = rgb(GREY)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(8)

    for level, indent in ((1, 0), (2, 21)):
        ts = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        ts.base_style = normal
        ts.font.size = Pt(11.5 if level == 1 else 10.5)
        if level == 1:
            ts.font.bold = True
            ts.font.color.rgb = rgb(TEAL)
        ts.paragraph_format.left_indent = Pt(indent)
        ts.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        ts.paragraph_format.space_after = Pt(2)
        ts.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    # ------------------------------------------------------------------ page setup, cover, 目录
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(25)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(22)
    sec.header_distance, sec.footer_distance = Mm(12), Mm(10)

    def centered(text: str, size: float, colour: str = TEXT, bold: bool = False, before: float = 0) -> Any:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(before)
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.color.rgb = rgb(colour)
        set_fonts(r._r.get_or_add_rPr(), "Arial", "黑体")
        return p

    centered(meta["company"], 18, TEAL, before=150)
    tp = doc.add_paragraph(meta["title"], style="Title")
    tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tp.paragraph_format.space_before = Pt(12)
    centered(meta["title_en"], 12, GREY)
    centered(meta["slogan"], 14, GREEN, before=40)
    centered(meta["publish_date"], 12, GREY, before=160)
    doc.add_page_break()

    toc_head = doc.add_paragraph()
    r = toc_head.add_run(content.toc_title)
    r.font.size = Pt(20)
    r.font.bold = True
    r.font.color.rgb = rgb(TEAL)
    set_fonts(r._r.get_or_add_rPr(), "Arial", "黑体")
    toc_head.paragraph_format.space_after = Pt(12)
    entries = content.toc
    for i, anchor in enumerate(entries):
        p = doc.add_paragraph(style=f"toc {anchor.level}")
        if i == 0:
            for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
                run = p.add_run()
                if kind == "instr":
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = f" {text} "
                else:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                run._r.append(el)
        p.add_run(anchor.title)
        p.add_run("\t")
        p.add_run(str(pages.get(anchor.key, "")))
        if i == len(entries) - 1:
            run = p.add_run()
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), "end")
            run._r.append(el)

    # ------------------------------------------------------------------ body section
    body_sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sectpr = body_sec._sectPr
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    cols = sectpr.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(pg)
    else:
        sectpr.find(qn("w:pgMar")).addnext(pg)

    body_sec.header.is_linked_to_previous = False
    hp = body_sec.header.paragraphs[0]
    hp.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    hr = hp.add_run(f"{meta['company']}\t{meta['short_title']}")
    hr.font.size = Pt(8.5)
    hr.font.color.rgb = rgb(GREY)
    pbdr = OxmlElement("w:pBdr")
    bottom_b = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", GREEN)):
        bottom_b.set(qn(k), v)
    pbdr.append(bottom_b)
    hp._p.get_or_add_pPr().insert_element_before(  # schema order: pBdr comes before shd, tabs, spacing …
        pbdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")

    body_sec.footer.is_linked_to_previous = False
    fp = body_sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(fp, "PAGE", "1", {"size": Pt(9)})

    def add_table(columns: list[str], rows: list[list[str]], widths: list[float], centre_from: int) -> Any:
        t = doc.add_table(rows=1 + len(rows), cols=len(columns))
        t.style = styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        hdr = t.rows[0]
        trpr = hdr._tr.get_or_add_trPr()
        th = OxmlElement("w:tblHeader")
        th.set(qn("w:val"), "true")
        trpr.append(th)
        for j, text in enumerate(columns):
            cell = hdr.cells[j]
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.font.bold = True
            run.font.size = Pt(9.5)
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            shade(cell, TEAL)
        for i, row in enumerate(rows, start=1):
            for j, text in enumerate(row):
                cell = t.rows[i].cells[j]
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(9.5)
                if j >= centre_from:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row in t.rows:
            for j, cell in enumerate(row.cells):
                cell.width = int(text_width * widths[j])
        return t

    bid = 0
    for i, chapter in enumerate(content.chapters):
        if i:
            doc.add_page_break()
        h = doc.add_heading(chapter["title"], level=1)
        bookmark(h, f"sec_{chapter['id']}", bid)
        bid += 1
        for block in chapter["blocks"]:
            if "p" in block:
                p = doc.add_paragraph(block["p"], style="Body Text")
                if not block.get("indent", True):
                    p.paragraph_format.first_line_indent = Pt(0)
            elif "h2" in block:
                h = doc.add_heading(block["h2"], level=2)
                bookmark(h, f"sec_{block['id']}", bid)
                bid += 1
            elif "h3" in block:
                doc.add_heading(block["h3"], level=3)
            elif "list" in block:
                for item in block["list"]:
                    lead, rest = split_lead(str(item))
                    p = doc.add_paragraph(style="List Bullet")
                    if lead:
                        p.add_run(lead).font.bold = True
                    p.add_run(rest)
            elif "table" in block:
                tdef = block["table"]
                columns = [str(x) for x in tdef["columns"]]
                kpi = bool(tdef.get("kpi"))
                widths = tdef.get("widths") or kpi_widths(len(columns))
                if tdef.get("caption"):
                    doc.add_paragraph(tdef["caption"], style="Caption")
                add_table(columns, [[str(x) for x in r] for r in tdef["rows"]], widths, 1 if kpi else 99)
                doc.add_paragraph(tdef.get("note", ""), style="Table Note")
            elif "case" in block:
                cdef = block["case"]
                t = doc.add_table(rows=1, cols=1)
                t.style = styles["Table Grid"]
                t.alignment = WD_TABLE_ALIGNMENT.CENTER
                cell = t.rows[0].cells[0]
                cell.width = text_width
                shade(cell, LIGHT)
                head = cell.paragraphs[0]
                run = head.add_run(cdef["title"])
                run.font.bold = True
                run.font.size = Pt(11)
                run.font.color.rgb = rgb(GREEN)
                set_fonts(run._r.get_or_add_rPr(), "Arial", "黑体")
                head.paragraph_format.space_before = Pt(4)
                head.paragraph_format.space_after = Pt(4)
                for ptext in cdef["paras"]:
                    cell.add_paragraph(ptext, style="Body Text")
                doc.add_paragraph()
            elif "sign" in block:
                for k, line in enumerate(block["sign"]):
                    p = doc.add_paragraph(line)
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if k == 0:
                        p.paragraph_format.space_before = Pt(18)
            elif "gri_index" in block:
                gdef = block["gri_index"]
                columns = [str(x) for x in gdef["columns"]]
                t = add_table(columns, [], gdef["widths"], 99)
                for row in gdef["rows"]:
                    cells = gri_cells(row, content, pages)
                    r_cells = t.add_row().cells
                    for j, cell in enumerate(r_cells):
                        cell.width = int(text_width * gdef["widths"][j])
                    if cells is None:
                        merged = r_cells[0].merge(r_cells[-1])
                        run = merged.paragraphs[0].add_run(str(row[0]))
                        run.font.bold = True
                        run.font.size = Pt(9.5)
                        run.font.color.rgb = rgb(TEAL)
                        shade(merged, LIGHT)
                        continue
                    code, title, section, _ = cells
                    for j, text in enumerate((code, title, section)):
                        r_cells[j].paragraphs[0].add_run(text).font.size = Pt(9.5)
                    r_cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    pp = r_cells[3].paragraphs[0]
                    pp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    refs = list(dict.fromkeys(_refs(row)))
                    seen: set[int] = set()
                    for ref in sorted(refs, key=lambda x: pages.get(x, 0)):
                        if pages.get(ref, 0) in seen:
                            continue
                        if seen:
                            pp.add_run("、").font.size = Pt(9.5)
                        seen.add(pages.get(ref, 0))
                        add_field(pp, f"PAGEREF sec_{ref} \\h", str(pages.get(ref, "")), {"size": Pt(9.5)})
                doc.add_paragraph()
            elif "form" in block:
                fdef = block["form"]
                for q in fdef["questions"]:
                    p = doc.add_paragraph(q["q"])
                    p.paragraph_format.space_before = Pt(6)
                    if q.get("options"):
                        op = doc.add_paragraph("　　".join("□" + o for o in q["options"]))
                        op.paragraph_format.left_indent = Pt(21)
                    for _ in range(q.get("lines", 0)):
                        doc.add_paragraph("_" * 60)
                doc.add_heading(fdef["reader_title"], level=3)
                f = fdef["reader_fields"]
                t = doc.add_table(rows=(len(f) + 1) // 2, cols=4)
                t.style = styles["Table Grid"]
                for k, label in enumerate(f):
                    cell = t.rows[k // 2].cells[(k % 2) * 2]
                    cell.text = label
                    shade(cell, LIGHT)
                doc.add_heading(fdef["contact_title"], level=3)
                for line in fdef["contact"]:
                    doc.add_paragraph(line)
            else:
                raise SystemExit(f"unknown block in {chapter['id']}: {sorted(block)}")

    # ------------------------------------------------------------------ properties, deterministic zip
    stamp = dt.datetime.fromisoformat(str(meta.get("timestamp", "2025-03-28T09:00:00")))
    cp = doc.core_properties
    cp.title = meta["title"]
    cp.author = meta["company"]
    cp.last_modified_by = meta["company"]
    cp.subject = meta.get("subject", "")
    cp.keywords = meta.get("keywords", "")
    cp.language = "zh-CN"
    cp.category = "社会责任报告"
    cp.comments = "虚构示例报告（fictional sample report）, generated by scripts/make_sample_report.py"
    cp.revision = 1
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp

    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    path.write_bytes(out.getvalue())


# ------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT,
                    help="where to write the files (default samples/)")
    ap.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="the report content YAML")
    ap.add_argument("--font", default=DEFAULT_FONT, help="CJK TrueType font to embed (a .ttc uses face 0)")
    args = ap.parse_args(argv)
    if not Path(args.font).is_file():
        print(f"font not found: {args.font} (apt-get install fonts-wqy-microhei)", file=sys.stderr)
        return 2
    content = load_content(args.content)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pdf_path = args.out_dir / "sample_report.pdf"
    docx_path = args.out_dir / "sample_report.docx"
    found = render_pdf(content, pdf_path, args.font)
    render_docx(content, docx_path, {k: v[1] for k, v in found.items()})
    for out in (pdf_path, docx_path):
        print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    for key, anchor in content.anchors.items():
        phys, printed = found[key]
        print(f"  p.{printed:>2} (physical {phys:>2})  {'  ' * (anchor.level - 1)}{anchor.title}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
