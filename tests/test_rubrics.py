"""The rubric data: every file loads and validates; counts; each validation error names file and key path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from analyzer.errors import RubricError
from analyzer.rubrics.loader import RubricSet, default_directory, load_rubrics

FRAMEWORKS = {"gri", "iso26000", "gbt36000", "cass_esg", "carbon", "digital", "shanghai", "sse2024"}

# Every topic disclosure of the GRI 2021 set (withdrawn 307, 412, 419 excluded).
GRI_2021 = (
    [f"2-{i}" for i in range(1, 31)]
    + [f"3-{i}" for i in range(1, 4)]
    + [f"201-{i}" for i in range(1, 5)] + ["202-1", "202-2", "203-1", "203-2", "204-1"]
    + [f"205-{i}" for i in range(1, 4)] + ["206-1"] + [f"207-{i}" for i in range(1, 5)]
    + [f"301-{i}" for i in range(1, 4)] + [f"302-{i}" for i in range(1, 6)] + [f"303-{i}" for i in range(1, 6)]
    + [f"304-{i}" for i in range(1, 5)] + [f"305-{i}" for i in range(1, 8)] + [f"306-{i}" for i in range(1, 6)]
    + ["308-1", "308-2"] + [f"401-{i}" for i in range(1, 4)] + ["402-1"] + [f"403-{i}" for i in range(1, 11)]
    + [f"404-{i}" for i in range(1, 4)] + ["405-1", "405-2", "406-1", "407-1", "408-1", "409-1", "410-1", "411-1"]
    + ["413-1", "413-2", "414-1", "414-2", "415-1", "416-1", "416-2"] + [f"417-{i}" for i in range(1, 4)]
    + ["418-1"]
)


@pytest.fixture(scope="module")
def rubrics() -> RubricSet:
    return load_rubrics()


def test_every_rubric_loads_and_validates(rubrics: RubricSet) -> None:
    assert set(rubrics.frameworks) == FRAMEWORKS
    for fw in rubrics.frameworks.values():
        for topic in fw.topics:
            assert topic.name_zh and topic.name_en and topic.description and topic.keywords.zh


def _subjects_and_issues(rubrics: RubricSet, framework: str) -> tuple[int, int]:
    topics = rubrics.frameworks[framework].topics
    return sum(1 for t in topics if t.parent is None), sum(1 for t in topics if not t.group)


def test_iso26000_has_7_subjects_and_37_issues(rubrics: RubricSet) -> None:
    assert _subjects_and_issues(rubrics, "iso26000") == (7, 37)
    assert {"6.2", "6.3.3", "6.5.5", "6.6.3", "6.8.9"} <= {t.id for t in rubrics.frameworks["iso26000"].topics}


def test_gbt36000_uses_its_own_clause_numbers(rubrics: RubricSet) -> None:
    assert _subjects_and_issues(rubrics, "gbt36000") == (7, 37)
    ids = {t.id for t in rubrics.frameworks["gbt36000"].topics}
    assert {"7.2", "7.5.5", "7.8.9"} <= ids and not any(i.startswith("6.") for i in ids)


def test_every_gri_2021_disclosure_is_present(rubrics: RubricSet) -> None:
    ids = {t.id for t in rubrics.frameworks["gri"].topics if not t.group}
    assert set(GRI_2021) <= ids
    assert "102-8" in rubrics.topic("gri:2-7").aliases  # the 2016 code of the same disclosure


def test_sse2024_has_21_issues(rubrics: RubricSet) -> None:
    assert sum(1 for t in rubrics.frameworks["sse2024"].topics if not t.group) == 21


def test_shanghai_has_its_nine_themes(rubrics: RubricSet) -> None:
    themes = [t.name_zh for t in rubrics.children("shanghai", "themes")]
    assert themes == ["组织治理", "员工关爱", "用工实践", "绿色环保", "公平运营", "客户第一", "社区参与", "回报社会", "企业发展"]


def test_kpi_catalogue_and_crosswalk(rubrics: RubricSet) -> None:
    assert len(rubrics.catalogue.kpis) >= 72
    assert "carbon:scope1" in rubrics.partners("gri:305-1")
    scope1 = rubrics.kpis_for("gri:305-1")
    assert scope1 and all(k.unit == "tCO2e" for k in scope1)
    units = {u.id: u for u in rubrics.catalogue.units}
    assert any(c.unit == "万吨" and c.factor == 10_000 for c in units["t"].conversions)


def test_keywords_form_a_jieba_dictionary(rubrics: RubricSet) -> None:
    words = rubrics.keywords_zh()
    assert len(words) > 500
    assert not [w for w in words if " " in w or "\n" in w]


# -- validation errors: each names the file and the key path -----------------------------------
@pytest.fixture()
def broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rubrics"
    shutil.copytree(default_directory(), target)
    return target


def _edit(directory: Path, name: str, change: Callable[[dict], None]) -> None:
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    with pytest.raises(RubricError) as err:
        load_rubrics(directory)
    assert "规则文件" in err.value.message and "rubric files" in err.value.message
    return err.value.details


def test_unknown_key(broken_copy: Path) -> None:
    _edit(broken_copy, "gri.yaml", lambda d: d["topics"][3].update(wieght=2))
    assert any(p.startswith("gri.yaml: topics[3] (id ") and ".wieght: Extra inputs" in p for p in _problems(broken_copy))


def test_duplicate_topic_id(broken_copy: Path) -> None:
    _edit(broken_copy, "iso26000.yaml", lambda d: d["topics"].append(dict(d["topics"][-1])))
    assert any(p.startswith("iso26000.yaml: topics: duplicate topic id") for p in _problems(broken_copy))


def test_dangling_parent(broken_copy: Path) -> None:
    _edit(broken_copy, "carbon.yaml", lambda d: d["topics"][-1].update(parent="nowhere"))
    assert any("carbon.yaml: topics[" in p and ".parent: unknown parent 'nowhere'" in p for p in _problems(broken_copy))


def test_dangling_crosswalk_member(broken_copy: Path) -> None:
    _edit(broken_copy, "crosswalk.yaml", lambda d: d["groups"][0]["members"].append("gri:999-9"))
    problems = _problems(broken_copy)
    assert any(p.startswith("crosswalk.yaml: groups[0] (id ") and "unknown topic 'gri:999-9'" in p for p in problems)


def test_missing_chinese_name(broken_copy: Path) -> None:
    _edit(broken_copy, "shanghai.yaml", lambda d: d["topics"][1].pop("name_zh"))
    assert any(p.startswith("shanghai.yaml: topics[1] (id ") and p.endswith("name_zh: Field required")
               for p in _problems(broken_copy))


def test_missing_description_and_empty_keywords(broken_copy: Path) -> None:
    def change(d: dict) -> None:
        d["topics"][0]["description"] = ""
        d["topics"][1]["keywords"]["zh"] = []

    _edit(broken_copy, "digital.yaml", change)
    problems = _problems(broken_copy)
    assert any(p.startswith("digital.yaml: topics[0] (id ") and ".description:" in p for p in problems)
    assert any(p.startswith("digital.yaml: topics[1] (id ") and ".keywords.zh:" in p for p in problems)


def test_kpi_with_unknown_topic_or_unit(broken_copy: Path) -> None:
    def change(d: dict) -> None:
        d["kpis"][0]["unit"] = "furlong"
        d["kpis"][1]["topics"].append("gri:999-9")

    _edit(broken_copy, "kpis.yaml", change)
    problems = _problems(broken_copy)
    assert any(p.startswith("kpis.yaml: kpis[0]") and "unknown unit 'furlong'" in p for p in problems)
    assert any(p.startswith("kpis.yaml: kpis[1]") and "topics: unknown topic 'gri:999-9'" in p for p in problems)


def test_invalid_yaml_and_id_mismatch(broken_copy: Path) -> None:
    (broken_copy / "sse2024.yaml").write_text("topics: [unclosed\n", encoding="utf-8")
    _edit(broken_copy, "digital.yaml", lambda d: d.update(id="digitalisation"))
    problems = _problems(broken_copy)
    assert any(p.startswith("sse2024.yaml: not valid YAML") for p in problems)
    assert any(p.startswith("digital.yaml: id: 'digitalisation' does not match") for p in problems)


# -- the command line -------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analyzer", *args], capture_output=True, text=True, timeout=120)


def test_scoring_model_and_industries_load(rubrics: RubricSet) -> None:
    from analyzer.scoring.scorer import check_scoring_model

    check_scoring_model(rubrics)
    assert [d.name_zh for d in rubrics.scoring.dimensions] == ["完整性", "实质性", "平衡性", "可比性", "可读性",
                                                               "过程性", "创新性"]
    assert sum(d.weight for d in rubrics.scoring.dimensions) == 100
    assert rubrics.industry(rubrics.industries.default).key_topics
    assert "banking" in {i.id for i in rubrics.industries.industries}


def test_scoring_and_industry_references_are_checked(broken_copy: Path) -> None:
    def weights(d: dict) -> None:
        d["dimensions"][0]["weight"] += 5
        d["core_kpis"].append("no_such_kpi")

    _edit(broken_copy, "scoring.yaml", weights)
    _edit(broken_copy, "industries.yaml", lambda d: d["industries"][0]["key_topics"].append("gri:999-9"))
    problems = _problems(broken_copy)
    assert "scoring.yaml: dimensions: weights must add up to 100" in problems
    assert "scoring.yaml: core_kpis: unknown KPI 'no_such_kpi'" in problems
    assert any(p.startswith("industries.yaml: industries[0] (id ") and "unknown topic 'gri:999-9'" in p
               for p in problems)


def test_cli_show_gri_lists_both_titles(rubrics: RubricSet) -> None:
    result = run_cli("rubrics", "show", "gri")
    assert result.returncode == 0, result.stderr
    topic = rubrics.topic("gri:305-1")
    assert f"305-1  {topic.name_zh} / {topic.name_en}" in result.stdout
    assert sum(1 for line in result.stdout.splitlines() if " / " in line) > len(GRI_2021)


def test_cli_list_and_validate() -> None:
    listing = run_cli("rubrics", "list")
    assert listing.returncode == 0 and all(f in listing.stdout for f in FRAMEWORKS)
    assert run_cli("rubrics", "validate").stdout.startswith("OK: 8 frameworks")


def test_cli_validate_broken_copy_exits_1(broken_copy: Path) -> None:
    _edit(broken_copy, "carbon.yaml", lambda d: d["topics"][-1].update(parent="nowhere"))
    result = run_cli("rubrics", "validate", "--dir", str(broken_copy))
    assert result.returncode == 1
    assert "rubric files have 1 problem" in result.stderr
    assert "carbon.yaml: topics[" in result.stderr and "parent: unknown parent 'nowhere'" in result.stderr


def test_cli_unknown_framework_is_a_usage_error() -> None:
    assert run_cli("rubrics", "show", "nosuch").returncode == 2
