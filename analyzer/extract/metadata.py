"""Report-level facts found in the text: language, title, company and report year."""

from __future__ import annotations

import re
from collections import Counter
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
_ZH_COMPANY = re.compile(
    r"([\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|銀行|银行|金控|公司))"
)
_EN_COMPANY = re.compile(
    r"\b((?:[A-Z][\w&.'-]*\s){0,5}?[A-Z][\w&.'-]*,?\s(?:Inc\.?|AG|plc|PLC|Ltd\.?|Limited|Corporation|Corp\.?"
    r"|Co\.,?\s?Ltd\.?|Group|N\.V\.|S\.A\.|SE|LLC|Bank))"
)
_COMPANY_TAIL = re.compile(r"[)）]?(?:股份有限公司|有限责任公司|有限公司|股份公司|公司)")
_COMPANY_STOP = re.compile(r"^(本|我|该|各|子|母|分|控股|上市|全资|公司|集团|本公司|的)")


def _full_name(text: str, m: re.Match[str]) -> str:
    """The match, extended by a legal-form tail it stopped short of ("…集团" + "股份有限公司")."""
    tail = _COMPANY_TAIL.match(text, m.end(1))
    return (m.group(1) + (tail.group(0) if tail else "")).strip(" ,")


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


def detect_company(
    title: str | None, cover_lines: Sequence[str], early_text: str, language: Language
) -> str | None:
    """The reporting company: named in the title or on the cover, else the name most repeated early on."""
    pattern = _ZH_COMPANY if language == "zh" else _EN_COMPANY
    for line in ([re.sub(r"(?:19|20)\d\d.*$", "", title).strip()] if title else []) + list(cover_lines):
        for m in pattern.finditer(line):
            name = _full_name(line, m)
            if not _COMPANY_STOP.match(name):
                return name
    counts = Counter(
        _full_name(early_text, m) for m in pattern.finditer(early_text) if not _COMPANY_STOP.match(m.group(1))
    )
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None
