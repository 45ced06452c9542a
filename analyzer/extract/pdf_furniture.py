"""Running headers, footers and printed page numbers (folios) across the pages of a PDF."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from analyzer.extract.pdf_layout import Line, PageLayout

_ZONE = 0.09  # top and bottom share of the page height where headers and footers live
_PREFIX_CHARS = 20  # a running footer's fixed start (spaces dropped) before the chapter it names
_FOLIO_ZONE = 0.16  # a lone page number may sit higher, if nothing else is below it
_DIGITS_SPACED = re.compile(r"(?<=\d) (?=\d)")
_FOLIO = [
    re.compile(r"^[-–—\s·•|]*(\d{1,4})[-–—\s·•|]*$"),
    re.compile(r"^[-–—\s]*([ivxlcdm]{1,7})[-–—\s]*$", re.I),
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$"),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^(?:page|p\.)\s*(\d{1,4})(?:\s*of\s*\d+)?$", re.I),
]
_SPREAD_FOLIO = re.compile(r"^(\d{1,4})\s+(\d{1,4})$")
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")


@dataclass(frozen=True)
class Furniture:
    """What was found in the page margins: labels per page and the lines to drop."""

    labels: dict[int, str]
    removed: dict[int, list[str]]
    drop: frozenset[int]  # id() of Line objects to leave out of the text


def find_furniture(pages: list[PageLayout]) -> Furniture:
    labels: dict[int, str] = {}
    removed: dict[int, list[str]] = {}
    drop: set[int] = set()
    zone_lines = {p.number: _margin_lines(p) for p in pages}
    repeated = _recurring(zone_lines, len(pages), _key)  # whole lines, numbers folded
    prefixes = _recurring(zone_lines, len(pages), _prefix)
    for number, lines in zone_lines.items():
        for line in lines:
            text = _DIGITS_SPACED.sub("", line.text.strip())
            folio = folio_of(text)
            key = _key(line.text)
            if folio is not None and (_in_zone(line, _height(pages, number), _ZONE) or _outermost(line, pages, number)):
                labels.setdefault(number, folio)
            elif key in repeated or _prefix(line.text) in prefixes:
                m = _EDGE_NUMBER.search(text)
                if m and number not in labels:
                    labels[number] = m.group(1) or m.group(2)
            else:
                continue
            drop.add(id(line))
            removed.setdefault(number, []).append(line.text.strip())
    return Furniture(_consistent(labels), removed, frozenset(drop))


def folio_of(text: str) -> str | None:
    """The page label a footer line states, e.g. "- 12 -" → "12", "12 13" (a spread) → "12-13"."""
    m = _SPREAD_FOLIO.match(text)
    if m and int(m.group(2)) == int(m.group(1)) + 1:
        return f"{m.group(1)}-{m.group(2)}"
    for pattern in _FOLIO:
        m = pattern.match(text)
        if m:
            return m.group(1)
    return None


def _lines(page: PageLayout) -> list[Line]:
    return [it for it in page.items if isinstance(it, Line)]


def _margin_lines(page: PageLayout) -> list[Line]:
    """Lines in the header / footer zone, plus a page's first and last line when they sit near an edge."""
    lines = _lines(page)
    picked = [ln for ln in lines if _in_zone(ln, page.height, _ZONE)]
    if lines:
        ordered = sorted(lines, key=lambda ln: ln.top)
        for edge in (ordered[0], ordered[-1]):
            if edge not in picked and _in_zone(edge, page.height, _FOLIO_ZONE):
                picked.append(edge)
    return picked


def _height(pages: list[PageLayout], number: int) -> float:
    return pages[number - 1].height


def _outermost(line: Line, pages: list[PageLayout], number: int) -> bool:
    lines = _lines(pages[number - 1])
    return line.top >= max(ln.top for ln in lines) or line.top <= min(ln.top for ln in lines)


def _in_zone(line: Line, height: float, share: float) -> bool:
    return line.bottom < share * height or line.top > (1 - share) * height


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _recurring(zone_lines: dict[int, list[Line]], n_pages: int, key: Callable[[str], str | None]) -> set[str]:
    """Keys of margin lines that recur on at least a fifth of the pages."""
    if n_pages < 4:
        return set()
    pages_per_key: Counter[str] = Counter()
    for lines in zone_lines.values():
        pages_per_key.update({k for ln in lines if (k := key(ln.text))})
    threshold = max(3, 0.2 * n_pages)
    return {k for k, n in pages_per_key.items() if n >= threshold}


def _prefix(text: str) -> str | None:
    """The start of a margin line (numbers folded), which a running footer naming each page's chapter keeps:
    "Annual Report 2022: Our people 14" and "Annual Report 2022: Climate 31" share it."""
    start = _key(text)[:_PREFIX_CHARS]
    return start if len(start) == _PREFIX_CHARS else None


def _consistent(labels: dict[int, str]) -> dict[int, str]:
    """Drop numeric labels that disagree with how most folios relate to the physical page number."""
    offsets = Counter(int(v) - n for n, v in labels.items() if v.isdigit())
    if not offsets:
        return labels
    offset, support = offsets.most_common(1)[0]
    numeric = sum(offsets.values())
    if support < 0.5 * numeric or numeric < 3:
        return labels
    return {n: v for n, v in labels.items() if not v.isdigit() or int(v) - n == offset}
