"""Report-level facts found in the text: language, title and report year (the company: ``company.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analyzer.document import Language
from analyzer.extract.numbering import is_contents_title
from analyzer.textnorm import cjk_share, ends_sentence

_REPORT_WORDS = re.compile(
    r"(社会责任|可持续发展|ESG|环境、社会及(?:公司)?治理|环境信息披露|企业公民|TCFD|气候|永續|社會責任|報告|报告"
    r"|sustainability|responsibility|ESG|climate|impact)",
    re.I,
)
_NAMES_REPORT = re.compile(r"报告|報告|report", re.I)
_REPORT_KIND = (
    r"(?:企业)?(?:社会责任|社會責任|可持续发展|永續|可持續發展|ESG|环境、社会及(?:公司)?治理|環境、社會及管治"
    r"|环境信息披露|气候相关财务信息披露|TCFD|企业公民)"
)
_ZH_YEAR = re.compile(rf"((?:19|20)\d\d)\s*年?\s*度?\s*{_REPORT_KIND}[^。\n]{{0,12}}?(?:报告|報告|报告书|報告書)")
_EN_YEAR = [
    re.compile(
        r"((?:19|20)\d\d)\s+(?:corporate\s+)?(?:sustainability|esg|csr|responsibility|climate[\w ]{0,20}|impact)"
        r"[\w ]{0,20}report",
        re.I,
    ),
    re.compile(
        r"(?:sustainability|esg|csr|responsibility|climate|impact)[\w ]{0,30}report[\w ,]{0,10}?((?:19|20)\d\d)",
        re.I,
    ),
]
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def detect_language(text: str) -> Language:
    return "zh" if cjk_share(text) >= 0.25 else "en"


def detect_title(cover_headings: Sequence[str], headings: Sequence[str], first_lines: Sequence[str]) -> str | None:
    """The report's title: the first early heading (cover first) that names a report, else the cover's first."""
    for candidates in (cover_headings, headings, first_lines):
        for text in candidates:
            if 4 <= len(text) <= 50 and _REPORT_WORDS.search(text) and _NAMES_REPORT.search(text):
                return text
    plausible = [
        h for h in cover_headings
        if 2 <= len(h) <= 40 and not is_contents_title(h) and "。" not in h and not ends_sentence(h)
    ]
    return plausible[0] if plausible else None


def detect_report_year(title: str | None, early_text: str, file_name: str) -> int | None:
    """The year the report covers, from the title, the first pages, then the file name."""
    for source in (title or "", early_text, file_name):
        m = _ZH_YEAR.search(source)
        if m:
            return int(m.group(1))
        for pattern in _EN_YEAR:
            m = pattern.search(source)
            if m:
                return int(m.group(1))
    years = [int(y) for y in _ANY_YEAR.findall(title or "")] or [int(y) for y in _ANY_YEAR.findall(file_name)]
    return max(years) if years else None



# -- the company -----------------------------------------------------------------------------------
# A Chinese name is the run of ideographs before a legal form ("…股份有限公司", "…集团", "…银行"), less
# the words before it that are not part of it ("报告范围本报告覆盖…", "结合…", "第一节…"). Each
# occurrence in the title, on the cover and in the first pages votes for its name, more where the text
# says whose report it is: "本报告是…", "报告组织范围：…", "…（以下简称“公司”）", "…2016年度社会责任报告",
# the glossary's "本公司 | 指 | …"; less where it marks another company (a shareholder, a subsidiary, a
# former name). A bare "…公司" counts only where the text says it is the reporter.
