"""The report's industry: given by the user, settled by the company name, or voted by the text.

Order: an industry id the user gives wins; else a name word of an industry in the company name (the
longest found; a tie goes to the text vote); else the text votes with the industries' keywords. The vote
is TF-IDF-like: a keyword's frequency per length of text, less a floor (passing mentions count nothing),
damped by a logarithm, divided by the number of industries that list it. A weak vote leaves the default
industry (``general``). The data are in ``rubrics/industries.yaml``; no model is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from analyzer.document import Document
from analyzer.extract import company
from analyzer.rubrics.loader import RubricSet
from analyzer.rubrics.schema import Industry

Source = Literal["given", "company_name", "text", "default"]

# A vote below this is too weak to name an industry (benchmarks/industry_detection.py: below it the
# vote's first choice is right in under half of the reports).
MIN_VOTE = 0.4
_PER = 10_000  # keyword frequencies per this many text units (CJK characters and Latin words)
_FLOOR = 0.5  # a keyword's rate counts above this: a passing mention ("互联网+") says nothing of the industry
_SCALE = 2.0  # rate above the floor at which a keyword adds log 2: sublinear, no word carries the vote alone
_EVIDENCE = 3  # keywords quoted as the vote's evidence
_NAME_CONFIDENCE = 0.9  # the company name settles it and the text does not vote against it
_NAME_AGAINST_TEXT = 0.7  # the company name settles it, the text votes more for another industry
_TEXT_CONFIDENCE = 0.85  # the most a text vote alone is trusted

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z]+")  # in the lower-cased text
_FIRST_BLOCKS = 5  # blocks of the first pages where a name is looked for when metadata have none
_FIRST_PAGES = 2


class IndustryMatch(BaseModel):
    """The industry a report is read against, how it was found, and the words that decided."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str  # Chinese
    name_en: str
    source: Source
    confidence: float = Field(ge=0, le=1)
    evidence: tuple[str, ...] = ()


def detect_industry(doc: Document, rubrics: RubricSet, given: str | None = None) -> IndustryMatch:
    """The industry of ``doc``: ``given`` (an id of the catalogue), else from the company name, else
    from the text; the catalogue's default when nothing points anywhere. Raises ValueError for an
    unknown ``given`` id."""
    catalogue = rubrics.industries
    if given is not None:
        return _match(_given(given, catalogue.industries), "given", 1.0, (f"用户指定 / given: {given}",))
    voters = [i for i in catalogue.industries if i.id != catalogue.default]
    votes = _vote(doc, voters)
    ranked = sorted(voters, key=lambda i: votes[i.id][0], reverse=True)
    company = company_name(doc)
    named = _by_name(company, voters) if company else {}
    if named:
        industry = next(i for i in ranked if i.id in named)
        against = votes[ranked[0].id][0] > votes[industry.id][0]
        confidence = _NAME_AGAINST_TEXT if against else _NAME_CONFIDENCE
        return _match(industry, "company_name", confidence, (f"公司名称含「{named[industry.id]}」（{company}）",))
    scores = [votes[i.id][0] for i in ranked] + [0.0, 0.0]
    best, second = scores[0], scores[1]
    if best < MIN_VOTE:
        leader = f"{ranked[0].name_zh} {best:.2f}" if ranked else "-"
        weak = f"文本行业信号不足 / weak text signal: {leader} < {MIN_VOTE}"
        return _match(rubrics.industry(catalogue.default), "default", 0.0, (weak,))
    confidence = _TEXT_CONFIDENCE * min(1.0, best / (2 * MIN_VOTE)) * best / (best + second)
    return _match(ranked[0], "text", round(confidence, 2), votes[ranked[0].id][1])


def _match(industry: Industry, source: Source, confidence: float, evidence: tuple[str, ...]) -> IndustryMatch:
    return IndustryMatch(
        id=industry.id, name=industry.name_zh, name_en=industry.name_en, source=source,
        confidence=confidence, evidence=evidence,
    )


def _given(industry_id: str, industries: Iterable[Industry]) -> Industry:
    known = {i.id: i for i in industries}
    if industry_id not in known:
        ids = ", ".join(known)
        raise ValueError(f"未知行业「{industry_id}」，可选：{ids} / unknown industry '{industry_id}', one of: {ids}")
    return known[industry_id]


# -- the company name ----------------------------------------------------------------------------------
def company_name(doc: Document) -> str | None:
    """The company's name: the metadata's (``doc.meta.company``), else one named in the title or in the
    first blocks of the first pages. The rules of a name (a legal form at its end, no phrase before it,
    no "证券交易所上市公司") are those of :mod:`analyzer.extract.company`, which also vets a name given in
    the metadata by hand."""
    if doc.meta.company and company.is_company_name(doc.meta.company):
        return doc.meta.company
    early = [b.text for b in doc.blocks[:_FIRST_BLOCKS] if b.page is None or b.page <= _FIRST_PAGES]
    names = (company.company_in(text) for text in [doc.meta.title or "", *early])
    return next((name for name in names if name), None)


def _by_name(name: str, industries: list[Industry]) -> dict[str, str]:
    """Industry id → its word in ``name``, for the industries whose word is the longest found."""
    found = {}
    for industry in industries:
        words = [w for w in industry.name_words if _contains(name, w)]
        if words:
            found[industry.id] = max(words, key=len)
    longest = max(map(len, found.values()), default=0)
    return {i: w for i, w in found.items() if len(w) == longest}


def _contains(text: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", text, re.I) is not None
    return word in text


# -- the text vote -------------------------------------------------------------------------------------
def _vote(doc: Document, industries: list[Industry]) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Per industry: its score (the sum of its keywords' parts over the root of their number, so long
    lists gain no edge) and the keywords that scored most, as ``"信贷×57"``."""
    text = doc.text.lower()
    units = max(1, sum(map(len, _CJK_RUN.findall(text))) + len(_LATIN_WORD.findall(text)))
    spelling = {k.lower(): k for industry in industries for k in industry.keywords}
    shared = Counter(w for industry in industries for w in {k.lower() for k in industry.keywords})
    counts = _counts(text, tuple(shared))
    result = {}
    for industry in industries:
        words = list(dict.fromkeys(k.lower() for k in industry.keywords))
        rates = {w: counts[w] * _PER / units - _FLOOR for w in words}
        parts = {w: math.log1p(rate / _SCALE) / shared[w] for w, rate in rates.items() if rate > 0}
        score = sum(parts.values()) / math.sqrt(len(words))
        top = sorted(parts, key=lambda w: parts[w], reverse=True)[:_EVIDENCE]
        result[industry.id] = (score, tuple(f"{spelling[w]}×{counts[w]}" for w in top))
    return result


def _counts(text: str, words: tuple[str, ...]) -> Counter[str]:
    """Occurrences of each word, the longest where several start at one place; Latin words only where
    a word starts ("oil", not "soil")."""
    chinese, latin = _patterns(words)
    counts: Counter[str] = Counter(chinese.findall(text))
    counts.update(m.group() for m in latin.finditer(text) if _starts_word(text, m.start()))
    return counts


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not "a" <= text[at - 1] <= "z"


@lru_cache(maxsize=8)
def _patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An alternation of the Chinese words and one of the Latin words, longest first: plain alternations
    of literals, which the regex engine scans fast."""
    ordered = sorted(words, key=len, reverse=True)
    chinese = [re.escape(w) for w in ordered if not w.isascii()] or ["(?!)"]
    latin = [re.escape(w) for w in ordered if w.isascii()] or ["(?!)"]
    return re.compile("|".join(chinese)), re.compile("|".join(latin))
