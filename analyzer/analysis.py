"""One report from file to the analysis JSON of the contract (``analyze --json``, schema_version 1).

Extraction → passages → coverage, indicators, series and signals → industry → scorecard, gaps, expert
questions and improvement advice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from analyzer.document import Document, DocumentMeta
from analyzer.extract import PageProgress, extract_guarded
from analyzer.indicators.kpis import Indicator, KpiReader
from analyzer.indicators.series import Series, build_series
from analyzer.indicators.signals import Signal, detect_signals
from analyzer.mapping.coverage import TopicCoverage, assess
from analyzer.mapping.embedding import EncodeProgress
from analyzer.mapping.mapper import TopicMapper
from analyzer.passages import split_passages
from analyzer.scoring.advice import advise, expert_questions
from analyzer.scoring.evidence import ReportEvidence
from analyzer.scoring.gaps import find_gaps
from analyzer.scoring.industry import detect_industry
from analyzer.scoring.model import Advice, Gap, Question, Score
from analyzer.scoring.scorer import score_report
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
    score: Score
    gaps: tuple[Gap, ...] = ()
    questions: tuple[Question, ...] = ()  # for the expert to put to the enterprise
    advice: tuple[Advice, ...] = ()  # for the enterprise's next draft, most valuable first

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)


def analyze_document(
    doc: Document, mapper: TopicMapper, progress: Progress | None = None, industry: str | None = None
) -> Analysis:
    """The analysis of an extracted report; ``industry`` (an id of rubrics/industries.yaml) overrides
    detection."""
    passages = split_passages(doc)
    if progress:
        progress(f"映射 {len(passages)} 段到议题 / mapping {len(passages)} passages to topics")
    coverage = assess(mapper, passages, _encoding_progress(progress) if progress else None)
    indicators = KpiReader(mapper.rubrics).read(doc)
    series = build_series(indicators)
    signals = detect_signals(doc, passages)
    if progress:
        progress("评分 / scoring")
    evidence = ReportEvidence(
        doc=doc, passages=passages, coverage={f"{c.framework}:{c.topic}": c for c in coverage},
        indicators=indicators, series=series, signals=signals,
        industry=detect_industry(doc, mapper.rubrics, industry), rubrics=mapper.rubrics,
    )
    score = score_report(evidence)
    gaps = find_gaps(evidence)
    return Analysis(
        document=doc.meta,
        coverage=tuple(coverage),
        indicators=tuple(indicators),
        series=tuple(series),
        signals=signals,
        score=score,
        gaps=tuple(gaps),
        questions=tuple(expert_questions(evidence, gaps)),
        advice=tuple(advise(score)),
    )


def _page_progress(progress: Progress) -> PageProgress:
    """Every tenth page and the last, so that a long PDF shows it is moving."""

    def report(done: int, total: int) -> None:
        if done % 10 == 0 or done == total:
            progress(f"  提取 / extracting page {done}/{total}")

    return report


def _encoding_progress(progress: Progress) -> EncodeProgress:
    return lambda done, total: progress(f"  编码 / encoding {done}/{total}")


def analyze(
    path: str | Path,
    mapper: TopicMapper | None = None,
    limits: ExtractLimits | None = None,
    progress: Progress | None = None,
    industry: str | None = None,
) -> Analysis:
    """Extract (in a guarded child process) and analyse one report file. Without a ``mapper``, one is built
    (rubrics, classifier, keyword dictionary) while the child extracts. The embedder is not: a report
    analysed before needs none, and loading it would then cost more than it hides."""
    if progress:
        progress(f"提取 / extracting {Path(path).name}")
    built: list[TopicMapper] = []
    doc = extract_guarded(
        path, limits, progress=_page_progress(progress) if progress else None,
        meanwhile=None if mapper else lambda: built.append(TopicMapper()),
    )
    return analyze_document(doc, mapper or (built[0] if built else TopicMapper()), progress, industry)
