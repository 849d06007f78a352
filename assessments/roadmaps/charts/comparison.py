"""The comparison chart: the cumulative cash flow of two roadmaps side by side."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import BPO_COLOUR, ITO_COLOUR, Chart, Table, figure_dict, money_scale, text
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format


def compare_chart(
    *, first_label: str, second_label: str, first: RoadmapPresentation, second: RoadmapPresentation
) -> Chart:
    scale = money_scale([row["cumulative"] for row in first.cash_flow + second.cash_flow])
    unit = scale.axis_title(first.currency)
    figure = go.Figure()
    for label, view, colour, dash in (
        (first_label, first, ITO_COLOUR, "solid"),
        (second_label, second, BPO_COLOUR, "dash"),
    ):
        figure.add_scatter(
            name=text(label),
            x=[row["month"] for row in view.cash_flow],
            y=[scale.of(row["cumulative"]) for row in view.cash_flow],
            mode="lines",
            line={"color": colour, "width": 3, "dash": dash},
            hovertemplate=f"{text(label)}: %{{y:,.2f}} {unit}<extra></extra>",
        )
    months = max(len(first.cash_flow), len(second.cash_flow))
    rows = []
    for month in range(months):
        a = first.cash_flow[month]["cumulative"] if month < len(first.cash_flow) else None
        b = second.cash_flow[month]["cumulative"] if month < len(second.cash_flow) else None
        rows.append([str(month), money_format(a, first.currency), money_format(b, second.currency)])
    return Chart(
        id="chart-compare-cash-flow",
        title=_("Cumulative cash flow, side by side"),
        description=_("The typical case of both roadmaps; where a line crosses zero, that roadmap has paid back."),
        figure=figure_dict(
            figure,
            {
                "height": 360,
                "xaxis": {"title": {"text": _("Month")}},
                "yaxis": {"title": {"text": unit}},
                "hovermode": "x unified",
            },
        ),
        table=Table(
            caption=_("Cumulative cash flow, side by side"),
            columns=[_("Month"), first_label, second_label],
            rows=rows,
            numeric=[0, 1, 2],
        ),
        height=360,
    )
