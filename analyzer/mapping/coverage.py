"""Coverage of every rubric topic: level, score and the passages that evidence it.

A topic's score is the fused probability of its best passage (``TopicMapper``); its evidence the best
passages at or above the calibrated evidence threshold. Levels, with thresholds from
``models/coverage_calibration.yaml``:

    none        score below ``mentioned``
    mentioned   score at or above ``mentioned``
    described   score at or above ``described``
    quantified  described, and a described-level evidence passage states a number with a unit

Crosswalk partners of other frameworks lend their evidence at a discount (``crosswalk_discount``),
marked ``via``, from narrow to broad but not back (see ``lenders``). A topic keeps its own evidence (what
the mapper found for that topic itself) and takes partners' passages into the slots left, best first; its
score is the best of both. A group topic (a GRI standard, an ISO 26000 core subject) takes the best of its
children.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from analyzer.indicators.quantities import has_quantity, unit_spellings
from analyzer.mapping.embedding import EncodeProgress
from analyzer.mapping.mapper import Calibration, TopicMapper
from analyzer.passages import Passage
from analyzer.rubrics.loader import RubricSet

Level = Literal["none", "mentioned", "described", "quantified"]
LEVELS: tuple[Level, ...] = ("none", "mentioned", "described", "quantified")
MAX_EVIDENCE = 3
MIN_EVIDENCE_CHARS = 20
SECTION_SEPARATOR = " > "


class Evidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    page: int
    page_label: str | None
    section: str | None  # the heading path, outermost first
    text: str
    score: float
    passage: str  # passage id ("P12")
    quantified: bool  # the text states a number with a unit
    via: str | None = None  # the crosswalk partner ("gri:404-1") whose evidence this is


class TopicCoverage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str
    topic: str
    name: str
    level: Level
    score: float
    evidence: tuple[Evidence, ...]


def evidence_candidates(passages: Sequence[Passage]) -> list[Passage]:
    """Passages that may be evidence: report content (not contents or index pages), long enough to quote."""
    return [p for p in passages if p.role == "content" and p.page is not None and p.chars >= MIN_EVIDENCE_CHARS]


def assess(
    mapper: TopicMapper, passages: Sequence[Passage], progress: EncodeProgress | None = None
) -> list[TopicCoverage]:
    """Coverage of every topic of every framework, in rubric order."""
    candidates = evidence_candidates(passages)
    probabilities = mapper.score(
        [p.text for p in candidates], [p.heading for p in candidates], [section_key(p) for p in candidates],
        progress,
    )
    return coverage_from(mapper.rubrics, mapper.calibration, mapper.refs, candidates, probabilities)


def coverage_from(
    rubrics: RubricSet,
    calibration: Calibration,
    refs: Sequence[str],
    passages: Sequence[Passage],
    probabilities: np.ndarray,
) -> list[TopicCoverage]:
    """Coverage from fused passage × topic probabilities (columns in ``refs`` order)."""
    units = unit_spellings(rubrics)
    own: dict[str, list[Evidence]] = {}
    best_score: dict[str, float] = {}  # a topic's best passage, evidence-worthy or not
    for j, ref in enumerate(refs):
        column = probabilities[:, j] if len(passages) else np.zeros(0)
        order = np.argsort(-column, kind="stable")
        best_score[ref] = float(column[order[0]]) if len(order) else 0.0
        own[ref] = _best(
            _evidence(passages[i], float(column[i]), units)
            for i in order[: MAX_EVIDENCE * 4]
            if column[i] >= calibration.evidence
        )

    # Groups first take the evidence of their leaves; then every topic borrows from its partners.
    leaves = {ref: rubrics.leaves(ref) for ref in rubrics.refs()}
    for ref in rubrics.refs():
        if rubrics.topic(ref).group:
            own[ref] = _best(e for leaf in leaves[ref] for e in own.get(leaf, ()))
    lent: dict[str, list[Evidence]] = {}
    borrowed_best: dict[str, float] = {}
    groups = crosswalk_groups(rubrics)
    for ref in rubrics.refs():
        borrowed = [
            e.model_copy(update={"score": e.score * calibration.crosswalk_discount, "via": e.via or partner})
            for partner in lenders(rubrics, ref, groups)
            for e in own.get(partner, ())
        ]
        lent[ref] = _fill(own.get(ref, []), borrowed)
        borrowed_best[ref] = max((e.score for e in borrowed), default=0.0)  # counts even if not quoted
    for ref in reversed(list(rubrics.refs())):  # children come after their group in rubric files
        if rubrics.topic(ref).group:
            lent[ref] = _best([*lent[ref], *(e for leaf in leaves[ref] for e in lent[leaf])])

    coverage = []
    for ref in rubrics.refs():
        framework, topic_id = ref.split(":", 1)
        items = lent[ref]
        best = (max(best_score.get(leaf, 0.0), borrowed_best[leaf]) for leaf in leaves[ref])
        topic_score = max([*best, *(e.score for e in items)])
        coverage.append(
            TopicCoverage(
                framework=framework,
                topic=topic_id,
                name=rubrics.topic(ref).name_zh,
                level=_level(topic_score, items, calibration),
                score=round(topic_score, 4),
                evidence=tuple(items),
            )
        )
    return coverage


def lenders(rubrics: RubricSet, ref: str, groups: dict[str, frozenset[str]]) -> list[str]:
    """The crosswalk partners whose evidence counts for ``ref``: topics of other frameworks (siblings of
    one framework stay distinct: GRI 404-1 is not 404-2) that are no broader than ``ref``. A topic in
    several crosswalk groups is an umbrella (ISO 26000 6.5.5 over scope 1, scope 2, targets …): it takes
    evidence from each narrow member but lends only to topics that sit in all its groups. ``groups``:
    ``crosswalk_groups(rubrics)``."""
    mine = groups.get(ref, frozenset())
    framework = ref.split(":", 1)[0]
    return sorted(
        p for p in rubrics.partners(ref) if p.split(":", 1)[0] != framework and groups.get(p, frozenset()) <= mine
    )


def crosswalk_groups(rubrics: RubricSet) -> dict[str, frozenset[str]]:
    """Topic ref → the ids of the crosswalk groups it belongs to."""
    found: dict[str, set[str]] = {}
    for group in rubrics.crosswalk.groups:
        for member in group.members:
            found.setdefault(member, set()).add(group.id)
    return {ref: frozenset(ids) for ref, ids in found.items()}


def section_key(passage: Passage) -> str | None:
    """The heading path a passage stands under ("A > B > C"), None before the first heading."""
    path = [*passage.section, passage.heading] if passage.heading else list(passage.section)
    return SECTION_SEPARATOR.join(path) or None


def _best(items: Iterable[Evidence]) -> list[Evidence]:
    """The highest-scoring evidence, at most ``MAX_EVIDENCE``, one per page: quotes from different places
    of the report tell a reviewer more than three neighbours on one page."""
    chosen: dict[int, Evidence] = {}
    for item in sorted(items, key=lambda e: -e.score):
        if item.page not in chosen:
            chosen[item.page] = item
        if len(chosen) == MAX_EVIDENCE:
            break
    return list(chosen.values())


def _fill(own: list[Evidence], borrowed: list[Evidence]) -> list[Evidence]:
    """A topic's own evidence, and its partners' best on other pages in the slots left; best first."""
    pages = {e.page for e in own}
    chosen = own + _best(e for e in borrowed if e.page not in pages)[: MAX_EVIDENCE - len(own)]
    return sorted(chosen, key=lambda e: -e.score)


def _evidence(passage: Passage, score: float, units: tuple[str, ...]) -> Evidence:
    return Evidence(
        page=passage.page or 0,
        page_label=passage.page_label,
        section=section_key(passage),
        text=passage.text,
        score=round(score, 4),
        passage=passage.id,
        quantified=has_quantity(passage.text, units, table=passage.kind == "table"),
    )


def _level(score: float, evidence: Sequence[Evidence], calibration: Calibration) -> Level:
    if score >= calibration.described:
        strong = [e for e in evidence if e.score >= calibration.described]
        return "quantified" if any(e.quantified for e in strong) else "described"
    return "mentioned" if score >= calibration.mentioned else "none"
