"""The shape of the rubric data files in ``rubrics/``: frameworks, the crosswalk and the KPI catalogue.

Strict models (unknown keys are errors) so that a typo in a file an expert edited is caught at load,
with the file and the key path, instead of silently changing a score.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Status = Literal["verified", "partly", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _non_blank(values: tuple[str, ...]) -> tuple[str, ...]:
    if any(not v.strip() for v in values):
        raise ValueError("entries must not be blank")
    return values


class Keywords(_Strict):
    """Words that signal a topic; ``zh`` doubles as a jieba user dictionary."""

    zh: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = ()

    _check = field_validator("zh", "en")(_non_blank)


class Topic(_Strict):
    """One item of a framework: a disclosure, an issue, a theme, or a group of them."""

    id: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()  # other wordings and codes that mean this topic (e.g. GRI 2016 "102-8")
    examples: tuple[str, ...] = ()  # sentences a report writes on the topic (Chinese or English): prototype material
    parent: str | None = None  # id of the grouping topic in the same framework
    group: bool = False  # a heading that groups topics (GRI 300, ISO 26000 core subject), not a disclosure
    description: str = Field(min_length=1)  # Chinese: what good disclosure contains
    keywords: Keywords
    weight: float = Field(default=1.0, gt=0)
    clause: str | None = None  # the standard's own clause / article reference where it differs from id
    status: Status = "unverified"
    note: str | None = None

    _check = field_validator("aliases", "examples")(_non_blank)


class Framework(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = Field(min_length=1)
    sources: tuple[str, ...] = ()
    status: Status = "unverified"
    note: str | None = None
    topics: tuple[Topic, ...] = Field(min_length=1)


class CrosswalkGroup(_Strict):
    """Topics of different frameworks that mean the same thing: evidence for one counts for all."""

    id: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    members: tuple[str, ...] = Field(min_length=2)  # "framework:topic", e.g. "gri:305-1"
    note: str | None = None


class Crosswalk(_Strict):
    groups: tuple[CrosswalkGroup, ...] = Field(min_length=1)


class UnitConversion(_Strict):
    unit: str = Field(min_length=1)  # as written in reports, e.g. "万吨"
    factor: float = Field(gt=0)  # value × factor = value in the canonical unit


class Unit(_Strict):
    id: str = Field(min_length=1)  # canonical unit, e.g. "t", "tCO2e", "kWh", "元", "%"
    name_zh: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()  # same unit, other spellings (factor 1)
    conversions: tuple[UnitConversion, ...] = ()


class Kpi(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    unit: str | None = None  # canonical unit id (None: a count or ratio without unit)
    category: Literal["environment", "social", "governance", "economic"]
    topics: tuple[str, ...] = ()  # "framework:topic" references: the topics this KPI is evidence for
    higher_is_better: bool | None = None
    status: Status = "unverified"
    note: str | None = None


class KpiCatalogue(_Strict):
    units: tuple[Unit, ...] = Field(min_length=1)
    kpis: tuple[Kpi, ...] = Field(min_length=1)


class StarBand(_Strict):
    min_score: float = Field(ge=0, le=100)  # lowest total score of the band
    stars: float = Field(gt=0, le=5)
    name_zh: str = Field(min_length=1)  # "五星级"


class Dimension(_Strict):
    """One rating dimension. ``parts`` weight the measures the scorer computes for it (names fixed in code)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    weight: float = Field(ge=0)
    checks: str = Field(min_length=1)  # Chinese: what the dimension checks
    parts: dict[str, float] = Field(min_length=1)


class Aspect(_Strict):
    """A programme review aspect (second lens): the topics and KPIs it reads."""

    id: str = Field(min_length=1)  # a topic id of the shanghai framework's aspects group
    topics: tuple[str, ...] = Field(min_length=1)  # "framework:topic"
    kpis: tuple[str, ...] = ()  # KPI ids; empty: the catalogue's KPIs for the aspect topic


class ScoringModel(_Strict):
    version: str = Field(min_length=1)
    note: str | None = None
    level_values: dict[str, float]  # coverage level → credit 0..1
    completeness_scope: dict[str, float] = Field(min_length=1)  # framework id or "framework:topic" → weight
    core_kpis: tuple[str, ...] = Field(min_length=1)  # KPI ids every report is expected to give
    incident_kpis: tuple[str, ...] = Field(min_length=1)  # KPIs that count bad things (平衡性)
    pillars: dict[str, tuple[str, ...]] = Field(min_length=1)  # E/S/G → topic refs (groups count with leaves)
    full_at: dict[str, float] = Field(min_length=1)  # counts that earn full credit (tables, series …)
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    process_signals: dict[str, float] = Field(min_length=1)  # signal id → weight within 过程性
    stars: tuple[StarBand, ...] = Field(min_length=1)
    aspects: tuple[Aspect, ...] = ()
    severity: dict[str, str] = Field(min_length=1)  # severity id → Chinese label


class Industry(_Strict):
    """An industry and what is material to it, so a bank is not marked down for lacking mine safety."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    name_words: tuple[str, ...] = ()  # words in a company name that settle the industry ("银行", "Bank")
    keywords: tuple[str, ...] = Field(min_length=1)  # words whose frequency in the text points to it
    key_topics: tuple[str, ...] = Field(min_length=1)  # "framework:topic" material to the industry
    key_kpis: tuple[str, ...] = ()  # KPI ids the industry's readers expect
    not_material: tuple[str, ...] = ()  # "framework:topic" not expected of it (no gap, no completeness loss)
    note: str | None = None

    _check = field_validator("name_words", "keywords")(_non_blank)


class IndustryCatalogue(_Strict):
    default: str  # industry id used when nothing points anywhere (general)
    industries: tuple[Industry, ...] = Field(min_length=1)
