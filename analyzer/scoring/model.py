"""What the scorer returns: the scorecard (contract ``score``), gaps (contract ``gaps``), expert questions
and improvement advice. Every number carries the explanation and the evidence it rests on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from analyzer.scoring.industry import IndustryMatch

Severity = Literal["high", "medium", "low"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quote(_Frozen):
    """A quote from the report a score or question rests on."""

    page: int | None
    page_label: str | None
    text: str
    source: str  # what it shows: a signal, a topic or a KPI ("signal:assurance", "gri:404-1", "kpi:ghg_total")


class ScorePart(_Frozen):
    """One measure of a dimension, 0..1, with what was counted."""

    id: str
    name: str
    weight: float  # normalised within the dimension
    value: float = Field(ge=0, le=1)
    detail: str


class DimensionScore(_Frozen):
    id: str
    name: str
    name_en: str
    score: float = Field(ge=0, le=100)
    weight: float  # share of the total, in percent
    explanation: str
    parts: tuple[ScorePart, ...]
    evidence: tuple[Quote, ...] = ()


class AspectScore(_Frozen):
    """A programme review aspect (社会贡献度 …), read from the same coverage and KPIs."""

    id: str
    name: str
    score: float = Field(ge=0, le=100)
    explanation: str
    kpis_found: tuple[str, ...]
    kpis_missing: tuple[str, ...]


class Score(_Frozen):
    total: float = Field(ge=0, le=100)
    stars: float
    rating: str  # "四星级"
    dimensions: tuple[DimensionScore, ...]
    aspects: tuple[AspectScore, ...]
    pillars: dict[str, float]  # environment / social / governance coverage, 0..100
    industry: IndustryMatch
    model_version: str


class Gap(_Frozen):
    framework: str
    topic: str
    name: str
    severity: Severity
    suggestion: str
    level: str  # the coverage level found: none or mentioned
    key_for_industry: bool
    kpis: tuple[str, ...] = ()  # the catalogue KPIs that would evidence it (Chinese names)


class Question(_Frozen):
    """A question the expert may put to the enterprise, and why."""

    text: str
    basis: str
    evidence: tuple[Quote, ...] = ()


class Advice(_Frozen):
    """An improvement for the enterprise's next draft, most valuable first."""

    priority: int = Field(ge=1, le=3)  # 1 first
    dimension: str
    text: str
    gain: float  # points of the total the measure could add at most
