"""PDF reports (pdfplumber): pages → lines → paragraphs, headings, list items and tables."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException

from analyzer.document import FLAG_CID_GARBAGE, FLAG_NO_TEXT, FLAG_SPREAD, Document, Page
from analyzer.errors import CorruptReport, EmptyReport, EncryptedReport, ScannedReport
from analyzer.extract.builder import RawBlock, build_document
from analyzer.extract.numbering import numbering, looks_like_heading_text
from analyzer.extract.pdf_furniture import Furniture, find_furniture
from analyzer.extract.pdf_layout import Line, PageLayout, TableItem, layout_page
from analyzer.settings import ExtractLimits
from analyzer.textnorm import ends_sentence, join_lines

log = logging.getLogger(__name__)

_BULLET = re.compile("^[\ue000-\uf8ff•●○■□◆◇▪▫►▶✓✔√➢➤\u2022\u2023\u25cf\u25a0\u25c6\u00b7-]")
_SCANNED_SHARE = 0.5  # refuse a report when at least this share of its pages has no usable text
_UNREADABLE = "unreadable"


@dataclass(frozen=True)
class _Typography:
    size: float
    font: str


def extract_pdf(
    path: Path, name: str, limits: ExtractLimits, progress: Callable[[int, int], None] | None = None
) -> Document:
    """Extract a PDF report; raise EncryptedReport, CorruptReport, ScannedReport or EmptyReport.
    ``progress`` hears each page read."""
    layouts = _layout_pages(path, name, progress)
    _check_text_layer(layouts, name)
    furniture = find_furniture(layouts)
    typography = _body_typography(layouts, furniture)
    raw_blocks = _blocks(layouts, furniture, typography)
    pages = [
        Page(
            number=p.number,
            label=furniture.labels.get(p.number),
            width=round(p.width, 1),
            height=round(p.height, 1),
            flags=tuple(p.flags) + _spread_flag(furniture.labels.get(p.number)),
            furniture=tuple(furniture.removed.get(p.number, [])),
        )
        for p in layouts
    ]
    return build_document(path, "pdf", pages, raw_blocks, display_name=name)


def _spread_flag(label: str | None) -> tuple[str, ...]:
    return (FLAG_SPREAD,) if label and "-" in label else ()


# -- opening and reading pages ------------------------------------------------------------------
def _layout_pages(path: Path, name: str, progress: Callable[[int, int], None] | None) -> list[PageLayout]:
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: unwrap to tell password from damage
        raise _translate(exc, name) from exc
    layouts = []
    with pdf:
        try:
            plumber_pages = list(pdf.pages)
        except Exception as exc:
            raise _translate(exc, name) from exc
        if not plumber_pages:
            raise EmptyReport(name=name)
        for i, page in enumerate(plumber_pages, start=1):
            try:
                layouts.append(layout_page(page, i))
            except (PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
                log.warning("%s: page %d could not be parsed: %s", name, i, exc)
                layouts.append(PageLayout(i, float(page.width), float(page.height), flags=[_UNREADABLE]))
            finally:
                page.close()
            if progress:
                progress(i, len(plumber_pages))
    if all(_UNREADABLE in p.flags for p in layouts):
        raise CorruptReport(name=name, detail="no page could be parsed")
    return layouts


def _translate(exc: BaseException, name: str) -> Exception:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return EncryptedReport(name=name)
        cause = cause.__cause__ or cause.__context__ or (cause.args[0] if cause.args and isinstance(
            cause.args[0], BaseException) else None)
    detail = str(exc) or type(exc).__name__
    return CorruptReport(name=name, detail=detail[:200])


def _check_text_layer(layouts: list[PageLayout], name: str) -> None:
    missing = sum(1 for p in layouts if FLAG_NO_TEXT in p.flags or FLAG_CID_GARBAGE in p.flags)
    if missing and missing >= _SCANNED_SHARE * len(layouts):
        raise ScannedReport(name=name, missing=missing, total=len(layouts))
    if not any(p.items for p in layouts):
        raise EmptyReport(name=name)


# -- typography ---------------------------------------------------------------------------------
def _body_typography(layouts: list[PageLayout], furniture: Furniture) -> _Typography:
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for line in _text_lines(layouts, furniture):
        sizes[line.size] += len(line.text)
        fonts[line.font] += len(line.text)
    if not sizes:
        return _Typography(10.0, "")
    return _Typography(sizes.most_common(1)[0][0], fonts.most_common(1)[0][0])


def _text_lines(layouts: list[PageLayout], furniture: Furniture) -> list[Line]:
    return [it for p in layouts for it in p.items if isinstance(it, Line) and id(it) not in furniture.drop]


# -- paragraphs and headings --------------------------------------------------------------------
def _blocks(layouts: list[PageLayout], furniture: Furniture, body: _Typography) -> list[RawBlock]:
    groups: list[list[Line] | TableItem] = []
    for page in layouts:
        current: list[Line] = []
        usual_gap = _usual_line_gap(page, furniture)
        for item in page.items:
            if isinstance(item, TableItem):
                if current:
                    groups.append(current)
                current = []
                groups.append(item)
            elif id(item) not in furniture.drop:
                if current and _breaks(current[-1], item, usual_gap):
                    groups.append(current)
                    current = []
                current.append(item)
        if current:
            groups.append(current)
    heading_sizes = sorted({g[0].size for g in groups if isinstance(g, list) and _is_heading(g, body)}, reverse=True)
    return [_to_block(g, body, heading_sizes) for g in groups]


def _usual_line_gap(page: PageLayout, furniture: Furniture) -> float | None:
    """The most common white space between two lines of one paragraph on this page."""
    lines = [it for it in page.items if isinstance(it, Line) and id(it) not in furniture.drop]
    gaps = [
        round(b.top - a.bottom, 1)
        for a, b in zip(lines, lines[1:])
        if a.region == b.region and abs(a.size - b.size) < 0.6 and 0 <= b.top - a.bottom < 3 * a.height
    ]
    return Counter(gaps).most_common(1)[0][0] if len(gaps) >= 3 else None


def _breaks(prev: Line, cur: Line, usual_gap: float | None) -> bool:
    """Does ``cur`` start a new paragraph after ``prev``?"""
    size = max(prev.size, cur.size)
    prev_full = prev.x1 >= prev.col_right - 2 * prev.size
    if cur.region != prev.region:
        return not (prev_full and not ends_sentence(prev.text))
    if abs(cur.size - prev.size) > 0.6 or cur.bold != prev.bold:
        return True
    gap = cur.top - prev.bottom
    limit = 0.9 * max(prev.height, cur.height)
    if usual_gap is not None:
        limit = max(limit, usual_gap * 1.4 + 2)
    if gap > limit or gap < -0.5 * size:
        return True
    if _BULLET.match(cur.text) or (numbering(cur.text) and (ends_sentence(prev.text) or not prev_full)):
        return True
    indented = cur.x0 - cur.col_left > 1.5 * size
    if prev_full:
        return indented and ends_sentence(prev.text)
    # A short line ends its paragraph when it ends a sentence or the next line starts elsewhere;
    # otherwise the line wrapped early (a number kept whole) or inside a narrower box.
    return ends_sentence(prev.text) or indented or abs(cur.x0 - prev.x0) > size


def _is_heading(group: list[Line], body: _Typography) -> bool:
    text = join_lines([ln.text for ln in group])
    size = max(ln.size for ln in group)
    large = size >= body.size * 1.15 or (
        size >= body.size * 1.08 and len(group) == 1 and len(text) <= 20 and not ends_sentence(text)
    )
    if len(group) > 3 or _BULLET.match(text) or not looks_like_heading_text(text, 50 if large else 30):
        return False
    if sum(c.isdigit() for c in text) > 0.4 * len(text.replace(" ", "")):
        return False
    if large:
        return True
    emphasized = group[0].bold and group[0].font != body.font
    mark = numbering(text)
    if emphasized and (mark or (len(group) == 1 and not ends_sentence(text))):
        return True
    limit = 20 if mark and mark.kind == "decimal" else 25
    return bool(
        mark
        and mark.kind in {"chapter", "part", "cn_dun", "cn_paren", "decimal"}
        and len(group) == 1
        and len(text) <= limit
        and not ends_sentence(text)
        and "，" not in text
    )


def _to_block(group: list[Line] | TableItem, body: _Typography, heading_sizes: list[float]) -> RawBlock:
    if isinstance(group, TableItem):
        text = "\n".join(" | ".join(c or "" for c in row) for row in group.rows)
        return RawBlock("table", text, group.page, rows=group.rows, bbox=group.bbox)
    text = join_lines([ln.text for ln in group])
    bbox = (
        round(min(ln.x0 for ln in group), 1),
        round(min(ln.top for ln in group), 1),
        round(max(ln.x1 for ln in group), 1),
        round(max(ln.bottom for ln in group), 1),
    )
    page = group[0].page
    if _is_heading(group, body):
        return RawBlock("heading", text, page, level=_heading_level(group, text, heading_sizes), bbox=bbox)
    if _BULLET.match(group[0].text):
        return RawBlock("list_item", _BULLET.sub("", text, count=1).lstrip(), page, bbox=bbox)
    return RawBlock("paragraph", text, page, bbox=bbox)


def _heading_level(group: list[Line], text: str, heading_sizes: list[float]) -> int:
    """Larger type ranks higher; at one size, deeper decimal numbering (1.1 under 1) ranks lower."""
    rank = heading_sizes.index(group[0].size) if group[0].size in heading_sizes else len(heading_sizes)
    mark = numbering(text)
    depth = mark.depth if mark and mark.kind == "decimal" else 1
    return 1 + rank * 4 + min(depth - 1, 3)
