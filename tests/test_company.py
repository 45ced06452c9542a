"""Report metadata: the reporting company named on the cover, in the report's notes and in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.extract import extract
from analyzer.extract.company import company_in, detect_company, is_company_name
from tests.corpus import corpus_path


def company(text: str, title: str | None = None, cover: int = 4, language: str = "zh") -> str | None:
    """detect_company as the builder calls it: the first lines are the cover, all of it the early text."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return detect_company(title, lines[:cover], "\n".join(lines), language)  # type: ignore[arg-type]


# -- Chinese ---------------------------------------------------------------------------------------
def test_the_name_in_the_title_before_the_year() -> None:
    text = """
        江苏恒润新材料股份有限公司2023年度社会责任报告
        本公司董事会及全体董事保证本报告内容不存在任何虚假记载、误导性陈述或者重大遗漏。
        本报告是根据《公司法》及上海证券交易所《关于做好上市公司2023年年度报告工作的通知》等相关规定编制的。
        第一节公司基本情况
        公司控股股东为江苏恒润控股集团有限公司，公司为上海证券交易所上市公司。
    """
    assert company(text, title="江苏恒润新材料股份有限公司2023年度社会责任报告") == "江苏恒润新材料股份有限公司"


def test_the_name_after_the_lead_in_of_the_report_notes() -> None:
    # A pdf-to-text cover: the notes' headings run into their text, the title names no company.
    text = """
        2023社会责任报告
        报告编制说明
        报告组织范围：本报告覆盖华东精工机械股份有限公司（以下简称“华东精工”、“公司”或“我们”）及下属子公司。
        报告范围本报告以华东精工机械股份有限公司为主体，部分内容涉及控股子公司。
        数据来源本报告所引用数据来源于公司内部统计，并结合公司实际情况编制。
        第一节公司简介
        联系方式：华东精工机械股份有限公司证券部
    """
    assert company(text, title="2023社会责任报告") == "华东精工机械股份有限公司"


def test_the_company_introduced_as_hereinafter_wins_over_its_shareholder_and_partners() -> None:
    text = """
        社会责任报告
        结合海川生物医药股份有限公司（以下简称“公司”）2023年度履行社会责任的具体情况编制。
        公司控股股东为海川投资集团有限公司，实际控制人为海川控股有限公司。
        2023年，公司与上海华康医药有限公司、北京和济医疗器械有限公司签署战略合作协议。
        海川生物医药股份有限公司在深圳证券交易所上市，证券代码：300999。
    """
    assert company(text, title="社会责任报告") == "海川生物医药股份有限公司"


def test_the_glossary_says_whose_report_it_is() -> None:
    text = """
        重要提示
        本报告以中、英文两种文字编制。
        第一节释义
        公司、本公司、华钢股份 | 指 | 华中钢铁股份有限公司
        集团公司、华钢集团 | 指 | 华钢（集团）控股有限公司
        香港联交所 | 指 | 香港联合交易所有限公司
    """
    assert company(text, title="第一节释义") == "华中钢铁股份有限公司"


def test_a_short_name_on_the_cover_counts_for_the_full_name() -> None:
    text = """
        东海银行 EHBANK
        2023东海银行企业社会责任报告
        报告说明
        本报告以上海东海发展银行股份有限公司（以下简称“东海银行”或“本行”）为主体，涵盖总行及各分行。
        东海银行持续推进普惠金融，东海银行手机银行用户突破三千万户。
    """
    assert company(text) == "上海东海发展银行股份有限公司"


def test_a_report_on_a_group_with_brackets_keeps_them() -> None:
    text = """
        平和保险（集团）股份有限公司 2023企业社会责任报告
        报告的组织范围：本报告以平和保险（集团）股份有限公司为主体，涵盖旗下各专业公司。
    """
    assert company(text) == "平和保险（集团）股份有限公司"


@pytest.mark.parametrize(
    "name",
    ["美的集团股份有限公司", "中船海洋与防务装备股份有限公司", "TCL科技集团股份有限公司", "日照港股份有限公司"],
)
def test_names_with_characters_that_also_start_phrases(name: str) -> None:
    # "的", "与", a Latin prefix, "日": inside a name, yet the name stands alone on the cover.
    text = f"""
        {name}
        2023年度社会责任报告
        报告期内，{name}（以下简称“公司”）持续完善治理。
        本报告覆盖{name}及其子公司。
    """
    assert company(text) == name


def test_generic_phrases_are_never_a_name() -> None:
    text = """
        第一节公司基本情况
        (一）公司治理
        报告期内，公司严格按照《深圳证券交易所上市公司规范运作指引》，结合公司实际情况，规范公司治理。
        公司为深圳证券交易所上市公司，归属于母公司的净利润增长12%，下属子公司运行平稳。
    """
    assert company(text, title="第一节公司基本情况") is None


def test_traditional_chinese_covers() -> None:
    bank = """
        華南商業銀行股份有限公司
        2022年氣候相關財務揭露(TCFD)報告書
        目錄
        本行（以下簡稱「本行」）於2022年導入TCFD架構。
    """
    assert company(bank, title="2022年氣候相關財務揭露(TCFD)報告書") == "華南商業銀行股份有限公司"
    spaced = """
        台 新 銀 行
        2022年氣候相關財務揭露報告書
        台新銀行面對氣候變遷的議題，亦採取積極的作為。
    """
    assert company(spaced) == "台新銀行"
    hong_kong = """
        （在中華人民共和國註冊成立之股份有限公司）
        環境、社會及管治報告
        本報告的主體範圍為東方水泥股份有限公司及下屬子公司、分公司。
    """
    assert company(hong_kong) == "東方水泥股份有限公司"


def test_an_english_name_where_the_report_has_no_chinese_one() -> None:
    text = """
        BEIJING UNITED HOLDINGS LIMITED
        2016 Corporate Social Responsibility Report
        本报告介绍公司2016年履行社会责任的情况。
    """
    assert company(text) == "BEIJING UNITED HOLDINGS LIMITED"


# -- English ---------------------------------------------------------------------------------------
def test_english_the_name_of_the_organization() -> None:
    text = """
        2021 Sustainability Supplement
        GRI Content Index
        102-1 Name of the organization Northwind Motors Company 102-2 Activities, brands 2021 Form 10-K
        Northwind Motors is a publicly held company listed on the New York Stock Exchange.
    """
    assert company(text, title="2021 Sustainability Supplement", language="en") == "Northwind Motors Company"


def test_english_refers_to_and_not_the_exchange() -> None:
    text = """
        ENVIRONMENTAL, SOCIAL AND GOVERNANCE REPORT 2019
        This report is prepared under the ESG Reporting Guide of The Stock Exchange of Hong Kong Limited.
        "Chalcor" or the "Company" refers to Copper Corporation of China Limited.
        "SEHK" refers to The Stock Exchange of Hong Kong Limited.
        Copper Corporation of China Limited and its subsidiaries (the "Group") operate 30 plants.
    """
    assert company(text, language="en") == "Copper Corporation of China Limited"


def test_english_a_name_without_a_legal_form() -> None:
    cover = """
        Maple REIT 2022 ESG Report
        Maple Real Estate Investment Trust
        Maple REIT owns 370 properties. Maple REIT is committed to net zero by 2050.
    """
    assert company(cover, language="en") == "Maple Real Estate Investment Trust"
    subject = """
        Sustainability Report 2021
        The Annual Report and the Sustainability Report together make up Alpicom’s reporting on 2021.
        Alpicom is committed to preparing itself and its customers for the future.
        The images show Alpicom services for small businesses; Alpicom’s employees took part.
    """
    assert company(subject, language="en") == "Alpicom"


def test_english_phrases_are_not_names() -> None:
    text = """
        Climate Action Plan
        Our Company is committed to net zero. The Company and the Group report under TCFD.
        The ESG Working Group meets quarterly.
    """
    assert company(text, language="en") is None


# -- one piece of text, and vetting a name ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("江苏华纺纺织股份有限公司2023年度社会责任报告", "江苏华纺纺织股份有限公司"),
        ("证券代码：600000 证券简称：东海银行", "东海银行"),
        ("报告范围本报告覆盖华东精工机械股份有限公司及其子公司", "华东精工机械股份有限公司"),
        ("第一节公司", None),
        ("深圳证券交易所上市公司", None),
        ("China Merchants Bank Co., Ltd. 2023 Sustainability Report", "China Merchants Bank Co., Ltd."),
        ("the Group", None),
    ],
)
def test_company_in_one_text(text: str, name: str | None) -> None:
    assert company_in(text) == name


def test_is_company_name() -> None:
    assert is_company_name("平安银行股份有限公司") and is_company_name("Geely Automobile Holdings Limited")
    assert not is_company_name("报告范围本报告覆盖华东精工机械股份有限公司")
    assert not is_company_name("深圳证券交易所上市公司") and not is_company_name("结合公司")


def test_a_text_report_gets_its_company(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "2023年度社会责任报告\n\n报告说明\n\n本报告是华东精工机械股份有限公司（以下简称“公司”）发布的第五份社会责任报告。\n\n"
        "第一节公司简介\n\n公司为深圳证券交易所上市公司。\n",
        encoding="utf-8",
    )
    assert extract(report).meta.company == "华东精工机械股份有限公司"


# -- real reports ----------------------------------------------------------------------------------
@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "file", "name"),
    [
        # Before: "第一节公司", "深圳证券交易所上市公司", "）股份有限公司", "浦发银行".
        ("txt-zh-2016", "Beijing City汽车制造业北汽福田汽车股份有限公司 .txt", "北汽福田汽车股份有限公司"),
        ("txt-zh-2016", "Yunnan Province医药制造云南白药集团股份有限公司.txt", "云南白药集团股份有限公司"),
        ("txt-zh-2016", "Guangdong Province金融中国平安保险(集团)股份有限公司.txt", "中国平安保险（集团）股份有限公司"),
        ("txt-zh-2016", "Shanghai City金融上海浦东发展银行股份有限公司.txt", "上海浦东发展银行股份有限公司"),
        ("pdf-zh", "平安银行：2021年社会责任报告.PDF", "平安银行股份有限公司"),
    ],
)
def test_the_company_of_real_reports(folder: str, file: str, name: str) -> None:
    # Under a neutral name, so that the file name cannot help.
    assert extract(corpus_path(folder, file), name="report" + Path(file).suffix.lower()).meta.company == name
