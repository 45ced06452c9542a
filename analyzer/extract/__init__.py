"""Report file → Document. One entry point, :func:`extract`; the format is judged by content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analyzer.document import Document, SourceFormat
from analyzer.errors import FileMissing, TooLarge
from analyzer.extract.detect import detect_format
from analyzer.settings import ExtractLimits

Extractor = Callable[[Path, str, ExtractLimits], Document]
PageProgress = Callable[[int, int], None]  # (pages read, pages in all)


def _extractor(fmt: SourceFormat) -> Extractor:
    # Imported lazily: a text report should not pay for loading pdfminer or lxml.
    if fmt == "docx":
        from analyzer.extract.docx import extract_docx

        return extract_docx
    if fmt == "doc":
        from analyzer.extract.legacy_doc import extract_doc

        return extract_doc
    from analyzer.extract.plaintext import extract_plaintext

    return extract_plaintext


def check_file(path: Path, name: str, limits: ExtractLimits) -> SourceFormat:
    """Existence, size limit and format of a report file, before any parsing."""
    if not path.is_file():
        raise FileMissing(name=name)
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > limits.max_file_mb:
        raise TooLarge(name=name, size_mb=size_mb, limit_mb=limits.max_file_mb)
    return detect_format(path, name)


def extract(
    path: str | Path,
    limits: ExtractLimits | None = None,
    name: str | None = None,
    progress: PageProgress | None = None,
) -> Document:
    """Extract a report in this process (no time or memory guard; see :func:`extract_guarded`).

    Args:
        path: a .pdf, .docx, .doc (needs LibreOffice), .txt or .md report.
        limits: size limits; defaults from the environment.
        name: the name to show in messages and metadata (defaults to the file name).
        progress: hears each page read (PDF only: the one format slow enough to need it).

    Raises:
        InputError: a subclass naming what is wrong with the file.
    """
    path = Path(path)
    limits = limits or ExtractLimits()
    name = name or path.name
    fmt = check_file(path, name, limits)
    if fmt == "pdf":
        from analyzer.extract.pdf import extract_pdf

        return extract_pdf(path, name, limits, progress)
    return _extractor(fmt)(path, name, limits)


def extract_guarded(
    path: str | Path,
    limits: ExtractLimits | None = None,
    name: str | None = None,
    progress: PageProgress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Document:
    """Like :func:`extract`, but in a child process under the time and memory limits; ``meanwhile``
    overlaps it (see :func:`analyzer.extract.guard.run_guarded`)."""
    from analyzer.extract.guard import run_guarded

    path = Path(path)
    limits = limits or ExtractLimits()
    name = name or path.name
    check_file(path, name, limits)
    return run_guarded(extract, path, limits, name, progress, meanwhile)


__all__ = ["PageProgress", "check_file", "extract", "extract_guarded"]
