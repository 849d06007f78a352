"""The portfolio charts: NPV by assessment and payback against NPV, one pair per currency."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import (
    APPROVAL_COLOURS,
    ITO_COLOUR,
    Chart,
    Table,
    figure_dict,
    money_scale,
    padded,
    text,
)
from outsourcing.money import money_format


def _shorten(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def _short_labels(rows: list[Any]) -> list[str]:
    """Axis labels short enough to leave room for the bars, unique even for same-named assessments."""
    labels = [
        text(f"{_shorten(row.organisation_name, 22)} · {_shorten(row.title, 18)} v{row.version}")
        if not row.others_count
        else text(row.label)
        for row in rows
    ]
    totals = Counter(labels)
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(f"{label} ({seen[label]})" if totals[label] > 1 else label)
    return unique


OTHERS_COLOUR = "#adb5bd"


def portfolio_charts(rows: list[Any]) -> list[Chart]:
    """NPV by assessment and payback against NPV, one pair per currency (amounts never mix currencies).

    `rows` are `PortfolioChartRow`s (the top assessments by NPV, then an "others" aggregate per
    currency, drawn grey and left out of the payback chart).
    """
    computed = list(rows)
    by_currency: dict[str, list[Any]] = {}
    for row in computed:
        by_currency.setdefault(row.currency, []).append(row)
    charts = []
    for index, (currency, members) in enumerate(sorted(by_currency.items())):
        scale = money_scale([float(row.npv) for row in members])
        unit = scale.axis_title(currency)
        labels = [text(row.label) for row in members]
        short = dict(zip(labels, _short_labels(members), strict=True))
        ordered = list(zip(labels, members, strict=True))  # already by NPV, the aggregate last
        bar = go.Figure()
        bar.add_bar(
            x=[scale.of(float(row.npv)) for _label, row in ordered],
            y=[short[label] for label, _row in ordered],
            customdata=[label for label, _row in ordered],
            orientation="h",
            marker={
                "color": [
                    APPROVAL_COLOURS.get(row.approval, OTHERS_COLOUR if row.others_count else ITO_COLOUR)
                    for _label, row in ordered
                ]
            },
            hovertemplate=f"%{{customdata}}: %{{x:,.2f}} {unit}<extra></extra>",
        )
        height = max(200, 80 + 30 * len(members))
        charts.append(
            Chart(
                id=f"chart-portfolio-npv-{index}",
                title=_("NPV by assessment (%(currency)s)") % {"currency": currency},
                description=_("Net present value of each assessment's latest roadmap; green ones are approved."),
                figure=figure_dict(
                    bar,
                    {
                        "height": height,
                        "xaxis": {"title": {"text": unit}},
                        "yaxis": {"autorange": "reversed", "type": "category"},
                        "showlegend": False,
                    },
                ),
                table=Table(
                    caption=_("NPV by assessment (%(currency)s)") % {"currency": currency},
                    columns=[_("Assessment"), _("NPV")],
                    rows=[[html.unescape(label), money_format(row.npv, currency)] for label, row in ordered],
                    numeric=[1],
                ),
                height=height,
            )
        )
        with_payback = [
            (label, row)
            for label, row in zip(labels, members, strict=True)
            if row.payback_month is not None and not row.others_count
        ]
        paybacks = [row.payback_month for _label, row in with_payback]
        scatter = go.Figure()
        scatter.add_scatter(
            mode="markers+text",
            x=paybacks,
            y=[scale.of(float(row.npv)) for _label, row in with_payback],
            # Short labels on the chart; the full names are in the hover and the table.
            text=[short[label] for label, _row in with_payback],
            customdata=[label for label, _row in with_payback],
            textposition="top center",
            cliponaxis=False,
            marker={"size": 12, "color": [APPROVAL_COLOURS.get(row.approval, ITO_COLOUR) for _l, row in with_payback]},
            hovertemplate="%{customdata}<br>" + _("Payback month %{x}") + f"<br>%{{y:,.2f}} {unit}<extra></extra>",
        )
        npvs = [scale.of(float(row.npv)) or 0.0 for _label, row in with_payback]
        charts.append(
            Chart(
                id=f"chart-portfolio-payback-{index}",
                title=_("Payback against NPV (%(currency)s)") % {"currency": currency},
                description=_("Top left is best: a high value that pays back early."),
                figure=figure_dict(
                    scatter,
                    {
                        "height": 360,
                        "xaxis": {"title": {"text": _("Payback month")}, "range": [0, max([12, *paybacks]) * 1.15]},
                        "yaxis": {"title": {"text": unit}, "range": padded(npvs)},
                        "showlegend": False,
                    },
                ),
                table=Table(
                    caption=_("Payback against NPV (%(currency)s)") % {"currency": currency},
                    columns=[_("Assessment"), _("Payback month"), _("NPV")],
                    rows=[
                        [html.unescape(label), str(row.payback_month), money_format(row.npv, currency)]
                        for label, row in with_payback
                    ],
                    numeric=[1, 2],
                ),
                height=360,
            )
        )
    return charts
