"""The Document model: what every extractor returns and every later stage reads.

Immutable (frozen pydantic models). Later stages derive new objects and cite blocks by ``id`` and
``page``; nothing edits a Document after it is built.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

BlockKind = Literal["heading", "paragraph", "list_item", "table", "caption"]
SourceFormat = Literal["pdf", "docx", "doc", "txt", "md"]
Language = Literal["zh", "en"]

# Page flags.
FLAG_NO_TEXT = "no_text"  # images but no text layer: a scanned page
FLAG_BLANK = "blank"  # neither text nor images
FLAG_CID_GARBAGE = "cid_garbage"  # text is (cid:NNN) / U+FFFD: a font without a ToUnicode map
FLAG_IMAGE_TEXT_LAYER = "image_with_text_layer"  # a full-page image under a text layer (OCR'd scan)
FLAG_TWO_COLUMNS = "two_columns"
FLAG_LANDSCAPE = "landscape"
FLAG_SPREAD = "two_page_spread"  # two printed pages on one sheet (its folio reads "12-13")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(_Frozen):
    """One physical page (1-based ``number``) and what is known of it."""

    number: int
    label: str | None = None  # the printed folio, e.g. "12" or "iv"
    width: float | None = None
    height: float | None = None
    flags: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()  # running headers and footers removed from the text


class Block(_Frozen):
    """A unit of content in reading order."""

    id: str
    kind: BlockKind
    text: str
    page: int | None = None
    level: int | None = None  # headings only: 1 = top
    section: tuple[str, ...] = ()  # the heading path above this block (a heading's own path ends with it)
    rows: tuple[tuple[str | None, ...], ...] | None = None  # tables only
    bbox: tuple[float, float, float, float] | None = None  # PDF only: x0, top, x1, bottom


class DocumentMeta(_Frozen):
    file: str
    sha256: str
    format: SourceFormat
    pages: int
    language: Language
    title: str | None = None
    company: str | None = None
    report_year: int | None = None


class Document(_Frozen):
    """A report as extracted: metadata, pages and blocks in reading order."""

    schema_version: int = Field(default=SCHEMA_VERSION)
    meta: DocumentMeta
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]

    # -- views ---------------------------------------------------------------------------
    @property
    def headings(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "heading")

    @property
    def tables(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "table")

    @property
    def text(self) -> str:
        """All block texts, one block per line."""
        return "\n".join(b.text for b in self.blocks)

    def page(self, number: int) -> Page:
        return self.pages[number - 1]

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    # -- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for block in data["blocks"]:
            if block["rows"] is None:
                del block["rows"]
            if block["bbox"] is None:
                del block["bbox"]
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.model_validate_json(text)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))
