"""Turn an extractor's raw blocks into the immutable Document: ids, heading levels, section paths, metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from analyzer.document import Block, BlockKind, Document, DocumentMeta, Page, SourceFormat
from analyzer.errors import EmptyReport
from analyzer.extract import metadata
from analyzer.extract.company import detect_company
from analyzer.extract.numbering import is_contents_title
from analyzer.textnorm import clean

_EARLY_PAGES = 3


@dataclass(frozen=True)
class RawBlock:
    """A block as an extractor found it, before ids and section paths exist."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int | None = None
    rows: tuple[tuple[str | None, ...], ...] | None = None
    bbox: tuple[float, float, float, float] | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_document(
    path: Path,
    fmt: SourceFormat,
    pages: list[Page],
    raw_blocks: list[RawBlock],
    display_name: str | None = None,
) -> Document:
    """Assemble a Document; raise EmptyReport when no block has text."""
    name = display_name or path.name
    kept = [b for b in (_cleaned(b) for b in raw_blocks) if b is not None]
    if not kept:
        raise EmptyReport(name=name)
    kept = _normalise_levels(kept)
    blocks = _with_ids_and_sections(kept)
    text = "\n".join(b.text for b in blocks)
    language = metadata.detect_language(text)
    early = [b for b in blocks if b.page is None or b.page <= _EARLY_PAGES]
    first_page = min((b.page for b in blocks if b.page is not None), default=None)
    cover_headings = [b.text for b in early if b.kind == "heading" and b.page == first_page]
    later_headings = [b.text for b in early if b.kind == "heading" and b.page != first_page]
    first_lines = [b.text for b in early[:30] if b.kind != "table"]
    early_text = "\n".join(b.text for b in early)[:20000]
    title = metadata.detect_title(cover_headings, later_headings, first_lines)
    cover_lines = [b.text for b in blocks[:12] if b.page == first_page and b.kind != "table" and len(b.text) <= 60]
    meta = DocumentMeta(
        file=name,
        sha256=sha256_of(path),
        format=fmt,
        pages=len(pages),
        language=language,
        title=title,
        company=detect_company(title, cover_lines, early_text, language),
        report_year=metadata.detect_report_year(title, early_text, Path(name).stem),
    )
    return Document(meta=meta, pages=tuple(pages), blocks=tuple(blocks))


def _cleaned(block: RawBlock) -> RawBlock | None:
    if block.kind == "table":
        rows = tuple(tuple(clean(c) if c is not None else None for c in row) for row in block.rows or ())
        rows = tuple(r for r in rows if any(c for c in r))
        if not rows:
            return None
        text = "\n".join(" | ".join(c or "" for c in r) for r in rows)
        return RawBlock("table", text, block.page, None, rows, block.bbox)
    text = clean(block.text)
    if not text:
        return None
    level = block.level if block.kind == "heading" else None
    return RawBlock(block.kind, text, block.page, level, None, block.bbox)


def _normalise_levels(blocks: list[RawBlock]) -> list[RawBlock]:
    """Map the heading levels in use onto 1..n without gaps (a report using only 2 and 4 gets 1 and 2)."""
    used = sorted({b.level or 1 for b in blocks if b.kind == "heading"})
    rank = {level: i + 1 for i, level in enumerate(used)}
    return [
        RawBlock(b.kind, b.text, b.page, rank[b.level or 1], b.rows, b.bbox) if b.kind == "heading" else b
        for b in blocks
    ]


def _with_ids_and_sections(blocks: list[RawBlock]) -> list[Block]:
    out: list[Block] = []
    stack: list[tuple[int, str]] = []
    per_page: dict[int | None, int] = {}
    for raw in blocks:
        if raw.kind == "heading":
            level = raw.level or 1
            while stack and (stack[-1][0] >= level or is_contents_title(stack[-1][1])):
                stack.pop()  # a contents page heading never parents the chapters that follow it
            stack.append((level, raw.text))
        per_page[raw.page] = per_page.get(raw.page, 0) + 1
        n = per_page[raw.page]
        block_id = f"p{raw.page}-b{n}" if raw.page is not None else f"b{n}"
        out.append(
            Block(
                id=block_id,
                kind=raw.kind,
                text=raw.text,
                page=raw.page,
                level=raw.level,
                section=tuple(t for _, t in stack),
                rows=raw.rows,
                bbox=raw.bbox,
            )
        )
    return out
