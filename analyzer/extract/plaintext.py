"""Plain-text and Markdown reports: broken lines re-joined, headings from numbering or ``#``.

Plain text is often pdf-to-text output: lines cut at a fixed width, form feeds between pages,
table rows as tab-separated cells. Markdown comes from document parsers (headings, pipe tables,
stray HTML).
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from analyzer.document import Document, Page, SourceFormat
from analyzer.errors import EmptyReport
from analyzer.extract.builder import RawBlock, build_document
from analyzer.extract.detect import decode_text
from analyzer.extract.numbering import looks_like_heading_text, numbering
from analyzer.settings import ExtractLimits
from analyzer.textnorm import ends_sentence, join_pieces

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_LIST = re.compile(r"^([-*+•●■◆▪·]|\d{1,2}[.)]\s)\s*")
_HTML_TAG = re.compile(r"<[^>]{1,400}>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def extract_plaintext(path: Path, name: str, limits: ExtractLimits) -> Document:
    """Extract a .txt or .md report (format chosen by the detector from content and name)."""
    from analyzer.extract.detect import detect_format

    fmt: SourceFormat = detect_format(path, name)
    text = decode_text(path.read_bytes())
    if text is None or not text.strip():
        raise EmptyReport(name=name)
    page_texts = text.split("\f")
    raw: list[RawBlock] = []
    for number, page_text in enumerate(page_texts, start=1):
        lines = page_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        raw += _markdown_blocks(lines, number) if fmt == "md" else _text_blocks(lines, number)
    pages = [Page(number=n) for n in range(1, len(page_texts) + 1)]
    return build_document(path, fmt, pages, raw, display_name=name)


# -- plain text ---------------------------------------------------------------------------------
def _text_blocks(lines: list[str], page: int) -> list[RawBlock]:
    stripped = [ln.strip() for ln in lines]
    lengths = [len(s) for s in stripped if len(s) >= 8]
    full = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else 40.0
    blocks: list[RawBlock] = []
    paragraph = last_line = ""
    table: list[tuple[str | None, ...]] = []

    def flush() -> None:
        nonlocal paragraph, table
        if paragraph:
            blocks.append(RawBlock("paragraph", paragraph, page))
        if len(table) >= 2:
            blocks.append(RawBlock("table", "", page, rows=tuple(table)))
        elif table:
            blocks.append(RawBlock("paragraph", "  ".join(c or "" for c in table[0]), page))
        paragraph, table = "", []

    for raw_line, line in zip(lines, stripped):
        cells = [c.strip() for c in raw_line.split("\t") if c.strip()]
        if len(cells) >= 2 and "\t" in raw_line:
            if paragraph:
                blocks.append(RawBlock("paragraph", paragraph, page))
                paragraph = ""
            table.append(tuple(cells))
            continue
        if table:
            flush()
        if not line:
            flush()
        elif _is_text_heading(line):
            flush()
            mark = numbering(line)
            blocks.append(RawBlock("heading", line, page, level=mark.depth if mark else 1))
        elif _LIST.match(line) and not paragraph.endswith(("，", ",")):
            flush()
            paragraph = _LIST.sub("", line)
        else:
            starts_new = paragraph and ends_sentence(paragraph) and (
                len(last_line) < 0.85 * full or raw_line[:1] in (" ", "\u3000")
            )
            if starts_new:
                flush()
            paragraph = join_pieces(paragraph, line)
        last_line = line
    flush()
    return blocks


def _is_text_heading(line: str) -> bool:
    mark = numbering(line)
    if mark is None or mark.kind in {"num_paren", "circled"}:
        return False
    return looks_like_heading_text(line, 25) and not ends_sentence(line) and "，" not in line


# -- markdown -----------------------------------------------------------------------------------
def _markdown_blocks(lines: list[str], page: int) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    paragraph = ""
    table: list[tuple[str | None, ...]] = []
    for raw_line in lines:
        line = _MD_IMAGE.sub("", _HTML_TAG.sub(" ", raw_line)).strip()
        is_row = line.startswith("|") and line.endswith("|") and len(line) > 2
        if table and not is_row:
            blocks.append(RawBlock("table", "", page, rows=tuple(table)))
            table = []
        if is_row:
            if paragraph:
                blocks.append(RawBlock("paragraph", paragraph, page))
                paragraph = ""
            if not _MD_TABLE_RULE.match(line):
                table.append(tuple(c.strip() for c in line.strip("|").split("|")))
            continue
        heading = _MD_HEADING.match(line)
        if heading or not line or _LIST.match(line):
            if paragraph:
                blocks.append(RawBlock("paragraph", paragraph, page))
                paragraph = ""
        if heading:
            blocks.append(RawBlock("heading", heading.group(2), page, level=len(heading.group(1))))
        elif line and _LIST.match(line):
            blocks.append(RawBlock("list_item", _LIST.sub("", line), page))
        elif line:
            paragraph = join_pieces(paragraph, line)
    if table:
        blocks.append(RawBlock("table", "", page, rows=tuple(table)))
    if paragraph:
        blocks.append(RawBlock("paragraph", paragraph, page))
    return blocks
