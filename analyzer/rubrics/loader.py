"""Load and validate the rubric directory: every framework file, the crosswalk, the KPI catalogue, the
scoring model and the industry catalogue.

All problems of a directory are collected and reported together, each as ``file: key.path: message``,
so an expert who edited a copy sees everything to fix in one run.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from analyzer.data_paths import data_directory, read_yaml
from analyzer.errors import RubricError
from analyzer.rubrics.schema import (
    Crosswalk,
    Framework,
    Industry,
    IndustryCatalogue,
    Kpi,
    KpiCatalogue,
    ScoringModel,
    Topic,
)

CROSSWALK_FILE = "crosswalk.yaml"
KPI_FILE = "kpis.yaml"
SCORING_FILE = "scoring.yaml"
INDUSTRY_FILE = "industries.yaml"
_SPECIAL = {CROSSWALK_FILE, KPI_FILE, SCORING_FILE, INDUSTRY_FILE}
_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True)
class RubricSet:
    """Every framework, the crosswalk between them and the KPI catalogue, validated together."""

    directory: Path
    frameworks: dict[str, Framework]
    crosswalk: Crosswalk
    catalogue: KpiCatalogue
    scoring: ScoringModel
    industries: IndustryCatalogue
    _topics: dict[str, Topic] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for fw in self.frameworks.values():
            for topic in fw.topics:
                self._topics[f"{fw.id}:{topic.id}"] = topic

    def topic(self, ref: str) -> Topic:
        """A topic by reference ``"framework:topic"``, e.g. ``"gri:305-1"``."""
        return self._topics[ref]

    def refs(self) -> Iterator[str]:
        return iter(self._topics)

    def children(self, framework: str, topic_id: str | None) -> list[Topic]:
        return [t for t in self.frameworks[framework].topics if t.parent == topic_id]

    def partners(self, ref: str) -> set[str]:
        """Topics of other frameworks that the crosswalk says mean the same as ``ref``."""
        return {m for g in self.crosswalk.groups if ref in g.members for m in g.members} - {ref}

    def kpis_for(self, ref: str) -> list[Kpi]:
        """The KPIs the catalogue names as evidence for a topic (its expected quantitative disclosure)."""
        return [k for k in self.catalogue.kpis if ref in k.topics]

    def industry(self, industry_id: str) -> Industry:
        return next(i for i in self.industries.industries if i.id == industry_id)

    def leaves(self, ref: str) -> list[str]:
        """The non-group topics under ``ref`` (itself when it is not a group), depth first."""
        framework, topic_id = ref.split(":", 1)
        if not self.topic(ref).group:
            return [ref]
        return [leaf for child in self.children(framework, topic_id) for leaf in self.leaves(f"{framework}:{child.id}")]

    def keywords_zh(self) -> set[str]:
        """Every Chinese keyword of every topic: the jieba user dictionary."""
        return {k for t in self._topics.values() for k in t.keywords.zh}


def default_directory() -> Path:
    """``CSR_ANALYZER_RUBRICS_DIR``, else the rubrics shipped with the package."""
    configured = os.environ.get("CSR_ANALYZER_RUBRICS_DIR")
    if configured:
        return Path(configured)
    return data_directory("rubrics", "analyzer.rubric_data")


@lru_cache(maxsize=8)
def _load_cached(directory: Path, stamp: tuple[tuple[str, float], ...]) -> RubricSet:
    return _load(directory)


def load_rubrics(directory: str | Path | None = None) -> RubricSet:
    """Load and validate a rubric directory; raises RubricError listing every problem found."""
    path = Path(directory) if directory is not None else default_directory()
    if not path.is_dir():
        raise RubricError(count=1, details=f"{path}: not a directory")
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(path.glob("*.yaml")))
    return _load_cached(path.resolve(), stamp)


def _load(directory: Path) -> RubricSet:
    problems: list[str] = []
    frameworks: dict[str, Framework] = {}
    for file in sorted(directory.glob("*.yaml")):
        if file.name in _SPECIAL:
            continue
        fw = _parse(file, Framework, problems)
        if fw is None:
            continue
        if fw.id != file.stem:
            problems.append(f"{file.name}: id: '{fw.id}' does not match the file name '{file.stem}'")
        if fw.id in frameworks:
            problems.append(f"{file.name}: id: framework '{fw.id}' is defined twice")
        frameworks[fw.id] = fw
        problems += _framework_problems(file.name, fw)
    if not frameworks:
        problems.append(f"{directory}: no framework files (*.yaml)")
    crosswalk = _parse(directory / CROSSWALK_FILE, Crosswalk, problems)
    catalogue = _parse(directory / KPI_FILE, KpiCatalogue, problems)
    refs = {f"{fw.id}:{t.id}" for fw in frameworks.values() for t in fw.topics}
    if catalogue is not None:
        problems += _catalogue_problems(catalogue, refs)
    if crosswalk is not None:
        problems += _crosswalk_problems(crosswalk, refs)
    scoring = _parse(directory / SCORING_FILE, ScoringModel, problems)
    industries = _parse(directory / INDUSTRY_FILE, IndustryCatalogue, problems)
    kpi_ids = {k.id for k in catalogue.kpis} if catalogue is not None else set()
    if scoring is not None:
        problems += _scoring_problems(scoring, refs, kpi_ids, set(frameworks))
    if industries is not None:
        problems += _industry_problems(industries, refs, kpi_ids)
    if problems:
        raise RubricError(count=len(problems), details="\n".join(problems))
    assert crosswalk is not None and catalogue is not None and scoring is not None and industries is not None
    return RubricSet(directory, frameworks, crosswalk, catalogue, scoring, industries)


def _parse(file: Path, model: type[_M], problems: list[str]) -> _M | None:
    try:
        data: Any = read_yaml(file)
    except FileNotFoundError:
        problems.append(f"{file.name}: file missing")
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{file.name}: not valid YAML: {exc}".replace("\n", " "))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(f"{file.name}: {_key_path(data, error['loc'])}: {error['msg']}")
        return None


def _key_path(data: Any, loc: tuple[Any, ...]) -> str:
    """``topics[3] (id 2-1).keywords.zh``: list positions with the id of the item where there is one."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            parts[-1] = f"{parts[-1]}[{key}]" if parts else f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, dict) and "id" in node:
                parts[-1] += f" (id {node['id']})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"


def _framework_problems(file: str, fw: Framework) -> list[str]:
    problems = []
    ids = Counter(t.id for t in fw.topics)
    for topic_id, n in ids.items():
        if n > 1:
            problems.append(f"{file}: topics: duplicate topic id '{topic_id}' ({n} times)")
    for i, topic in enumerate(fw.topics):
        where = f"{file}: topics[{i}] (id {topic.id})"
        if topic.parent is not None and topic.parent not in ids:
            problems.append(f"{where}.parent: unknown parent '{topic.parent}'")
        if topic.parent == topic.id:
            problems.append(f"{where}.parent: a topic cannot be its own parent")
    return problems


def _catalogue_problems(catalogue: KpiCatalogue, refs: set[str]) -> list[str]:
    problems = []
    unit_ids = Counter(u.id for u in catalogue.units)
    spellings = Counter(s for u in catalogue.units for s in {u.id, *u.aliases, *(c.unit for c in u.conversions)})
    problems += [f"{KPI_FILE}: units: duplicate unit id '{u}'" for u, n in unit_ids.items() if n > 1]
    problems += [f"{KPI_FILE}: units: spelling '{s}' belongs to {n} units" for s, n in spellings.items() if n > 1]
    kpi_ids = Counter(k.id for k in catalogue.kpis)
    problems += [f"{KPI_FILE}: kpis: duplicate KPI id '{k}'" for k, n in kpi_ids.items() if n > 1]
    for i, kpi in enumerate(catalogue.kpis):
        where = f"{KPI_FILE}: kpis[{i}] (id {kpi.id})"
        if kpi.unit is not None and kpi.unit not in unit_ids:
            problems.append(f"{where}.unit: unknown unit '{kpi.unit}'")
        problems += [f"{where}.topics: unknown topic '{r}'" for r in kpi.topics if r not in refs]
    return problems


def _crosswalk_problems(crosswalk: Crosswalk, refs: set[str]) -> list[str]:
    problems = []
    ids = Counter(g.id for g in crosswalk.groups)
    problems += [f"{CROSSWALK_FILE}: groups: duplicate group id '{g}'" for g, n in ids.items() if n > 1]
    for i, group in enumerate(crosswalk.groups):
        where = f"{CROSSWALK_FILE}: groups[{i}] (id {group.id}).members"
        problems += [f"{where}: unknown topic '{m}'" for m in group.members if m not in refs]
    return problems


def _scoring_problems(scoring: ScoringModel, refs: set[str], kpis: set[str], frameworks: set[str]) -> list[str]:
    f = SCORING_FILE
    problems = [f"{f}: completeness_scope: unknown framework or topic '{key}'"
                for key in scoring.completeness_scope if key not in frameworks and key not in refs]
    for key in ("core_kpis", "incident_kpis"):
        problems += [f"{f}: {key}: unknown KPI '{k}'" for k in getattr(scoring, key) if k not in kpis]
    problems += [f"{f}: pillars.{p}: unknown topic '{r}'" for p, rs in scoring.pillars.items() for r in rs if r not in refs]
    for i, aspect in enumerate(scoring.aspects):
        where = f"{f}: aspects[{i}] (id {aspect.id})"
        if f"shanghai:{aspect.id}" not in refs:
            problems.append(f"{where}.id: not a topic of the shanghai framework")
        problems += [f"{where}.topics: unknown topic '{r}'" for r in aspect.topics if r not in refs]
        problems += [f"{where}.kpis: unknown KPI '{k}'" for k in aspect.kpis if k not in kpis]
    missing = {"none", "mentioned", "described", "quantified"} - set(scoring.level_values)
    problems += [f"{f}: level_values: missing level '{m}'" for m in sorted(missing)]
    if abs(sum(d.weight for d in scoring.dimensions) - 100) > 1e-6:
        problems.append(f"{f}: dimensions: weights must add up to 100")
    return problems


def _industry_problems(catalogue: IndustryCatalogue, refs: set[str], kpis: set[str]) -> list[str]:
    f = INDUSTRY_FILE
    ids = Counter(i.id for i in catalogue.industries)
    problems = [f"{f}: industries: duplicate industry id '{i}'" for i, n in ids.items() if n > 1]
    if catalogue.default not in ids:
        problems.append(f"{f}: default: unknown industry '{catalogue.default}'")
    for i, industry in enumerate(catalogue.industries):
        where = f"{f}: industries[{i}] (id {industry.id})"
        for key in ("key_topics", "not_material"):
            problems += [f"{where}.{key}: unknown topic '{r}'" for r in getattr(industry, key) if r not in refs]
        problems += [f"{where}.key_kpis: unknown KPI '{k}'" for k in industry.key_kpis if k not in kpis]
    return problems
