"""Word .docx → Document: the body XML walked in document order.

``document.paragraphs`` misses text boxes, content controls and table order (pitfalls.md, Word), so the
body is read with lxml directly: paragraphs, tables, content controls (``w:sdt``), text boxes (the
``mc:Choice`` drawing, never its VML ``mc:Fallback`` copy) and revision marks (``w:ins`` kept, ``w:del``
dropped). Pages come from the breaks Word saved: ``w:lastRenderedPageBreak``, hard page breaks,
``w:pageBreakBefore`` and next-page section breaks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lxml import etree

from analyzer.document import BlockKind, Document, Page
from analyzer.errors import CorruptReport, FileMissing, UnsafeArchive
from analyzer.extract.builder import RawBlock, build_document
from analyzer.extract.numbering import looks_like_heading_text, numbering
from analyzer.settings import ExtractLimits
from analyzer.textnorm import join_lines

_MAIN = "word/document.xml"
_STYLES = "word/styles.xml"
_RATIO_CHECK_BYTES = 1_000_000  # parts smaller than this may compress as well as they like
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"  # "Strict Open XML": same tags
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_BODY, _P, _R, _T, _TBL, _TR, _TC = map(_w, ("body", "p", "r", "t", "tbl", "tr", "tc"))
_PPR, _RPR, _TRPR, _TCPR, _VAL = map(_w, ("pPr", "rPr", "trPr", "tcPr", "val"))
_SDT, _SDT_CONTENT, _CUSTOM_XML, _TXBX = map(_w, ("sdt", "sdtContent", "customXml", "txbxContent"))
_BR, _CR, _TAB, _PTAB, _LAST_RENDERED = map(_w, ("br", "cr", "tab", "ptab", "lastRenderedPageBreak"))
_NB_HYPHEN, _TYPE, _SECT_PR = _w("noBreakHyphen"), _w("type"), _w("sectPr")
_ALTERNATE, _CHOICE, _FALLBACK = (f"{{{_MC}}}{t}" for t in ("AlternateContent", "Choice", "Fallback"))
# Inline containers whose runs are part of the paragraph text (w:del and w:moveFrom are not).
_INLINE_WRAPPERS = frozenset(
    map(_w, ("hyperlink", "smartTag", "ins", "moveTo", "fldSimple", "customXml", "dir", "bdo"))
)
_BLOCK_WRAPPERS = frozenset((_SDT, _CUSTOM_XML, _ALTERNATE))
_SHAPES = frozenset((_w("drawing"), _w("pict"), _w("object"), _ALTERNATE))
_NEW_PAGE_SECTIONS = frozenset(("nextPage", "oddPage", "evenPage"))
_OFF = frozenset(("0", "false", "off"))

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_STYLES = frozenset(("title", "标题"))
_LIST_STYLE_PREFIXES = ("list", "列表", "列出段落")
_CAPTION_STYLES = frozenset(("caption", "题注"))
_BULLETS = tuple("•·▪●◆■-")
_CAPTION = re.compile(r"^(?:案例|图|表)\s*(?:[\d一二三四五六七八九十]+|[:：])")
_CAPTION_MAX_CHARS = 60
_V = TypeVar("_V")


def extract_docx(path: Path, name: str, limits: ExtractLimits) -> Document:
    """Extract a .docx report; raises CorruptReport, UnsafeArchive or EmptyReport for bad files."""
    body, styles = _load(path, name, limits)
    walker = _Walker(_Styles(styles))
    walker.walk(body)
    pages = [Page(number=n) for n in range(1, walker.pages.number + 1)]
    return build_document(path, "docx", pages, walker.blocks, display_name=name)


# -- the archive -------------------------------------------------------------------------------


def _check_archive(path: Path, name: str, limits: ExtractLimits) -> None:
    """Refuse a broken zip, or one whose declared sizes say it is a zip bomb, before inflating anything.

    The declared sizes can be trusted: :mod:`zipfile` stops reading a part at its declared size and
    then fails its CRC check, so a part that lies about its size comes out as a corrupt file.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except FileNotFoundError as exc:
        raise FileMissing(name=name) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptReport(name=name, detail=f"zip: {exc}") from exc
    if _MAIN not in {i.filename for i in infos}:
        raise CorruptReport(name=name, detail=f"{_MAIN} missing")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_mb * 1_000_000:
        raise UnsafeArchive(
            name=name,
            detail=f"{len(infos)} parts unpack to {total / 1e6:.1f} MB, limit {limits.max_unzipped_mb:g} MB",
        )
    for info in infos:
        if info.file_size <= _RATIO_CHECK_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_zip_ratio:
            raise UnsafeArchive(
                name=name,
                detail=(
                    f"{info.filename}: {info.compress_size:,} bytes unpack to {info.file_size / 1e6:.1f} MB, "
                    f"ratio {ratio:.0f} > {limits.max_zip_ratio:g}"
                ),
            )


def _load(path: Path, name: str, limits: ExtractLimits) -> tuple[etree._Element, etree._Element | None]:
    """The w:body element and the styles root (None when the file has no styles part)."""
    _check_archive(path, name, limits)
    try:
        with zipfile.ZipFile(path) as zf:
            document = _parse(zf.read(_MAIN))
            styles = _parse(zf.read(_STYLES)) if _STYLES in zf.namelist() else None
    except etree.XMLSyntaxError as exc:
        raise CorruptReport(name=name, detail=f"XML: {exc}") from exc
    except (zipfile.BadZipFile, KeyError, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise CorruptReport(name=name, detail=f"zip: {exc}") from exc
    body = document.find(_BODY)
    if body is None:
        raise CorruptReport(name=name, detail=f"{_MAIN} has no w:body")
    return body, styles


def _parse(data: bytes) -> etree._Element:
    if _STRICT_W in data[:10_000]:
        data = data.replace(_STRICT_W, _W.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


# -- styles ------------------------------------------------------------------------------------


def _val(parent: etree._Element | None, tag: str) -> str | None:
    """The w:val of ``parent``'s child ``tag``."""
    child = parent.find(tag) if parent is not None else None
    return child.get(_VAL) if child is not None else None


def _flag(parent: etree._Element | None, tag: str) -> bool | None:
    """An on/off property (w:b, w:pageBreakBefore …): None when absent."""
    child = parent.find(tag) if parent is not None else None
    return None if child is None else child.get(_VAL, "1").lower() not in _OFF


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _outline_level(value: str | None) -> int | None:
    """w:outlineLvl 0-8 → heading level 1-9; 9 means body text."""
    level = _int(value)
    return level + 1 if level is not None and 0 <= level <= 8 else None


def _has_numbering(ppr: etree._Element | None) -> bool:
    num_pr = ppr.find(_w("numPr")) if ppr is not None else None
    return num_pr is not None and _val(num_pr, _w("numId")) != "0"


class _Styles:
    """Style lookups along the w:basedOn chain of word/styles.xml."""

    def __init__(self, root: etree._Element | None) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        default_size = None
        if root is not None:
            for style in root.iter(_w("style")):
                style_id = style.get(_w("styleId"))
                if style_id:
                    self._by_id[style_id] = style
                if style.get(_TYPE) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                    self.default_paragraph = style_id
            default_size = _int(_val(root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}"), _w("sz")))
        self.body_size = _int(self._first(self.default_paragraph, _RPR, _w("sz"), _val)) or default_size or 20

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style, _w("basedOn"))

    def _names(self, style_id: str | None) -> Iterator[str]:
        return ((_val(s, _w("name")) or "").strip().lower() for s in self._chain(style_id))

    def _first(
        self,
        style_id: str | None,
        props: str,
        tag: str,
        read: Callable[[etree._Element | None, str], _V | None],
    ) -> _V | None:
        """The first value of property ``tag`` (in the w:pPr or w:rPr ``props``) along the chain."""
        for style in self._chain(style_id):
            value = read(style.find(props), tag)
            if value is not None:
                return value
        return None

    def paragraph_style(self, ppr: etree._Element | None) -> str | None:
        return _val(ppr, _w("pStyle")) or self.default_paragraph

    def heading_level(self, ppr: etree._Element | None, style_id: str | None) -> int | None:
        """Level from the paragraph's own outline level, else its style chain's name or outline level."""
        if _val(ppr, _w("outlineLvl")) is not None:
            return _outline_level(_val(ppr, _w("outlineLvl")))
        for style in self._chain(style_id):
            name = (_val(style, _w("name")) or "").strip().lower()
            if m := _HEADING_STYLE.match(name):
                return int(m.group(1))
            if name in _TITLE_STYLES:
                return 1
            if (outline := _val(style.find(_PPR), _w("outlineLvl"))) is not None:
                return _outline_level(outline)
        return None

    def is_list(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        return (
            _has_numbering(ppr)
            or any(n.startswith(_LIST_STYLE_PREFIXES) for n in self._names(style_id))
            or any(_has_numbering(s.find(_PPR)) for s in self._chain(style_id))
        )

    def is_caption(self, style_id: str | None) -> bool:
        return any(n in _CAPTION_STYLES for n in self._names(style_id))

    def break_before(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        own = _flag(ppr, _w("pageBreakBefore"))
        return own if own is not None else bool(self._first(style_id, _PPR, _w("pageBreakBefore"), _flag))

    def run_format(self, run: etree._Element, para_style: str | None) -> tuple[bool, int]:
        """(bold, size in half-points) of a run: direct, then its character style, then the paragraph's."""
        rpr = run.find(_RPR)
        bold, size = _flag(rpr, _w("b")), _int(_val(rpr, _w("sz")))
        for style_id in (_val(rpr, _w("rStyle")), para_style):
            if bold is None:
                bold = self._first(style_id, _RPR, _w("b"), _flag)
            if size is None:
                size = _int(self._first(style_id, _RPR, _w("sz"), _val))
        return bool(bold), size or self.body_size


# -- pages -------------------------------------------------------------------------------------


class _PageCounter:
    """Physical page numbers from saved breaks.

    Word saves a w:lastRenderedPageBreak at the top of every page it laid out, including pages
    started by a hard or section break: a rendered break straight after one of those is the same
    page boundary and is not counted twice.
    """

    def __init__(self) -> None:
        self.number = 1
        self._has_text = False
        self._just_broke = False

    def hard_break(self) -> None:
        self.number += 1
        self._has_text = False
        self._just_broke = True

    def break_if_used(self) -> None:
        """A page break before a paragraph or after a section: none on a still empty page."""
        if self._has_text:
            self.hard_break()

    def rendered_break(self) -> None:
        if self._just_broke:
            self._just_broke = False
        else:
            self.number += 1
            self._has_text = False

    def text(self) -> None:
        self._has_text = True
        self._just_broke = False


# -- the walk ----------------------------------------------------------------------------------


@dataclass
class _Para:
    """What one w:p holds: its lines (split at w:br), first page, text runs and anchored text boxes."""

    style: str | None
    lines: list[str] = field(default_factory=lambda: [""])
    page: int | None = None
    runs: list[etree._Element] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def _inner(wrapper: etree._Element) -> etree._Element | None:
    """The content of a content control or of an mc:AlternateContent (its first mc:Choice)."""
    if wrapper.tag == _SDT:
        return wrapper.find(_SDT_CONTENT)
    if wrapper.tag == _ALTERNATE:
        return wrapper.find(_CHOICE)
    return wrapper


def _blocks(container: etree._Element | None) -> Iterator[etree._Element]:
    """The w:p and w:tbl of a block container in order, looking inside content controls."""
    for child in container if container is not None else ():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _blocks(_inner(child))


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children ``tag`` of a table or row, also when wrapped in content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = _inner(child)
            if inner is not None:
                yield from _children(inner, tag)


def _text_boxes(shape: etree._Element) -> list[etree._Element]:
    """The w:txbxContent of a drawing, skipping mc:Fallback (a VML copy of the same text box)."""
    found: list[etree._Element] = []
    for child in shape:
        if child.tag == _TXBX:
            found.append(child)
        elif child.tag != _FALLBACK:
            found.extend(_text_boxes(child))
    return found


class _Walker:
    """Collects RawBlocks and page numbers in document order."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.pages = _PageCounter()
        self.blocks: list[RawBlock] = []
        self._in_box = 0  # > 0 inside a text box: its breaks belong to the box, not the page
        self._structural_level = 0  # the last heading level known from a style or numbering

    def walk(self, container: etree._Element | None) -> None:
        for element in _blocks(container):
            if element.tag == _P:
                self._paragraph(element)
            else:
                self._table(element)

    # paragraphs
    def _paragraph(self, p: etree._Element) -> None:
        para = self._read(p)
        text = para.text
        if text.strip():
            kind, level = self._classify(p, para, text)
            self.blocks.append(RawBlock(kind, text, para.page, level))
        for box in para.boxes:
            self._in_box += 1
            self.walk(box)
            self._in_box -= 1
        section = p.find(f"{_PPR}/{_SECT_PR}")  # this paragraph ends a section
        new_page = section is not None and (_val(section, _TYPE) or "nextPage") in _NEW_PAGE_SECTIONS
        if new_page and not self._in_box:
            self.pages.break_if_used()

    def _read(self, p: etree._Element) -> _Para:
        ppr = p.find(_PPR)
        para = _Para(self.styles.paragraph_style(ppr))
        if not self._in_box and self.styles.break_before(ppr, para.style):
            self.pages.break_if_used()
        self._inline(p, para)
        return para

    def _inline(self, parent: etree._Element | None, para: _Para) -> None:
        for child in parent if parent is not None else ():
            if child.tag == _R:
                self._run(child, para)
            elif child.tag in _INLINE_WRAPPERS:
                self._inline(child, para)
            elif child.tag in (_SDT, _ALTERNATE):
                self._inline(_inner(child), para)

    def _run(self, run: etree._Element, para: _Para) -> None:
        for child in run:
            tag = child.tag
            if tag == _T:
                self._text(para, child.text or "", run)
            elif tag in (_TAB, _PTAB):
                self._text(para, " ", run)
            elif tag == _NB_HYPHEN:
                self._text(para, "-", run)
            elif tag in (_BR, _CR):
                if tag == _BR and child.get(_TYPE) == "page" and not self._in_box:
                    self.pages.hard_break()
                para.lines.append("")
            elif tag == _LAST_RENDERED and not self._in_box:
                self.pages.rendered_break()
            elif tag in _SHAPES:
                para.boxes.extend(_text_boxes(child))

    def _text(self, para: _Para, piece: str, run: etree._Element) -> None:
        para.lines[-1] += piece
        if piece.strip():
            para.runs.append(run)
            if para.page is None:
                para.page = self.pages.number
            if not self._in_box:
                self.pages.text()

    def _classify(self, p: etree._Element, para: _Para, text: str) -> tuple[BlockKind, int | None]:
        ppr = p.find(_PPR)
        level = self.styles.heading_level(ppr, para.style)
        if level is not None:
            self._structural_level = level
            return "heading", level
        if self.styles.is_list(ppr, para.style) or text.lstrip().startswith(_BULLETS):
            return "list_item", None
        if self.styles.is_caption(para.style) or (_CAPTION.match(text) and len(text) <= _CAPTION_MAX_CHARS):
            return "caption", None
        if self._in_box or not looks_like_heading_text(text):
            return "paragraph", None
        formats = [self.styles.run_format(r, para.style) for r in para.runs]
        numbered = numbering(text)
        if numbered and any(bold or size > self.styles.body_size for bold, size in formats):
            self._structural_level = numbered.depth
            return "heading", numbered.depth
        if formats and all(bold for bold, _ in formats):
            return "heading", self._structural_level + 1  # an unnumbered bold line: under the last heading
        return "paragraph", None

    # tables
    def _table(self, tbl: etree._Element) -> None:
        rows: list[tuple[str | None, ...]] = []
        page: int | None = None
        for tr in _children(tbl, _TR):
            trpr = tr.find(_TRPR)
            row: list[str | None] = [None] * (_int(_val(trpr, _w("gridBefore"))) or 0)
            for tc in _children(tr, _TC):
                tcpr = tc.find(_TCPR)
                merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    row.append(None)  # the cell above holds the text
                else:
                    parts = self._texts(tc)
                    row.append(join_lines([t for t, _ in parts]))
                    page = page or next((pg for t, pg in parts if pg is not None and t.strip()), None)
                row.extend([None] * ((_int(_val(tcpr, _w("gridSpan"))) or 1) - 1))
            row.extend([None] * (_int(_val(trpr, _w("gridAfter"))) or 0))
            rows.append(tuple(row))
        if rows:
            self.blocks.append(RawBlock("table", "", page, rows=tuple(rows)))

    def _texts(self, container: etree._Element) -> list[tuple[str, int | None]]:
        """(text, page) of every paragraph in a cell, nested tables and text boxes flattened into it."""
        out: list[tuple[str, int | None]] = []
        for element in _blocks(container):
            if element.tag == _TBL:
                for tr in _children(element, _TR):
                    for tc in _children(tr, _TC):
                        out.extend(self._texts(tc))
                continue
            para = self._read(element)
            out.append((para.text, para.page))
            for box in para.boxes:
                self._in_box += 1
                out.extend(self._texts(box))
                self._in_box -= 1
        return out
