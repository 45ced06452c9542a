"""Read a report's own GRI content index: which disclosure the report says it makes, and where.

The index is free ground truth for evaluating the mapper and a weak label source for training; it is
never evidence for the topics it lists. Rows come from index tables, or from index lines of text
("305-1 Direct (Scope 1) GHG emissions 45"). GRI 2016 codes (102-8, 103-1 …) map to their 2021
disclosures through the rubric's aliases.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from analyzer.document import Block, Document
from analyzer.passages import index_pages, split_passages
from analyzer.rubrics.loader import RubricSet

_CODE = re.compile(r"(?<![\d.\-/])(?:GRI\s*)?((?:[1-4]\d{2}|[23])-\d{1,2})(?![\d.])")
_CELL_CODE = re.compile(r"^(?:GRI\s*)?((?:[1-4]\d{2}|[23])-\d{1,2})(?:\s*[a-z]\)?)?$", re.I)
_PAGES_CELL = re.compile(r"^(?:p\.?|pp\.?|第)?\s*\d{1,3}(?:\s*(?:[-–~至、,，/;；]|and|页)\s*\d{0,3})*\s*页?$", re.I)
_PAGE_RANGE = re.compile(r"(\d{1,3})\s*[-–~至]\s*(\d{1,3})|(\d{1,3})")
_LINE_CODE = re.compile(r"^(?:\d{1,2}(?:,\s*\d{1,2})*\s+)?(?:GRI\s*)?((?:[1-4]\d{2}|[23])-\d{1,2})\s*[:：]?\s+(\S.*)$")
_ROW_START = re.compile(r"(?<!\S)(?:\d{1,2}(?:,\s*\d{1,2})*\s+)?GRI\s*(?:[1-4]\d{2}|[23])-\d{1,2}(?![\d.])")
_FIRST_PAGE = re.compile(r"(?<=[^\d\s])\s+(?=\d{1,3}(?:[–\-/]\d{1,3})?(?:[,;，、\s]|$))")
_OTHER_DOCUMENT = re.compile(r"\b(?:AR|annual report|20-F|form)\s*[\d,–\- ]+|年报[^，,；;]*", re.I)
_ELSEWHERE = re.compile(r"annual report|10-K|20-F|proxy statement|年报|年度报告", re.I)
_LEADING_PAGES = re.compile(r"^(\d{1,3}(?:\s*[–\-/,，]\s*\d{1,3})*)\s+(?=[^\W\d_])")
_TITLE_WORDS = 18  # the longest disclosure title (407-1); a longer run before a number is a sentence
_SENTENCE_WORDS = 15  # a section name is shorter; a longer cell is an answer written out in the index
_LINK = re.compile(r"##.*?##|https?://\S+|www\s?\.\s?\S+", re.I)
_WORD = re.compile(r"[\u4e00-\u9fff]{1,2}|[^\W\d_\u4e00-\u9fff]+")  # a Chinese word: two characters
_INLINE_PAGES = re.compile(r"(?:\bpages?|\bpp?\.|第)\s*(\d{1,3}(?:\s*[–\-~至]\s*\d{1,3})?)\s*页?", re.I)
_MANAGEMENT = "gri:3-3"
_MATERIALITY = {"gri:3-1", "gri:3-2"}
_GENERAL_STANDARDS = {"GRI 2", "GRI 3"}
_OMITTED = re.compile(r"不适用|未披露|不涉及|暂未披露|省略|n/?a\b|not applicable|omitted|not reported", re.I)


@dataclass(frozen=True)
class IndexEntry:
    code: str  # as written: "305-1", "102-8"
    topics: tuple[str, ...]  # the rubric's GRI 2021 topics it stands for ("gri:2-7", "gri:2-8")
    page: int  # physical page of the index row
    page_labels: tuple[str, ...]  # printed page numbers the row points to
    sections: tuple[str, ...]  # section names the row points to
    omitted: bool
    subject: str | None = None  # a management-approach row's standard ("gri:GRI 303"), see _with_subjects


def read_gri_index(doc: Document, rubrics: RubricSet) -> list[IndexEntry]:
    """Every row of the report's GRI index, in order."""
    topics = _code_topics(rubrics)
    pages = index_pages(split_passages(doc))
    entries: list[IndexEntry] = []
    for block in doc.blocks:
        if block.page not in pages:
            continue
        rows = _table_rows(block) if block.kind == "table" else _text_rows(block)
        for code, cells in rows:
            labels = tuple(label for cell in cells for label in _cell_labels(cell))
            sections = tuple(c for c in cells if _names_section(c))
            omitted = any(_OMITTED.search(c) for c in cells) and not labels
            entries.append(IndexEntry(code, topics.get(code, ()), block.page or 0, labels, sections, omitted))
    return _with_subjects(entries, rubrics)


def _with_subjects(entries: list[IndexEntry], rubrics: RubricSet) -> list[IndexEntry]:
    """Give each management-approach row (3-3, or 2016's 103-1...103-3) listed in a topic standard's block
    the standard as its subject: the row explains how *that* topic is managed. A block opens with its
    management rows, so the subject is the standard of the next other row. A row pointing where the
    materiality rows (3-1, 3-2) point is the general one of GRI 3 (or GRI 103): no subject."""
    materiality = {
        (e.page_labels, e.sections)
        for e in entries
        if e.topics and set(e.topics) <= _MATERIALITY and (e.page_labels or e.sections)
    }
    result: list[IndexEntry] = []
    subject = None
    for entry in reversed(entries):
        if entry.topics != (_MANAGEMENT,):
            parent = rubrics.topic(entry.topics[0]).parent if entry.topics else None
            subject = f"gri:{parent}" if parent and parent not in _GENERAL_STANDARDS else None
        elif (entry.page_labels, entry.sections) not in materiality:
            entry = replace(entry, subject=subject)
        result.append(entry)
    return result[::-1]


def _table_rows(block: Block) -> list[tuple[str, list[str]]]:
    rows = []
    for row in block.rows or ():
        cells = [c.strip() for c in row if c]
        for i, cell in enumerate(cells):
            m = _CELL_CODE.match(cell)
            if m:
                rows.append((m.group(1), cells[i + 2 :]))  # skip the disclosure title after the code
                break
    return rows


def _text_rows(block: Block) -> list[tuple[str, list[str]]]:
    """``GRI 305-1: Direct (Scope 1) GHG emissions 45, 47–49``: the page list follows the title. A block
    may hold several such rows run together; each "GRI nnn-n" starts a new one."""
    text = block.text.strip()
    starts = [m.start() for m in _ROW_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    rows = []
    for start, end in zip(starts, [*starts[1:], len(text)]):
        m = _LINE_CODE.match(text[start:end].strip())
        if m:
            rest = _OTHER_DOCUMENT.sub(" ", m.group(2))
            split = _FIRST_PAGE.search(rest)
            if split:
                title, cell = rest[: split.start()], rest[split.end() :].strip()
                rows.append((m.group(1), _split_pages(cell) if _is_title(title) else [cell]))
            else:
                rows.append((m.group(1), []))
    return rows


def _is_title(text: str) -> bool:
    """The text before a row's first number is the disclosure's title, not a sentence ("… the Covid")."""
    return len(_WORD.findall(text)) <= _TITLE_WORDS


def _split_pages(cell: str) -> list[str]:
    """``93–95 The Group Regulation on …``: the page list, then the row's comment, as two cells, unless
    the number is the next row's code or opens a section of another document (``AR: 2 Group … ##url##``)."""
    m = _LEADING_PAGES.match(cell)
    if not m or _CODE.match(cell) or _ELSEWHERE.search(cell) or _LINK.search(cell):
        return [cell]
    return [m.group(1), cell[m.end() :].strip()]


def _names_section(cell: str) -> bool:
    """A cell names a section of this report: not a page list, an omission or only a link, and not an
    answer written out in the index ("No significant changes in the supply chain.")."""
    if not cell or _PAGES_CELL.match(cell) or _OMITTED.search(cell):
        return False
    text = _LINK.sub(" ", cell).strip()
    words = len(_WORD.findall(text))
    return bool(words) and not (words > _SENTENCE_WORDS or (words >= 5 and text.endswith((".", "。"))))


def _cell_labels(cell: str) -> list[str]:
    """Page numbers a cell points to: a page-list cell, or "(pages 3–4)" / "第12页" inside a section name."""
    if _PAGES_CELL.match(cell):
        return _labels(cell)
    if _ELSEWHERE.search(cell):
        return []  # pages of the annual report / 10-K, not of this report
    return [label for m in _INLINE_PAGES.finditer(cell) for label in _labels(m.group(1))]


def _labels(cell: str) -> list[str]:
    labels: list[str] = []
    for m in _PAGE_RANGE.finditer(cell):
        if m.group(3):
            labels.append(m.group(3))
        else:
            start, end = int(m.group(1)), int(m.group(2))
            labels += [str(n) for n in range(start, end + 1)] if 0 <= end - start <= 30 else [str(start)]
    return labels


def _code_topics(rubrics: RubricSet) -> dict[str, tuple[str, ...]]:
    """code → GRI 2021 topic refs: each 2021 disclosure's own code, and the 2016 codes in its aliases."""
    table: dict[str, list[str]] = {}
    for topic in rubrics.frameworks["gri"].topics:
        if topic.group:
            continue
        table.setdefault(topic.id, []).insert(0, f"gri:{topic.id}")
        for alias in topic.aliases:
            m = _CELL_CODE.match(alias)
            if m and m.group(1) != topic.id:
                table.setdefault(m.group(1), []).append(f"gri:{topic.id}")
    return {code: tuple(refs) for code, refs in table.items()}


def physical_pages(doc: Document, labels: tuple[str, ...]) -> set[int]:
    """The physical pages that printed page numbers point to: by the pages' own labels, else by the
    report's usual offset between label and page number."""
    by_label: dict[str, set[int]] = {}
    offsets: Counter[int] = Counter()
    for page in doc.pages:
        if page.label:
            by_label.setdefault(page.label, set()).add(page.number)
            if page.label.isdigit():
                offsets[page.number - int(page.label)] += 1
    pages: set[int] = set()
    for label in labels:
        if label in by_label:
            pages |= by_label[label]
        elif label.isdigit() and offsets:
            number = int(label) + offsets.most_common(1)[0][0]
            if 1 <= number <= len(doc.pages):
                pages.add(number)
    return pages
