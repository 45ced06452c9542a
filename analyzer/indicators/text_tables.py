"""Tables printed without ruling lines, which reach the Document as paragraph text, as table blocks.

Such a table is a header of two or more years ("2019 2020 2021", "Unit 2020 2021", "TJ 2020 2021"), then,
in the blocks after it on the same page, rows: a label, perhaps a unit, and exactly as many values as there
are years (see ``text_cells``). Rows may run together in one block ("Vehicles 2,249 1,736 Kilometers
driven 52.5 40.6"): a run of values ends a row, and the next label starts after it. ``text_tables`` turns
each table into a table block (a header row of label, unit and years, then the rows) that ``TableReader``
reads as it reads a ruled table's rows. A run of values of another length (a change column, a missing
year) is no row, nor one holding a header year ("Report 2021 45"); a header with a year after the report
year is a target's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from analyzer.document import Block, Document
from analyzer.indicators.kpi_tables import bracketed_unit
from analyzer.indicators.text_cells import (
    EMPTY,
    is_label,
    is_number,
    is_stray,
    strip_footnotes,
    title_unit,
    unit_suffix,
)

_YEAR = re.compile(r"(?:FY)?((?:19|20)\d{2})(?:年度?)?\.?")
_TOKEN = re.compile(r"(?i:not\s+reported|not\s+applicable)|\S+")
_SPACED_DECIMAL = re.compile(r"(\d) \.(\d)")  # "0 .92": a decimal point set apart by the extractor
# a value run into the next row's Chinese label ("1,456二氧化碳排放"): Chinese lines are joined without a space
_VALUE_CJK = re.compile(r"(?<=[\d%])(?=[\u3400-\u9fff])(?!年)")
_UNIT_COLUMN = re.compile(r"^(?:unit|units|单位|计量单位)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z)][.!?])\s+|(?<=。)")  # a label starts after it: "Basic data. Revenue"
_MIN_YEARS, _MAX_SPAN = 2, 10  # years in a header; the widest span of years one header covers
_MAX_UNIT_WORDS, _MAX_TITLE_WORDS = 6, 16
_REPEATED = 3  # in a unit column, a last word ending this many labels is a unit ("Terajoule")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class _Header:
    years: tuple[str, ...]
    unit: str  # printed before the years ("TJ 2020 2021") or in a caption above, for rows that name none
    unit_column: bool  # "Unit 2020 2021": each row names its unit between label and values


@dataclass(frozen=True)
class _Row:
    label: str  # as printed, footnote marks and unit included
    values: tuple[str, ...]  # "" for none
    unit: str  # the table's at this row (the header's or a title's)
    follows_row: bool  # the label starts right after another row's values


@dataclass
class _Table:
    header: _Header
    block: Block  # where the header is
    rows: list[_Row] = field(default_factory=list)
    unit: str = ""  # for rows that name none: the header's, or a title's between rows ("Energy (in GJ)")

    def __post_init__(self) -> None:
        self.unit = self.unit or self.header.unit

    def add(self, rows: list[_Row]) -> list[_Row]:
        self.rows += rows
        return rows


def text_tables(doc: Document, is_unit: Callable[[str], bool]) -> list[Block]:
    """The unruled year-column tables of the document as table blocks (id and page of the header's block): a
    header row ``["", "unit", year …]`` and one row ``[label, unit, value …]`` per row read. A table runs
    from its header to the next header, a paragraph without a row or the end of the page. ``is_unit`` tells
    a unit ("Tonnes")."""
    tables: list[_Table] = []
    current: _Table | None = None
    page: int | None = None
    caption = ""  # the unit of a title above the next header ("Table 1: … (million tonnes CO2-e)")
    for block in doc.blocks:
        if block.kind == "table":
            continue
        if block.page != page:
            current, page, caption = None, block.page, ""
        text = _normal(block.text)
        tokens = list(_tokens(text))
        start, rows = 0, []
        for header, begin, end in _headers(tokens, doc.meta.report_year, is_unit):
            if current is not None:
                rows += current.add(_rows(text, tokens[start:begin], current))
            current = _Table(replace(header, unit=header.unit or caption), block)
            tables.append(current)
            start, caption = end, ""
        if current is not None:
            rows += current.add(_rows(text, tokens[start:], current))
        if start == 0 and not rows and len(tokens) > _MAX_TITLE_WORDS:
            current = None  # prose ends a table
        elif start == 0 and not rows:  # a title
            unit = title_unit(text, is_unit)
            if current is None:
                caption = unit or caption
            else:
                current.unit = unit or current.header.unit
    return [b for t in tables if (b := _block(t, is_unit)) is not None]


def _normal(text: str) -> str:
    """Decimal points joined to their digits ("0 .92" → "0.92"), a value set apart from the Chinese label
    after it."""
    return _VALUE_CJK.sub(" ", _SPACED_DECIMAL.sub(r"\1.\2", text))


def _tokens(text: str) -> Iterator[_Token]:
    return (_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


def _year(token: _Token) -> str | None:
    m = _YEAR.fullmatch(token.text)
    return m.group(1) if m else None


def _is_value(token: _Token) -> bool:
    return is_number(token.text) or token.lower in EMPTY


def _is_small_int(token: _Token) -> bool:
    """A footnote mark or the number in a label ("Scope 3", "… Protocol 10")."""
    return token.text.isdigit() and len(token.text) <= 2


def _headers(
    tokens: Sequence[_Token], report_year: int | None, is_unit: Callable[[str], bool]
) -> Iterator[tuple[_Header, int, int]]:
    """Each header among a block's tokens, with where its years begin and end."""
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and _year(tokens[j]):
            j += 1
        if j - i >= _MIN_YEARS and _is_header(tokens, i, j, report_year):
            prefix = [t.text for t in tokens[max(0, i - _MAX_UNIT_WORDS) : i]]
            unit_column = bool(prefix) and bool(_UNIT_COLUMN.match(prefix[-1]))
            bracketed = bracketed_unit(" ".join(prefix))  # "Equity emissions (Mt CO2e) 2023 2022"
            unit = "" if unit_column else bracketed if is_unit(bracketed) else unit_suffix(prefix, is_unit)[0]
            yield _Header(tuple(_year(t) or "" for t in tokens[i:j]), unit, unit_column), i, j
        i = max(j, i + 1)


def _is_header(tokens: Sequence[_Token], i: int, j: int, report_year: int | None) -> bool:
    """Two or more years in a row, distinct and in order, none after the report year, neither following nor
    followed by a value (then they are part of a row: "Base year 2020 2030 –47%")."""
    years = [int(_year(t) or 0) for t in tokens[i:j]]
    ordered = len({b > a for a, b in zip(years, years[1:])}) == 1 and len(set(years)) == len(years)
    if not ordered or max(years) - min(years) > _MAX_SPAN or (report_year and max(years) > report_year):
        return False
    before = i > 0 and is_number(tokens[i - 1].text) and not _is_small_int(tokens[i - 1])
    after = j < len(tokens) and _is_value(tokens[j])
    return not before and not after


def _rows(text: str, tokens: Sequence[_Token], table: _Table) -> list[_Row]:
    """The rows among a block's tokens: each run of exactly as many values as the table has years (after
    footnote marks or a label's own number: "Scope 3 of the GHG Protocol 10 339,342 …"), labelled by the
    text since the previous row or stray value."""
    width = len(table.header.years)
    rows = []
    start = i = 0  # where the current label begins; the token at hand
    follows_row = False
    while i < len(tokens):
        if not _is_value(tokens[i]):
            if is_stray(tokens[i].text):
                start, follows_row = i + 1, False  # "154,9667": a value with its footnote mark glued on
            i += 1
            continue
        j = i
        while j < len(tokens) and _is_value(tokens[j]):
            j += 1
        extra = j - i - width
        year_valued = any(t.text.rstrip(".") in table.header.years for t in tokens[i:j])  # "Report 2021 45"
        if extra >= 0 and not year_valued and all(_is_small_int(t) for t in tokens[i : i + extra]):
            if i + extra > start:
                label = text[tokens[start].start : tokens[i + extra - 1].end]
                values = tuple("" if t.lower in EMPTY else t.text.rstrip(".") for t in tokens[i + extra : j])
                if len({v.endswith("%") for v in values if v}) < 2:  # not "96.63% 17": a rate, a page number
                    rows.append(_Row(label, values, table.unit, follows_row))
            start, follows_row = j, True
        elif not (j - i == 1 and _is_small_int(tokens[i])):
            start, follows_row = j, False  # stray values: the rest of a row of another width
        i = j
    return rows


def _block(table: _Table, is_unit: Callable[[str], bool]) -> Block | None:
    """The table as a table block, its rows with a label and a unit; None without a row."""
    header = table.header
    labels = [strip_footnotes(_SENTENCE_END.split(row.label)[-1]) for row in table.rows]
    last_words = Counter(label.split()[-1] for label in labels if label)
    repeated = {w for w, n in last_words.items() if n >= _REPEATED}
    rows: list[tuple[str, ...]] = []
    for label, row in zip(labels, table.rows):
        unit = ""
        if header.unit_column:
            words = label.split()
            unit, count = unit_suffix(words, is_unit)
            if not unit and len(words) > 1 and words[-1] in repeated:
                unit, count = words[-1], 1
            label = strip_footnotes(" ".join(words[:-count])) if unit else label
            if unit and not label and row.follows_row and rows and rows[-1][1] not in {"", unit}:
                label = rows[-1][0]  # "GWh 490 479 465" under "Electrical energy | Terajoule | 1,763 …"
        if not is_label(label):
            continue
        if not unit and not is_unit(bracketed_unit(label)):
            unit = row.unit
        rows.append((label, unit, *row.values))
    if not rows:
        return None
    head = ("", "unit", *header.years)
    text = "\n".join(" | ".join(c for c in row if c) for row in (head, *rows))
    return Block(id=table.block.id, kind="table", text=text, page=table.block.page, rows=(head, *rows))
