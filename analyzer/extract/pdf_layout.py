"""One PDF page → text lines and tables in reading order (columns, tables kept out of the text)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.page import Page as PlumberPage

from analyzer.document import (
    FLAG_BLANK,
    FLAG_CID_GARBAGE,
    FLAG_IMAGE_TEXT_LAYER,
    FLAG_LANDSCAPE,
    FLAG_NO_TEXT,
    FLAG_TWO_COLUMNS,
)
from analyzer.textnorm import is_wide, join_lines

_CID = re.compile(r"^\(cid:\d+\)$")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|hei|黑|\\xba\\xda|\\xba\\xd7", re.I)
_GAP = "  "  # a visual gap inside a line; survives text cleaning as one space


@dataclass
class Line:
    """One line of text on a page, with the typography later stages need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    page: int
    region: tuple[int, int] = (0, 0)  # (band, column): reading-order key of its page area
    col_left: float = 0.0
    col_right: float = 0.0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def bold(self) -> bool:
        return bool(_BOLD_FONT.search(self.font))


@dataclass
class TableItem:
    rows: tuple[tuple[str | None, ...], ...]
    bbox: tuple[float, float, float, float]
    page: int
    cells: tuple[tuple[float, float, float, float], ...] = ()  # text inside a cell belongs to the table
    region: tuple[int, int] = (0, 0)


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    items: list[Line | TableItem] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    char_count: int = 0


def layout_page(page: PlumberPage, number: int) -> PageLayout:
    """Lines and tables of one page in reading order, with page flags."""
    width, height = float(page.width), float(page.height)
    layout = PageLayout(number, width, height)
    if width > height * 1.25:
        layout.flags.append(FLAG_LANDSCAPE)
    page = _dedupe_chars(page)
    chars = page.chars
    cid = sum(1 for c in chars if _CID.match(c["text"]) or c["text"] == "\ufffd")
    layout.char_count = len(chars) - cid
    if chars and cid / len(chars) > 0.3:
        layout.flags.append(FLAG_CID_GARBAGE)
    if layout.char_count < 5:  # at most a folio: a scanned page if it carries a picture
        if page.images:
            layout.flags.append(FLAG_NO_TEXT)
        elif not chars:
            layout.flags.append(FLAG_BLANK)
        return layout
    if _covered_by_image(page, width * height):
        layout.flags.append(FLAG_IMAGE_TEXT_LAYER)
    page = page.filter(lambda o: o.get("object_type") != "char" or not _CID.match(o.get("text", "")))
    tables = _tables(page, number)
    text_page = page.filter(lambda o: not _in_table_cell(o, tables)) if tables else page
    words = text_page.extract_words(
        x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, extra_attrs=["size", "fontname"]
    )
    words = [w for w in words if w["text"].strip()]
    gutter = _find_gutter(words, width, height)
    if gutter is not None:
        layout.flags.append(FLAG_TWO_COLUMNS)
    lines = _assign_regions(_build_lines(words, gutter, number), gutter)
    for t in tables:
        t.region = _region_of(t.bbox, gutter, lines)
    layout.items = sorted([*lines, *tables], key=lambda it: (it.region, _top(it)))
    return layout


def _dedupe_chars(page: PlumberPage) -> PlumberPage:
    """Drop glyphs drawn twice at (almost) the same spot: fake-bold headings would read "社社会会".

    Same job as pdfplumber's ``dedupe_chars`` (same text and size within 1 pt), in linear time, and
    never merging two real neighbours of tiny type.
    """
    seen: dict[tuple[str, int, int], dict[str, Any]] = {}
    dropped: set[int] = set()
    for char in page.chars:
        kx, ky = round(char["x0"]), round(char["top"])
        # A copy overlaps its glyph almost exactly; in tiny type "tt" may sit closer than 1 pt.
        tolerance = min(1.0, 0.3 * max(char["x1"] - char["x0"], 0.1))
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                other = seen.get((char["text"], kx + dx, ky + dy))
                if (
                    other is not None
                    and abs(other["x0"] - char["x0"]) <= tolerance
                    and abs(other["top"] - char["top"]) <= 1
                    and abs(other["size"] - char["size"]) < 0.1
                ):
                    duplicate = True
        if duplicate:
            dropped.add(id(char))
        else:
            seen[(char["text"], kx, ky)] = char
    if not dropped:
        return page
    return page.filter(lambda obj: id(obj) not in dropped)


def _top(item: Line | TableItem) -> float:
    return item.top if isinstance(item, Line) else item.bbox[1]


def _in_table_cell(obj: dict[str, Any], tables: list[TableItem]) -> bool:
    """Inside one of the tables' cells (the table's box is checked first: most objects lie outside)."""
    return any(_inside(obj, t.bbox) and any(_inside(obj, c) for c in t.cells) for t in tables)


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _covered_by_image(page: PlumberPage, area: float) -> bool:
    for img in page.images:
        w = float(img["x1"]) - float(img["x0"])
        h = float(img["bottom"]) - float(img["top"])
        if w * h >= 0.7 * area:
            return True
    return False


# -- tables -------------------------------------------------------------------------------------
def _tables(page: PlumberPage, number: int) -> list[TableItem]:
    if not (page.rects or page.lines or page.curves):
        return []
    found = []
    for table in page.find_tables({"snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}):
        rows = _clean_rows(table.extract(x_tolerance=1.5))
        if _is_data_table(rows):
            x0, top, x1, bottom = (float(v) for v in table.bbox)
            cells = tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in table.cells)
            found.append(TableItem(rows, (x0, top, x1, bottom), number, cells))
    return found


def _clean_rows(raw: list[list[str | None]]) -> tuple[tuple[str | None, ...], ...]:
    rows = [[_cell_text(c) for c in row] for row in raw]
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return ()
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    return tuple(tuple(r[j] for j in keep) for r in rows)


def _cell_text(cell: str | None) -> str | None:
    if cell is None:
        return None
    return join_lines(cell.split("\n"))


def _is_data_table(rows: tuple[tuple[str | None, ...], ...]) -> bool:
    """A grid of two or more rows and columns; a framed box of running text is not a table."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    multi = sum(1 for r in rows if sum(1 for c in r if c) >= 2)
    return multi >= max(2, len(rows) // 2)


# -- columns and lines --------------------------------------------------------------------------
def _find_gutter(words: list[dict[str, Any]], width: float, height: float) -> float | None:
    """The x of a vertical gap that splits the page body into two columns, if there is one.

    Works on row segments (words merged across gaps narrower than about one character), so the
    stretched spacing of justified text never looks like a gutter.
    """
    body = _segments([w for w in words if 0.06 * height < w["top"] < 0.94 * height])
    if len(body) < 16:
        return None
    best: tuple[int, int, float] | None = None  # (crossing segments, -balance, x)
    half = 4.0  # the gutter must be a clear strip at least 8 pt wide
    x = 0.3 * width
    while x <= 0.7 * width:
        crossing = sum(1 for w in body if w["x0"] < x + half and w["x1"] > x - half)
        if crossing <= 0.04 * len(body):
            left = [w for w in body if w["x1"] <= x - half]
            right = [w for w in body if w["x0"] >= x + half]
            balance = min(len(left), len(right))
            if (
                balance >= max(6, 0.2 * len(body))
                and _overlap(left, right) > 0.4
                and _fill(left) > 0.6
                and _fill(right) > 0.6
            ):
                candidate = (crossing, -balance, x)
                best = candidate if best is None or candidate < best else best
        x += 3
    return best[2] if best else None


def _segments(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs of words on one text row separated by less than a character's width."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for row in reversed(rows[-3:]):
            if min(row[0]["bottom"], w["bottom"]) - max(row[0]["top"], w["top"]) > 0.5 * (w["bottom"] - w["top"]):
                row.append(w)
                break
        else:
            rows.append([w])
    segments = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        current = dict(row[0])
        for w in row[1:]:
            if w["x0"] - current["x1"] < max(8.0, w["size"]):
                current["x1"] = max(current["x1"], w["x1"])
            else:
                segments.append(current)
                current = dict(w)
        segments.append(current)
    return segments


def _fill(words: list[dict[str, Any]]) -> float:
    """How fully the text rows of one column span its width (running text ≈ 1, label lists ≪ 1)."""
    rows: dict[int, list[float]] = {}
    for w in words:
        row = rows.setdefault(round(w["top"] / 3), [w["x0"], w["x1"]])
        row[0], row[1] = min(row[0], w["x0"]), max(row[1], w["x1"])
    left = min(r[0] for r in rows.values())
    right = max(r[1] for r in rows.values())
    if right - left <= 0:
        return 0.0
    return statistics.median((r[1] - r[0]) / (right - left) for r in rows.values())


def _overlap(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> float:
    """Share of the shorter column's vertical extent that the other column also covers."""
    l0, l1 = min(w["top"] for w in left), max(w["bottom"] for w in left)
    r0, r1 = min(w["top"] for w in right), max(w["bottom"] for w in right)
    common = min(l1, r1) - max(l0, r0)
    shorter = min(l1 - l0, r1 - r0) or 1.0
    return max(0.0, common) / shorter


def _build_lines(words: list[dict[str, Any]], gutter: float | None, number: int) -> list[Line]:
    """Group words into lines; with a gutter, words left and right of it never share a line."""
    groups: dict[int, list[list[dict[str, Any]]]] = {}
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        side = _side(w, gutter)
        open_lines = groups.setdefault(side, [])
        for line in reversed(open_lines[-3:]):
            top = min(x["top"] for x in line)
            bottom = max(x["bottom"] for x in line)
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap >= 0.5 * min(bottom - top, w["bottom"] - w["top"]):
                line.append(w)
                break
        else:
            open_lines.append([w])
    return [_make_line(ws, number) for side in groups.values() for ws in side]


def _side(word: dict[str, Any], gutter: float | None) -> int:
    if gutter is None:
        return 0
    if word["x1"] <= gutter + 2:
        return 1
    if word["x0"] >= gutter - 2:
        return 2
    return 0


def _make_line(words: list[dict[str, Any]], number: int) -> Line:
    words.sort(key=lambda w: w["x0"])
    text = words[0]["text"]
    for prev, w in zip(words, words[1:]):
        gap = w["x0"] - prev["x1"]
        size = max(prev["size"], w["size"])
        if gap > max(1.0 * size, 6.0):
            text += _GAP + w["text"]
        elif is_wide(text[-1]) or is_wide(w["text"][0]) or gap < 0.12 * size:
            text += w["text"]
        else:
            text += " " + w["text"]
    sizes = [w["size"] for w in words for _ in range(len(w["text"]))]
    fonts: dict[str, int] = {}
    for w in words:
        fonts[w["fontname"]] = fonts.get(w["fontname"], 0) + len(w["text"])
    return Line(
        text=text,
        x0=min(w["x0"] for w in words),
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=round(statistics.median(sizes), 1),
        font=max(fonts, key=fonts.__getitem__),
        page=number,
    )


def _assign_regions(lines: list[Line], gutter: float | None) -> list[Line]:
    """Reading order: full-width lines cut the page into bands; within a band, left column then right."""
    if gutter is None:
        for line in lines:
            line.region = (0, 0)
        _set_column_edges(lines)
        return lines
    spanning = sorted(ln.top for ln in lines if ln.x0 < gutter - 2 and ln.x1 > gutter + 2)
    for line in lines:
        band = sum(1 for t in spanning if t < line.top - 1)
        if line.x0 < gutter - 2 and line.x1 > gutter + 2:
            line.region = (band * 2 + 1, 0)
        else:
            line.region = (band * 2, 0 if line.x1 <= gutter + 2 else 1)
    by_region: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        by_region.setdefault(line.region, []).append(line)
    for group in by_region.values():
        _set_column_edges(group)
    return lines


def _set_column_edges(lines: list[Line]) -> None:
    if not lines:
        return
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    for line in lines:
        line.col_left, line.col_right = left, right


def _region_of(bbox: tuple[float, float, float, float], gutter: float | None, lines: list[Line]) -> tuple[int, int]:
    if gutter is None:
        return (0, 0)
    x0, top, x1, _ = bbox
    spanning = sorted({ln.top for ln in lines if ln.region[0] % 2 == 1})
    band = sum(1 for t in spanning if t < top - 1)
    if x0 < gutter - 2 and x1 > gutter + 2:
        return (band * 2 + 1, 0)
    return (band * 2, 0 if x1 <= gutter + 2 else 1)
