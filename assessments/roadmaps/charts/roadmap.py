"""The charts of one roadmap over time: the timeline (Gantt) of the planned items and the cash flow
with its scenario band."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import (
    PALETTE,
    Chart,
    Scale,
    Table,
    figure_dict,
    fill_of,
    label_side,
    labels_above_bars,
    money_scale,
    shortened_unique,
    text,
    vertical_line,
    wrapped,
)
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format


def month_label(value: int | None) -> str:
    return "–" if value is None else str(value)


def roadmap_scale(view: RoadmapPresentation) -> Scale:
    values: list[float | None] = [row["cumulative"] for row in view.cash_flow]
    for band in view.scenarios.values():
        values.extend(band.get("cumulative", []))
    values.extend(item["net_annual_savings"] for item in view.items)
    values.extend(view.kpis.get(key) for key in ("npv", "run_rate_ito", "run_rate_bpo", "peak_investment"))
    return money_scale(values)


def timeline_chart(view: RoadmapPresentation) -> Chart:
    """ITO engagements first (start to exit, savings-start marked), the gate, then BPO items."""
    rows = [*view.ito_items, *view.bpo_items]
    horizon = max(view.horizon_months - 1, 0)
    names = [f"{item['kind']} · {item['label']}" for item in rows]
    # Short axis labels; the full name is in the hover and the table.
    labels = [text(label) for label in shortened_unique(names)]
    figure = go.Figure()

    label_of = {item["id"]: label for item, label in zip(rows, labels, strict=True)}
    name_of = {item["id"]: text(name) for item, name in zip(rows, names, strict=True)}

    def bars(items: list[dict[str, Any]], *, start: str, end: str, name: str, meaning: str, hover: str) -> None:
        selected = [item for item in items if item[start] is not None]
        if not selected:
            return
        stops = [horizon if end == "horizon" or item.get(end) is None else item[end] for item in selected]
        figure.add_bar(
            name=name,
            orientation="h",
            y=[label_of[item["id"]] for item in selected],
            base=[item[start] for item in selected],
            # A zero-length stretch still gets a sliver, so every row shows its start.
            x=[max(stop - item[start], 0.4) for stop, item in zip(stops, selected, strict=True)],
            marker={"color": PALETTE[meaning]},
            legendgroup=meaning,
            customdata=[[item[start], stop, name_of[item["id"]]] for stop, item in zip(stops, selected, strict=True)],
            hovertemplate=f"%{{customdata[2]}}<br>{hover}<extra></extra>",
        )

    ito_months = _("months %{customdata[0]} to %{customdata[1]}")
    bars(
        view.ito_items,
        start="start_month",
        end="savings_from_month",
        name=_("ITO transition"),
        meaning="ito_transition",
        hover=_("Transition") + ", " + ito_months,
    )
    bars(
        view.ito_items,
        start="savings_from_month",
        end="exit_month",
        name=_("ITO savings, provider engaged until exit"),
        meaning="ito",
        hover=_("Savings realised, provider exits in month %{customdata[1]}"),
    )
    bars(
        view.bpo_items,
        start="start_month",
        end="savings_from_month",
        name=_("BPO transition"),
        meaning="bpo_transition",
        hover=_("Transition") + ", " + ito_months,
    )
    bars(
        view.bpo_items,
        start="savings_from_month",
        end="horizon",
        name=_("BPO benefit (provider stays)"),
        meaning="bpo",
        hover=_("Benefit from month %{customdata[0]}"),
    )
    starts = [(label, item) for label, item in zip(labels, rows, strict=True) if item["savings_from_month"] is not None]
    if starts:
        figure.add_scatter(
            name=_("Savings or benefit begin"),
            mode="markers",
            y=[label for label, _item in starts],
            x=[item["savings_from_month"] for _label, item in starts],
            customdata=[name_of[item["id"]] for _label, item in starts],
            marker={"symbol": "diamond", "size": 10, "color": PALETTE["savings_start"]},
            legendgroup="savings_start",
            hovertemplate="%{customdata}<br>" + _("Savings begin in month %{x}") + "<extra></extra>",
        )
    shapes, annotations = [], []
    if view.gate_month is not None:
        shapes.append(vertical_line(view.gate_month, "gate"))
        annotations.append(
            {
                "x": view.gate_month,
                "y": 0,
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": label_side(view.gate_month, horizon),
                "showarrow": False,
                "text": _("Gate, month %(month)s: BPO may start") % {"month": view.gate_month},
                "font": {"color": PALETTE["gate"]},
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            }
        )
    height = max(220, 90 + 34 * len(rows))
    layout = {
        "barmode": "overlay",
        "height": height,
        "xaxis": {"title": {"text": _("Month (0 = first month of the plan)")}, "range": [-0.5, horizon + 0.5]},
        "yaxis": {"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": labels},
        "shapes": shapes,
        "annotations": annotations,
    }
    # On a phone the five legend rows and the x axis take about 210 px; the gate's label gets a row's
    # room under the last bar.
    phone_annotations = [annotation | {"text": wrapped(str(annotation["text"]), 26)} for annotation in annotations]
    narrow = labels_above_bars(labels, above=230, annotations=phone_annotations, room_below=0.9 if annotations else 0.0)
    table_rows = [
        [
            item["kind"],
            item["label"],
            month_label(item["start_month"]),
            month_label(item["savings_from_month"]),
            month_label(item["exit_month"]) if item["kind"] == "ITO" else _("stays"),
        ]
        for item in rows
    ]
    return Chart(
        id="chart-timeline",
        title=_("Phased timeline"),
        description=_(
            "Each bar is one engagement, from its start to the provider's exit (ITO) or to the end of the horizon "
            "(BPO). The diamond marks the month savings begin. The dashed line is the gate that opens the BPO phase. "
            "An ITO engagement is short: the provider optimises the area, hands the changes back to the business "
            "and exits."
        ),
        figure=figure_dict(figure, layout, narrow),
        table=Table(
            caption=_("Phased timeline"),
            columns=[_("Phase"), _("Item"), _("Start month"), _("Savings from month"), _("Provider exits in month")],
            rows=table_rows,
            numeric=[2, 3, 4],
        ),
        height=height,
    )


def cash_flow_chart(view: RoadmapPresentation, scale: Scale) -> Chart:
    currency = view.currency
    months = [row["month"] for row in view.cash_flow]
    figure = go.Figure()
    low = view.scenarios.get("low", {}).get("cumulative") or []
    high = view.scenarios.get("high", {}).get("cumulative") or []
    unit = scale.axis_title(currency)
    if low and high:
        figure.add_scatter(
            name=_("High band"),
            x=months,
            y=[scale.of(v) for v in high],
            mode="lines",
            line={"width": 1, "color": PALETTE["scenario_band"]},
            legendgroup="scenario_band",
            hovertemplate=_("High band") + f": %{{y:,.2f}} {unit}<extra></extra>",
        )
        figure.add_scatter(
            name=_("Low band"),
            x=months,
            y=[scale.of(v) for v in low],
            mode="lines",
            line={"width": 1, "color": PALETTE["scenario_band"]},
            fill="tonexty",
            fillcolor=fill_of(PALETTE["scenario_band"], 0.25),
            legendgroup="scenario_band",
            hovertemplate=_("Low band") + f": %{{y:,.2f}} {unit}<extra></extra>",
        )
    figure.add_scatter(
        name=_("Cumulative cash flow (typical)"),
        x=months,
        y=[scale.of(row["cumulative"]) for row in view.cash_flow],
        mode="lines",
        line={"width": 3, "color": PALETTE["cash_flow"]},
        legendgroup="cash_flow",
        hovertemplate=_("Month %{x}") + f": %{{y:,.2f}} {unit}<extra></extra>",
    )
    figure.add_scatter(
        name=_("Discounted cumulative"),
        x=months,
        y=[scale.of(row["discounted_cumulative"]) for row in view.cash_flow],
        mode="lines",
        line={"width": 2, "color": PALETTE["discounted"], "dash": "dot"},
        legendgroup="discounted",
        hovertemplate=_("Discounted") + f": %{{y:,.2f}} {unit}<extra></extra>",
    )
    annotations = []
    point = view.payback_point
    if point is not None:
        figure.add_scatter(
            name=_("Payback"),
            x=[point["month"]],
            y=[scale.of(point["cumulative"])],
            mode="markers",
            marker={"size": 13, "color": PALETTE["payback"], "symbol": "star"},
            legendgroup="payback",
            hovertemplate=_("Payback in month %{x}") + "<extra></extra>",
        )
        annotations.append(
            {
                "x": point["month"],
                "y": scale.of(point["cumulative"]),
                "text": _("Payback, month %(month)s") % {"month": point["month"]},
                "showarrow": True,
                "arrowhead": 2,
                "ax": 40,
                "ay": -40,
            }
        )
    shapes = []
    if view.gate_month is not None:
        shapes.append(vertical_line(view.gate_month, "gate"))
        annotations.append(
            {
                "x": view.gate_month,
                "y": 1,
                "yref": "paper",
                "yanchor": "top",
                "xanchor": label_side(view.gate_month, view.horizon_months),
                "showarrow": False,
                "text": _("BPO gate"),
                "font": {"color": PALETTE["gate"]},
            }
        )
    layout = {
        "height": 400,
        "xaxis": {"title": {"text": _("Month")}},
        "yaxis": {"title": {"text": unit}, "tickformat": ",~r"},
        "annotations": annotations,
        "shapes": shapes,
        "hovermode": "x unified",
    }
    rows = []
    for index, row in enumerate(view.cash_flow):
        rows.append(
            [
                str(row["month"]),
                money_format(row["net"], currency),
                money_format(row["cumulative"], currency),
                money_format(low[index] if index < len(low) else None, currency),
                money_format(high[index] if index < len(high) else None, currency),
            ]
        )
    return Chart(
        id="chart-cash-flow",
        title=_("Cumulative cash flow"),
        description=_(
            "Savings and benefits minus one-off costs, added up month by month. The shaded band spans the low and "
            "high benchmark bands; the star marks payback, from which the total stays above zero."
        ),
        figure=figure_dict(figure, layout),
        table=Table(
            caption=_("Cash flow by month"),
            columns=[_("Month"), _("Net"), _("Cumulative (typical)"), _("Cumulative (low)"), _("Cumulative (high)")],
            rows=rows,
            numeric=[0, 1, 2, 3, 4],
        ),
        height=380,
    )
