"""Document → passages: the paragraph-sized units the topic mapper scores and quotes as evidence.

Short fragments under one heading on one page are merged, walls of text split at sentence ends, tables
kept as tables (split into row groups that repeat the header row). A passage never crosses a page, so
its evidence cites one page. The report's own contents pages and its GRI / CASS / ESG / exchange-guideline
content indexes are marked (``role``): they list topics but are never evidence for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from typing import Literal

from pydantic import BaseModel, ConfigDict

from analyzer.document import Block, Document
from analyzer.extract.numbering import is_contents_title
from analyzer.textnorm import ends_sentence, is_wide, join_lines

PassageKind = Literal["text", "table"]
PassageRole = Literal["content", "contents", "index"]

MIN_CHARS = 80  # no split leaves a piece shorter than this where it can be avoided

# Sentence ends: Chinese and Latin end punctuation with any closing quotes or brackets; a full stop only
# before white space and a non-digit (never inside 1.35, nor after the "2." of a numbered note), and not
# after an initial or a common abbreviation (Mr., No., e.g.). Each pattern opens with a plain character
# class and checks its context behind it: much faster with Python's re than a leading look-behind.
_ABBREVIATIONS = "".join(
    f"(?<!{a}\\.)" for a in ("Mr", "Ms", "Dr", "No", "St", "vs", "Mrs", r"e\.g", r"i\.e")
)
_CLOSERS = r'[”’"」』）)\]]*'
_SENTENCE_END = re.compile(
    r"[。！？；!?;….](?:(?<=[。！？；!?;])[。！？；!?;]*|(?<=…)…+"
    rf"|(?<=\.)(?<![^A-Za-z][A-Z]\.){_ABBREVIATIONS}(?={_CLOSERS}(?:\s+\D|\s*$))){_CLOSERS}\s*"
)
# A data figure (43,018 / 0.092 / 28.9 / 2021), not a section number (2.1) nor part of a code (A1.1).
_DATA_NUMBER = re.compile(r"\d(?<![A-Za-z\d.,\-]\d)(?:\d{0,2}(?:,\d{3})+|\d*\.\d{2,}|\d+\.\d+|\d{3,})")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_BARE_NUMBER = re.compile(r"^[\d\s,.，．%+\-–—/]+$")

# Disclosure codes of content indexes: GRI 2021 / 2016 (2-1, 305-1, 102-8), HKEX and CASS-ESG (A1.1,
# B5.2, G1.1; not CDP's C2.3a), SASB (TR-AU-410a.1), exchange-guideline articles (第二十一条). _KEY_CODE,
# for the start of an index row, also takes a bare "103" or "A1" and a "GRI" or "KPI" before the code.
_ARTICLE = "第[一二三四五六七八九十百零〇\\d]+条"
_SASB_TAIL = r"-[A-Z]{2}-\d{3}[a-z]?\.[A-Za-z\d]{1,2}"  # after the sector's two letters
_GRI_CODE = re.compile(r"[1-4](?<![\d.\-/][1-4])(?:\d\d|(?<=[23]))-\d{1,2}(?![\d\-])")
_OTHER_CODE = re.compile(
    rf"[A-Z第](?:(?<![A-Za-z\d.\-][A-Z])(?:[A-Z]?\d{{1,2}}\.\d{{1,2}}(?![\d.a-z])|[A-Z]{_SASB_TAIL})"
    r"|(?<=第)[一二三四五六七八九十百零〇\d]+条)"
)
_KEY_CODE = re.compile(
    rf"^(?:GRI\s*)?(?:[1-4]\d{{2}}|[23])(?:-\d{{1,2}})?(?![\d\-.])"
    rf"|^(?:KPI\s*)?[A-Z]{{1,2}}\d{{1,2}}(?:\.\d{{1,2}})?\b|^[A-Z]{{2}}{_SASB_TAIL}|^{_ARTICLE}"
)
_INDEX_TITLE = re.compile(
    r"索引|对照表|content\s+index|\bsasb\b"
    r"|\b(?:gri|esg|hkex|tcfd|cass|kpis?|guides?|standards?|disclosures?)\b.*\bindex\b",
    re.I,
)
# Contents entries: leader dots or rules then a page number (several entries may share one block), or a
# short title and its page number ("三、环境 8").
_LEADER_ENTRY = re.compile(r"(?:(?:[.…·]\s?){4,}|-{6,}|_{6,})\s*(?:\d{1,3}(?!\d)|$)")
_TRAILING_PAGE = re.compile(r"\S\s+\d{1,3}$")
_HEADING_LIKE_CHARS = 40  # a paragraph this short, and no sentence, may be a title
_INDEX_TITLE_CHARS = 90  # "2022 Task Force on Climate-related Financial Disclosures (TCFD) index"


class Passage(BaseModel):
    """A unit of evidence: text quoted from one page of the report, with where it stands."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # "P12", in reading order
    block_ids: tuple[str, ...]
    page: int | None
    page_label: str | None  # the printed folio of ``page``
    section: tuple[str, ...]  # the heading path above ``heading``
    heading: str | None  # the nearest heading
    text: str
    kind: PassageKind
    role: PassageRole
    chars: int


@dataclass(frozen=True)
class _Unit:
    """A piece of a passage: a whole block, a sentence group of a long block, or a table row."""

    block_id: str
    text: str
    can_end: bool  # a passage may end after it (a sentence end, a block of its own kind, a row)
    fresh: bool = True  # it starts its block or table row (not a later piece of one)


def split_passages(doc: Document, target_chars: int = 300, max_chars: int = 600) -> tuple[Passage, ...]:
    """The Document's passages in reading order (headings are not passages but head what follows)."""
    row_sep = "；" if doc.meta.language == "zh" else "; "
    drafts: list[tuple[Block, tuple[str, ...], str, Block | None]] = []  # first block, ids, text, table
    for run in _runs(doc.blocks):
        table = run[-1] if _is_table(run[-1]) else None
        by_id = {b.id: b for b in run}
        pieces = (
            _table_pieces(run, row_sep, max_chars) if table else _text_pieces(run, target_chars, max_chars)
        )
        drafts.extend((by_id[ids[0]], ids, text, table) for ids, text in pieces)
    roles = _page_roles(doc)
    passages = []
    for n, (first, ids, text, table) in enumerate(drafts, start=1):
        page = first.page
        label = doc.page(page).label if page is not None and 0 < page <= len(doc.pages) else None
        passages.append(
            Passage(
                id=f"P{n}",
                block_ids=ids,
                page=page,
                page_label=label,
                section=first.section[:-1],
                heading=first.section[-1] if first.section else None,
                text=text,
                kind="table" if table else "text",
                role=roles(first, text, table),
                chars=len(text),
            )
        )
    return tuple(passages)


def index_pages(passages: Iterable[Passage]) -> set[int]:
    """The pages of the report's content index (GRI, CASS-ESG, HKEX, exchange guideline)."""
    return {p.page for p in passages if p.role == "index" and p.page is not None}


# -- grouping ------------------------------------------------------------------------------------
def _is_table(block: Block) -> bool:
    """A table with more than one filled cell (a one-cell table is a text box: read as text)."""
    return block.kind == "table" and sum(1 for row in block.rows or () for c in row if c and c.strip()) > 1


def _runs(blocks: Sequence[Block]) -> list[list[Block]]:
    """Consecutive text blocks with one page and heading path, not parted by a heading; each table a run
    of its own, led by its title when a short line just before it (same page and heading) reads as one."""
    runs: list[list[Block]] = []
    joinable = False  # whether the next block continues the last run's page and heading
    for block in blocks:
        if block.kind == "heading":
            joinable = False
            continue
        if not _block_text(block):
            continue
        last = runs[-1][-1] if runs else None
        joinable = joinable and last is not None and (last.page, last.section) == (block.page, block.section)
        if _is_table(block):
            if joinable and last is not None and _is_caption(last):
                runs[-1].pop()
                if not runs[-1]:
                    runs.pop()
                runs.append([last, block])
            else:
                runs.append([block])
            joinable = False
        elif joinable:
            runs[-1].append(block)
        else:
            runs.append([block])
            joinable = True
    return runs


def _is_caption(block: Block) -> bool:
    """A table's title: a caption, or a short line that is no sentence ("表3-1 环境关键绩效指标")."""
    text = block.text.strip()
    return block.kind == "caption" or (
        block.kind == "paragraph"
        and len(text) <= _HEADING_LIKE_CHARS
        and text[:1].isalnum()
        and not ends_sentence(text)
    )


def _cell(cell: str | None) -> str:
    return join_lines(cell.splitlines()) if cell else ""


def _block_text(block: Block) -> str:
    """A block's text; a table's filled cells (one-cell text boxes read as plain text)."""
    if block.kind != "table":
        return block.text.strip()
    return " ".join(c for row in block.rows or () for c in map(_cell, row) if c) or block.text.strip()


Separator = Callable[[_Unit, _Unit], str]  # what goes between two units


@lru_cache(maxsize=4096)
def _wide(char: str) -> bool:
    return is_wide(char)


def _space(left: str, right: str) -> str:
    """Between two pieces of report text: nothing where either side is Chinese, one space otherwise."""
    return "" if not left or not right or _wide(left[-1]) or _wide(right[0]) else " "


def _text_sep(left: _Unit, right: _Unit) -> str:
    return _space(left.text, right.text)


def _joined(units: Sequence[_Unit], sep: Separator) -> str:
    parts: list[str] = []
    for n, unit in enumerate(units):
        if n:
            parts.append(sep(units[n - 1], unit))
        parts.append(unit.text)
    return "".join(parts)


def _split_unit(unit: _Unit, cap: int) -> list[_Unit]:
    """A unit as its sentences (see :func:`_sentences`)."""
    pieces = _sentences(unit.text, cap, unit.can_end)
    return [_Unit(unit.block_id, t, e, unit.fresh and n == 0) for n, (t, e) in enumerate(pieces)]


def _pack(
    units: Sequence[_Unit], target: float, cap: int, sep: Separator, explode: bool = False
) -> list[list[_Unit]]:
    """Units grouped in order: a group ends once it reaches ``target`` at a possible end, or before it
    would pass ``cap``. With ``explode``, a block that cannot join a group still under MIN_CHARS is taken
    sentence by sentence. The last group is topped up from the one before when under MIN_CHARS."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    pending = list(reversed(units))  # a stack: units still to place
    while pending:
        unit = pending.pop()
        grown = size + len(sep(current[-1], unit)) + len(unit.text) if current else len(unit.text)
        if current:
            if grown > cap and explode and size < MIN_CHARS:
                pieces = _split_unit(unit, cap)
                if len(pieces) > 1:
                    pending.extend(reversed(pieces))
                    continue
            if grown > cap or (size >= target and current[-1].can_end):
                groups.append(current)
                current, grown = [], len(unit.text)
        current.append(unit)
        size = grown
    if current:
        groups.append(current)
    if len(groups) > 1 and len(_joined(groups[-1], sep)) < MIN_CHARS:
        before, last = groups[-2], groups[-1]
        if len(_joined(before + last, sep)) <= cap:
            groups[-2:] = [before + last]
        else:
            while (
                len(before) > 1
                and len(_joined(last, sep)) < MIN_CHARS
                and len(_joined(before[:-1], sep)) >= MIN_CHARS
                and len(_joined(before[-1:] + last, sep)) <= cap
            ):
                last.insert(0, before.pop())
    return groups


def _sentences(text: str, cap: int, ends: bool) -> list[tuple[str, bool]]:
    """``text`` cut at sentence ends (then clause ends, then evenly) into pieces of at most ``cap``
    characters, each with whether a passage may end after it (``ends`` for the last piece)."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            pieces.append((text[start : m.end()].strip(), True))
            start = m.end()
    if text[start:].strip():
        pieces.append((text[start:].strip(), False))
    out: list[tuple[str, bool]] = []
    for piece, end in pieces:
        if len(piece) <= cap:
            out.append((piece, end))
            continue
        clauses = [c.strip() for c in _CLAUSE_END.split(piece) if c.strip()]
        for clause in clauses:
            n = ceil(len(clause) / cap)
            step = ceil(len(clause) / n)
            out.extend((clause[i : i + step], False) for i in range(0, len(clause), step))
        out[-1] = (out[-1][0], end)
    if out:
        out[-1] = (out[-1][0], ends)
    return out


def _text_pieces(run: Sequence[Block], target: int, cap: int) -> list[tuple[tuple[str, ...], str]]:
    """A run of text blocks as passages: short blocks merged, long ones split at sentence ends."""
    units: list[_Unit] = []
    for block in run:
        text = _block_text(block)
        unit = _Unit(block.id, text, ends_sentence(text) or block.kind == "list_item")
        units.extend([unit] if len(text) <= cap else _split_unit(unit, cap))
    return [
        (tuple(dict.fromkeys(u.block_id for u in group)), _joined(group, _text_sep))
        for group in _pack(units, target, cap, _text_sep, explode=True)
    ]


def _is_header(row: Sequence[str | None]) -> bool:
    """A table's first row reads as its header: several short cells, none a bare number (so not the
    continuation of a table from the page before)."""
    cells = [_cell(c) for c in row if c and c.strip()]
    return len(cells) > 1 and all(len(c) <= 30 and not _BARE_NUMBER.match(c) for c in cells)


def _table_pieces(run: Sequence[Block], row_sep: str, cap: int) -> list[tuple[tuple[str, ...], str]]:
    """A table (after its title, if any) as one passage, or as row groups of at most ``cap`` characters
    that repeat the header row (a row longer than that split at sentence ends); the title leads."""
    table, ids = run[-1], tuple(b.id for b in run)
    title = [_block_text(run[0])] if len(run) > 1 else []
    raw = [row for row in table.rows or () if any(c and c.strip() for c in row)]
    rows = [" | ".join(c for c in map(_cell, row) if c) for row in raw]
    whole = row_sep.join([*title, *rows])
    if len(whole) <= cap:
        return [(ids, whole)]
    header = [rows[0]] if len(rows) > 1 and _is_header(raw[0]) and len(rows[0]) <= cap // 3 else []
    body = rows[len(header) :]
    room = cap - len(row_sep.join([*title, *header, ""]))
    body_chars = len(row_sep.join(body))
    units: list[_Unit] = []
    for row in body:
        unit = _Unit(table.id, row, True)
        units.extend([unit] if len(row) <= room else _split_unit(unit, room))

    def sep(left: _Unit, right: _Unit) -> str:
        return row_sep if right.fresh else _space(left.text, right.text)

    groups = _pack(units, body_chars / ceil(body_chars / room), room, sep)
    return [
        (ids if n == 0 else (table.id,), row_sep.join([*(title if n == 0 else []), *header, _joined(g, sep)]))
        for n, g in enumerate(groups)
    ]


# -- contents and index pages ------------------------------------------------------------------
@dataclass
class _PageStats:
    units: int = 0  # text blocks and table rows
    toc_lines: int = 0  # text blocks with contents entries
    toc_entries: int = 0
    codes: int = 0  # disclosure codes anywhere on the page
    keyed: int = 0  # units that start with a disclosure code
    contents_title: bool = False  # a 目录 / Contents title stands on the page
    index_heading: bool = False  # a content-index heading stands on the page
    index_line: int | None = None  # reading-order position of a short paragraph that titles an index
    tables: int = 0  # table blocks on the page
    in_contents: bool = False  # some block on the page lies under a contents heading
    in_index: bool = False  # … under a content-index heading

    @property
    def toc_dominated(self) -> bool:
        return self.toc_entries >= 3 and self.toc_lines >= 0.5 * self.units

    @property
    def code_dense(self) -> bool:
        return self.codes >= 10 and self.keyed >= 0.4 * self.units


def _toc_entries(text: str) -> int:
    """How many contents entries ``text`` holds."""
    leaders = len(_LEADER_ENTRY.findall(text))
    return leaders or int(len(text) <= 60 and bool(_TRAILING_PAGE.search(text)) and not ends_sentence(text))


def _is_index_title(text: str) -> bool:
    return bool(_INDEX_TITLE.search(text)) and not _toc_entries(text)


def _page_roles(doc: Document) -> Callable[[Block, str, Block | None], PassageRole]:
    """The role of a passage (by its first block, its text and its table, if any), decided per page.

    ``contents``: on an early page with a 目录 / Contents title or mostly contents entries, what stands
    under that title or is itself an entry (the whole page when entries dominate it). ``index``: on a page
    with a content-index heading, or with disclosure codes and an index title (a heading above, or a short
    line), what stands under or after that title; the whole page when most of its rows start with codes.
    """
    stats: dict[int | None, _PageStats] = {}
    # A report without pages (text, or Word without saved breaks) is one "page": page-wide rules would turn
    # everything after a contents line "指标索引 … 71" into index, so only the passage and its section count.
    paged = doc.meta.format == "pdf" or len(doc.pages) > 1
    position: dict[str, int] = {}
    sections: dict[tuple[str, ...], tuple[bool, bool]] = {}  # heading path → (under contents, under index)
    early = max(5, ceil(0.15 * len(doc.pages)))

    def under(section: tuple[str, ...]) -> tuple[bool, bool]:
        if section not in sections:
            sections[section] = (
                any(is_contents_title(h) for h in section),
                any(_is_index_title(h) for h in section),
            )
        return sections[section]

    for pos, block in enumerate(doc.blocks):
        position[block.id] = pos
        s = stats.setdefault(block.page, _PageStats())
        text = block.text.strip()
        in_contents, in_index = under(block.section)
        s.in_contents, s.in_index = s.in_contents or in_contents, s.in_index or in_index
        if block.kind == "heading":
            s.contents_title = s.contents_title or is_contents_title(text)
            s.index_heading = s.index_heading or _is_index_title(text)
            continue
        if block.kind == "table":
            text = _block_text(block)
            s.tables += 1
        s.codes += _codes(text)
        if block.kind == "table" and block.rows:
            cells = [next((_cell(c) for c in row if c and c.strip()), "") for row in block.rows]
        else:
            cells = [text]
            short = len(text) <= _HEADING_LIKE_CHARS and not ends_sentence(text)
            s.contents_title = s.contents_title or (short and is_contents_title(text))
            titles_index = len(text) <= _INDEX_TITLE_CHARS and not ends_sentence(text) and _is_index_title(text)
            if titles_index and s.index_line is None:
                s.index_line = pos
            entries = _toc_entries(text) if block.page is not None and block.page <= early else 0
            s.toc_entries += entries
            s.toc_lines += entries > 0
        s.units += len(cells)
        s.keyed += sum(1 for c in cells if _KEY_CODE.match(c))

    def role(first: Block, text: str, table: Block | None) -> PassageRole:
        s = stats[first.page]
        in_contents, in_index = under(first.section)
        is_early = first.page is not None and first.page <= early
        if (
            is_early
            and (s.contents_title or s.toc_dominated or (s.in_contents and s.toc_lines > 0))
            and (s.toc_dominated or in_contents or _toc_entries(first.text.strip()) > 0)
        ):
            return "contents"
        if not paged:
            return "index" if (in_index and _codes(text) >= 3) or _index_like(text, table) else "content"
        titled = s.index_heading and not is_early  # on an early page, an index title may be a contents entry
        after_line = s.index_line is not None and position[first.id] >= s.index_line
        title_of_table = position[first.id] == s.index_line and s.tables > 0  # the index title line itself
        if (
            s.code_dense
            or (in_index and (titled or s.codes >= 3))
            or (after_line and (s.codes >= 3 or table is not None or title_of_table))
            or _index_like(text, table)
        ):
            return "index"
        return "content"

    return role


def _codes(text: str) -> int:
    """How many disclosure codes (GRI, HKEX, CASS-ESG …) a text holds."""
    return len(_GRI_CODE.findall(text)) + len(_OTHER_CODE.findall(text))


def _index_like(text: str, table: Block | None) -> bool:
    """A passage that is itself a piece of a content index, wherever it stands (an index sharing its page
    with other text, a report without pages): dense disclosure codes (in a table: keying most rows), and
    more codes than data figures, so that a KPI table with a GRI column stays content."""
    codes = _codes(text)
    if codes < 5 or codes <= len(_DATA_NUMBER.findall(text)):
        return False
    if table is not None:
        rows = table.rows or ()
        keyed = sum(
            1 for row in rows if _KEY_CODE.match(next((_cell(c) for c in row if c and c.strip()), ""))
        )
        return keyed >= 0.4 * len(rows)
    return codes * 80 >= len(text)
