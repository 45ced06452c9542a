"""The KPI catalogue as a matcher: which KPI a label names, and a value in the KPI's canonical unit.

A label matches the longest catalogue name or alias it contains (an English label: as whole words, the one
it names first); else, by word and character-pair overlap ("温室气体总排放量" → "温室气体排放总量"), the KPI
whose every word it names and whose unit fits. Either way the KPI must carry the label's qualifiers (范围一,
人均, 强度 …; in English, words such as "rate", "per", "savings", "suppliers"). Units are put into
canonical form with the catalogue's conversions (万吨 → t × 10⁴).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from analyzer.indicators.quantities import unit_spellings
from analyzer.rubrics.loader import RubricSet
from analyzer.rubrics.schema import Kpi
from analyzer.textnorm import is_cjk

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mn": 1e6, "bn": 1e9}
_QUALIFIERS = (  # words that set a KPI apart from its siblings; a KPI carries them in its id or English name
    ("范围一", "范围1", "范畴一", "范畴1", "scope1"),
    ("范围二", "范围2", "范畴二", "范畴2", "scope2"),
    ("范围三", "范围3", "范畴三", "范畴3", "scope3"),
    ("人均", "percapita", "peremployee"),
    ("强度", "单位产值", "单位营业收入", "万元产值", "intensity"),
    ("其他", "其它", "other"),  # "其它能源消耗" is not the total
    ("直接", "(direct)"),  # bracketed: "directors" is not "direct"
    ("间接", "indirect"),
)
# English words that set a KPI apart, as whole words ("corporate" holds no "rate"): a label with one of a
# group's words matches only a KPI whose id or English name has one of them (a KPI measured in % or ‰ is a
# rate, one measured per something a "per")
_WORD_QUALIFIERS = tuple(
    frozenset(g) for g in (
        ("rate", "rates", "ratio", "frequency"),  # "Overall rate of occupational injuries": not their number
        ("average", "per"),  # "Water consumption per RMB10,000 of production value": an intensity
        ("specific", "intensity"),  # "Specific greenhouse gas emissions": an intensity
        ("reduction", "reductions", "reduced", "saved", "savings", "avoided", "avoidance"),
        ("outside",),  # "Energy consumption outside of the organization"
        ("offset", "offsets"),
        ("stress", "stressed", "scarce", "scarcity"),  # water from stressed areas: a part
        ("sales", "sold", "revenue", "revenues"),  # "Sales of new energy vehicles" are not the fleet's
        ("loss", "losses"),  # "Financial losses caused by safety accidents"
        ("supplier", "suppliers"),  # "Total training hours of suppliers" are not the employees'
        ("corruption", "ethics", "integrity"),  # "Compliance (incl. anti-corruption) training hours": a part
    )
)
_LIGHT_TOKENS = frozenset({*"总量数额的", "total", "number", "of", "the", "amount"})  # a label may leave these out
_TOKEN = re.compile(r"[a-z]+|\d+|[^\W\d_]")  # English words, numbers, single CJK characters
_WORD = re.compile(r"[a-z]+")
# least Dice overlap of a fuzzy match, with a unit that fits the KPI and without one, and the least lead over
# a runner-up of another KPI (set by measurement on the corpus tables: no wrong match above them)
_FUZZY_MIN, _FUZZY_MIN_UNITLESS, _FUZZY_LEAD = 0.65, 0.8, 0.05


@dataclass(frozen=True)
class _Groups:
    """The qualifier groups a label has: of ``_QUALIFIERS`` and of ``_WORD_QUALIFIERS``."""

    contained: list[tuple[str, ...]]
    words: list[frozenset[str]]


@dataclass(frozen=True)
class _Spelling:
    """A catalogue name or alias, prepared for fuzzy matching."""

    kpi: Kpi
    content: frozenset[str]  # its tokens but the light ones: a label must contain them all
    features: frozenset[str | tuple[str, str]]  # tokens and token pairs


class Catalogue:
    """The rubric catalogue's KPIs and units, for matching labels and converting values."""

    def __init__(self, rubrics: RubricSet) -> None:
        kpis = rubrics.catalogue.kpis
        spellings = [(n, k) for k in kpis for n in (k.name_zh, k.name_en, *k.aliases)]
        self._names = sorted(((_normal(n), k) for n, k in spellings), key=lambda item: -len(item[0]))
        # as written in running text, spaces kept
        self.text_names = sorted(((n.lower(), k) for n, k in spellings), key=lambda item: -len(item[0]))
        self._spellings = [_spelling(n, k) for n, k in spellings]
        self._by_id = {k.id: k for k in kpis}
        self._qualified_by = {k.id: _normal(f"{k.id.replace('_', '')} {k.name_en}") for k in kpis}
        self._words = {k.id: _kpi_words(k) for k in kpis}
        self._matches: dict[tuple[str, str], Kpi | None] = {}
        self.unit_spellings = unit_spellings(rubrics)
        self._unit_words = {"%", "％", "‰", *self.unit_spellings}
        self._units: dict[str, tuple[str, float]] = {}  # spelling → (canonical unit, factor)
        for unit in rubrics.catalogue.units:
            for spelling in (unit.id, *unit.aliases):
                self._units.setdefault(_normal(spelling), (unit.id, 1.0))
            for conversion in unit.conversions:
                self._units.setdefault(_normal(conversion.unit), (unit.id, conversion.factor))

    def match(self, name: str, unit: str = "") -> Kpi | None:
        """The catalogue KPI a row label names: the longest name or alias the label equals or contains (in an
        English label, as whole words and the one it names first), else the closest by overlap (see
        ``_fuzzy``); either way among the KPIs that share the label's qualifiers (范围一 / 人均 / 强度 …:
        "直接温室气体排放总量（范围一）" is scope 1, not the total; "rate", "per" …)."""
        key = (name, unit)
        if key not in self._matches:
            label, words = _normal(name), set(_WORD.findall(name.lower()))
            groups = _Groups(
                [g for g in _QUALIFIERS if any(q in label for q in g)],
                [g for g in _WORD_QUALIFIERS if words & g],
            )
            exact = [
                (s, k) for s, k in self._names
                if s and s in label and _whole_words(s, name) and self._qualified(k, groups)
            ]
            if not any(is_cjk(c) for c in name):  # English names the thing first: "Lost days due to injuries"
                exact.sort(key=lambda found: label.index(found[0]))
            self._matches[key] = exact[0][1] if exact else self._fuzzy(name, unit, groups)
        return self._matches[key]

    def kpi(self, kpi_id: str) -> Kpi:
        """The catalogue KPI of an id."""
        return self._by_id[kpi_id]

    def canonical(self, value: float, unit: str, kpi: Kpi | None) -> tuple[float | None, str | None]:
        """The value in the canonical unit (the KPI's, where given); ``(None, None)`` for a unit the catalogue
        does not know or the KPI is not measured in."""
        scale, _, rest = unit.partition(" ")
        if scale.lower() in SCALES and rest:  # "million tonnes"
            value, unit = value * SCALES[scale.lower()], rest
        if unit in {"%", "％"}:
            if kpi is not None and kpi.unit not in {None, "%"}:
                return None, None  # a change rate ("同比下降7.7%"), not the KPI's value
            return value, "%"
        known = self._units.get(_normal(unit))
        if known is None:
            return None, None
        unit_id, factor = known
        if kpi is not None and (unit_id, kpi.unit) == ("t", "tCO2e"):
            unit_id = "tCO2e"  # tonnes under an emissions KPI ("Scope 1 emissions | Tonnes") are of CO2e
        if kpi is not None and kpi.unit and kpi.unit != unit_id:
            if not kpi.unit.startswith(f"{unit_id}/"):
                return None, None  # a unit the KPI is not measured in (e.g. a ratio row under a total's name)
            unit_id = kpi.unit  # "人均培训时长（小时）": hours per employee
        return float(f"{value * factor:.10g}"), unit_id

    def is_unit(self, text: str) -> bool:
        """A catalogue unit, a counting word (份, 次, 人 …), a percent sign, or a ratio of such ("次/年")."""
        known = self._unit_words
        return bool(text) and (
            text in known or _normal(text) in self._units or all(part in known for part in text.split("/"))
        )

    def _fuzzy(self, name: str, unit: str, groups: _Groups) -> Kpi | None:
        """The KPI whose name or alias overlaps the label most (Dice over tokens and token pairs), among those
        whose every word the label contains, that carry its qualifiers and fit its unit; none when another
        KPI comes close. With a unit, a lower overlap does."""
        tokens = _tokens(name)
        present, features = set(tokens), _features(tokens)
        scores: dict[str, float] = {}
        for spelling in self._spellings:
            if spelling.content <= present:
                kpi_id = spelling.kpi.id
                scores[kpi_id] = max(scores.get(kpi_id, 0.0), _dice(features, spelling.features))
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        fitting = [
            (score, kpi) for kpi_id, score in ranked
            if self._qualified(kpi := self._by_id[kpi_id], groups) and self._fits(kpi, unit)
        ]
        if not fitting or fitting[0][0] < (_FUZZY_MIN if unit else _FUZZY_MIN_UNITLESS):
            return None
        if len(fitting) > 1 and fitting[0][0] - fitting[1][0] < _FUZZY_LEAD:
            return None  # "员工重伤人数": as close to 员工人数 as to 工伤人数
        return fitting[0][1]

    def _fits(self, kpi: Kpi, unit: str) -> bool:
        """No unit, or one the KPI is measured in."""
        return not unit or self.canonical(1.0, unit, kpi)[1] is not None

    def _qualified(self, kpi: Kpi, groups: _Groups) -> bool:
        """The KPI's id or English name carries each of the label's qualifiers."""
        return all(any(q in self._qualified_by[kpi.id] for q in g) for g in groups.contained) and all(
            self._words[kpi.id] & g for g in groups.words
        )


def _kpi_words(kpi: Kpi) -> frozenset[str]:
    """The words of a KPI's id and English name, with "rate" for a KPI measured in % or ‰ or per something,
    and "per" for one measured per something ("tCO2e/万元")."""
    words = set(_WORD.findall(f"{kpi.id} {kpi.name_en}".replace("_", " ").lower()))
    if kpi.unit and (kpi.unit in {"%", "‰"} or "/" in kpi.unit):
        words.add("rate")
    if kpi.unit and "/" in kpi.unit:
        words.add("per")
    return frozenset(words)


def _whole_words(spelling: str, label: str) -> bool:
    """An English spelling stands in the label as whole words ("COD" is not in "Code of conduct", nor
    "hazardous waste" in "Nonhazardous waste"); any other spelling is simply contained."""
    if not spelling.isascii():
        return True
    return bool(_spelled(spelling).search(label.lower()))


@lru_cache(maxsize=None)
def _spelled(spelling: str) -> re.Pattern[str]:
    """A spelling (spaces removed) as a pattern over a label with spaces, between word boundaries."""
    inner = r"\s*".join(re.escape(c) for c in spelling)
    return re.compile(rf"(?<![a-z0-9]){inner}(?![a-z0-9])")


def stem(word: str) -> str:
    """An English plural's "s" dropped ("employees" → "employee", not "glass" → "glas")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _tokens(text: str) -> list[str]:
    """English words (a plural's "s" dropped), numbers and CJK characters, in order, lower case."""
    return [stem(w) for w in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())]


def _features(tokens: Sequence[str]) -> frozenset[str | tuple[str, str]]:
    return frozenset([*tokens, *zip(tokens, tokens[1:])])


def _dice(a: frozenset[object], b: frozenset[object]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _spelling(name: str, kpi: Kpi) -> _Spelling:
    tokens = _tokens(name)
    return _Spelling(kpi, frozenset(tokens) - _LIGHT_TOKENS, _features(tokens))
