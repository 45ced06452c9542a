"""The analysis as one self-contained HTML page (inline CSS and SVG, no scripts), for an expert's
pre-review or an enterprise's self-check. Every piece of report text is escaped."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from analyzer import __version__
from analyzer.analysis import Analysis
from analyzer.reports import view
from analyzer.reports.charts import radar_svg
from analyzer.reports.content_index import draft_gri_index


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("analyzer.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=view.number, clip=view.clip, page=view.page_long)
    return env


def render_html(analysis: Analysis, audience: view.Audience = "expert") -> str:
    """The page for ``audience``: questions for the expert; advice and a draft GRI content index for the
    enterprise."""
    if audience not in view.AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(view.AUDIENCES)}, not {audience!r}")
    years, kpi_rows = view.kpi_table(analysis)
    rubrics = view.rubrics()
    return _environment().get_template("report.html.j2").render(
        a=analysis,
        audience=audience,
        title=view.title(audience),
        subtitle=view.subtitle(analysis),
        industry=view.industry_text(analysis.score.industry),
        radar=Markup(radar_svg(analysis.score)),
        pillars={view.PILLARS.get(k, k): v for k, v in analysis.score.pillars.items()},
        frameworks=view.frameworks(analysis),
        levels=view.LEVEL_NAMES,
        severities=view.severity_names(),
        priorities=view.PRIORITIES,
        years=years,
        kpi_rows=kpi_rows,
        quotes=view.quotes(analysis),
        gri_index=draft_gri_index(analysis) if audience == "enterprise" else [],
        note=rubrics.scoring.note or "",
        version=__version__,
    )
