"""Legacy Word .doc → Document, by converting it to .docx with LibreOffice (when installed)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from analyzer.document import Document
from analyzer.errors import CorruptReport, ExtractionTimeout, LegacyWordUnavailable
from analyzer.extract.builder import sha256_of
from analyzer.extract.docx import extract_docx
from analyzer.settings import ExtractLimits

_STDERR_CHARS = 300


def extract_doc(path: Path, name: str, limits: ExtractLimits) -> Document:
    """Extract a .doc report; raises LegacyWordUnavailable when LibreOffice is not on PATH."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise LegacyWordUnavailable(name=name)
    with tempfile.TemporaryDirectory(prefix="csr-doc-") as tmp:
        converted = _convert(office, path, Path(tmp), name, limits)
        document = extract_docx(converted, name, limits)
    meta = document.meta.model_copy(update={"format": "doc", "sha256": sha256_of(path)})  # file is already name
    return document.model_copy(update={"meta": meta})


def _convert(office: str, path: Path, tmp: Path, name: str, limits: ExtractLimits) -> Path:
    """Run ``soffice --convert-to docx`` with its own profile (parallel runs would share one otherwise)."""
    source, out = tmp / "report.doc", tmp / "out"
    shutil.copyfile(path, source)  # a plain name: the output is named after the input
    command = [
        office,
        f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
    except OSError as exc:
        raise CorruptReport(name=name, detail=f"LibreOffice did not start: {exc}") from exc
    try:
        _, stderr = proc.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionTimeout(name=name, seconds=limits.timeout_s) from exc
    finally:
        if proc.returncode is None:  # timed out or interrupted: stop soffice and the process it started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    converted = out / "report.docx"
    if proc.returncode != 0 or not converted.is_file():
        message = stderr.decode("utf-8", "replace").strip()[-_STDERR_CHARS:] or "no output"
        detail = f"LibreOffice conversion failed (exit {proc.returncode}): {message}"
        raise CorruptReport(name=name, detail=detail)
    return converted
