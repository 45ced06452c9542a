"""Chinese and decimal heading numbering (第一章, 一、, （一）, 1., 1.1, Part 2 …) and its depth."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇两"
_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("chapter", re.compile(rf"^第\s*[{_CN_NUM}\d]+\s*[章篇部编]"), 1),
    ("part", re.compile(rf"^第\s*[{_CN_NUM}\d]+\s*(部分|节)"), 1),
    ("en_part", re.compile(r"^(chapter|part|section)\s+(\d+|[ivx]+)\b", re.I), 1),
    ("cn_dun", re.compile(rf"^[{_CN_NUM}]+\s*[、.．]"), 2),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[)）]"), 3),
    ("decimal", re.compile(r"^(\d{1,2})((?:\s?[.．]\s?\d{1,2}){0,3})(?:\s*[.．、]|\s+|(?=[^\d\s.．,，%]))"), 0),
    ("num_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[)）]"), 4),
    ("circled", re.compile("^[\u2460-\u2473]"), 5),
)
_LEADER_DOTS = re.compile(r"(\.{4,}|…{2,}|·{4,}|-{6,}|_{6,})\s*\d*\s*$")
_TRAILING_PAGE = re.compile(r"\s\d{1,3}$")
_HAS_CJK = re.compile("[\u4e00-\u9fff]")
_CONTENTS_TITLE = re.compile(r"^(目\s*录|目\s*錄|contents|table of contents)$", re.I)


@dataclass(frozen=True)
class Numbering:
    kind: str
    depth: int  # suggested heading level, 1 = top; decimal numbering counts its parts


def numbering(text: str) -> Numbering | None:
    """The heading numbering that starts ``text``, if any."""
    text = text.strip()
    for kind, pattern, depth in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        if kind == "decimal":
            rest = text[m.end() :].strip()
            if not rest or rest[0].isdigit() or not (rest[0].isalpha()):
                return None  # a bare number, a date or a figure, not a heading
            depth = 1 + len(re.findall(r"[.．]\s?\d", m.group(2) or ""))
        return Numbering(kind, depth)
    return None


def is_contents_title(text: str) -> bool:
    """The heading of a contents page (目录, Contents)."""
    return bool(_CONTENTS_TITLE.match(text.strip()))


def is_toc_entry(text: str) -> bool:
    """A contents-page line: leader dots or a title followed by a page number."""
    return bool(_LEADER_DOTS.search(text))


def looks_like_heading_text(text: str, max_chars: int = 40) -> bool:
    """Short, not a sentence, not a contents line: could be a heading by its shape."""
    t = text.strip()
    if not t or len(t) > max_chars or is_toc_entry(t):
        return False
    if t.endswith(("。", "；", ";", "，", ",", "：", ":")) and len(t) > 12:
        return False
    if _TRAILING_PAGE.search(t) and (numbering(t) or _HAS_CJK.search(t)):
        return False  # "三、环境 8": a contents entry with its page number
    return any(c.isalpha() for c in t)
