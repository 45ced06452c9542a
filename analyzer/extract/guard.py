"""Run one extraction in a child process under a time limit and an address-space cap.

A pathological file (a PDF that makes pdfminer loop, an XML that balloons) then costs one failed
report, never a hung batch or a dead server.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from analyzer.document import Document
from analyzer.errors import AnalyzerError, ExtractionCrashed, ExtractionOutOfMemory, ExtractionTimeout
from analyzer.settings import ExtractLimits

PageProgress = Callable[[int, int], None]
ExtractFn = Callable[[Path, ExtractLimits, str, PageProgress | None], Document]


def _child(fn: ExtractFn, path: Path, limits: ExtractLimits, name: str, conn: Connection, report: bool) -> None:
    cap = int(limits.memory_mb * 1024 * 1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or cap < hard:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard if hard != resource.RLIM_INFINITY else cap))
    def page(done: int, total: int) -> None:
        conn.send(("page", (done, total)))

    try:
        conn.send(("ok", fn(path, limits, name, page if report else None)))
    except AnalyzerError as exc:
        conn.send(("error", exc))
    except MemoryError:
        conn.send(("oom", None))
    except BaseException:  # a defect of ours: report it with its traceback
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def run_guarded(
    fn: ExtractFn,
    path: Path,
    limits: ExtractLimits,
    name: str,
    progress: PageProgress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Document:
    """Call ``fn(path, limits, name, page_progress)`` in a forked child; pass its page progress on to
    ``progress``; translate time-outs, OOM and crashes.

    ``meanwhile`` runs here, once, when the child reports its first page (so never for a file it cannot
    open): work that overlaps the extraction on this process's otherwise idle core. It runs on this thread,
    not a new one, because a fork must never copy a thread that may hold a lock. Page reports wait in the
    pipe until it returns.
    """
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    report = progress is not None or meanwhile is not None
    proc = ctx.Process(target=_child, args=(fn, path, limits, name, sender, report), daemon=True)
    proc.start()
    sender.close()
    deadline = time.monotonic() + limits.timeout_s
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise ExtractionTimeout(name=name, seconds=limits.timeout_s)
            try:
                status, payload = receiver.recv()
            except EOFError:
                proc.join(5)
                if proc.exitcode is not None and proc.exitcode < 0 and proc.exitcode == -9:
                    raise ExtractionOutOfMemory(name=name, limit_mb=limits.memory_mb) from None
                raise ExtractionCrashed(name=name, detail=f"exit code {proc.exitcode}") from None
            if status != "page":
                break
            if progress:
                progress(*payload)
            if meanwhile:
                meanwhile()
                meanwhile = None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if status == "ok":
        return payload
    if status == "error":
        raise payload
    if status == "oom":
        raise ExtractionOutOfMemory(name=name, limit_mb=limits.memory_mb)
    raise RuntimeError(f"extraction of {name} failed in the child process:\n{payload}")
