"""The short summary ``analyze`` prints: the scorecard, coverage per framework, the top gaps and the
files written (rich; plain text when not on a terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from analyzer.analysis import Analysis
from analyzer.reports import view


def print_summary(analysis: Analysis, written: Sequence[Path], seconds: float, err: bool = False) -> None:
    """Print the summary to stdout (stderr with ``err``, when stdout carries the JSON)."""
    console = Console(stderr=err, highlight=False, soft_wrap=True)
    meta, score = analysis.document, analysis.score
    console.print(f"{meta.file}: {meta.company or '-'} {meta.report_year or ''}, {meta.pages} 页 / pages, "
                  f"{seconds:.1f} s")
    console.print(f"行业 / industry: {view.industry_text(score.industry)}")
    table = Table(box=box.SIMPLE_HEAD, title_justify="left", padding=(0, 1),
                  title=f"总分 / total {score.total:.1f}  {score.rating}（{score.stars:g} 星 / stars）")
    table.add_column("维度 / dimension")
    table.add_column("权重 / weight", justify="right")
    table.add_column("得分 / score", justify="right")
    for d in score.dimensions:
        table.add_row(f"{d.name} {d.name_en}", f"{d.weight:g}%", f"{d.score:.1f}")
    console.print(table)
    disclosed = []
    for fw in view.frameworks(analysis):
        covered = fw.counts["described"] + fw.counts["quantified"]
        disclosed.append(f"{fw.id} {covered}/{sum(fw.counts.values())}")
    console.print("已披露 / disclosed: " + " · ".join(disclosed))
    gaps = view.top_gaps(analysis)
    if gaps:
        severities = view.severity_names()
        console.print("主要缺口 / top gaps:")
        for gap in gaps:
            line = f"  [{severities[gap.severity]}] {gap.framework} {gap.topic} {gap.name}"
            console.print(line, markup=False)
    for path in written:
        console.print(f"已写入 / written: {path}", markup=False)
