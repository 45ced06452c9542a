"""Where the shared corpus lives, and helpers for tests and benchmarks that read it."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from analyzer.textnorm import is_cjk

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SKIP_REASON = f"shared corpus not found at {CORPUS} (it sits beside the project root on developer machines and CI)"


def corpus_path(*parts: str) -> Path:
    """A path inside the corpus; skips the calling test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(SKIP_REASON if not CORPUS.exists() else f"{path} not found")
    return path


def corpus_pdfs() -> list[Path]:
    """Every PDF of the corpus folders pdf-* (empty when the corpus is absent)."""
    if not CORPUS.exists():
        return []
    return sorted(p for d in CORPUS.glob("pdf-*") for p in d.rglob("*") if p.suffix.lower() == ".pdf")


def pdftotext(path: Path) -> str:
    """poppler's text for a PDF; skips the test when pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run([exe, "-q", str(path), "-"], capture_output=True, check=False).stdout.decode(
        "utf-8", "replace"
    )


def cjk_recall(ours: str, reference: str) -> float:
    """Share of the reference's CJK characters (counted with multiplicity) that ours also has."""
    ref = Counter(c for c in reference if is_cjk(c))
    if not ref:
        return 1.0
    got = Counter(c for c in ours if is_cjk(c))
    return sum(min(n, got[c]) for c, n in ref.items()) / sum(ref.values())
