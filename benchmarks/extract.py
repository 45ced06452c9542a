"""Extraction speed and memory: ours vs bare pdfplumber vs poppler's pdftotext, per corpus PDF.

Run from the project root (it takes a few minutes on the whole corpus)::

    python benchmarks/extract.py                      # every PDF under ../shared/corpus/pdf-*/
    python benchmarks/extract.py --only 銀行           # only files whose path contains the substring
    python benchmarks/extract.py --json /tmp/bench.json

Each (file, extractor) run happens in a fresh child process (this script with the hidden
``--one EXTRACTOR FILE`` mode), so peak RSS is per run. The child imports its libraries before the
clock starts: seconds are extraction only; peak RSS includes the interpreter and imports (pdftotext:
its own process, floored by the spawning child's ~16 MB; "<N" marks such an upper bound). Runs are sequential, so they do not compete for the CPU.

Extractors:
    ours        ``analyzer.extract.extract(path)``: the full Document (layout, furniture, tables).
    pdfplumber  ``for page in pdf.pages: page.extract_text()``, nothing else.
    pdftotext   ``pdftotext -q FILE -`` (poppler); the column is skipped if it is not installed.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXTRACTORS = ("ours", "pdfplumber", "pdftotext")
NAME_WIDTH = 40


@dataclass
class Run:
    file: str
    extractor: str
    seconds: float | None = None
    pages: int | None = None
    peak_rss_mb: float | None = None
    chars: int | None = None
    blocks: int | None = None
    tables: int | None = None
    rss_floor_mb: float | None = None  # pdftotext: the spawning child's own RSS, see measure_one
    error: str | None = None

    @property
    def pages_per_s(self) -> float | None:
        if self.seconds is None or self.pages is None or self.seconds <= 0:
            return None
        return self.pages / self.seconds


# -- child: one measurement -------------------------------------------------------------------
def _rss_mb(who: int) -> float:
    kib = resource.getrusage(who).ru_maxrss
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024  # macOS reports bytes


def measure_one(extractor: str, path: Path) -> dict[str, Any]:
    """Run one extractor on one file in this process; called in a fresh child."""
    out: dict[str, Any] = {}
    if extractor == "ours":
        import analyzer.extract.pdf  # noqa: F401  (import cost outside the clock)
        from analyzer.extract import extract

        started = time.perf_counter()
        doc = extract(path)
        out["seconds"] = time.perf_counter() - started
        out.update(pages=doc.meta.pages, chars=len(doc.text), blocks=len(doc.blocks),
                   tables=sum(1 for _ in doc.tables))
    elif extractor == "pdfplumber":
        import pdfplumber

        started = time.perf_counter()
        chars = 0
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
            pages = len(pdf.pages)
        out.update(seconds=time.perf_counter() - started, pages=pages, chars=chars)
    elif extractor == "pdftotext":
        # The kernel counts the spawner's RSS at exec time into the child's ru_maxrss, so a figure
        # not above this floor is only an upper bound of pdftotext's own peak (shown as "<N").
        out["rss_floor_mb"] = _rss_mb(resource.RUSAGE_SELF)
        started = time.perf_counter()
        proc = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=False)
        out["seconds"] = time.perf_counter() - started
        text = proc.stdout.decode("utf-8", "replace")
        out.update(pages=text.count("\f"), chars=len(text) - text.count("\f"))  # one form feed a page
        if proc.returncode != 0:
            out["error"] = f"pdftotext exit {proc.returncode}"
        out["peak_rss_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
        return out
    else:
        raise SystemExit(f"unknown extractor {extractor!r}")
    out["peak_rss_mb"] = _rss_mb(resource.RUSAGE_SELF)
    return out


def _child_main(extractor: str, file: str) -> None:
    try:
        result = measure_one(extractor, Path(file))
    except Exception as exc:  # report, do not crash the benchmark
        result = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    print(json.dumps(result))


# -- parent: orchestration and table ----------------------------------------------------------
def run_child(extractor: str, path: Path, timeout: float) -> Run:
    run = Run(file=str(path.relative_to(CORPUS)), extractor=extractor)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", extractor, str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        run.error = f"timeout after {timeout:.0f} s"
        return run
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        run.error = f"child exit {proc.returncode}: {proc.stderr.strip()[-200:]}"
        return run
    for key, value in json.loads(lines[-1]).items():
        setattr(run, key, value)
    return run


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    """Truncate to ``width`` display columns (CJK counts 2) and pad."""
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))


def _cells(run: Run | None) -> str:
    if run is None:
        return f"{'':>21}"
    if run.error and run.seconds is None:
        return f"{'ERROR':>21}"
    pps = run.pages_per_s
    mark = "!" if run.error else " "
    mb = run.peak_rss_mb or 0
    bound = run.rss_floor_mb is not None and mb <= run.rss_floor_mb + 0.1
    mb_cell = f"{'<' + format(mb, '.0f'):>6}" if bound else f"{mb:6.0f}"
    return f"{run.seconds:7.2f}{pps or 0:7.1f}{mb_cell}{mark}"


def _versions(have_pdftotext: bool) -> list[str]:
    import pdfminer
    import pdfplumber

    lines = [
        f"Python {platform.python_version()} ({sys.executable})",
        f"pdfplumber {pdfplumber.__version__}, pdfminer.six {pdfminer.__version__}",
        f"platform {platform.platform()}, {platform.processor() or platform.machine()}",
    ]
    if have_pdftotext:
        proc = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
        lines.append((proc.stderr or proc.stdout).splitlines()[0])
    else:
        lines.append("pdftotext: not installed (poppler-utils); its column is skipped")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only files whose corpus path contains this substring")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this JSON file")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per run (default 1800)")
    parser.add_argument("--one", nargs=2, metavar=("EXTRACTOR", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _child_main(*args.one)
        return

    if not CORPUS.is_dir():
        raise SystemExit(f"shared corpus not found at {CORPUS}; nothing to benchmark")
    files = sorted(p for d in CORPUS.glob("pdf-*") for p in d.rglob("*")
                   if p.is_file() and p.suffix.lower() == ".pdf")
    if args.only:
        files = [p for p in files if args.only in str(p.relative_to(CORPUS))]
    if not files:
        raise SystemExit(f"no PDF under {CORPUS}/pdf-*/" + (f" matching {args.only!r}" if args.only else ""))

    have_pdftotext = shutil.which("pdftotext") is not None
    extractors = [e for e in EXTRACTORS if e != "pdftotext" or have_pdftotext]
    print("\n".join(_versions(have_pdftotext)))
    print(f"{len(files)} PDF(s) under {CORPUS}; one fresh process per run; s / pages/s / peak RSS MB\n")

    groups = "".join(f"{e:^21}" for e in extractors)
    print(f"{'':{NAME_WIDTH}} {'':>5} {groups} {'ours/':>6}")
    sub = "".join(f"{'s':>7}{'p/s':>7}{'MB':>6} " for _ in extractors)
    header = f"{'file':{NAME_WIDTH}} {'pages':>5} {sub} {'plumb':>6}"
    print(header)
    print("-" * _width(header))

    runs: list[Run] = []
    for path in files:
        path.read_bytes()  # warm the page cache so the first extractor does not pay for the disk
        row = {e: run_child(e, path, args.timeout) for e in extractors}
        runs.extend(row.values())
        pages = next((r.pages for r in row.values() if r.pages is not None), None)
        ours, plumb = row["ours"], row["pdfplumber"]
        ratio = (f"{ours.seconds / plumb.seconds:6.1f}"
                 if ours.seconds and plumb.seconds else f"{'-':>6}")
        cells = "".join(_cells(row[e]) for e in extractors)
        print(f"{_fit(path.name, NAME_WIDTH)} {pages if pages is not None else '?':>5} {cells} {ratio}",
              flush=True)

    print("-" * _width(header))
    totals: dict[str, tuple[float, int]] = {}
    for e in extractors:
        done = [r for r in runs if r.extractor == e and r.seconds is not None and r.pages is not None]
        secs, pages = sum(r.seconds or 0 for r in done), sum(r.pages or 0 for r in done)
        totals[e] = (secs, pages)
        peak = max((r.peak_rss_mb or 0 for r in done), default=0)
        failed = sum(1 for r in runs if r.extractor == e and r.error)
        print(f"{e:<11} {pages:6d} pages {secs:9.1f} s {pages / secs if secs else 0:7.1f} pages/s "
              f"max peak {peak:6.0f} MB" + (f"  ({failed} failed)" if failed else ""))
    if totals["pdfplumber"][0]:
        print(f"ours / pdfplumber time: {totals['ours'][0] / totals['pdfplumber'][0]:.2f}×")
    for r in runs:
        if r.error:
            print(f"  {r.extractor} on {r.file}: {r.error}")
    if args.json:
        payload = {"versions": _versions(have_pdftotext), "runs": [asdict(r) for r in runs]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"raw figures written to {args.json}")


if __name__ == "__main__":
    main()
