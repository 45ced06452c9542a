"""Disclosure signals experts look for, each with the passages that show it (contract ``signals``).

Most signals are phrases (Chinese and English) searched in the report's content passages, headings
included. Two are read with more care:

- ``negative_disclosure``: sentences that admit an incident, penalty, lawsuit or missed target. A negated
  statement ("未发生重大安全事故", "no fatalities") is a zero-incident claim instead, listed under
  ``zero_incident_claims``: it shows the report speaks to the risk, not that something went wrong.
- ``targets``: a target with a year and a number ("力争2025年单位产值能耗下降10%").

``content_index`` comes from the index pages passages.py recognises, with the frameworks they name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from analyzer.document import Document
from analyzer.passages import Passage

MAX_EVIDENCE = 3
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-Z])")


class SignalEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    page: int | None
    page_label: str | None
    text: str


class Signal(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str  # Chinese name
    name_en: str
    present: bool
    evidence: tuple[SignalEvidence, ...] = ()
    detail: str | None = None


@dataclass(frozen=True)
class _Phrase:
    id: str
    name: str
    name_en: str
    pattern: re.Pattern[str]


def _phrase(id_: str, name: str, name_en: str, pattern: str) -> _Phrase:
    return _Phrase(id_, name, name_en, re.compile(pattern, re.I))


PHRASES = (
    _phrase("report_period", "报告时间范围", "reporting period stated",
            r"报告(?:时间)?(?:范围|期间|周期)|时间范围|本报告(?:涵盖|覆盖).{0,12}(?:年|期间)"
            r"|reporting period|covers the (?:period|year)|from 1 january|january 1"),
    _phrase("report_scope", "报告组织范围", "reporting scope stated",
            r"报告(?:组织)?范围|报告边界|组织范围|合并报表范围|scope of (?:this|the) report|reporting (?:scope|boundary)"),
    _phrase("assurance", "第三方鉴证", "third-party assurance",
            r"鉴证|审验|第三方(?:验证|核验|审核)|独立(?:验证|鉴证)|assurance (?:statement|report)|limited assurance"
            r"|reasonable assurance|independent(?:ly)? (?:assured|verified|assurance)"),
    _phrase("materiality", "实质性议题评估", "materiality assessment",
            r"实质性(?:议题|评估|分析|矩阵)|重要性(?:议题|评估|矩阵|分析)|议题矩阵|materiality|material topics"),
    _phrase("stakeholder_engagement", "利益相关方沟通", "stakeholder engagement",
            r"利益相关方(?:沟通|参与|识别|期望|关注)|stakeholder (?:engagement|dialogue|communication)"),
    _phrase("governance_body", "社会责任 / ESG 治理机构", "CSR / ESG governance body",
            r"(?:ESG|社会责任|可持续发展|企业社会责任|双碳|碳达峰碳中和)(?:管理)?(?:委员会|领导小组|工作小组|工作组|办公室)"
            r"|(?:sustainability|esg|csr) (?:committee|council|steering group|working group)"),
    _phrase("leadership_statement", "董事长或管理层致辞", "board or chairman statement",
            r"(?:董事长|总裁|总经理|行长|高管|管理层|领导|董事会)(?:致辞|寄语|声明|的话)"
            r"|(?:message|letter|statement) from (?:the|our) (?:chair|ceo|president|board)|ceo (?:letter|statement)"
            r"|chairman'?s? (?:statement|message|letter)"),
    _phrase("sdg", "联合国可持续发展目标", "SDG mapping",
            r"可持续发展目标|\bSDGs?\b|sustainable development goals"),
    _phrase("case_studies", "案例", "case studies", r"案例|case stud(?:y|ies)"),
    _phrase("feedback_form", "读者意见反馈", "reader feedback form",
            r"意见反馈|读者反馈|反馈表|意见调查表|feedback (?:form|questionnaire)|reader survey"),
    _phrase("contact", "联系方式", "contact information",
            r"联系(?:方式|电话|地址|邮箱|人)|电子邮箱|contact (?:us|details|information)"
            r"|[\w.+-]+@[\w-]+\.[\w.]+|(?:电话|tel)[:：]?\s*[\d\-()（） ]{7,}"),
)

# A target: a target word, then a year and a number, within one sentence (the year must lie after the
# report year, so that "报告期为2024年1月1日至…" is no target).
_TARGET = re.compile(
    r"(?:目标|力争|争取|计划|承诺|预计)[^。；;]{0,30}?(20[2-6]\d)\s*年[^。；;]{0,50}?\d"
    r"|(?:target|aim|commit(?:ment)?|goal)s?\b[^.;]{0,60}?\b(?:by|in|until) (20[2-6]\d)\b",
    re.I,
)
_INCIDENT = re.compile(
    r"事故|伤亡|死亡|工亡|处罚|罚款|罚金|诉讼|违规|违法|泄漏|超标排放|被投诉|召回|通报批评|立案|未(?:能)?(?:完成|达成|实现)[^，。；]{0,8}目标"
    r"|\b(?:accidents?|fatalit(?:y|ies)|injur(?:y|ies)|fines?|fined|penalt(?:y|ies)|lawsuits?|litigation|violations?"
    r"|spills?|recalls?|missed (?:its|our|the) target)\b",
    re.I,
)
_MISSED_TARGET = re.compile(r"未|missed", re.I)
# An incident word counts only as an event: something happened, was received, or is counted.
_EVENT = re.compile(
    r"发生|出现|造成|受到|收到|被|涉及|导致|遭受|\d+\s*(?:起|次|件|例|人|名|批|万元|元)|[一两二三四五六七八九十]+(?:起|次|件|例|名|批)"
    r"|\b(?:recorded|occurred|reported|suffered|fined|paid|filed|received|\d+)\b",
    re.I,
)
_NEGATION = re.compile(
    r"未发生|没有发生|未出现|未受到|未因|未有|不存在|无(?:重大|一般|较大|任何)?|零|杜绝|0\s*(?:起|次|件|例|人)"
    r"|\b(?:no|zero|nil|without|not (?:involved|subject))\b",
    re.I,
)
_INDEX_FRAMEWORKS = {
    "GRI": re.compile(r"\bGRI\b"),
    "CASS-ESG": re.compile(r"CASS|中国企业社会责任报告(?:编写)?指南|中国社会科学院"),
    "SASB": re.compile(r"\bSASB\b|TC-[A-Z]{2}-"),
    "TCFD": re.compile(r"\bTCFD\b"),
    "HKEX": re.compile(r"\bHKEX\b|香港联合交易所|联交所|[ABC]\d\.\d"),
    "exchange guideline": re.compile(r"上海证券交易所|深圳证券交易所|北京证券交易所|自律监管指引"),
}
Incident = Literal["incident", "zero_claim"]


def incident_kind(sentence: str) -> Incident | None:
    """"incident" if the sentence admits one, "zero_claim" if it denies one, None if it speaks of neither
    (a policy about violations is neither)."""
    found: Incident | None = None
    for match in _INCIDENT.finditer(sentence):
        clause_start = max((m.end() for m in re.finditer(r"[，,：:]", sentence[: match.start()])), default=0)
        before = sentence[max(clause_start, match.start() - 25) : match.start()]
        after = re.split(r"[，,。；;]", sentence[match.end() : match.end() + 12])[0]
        if _MISSED_TARGET.match(match.group()):
            return "incident"  # "未能完成年度节能目标": the miss is the event
        if _NEGATION.search(before) or _NEGATION.search(after):
            found = found or "zero_claim"
        elif _EVENT.search(before) or _EVENT.search(after):
            return "incident"
    return found


def detect_signals(doc: Document, passages: Sequence[Passage]) -> dict[str, Signal]:
    """Every signal, present or not, with up to ``MAX_EVIDENCE`` quotes."""
    content = [p for p in passages if p.role == "content"]
    signals: dict[str, Signal] = {}
    for phrase in PHRASES:
        hits = [p for p in content if phrase.pattern.search(_with_heading(p))]
        signals[phrase.id] = _signal(phrase.name, phrase.name_en, [(p, p.text) for p in hits])
    sentences = [(p, s) for p in content for s in _sentences(p.text)]
    after = doc.meta.report_year or 2019
    targets = [(p, s) for p, s in sentences if any(int(y) > after for m in _TARGET.finditer(s) for y in m.groups() if y)]
    signals["targets"] = _signal("量化目标", "targets with year and number", targets)
    kinds = [(p, s, incident_kind(s)) for p, s in sentences]
    signals["negative_disclosure"] = _signal(
        "负面信息披露", "negative disclosure (incidents, penalties, lawsuits, missed targets)",
        [(p, s) for p, s, k in kinds if k == "incident"],
    )
    signals["zero_incident_claims"] = _signal(
        "零事故 / 零处罚声明", "zero-incident claims", [(p, s) for p, s, k in kinds if k == "zero_claim"]
    )
    index = [p for p in passages if p.role == "index"]
    named = sorted({name for name, rx in _INDEX_FRAMEWORKS.items() for p in index if rx.search(p.text)})
    signals["content_index"] = _signal(
        "指标索引", "content index (GRI / CASS / exchange)", [(p, p.text) for p in index],
        detail=", ".join(named) or None,
    )
    year = doc.meta.report_year
    signals["report_year"] = Signal(
        name="报告年度", name_en="report year", present=year is not None, detail=str(year) if year else None
    )
    return signals


def _signal(name: str, name_en: str, hits: Sequence[tuple[Passage, str]], detail: str | None = None) -> Signal:
    evidence = []
    seen: set[str] = set()
    for passage, text in hits:
        if text in seen:
            continue
        seen.add(text)
        evidence.append(SignalEvidence(page=passage.page, page_label=passage.page_label, text=text.strip()))
        if len(evidence) == MAX_EVIDENCE:
            break
    count = len({text for _, text in hits})
    return Signal(
        name=name, name_en=name_en, present=bool(hits), evidence=tuple(evidence),
        detail=detail if detail is not None else (f"{count} 处 / places" if hits else None),
    )


def _with_heading(passage: Passage) -> str:
    return f"{passage.heading or ''}\n{passage.text}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 6]
