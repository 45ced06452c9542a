"""Numbers with units in running text: what makes a passage *quantified* evidence.

A quantity is a number followed by a unit of the KPI catalogue (吨, 万千瓦时, tCO2e, 亿元 …), a percent
sign, or a counting word (人, 人次, 小时, 家, 项 …). Years (2023年), dates, clause and page numbers are
not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analyzer.rubrics.loader import RubricSet

# Counting words and units common in reports that are not KPI units of their own.
_COUNT_UNITS = (
    "人次", "人", "名", "位", "户", "家", "所", "个", "项", "件", "场", "次", "期", "批", "台", "辆", "座",
    "套", "篇", "份", "门", "课时", "学时", "小时", "天", "棵", "株", "床", "元", "美元", "港元",
    "people", "employees", "hours", "days", "times", "cases", "projects", "suppliers",
)
_CALENDAR = {"年", "月", "日", "号"}  # 2023年, 12月31日: dates, not amounts
_NUMBER = r"(?<![\d.,A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
_SCALE = r"(?:\s*(?:万亿|亿|万|千|百万|million|billion|thousand|mn|bn)(?![a-z]))?"
_NOT_QUANTITY_AFTER = re.compile(r"^\s*(?:年|月|日|号|章|节|条|页|版|届|周年|-\d)")


_BRACKETED_UNIT = re.compile(r"[（(]\s*(?:%|％|[^()（）\d\s]{1,8})\s*[)）]")
_CELL_NUMBER = re.compile(r"(?:^|[|；;]\s*)-?\d[\d,]*(?:\.\d+)?\s*(?=$|[|；;])")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # as written ("万吨", "%", "人次")
    start: int
    end: int


@lru_cache(maxsize=4)
def _pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in sorted(set(units), key=len, reverse=True))
    return re.compile(
        rf"{_NUMBER}(?:余|多)?({_SCALE})\s*(%|％|‰|{alternatives})(?![A-Za-z])",
        re.IGNORECASE,
    )


def unit_spellings(rubrics: RubricSet) -> tuple[str, ...]:
    """Every unit spelling of the catalogue (ids, aliases, conversions) plus common counting words."""
    spellings: set[str] = set(_COUNT_UNITS)
    for unit in rubrics.catalogue.units:
        spellings.update((unit.id, *unit.aliases, *(c.unit for c in unit.conversions)))
    return tuple(sorted(s for s in spellings - _CALENDAR if s and not s.isdigit()))


def find_quantities(text: str, units: tuple[str, ...]) -> list[Quantity]:
    """The quantities in ``text``, left to right."""
    found = []
    for match in _pattern(units).finditer(text):
        whole, fraction, scale, unit = match.group(1), match.group(2), match.group(3), match.group(4)
        if _NOT_QUANTITY_AFTER.match(text[match.end(2) if fraction else match.end(1) :]) and not scale.strip():
            continue
        value = float(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
        if 1900 <= value <= 2100 and not fraction and not scale.strip() and unit == "元":
            continue
        scale = scale.strip()
        written = f"{scale} {unit}" if scale.isascii() and scale else f"{scale}{unit}"  # "million tonnes", "万吨"
        found.append(Quantity(value, written, match.start(), match.end()))
    return found


def has_quantity(text: str, units: tuple[str, ...], table: bool = False) -> bool:
    """The text states a number with a unit; in a table, also a number under a header that names its
    unit in brackets ("培训时长（小时） | 52.3")."""
    if find_quantities(text, units):
        return True
    return table and bool(_BRACKETED_UNIT.search(text)) and bool(_CELL_NUMBER.search(text))


# A bare number stated as a level or an amount ("覆盖率达100", "共计1,280", "increased by 12.5"): LCY's
# text has lost many unit signs, and reports leave units to a table header.
_STATED_NUMBER = re.compile(
    r"(?:达到?|为|超过?|突破|逾|约|共计?|累计|合计|总计|增长|下降|减少|提升|提高|降低|同比|比例|率|量|数|额|总额|余额"
    r"|reached|totall?ed|increased by|decreased by|reduced by|of)\s*[-−]?\d[\d,]*(?:\.\d+)?(?![\d.]*\s*(?:年|月|日|号|章|节|条|页))",
    re.I,
)
# "未发生重大安全事故": a zero count, which is a quantitative claim (and a negative-disclosure signal).
_ZERO_CLAIM = re.compile(
    r"(?:未发生|没有发生|未出现|不存在|无|零)[^，。；,;]{0,20}?(?:事故|事件|案件|违规|处罚|投诉|诉讼|死亡|伤亡)"
    r"|\bno\b[^.;]{0,40}?\b(?:incidents?|accidents?|fatalit(?:y|ies)|cases|violations|fines)\b",
    re.I,
)


def is_quantitative(text: str, units: tuple[str, ...]) -> bool:
    """A sentence that states a measured amount: a number with a unit, a bare number stated as a level or
    an amount, or a zero-incident claim."""
    return bool(find_quantities(text, units) or _STATED_NUMBER.search(text) or _ZERO_CLAIM.search(text))
