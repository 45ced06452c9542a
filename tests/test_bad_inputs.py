"""Every kind of bad input gives one bilingual message and exit code 1 on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.errors import AnalyzerError, ExtractionOutOfMemory, ExtractionTimeout
from analyzer.extract import extract_guarded
from analyzer.extract.guard import run_guarded
from analyzer.settings import ExtractLimits
from tests import docx_fixtures, pdf_fixtures
from tests.corpus import corpus_path

SAMPLE_DOCX = pdf_fixtures.SAMPLE_PDF.with_suffix(".docx")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (10, 10)).save(path, format="PNG")
    return path


def xlsx_like(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return path


def encrypted_office(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE container with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str, str, tuple[str, ...]]] = {
    # name: (make the file, Chinese part, English part, extra CLI args)
    "missing": (lambda d: d / "nowhere.pdf", "找不到文件", "file not found", ()),
    "image": (lambda d: png(d / "report.pdf"), "不支持的文件类型", "unsupported file type (image)", ()),
    "excel": (lambda d: xlsx_like(d / "report.docx"), "不支持的文件类型", "unsupported file type (Excel)", ()),
    "encrypted_pdf": (lambda d: pdf_fixtures.encrypted_pdf(d / "r.pdf"), "已加密", "encrypted", ()),
    "encrypted_docx": (lambda d: encrypted_office(d / "r.docx"), "已加密", "encrypted", ()),
    "truncated_pdf": (lambda d: pdf_fixtures.truncated_pdf(d / "r.pdf"), "已损坏或不完整", "corrupt or truncated", ()),
    "truncated_docx": (
        lambda d: docx_fixtures.truncated_docx(d, SAMPLE_DOCX), "已损坏或不完整", "corrupt or truncated", ()
    ),
    "empty_file": (lambda d: empty_file(d / "r.pdf"), "没有可读取的文字", "contains no text", ()),
    "blank_pdf": (lambda d: pdf_fixtures.blank_pdf(d / "r.pdf"), "没有可读取的文字", "contains no text", ()),
    "empty_docx": (lambda d: docx_fixtures.empty_docx(d), "没有可读取的文字", "contains no text", ()),
    "scanned": (lambda d: pdf_fixtures.image_only_pdf(d / "r.pdf"), "扫描件", "scanned: 3 of 3 pages", ()),
    "too_large": (lambda d: pdf_fixtures.SAMPLE_PDF, "文件过大", "file too large", ("--max-mb", "0.05")),
    "zip_bomb": (lambda d: docx_fixtures.zip_bomb_docx(d), "压缩炸弹", "zip bomb", ()),
    "timeout": (lambda d: pdf_fixtures.SAMPLE_PDF, "超过时间上限", "took longer than the 0.01 s limit", ("--timeout", "0.01")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_bilingual_line_and_exit_1(case: str, tmp_path: Path) -> None:
    make, zh, en, extra = CASES[case]
    path = make(tmp_path)
    result = run_cli("extract", str(path), "--json", str(tmp_path / "out.json"), *extra)
    assert result.returncode == 1, result.stderr
    assert zh in result.stderr and en in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.json").exists()


@pytest.mark.corpus
def test_real_truncated_download(tmp_path: Path) -> None:
    path = corpus_path("broken")
    report = next(p for p in path.iterdir() if p.suffix.lower() == ".pdf")
    result = run_cli("extract", str(report), "--json", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert "已损坏或不完整" in result.stderr and "corrupt or truncated" in result.stderr


def test_verbose_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("-v", "extract", str(tmp_path / "nowhere.pdf"))
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "FileMissing" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run_cli("extract").returncode == 2
    assert run_cli("extract", str(pdf_fixtures.SAMPLE_PDF), "--format", "html").returncode == 2


def test_limits_come_from_the_environment() -> None:
    result = run_cli("extract", str(pdf_fixtures.SAMPLE_PDF), env={"CSR_ANALYZER_MAX_FILE_MB": "0.05"})
    assert result.returncode == 1 and "file too large" in result.stderr


def _allocate(path: Path, limits: ExtractLimits, name: str, progress: object) -> None:
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def test_memory_cap_stops_a_runaway_extraction(tmp_path: Path) -> None:
    with pytest.raises(ExtractionOutOfMemory) as err:
        run_guarded(_allocate, tmp_path, ExtractLimits(memory_mb=1024), "runaway.pdf")  # type: ignore[arg-type]
    assert "内存上限" in err.value.message and "memory limit" in err.value.message


def test_timeout_kills_the_child() -> None:
    with pytest.raises(ExtractionTimeout):
        extract_guarded(pdf_fixtures.SAMPLE_PDF, ExtractLimits(timeout_s=0.01))


def test_guarded_extraction_returns_the_document_and_reports_each_page() -> None:
    pages: list[tuple[int, int]] = []
    doc = extract_guarded(pdf_fixtures.SAMPLE_PDF, progress=lambda done, total: pages.append((done, total)))
    assert doc.meta.pages == 23 and doc.blocks
    assert pages == [(i, 23) for i in range(1, 24)]


def test_work_meanwhile_runs_once_after_the_first_page_and_never_for_a_file_that_fails(tmp_path: Path) -> None:
    calls: list[int] = []
    doc = extract_guarded(pdf_fixtures.SAMPLE_PDF, meanwhile=lambda: calls.append(len(calls)))
    assert doc.meta.pages == 23 and calls == [0]  # pages are reported for it even without a progress callback
    with pytest.raises(AnalyzerError):
        extract_guarded(pdf_fixtures.truncated_pdf(tmp_path / "r.pdf"), meanwhile=lambda: calls.append(1))
    assert calls == [0]
