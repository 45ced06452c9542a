"""Small text helpers for mixed Chinese / English report text."""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs (basic, extension A, compatibility) plus CJK punctuation and full-width forms:
# between two such characters a line break or a space is an artefact, never a real space.
_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_IDEOGRAPH = re.compile(f"[{_CJK_RANGES}]")
_WIDE = f"{_CJK_RANGES}{_CJK_PUNCT}"
_SPACE_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}])[ \u00a0](?=[{_WIDE}])")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")
_MULTISPACE = re.compile(r"[ \t\u00a0\u3000]{2,}")
SENTENCE_END = tuple("。！？；!?;：:…”’）)") + ("——",)


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph."""
    return bool(_IDEOGRAPH.match(char))


def is_wide(char: str) -> bool:
    """True for an ideograph or CJK / full-width punctuation."""
    return bool(char) and bool(re.match(f"[{_WIDE}]", char))


def cjk_count(text: str) -> int:
    return len(_IDEOGRAPH.findall(text))


def cjk_share(text: str) -> float:
    """Share of ideographs among the letters and ideographs of ``text``."""
    letters = sum(1 for c in text if c.isalpha())
    return cjk_count(text) / letters if letters else 0.0


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one sentence split by a line break: no space between Chinese, one otherwise."""
    if not left:
        return right
    if not right:
        return left
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    if re.search(r"\d[.,]$", left) and right[0].isdigit():
        return left + right  # a number broken at the line end: "1." + "35亿户"
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[0].islower():
        return left[:-1] + right  # a word hyphenated at the line end
    return left + " " + right


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text = join_pieces(text, line.strip())
    return text


def clean(text: str) -> str:
    """Normalise extracted text: drop control and private-use glyphs, fold spaces between Chinese.

    A single space between two Chinese characters is an artefact (scanner-made PDFs, pdf-to-text);
    a wider gap is kept as one space.
    """
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _PRIVATE_USE.sub(" ", text)
    text = _SPACE_BETWEEN_WIDE.sub("", text)
    text = _MULTISPACE.sub(" ", text)
    return text.strip()


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)
