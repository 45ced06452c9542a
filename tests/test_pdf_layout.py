"""Column detection and running footers on hand-made word boxes and lines (no PDF needed)."""

from __future__ import annotations

from analyzer.extract.pdf_furniture import find_furniture
from analyzer.extract.pdf_layout import Line, PageLayout, _column_of, _find_columns, _fold

SIZE = 10.0


def word(x0: float, x1: float, top: float, text: str = "word") -> dict[str, object]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": top + SIZE, "size": SIZE, "text": text}


def running_text(x0: float, x1: float, rows: range) -> list[dict[str, object]]:
    """A column of justified text: each row four words filling the column."""
    step = (x1 - x0) / 4
    return [word(x0 + k * step, x0 + (k + 1) * step - 3, top) for top in rows for k in range(4)]


def test_two_columns_of_running_text_have_a_gutter_between_them() -> None:
    words = running_text(50, 280, range(100, 700, 14)) + running_text(320, 550, range(100, 700, 14))
    columns = _find_columns(words, 600, 800)
    assert columns is not None and 280 < columns.x < 320
    assert columns.left is None and columns.right is None


def test_a_spread_splits_again_where_a_box_stands_beside_a_column() -> None:
    left_page = running_text(40, 560, range(100, 500, 14))
    column = running_text(640, 900, range(100, 300, 14))
    box = running_text(940, 1180, range(110, 290, 14))
    closing = running_text(640, 1180, range(320, 420, 14))  # a paragraph across both, below them
    columns = _find_columns(left_page + column + box + closing, 1200, 600)
    assert columns is not None and 560 < columns.x < 640
    assert columns.right is not None and 900 < columns.right.x < 940
    assert _column_of(650, 890, columns) == (1, 0) and _column_of(950, 1170, columns) == (1, 1)
    assert _column_of(650, 1170, columns) == (1, 2)  # the closing paragraph runs across the inner gutter


def test_a_spread_with_a_chart_on_one_page_is_read_page_by_page() -> None:
    """The column finder wants running text on both sides; beside a chart it finds none. The page
    numbers 58 and 59 in the margin, one on each half, show the fold, and nothing crosses it."""
    left_page = running_text(40, 560, range(100, 500, 14))
    chart = [word(x, x + 20, top, "10%") for top in range(100, 420, 30) for x in (650, 760, 870, 980, 1090)]
    folios = [word(40, 52, 570, "58"), word(300, 305, 575, "²"), word(1148, 1160, 570, "59")]
    assert _find_columns(left_page + chart + folios, 1200, 600) is None
    fold = _fold(left_page + chart + folios, 1200, 600)
    assert fold is not None and fold.x == 600
    assert _fold(left_page + chart, 1200, 600) is None  # no page numbers: a landscape page, not a spread


def test_a_contents_list_with_page_numbers_is_not_two_columns() -> None:
    """Entry names on the left, page numbers far right: a list, not two columns of text."""
    title = [word(50, 400, 60, "title")]
    entries = [word(50, 50 + 8 * (3 + k % 5), 100 + 20 * k) for k in range(20)]
    numbers = [word(500, 512, 100 + 20 * k, str(k)) for k in range(20)]
    assert _find_columns(title + entries + numbers, 600, 800) is None


def test_a_footer_naming_each_chapter_is_furniture_and_gives_the_folio() -> None:
    chapters = ["Our company", "Governance", "Climate", "People", "Communities"]
    pages = []
    for n in range(1, 11):
        body = Line(f"Running text of page {n}, not repeated anywhere", 50, 550, 300, 310, SIZE, "Body", n)
        footer = Line(f"Corporate Responsibility Report 2022: {chapters[n % 5]} {n + 2}", 50, 400, 770, 780,
                      8.0, "Body", n)
        pages.append(PageLayout(n, 600, 800, items=[body, footer]))
    furniture = find_furniture(pages)
    assert furniture.drop == {id(p.items[1]) for p in pages}
    assert furniture.labels == {n: str(n + 2) for n in range(1, 11)}
