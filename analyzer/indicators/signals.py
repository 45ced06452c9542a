"""Disclosure signals experts look for, each with the passages that show it (contract ``signals``).

Most signals are phrases (Chinese and English, Traditional characters folded to Simplified for matching),
found two ways, and quoted best first:

- a heading that names the section ("高管致辞", "Materiality for …"): quoted with the first passage under it.
  A navigation bar or a run of section names ("董事长致辞 公司概况 风险管控") names none of them;
- a statement in a content sentence ("本报告时间范围为…", "…ESG Council oversees…"), quoted as that
  sentence. A section name followed by a page number is a contents entry, not a statement; some phrases
  also require (``about``) or forbid (``unless``) words in the same sentence, e.g. an assurance of the
  report, not of the financial statements or internal controls, and not denied ("未经鉴证").

Two are read with more care:

- ``negative_disclosure``: sentences that admit an incident, penalty, lawsuit or missed target. A negated
  statement ("未发生重大安全事故", "no fatalities") is a zero-incident claim instead, listed under
  ``zero_incident_claims``: it shows the report speaks to the risk, not that something went wrong. An
  incident to prevent ("防止事故发生", "杜绝…"), a past or generic one ("以往发生的事故"), one under a condition
  or in a forecast, or a penalty in the company's own reward system ("奖励170次，处罚33起") is neither.
  Sentences that count incidents are quoted first.
- ``targets``: a commitment with a measurable goal and a year after the report year ("力争2025年单位产值能耗
  下降10%", "net zero by 2040"); not a forecast, a hiring plan, or a government's or scenario's goal. Named
  targets ("目标", "力争", "target") are quoted first.

``content_index`` comes from the index pages passages.py recognises, with the frameworks they name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from analyzer.document import Document
from analyzer.passages import Passage
from analyzer.textnorm import cjk_count, is_cjk

MAX_EVIDENCE = 3
MIN_QUOTE_CHARS = 20  # a shorter passage under a heading is a fragment, not worth quoting
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-Z])")

# Traditional → Simplified for the characters the patterns use (and the variant 吿), as pairs: one for one,
# so positions hold.
_TRADITIONAL_PAIRS = (
    "萬万與与業业東东兩两個个為为書书爭争於于價价會会傳传傷伤體体黨党關关內内寫写淨净減减辦办務务參参雙双發发"
    "員员週周團团圍围國国處处審审實实對对尋寻導导層层屆届屬属併并並并總总執执擴扩報报據据數数無无時时條条構构"
    "標标氣气溝沟沒没洩泄測测溫温獨独環环現现電电監监蓋盖確确篩筛係系繫系組组織织經经絡络絕绝績绩續续編编罰罚"
    "聯联節节範范營营見见規规計计議议訊讯記记訟讼訪访證证評评識识訴诉詞词話话詢询語语諾诺讀读調调談谈財财責责"
    "質质資资較较辭辞邊边達达過过進进違违選选郵邮鑑鉴鑒鉴長长門门問问間间陣阵項项預预領领題题饋馈驗验機机學学吿告"
)
_TRADITIONAL = str.maketrans(_TRADITIONAL_PAIRS[0::2], _TRADITIONAL_PAIRS[1::2])
_EN = "(?<![A-Za-z])"  # an English word starts here (Chinese characters are word characters to \b)
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节篇部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)*\.?|[IVX]+\.)\s*"
)
# A section name followed by a page number (a contents entry), or by more names (a navigation bar); a
# name after "见 / 在 / see" is a cross-reference.
_PAGE_AFTER = re.compile(r"\s*(?:[.…·]\s?)*\d{1,3}(?!\s*(?:[\d.,%年月日个项次名人家条份届位]|times|percent))", re.I)
_NAME_AFTER = re.compile(r"\s+[\u4e00-\u9fff]")
_CONTENTS = re.compile(r"目录|(?<![A-Za-z])contents(?![A-Za-z])", re.I)
_REFERENCE_BEFORE = re.compile(r"(?:在|(?<!意)见|see (?:the |our )?|in (?:the|our) )\s*$", re.I)


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
    count: int = 0  # distinct places (sentences, headings, index pages) that show it


@dataclass(frozen=True)
class _Phrase:
    id: str
    name: str
    name_en: str
    title: re.Pattern[str]  # a heading that names the section
    statement: re.Pattern[str]  # a sentence that shows the signal
    about: re.Pattern[str] | None = None  # the sentence must also say this
    unless: re.Pattern[str] | None = None  # … and must not say this (checked in headings too)
    listed: bool = True  # a section name: a match followed by a page number is a contents entry


def _phrase(
    id_: str, name: str, name_en: str, title: str, statement: str,
    about: str | None = None, unless: str | None = None, listed: bool = True,
) -> _Phrase:
    def rx(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(pattern, re.I) if pattern else None

    title_rx, statement_rx = re.compile(title, re.I), re.compile(statement, re.I)
    return _Phrase(id_, name, name_en, title_rx, statement_rx, rx(about), rx(unless), listed)


_LEADERS_ZH = r"(?:董事长|总裁|总经理|行长|主席|党委书记|首席执行官|执行长|CEO|高管|管理层|领导|经营者)(?:兼\w{1,5})?"
_LEADERSHIP_ZH = rf"{_LEADERS_ZH}(?:致辞|致词|寄语|的话)|致(?:股东|利益相关方|投资者)的(?:一封)?信"
_LEADERSHIP_EN = (
    rf"{_EN}(?:chair(?:man|woman|person)?|ceo|president|board|management|leadership"
    r"|stakeholders?|shareholders?)(?:['’]s?)?\s*(?:letter|message|foreword)(?![A-Za-z])"
    rf"|{_EN}(?:chair(?:man|woman|person)?|ceo|president)(?:['’]s?)?\s*statement"
    r"|(?:letter|message|words?) (?:from|to|by) (?:the |our )?"
    r"(?:chair\w*|ceo|president|board|management|executive|stakeholders|shareholders)"
    rf"|{_EN}foreword(?![A-Za-z])"
)
_GOVERNANCE = (
    r"(?<!全球)(?<!国际)(?:ESG|社会责任|可持续发展|永续(?:发展)?|双碳|碳达峰碳中和|环境、社会及(?:管治|治理))[^，。；、\s标准]{0,6}?"
    r"(?:委员会|领导小组|工作小组|工作组|办公室|推进组)"
    rf"|{_EN}(?:sustainability|ESG|CSR|corporate (?:social )?responsibility)"
    r"(?:[ &]+(?!(?:to|the|of|by|and)\b)[A-Za-z-]+){0,2}"  # "Audit & ESG Reporting Committee"
    r" (?:committee|council|steering (?:committee|group)|working group|task ?force)(?![A-Za-z])"
)
_ACRONYMS = rf"{_EN}(?:ESG|GHG|GRI|CSR)(?![A-Za-z])"

PHRASES = (
    _phrase(
        "report_period", "报告时间范围", "reporting period stated",
        title=r"报告(?:时间|期间|周期)|时间范围|reporting (?:period|year)",
        statement=r"报告(?:的)?(?:时间范围|时间跨度)|时间范围|报告(?:期间|周期|期)\s*(?:为|是|[:：])"
        r"|本报告(?:涵盖|覆盖|披露|时间)[^。；]{0,12}(?:年度|期间)"
        r"|(?P<year>(?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～)"  # one year's span
        r"\s*(?:(?P=year)\s*年\s*)?12\s*月\s*31\s*日"
        r"|reporting period (?:is|was|covers|runs|spans|of this report|[:：(])"
        r"|(?:report|data) (?:covers|relates to|reflects?) (?:the )?(?:fiscal|financial|calendar) year"
        r"|(?:period|year|cover\w*)[^.;]{0,12}?(?:1(?:st)? january|january 1(?:st)?),?\s*(?:\d{4},?\s*)?"
        r"(?:to|through|until|and|[-–])\s*(?:31(?:st)? december|december 31)",
    ),
    _phrase(
        "report_scope", "报告组织范围", "reporting scope stated",
        title=r"报告(?:组织)?范围|组织范围|报告边界|scope of (?:this|the) report|report(?:ing)? (?:scope|boundar)",
        statement=r"报告(?:的)?组织范围|组织范围|报告边界|报告范围\s*(?:为|是|[:：]|涵盖|覆盖|包括)"
        r"|本报告[^。；]{0,20}?(?:涵盖|覆盖|包括|以|范围为)[^。；]{0,30}?(?:及其|下属|所属|子公司|分公司|分支机构|控股|为(?:报告)?主体|合并(?:财务)?报表)"
        r"|scope of (?:this|the) report|report(?:ing)? (?:scope|boundar(?:y|ies))|organi[sz]ational boundar"
        r"|(?:this|the) (?:\w+ ){0,2}report (?:covers|relates to|includes|encompasses)[^.;]{0,60}?"
        r"(?:subsidiar|compan|entit|operations|sites|group)"
        r"|all (?:fully )?consolidated (?:companies|subsidiaries|entities)",
    ),
    _phrase(
        "assurance", "第三方鉴证", "third-party assurance",
        title=r"鉴证|审验|核验|第三方(?:验证|评价|审核|核查)|独立(?:验证|核查)|有限保证|保证报告|确信"
        r"|assurance|verification (?:statement|report)|independent (?:review|verification)",
        statement=r"鉴证|审验|有限保证|合理保证|(?:有限|合理|独立)确信|第三方(?:验证|核验|审核|核查)"
        r"|独立(?:第三方)?(?:验证|鉴证|核查|审核)|assurance (?:statement|report|engagement|provider)"
        r"|(?:limited|reasonable|independent|external) assurance"
        r"|(?:independently|externally|third[- ]party) (?:assured|verified)"
        r"|third[- ]party (?:assurance|verification)"
        r"|independent (?:verification|review) (?:statement|report)",
        about=rf"报告|温室气体|碳排放|排放数据|绩效|数据|可持续|社会责任|永续|{_ACRONYMS}|report|sustainability|greenhouse"
        r"|emissions|non-?financial|disclosures?|information",
        unless=r"财务报表|财务报告|内部控制|内控|募集资金|验资|审计报告|年度审计|financial statements|internal control"
        r"|quality assurance|未经|没有|尚未|并未|不(?:进行|寻求)|do(?:es)? not (?:seek|obtain|have)"
        r"|推动|计划|拟|逐步|未来|争取|plan(?:s|ning)? to|intends? to|will (?:seek|obtain|consider)"
        r"|not (?:been )?(?:externally |independently )?(?:assured|verified)"
        r"|no (?:external|independent|third-party) assurance",
    ),
    _phrase(
        "materiality", "实质性议题评估", "materiality assessment",
        title=r"实质性|重要性(?:议题|评估|矩阵|分析)|重要议题|重大(?:性|议题|主题)|议题(?:矩阵|识别|筛选)"
        r"|materiality|material (?:topics|issues|matters)",
        statement=r"实质性(?:议题|评估|分析|矩阵)|重要性(?:议题|评估|矩阵|分析)|议题矩阵"
        r"|重大性(?:议题|评估|分析|矩阵)|重大(?:议题|主题)(?:分析|评估|矩阵|鉴别|识别|排序)"
        r"|materiality (?:assessment|analysis|matrix|map|survey|process|review|topics|principle)"
        r"|material (?:topics|issues|ESG (?:topics|issues))|(?:double|financial|impact) materiality",
    ),
    _phrase(
        "stakeholder_engagement", "利益相关方沟通", "stakeholder engagement",
        title=r"利益相关(?:方|者)|利害关系人|stakeholder",
        statement=r"利益相关(?:方|者)(?:的)?(?:沟通|参与|识别|对话|调查|调研|访谈|问卷|交流)"
        r"|与利益相关(?:方|者)[^。；]{0,12}?(?:沟通|交流|对话)|利害关系人(?:沟通|议合|鉴别|的?关注|问卷)"
        r"|与利害关系人[^。；]{0,12}?(?:沟通|交流|议合)"
        r"|stakeholder (?:engagement|dialogues?|communication|consultation|surveys?|interviews?|input"
        r"|involvement)"
        r"|engag(?:e|ing|ement) with (?:our |its |key )?stakeholders",
        unless=r"您|(?:stakeholders?|shareholders?)['’]?\s*letter",  # a feedback form asks; a leader writes
    ),
    _phrase(
        "governance_body", "社会责任 / ESG 治理机构", "CSR / ESG governance body",
        title=_GOVERNANCE, statement=_GOVERNANCE,
        unless=r"联合国|协会|联合会|创始成员|成员单位|united nations|member of|founding member",  # a body it belongs to
    ),
    _phrase(
        "leadership_statement", "董事长或管理层致辞", "board or chairman statement",
        title=rf"{_LEADERSHIP_ZH}|{_LEADERSHIP_EN}|{_EN}editorial(?![A-Za-z])",
        statement=rf"{_LEADERSHIP_ZH}|{_LEADERSHIP_EN}"
        r"|dear (?:[A-Z][\w-]* )?(?:stakeholders|shareholders|investors)",
    ),
    _phrase(
        "sdg", "联合国可持续发展目标", "SDG mapping",
        title=rf"(?:可持续|永续)发展目标|{_EN}SDGs?(?![A-Za-z])|sustainable development goals",
        statement=r"联合国[^。；]{0,12}?(?:可持续|永续)发展目标|(?:17|十七)(?:个|项)?(?:联合国)?(?:可持续|永续)发展目标"
        rf"|2030(?:年)?可持续发展议程|{_EN}SDGs?(?![A-Za-z])|sustainable development goals|2030 agenda",
        listed=False,
    ),
    _phrase(
        "case_studies", "案例", "case studies",
        title=r"案例|case stud(?:y|ies)",
        statement=r"【[^】]{0,4}案例[^】]{0,6}】|\[案例[^\]]{0,6}\]|〖案例〗|案例[一二三四五六七八九十\d]{0,3}\s*[:：]"
        r"|case stud(?:y|ies)\s*[:：|–—]|^\s*case stud(?:y|ies)(?![A-Za-z])",
    ),
    _phrase(
        "feedback_form", "读者意见反馈", "reader feedback form",
        title=r"意见(?:反馈|回馈|调查|征询)|反馈表|读者(?:意见|反馈|回馈|调查)|feedback|reader survey",
        statement=r"意见(?:反馈|回馈)表|读者(?:意见)?(?:反馈|回馈)|(?:反馈|回馈)(?:意见)?(?:表|问卷)|意见(?:调查|征询)表"
        r"|您对本报告|对本报告的(?:总体)?评价|feedback (?:form|questionnaire)|reader survey",
    ),
    _phrase(
        "contact", "联系方式", "contact information",
        title=rf"联(?:系|络)(?:方式|我们|信息|资讯)|{_EN}contact(?:s| us| details| information)?\s*$",
        statement=r"联(?:系|络)(?:方式|电话|地址|邮箱|人|部门|窗口|资讯)(?:如下)?\s*[:：]|(?:电子)?(?:邮箱|邮件|信箱)\s*[:：]"
        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:电话|传真|tel|phone|telephone)\s*[:：]?\s*[+(（]?\d[\d\-()（） ]{6,}"
        r"|contact (?:us|details|information|person)\s*[:：]",
        listed=False,
    ),
)

# A target: a year after the report year (not an event date such as "2022年1月"), a goal word and a
# measure (a number other than the year, or a zero such as net zero).
_TARGET_YEAR = re.compile(
    r"(?<!\d)(20[2-6]\d)\s*年(?!\s*\d{1,2}\s*月)|\b(?:by|in|until|before|through)\s+(20[2-6]\d)(?!\d)"
    r"|(?<!\d)(20[2-6]\d)\s+(?:targets?|goals?)",
    re.I,
)
_GOAL = re.compile(
    r"目标|力争|争取|承诺|确保|实现|达到|达成|下降|降低|减少|削减|提升|提高|增加|增长|扩大|控制在|不超过|不低于|翻一番|减半|达峰|碳中和|净零"
    rf"|{_EN}(?:targets?|aims?|goals?|commit(?:s|ment|ted)?|pledge[sd]?|strive|reduce|cut|lower|increase"
    r"|raise|achieve|reach|double|halve|become|net[- ]zero|carbon[- ]neutral)(?![A-Za-z])",
    re.I,
)
_MEASURE = re.compile(
    r"(?<![\d.])(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*|碳中和|零|达峰|翻倍|翻番|翻一番|减半"
    rf"|{_EN}(?:net[- ]zero|carbon[- ]neutral\w*|climate[- ]neutral\w*|zero)(?![A-Za-z])",
    re.I,
)
_COMMITMENT = re.compile(rf"目标|力争|承诺|{_EN}(?:targets?|goals?|aims?|commit\w*|pledge\w*)(?![A-Za-z])", re.I)
_NOT_A_COMMITMENT = re.compile(
    r"预计|预期|预测|估计|预估|显示|表明|研究|招聘|招募|招收|截至|截止|expect\w*|forecast\w*|projected|projections?|estimat\w*"
    r"|anticipat\w*|according to|stud(?:y|ies)|research|recruit\w*|hir(?:e|ing)"
    r"|as of|as at",
    re.I,
)
_SDGS = re.compile(r"(?:可持续|永续)发展目标|SDGs?|sustainable development goals", re.I)  # the UN's goals
_OTHERS = re.compile(
    r"政府|国家|我国|全国|全球|情境|情景|巴黎协定|scenario|government|nation|countries|global|paris agreement", re.I
)
_OUR_COMMITMENT = re.compile(
    r"(?:我们|公司|本行|我行|集团)[^。；]{0,10}?(?:承诺|力争|目标|计划|将)"
    r"|\bwe (?:aim|commit|pledge|target|will|plan|strive)|\bour (?:target|goal|commitment|ambition|aim)",
    re.I,
)

_INCIDENT = re.compile(
    r"事故|伤亡|死亡|工亡|处罚|罚款|罚金|诉讼|违规|违法|泄漏|超标排放|被投诉|召回|通报批评|立案|未(?:能)?(?:完成|达成|实现)[^，。；]{0,8}目标"
    r"|\b(?:accidents?|fatalit(?:y|ies)|injur(?:y|ies)|fines?|fined|penalt(?:y|ies)|lawsuits?|litigation"
    r"|violations?|spills?|recalls?|breach(?:es)?|died|deaths?|lost (?:their|his|her) li(?:fe|ves)"
    r"|missed (?:its|our|the) target)\b",
    re.I,
)
_MISSED_TARGET = re.compile(r"未|missed", re.I)
_DISCIPLINE = re.compile(r"奖励|奖惩|考核")  # penalties the company hands out in its own reward system
_PENALTY = re.compile(r"处罚|罚款")
_HAPPENED = re.compile(r"fined|died|lost", re.I)  # the word is itself the event
_COUNT_ZH = r"\d+\s*(?:起|次|件|例|人|名|批|万元|元)|[一两二三四五六七八九十]+(?:起|次|件|例|名|批)"
_COUNT_EN = (  # a number, not a year
    r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|several"
)
_COUNTED_EN = rf"\b(?:{_COUNT_EN})\s+(?:[\w-]+\s+){{0,2}}$"  # "two fatalities", "441 occupational injuries"
# An incident word counts only as an event: something happened, was received, or is counted.
_EVENT_BEFORE = re.compile(
    rf"发生|出现|造成|受到|收到|被|涉及|导致|遭受|{_COUNT_ZH}"
    r"|\b(?:we|it|company|group|there|subsidiary)\s+(?:\w+\s+)?"
    r"(?:recorded|suffered|paid|received|incurred|faced|reported|had|were|was)\b"
    rf"|{_COUNTED_EN}",
    re.I,
)
_EVENT_AFTER = re.compile(
    rf"发生|出现|造成|导致|{_COUNT_ZH}"
    r"|^\s*(?:[\w-]+\s+){0,3}?(?:occurred|happened|took place|resulted|caused"
    r"|(?:was|were) (?:recorded|reported|filed|issued|imposed|paid))\b"
    rf"|^\s*(?:of|:|totall?ed|amounted to)?\s*(?:USD|US\$|\$|€|CHF|EUR|RMB)?\s*(?:{_COUNT_EN})\b",
    re.I,
)
_COUNTED = re.compile(_COUNT_ZH)
_COUNT_BEFORE = re.compile(_COUNTED_EN, re.I)
_NEGATION = re.compile(
    r"未发生|没有发生|未出现|未受到|未因|未有|不存在|无(?:重大|一般|较大|任何)?|零|0\s*(?:起|次|件|例|人)"
    r"|\b(?:no|zero|nil|without|nobody|none|not (?:involved|subject))\b",
    re.I,
)
_NO_EVENT_BEFORE = re.compile(  # prevention, or a generic or past reference
    r"防止|防范|预防|避免|杜绝|遏制|减少|降低|确保|不发生|不出现|类似|以往|过去"
    r"|\b(?:prevent\w*|avoid\w*|reduc\w*|minimi[sz]\w*|eliminat\w*|similar|past)\b",
    re.I,
)
_CONDITION = re.compile(  # a condition or a forecast
    r"^\W*(?:if|where|whenever|should|in (?:the )?(?:event|case))\b|如果|若|一旦|如发生|如有|预测|预计"
    r"|\b(?:could|would)\b",
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
_Hit = tuple[Passage, str]


def _fold(text: str) -> str:
    """``text`` with the Traditional characters the signal patterns use written in Simplified."""
    return text.translate(_TRADITIONAL)


def incident_kind(sentence: str) -> Incident | None:
    """"incident" if the sentence admits one, "zero_claim" if it denies one, None if it speaks of neither
    (a policy about violations, or a resolve to prevent them, is neither)."""
    sentence = _fold(sentence)
    found: Incident | None = None
    for match in _INCIDENT.finditer(sentence):
        clause_start = max((m.end() for m in re.finditer(r"[，,：:]", sentence[: match.start()])), default=0)
        before = sentence[max(clause_start, match.start() - 25) : match.start()]
        after = re.split(r"[，,。；;]", sentence[match.end() : match.end() + 20])[0]
        if _MISSED_TARGET.match(match.group()):
            return "incident"  # "未能完成年度节能目标": the miss is the event
        if _NEGATION.search(before) or _NEGATION.search(after):
            found = found or "zero_claim"
        elif _hypothetical(sentence, match, before):
            continue
        elif _HAPPENED.match(match.group()) or _EVENT_BEFORE.search(before) or _EVENT_AFTER.search(after):
            return "incident"
    return found


def _hypothetical(sentence: str, match: re.Match[str], before: str) -> bool:
    """An incident word that names no event of the period: one to prevent, a generic or past one, one
    under a condition or in a forecast, or a penalty the company hands out in its own reward system."""
    return bool(
        _NO_EVENT_BEFORE.search(before)
        or _CONDITION.search(sentence[: match.start()])
        or (_PENALTY.match(match.group()) and _DISCIPLINE.search(sentence))
    )


def is_target(sentence: str, report_year: int) -> bool:
    """Whether the sentence commits to a measurable goal for a year after ``report_year``."""
    s = _SDGS.sub(" ", _NUMBERING.sub("", _fold(sentence)))
    years = (int(next(y for y in m.groups() if y)) for m in _TARGET_YEAR.finditer(s))
    if not any(y > report_year for y in years) or not _GOAL.search(s) or not _MEASURE.search(s):
        return False
    if _NOT_A_COMMITMENT.search(s) and not _COMMITMENT.search(s):
        return False  # a forecast, a hiring plan, a figure as of a date
    return not _OTHERS.search(s) or bool(_OUR_COMMITMENT.search(s))  # else a government's or scenario's


def detect_signals(doc: Document, passages: Sequence[Passage]) -> dict[str, Signal]:
    """Every signal, present or not, with up to ``MAX_EVIDENCE`` quotes, best first."""
    content = [p for p in passages if p.role == "content"]
    signals: dict[str, Signal] = {}
    for phrase in PHRASES:
        signals[phrase.id] = _signal(phrase.name, phrase.name_en, list(_phrase_hits(phrase, content)))
    sentences = [(p, s) for p in content for s in _sentences(p.text)]
    after = doc.meta.report_year or 2019
    targets = [(p, s) for p, s in sentences if is_target(s, after)]
    signals["targets"] = _signal("量化目标", "targets with year and number", _ranked(targets, _commits))
    kinds = [(p, s, incident_kind(s)) for p, s in sentences]
    incidents = [(p, s) for p, s, k in kinds if k == "incident"]
    signals["negative_disclosure"] = _signal(
        "负面信息披露", "negative disclosure (incidents, penalties, lawsuits, missed targets)",
        _ranked(incidents, _counts_incidents),
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


# -- phrases ---------------------------------------------------------------------------------------
def _phrase_hits(phrase: _Phrase, content: Sequence[Passage]) -> Iterator[_Hit]:
    """The first quotable passage under each heading that names the section, then the statements."""
    titled: set[tuple[tuple[str, ...], str | None]] = set()
    quoted: set[str] = set()
    for p in content:
        key = (p.section, p.heading)
        if key not in titled and len(p.text.strip()) >= MIN_QUOTE_CHARS and _names_section(phrase, p.heading):
            titled.add(key)
            quoted.add(p.id)
            yield p, f"{(p.heading or '').strip()} — {p.text}"
    for p in content:
        if p.id not in quoted:
            yield from ((p, s) for s in _sentences(p.text) if _states(phrase, s))


def _names_section(phrase: _Phrase, heading: str | None) -> bool:
    """A heading that is the section's name: alone in it (a Chinese heading holds one run of characters
    besides its numbering), or most of it (an English one)."""
    if not heading:
        return False
    text = _NUMBERING.sub("", _fold(heading)).strip()
    match = phrase.title.search(text)
    if match is None or (phrase.unless is not None and phrase.unless.search(text)):
        return False
    if cjk_count(text):
        return len(text) <= 40 and sum(1 for part in text.split() if cjk_count(part)) == 1
    return len(text) <= 80 and 3 * len(match.group()) >= len(text)


def _states(phrase: _Phrase, sentence: str) -> bool:
    s = _fold(sentence)
    if phrase.unless is not None and phrase.unless.search(s):
        return False
    if phrase.about is not None and not phrase.about.search(s):
        return False
    return any(not (phrase.listed and _listed(s, m)) for m in phrase.statement.finditer(s))


def _listed(sentence: str, match: re.Match[str]) -> bool:
    """A section name in a contents entry, a navigation bar or a cross-reference, not a statement."""
    after = sentence[match.end() :]
    navigation = is_cjk(match.group()[-1]) and _NAME_AFTER.match(after)
    if _PAGE_AFTER.match(after) or navigation or _CONTENTS.search(sentence):
        return True
    return bool(_REFERENCE_BEFORE.search(sentence[max(0, match.start() - 8) : match.start()]))


# -- ranking and evidence --------------------------------------------------------------------------
def _counts_incidents(sentence: str) -> bool:
    """The sentence counts its incidents or penalties ("发生事故2起", "two fatalities"): quoted first."""
    s = _fold(sentence)
    counted_before = (_COUNT_BEFORE.search(s[: m.start()]) for m in _INCIDENT.finditer(s))
    return bool(_COUNTED.search(s)) or any(counted_before)


def _commits(sentence: str) -> bool:
    """The sentence names its target as one ("目标", "力争", "target"): quoted first."""
    return bool(_COMMITMENT.search(_fold(sentence)))


def _ranked(hits: Sequence[_Hit], strong: Callable[[str], bool]) -> list[_Hit]:
    """``hits`` with the strong ones first, each group in reading order."""
    return sorted(hits, key=lambda hit: not strong(hit[1]))


def _signal(name: str, name_en: str, hits: Sequence[_Hit], detail: str | None = None) -> Signal:
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
        name=name, name_en=name_en, present=bool(hits), evidence=tuple(evidence), count=count,
        detail=detail if detail is not None else (f"{count} 处 / places" if hits else None),
    )


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 6]
