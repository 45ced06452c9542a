"""The scorecard: seven rating dimensions from ``rubrics/scoring.yaml``, the total and its star level,
the programme's review aspects and the E/S/G pillars."""

from __future__ import annotations

from analyzer.errors import RubricError
from analyzer.rubrics.loader import RubricSet
from analyzer.scoring.dimensions import PARTS, Measure
from analyzer.scoring.evidence import ReportEvidence
from analyzer.scoring.model import AspectScore, DimensionScore, Quote, Score, ScorePart


def check_scoring_model(rubrics: RubricSet) -> None:
    """Every dimension and part of scoring.yaml must be one the scorer computes."""
    problems = []
    for i, dim in enumerate(rubrics.scoring.dimensions):
        where = f"scoring.yaml: dimensions[{i}] (id {dim.id})"
        if dim.id not in PARTS:
            problems.append(f"{where}.id: unknown dimension; known: {', '.join(PARTS)}")
            continue
        problems += [f"{where}.parts: unknown part '{p}'; known: {', '.join(PARTS[dim.id])}"
                     for p in dim.parts if p not in PARTS[dim.id]]
    if problems:
        raise RubricError(count=len(problems), details="\n".join(problems))


def score_report(ev: ReportEvidence) -> Score:
    model = ev.rubrics.scoring
    check_scoring_model(ev.rubrics)
    measures: dict[str, Measure] = {}  # one run per measure function, shared by dimensions
    dimensions = tuple(_dimension(ev, dim.id, measures) for dim in model.dimensions)
    total = sum(d.score * d.weight for d in dimensions) / 100
    band = next(b for b in sorted(model.stars, key=lambda b: -b.min_score) if total >= b.min_score)
    return Score(
        total=round(total, 1),
        stars=band.stars,
        rating=band.name_zh,
        dimensions=dimensions,
        aspects=tuple(_aspect(ev, a.id) for a in model.aspects),
        pillars={name: round(100 * ev.mean_credit(refs), 1) for name, refs in model.pillars.items()},
        industry=ev.industry,
        model_version=model.version,
    )


def _dimension(ev: ReportEvidence, dim_id: str, measures: dict[str, Measure]) -> DimensionScore:
    dim = next(d for d in ev.rubrics.scoring.dimensions if d.id == dim_id)
    total_weight = sum(dim.parts.values())
    parts = []
    quotes: list[Quote] = []
    for part_id, weight in dim.parts.items():
        name, fn = PARTS[dim_id][part_id]
        if fn.__name__ not in measures:
            measures[fn.__name__] = fn(ev)
        measure = measures[fn.__name__]
        parts.append(ScorePart(id=part_id, name=name, weight=round(weight / total_weight, 4),
                               value=round(measure.value, 4), detail=measure.detail))
        quotes += measure.quotes
    score = 100 * sum(p.weight * p.value for p in parts)
    explanation = f"{dim.checks} 得分 {score:.0f}：" + "；".join(
        f"{p.name} {p.value * 100:.0f}%（{p.detail}）" for p in parts
    )
    return DimensionScore(
        id=dim.id, name=dim.name_zh, name_en=dim.name_en, score=round(score, 1), weight=dim.weight,
        explanation=explanation, parts=tuple(parts), evidence=tuple(_unique(quotes))[:6],
    )


def _aspect(ev: ReportEvidence, aspect_id: str) -> AspectScore:
    aspect = next(a for a in ev.rubrics.scoring.aspects if a.id == aspect_id)
    topic = ev.rubrics.topic(f"shanghai:{aspect_id}")
    kpis = aspect.kpis or tuple(k.id for k in ev.rubrics.kpis_for(f"shanghai:{aspect_id}"))
    found = tuple(k for k in kpis if k in ev.kpis_found)
    topic_credit = sum(ev.credit(r) for r in aspect.topics) / len(aspect.topics)
    kpi_share = len(found) / len(kpis) if kpis else topic_credit
    score = 100 * (0.6 * topic_credit + 0.4 * kpi_share)
    names = {k.id: k.name_zh for k in ev.rubrics.catalogue.kpis}
    missing = tuple(names[k] for k in kpis if k not in found)
    explanation = (f"相关议题平均披露程度 {topic_credit * 100:.0f}%，相关指标 {len(found)}/{len(kpis)} 项已披露"
                   + ("；缺少：" + "、".join(missing[:6]) if missing else ""))
    return AspectScore(id=aspect_id, name=topic.name_zh, score=round(score, 1), explanation=explanation,
                       kpis_found=tuple(names[k] for k in found), kpis_missing=missing)


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int | None, str]] = set()
    out = []
    for q in quotes:
        if (q.page, q.text) not in seen:
            seen.add((q.page, q.text))
            out.append(q)
    return out
