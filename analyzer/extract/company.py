"""The company a report is by: candidate names before a legal form (Chinese, Traditional Chinese,
English), scored by where they stand (title, cover, "本报告…", "（以下简称…）", glossary) and how often."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from analyzer.document import Language
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ZH_FULL_FORM = r"(?:股份有限公司|有限[责責]任公司|有限公司|股份公司|集[团團]公司|[总總]公司)"
_ZH_FORM = re.compile(
    rf"(?:(?:[（(]集[团團][)）]|集[团團]|[（(]控股[)）]|控股|[银銀]行|金控)?{_ZH_FULL_FORM}"
    r"|集[团團]|[银銀]行|金控|公司)"
)
_ZH_FULL_FORM_END = re.compile(f"{_ZH_FULL_FORM}$")
_RUN_CHAR = re.compile(rf"[{_CJK}（）()·]")
_LATIN_PREFIX = re.compile(r"(?<![A-Za-z])[A-Z]{2,4}\s?$")  # "TCL集团股份有限公司"
_MAX_RUN = 30
# Words that end the text before a name: the report's own phrases, chapter marks, verbs.
_LEAD_IN_WORDS = (
    "本报告 本報告 报告书 報告書 报告 報告 本公司 本集团 本集團 本行 我公司 我们 我們 范围 範圍 覆盖 覆蓋 涵盖 涵蓋 包括 包含"
    " 主体 主體 来自于 來自於 来自 來自 来源于 來源於 来源 來源 源自 源于 归属于 歸屬於 隶属于 隸屬於 感谢您阅读 感謝您閱讀"
    " 感谢阅读 阅读 閱讀 此乃 关于 關於 联系方式 聯繫方式 聯系方式 年度 简介 簡介 概况 概況 名称 名稱 全称 全稱 说明 說明 介绍"
    " 介紹 致辞 致辭 部分 管治 发布 發布 發佈 编制 編製 审议 審議 通过 通過 召开 召開 会议 會議 资料 資料 请登录 請登錄 登录"
    " 访问 訪問 参见 參見 详见 詳見 审计 審計 结合 結合 促进 促進 完善 规范 規範 推动 推動 推进 推進 强化 強化 助力 确保 確保"
    " 根据 根據 按照 依据 依據 遵循 作为 作為 成为 成為 代表 全年 年内 期内 期間 期间 之一 中的 上的 保证 保證 承诺 承諾"
    " 获取 獲取 周期 週期 标准 標準 指代 称谓 稱謂 前言 序言"
).split()
# Single characters: those never inside a name are cut like the words; the others ("与", "和", "经",
# "章" …) only where the name does not stand alone elsewhere ("中船海洋与防务装备…" keeps its "与").
_STRONG_CHARS = "是为為系指以由对對在将將了即从從等或暨并並于於次"
_WEAK_CHARS = "与與及和之经經向的章节節篇页頁"
_WORDS = "|".join(sorted(_LEAD_IN_WORDS, key=len, reverse=True))
_SAFE_LEAD_IN = re.compile(rf".*(?:{_WORDS}|[{_STRONG_CHARS}])")
_ANY_LEAD_IN = re.compile(rf".*(?:{_WORDS}|[{_STRONG_CHARS}{_WEAK_CHARS}])")
_FUNCTION_CHARS = re.compile(f"^[{_STRONG_CHARS}{_WEAK_CHARS}]+")
_CHAPTER = re.compile(r"^.*第[\d一二三四五六七八九十]+[章节節部篇]")
# Text before a legal form that is not a company's own name.
_ZH_NOT_A_NAME = re.compile(
    r"交易所|上市|代码|代碼|简称|簡稱|说明|說明|范围|範圍|以下|指引|下属|下屬|所属|所屬|子公司|分公司|母公司|全资|全資|控股子"
    r"|根据|根據|关于|關於|原名|前身|网站|網站|事务所|事務所|登记结算|登記結算|委员会|委員會|协会|協會|报告|報告|责任|責任"
    r"|股份|有限|公司"
)
_ZH_NOT_A_START = re.compile(
    r"^(?:本|我|该|該|各|其|此|某|每|全资|全資|全体|全體|下属|所属|上市|控股|参股|參股|合资|合資|联营|聯營|旗下|一家|这|這|那"
    r"|年|月)"
)
_REPORT = r"(?:报告|報告)"
# Whose report it is: said before the name, or after it.
_ZH_OWN_BEFORE = re.compile(
    rf"(?:本|此)(?:{_REPORT}书?|報告書)[^。；;！!《》\n]{{0,12}}?(?:是|为|為|指|以|覆盖|覆蓋|涵盖|涵蓋|包括|主体|主體)"
    r"[^。；;\n]{0,4}$"
    r"|(?:组织范围|組織範圍|报告主体|報告主體|报告范围|報告範圍|发布主体|發布主體|公司名称|公司名稱|中文名称|中文名稱|中文全称"
    r"|法定中文名称|法定名稱|公司全称|公司全稱|企业名称|企業名稱)[为為是：:\s|]*$"
    r"|(?:本公司|本集团|本集團|公司|本行)[^|\n]{0,16}\|\s*指\s*\|\s*$"
    r"|(?:结合|結合)$"
)
_ZH_OWN_AFTER = re.compile(
    r"^\s*[（(][^）)\n]{0,24}?(?:以下简称|以下簡稱|以下称|以下稱|下称|下稱|简称|簡稱)"
    rf"|^\s*[（(]?\s*(?:19|20)\d\d\s*年?\s*度?\s*[^。\n]{{0,16}}?{_REPORT}"
    r"|^\s*[》」]?\s*(?:企业)?(?:社会责任|社會責任|可持续发展|可持續發展|永續|ESG|环境、社会|環境、社會|气候|氣候|TCFD)"
    rf"[^。，,\n]{{0,12}}?{_REPORT}"
)
# Another company than the reporter: a shareholder, a subsidiary, a former name, an auditor.
_ZH_OTHER_BEFORE = re.compile(
    r"(?:控股股东|控股股東|实际控制人|實際控制人|股东|股東|母公司|子公司|下属|下屬|旗下|所属|所屬|全资|全資|控股|参股|參股|合资|合資"
    r"|联营|聯營|收购|收購|并购|併購|合作|委托|委託|聘请|聘請|审计|審計|鉴证|鑑證|前身|原名|隶属|隸屬|授予"
    r"|颁发|頒發|评为|評為|曾任)[^。，,；;\n]{0,6}$"
)
# Points of a name: in the title; in a line of the cover, or opening one; each (of two) places where the
# text says it is the reporter's; a full legal form; a bare "…公司"; each (of two) places marking another
# company; and "occurrence" × log2(1 + occurrences). A name needs _MIN_SCORE: a full legal name found
# once (2 + 2), a short one twice (2 × log2 3 ≈ 3.17), not a short one once.
_SCORE = {
    "title": 6, "cover": 3, "cover_line": 5, "own": 6, "occurrence": 2, "full_form": 2, "bare": -2,
    "other": -4,
}
_MIN_SCORE = 3.1
_SPACED_OUT = re.compile(rf"(?:[{_CJK}]\s+)+[{_CJK}]")  # "台 新 銀 行"


def _spaced_out(line: str) -> str:
    """"台 新 銀 行" → "台新銀行": a cover set in spaced letters."""
    return re.sub(r"\s+", "", line) if _SPACED_OUT.fullmatch(line) else line


def _balanced(body: str) -> str:
    """The body without an unclosed bracket and what precedes it ("（以下简称…" before a name)."""
    depth, cut = 0, 0
    for i, char in enumerate(body):
        if char in "（(":
            depth += 1
        elif char in "）)":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    body = body[cut:]
    while depth > 0:
        i = max(body.rfind("（"), body.rfind("("))
        body, depth = body[i + 1 :], depth - 1
    return body


class _Occurrence(NamedTuple):
    """A legal form in a line and the run of name characters before it."""

    body: str  # the run, less an unclosed bracket and a chapter mark before the name
    alone: bool  # the run is the name: it opens the line or follows punctuation, no lead-in word in it
    safe: str  # the body less the words and characters that are never part of a name
    greedy: str  # the body less every lead-in word and character
    form: str
    end: int  # in the line


def _zh_occurrences(text: str) -> list[_Occurrence]:
    """Every legal form in ``text`` with the name characters before it (a Latin prefix glued to a short
    run: "TCL集团")."""
    found = []
    for m in _ZH_FORM.finditer(text):
        start = end = m.start()
        while start > 0 and end - start < _MAX_RUN and _RUN_CHAR.match(text[start - 1]):
            start -= 1
        latin = _LATIN_PREFIX.search(text[max(0, start - 7) : start]) if end - start <= 2 else None
        if latin and (start < end or m.group() != "公司"):
            start -= len(latin.group())
        if start == end:
            continue
        run = text[start:end]
        body = _CHAPTER.sub("", _balanced(run))
        safe = _SAFE_LEAD_IN.sub("", body)
        if safe != body:
            safe = _FUNCTION_CHARS.sub("", safe)  # "本报告以…", "报告主体为…"
        alone = (
            body == run and safe == body and end - start < _MAX_RUN and not _FUNCTION_CHARS.match(body)
        )
        if body:
            found.append(_Occurrence(body, alone, safe, _ANY_LEAD_IN.sub("", safe), m.group(), m.end()))
    return found


def _zh_body_ok(body: str) -> bool:
    core = re.sub(r"[（）()·\s]", "", body)
    return len(core) >= 2 and not _ZH_NOT_A_NAME.search(body) and not _ZH_NOT_A_START.match(body)


class _Place(NamedTuple):
    line: str
    start: int
    end: int
    bare: bool  # the form is a bare "公司"


def _zh_candidates(lines: Sequence[str]) -> dict[str, list[_Place]]:
    """Name → where it occurs. A name that does not stand alone where it occurs is the longest name
    standing alone elsewhere that ends it, else the run less every lead-in."""
    occurrences = [(line, occ) for line in lines for occ in _zh_occurrences(line)]
    alone = {occ.body + occ.form for _, occ in occurrences if occ.alone}
    names: dict[str, list[_Place]] = {}
    for line, occ in occurrences:
        name = occ.body + occ.form
        if not occ.alone:
            longest = max(
                (a for a in alone if name.endswith(a) and len(a) > len(occ.form) + 1), key=len, default=None
            )
            name = longest or (occ.greedy + occ.form)
        body = name[: -len(occ.form)]
        if not _zh_body_ok(body) or (occ.form == "公司" and body[-1] in "分子母总總"):
            continue
        place = _Place(line, occ.end - len(name), occ.end, occ.form == "公司")
        names.setdefault(re.sub(r"\s+", "", name), []).append(place)
    return names


def _zh_score(name: str, places: list[_Place], title: str, cover: Sequence[str]) -> tuple[float, bool]:
    """The name's score, and whether a strong sign (title, cover, the text's word) points at it."""
    own = other = 0
    for line, start, end, _bare in places:
        before, after = line[max(0, start - 30) : start], line[end : end + 30]
        if _ZH_OTHER_BEFORE.search(before):
            other += 1
        elif _ZH_OWN_BEFORE.search(before) or _ZH_OWN_AFTER.search(after):
            own += 1
    covers = [re.sub(r"\s+", "", _spaced_out(c)) for c in cover]
    on_cover = (
        _SCORE["cover_line"] if any(c.startswith(name) for c in covers)
        else _SCORE["cover"] if any(name in c for c in covers) else 0
    )
    in_title = name in re.sub(r"\s+", "", title)
    score = _SCORE["title"] * in_title + on_cover + _SCORE["own"] * min(own, 2)
    score += _SCORE["other"] * min(other, 2)
    strong = bool(in_title or on_cover or own)
    if places[0].bare:
        return (score + _SCORE["bare"], strong) if own or in_title else (0.0, False)
    score += _SCORE["occurrence"] * math.log2(1 + len(places) - other)
    return score + _SCORE["full_form"] * (_ZH_FULL_FORM_END.search(name) is not None), strong


def _zh_company(title: str, cover: Sequence[str], lines: Sequence[str]) -> tuple[str | None, float]:
    names = _zh_candidates([title, *(_spaced_out(c) for c in cover), *lines])
    scored = {n: _zh_score(n, places, title, cover) for n, places in names.items()}
    scored = _merge_short_names(scored, _zh_longer)
    name = _best(scored, list(names))
    return name, scored[name] if name is not None else 0.0


Scored = dict[str, tuple[float, bool]]  # name → (score, whether a strong sign points at it)


def _merge_short_names(scored: Scored, longer: Callable[[str, Scored], list[str]]) -> dict[str, float]:
    """Each short name adds its score to the best-scored of its ``longer`` forms (shortest names first:
    "光大银行" → "中国光大银行" → "中国光大银行股份有限公司")."""
    merged = {n: s for n, (s, _) in scored.items()}
    for name in sorted(scored, key=len):
        targets = longer(name, scored) if merged[name] > 0 else []
        if targets:
            merged[max(targets, key=lambda n: scored[n][0])] += merged[name]
            merged[name] = 0.0
    return merged


def _zh_longer(name: str, scored: Scored) -> list[str]:
    """The names that a short name without a full legal form ("浦发银行", "中集集团", "華泰銀行") stands for:
    itself with one ("中国光大银行股份有限公司"), or a name a strong sign points at that holds its characters
    in order and its form ("银行", "集团"; any name for a bare "公司")."""
    form = _ZH_FORM.search(name, 1)
    if form is None or form.end() != len(name) or _ZH_FULL_FORM_END.search(name):
        return []
    body, short_form = name[: form.start()], form.group()
    with_form = re.compile(f"{re.escape(name)}{_ZH_FULL_FORM}")
    return [
        n for n, (_, strong) in scored.items()
        if len(n) > len(name)
        and (
            with_form.fullmatch(n) is not None
            or strong and (short_form == "公司" or short_form in n) and _abbreviates(body, n)
        )
    ]


def _abbreviates(short: str, name: str) -> bool:
    """Whether the characters of ``short`` occur in order in ``name``."""
    rest = name
    for char in short:
        at = rest.find(char)
        if at < 0:
            return False
        rest = rest[at + 1 :]
    return True


def _best(scored: dict[str, float], order: list[str]) -> str | None:
    """The best-scored name; a tie goes to the name found first."""
    if not scored:
        return None
    name = max(order, key=lambda n: (scored[n], -order.index(n)))
    return name if scored[name] >= _MIN_SCORE else None


_EN_FORMS = (
    r"Inc\.?|Incorporated|AG|plc|PLC|Ltd\.?|LTD\.?|Limited|LIMITED|Corporation|CORPORATION|Corp\.?|CORP\.?"
    r"|Company|COMPANY|Co\.,?\s?Ltd\.?|CO\.,?\s?LTD\.?|Co\.|CO\.|N\.V\.|S\.A\.|SE|LLC|L\.P\.|ASA|GmbH|KGaA"
    r"|Investment[ \t]+Trust|INVESTMENT[ \t]+TRUST"
)
_EN_FORM = rf"(?:{_EN_FORMS}|Group|GROUP|Holdings?|HOLDINGS?|Bank|BANK|REIT)"
_EN_WORD = r"(?:[A-Z][\w&'’-]*|(?:[A-Z]\.){1,3})"
_EN_COMPANY = re.compile(
    rf"(?<![\w.])((?:{_EN_WORD}[ \t]+|(?:&|and|of|de)[ \t]+){{0,6}}?{_EN_WORD},?[ \t]+{_EN_FORM}"
    rf"(?:,?[ \t]*{_EN_FORM})*"
    rf"(?:[ \t]+(?:of|OF)(?:[ \t]+{_EN_WORD}){{1,3}}(?:,?[ \t]+{_EN_FORM})+)?)(?![\w-])"  # "… of China Ltd"
)
_EN_FULL_FORM = re.compile(rf"(?:{_EN_FORMS})$")
# Capitalised words that open a phrase before a name ("The", "Our", "Alongside" …), and words never in
# a name: a name starts after the last of them ("Chairman of the Board Aluminum Corporation …").
_EN_LEAD = set(
    "the our this these that its their at in on for with by as from to and of alongside about all each every"
    " since when while within across through under dear a an we i both publicly held de &".split()
)
_EN_NEVER_IN_NAME = set(
    "ceo chief executive officer president chairman chairwoman chair director board shareholder controlling"
    " name report contents appendix appendices message letter overview summary statement welcome introduction"
    " sustainability esg annual climate environmental social governance corporate responsibility organization"
    " organisation dual listed independent subsidiary parent refers about profile award awards best"
    " working".split()
)
# Text before a legal form that is not a reporter's name: an exchange, a regulator, an auditor.
_EN_NOT_A_NAME = re.compile(
    r"\b(?:Exchanges?|Clearing|Stock Connect|Commission|Council|Initiative|Association|Auditors?)\b", re.I
)
_EN_OWN_BEFORE = re.compile(
    r"(?:name of (?:the )?(?:organi[sz]ation|company|reporting entity)|we are|company name"
    r"|refers? to|(?:this|the) (?:esg |sustainability )?report (?:covers|is published by|presents))"
    r"[\s:|“\"]*$",
    re.I,
)
_EN_OWN_AFTER = re.compile(
    r"^\s*[”\"]?\s*\(\s*(?:together with [^)]{0,40})?[“\"'‘]?(?:the\s+)?[“\"'‘]?"
    r"(?:Company|Group|Corporation|Bank|we|us)\b"
    r"|^\s*[‘’'`]?s?\s*(?:\d{4}\s+)?(?:Corporate\s+)?"
    r"(?:Sustainability|ESG|Climate|Impact|Responsibility|CSR|Annual|Environmental)\b",
    re.I,
)
_EN_COVER_NAME = re.compile(
    r"^([A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3})[ \t]+(?:(?:19|20)\d\d[ \t]+)?(?:Corporate[ \t]+)?"
    r"(?:Sustainability|ESG|Climate|Impact|Responsibility|CSR|Environmental|Integrated|TCFD)\b"
)
_EN_PROPER = r"[A-Z][\w&-]+(?:[ \t]+[A-Z][\w&-]+){0,3}"  # up to four capitalised words
_EN_SUBJECT = r"(?:[’']s\b|\s+(?:is|has|was|aims|remains|continues|reports|operates)\b)"
_EN_NOT_NAMES = set(
    "GRI SASB TCFD ESG CSR SDG SDGS UN UNGC CEO CFO SBTI IFRS ISO EU US USA CO2 GHG IPCC OECD WHO SEC NYSE"
    " PDF THE OUR THIS IT WE SCOPE CLIMATE REPORT BOARD NET ZERO".split()
)


def _en_clean(name: str) -> str | None:
    """The name less the words before it: up to the last word never in a name, then leading stop words;
    None for a bare form ("The Company", "Working Group") or a phrase naming an exchange or a regulator."""
    words = name.split()
    never = [i for i, w in enumerate(words[:-1]) if w.lower().strip(".,") in _EN_NEVER_IN_NAME]
    words = words[never[-1] + 1 :] if never else words
    while words and (words[0].lower().strip(".,") in _EN_LEAD or not words[0][0].isupper()):
        words = words[1:]
    cleaned = " ".join(words).rstrip(",")
    if len(words) < 2 or _EN_NOT_A_NAME.search(cleaned) or re.fullmatch(rf"(?:{_EN_FORM}[ \t,]*)+", cleaned):
        return None
    return cleaned


def _en_company(title: str, cover: Sequence[str], text: str) -> tuple[str | None, float]:
    places: dict[str, list[bool]] = {}
    for m in _EN_COMPANY.finditer(text):
        name = _en_clean(m.group(1))
        if name is not None:
            before, after = text[max(0, m.start(1) - 40) : m.start(1)], text[m.end(1) : m.end(1) + 40]
            own = bool(_EN_OWN_BEFORE.search(before) or _EN_OWN_AFTER.search(after))
            places.setdefault(name, []).append(own)
    scored = {}
    for name, owns in places.items():
        in_title = name in title
        on_cover = (
            _SCORE["cover_line"] if any(c.strip().startswith(name) for c in cover)
            else _SCORE["cover"] if any(name in c for c in cover) else 0
        )
        score = (
            _SCORE["title"] * in_title + on_cover + _SCORE["own"] * min(sum(owns), 2)
            + _SCORE["occurrence"] * math.log2(1 + len(owns))
            + _SCORE["full_form"] * bool(_EN_FULL_FORM.search(name))
        )
        scored[name] = (score, bool(in_title or on_cover or any(owns)))
    merged = _merge_short_names(scored, _en_longer)
    name = _best(merged, list(places))
    if name is not None:
        return name, merged[name]
    return _en_bare_name(title, cover, text), _MIN_SCORE


def _en_longer(name: str, scored: Scored) -> list[str]:
    """The names a strong sign points at that a name without a full legal form stands for ("BHP Group"
    for "BHP Group Limited", "CT REIT" for "CT Real Estate Investment Trust"): the same first word, its
    capitals in order among theirs."""
    if _EN_FULL_FORM.search(name):
        return []
    first, capitals = name.split()[0], "".join(c for c in name if c.isupper())
    return [
        n for n, (_, strong) in scored.items()
        if strong and len(n) > len(name) and n.split()[0] == first
        and _abbreviates(capitals, "".join(c for c in n if c.isupper()))
    ]


def _en_bare_name(title: str, cover: Sequence[str], text: str) -> str | None:
    """A name without a legal form: the one before the report's kind in the title or on the cover
    ("CT REIT 2022 ESG Report"), else the one most often the subject ("Swisscom's", "Swisscom is"),
    spelt out where the text spells it out ("GlobalFoundries (GF)")."""
    for line in [title, *cover]:
        m = _EN_COVER_NAME.match(line.strip())
        if m and _en_name_ok(m.group(1)) and len(re.findall(rf"\b{re.escape(m.group(1))}\b", text)) >= 2:
            return m.group(1)
    subjects = Counter(
        m.group(1)
        for m in re.finditer(rf"\b([A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*){{0,2}}){_EN_SUBJECT}", text)
        if _en_name_ok(m.group(1))
    )
    for name, n in subjects.most_common(3):
        if n >= 2 and len(re.findall(rf"\b{re.escape(name)}\b", text)) >= 3:
            spelt = re.search(rf"\b({_EN_PROPER})[ \t]*\([ \t]*{re.escape(name)}[ \t]*\)", text)
            return spelt.group(1) if spelt and _en_name_ok(spelt.group(1)) else name
    return None


def _en_name_ok(name: str) -> bool:
    words = name.split()
    return (
        words[0].lower() not in _EN_LEAD | _EN_NEVER_IN_NAME
        and name.upper() not in _EN_NOT_NAMES
        and not any(w.upper() in _EN_NOT_NAMES for w in words)
    )


def detect_company(
    title: str | None, cover_lines: Sequence[str], early_text: str, language: Language
) -> str | None:
    """The reporting company: the name that the title, the cover and the first pages point at most.

    Chinese (simplified or traditional): a name ending in a legal form, scored by where it stands (title,
    cover), by what the text says of it ("本报告是…", "…（以下简称“公司”）", "…2016年度社会责任报告"),
    against what marks another company (a shareholder, a subsidiary, a former name), and by how often it
    recurs; an English name where the report gives no Chinese one. English: the same with English legal
    forms ("…refers to X", "X (the “Company”)"), else the name before the report's kind on the cover or
    the most frequent subject; in an English report that names itself in Chinese too, the better scored.
    """
    title = title or ""
    zh, zh_score = _zh_company(title, cover_lines, early_text.splitlines())
    if language == "zh" and zh is not None:
        return zh
    en, en_score = _en_company(title, cover_lines, early_text)
    return zh if zh is not None and (en is None or zh_score >= en_score) else en


def company_in(text: str) -> str | None:
    """The first plausible company name in one piece of text (a title, a heading, a line), without a
    phrase before it; never a bare "…公司"."""
    for occ in _zh_occurrences(_spaced_out(text)):
        for body in dict.fromkeys((occ.body,) if occ.alone else (occ.safe, occ.greedy)):
            if occ.form != "公司" and _zh_body_ok(body):
                return body + occ.form
    for m in _EN_COMPANY.finditer(text):
        name = _en_clean(m.group(1))
        if name is not None:
            return name
    return None


def is_company_name(name: str) -> bool:
    """Whether ``name`` is a whole company name by the rules above (a legal form, no phrase before it)."""
    found = company_in(name)
    return found is not None and _squeezed(found) == _squeezed(name)


def _squeezed(name: str) -> str:
    return re.sub(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+", "", name.strip())
