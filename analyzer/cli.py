"""The ``csr-analyzer`` command line.

Exit codes (contract): 0 success, 1 the input could not be analysed (one bilingual line on stderr),
2 bad usage. Tracebacks only with ``-v``.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from analyzer import __version__
from analyzer.errors import AnalyzerError, RubricError
from analyzer.settings import ExtractLimits

EXIT_INPUT = 1


class _Group(click.Group):
    """Turns an AnalyzerError into one red line and exit code 1 (traceback with -v)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnalyzerError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            click.secho(f"错误 / error: {exc.message}", fg="red", err=True)
            for line in exc.details if isinstance(exc, RubricError) else ():
                click.echo(f"  {line}", err=True)
            ctx.exit(EXIT_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks and debug logging.")
@click.version_option(__version__, prog_name="csr-analyzer")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Analyse and score CSR / ESG reports (PDF, Word, text). 企业社会责任报告分析与评分。"""
    ctx.obj = {"verbose": verbose}
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s")


def _limits(max_mb: float | None, timeout: float | None) -> ExtractLimits:
    overrides = {k: v for k, v in {"max_file_mb": max_mb, "timeout_s": timeout}.items() if v is not None}
    return ExtractLimits(**overrides)


@cli.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path, allow_dash=True),
              help="Write the Document JSON here ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]),
              help="Print the text or Markdown view to stdout (default: text, unless --json is given).")
@click.option("--max-mb", type=float, help="Largest file accepted, in MB (default 200).")
@click.option("--timeout", type=float, help="Time limit for reading the file, in seconds (default 600).")
def extract(report: Path, json_out: Path | None, fmt: str | None, max_mb: float | None,
            timeout: float | None) -> None:
    """Extract a report into the Document model: pages, headings, paragraphs, tables."""
    from analyzer.extract import extract_guarded
    from analyzer.render import to_markdown, to_text

    started = time.perf_counter()
    doc = extract_guarded(report, _limits(max_mb, timeout))
    if json_out is not None:
        if str(json_out) == "-":
            sys.stdout.write(doc.to_json() + "\n")
        else:
            doc.save(json_out)
    if fmt == "markdown":
        sys.stdout.write(to_markdown(doc))
    elif fmt == "text" or json_out is None:
        sys.stdout.write(to_text(doc))
    scanned = sum(1 for p in doc.pages if {"no_text", "cid_garbage"} & set(p.flags))
    note = f"，{scanned} 页无文字层 / {scanned} pages without text" if scanned else ""
    click.echo(
        f"{doc.meta.file}: {doc.meta.pages} 页 / pages, {len(doc.blocks)} 块 / blocks, "
        f"{sum(1 for _ in doc.tables)} 表 / tables, {time.perf_counter() - started:.1f} s{note}",
        err=True,
    )


class _IndustryChoice(click.Choice):  # type: ignore[type-arg]
    """The industry ids of rubrics/industries.yaml, read when first needed rather than at import."""

    def __init__(self) -> None:
        self.case_sensitive = True
        self._ids: tuple[str, ...] | None = None

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._ids is None:
            from analyzer.rubrics.loader import load_rubrics

            self._ids = tuple(i.id for i in load_rubrics().industries.industries)
        return self._ids


@cli.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path, allow_dash=True),
              help="Write the analysis JSON here ('-' for stdout).")
@click.option("--html", "html_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the HTML report (one self-contained page) here.")
@click.option("--docx", "docx_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the Word report here.")
@click.option("--audience", type=click.Choice(["expert", "enterprise"]), default="expert", show_default=True,
              help="HTML / Word for an expert's pre-review (questions) or an enterprise's self-check "
                   "(advice, draft GRI index).")
@click.option("--industry", type=_IndustryChoice(), help="The report's industry (default: detected).")
@click.option("--max-mb", type=float, help="Largest file accepted, in MB (default 200).")
@click.option("--timeout", type=float, help="Time limit for reading the file, in seconds (default 600).")
def analyze(report: Path, json_out: Path | None, html_out: Path | None, docx_out: Path | None, audience: str,
            industry: str | None, max_mb: float | None, timeout: float | None) -> None:
    """Analyse and score one report: coverage of every framework topic with page-cited evidence, KPIs,
    signals, the scorecard and gaps; optionally an HTML and a Word report."""
    from analyzer.analysis import analyze as run
    from analyzer.reports.terminal import print_summary

    started = time.perf_counter()
    result = run(report, limits=_limits(max_mb, timeout), progress=_progress, industry=industry)
    written: list[Path] = []
    if json_out is not None:
        if str(json_out) == "-":
            sys.stdout.write(result.to_json() + "\n")
        else:
            _write(json_out, lambda p: p.write_text(result.to_json() + "\n", encoding="utf-8"))
            written.append(json_out)
    if html_out is not None:
        from analyzer.reports.html import render_html

        _progress(f"生成 HTML / writing {html_out}")
        page = render_html(result, audience)  # type: ignore[arg-type]
        _write(html_out, lambda p: p.write_text(page, encoding="utf-8"))
        written.append(html_out)
    if docx_out is not None:
        from analyzer.reports.word import write_docx

        _progress(f"生成 Word / writing {docx_out}")
        _write(docx_out, lambda p: write_docx(result, p, audience))  # type: ignore[arg-type]
        written.append(docx_out)
    to_stderr = json_out is not None and str(json_out) == "-"  # stdout holds the JSON
    print_summary(result, written, time.perf_counter() - started, err=to_stderr)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _write(path: Path, write: Callable[[Path], object]) -> None:
    """Write an output file; a path that cannot be written gives one error line and exit 1."""
    try:
        write(path)
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror or str(exc)) from exc


@cli.command()
@click.option("--framework", help="Only topics of this framework (gri, iso26000, carbon …).")
@click.option("--limit", type=int, default=5, show_default=True, help="At most this many topics per line.")
def classify(framework: str | None, limit: int) -> None:
    """Topics of each input line (stdin): one JSON object per line, best first; none for boilerplate."""
    from analyzer.mapping.mapper import TopicMapper

    mapper = TopicMapper()
    if framework is not None and framework not in mapper.rubrics.frameworks:
        known = ", ".join(mapper.rubrics.frameworks)
        raise click.BadParameter(f"unknown framework '{framework}'; known: {known}", param_hint="--framework")
    lines = [line.rstrip("\n") for line in sys.stdin]
    texts = [line.strip() for line in lines]
    filled = [i for i, t in enumerate(texts) if t]
    results: list[list[tuple[str, float]]] = [[] for _ in texts]
    for i, topics in zip(filled, mapper.classify([texts[i] for i in filled], framework, limit)):
        results[i] = topics
    for text, topics in zip(lines, results):
        out = [{"framework": r.split(":", 1)[0], "topic": r.split(":", 1)[1], "score": round(s, 4)} for r, s in topics]
        sys.stdout.write(json.dumps({"text": text, "topics": out}, ensure_ascii=False) + "\n")


_RUBRICS_DIR = click.option(
    "--dir", "directory", type=click.Path(path_type=Path, file_okay=False),
    help="Rubric directory (default: $CSR_ANALYZER_RUBRICS_DIR, else the rubrics shipped with the package).",
)


@cli.group()
def rubrics() -> None:
    """The frameworks and topics the rubrics define. 评估框架与议题。"""


@rubrics.command("list")
@_RUBRICS_DIR
def rubrics_list(directory: Path | None) -> None:
    """One line per framework: id, name, topics, verification status."""
    from analyzer.rubrics.loader import load_rubrics

    rs = load_rubrics(directory)
    for fw in rs.frameworks.values():
        topics = sum(1 for t in fw.topics if not t.group)
        groups = len(fw.topics) - topics
        click.echo(f"{fw.id:<10} {fw.name_zh} / {fw.name_en} ({fw.version}): "
                   f"{topics} topics, {groups} groups, {fw.status}")
    click.echo(f"crosswalk: {len(rs.crosswalk.groups)} groups; KPI catalogue: {len(rs.catalogue.kpis)} KPIs, "
               f"{len(rs.catalogue.units)} units")


@rubrics.command("show")
@click.argument("framework")
@_RUBRICS_DIR
def rubrics_show(framework: str, directory: Path | None) -> None:
    """The topics of one framework as a tree, with Chinese and English names."""
    from analyzer.rubrics.loader import load_rubrics

    rs = load_rubrics(directory)
    if framework not in rs.frameworks:
        raise click.BadParameter(f"unknown framework '{framework}'; known: {', '.join(rs.frameworks)}",
                                 param_hint="FRAMEWORK")
    fw = rs.frameworks[framework]
    click.echo(f"{fw.name_zh} / {fw.name_en} ({fw.version})")

    def show(parent: str | None, depth: int) -> None:
        for topic in rs.children(framework, parent):
            mark = "" if topic.status == "verified" else f"  [{topic.status}]"
            click.echo(f"{'  ' * depth}{topic.id}  {topic.name_zh} / {topic.name_en}{mark}")
            show(topic.id, depth + 1)

    show(None, 1)


@rubrics.command("validate")
@_RUBRICS_DIR
def rubrics_validate(directory: Path | None) -> None:
    """Check every rubric file; exit 1 listing each problem with its file and key path."""
    from analyzer.rubrics.loader import load_rubrics
    from analyzer.scoring.scorer import check_scoring_model

    rs = load_rubrics(directory)
    check_scoring_model(rs)
    topics = sum(len(fw.topics) for fw in rs.frameworks.values())
    click.echo(f"OK: {len(rs.frameworks)} frameworks, {topics} topics, {len(rs.crosswalk.groups)} crosswalk "
               f"groups, {len(rs.catalogue.kpis)} KPIs, {len(rs.scoring.dimensions)} scoring dimensions, "
               f"{len(rs.industries.industries)} industries ({rs.directory})")


def main() -> None:
    cli(prog_name="csr-analyzer")
