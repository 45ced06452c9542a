"""One KPI value as the report states it: the record the table and sentence readers give."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Indicator(BaseModel):
    """One value of one KPI in one year, as the report states it (contract ``indicators``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str  # the report's own label, brackets and leading marks removed
    label: str  # the label cell as printed ("——企业贷款（亿元）")
    value: float
    unit: str  # as written ("亿元", "%", "吨标准煤"); "" where the report gives none
    year: int | None
    page: int | None
    text: str  # the table row (cells joined) or the sentence
    kpi: str | None  # catalogue id ("green_credit_balance") when the name matches one
    canonical_value: float | None  # value in the catalogue's canonical unit
    canonical_unit: str | None
