"""Disclosure signals: negation-aware incidents, targets, phrase signals (headings and statements, not
contents entries or passing mentions), and the signal lists of a real-style and a real report."""

from __future__ import annotations

import re

import pytest

from analyzer.document import Block, Document, DocumentMeta, Page
from analyzer.extract import extract
from analyzer.indicators.signals import Signal, detect_signals, incident_kind, is_target
from analyzer.passages import split_passages
from tests.corpus import corpus_path
from tests.pdf_fixtures import SAMPLE_PDF

INCIDENTS = [
    "报告期内，公司发生一起轻伤损工事故，已完成整改。",
    "2023年，公司因废气超标排放被生态环境局罚款12万元。",
    "公司子公司涉及一起合同纠纷诉讼，目前尚在审理中。",
    "全年发生生产安全事故2起，造成1人死亡。",
    "公司收到监管部门出具的警示函并被通报批评。",
    "受原料价格影响，公司未能完成年度节能目标。",
    "本年度共召回问题产品3批次。",
    "公司未发生重大安全事故，但发生一起轻伤事故。",
    "In 2022 we recorded two fatalities at our mining operations.",
    "The company was fined USD 1.2 million for a permit violation.",
    "A chemical spill occurred at our plant in March.",
    "Regrettably, two employees lost their lives in work-related accidents.",
    "In 2021, we received one notice of violation for a self-reported issue.",
    "報告期內，公司發生一起輕傷事故，已完成整改。",  # Traditional characters
]
ZERO_CLAIMS = [
    "报告期内，公司未发生重大安全生产事故。",
    "公司全年无环境污染事故，未受到环保部门处罚。",
    "本年度未发生因违反反垄断法律法规而受到处罚的情况。",
    "公司不存在重大诉讼、仲裁事项。",
    "全年实现零死亡、零重伤。",
    "报告期内未发生数据泄漏事件。",
    "公司连续五年未发生产品召回。",
    "全年工伤事故0起。",
    "There were no fatalities in 2023.",
    "We had zero significant fines for non-compliance.",
    "報告期內，本集團未發生較大的人身安全事故。",
    "No financial penalty resulted from the notice, and no other penalties resulted from inspections.",
]
NEITHER = [
    "公司严禁任何形式的违规行为，对违规者严肃追责。",
    "We have a policy on preventing accidents and injuries.",
    "公司持续完善安全生产管理体系。",
    "加强现场管理，努力营造安全生产文化氛围，有效防止安全事故发生。",
    "安全目标：杜绝运输飞行事故、重特大航空地面事故和特大航空器维修事故。",
    "政府及监管机构 | 信息披露 | 不发生安全运营事故 | 接受监督和考核",
    "修订航班正常奖惩规定，共实施奖励170次，处罚33起。",  # the company's own reward system
    "结合公司以往发生的一些安全生产事故，讲解如何应对紧急情况。",
    "据咨询机构预测，自动驾驶可使车辆碰撞事故发生率减少九成。",
    "The reported occupational accidents are systematically analysed by the Safety Officer.",
    "Where an investigation confirms that a compliance violation has occurred, the company takes measures.",
    "Injury Rate (2018-2021) as compared to the 2020 industry average.",
    "The central platform we launched in 2021 for integrated accident management supports the sites.",
]
TARGETS = [
    "力争2025年单位产值能耗较2020年下降10%。",
    "公司承诺2030年前实现运营层面碳达峰、2060年前实现碳中和。",
    "到2025年，女性管理者占比提升至30%。",
    "以2020年為基準，2030年範疇1&2絕對碳排減少42%。",
    "設定「零煤融資」目標於2027年第一季底達成所有煤炭授信額度歸零。",
    "We aim to reduce our Scope 1 and 2 emissions by 42% by 2030.",
    "Goal: Net zero by 2025 across the entire value chain.",
]
NOT_TARGETS = [
    "截至2021年末，工作站共有在站博士后2人，计划在2022年再招聘2人。",  # a hiring plan
    "项目预计2023年投产，投产后每年可减少二氧化碳排放5万吨。",  # a forecast
    "国家提出2030年前碳达峰、2060年前碳中和的目标。",  # the government's goal
    "情境分析假设全球循序渐进以达到2050年净零排放。",  # a scenario
    "分析显示，到2030年，自动驾驶车队的温室气体排放将减少63%。",  # a study's finding
    "2022年1月，公司新增分布式光伏装机5兆瓦。",  # an event after the period, no goal
    "2021年，公司实现营业收入100亿元，同比增长12%。",  # the report year itself
    "3.本行依循指引，透过指标与目标等面向，分析2023年即将开展之永续金融评鉴。",  # a list number is no measure
    "Scientists expect the world population to grow to around 10 billion people by 2050.",
    "Our initiative supports the aims of the Paris Agreement, which calls for global net zero by 2050.",
    "We are entering the decisive decade for achieving the Sustainable Development Goals by 2030.",
]


@pytest.mark.parametrize("sentence", INCIDENTS)
def test_an_admitted_incident_is_negative_disclosure(sentence: str) -> None:
    assert incident_kind(sentence) == "incident"


@pytest.mark.parametrize("sentence", ZERO_CLAIMS)
def test_a_denied_incident_is_a_zero_claim(sentence: str) -> None:
    assert incident_kind(sentence) == "zero_claim"


@pytest.mark.parametrize("sentence", NEITHER)
def test_a_policy_a_resolve_or_a_forecast_is_neither(sentence: str) -> None:
    assert incident_kind(sentence) is None


@pytest.mark.parametrize("sentence", TARGETS)
def test_a_measurable_commitment_is_a_target(sentence: str) -> None:
    assert is_target(sentence, 2021)


@pytest.mark.parametrize("sentence", NOT_TARGETS)
def test_plans_forecasts_and_others_goals_are_no_targets(sentence: str) -> None:
    assert not is_target(sentence, 2021)


# -- phrase signals on one-passage reports ----------------------------------------------------------
def signals_of(*passages: tuple[str | None, str], year: int = 2021) -> dict[str, Signal]:
    """The signals of a report with one paragraph per page, each under its heading (or none)."""
    meta = DocumentMeta(
        file="t.txt", sha256="0" * 64, format="txt", pages=len(passages), language="zh", report_year=year
    )
    blocks = tuple(
        Block(id=f"p{n}-b1", kind="paragraph", text=text, page=n, section=(heading,) if heading else ())
        for n, (heading, text) in enumerate(passages, start=1)
    )
    doc = Document(meta=meta, pages=tuple(Page(number=n) for n in range(1, len(passages) + 1)), blocks=blocks)
    return detect_signals(doc, split_passages(doc))


LETTER = "Dear Readers, last year we were delighted to receive an award for our work on sustainability."
SHOWN = [
    ("report_period", None, "本报告时间范围为2023年1月1日至2023年12月31日，部分内容适当追溯以往年份。"),
    ("report_period", None, "The reporting period is the 2021 fiscal year; all data were closed on December 31."),
    ("report_scope", None, "The Sustainability Report relates to the parent company and all its subsidiaries."),
    ("report_scope", None, "報吿範圍本報告的主體範圍為本公司及下屬子公司、分公司。"),
    ("assurance", None, "本报告中温室气体排放数据已经独立第三方核查机构核查，并出具有限保证核查声明。"),
    ("assurance", None, "SGS was commissioned to conduct an independent assurance of the sustainability data."),
    ("materiality", "（二）实质性议题", "公司通过问卷与访谈征集各方意见，确定对公司和社会具有重要影响的议题清单。"),
    ("stakeholder_engagement", "2.1利益相关方沟通", "本行建立了常态化的沟通机制，以多渠道的活动了解各方的期望与诉求。"),
    ("governance_body", None, "金控設立董事會層級永續發展委員會，由董事長擔任召集人，督導氣候策略。"),
    ("governance_body", None, "The Audit & ESG Reporting Committee of the Board defines the key performance indicators."),
    ("leadership_statement", "高管致辞", "2021年是意义非凡的一年，本行坚守初心和使命，在服务实体经济方面取得成效。"),
    ("leadership_statement", "Stakeholders’ letter", LETTER),
    ("sdg", None, "我们的行动与联合国17项可持续发展目标保持一致，并在各章节标注对应目标。"),
    ("case_studies", None, "【案例】信用卡中心积极运用科技手段推进消保审查工作的系统化、流程化。"),
    ("case_studies", None, "案例：貴定海螺淘汰落後用水工藝，採用節水新設備，提升水資源使用效率。"),
    ("feedback_form", "意见反馈表", "感谢您阅读本报告，请您提出宝贵的意见和建议，我们将认真研究并持续改进。"),
    ("contact", None, "如对本报告有任何意见，欢迎与我们联系。电话：021-5000 0000，电子邮箱：esg@example.com。"),
]
NOT_SHOWN = [
    ("report_period", None, "Acquisitions are included from 1 January of the year following the acquisition."),
    ("report_period", None, "Like-for-like includes assets owned between January 1, 2020 to December 31, 2022."),
    ("report_period", None, "报告期内，公司持续完善安全管理体系，开展各类安全培训与应急演练。"),
    ("assurance", None, "会计师事务所为公司出具了内部控制鉴证报告和募集资金存放与使用情况鉴证报告。"),
    ("assurance", None, "We currently do not seek independent assurance of non-financial data."),
    ("assurance", None, "下一步，公司将推动更多ESG数据接受第三方鉴证，持续提升信息披露质量。"),
    ("stakeholder_engagement", None, "您认为公司在与利益相关方沟通交流方面做得如何？〇好〇较好〇一般〇差"),
    ("stakeholder_engagement", "Stakeholders’ letter", LETTER),
    ("governance_body", None, "本报告参照全球可持续发展标准委员会（GSSB）发布的GRI标准编制。"),
    ("governance_body", None, "公司是联合国开发计划署可持续发展顾问委员会的创始成员，积极参与全球对话。"),
    ("leadership_statement", None, "报告相关说明 董事长致辞 01 公司概况 03 风险管控 05 股东责任 07"),
    ("leadership_statement", None, "目录Contents编制说明董事长致辞2016年社会责任指标"),
    ("leadership_statement", "董事会声明", "本公司董事会及全体董事保证本报告内容不存在任何虚假记载、误导性陈述或重大遗漏。"),
    ("leadership_statement", "董事长致辞 公司概况 风险管控 股东责任", "公司坚持以市场为导向，逐步完善经销商管理体系，拓展市场。"),
    ("sdg", None, "公司围绕自身可持续发展目标，持续完善管理体系，推动高质量发展。"),
    ("case_studies", None, "通过培训负责人例会、直播、典范案例宣传等渠道，落实合规要求传达。"),
    ("case_studies", None, "组织开展案例分享、专利挖掘等活动，提升全员保护知识产权的积极性。"),
    ("feedback_form", None, "国航为旅客开设多种反馈渠道，积极应对旅客意见反馈，以真诚的服务回报旅客信任。"),
    ("feedback_form", None, "获奖情况 31 公司地址：山西省汾阳市杏花村 意见反馈表 32 邮政编码：032205"),
    ("contact", None, "We proactively make this contact information known through internal and external channels."),
]


@pytest.mark.parametrize(("signal", "heading", "text"), SHOWN)
def test_a_heading_or_statement_shows_the_signal(signal: str, heading: str | None, text: str) -> None:
    assert signals_of((heading, text))[signal].present


@pytest.mark.parametrize(("signal", "heading", "text"), NOT_SHOWN)
def test_contents_entries_and_passing_mentions_do_not(signal: str, heading: str | None, text: str) -> None:
    assert not signals_of((heading, text))[signal].present


def test_a_heading_is_quoted_before_a_passing_mention() -> None:
    signal = signals_of(
        (None, "公司建立了常态化的利益相关方沟通机制，多渠道回应各方关切。"),
        ("利益相关方沟通", "公司通过股东大会、客户满意度调查、员工座谈会等方式与各方保持沟通。"),
    )["stakeholder_engagement"]
    assert [e.page for e in signal.evidence] == [2, 1] and signal.evidence[0].text.startswith("利益相关方沟通 — ")


def test_counted_incidents_and_named_targets_are_quoted_first() -> None:
    signals = signals_of(
        (None, "公司收到监管部门出具的警示函并被通报批评。全年发生生产安全事故2起，造成1人死亡。"),
        (None, "到2025年，单位产品能耗下降8%。公司力争2030年前实现碳达峰，单位产值碳排放较2020年下降30%。"),
    )
    assert signals["negative_disclosure"].evidence[0].text.startswith("全年发生生产安全事故2起")
    assert signals["targets"].evidence[0].text.startswith("公司力争2030年前")


def test_the_sample_report_signals() -> None:
    doc = extract(SAMPLE_PDF)
    signals = detect_signals(doc, split_passages(doc))
    present = {k for k, s in signals.items() if s.present}
    assert present >= {
        "report_period", "report_scope", "materiality", "stakeholder_engagement", "governance_body",
        "leadership_statement", "case_studies", "feedback_form", "contact", "targets",
        "negative_disclosure", "zero_incident_claims", "content_index", "report_year",
    }
    assert "sdg" not in present  # the sample never mentions the SDGs
    assert any("轻伤损工事故" in e.text for e in signals["negative_disclosure"].evidence)
    targets = signals["targets"].evidence
    assert "2028" in targets[0].text and all(re.search(r"20(?:2[5-9]|[3-6]\d)年", e.text) for e in targets)
    assert signals["content_index"].detail == "GRI" and {e.page for e in signals["content_index"].evidence} <= {21, 22}
    assert signals["report_year"].detail == "2024"


def test_ping_an_signals() -> None:
    """Ping An 2021: no hiring plan among the targets, the executives' statement by its heading, case studies
    by their 【案例】 labels, and no assurance (its assurance statement is not in the PDF)."""
    doc = extract(corpus_path("pdf-zh", "平安银行：2021年社会责任报告.PDF"))
    signals = detect_signals(doc, split_passages(doc))
    assert not any("招聘" in e.text for e in signals["targets"].evidence)
    assert signals["leadership_statement"].evidence[0].text.startswith("高管致辞")
    assert all(e.text.startswith("【案例】") for e in signals["case_studies"].evidence)
    assert not signals["assurance"].present and not signals["governance_body"].present
    assert all(signals[key].present for key in ("report_period", "report_scope", "feedback_form", "contact"))
