"""The Document model: immutability, JSON round trip, the extract --json contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from analyzer.document import Document
from analyzer.extract import extract
from tests.pdf_fixtures import SAMPLE_PDF

SAMPLE_DOCX = SAMPLE_PDF.with_suffix(".docx")


@pytest.fixture(scope="module")
def doc() -> Document:
    return extract(SAMPLE_PDF)


def test_document_is_immutable(doc: Document) -> None:
    with pytest.raises(pydantic.ValidationError):
        doc.blocks[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        doc.meta.title = "changed"  # type: ignore[misc]


def test_json_round_trip(doc: Document, tmp_path: Path) -> None:
    doc.save(tmp_path / "doc.json")
    assert Document.load(tmp_path / "doc.json") == doc


def test_block_ids_are_unique_and_cite_pages(doc: Document) -> None:
    ids = [b.id for b in doc.blocks]
    assert len(ids) == len(set(ids))
    assert all(b.id.startswith(f"p{b.page}-") for b in doc.blocks)
    assert doc.block(ids[10]) is doc.blocks[10]


@pytest.mark.parametrize("path", [SAMPLE_PDF, SAMPLE_DOCX], ids=["pdf", "docx"])
def test_extract_json_follows_the_contract(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "doc.json"
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "extract", str(path), "--json", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert set(data["meta"]) >= {"file", "sha256", "format", "pages", "language", "title", "company", "report_year"}
    assert len(data["pages"]) == data["meta"]["pages"]
    assert all({"number", "label", "flags"} <= set(p) for p in data["pages"])
    kinds = {"heading", "paragraph", "list_item", "table", "caption"}
    for block in data["blocks"]:
        assert {"id", "kind", "text", "page", "level", "section"} <= set(block)
        assert block["kind"] in kinds
        assert ("rows" in block) == (block["kind"] == "table")
        assert (block["level"] is not None) == (block["kind"] == "heading")
    assert data["meta"]["company"] == "沪明新材料股份有限公司"


def test_text_and_markdown_views() -> None:
    def run(fmt: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "analyzer", "extract", str(SAMPLE_PDF), "--format", fmt],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    markdown = run("markdown")
    assert "\n# " in "\n" + markdown and "| --- |" in markdown and "<!-- page 3, printed 1 -->" in markdown
    text = run("text")
    assert "--- page 3 (1) ---" in text and "#" not in text.split("\n")[0]


def test_sample_docx_structure() -> None:
    doc = extract(SAMPLE_DOCX)
    headings = [(b.text, b.level) for b in doc.headings]
    chapter = [h for h in headings if h[0] == "一、公司概况"]
    assert len(chapter) == 1, "the contents page's entries are not headings"
    section = next(h for h in headings if h[0] == "（一）公司简介")
    assert chapter[0][1] < section[1]
    year_tables = [t for t in doc.tables if {"2022年", "2023年", "2024年"} <= set(t.rows[0])]
    assert len(year_tables) >= 4
    assert doc.meta.company == "沪明新材料股份有限公司" and doc.meta.report_year == 2024
