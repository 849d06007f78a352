"""The comparison charts: the cumulative cash flow of two roadmaps side by side, and the key figures
of two to six roadmaps as grouped bars. The n-th roadmap has the n-th series colour in both."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import Chart, Table, figure_dict, money_scale, series_colour, text
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format


def compare_chart(
    *, first_label: str, second_label: str, first: RoadmapPresentation, second: RoadmapPresentation
) -> Chart:
    scale = money_scale([row["cumulative"] for row in first.cash_flow + second.cash_flow])
    unit = scale.axis_title(first.currency)
    figure = go.Figure()
    for index, (label, view, dash) in enumerate(((first_label, first, "solid"), (second_label, second, "dash"))):
        colour = series_colour(index)
        figure.add_scatter(
            name=text(label),
            x=[row["month"] for row in view.cash_flow],
            y=[scale.of(row["cumulative"]) for row in view.cash_flow],
            mode="lines",
            line={"color": colour, "width": 3, "dash": dash},
            legendgroup=f"series_{index + 1}",
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


def compare_many_chart(*, labels: list[str], kpi_rows: list[dict[str, Any]], currency: str) -> Chart:
    """The money figures of N roadmaps as grouped bars: one group per figure, one bar per roadmap.

    `labels` name the roadmaps in order; `kpi_rows` are `ManyComparison.kpi_rows` (each with `key`,
    `label`, `is_month` and one cell per roadmap holding `value`, an amount in `currency`). Month
    rows are left out (another unit), and so is the plain NPV when a row "npv_common" says the
    horizons differ: only the NPV over the common horizon is comparable. Call it only when every
    roadmap has the same currency."""
    has_common = any(row["key"] == "npv_common" for row in kpi_rows)
    rows = [
        row
        for row in kpi_rows
        if not row["is_month"] and row["key"] != "horizon_months" and not (row["key"] == "npv" and has_common)
    ]
    scale = money_scale([cell["value"] for row in rows for cell in row["cells"]])
    unit = scale.axis_title(currency)
    groups = [text(str(row["label"])) for row in rows]
    figure = go.Figure()
    for index, label in enumerate(labels):
        figure.add_bar(
            name=text(label),
            legendgroup=f"series_{index + 1}",
            x=groups,
            y=[scale.of(row["cells"][index]["value"]) for row in rows],
            marker={"color": series_colour(index)},
            hovertemplate=f"{text(label)}<br>%{{x}}: %{{y:,.2f}} {unit}<extra></extra>",
        )
    title = _("Key figures, side by side")
    return Chart(
        id="chart-compare-many",
        title=title,
        description=_("One group of bars per figure, one bar per roadmap, in the order of the table's columns."),
        figure=figure_dict(
            figure,
            {
                "height": 380,
                "barmode": "group",
                "xaxis": {"type": "category"},
                "yaxis": {"title": {"text": unit}},
            },
        ),
        table=Table(
            caption=title,
            columns=[_("Figure"), *labels],
            rows=[
                [str(row["label"]), *(money_format(cell["value"], currency) for cell in row["cells"])] for row in rows
            ],
            numeric=list(range(1, len(labels) + 1)),
        ),
        height=380,
    )
