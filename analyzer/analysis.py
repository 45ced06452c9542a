"""One report from file to the analysis JSON of the contract (``analyze --json``, schema_version 1).

Coverage, table indicators and signals are filled now; score and gaps arrive with their own stage.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from analyzer.document import Document, DocumentMeta
from analyzer.extract import extract_guarded
from analyzer.indicators.kpis import Indicator, KpiReader
from analyzer.indicators.series import Series, build_series
from analyzer.indicators.signals import Signal, detect_signals
from analyzer.mapping.coverage import TopicCoverage, assess
from analyzer.mapping.mapper import TopicMapper
from analyzer.passages import split_passages
from analyzer.settings import ExtractLimits

SCHEMA_VERSION = 1
Progress = Callable[[str], None]


class Analysis(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    document: DocumentMeta
    coverage: tuple[TopicCoverage, ...]
    indicators: tuple[Indicator, ...] = ()
    series: tuple[Series, ...] = ()  # the indicators as multi-year series, with comparability flags
    signals: dict[str, Signal] = {}
    score: dict[str, Any] | None = None
    gaps: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)


def analyze_document(doc: Document, mapper: TopicMapper, progress: Progress | None = None) -> Analysis:
    """The analysis of an extracted report."""
    passages = split_passages(doc)
    if progress:
        progress(f"映射 {len(passages)} 段到议题 / mapping {len(passages)} passages to topics")
    indicators = KpiReader(mapper.rubrics).read(doc)
    return Analysis(
        document=doc.meta,
        coverage=tuple(assess(mapper, passages)),
        indicators=tuple(indicators),
        series=tuple(build_series(indicators)),
        signals=detect_signals(doc, passages),
    )


def analyze(
    path: str | Path,
    mapper: TopicMapper | None = None,
    limits: ExtractLimits | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Extract (in a guarded child process) and analyse one report file."""
    if progress:
        progress(f"提取 / extracting {Path(path).name}")
    doc = extract_guarded(path, limits)
    return analyze_document(doc, mapper or TopicMapper(), progress)
