"""The board pack as a document: static charts (SVG drawn here) and the PDF (WeasyPrint).

The browser's board pack draws its charts with plotly.js; a PDF has no script, so the two
charts a board reads first, the phased timeline and the cumulative cash flow, are drawn
here as plain SVG from the same `RoadmapPresentation`, and the others are shown as their
tables. Everything is rendered offline: the PDF fetches no URL (fonts come from the system's
fontconfig, e.g. Debian's fonts-dejavu-core), so a board pack never leaks to, or waits on,
the network.
"""

from __future__ import annotations

import datetime
import html
import logging
import math
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from assessments.models import Roadmap
from assessments.roadmaps.charts.base import PALETTE, fill_of, money_scale
from assessments.roadmaps.presenter import RoadmapPresentation

# WeasyPrint logs every rendering step at INFO; a board pack download is not news.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

WIDTH = 680  # px at 96 dpi: about 180 mm, the A4 text width of the print stylesheet
LABEL_WIDTH = 210
ROW_HEIGHT = 18
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="10"'


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _ticks(last: int) -> list[int]:
    """Month ticks every 6 or 12 months (every 12 beyond three years)."""
    step = 12 if last > 36 else 6
    return list(range(0, last + 1, step))


def timeline_svg(view: RoadmapPresentation) -> SafeString:
    """The phased timeline as SVG: one row per planned item, transition (light) then savings (dark).

    ITO bars end at the provider's exit month, BPO bars at the horizon; a dashed line marks the
    gate. Returns "" when nothing is planned. Labels are HTML-escaped.
    """
    rows = [*view.ito_items, *view.bpo_items]
    if not rows:
        return mark_safe("")
    last = max(view.horizon_months - 1, 1)
    plot = WIDTH - LABEL_WIDTH - 10
    top, axis = 8, 28

    def x(month: float) -> float:
        return LABEL_WIDTH + plot * min(max(month, 0), last) / last

    height = top + ROW_HEIGHT * len(rows) + axis
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(_("Phased timeline"))}" {FONT}>'
    ]
    for month in _ticks(last):
        parts.append(
            f'<line x1="{x(month):.1f}" y1="{top}" x2="{x(month):.1f}" y2="{height - axis}" stroke="#e9ecef"/>'
            f'<text x="{x(month):.1f}" y="{height - axis + 12}" text-anchor="middle">{month}</text>'
        )
    parts.append(
        f'<text x="{LABEL_WIDTH + plot / 2:.1f}" y="{height - 3}" text-anchor="middle">'
        f"{_esc(_('Month (0 = first month of the plan)'))}</text>"
    )
    for index, item in enumerate(rows):
        y = top + ROW_HEIGHT * index
        label = f"{item['kind']} · {item['label']}"
        if len(label) > 34:
            label = label[:33] + "…"
        parts.append(f'<text x="0" y="{y + 12}">{_esc(label)}</text>')
        start, savings = item.get("start_month"), item.get("savings_from_month")
        if start is None:
            continue
        ito = item["kind"] == "ITO"
        end = item.get("exit_month") if ito else None
        stop = last if end is None else end
        light, dark = (
            (PALETTE["ito_transition"], PALETTE["ito"]) if ito else (PALETTE["bpo_transition"], PALETTE["bpo"])
        )
        middle = stop if savings is None else savings
        parts.append(
            f'<rect x="{x(start):.1f}" y="{y + 3}" width="{max(x(middle) - x(start), 1.5):.1f}" '
            f'height="{ROW_HEIGHT - 6}" fill="{light}"/>'
        )
        if savings is not None:
            parts.append(
                f'<rect x="{x(savings):.1f}" y="{y + 3}" width="{max(x(stop) - x(savings), 1.5):.1f}" '
                f'height="{ROW_HEIGHT - 6}" fill="{dark}"/>'
            )
            # The diamond: the month savings or benefits begin.
            cx, cy = x(savings), y + ROW_HEIGHT / 2
            parts.append(
                f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},{cy + 5:.1f} '
                f'{cx - 5:.1f},{cy:.1f}" fill="#212529"/>'
            )
    if view.gate_month is not None:
        gate = x(view.gate_month)
        parts.append(
            f'<line x1="{gate:.1f}" y1="{top - 4}" x2="{gate:.1f}" y2="{height - axis}" stroke="{PALETTE["gate"]}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only


def cash_flow_svg(view: RoadmapPresentation) -> SafeString:
    """The cumulative cash flow as SVG: typical (thick), low and high bands (thin), zero and gate lines.

    The y axis is in the currency's thousands, millions or billions (as the dashboard's chart).
    Returns "" without cash flow.
    """
    typical = [float(row["cumulative"]) for row in view.cash_flow]
    if not typical:
        return mark_safe("")
    low = [float(v) for v in view.scenarios.get("low", {}).get("cumulative") or []]
    high = [float(v) for v in view.scenarios.get("high", {}).get("cumulative") or []]
    values = [*typical, *low, *high, 0.0]
    floor, ceiling = min(values), max(values)
    span = (ceiling - floor) or 1.0
    scale = money_scale(list[float | None](values))
    left, right, top, bottom, height = 70, 10, 10, 30, 220
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    last = max(len(typical) - 1, 1)

    def x(month: float) -> float:
        return left + plot_w * month / last

    def y(value: float) -> float:
        return top + plot_h * (ceiling - value) / span

    def line(series: list[float], colour: str, width: float) -> str:
        points = " ".join(f"{x(month):.1f},{y(value):.1f}" for month, value in enumerate(series))
        return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"/>'

    unit = scale.axis_title(view.currency)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(_("Cumulative cash flow"))}" {FONT}>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{WIDTH - right}" y2="{y(0):.1f}" stroke="#adb5bd"/>',
    ]
    for value in (floor, 0.0, ceiling):
        shown = scale.of(value) or 0
        parts.append(f'<text x="{left - 4}" y="{y(value) + 3:.1f}" text-anchor="end">{shown:,.1f}</text>')
    parts.append(
        f'<text x="4" y="{top + plot_h / 2:.1f}" transform="rotate(-90 10 {top + plot_h / 2:.1f})" '
        f'text-anchor="middle">{_esc(unit)}</text>'
    )
    for month in _ticks(last):
        parts.append(f'<text x="{x(month):.1f}" y="{height - bottom + 14}" text-anchor="middle">{month}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 3}" text-anchor="middle">{_esc(_("Month"))}</text>')
    if low and high:
        # The band between the low and high readings, shaded, with its edges.
        outline = [(month, value) for month, value in enumerate(high)]
        outline += [(month, value) for month, value in reversed(list(enumerate(low)))]
        points = " ".join(f"{x(month):.1f},{y(value):.1f}" for month, value in outline)
        parts.append(f'<polygon points="{points}" fill="{fill_of(PALETTE["scenario_band"], 0.25)}" stroke="none"/>')
        parts.append(line(low, PALETTE["scenario_band"], 1))
        parts.append(line(high, PALETTE["scenario_band"], 1))
    parts.append(line(typical, PALETTE["cash_flow"], 2.5))
    if view.gate_month is not None and view.gate_month <= last:
        gate = x(view.gate_month)
        parts.append(
            f'<line x1="{gate:.1f}" y1="{top}" x2="{gate:.1f}" y2="{top + plot_h}" stroke="{PALETTE["gate"]}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    point = view.payback_point
    if point is not None:
        # The star: payback, from which the cumulative total stays at or above zero.
        cx, cy = x(point["month"]), y(float(point["cumulative"]))
        star = [
            (cx + radius * math.sin(math.pi * k / 5), cy - radius * math.cos(math.pi * k / 5))
            for k, radius in zip(range(10), [7, 3] * 5, strict=True)
        ]
        parts.append(
            '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in star) + f'" fill="{PALETTE["payback"]}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only


def boardpack_filename(*, roadmap: Roadmap, today: datetime.date) -> str:
    """`<assessment>-v<version>[-<scenario>]-board-pack-<YYYY-MM-DD>.pdf`, ASCII only."""
    assessment = roadmap.assessment
    parts = [slugify(assessment.title)[:60] or "assessment", f"v{assessment.version}"]
    if roadmap.name:
        parts.append(slugify(roadmap.name)[:40] or "scenario")
    parts += ["board-pack", today.isoformat()]
    return "-".join(parts) + ".pdf"


def boardpack_pdf(*, document: str) -> bytes:
    """Render the board pack's self-contained HTML (inline CSS and SVG) to PDF bytes.

    Uses WeasyPrint (BSD licence; needs Pango). Only `data:` URIs may be read: a resource the
    HTML names by URL (an image, a font, a stylesheet link, a `file:` path) is refused and
    WeasyPrint logs it and goes on, so the PDF never reaches the network or the disk. Fonts
    are the system's (fontconfig).
    """
    # Imported here: loading Pango takes a moment and most requests never need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=document, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()


# How many planned engagements the executive summary names before it says "and N more".
SUMMARY_ITEMS = 8


@dataclass(frozen=True)
class ExecutiveSummary:
    """The board pack's first page: what to do, in one sentence, and the first engagements.

    `recommendation` is a translated sentence; `first_items` are planned items in the
    dashboard's order (ITO before BPO, each by start month), at most `SUMMARY_ITEMS`;
    `more_items` counts the planned ones left out.
    """

    recommendation: str
    first_items: list[dict[str, Any]]
    more_items: int
    indicative_count: int


def executive_summary(view: RoadmapPresentation) -> ExecutiveSummary:
    """The recommendation of a roadmap in one sentence (pure: no queries, active language)."""
    ito, bpo, gate = len(view.ito_items), len(view.bpo_items), view.gate_month
    if ito and bpo:
        recommendation = ngettext(
            "Outsource %(ito)d IT area first (ITO) for fast savings",
            "Outsource %(ito)d IT areas first (ITO) for fast savings",
            ito,
        ) % {"ito": ito}
        recommendation += "; " + ngettext(
            "then hand %(bpo)d business function to a BPO provider from month %(gate)s, once the ITO savings are real.",
            "then hand %(bpo)d business functions to BPO providers from month %(gate)s, once the ITO savings are real.",
            bpo,
        ) % {"bpo": bpo, "gate": gate if gate is not None else "–"}
    elif ito:
        recommendation = ngettext(
            "Outsource %(ito)d IT area (ITO) for its savings; no business function is recommended for BPO "
            "within the horizon.",
            "Outsource %(ito)d IT areas (ITO) for their savings; no business function is recommended for BPO "
            "within the horizon.",
            ito,
        ) % {"ito": ito}
    elif bpo:
        recommendation = ngettext(
            "No IT area shows material savings, so there is no ITO phase; hand %(bpo)d business function to a BPO "
            "provider.",
            "No IT area shows material savings, so there is no ITO phase; hand %(bpo)d business functions to BPO "
            "providers.",
            bpo,
        ) % {"bpo": bpo}
    else:
        recommendation = gettext(
            "Do not outsource now: no IT area shows material savings and no business function would pay back "
            "within the horizon."
        )
    planned = [*view.ito_items, *view.bpo_items]
    return ExecutiveSummary(
        recommendation=recommendation,
        first_items=planned[:SUMMARY_ITEMS],
        more_items=max(len(planned) - SUMMARY_ITEMS, 0),
        indicative_count=len(view.ito_indicative),
    )
