"""Build .docx test files from real report text (../shared/corpus) and bad .docx / .doc inputs.

Each builder writes into a given folder and returns the path with what extraction should give.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from itertools import pairwise
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from analyzer.extract.numbering import numbering
from analyzer.textnorm import clean, cjk_share, is_cjk, join_lines

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ZH_REPORTS = CORPUS / "txt-zh-2016"

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)
_MIN_HEADINGS, _MIN_PARAGRAPHS = 21, 12
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REVISED = 'w:author="x" w:date="2017-01-01T00:00:00Z"'

Rows = tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class CorpusSample:
    """Real report text: short heading-like lines and body paragraphs, cleaned as the extractor would."""

    source: Path
    headings: tuple[str, ...]
    paragraphs: tuple[str, ...]
    year: int


@dataclass(frozen=True)
class Expected:
    """One block as extraction should give it."""

    kind: str
    text: str
    level: int | None = None
    section: tuple[str, ...] = ()
    page: int = 1
    rows: Rows | None = None


@dataclass(frozen=True)
class Built:
    path: Path
    blocks: tuple[Expected, ...]
    pages: int
    text_box: tuple[str, ...] = ()  # the texts that sit in text boxes
    content_control: tuple[str, ...] = ()  # the texts inside content controls


# -- corpus ------------------------------------------------------------------------------------


def corpus_sample() -> CorpusSample | None:
    """The first report (sorted by name) with enough headings and paragraphs; None without the corpus."""
    if not ZH_REPORTS.is_dir():
        return None
    for path in sorted(ZH_REPORTS.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue
        headings = _heading_lines(text)
        paragraphs = _body_paragraphs(text)
        if len(headings) >= _MIN_HEADINGS and len(paragraphs) >= _MIN_PARAGRAPHS:
            years = Counter(re.findall(r"(?<!\d)(20\d\d)(?!\d)", text))
            year = int(years.most_common(1)[0][0]) if years else 2016
            return CorpusSample(path, tuple(headings), tuple(paragraphs), year)
    return None


def _heading_lines(text: str) -> list[str]:
    """Distinct short lines of ideographs only (no numbering, no 图/表/案例 caption start)."""
    found: list[str] = []
    for line in text.splitlines():
        line = clean(line)
        if (
            4 <= len(line) <= 12
            and all(is_cjk(c) for c in line)
            and numbering(line) is None
            and not line.startswith(("图", "表", "案例"))
            and line not in found
        ):
            found.append(line)
    return found


def _body_paragraphs(text: str) -> list[str]:
    """Distinct blank-line separated paragraphs of Chinese prose ending with 。."""
    found: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        para = clean(clean(join_lines(chunk.splitlines())).replace("\t", " "))
        if (
            60 <= len(para) <= 300
            and is_cjk(para[0])
            and para.endswith("。")
            and cjk_share(para) >= 0.8
            and para not in found
        ):
            found.append(para)
    return found


def _split(text: str, parts: int) -> list[str]:
    """``text`` cut into ``parts`` pieces, each cut right after an ideograph."""
    cuts = [0]
    for k in range(1, parts):
        i = len(text) * k // parts
        while i < len(text) - 1 and not is_cjk(text[i - 1]):
            i += 1
        cuts.append(i)
    cuts.append(len(text))
    return [text[a:b] for a, b in pairwise(cuts)]


# -- XML helpers -------------------------------------------------------------------------------


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{rpr}{_t(text)}</w:r>"


def _paragraph_xml(inner: str, ppr: str = "") -> str:
    return f"<w:p {_NS}>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def _append(document: docx.document.Document, xml: str) -> None:
    """Add a raw block element at the end of the body (before the final w:sectPr)."""
    body = document.element.body
    body.find(qn("w:sectPr")).addprevious(parse_xml(xml))


def _text_box_run(paragraphs: list[str], box_id: int) -> str:
    """A floating text box as Word writes it: a DrawingML mc:Choice and a VML mc:Fallback, same text."""
    content = "<w:txbxContent>" + "".join(f"<w:p>{_run(p)}</w:p>" for p in paragraphs) + "</w:txbxContent>"
    return (
        f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251659264 + box_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2743200" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{box_id}" name="Text Box {box_id}"/>'
        "<wp:cNvGraphicFramePr/><a:graphic>"
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="Text Box {box_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:216pt;height:72pt" filled="f" stroked="t">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


# -- good documents ----------------------------------------------------------------------------


def build_report_docx(folder: Path, sample: CorpusSample) -> Built:
    """A report with styled headings, body text, a KPI table, a text box, a content control,
    a hyperlink and a page break, as python-docx writes it."""
    h, p = sample.headings, sample.paragraphs
    document = docx.Document()
    out: list[Expected] = []

    document.add_heading(h[0], level=0)  # style "Title"
    out.append(Expected("heading", h[0], 1, (h[0],)))
    document.add_paragraph(p[0])
    out.append(Expected("paragraph", p[0], section=(h[0],)))

    document.add_heading(h[1], level=1)
    out.append(Expected("heading", h[1], 1, (h[1],)))
    document.add_paragraph(p[1])
    out.append(Expected("paragraph", p[1], section=(h[1],)))

    sec2 = (h[1], h[2])
    document.add_heading(h[2], level=2)
    out.append(Expected("heading", h[2], 2, sec2))
    anchor = document.add_paragraph(p[2])
    anchor._p.append(parse_xml(_text_box_run([p[3], p[4]], 1)))
    out += [Expected("paragraph", t, section=sec2) for t in (p[2], p[3], p[4])]

    sec3 = (*sec2, h[3])
    document.add_heading(h[3], level=3)
    out.append(Expected("heading", h[3], 3, sec3))
    before, link, after = _split(p[5], 3)
    linked = document.add_paragraph(before)
    r_id = linked.part.relate_to("https://example.com/csr", RT.HYPERLINK, is_external=True)
    linked._p.append(parse_xml(f'<w:hyperlink {_NS} r:id="{r_id}">{_run(link)}</w:hyperlink>'))
    linked.add_run(after)
    out.append(Expected("paragraph", p[5], section=sec3))

    rows = _kpi_table(document, sample)
    out.append(Expected("table", _table_text(rows), section=sec3, rows=rows))

    _append(
        document,
        f'<w:sdt {_NS}><w:sdtPr><w:alias w:val="Summary"/><w:id w:val="7"/></w:sdtPr>'
        f"<w:sdtContent>{_paragraph_xml(_run(p[6]))}</w:sdtContent></w:sdt>",
    )
    out.append(Expected("paragraph", p[6], section=sec3))

    document.add_page_break()
    document.add_heading(h[4], level=1)
    out.append(Expected("heading", h[4], 1, (h[4],), page=2))
    document.add_paragraph(p[7])
    out.append(Expected("paragraph", p[7], section=(h[4],), page=2))
    document.add_heading(h[5], level=2)
    out.append(Expected("heading", h[5], 2, (h[4], h[5]), page=2))
    document.add_paragraph(p[8])
    out.append(Expected("paragraph", p[8], section=(h[4], h[5]), page=2))

    path = folder / "report.docx"
    document.save(str(path))
    return Built(path, tuple(out), pages=2, text_box=(p[3], p[4]), content_control=(p[6],))


def _table_text(rows: Rows) -> str:
    return "\n".join(" | ".join(c or "" for c in row) for row in rows)


def _kpi_table(document: docx.document.Document, sample: CorpusSample) -> Rows:
    """Category | indicator | three year columns; the category merged down two rows, a note across all."""
    h, y = sample.headings, sample.year
    header = ("类别", "指标", str(y - 2), str(y - 1), str(y))
    values = [[f"{(r + 1) * 1234.5 + c * 101:,.1f}" for c in range(3)] for r in range(2)]
    note = sample.paragraphs[9].split("。")[0] + "。"
    table = document.add_table(rows=4, cols=5)
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, label in enumerate((h[6], h[7]), start=1):
        table.cell(r, 1).text = label
        for c, value in enumerate(values[r - 1], start=2):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0)).text = h[8]
    table.cell(3, 0).merge(table.cell(3, 4)).text = note
    return (
        header,
        (h[8], h[6], *values[0]),
        (None, h[7], *values[1]),
        (note, None, None, None, None),
    )


def build_features_docx(folder: Path, sample: CorpusSample) -> Built:
    """Harder Word constructs: outline levels, style chains, bold / numbered headings, revisions, fields,
    line breaks, lists, a caption, run-level content control, VML-only text box, merged and nested
    table cells, rendered page breaks, page-break-before and section breaks."""
    h, p = sample.headings, sample.paragraphs
    document = docx.Document()
    custom = document.styles.add_style("CSR Section", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    out: list[Expected] = []

    _append(document, _paragraph_xml(_run(h[0]), '<w:outlineLvl w:val="0"/>'))
    out.append(Expected("heading", h[0], 1, (h[0],)))
    numbered = f"一、{h[1]}"
    _append(document, _paragraph_xml(_run(numbered, bold=True)))
    out.append(Expected("heading", numbered, 2, (h[0], numbered)))
    document.add_paragraph(h[17], style="CSR Section")
    out.append(Expected("heading", h[17], 2, (h[0], h[17])))
    _append(document, _paragraph_xml(_run(h[18], bold=True)))
    out.append(Expected("heading", h[18], 3, (h[0], h[17], h[18])))
    document.add_paragraph(h[19], style="标题 3")
    sec = (h[0], h[17], h[19])
    out.append(Expected("heading", h[19], 3, sec))

    a, b, c, d, e = _split(p[0], 5)
    _append(
        document,
        _paragraph_xml(
            _run(a)
            + f'<w:ins w:id="1" {_REVISED}>{_run(b)}</w:ins>'
            + f'<w:del w:id="2" {_REVISED}><w:r><w:delText>{escape(h[16])}</w:delText></w:r></w:del>'
            + f'<w:smartTag w:uri="urn:x" w:element="place">{_run(c)}</w:smartTag>'
            + f'<w:fldSimple w:instr=" DOCPROPERTY Company ">{_run(d)}</w:fldSimple>'
            + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + _run(e)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
    )
    out.append(Expected("paragraph", p[0], section=sec))

    first, second = _split(p[1], 2)
    _append(document, _paragraph_xml(f"<w:r>{_t(first)}<w:br/>{_t(second)}</w:r>"))
    out.append(Expected("paragraph", p[1], section=sec))
    _append(
        document,
        _paragraph_xml(
            "<w:r><w:t>Environmental and social</w:t><w:br/>"
            "<w:t>governance</w:t><w:tab/><w:t>data</w:t></w:r>"
        ),
    )
    out.append(Expected("paragraph", "Environmental and social governance data", section=sec))

    document.add_paragraph(h[2], style="List Bullet")
    num_pr = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    _append(document, _paragraph_xml(_run(h[3]), num_pr))
    document.add_paragraph(f"● {h[4]}")
    out += [Expected("list_item", t, section=sec) for t in (h[2], h[3], f"● {h[4]}")]
    document.add_paragraph(f"图1 {h[5]}")
    out.append(Expected("caption", f"图1 {h[5]}", section=sec))

    a, b, c = _split(p[2], 3)
    run_sdt = f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(b)}</w:sdtContent></w:sdt>"
    _append(document, _paragraph_xml(_run(a) + run_sdt + _run(c)))
    out.append(Expected("paragraph", p[2], section=sec))

    vml_box = f"<w:txbxContent><w:p>{_run(p[3])}</w:p></w:txbxContent>"
    vml = f'<w:r><w:pict><v:shape id="Box 2"><v:textbox>{vml_box}</v:textbox></v:shape></w:pict></w:r>'
    _append(document, _paragraph_xml(vml))
    out.append(Expected("paragraph", p[3], section=sec))

    rows = _merged_table(document, sample)
    out.append(Expected("table", _table_text(rows), section=sec, rows=rows))

    _append(document, _paragraph_xml('<w:r><w:br w:type="page"/></w:r>'))
    _append(document, _paragraph_xml(f"<w:r><w:lastRenderedPageBreak/>{_t(p[4])}</w:r>"))
    out.append(Expected("paragraph", p[4], section=sec, page=2))
    a, b = _split(p[5], 2)
    _append(document, _paragraph_xml(f"<w:r>{_t(a)}<w:lastRenderedPageBreak/>{_t(b)}</w:r>"))
    out.append(Expected("paragraph", p[5], section=sec, page=2))
    document.add_paragraph(p[6])
    out.append(Expected("paragraph", p[6], section=sec, page=3))
    _append(document, _paragraph_xml(_run(p[7]), "<w:pageBreakBefore/><w:sectPr/>"))
    out.append(Expected("paragraph", p[7], section=sec, page=4))
    _append(document, _paragraph_xml(_run(p[8]), '<w:sectPr><w:type w:val="continuous"/></w:sectPr>'))
    out.append(Expected("paragraph", p[8], section=sec, page=5))
    box = f'<w:txbxContent><w:p><w:r>{_t(h[15])}<w:br w:type="page"/>{_t(h[14])}</w:r></w:p></w:txbxContent>'
    _append(
        document,
        _paragraph_xml(
            _run(p[9]) + f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}'
            f"</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        ),
    )
    out.append(Expected("paragraph", p[9], section=sec, page=5))
    out.append(Expected("paragraph", h[15] + h[14], section=sec, page=5))

    path = folder / "features.docx"
    document.save(str(path))
    return Built(path, tuple(out), pages=5, text_box=(p[3], h[15] + h[14]), content_control=(p[2],))


def _merged_table(document: docx.document.Document, sample: CorpusSample) -> Rows:
    """3 columns: a nested table in a cell, a vertical merge and a horizontal span, written as raw XML."""
    h = sample.headings

    def cell(inner: str, props: str = "") -> str:
        return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{inner}</w:tc>"

    def para(text: str) -> str:
        return f"<w:p>{_run(text)}</w:p>" if text else "<w:p/>"

    restart, span = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="2"/>'
    nested = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{cell(para(h[10]))}{cell(para(h[11]))}</w:tr>"
        f"<w:tr>{cell(para(h[12]))}{cell(para(h[13]))}</w:tr></w:tbl>"
    )
    _append(
        document,
        f"<w:tbl {_NS}><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{cell(para(h[6]))}{cell(para(h[7]))}{cell(para(h[8]))}</w:tr>"
        f"<w:tr>{cell(para(h[9]) + nested + para(''))}{cell(para('1,024'))}"
        f"{cell(para('2,048'), restart)}</w:tr>"
        f"<w:tr>{cell(para(h[20]), span)}{cell(para(''), '<w:vMerge/>')}</w:tr>"
        "</w:tbl>",
    )
    return (
        (h[6], h[7], h[8]),
        (join_lines([h[9], h[10], h[11], h[12], h[13]]), "1,024", "2,048"),
        (h[20], None, None),
    )


# -- bad inputs --------------------------------------------------------------------------------


def truncated_docx(folder: Path, source: Path) -> Path:
    """``source`` cut off half-way (its central directory lost)."""
    data = source.read_bytes()
    path = folder / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb_docx(folder: Path, size_mb: int = 300) -> Path:
    """A .docx whose word/document.xml inflates to ``size_mb`` MB of spaces (about 1:1000), streamed."""
    path = folder / "bomb.docx"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w") as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            for _ in range(size_mb):
                fh.write(chunk)
    return path


def empty_docx(folder: Path) -> Path:
    """A valid .docx holding an empty paragraph and an empty table: no text at all."""
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    path = folder / "empty.docx"
    document.save(str(path))
    return path


def broken_xml_docx(folder: Path, source: Path) -> Path:
    """``source`` with word/document.xml cut mid-element (a valid zip, invalid XML)."""
    path = folder / "broken_xml.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    return path


def strict_docx(folder: Path, source: Path) -> Path:
    """``source`` rewritten in the "Strict Open XML" WordprocessingML namespace."""
    path = folder / "strict.docx"
    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in ("word/document.xml", "word/styles.xml"):
                data = data.replace(transitional, b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(info.filename, data)
    return path


def fake_doc(folder: Path) -> Path:
    """Bytes that detect as a legacy Word file (OLE container with a WordDocument stream name)."""
    path = folder / "legacy.doc"
    path.write_bytes(_OLE_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1024))
    return path
