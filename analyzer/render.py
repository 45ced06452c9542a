"""Plain-text and Markdown views of a Document (for reading and for diffing)."""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.document import Block, Document


def to_text(doc: Document) -> str:
    """Blocks in reading order; a page marker where the physical page changes."""
    out: list[str] = []
    for page, label, block in _paged(doc):
        if page is not None:
            out.append(f"\n--- page {page}" + (f" ({label})" if label else "") + " ---")
        out.append(block.text if block.kind != "table" else _table_text(block))
    return "\n".join(out).lstrip("\n") + "\n"


def to_markdown(doc: Document) -> str:
    """Headings as #, list items as -, tables as pipe tables; page breaks as HTML comments."""
    out: list[str] = []
    for page, label, block in _paged(doc):
        if page is not None:
            out.append(f"<!-- page {page}" + (f", printed {label}" if label else "") + " -->")
        if block.kind == "heading":
            out.append("#" * min(block.level or 1, 6) + " " + block.text)
        elif block.kind == "list_item":
            out.append("- " + block.text)
        elif block.kind == "table":
            out.append(_markdown_table(block))
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def _paged(doc: Document) -> Iterator[tuple[int | None, str | None, Block]]:
    """Each block with its page number and label where a new page starts, else (None, None)."""
    current: int | None = None
    for block in doc.blocks:
        if block.page is not None and block.page != current:
            current = block.page
            yield current, doc.page(current).label, block
        else:
            yield None, None, block


def _table_text(block: Block) -> str:
    return "\n".join("\t".join(c or "" for c in row) for row in block.rows or ())


def _markdown_table(block: Block) -> str:
    rows = [[(c or "").replace("|", "\\|") for c in row] for row in block.rows or ()]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)
