"""Coverage levels, evidence, groups and crosswalk propagation, from given passage probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.mapping.coverage import coverage_from, evidence_candidates
from analyzer.mapping.mapper import FEATURES, Calibration
from analyzer.passages import Passage
from analyzer.rubrics.loader import RubricSet, load_rubrics

CALIBRATION = Calibration(
    weights=np.zeros(len(FEATURES)), bias=0.0, background=np.zeros(384, dtype=np.float32),
    evidence=0.3, mentioned=0.4, described=0.6, crosswalk_discount=0.9,
)


def passage(n: int, text: str, page: int, role: str = "content") -> Passage:
    return Passage(
        id=f"P{n}", block_ids=(f"p{page}-b{n}",), page=page, page_label=str(page - 2), section=("社会",),
        heading="员工发展", text=text, kind="text", role=role, chars=len(text),  # type: ignore[arg-type]
    )


PASSAGES = [
    passage(1, "公司建立分层分类的员工培训体系，覆盖管理、专业与技能三条通道。", 10),
    passage(2, "全年员工培训1.2万人次，人均培训时长40小时，培训覆盖率100%。", 11),
    passage(3, "公司积极参与社区公益活动，组织员工志愿服务。", 12),
]


@pytest.fixture(scope="module")
def rubrics() -> RubricSet:
    return load_rubrics()


def run(rubrics: RubricSet, scores: dict[str, list[float]]) -> dict[str, object]:
    refs = [r for r in rubrics.refs() if not rubrics.topic(r).group]
    probabilities = np.zeros((len(PASSAGES), len(refs)))
    for ref, column in scores.items():
        probabilities[:, refs.index(ref)] = column
    result = coverage_from(rubrics, CALIBRATION, refs, PASSAGES, probabilities)
    return {f"{c.framework}:{c.topic}": c for c in result}


def test_every_topic_of_every_framework_is_listed(rubrics: RubricSet) -> None:
    coverage = run(rubrics, {})
    assert list(coverage) == list(rubrics.refs())
    assert all(c.level == "none" and c.score == 0 and not c.evidence for c in coverage.values())


def test_levels_follow_the_thresholds(rubrics: RubricSet) -> None:
    coverage = run(rubrics, {
        "gri:404-1": [0.7, 0.9, 0.0],  # described, and its best passage has numbers → quantified
        "gri:404-2": [0.7, 0.1, 0.0],  # described, no numbers
        "gri:413-1": [0.0, 0.0, 0.45],  # mentioned
        "gri:2-1": [0.35, 0.0, 0.0],  # evidence-worthy passage, but below "mentioned"
    })
    assert coverage["gri:404-1"].level == "quantified"
    assert [e.passage for e in coverage["gri:404-1"].evidence] == ["P2", "P1"]
    assert coverage["gri:404-1"].evidence[0].page == 11 and coverage["gri:404-1"].evidence[0].page_label == "9"
    assert coverage["gri:404-1"].evidence[0].section == "社会 > 员工发展"
    assert coverage["gri:404-2"].level == "described"
    assert coverage["gri:413-1"].level == "mentioned"
    assert coverage["gri:2-1"].level == "none" and len(coverage["gri:2-1"].evidence) == 1


def test_groups_take_the_best_of_their_children(rubrics: RubricSet) -> None:
    coverage = run(rubrics, {"gri:404-1": [0.7, 0.9, 0.0]})
    group = next(r for r in rubrics.refs() if rubrics.topic(r).group and "gri:404-1" in _leaves(rubrics, r))
    assert coverage[group].score == pytest.approx(0.9)
    assert coverage[group].evidence[0].passage == "P2"


def test_crosswalk_partners_lend_evidence_at_a_discount(rubrics: RubricSet) -> None:
    partners = rubrics.partners("gri:404-1")
    assert "iso26000:6.4.7" in partners
    coverage = run(rubrics, {"gri:404-1": [0.7, 0.9, 0.0]})
    lent = coverage["iso26000:6.4.7"]
    assert lent.score == pytest.approx(0.81)
    assert lent.evidence[0].via == "gri:404-1" and lent.level == "quantified"


def test_siblings_of_one_framework_do_not_lend(rubrics: RubricSet) -> None:
    assert "gri:404-2" in rubrics.partners("gri:404-1")
    assert run(rubrics, {"gri:404-1": [0.7, 0.9, 0.0]})["gri:404-2"].level == "none"


def test_umbrella_topics_take_evidence_but_do_not_lend_it(rubrics: RubricSet) -> None:
    narrow = run(rubrics, {"carbon:scope1": [0.0, 0.9, 0.0]})
    assert narrow["iso26000:6.5.5"].evidence[0].via == "carbon:scope1"
    broad = run(rubrics, {"iso26000:6.5.5": [0.0, 0.9, 0.0]})
    assert broad["gbt36000:7.5.5"].level == "quantified"  # the same issue in GB/T 36000
    assert broad["carbon:scope1"].level == "none" and broad["carbon:incentives"].level == "none"


def test_own_evidence_beats_lent_evidence(rubrics: RubricSet) -> None:
    coverage = run(rubrics, {"gri:404-1": [0.0, 0.9, 0.0], "iso26000:6.4.7": [0.95, 0.0, 0.0]})
    assert [(e.passage, e.via) for e in coverage["iso26000:6.4.7"].evidence][:2] == [("P1", None), ("P2", "gri:404-1")]


def test_own_evidence_is_kept_and_lent_evidence_fills_the_slots_left(rubrics: RubricSet) -> None:
    coverage = run(rubrics, {"gri:404-1": [0.9, 0.9, 0.9], "iso26000:6.4.7": [0.0, 0.0, 0.35]})
    training = coverage["iso26000:6.4.7"]
    quoted = [(e.passage, e.via) for e in training.evidence]
    assert quoted == [("P1", "gri:404-1"), ("P2", "gri:404-1"), ("P3", None)]
    assert training.score == pytest.approx(0.81)  # the partner's passages, discounted, are still the best


def test_contents_and_index_pages_are_never_evidence() -> None:
    passages = [*PASSAGES, passage(4, "员工培训与教育 ........ 23 社区参与 ........ 30", 2, role="contents"),
                passage(5, "404-1 每名员工每年接受培训的平均小时数 23", 80, role="index"), passage(6, "员工", 13)]
    assert [p.id for p in evidence_candidates(passages)] == ["P1", "P2", "P3"]


def _leaves(rubrics: RubricSet, ref: str) -> set[str]:
    framework, topic = ref.split(":", 1)
    found = set()
    for child in rubrics.children(framework, topic):
        child_ref = f"{framework}:{child.id}"
        found |= _leaves(rubrics, child_ref) if child.group else {child_ref}
    return found
