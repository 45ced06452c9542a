"""Everything the scorer reads about one report, with the lookups the measures share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from analyzer.document import Document
from analyzer.indicators.kpis import Indicator
from analyzer.indicators.series import Series
from analyzer.indicators.signals import Signal
from analyzer.mapping.coverage import TopicCoverage
from analyzer.passages import Passage
from analyzer.rubrics.loader import RubricSet
from analyzer.scoring.industry import IndustryMatch
from analyzer.scoring.model import Quote

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ReportEvidence:
    doc: Document
    passages: Sequence[Passage]
    coverage: dict[str, TopicCoverage]  # "framework:topic" → coverage
    indicators: Sequence[Indicator]
    series: Sequence[Series]
    signals: dict[str, Signal]
    industry: IndustryMatch
    rubrics: RubricSet

    @cached_property
    def not_material(self) -> frozenset[str]:
        """Leaf topics the industry is not expected to report."""
        industry = self.rubrics.industry(self.industry.id)
        return frozenset(leaf for ref in industry.not_material for leaf in self.rubrics.leaves(ref))

    @cached_property
    def kpis_found(self) -> frozenset[str]:
        return frozenset(i.kpi for i in self.indicators if i.kpi)

    def credit(self, ref: str) -> float:
        """The credit a topic's coverage level earns (``level_values``)."""
        return self.rubrics.scoring.level_values[self.coverage[ref].level]

    def material_leaves(self, refs: Iterable[str]) -> list[str]:
        """The leaf topics under ``refs``, once each, in order, without those not material to the industry."""
        return list(dict.fromkeys(
            leaf for ref in refs for leaf in self.rubrics.leaves(ref) if leaf not in self.not_material
        ))

    def mean_credit(self, refs: Iterable[str]) -> float:
        """Topic-weighted mean credit of the leaves under ``refs``, material topics only."""
        weights = {leaf: self.rubrics.topic(leaf).weight for leaf in self.material_leaves(refs)}
        total = sum(weights.values())
        return sum(w * self.credit(leaf) for leaf, w in weights.items()) / total if total else 0.0

    def framework_refs(self, key: str) -> list[str]:
        """A framework id → its top-level topics; a topic reference → itself."""
        if ":" in key:
            return [key]
        return [f"{key}:{t.id}" for t in self.rubrics.frameworks[key].topics if t.parent is None]

    def covered(self, refs: Iterable[str]) -> tuple[int, int]:
        """How many material leaves under ``refs`` are described or quantified, of how many."""
        leaves = self.material_leaves(refs)
        done = sum(1 for leaf in leaves if self.coverage[leaf].level in ("described", "quantified"))
        return done, len(leaves)

    def distinct_content(self, min_chars: int = 1) -> list[Passage]:
        """Content passages, each text once (a pasted-twice chapter counts once)."""
        seen: set[str] = set()
        out = []
        for p in self.passages:
            key = _SPACE.sub("", p.text)
            if p.role == "content" and len(key) >= min_chars and key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def signal_quotes(self, signal_id: str, limit: int = 3) -> list[Quote]:
        signal = self.signals.get(signal_id)
        if signal is None:
            return []
        return [
            Quote(page=e.page, page_label=e.page_label, text=e.text, source=f"signal:{signal_id}")
            for e in signal.evidence[:limit]
        ]

    def topic_quote(self, ref: str) -> Quote | None:
        evidence = self.coverage[ref].evidence
        if not evidence:
            return None
        best = evidence[0]
        return Quote(page=best.page, page_label=best.page_label, text=best.text, source=ref)


def distinct_texts(texts: Iterable[str]) -> set[str]:
    return {_SPACE.sub("", t) for t in texts}


def series_quote(series: Series) -> Quote:
    """A KPI series as a quote: its values by year, on the page of its first value."""
    values = "，".join(f"{year}年 {_plain(value)}" for year, value in sorted(series.values.items()))
    return Quote(page=series.pages[0] if series.pages else None, page_label=None,
                 text=f"{series.name}（{series.unit}）：{values}", source=f"kpi:{series.kpi or series.name}")


def _plain(value: float) -> str:
    """1234567.0 → "1,234,567"; 0.125 → "0.125" (never scientific notation)."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")
