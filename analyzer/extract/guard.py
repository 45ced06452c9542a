"""Run one extraction in a child process under a time limit and an address-space cap.

A pathological file (a PDF that makes pdfminer loop, an XML that balloons) then costs one failed
report, never a hung batch or a dead server.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from analyzer.document import Document
from analyzer.errors import AnalyzerError, ExtractionCrashed, ExtractionOutOfMemory, ExtractionTimeout
from analyzer.settings import ExtractLimits

ExtractFn = Callable[[Path, ExtractLimits, str], Document]


def _child(fn: ExtractFn, path: Path, limits: ExtractLimits, name: str, conn: Connection) -> None:
    cap = int(limits.memory_mb * 1024 * 1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or cap < hard:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard if hard != resource.RLIM_INFINITY else cap))
    try:
        conn.send(("ok", fn(path, limits, name)))
    except AnalyzerError as exc:
        conn.send(("error", exc))
    except MemoryError:
        conn.send(("oom", None))
    except BaseException:  # a defect of ours: report it with its traceback
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def run_guarded(fn: ExtractFn, path: Path, limits: ExtractLimits, name: str) -> Document:
    """Call ``fn(path, limits, name)`` in a forked child; translate time-outs, OOM and crashes."""
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, path, limits, name, sender), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_s):
            raise ExtractionTimeout(name=name, seconds=limits.timeout_s)
        try:
            status, payload = receiver.recv()
        except EOFError:
            proc.join(5)
            if proc.exitcode is not None and proc.exitcode < 0 and proc.exitcode == -9:
                raise ExtractionOutOfMemory(name=name, limit_mb=limits.memory_mb) from None
            raise ExtractionCrashed(name=name, detail=f"exit code {proc.exitcode}") from None
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
