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
_FOLIO = re.compile(r"^[0-9]{1,4}$")
_MAX_DEPTH = 3  # gutter levels: a spread of two pages, a column beside a box
_MIN_COLUMN_EMS = 8.0  # a column of running text is at least this many font sizes wide (see _text_width)
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
    region: tuple[int, ...] = ()  # reading-order key of its page area (see _assign_regions)
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
    region: tuple[int, ...] = ()


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
    columns = _find_columns(words, width, height)
    if columns is None and FLAG_LANDSCAPE in layout.flags:
        columns = _fold(words, width, height)
    if columns is not None:
        layout.flags.append(FLAG_TWO_COLUMNS)
    lines = _build_lines(words, columns, number)
    _assign_regions([*lines, *tables], columns)
    by_region: dict[tuple[int, ...], list[Line]] = {}
    for line in lines:
        by_region.setdefault(line.region, []).append(line)
    for group in by_region.values():
        _set_column_edges(group)
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
@dataclass(frozen=True)
class Split:
    """A gutter at ``x`` between two column areas, each of which may be split again (a spread of two
    pages, a text column beside a box)."""

    x: float
    left: Split | None
    right: Split | None


def _find_columns(words: list[dict[str, Any]], width: float, height: float) -> Split | None:
    """The vertical gaps that split the page body into columns of running text, if there are any.

    Works on row segments (words merged across gaps narrower than about one character), so the
    stretched spacing of justified text never looks like a gutter.
    """
    body = _body_segments(words, height)
    if len(body) < 16:
        return None
    return _split(body, 0.0, width, _MAX_DEPTH)


def _body_segments(words: list[dict[str, Any]], height: float) -> list[dict[str, Any]]:
    """The row segments of the page body, running heads and footers left out."""
    return _segments([w for w in words if 0.06 * height < w["top"] < 0.94 * height])


def _fold(words: list[dict[str, Any]], width: float, height: float) -> Split | None:
    """The fold of a spread of two pages (consecutive page numbers in the margin, one on each half) that
    the column finder left whole, e.g. for a chart on one half: hardly any text crosses the fold, so the
    two pages are read one after the other, not line by line across both; each page may have columns."""
    middle = width / 2
    folios = [w for w in words if not 0.1 * height < w["top"] < 0.9 * height and _FOLIO.match(w["text"])]
    left = {int(w["text"]) for w in folios if w["x1"] < middle}
    if not any(int(w["text"]) - 1 in left for w in folios if w["x0"] > middle):
        return None
    body = _body_segments(words, height)
    if sum(1 for s in body if s["x0"] < middle + 4 and s["x1"] > middle - 4) > 0.04 * len(body):
        return None
    halves = ([s for s in body if s["x1"] <= middle], [s for s in body if s["x0"] >= middle])
    inner = [_split(h, min(s["x0"] for s in h), max(s["x1"] for s in h), _MAX_DEPTH - 1) if h else None
             for h in halves]
    return Split(middle, inner[0], inner[1])


def _split(body: list[dict[str, Any]], lo: float, hi: float, depth: int) -> Split | None:
    """The best gutter between ``lo`` and ``hi``: both sides hold a fair share of the segments side by
    side, hardly any segment across it cuts into a column, and each side is running text or splits
    again. Among such gutters, the one fewest segments cross, then the most balanced."""
    candidates = []
    half = 4.0  # the gutter must be a clear strip at least 8 pt wide
    x = lo + 0.3 * (hi - lo)
    while x <= lo + 0.7 * (hi - lo):
        across = [w for w in body if w["x0"] < x + half and w["x1"] > x - half]
        if len(across) <= 0.25 * len(body):
            left = [w for w in body if w["x1"] <= x - half]
            right = [w for w in body if w["x0"] >= x + half]
            balance = min(len(left), len(right))
            if (
                balance >= max(6, 0.2 * len(body))
                and _overlap(left, right) > 0.4
                and _cutting(across, left, right) <= 0.04 * len(body)
            ):
                candidates.append((len(across), -balance, x, left, right))
        x += 3
    tried: set[tuple[int, int]] = set()
    for _, _, x, left, right in sorted(candidates, key=lambda c: c[:3]):
        if (len(left), len(right)) in tried:
            continue  # the same split as a gutter already tried
        tried.add((len(left), len(right)))
        sides = [_column_area(side, depth) for side in (left, right)]
        if all(ok for ok, _ in sides):
            return Split(x, sides[0][1], sides[1][1])
    return None


def _cutting(across: list[dict[str, Any]], left: list[dict[str, Any]], right: list[dict[str, Any]]) -> int:
    """Segments across a gutter that cut into a column (text of one side just above and just below
    them); a title, an intro or a closing paragraph across it above or below the columns starts a band."""
    if len(across) <= 0.04 * (len(across) + len(left) + len(right)):
        return len(across)  # few enough to ignore, without looking closer

    def inside(w: dict[str, Any], side: list[dict[str, Any]]) -> bool:
        reach = 3 * (w["bottom"] - w["top"])
        above = any(0 <= w["top"] - s["bottom"] + 1 < reach for s in side)
        return above and any(0 <= s["top"] - w["bottom"] + 1 < reach for s in side)

    return sum(1 for w in across if inside(w, left) or inside(w, right))


def _column_area(segments: list[dict[str, Any]], depth: int) -> tuple[bool, Split | None]:
    """Whether one side of a gutter is a column area: running text, or columns of it."""
    if _fill(segments) > 0.6 and _text_width(segments) >= _MIN_COLUMN_EMS:
        return True, None
    if depth <= 1:
        return False, None
    inner = _split(segments, min(w["x0"] for w in segments), max(w["x1"] for w in segments), depth - 1)
    return inner is not None, inner


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


def _text_width(segments: list[dict[str, Any]]) -> float:
    """The width, in font sizes, of the rows that hold most of a column's text (running text ≈ 15-40; a
    table column, a list of page numbers or of short labels a few). Weighted by width, so that stray
    letters in the margin do not count."""
    widths = sorted((w["x1"] - w["x0"]) / max(w["size"], 1.0) for w in segments)
    half, total = sum(widths) / 2, 0.0
    for width in widths:
        total += width
        if total >= half:
            return width
    return 0.0


def _overlap(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> float:
    """Share of the shorter column's vertical extent that the other column also covers."""
    l0, l1 = min(w["top"] for w in left), max(w["bottom"] for w in left)
    r0, r1 = min(w["top"] for w in right), max(w["bottom"] for w in right)
    common = min(l1, r1) - max(l0, r0)
    shorter = min(l1 - l0, r1 - r0) or 1.0
    return max(0.0, common) / shorter


def _build_lines(words: list[dict[str, Any]], columns: Split | None, number: int) -> list[Line]:
    """Group words into lines; words in different columns share a line only where the text runs across
    the gutter (word spacing, not a column gap)."""
    groups: dict[tuple[int, ...], list[list[dict[str, Any]]]] = {}
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        open_lines = groups.setdefault(_column_of(w["x0"], w["x1"], columns), [])
        for line in reversed(open_lines[-3:]):
            top = min(x["top"] for x in line)
            bottom = max(x["bottom"] for x in line)
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap >= 0.5 * min(bottom - top, w["bottom"] - w["top"]):
                line.append(w)
                break
        else:
            open_lines.append([w])
    pieces = [ws for side in groups.values() for ws in side]
    return [_make_line(ws, number) for ws in (_join_across(pieces) if columns else pieces)]


def _join_across(pieces: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Join the pieces of one line that gutters cut apart: on one row, no further apart than the
    line's own word spacing (columns stand further apart than that)."""
    joined: list[list[dict[str, Any]]] = []
    for piece in sorted(pieces, key=lambda ws: min(w["x0"] for w in ws)):
        for line in joined:
            if _same_row(line, piece) and _word_spaced(line, piece):
                line.extend(piece)
                break
        else:
            joined.append(list(piece))
    return joined


def _same_row(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    a_top, a_bottom = min(w["top"] for w in a), max(w["bottom"] for w in a)
    b_top, b_bottom = min(w["top"] for w in b), max(w["bottom"] for w in b)
    return min(a_bottom, b_bottom) - max(a_top, b_top) >= 0.5 * min(a_bottom - a_top, b_bottom - b_top)


def _word_spaced(line: list[dict[str, Any]], piece: list[dict[str, Any]]) -> bool:
    gap = min(w["x0"] for w in piece) - max(w["x1"] for w in line)
    spaces = [space for ws in (line, piece) for space in _spaces(ws)]
    usual = max(statistics.median(spaces) if spaces else 0.0, 0.3 * max(w["size"] for w in [*line, *piece]))
    return -1 <= gap < 1.5 * usual


def _spaces(words: list[dict[str, Any]]) -> list[float]:
    ordered = sorted(words, key=lambda w: w["x0"])
    return [b["x0"] - a["x1"] for a, b in zip(ordered, ordered[1:]) if b["x0"] - a["x1"] > 0.5]


def _column_of(x0: float, x1: float, columns: Split | None) -> tuple[int, ...]:
    """The column a span of x lies in, as the path of sides taken (0 left, 1 right, 2 across a gutter)."""
    path: tuple[int, ...] = ()
    node = columns
    while node is not None:
        if x1 <= node.x + 2:
            path, node = (*path, 0), node.left
        elif x0 >= node.x - 2:
            path, node = (*path, 1), node.right
        else:
            return (*path, 2)
    return path


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


def _assign_regions(
    items: list[Line | TableItem], columns: Split | None, prefix: tuple[int, ...] = ()
) -> None:
    """Reading order: lines across a gutter cut its area into bands; within a band, the left column
    area comes before the right one, each ordered the same way."""
    if columns is None:
        for item in items:
            item.region = prefix
        return
    x = columns.x
    spanning = sorted(it.top for it in items if isinstance(it, Line) and it.x0 < x - 2 and it.x1 > x + 2)
    sides: dict[tuple[int, int], list[Line | TableItem]] = {}
    for item in items:
        band = sum(1 for t in spanning if t < _top(item) - 1)
        x0, x1 = (item.x0, item.x1) if isinstance(item, Line) else (item.bbox[0], item.bbox[2])
        if x0 < x - 2 and x1 > x + 2:
            item.region = (*prefix, band * 2 + 1)
        else:
            sides.setdefault((band * 2, 0 if x1 <= x + 2 else 1), []).append(item)
    for (band, side), group in sides.items():
        _assign_regions(group, columns.right if side else columns.left, (*prefix, band, side))


def _set_column_edges(lines: list[Line]) -> None:
    if not lines:
        return
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    for line in lines:
        line.col_left, line.col_right = left, right
