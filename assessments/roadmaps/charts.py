"""Plotly figures for the dashboards, each with an accessible table of the same numbers.

Figures are built with `plotly.graph_objects`, then reduced to a small dict: plotly's
default template (about 7 kB per figure) is dropped in favour of one light layout, and
floats are rounded. The browser draws them with `static/js/charts.js`.

Text that users or administrators typed (capability, provider, assessment and scenario
names) is HTML-escaped before it goes into a figure: plotly reads a small HTML subset
in labels, and escaped text is shown literally. The figure JSON is embedded with
`json_script`, which escapes `<`, `>` and `&` again, so nothing typed can close the
script element.
"""

from __future__ import annotations

import html
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.engine.defaults import POSSIBLE_FROM, PROBABLE_FROM
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format, percent_format

# Bump when a figure's shape changes, so cached figures of the old shape are not served.
CHARTS_VERSION = 6
CACHE_SECONDS = 6 * 60 * 60

ITO_COLOUR = "#0b5ed7"
ITO_LIGHT = "#9ec5fe"
BPO_COLOUR = "#198754"
BPO_LIGHT = "#a3cfbb"
EXCLUDED_COLOUR = "#adb5bd"
INDICATIVE_COLOUR = "#ffc107"
GATE_COLOUR = "#d63384"
BAND_FILL = "rgba(11, 94, 215, 0.12)"
CLASS_COLOURS = {"probable": "#198754", "possible": "#fd7e14", "unlikely": "#6c757d"}
APPROVAL_COLOURS = {"approved": "#198754", "pending": "#0b5ed7", "rejected": "#dc3545"}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_AXIS = {"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd", "linecolor": "#ced4da", "automargin": True}
LIGHT_LAYOUT: dict[str, Any] = {
    "font": {"family": FONT, "size": 12, "color": "#212529"},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    "hoverlabel": {"align": "left"},
    # Above the plot: below it, plotly places the legend over the x-axis title.
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "itemsizing": "constant"},
    "xaxis": dict(_AXIS),
    "yaxis": dict(_AXIS),
}
CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[int] = field(default_factory=list)


@dataclass
class Chart:
    """One figure and its table. `id` is unique on the page (json_script id and element id)."""

    id: str
    title: str
    description: str
    figure: dict[str, Any]
    table: Table
    height: int = 360

    @property
    def script_id(self) -> str:
        return f"{self.id}-data"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "figure": self.figure,
            "table": self.table.__dict__,
            "height": self.height,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chart:
        return cls(
            id=data["id"],
            title=data["title"],
            description=data["description"],
            figure=data["figure"],
            table=Table(**data["table"]),
            height=data["height"],
        )


# --- Helpers ------------------------------------------------------------------------


def text(value: Any) -> str:
    """User-typed text made literal for plotly's HTML-subset labels."""
    return html.escape(str(value), quote=False)


@dataclass(frozen=True)
class Scale:
    divisor: float
    unit: str

    def of(self, value: float | None) -> float | None:
        if value is None:
            return None
        return round(float(value) / self.divisor, 3)

    def axis_title(self, currency: str) -> str:
        return f"{currency} {self.unit}".strip()


def money_scale(values: list[float | None]) -> Scale:
    """Thousands, millions or billions, whichever keeps the axis numbers short."""
    largest = max((abs(float(v)) for v in values if v is not None), default=0.0)
    if largest >= 1e9:
        return Scale(1e9, _("billion"))
    if largest >= 1e6:
        return Scale(1e6, _("million"))
    if largest >= 1e4:
        return Scale(1e3, _("thousand"))
    return Scale(1.0, "")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def figure_dict(figure: go.Figure, layout: dict[str, Any]) -> dict[str, Any]:
    """The figure as a small plain dict: no default template, the light layout, rounded floats."""
    plain = figure.to_plotly_json()
    own_layout = plain.get("layout", {})
    own_layout.pop("template", None)
    return {
        "data": _rounded(plain.get("data", [])),
        "layout": _rounded(_merge(_merge(LIGHT_LAYOUT, own_layout), layout | {"separators": _separators()})),
        "config": CONFIG,
    }


def _separators() -> str:
    """plotly's decimal and thousands separators for the active language (1,5 and 1.000 in Indonesian)."""
    return ",." if (get_language() or "en").startswith("id") else ".,"


def _month(value: int | None) -> str:
    return "–" if value is None else str(value)


def _roadmap_scale(view: RoadmapPresentation) -> Scale:
    values: list[float | None] = [row["cumulative"] for row in view.cash_flow]
    for band in view.scenarios.values():
        values.extend(band.get("cumulative", []))
    values.extend(item["net_annual_savings"] for item in view.items)
    values.extend(view.kpis.get(key) for key in ("npv", "run_rate_ito", "run_rate_bpo", "peak_investment"))
    return money_scale(values)


# --- One roadmap --------------------------------------------------------------------


def timeline_chart(view: RoadmapPresentation) -> Chart:
    """ITO engagements first (start to exit, savings-start marked), the gate, then BPO items."""
    rows = [*view.ito_items, *view.bpo_items]
    horizon = max(view.horizon_months - 1, 0)
    labels = [text(f"{item['kind']} · {item['label']}") for item in rows]
    figure = go.Figure()

    label_of = {item["id"]: label for item, label in zip(rows, labels, strict=True)}

    def bars(items: list[dict[str, Any]], *, start: str, end: str, name: str, colour: str, hover: str) -> None:
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
            marker={"color": colour},
            customdata=[[item[start], stop] for stop, item in zip(stops, selected, strict=True)],
            hovertemplate=f"%{{y}}<br>{hover}<extra></extra>",
        )

    ito_months = _("months %{customdata[0]} to %{customdata[1]}")
    bars(
        view.ito_items,
        start="start_month",
        end="savings_from_month",
        name=_("ITO transition"),
        colour=ITO_LIGHT,
        hover=_("Transition") + ", " + ito_months,
    )
    bars(
        view.ito_items,
        start="savings_from_month",
        end="exit_month",
        name=_("ITO savings, provider engaged until exit"),
        colour=ITO_COLOUR,
        hover=_("Savings realised, provider exits in month %{customdata[1]}"),
    )
    bars(
        view.bpo_items,
        start="start_month",
        end="savings_from_month",
        name=_("BPO transition"),
        colour=BPO_LIGHT,
        hover=_("Transition") + ", " + ito_months,
    )
    bars(
        view.bpo_items,
        start="savings_from_month",
        end="horizon",
        name=_("BPO benefit (provider stays)"),
        colour=BPO_COLOUR,
        hover=_("Benefit from month %{customdata[0]}"),
    )
    starts = [(label, item) for label, item in zip(labels, rows, strict=True) if item["savings_from_month"] is not None]
    if starts:
        figure.add_scatter(
            name=_("Savings or benefit begin"),
            mode="markers",
            y=[label for label, _item in starts],
            x=[item["savings_from_month"] for _label, item in starts],
            marker={"symbol": "diamond", "size": 10, "color": "#212529"},
            hovertemplate="%{y}<br>" + _("Savings begin in month %{x}") + "<extra></extra>",
        )
    shapes, annotations = [], []
    if view.gate_month is not None:
        shapes.append(_vertical_line(view.gate_month, GATE_COLOUR))
        annotations.append(
            {
                "x": view.gate_month,
                "y": 0,
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "left",
                "showarrow": False,
                "text": _("Gate, month %(month)s: BPO may start") % {"month": view.gate_month},
                "font": {"color": GATE_COLOUR},
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            }
        )
    height = max(220, 90 + 34 * len(rows))
    layout = {
        "barmode": "overlay",
        "height": height,
        "xaxis": {"title": {"text": _("Month (0 = first month of the plan)")}, "range": [-0.5, horizon + 0.5]},
        "yaxis": {"autorange": "reversed", "type": "category"},
        "shapes": shapes,
        "annotations": annotations,
    }
    table_rows = [
        [
            item["kind"],
            item["label"],
            _month(item["start_month"]),
            _month(item["savings_from_month"]),
            _month(item["exit_month"]) if item["kind"] == "ITO" else _("stays"),
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
        figure=figure_dict(figure, layout),
        table=Table(
            caption=_("Phased timeline"),
            columns=[_("Phase"), _("Item"), _("Start month"), _("Savings from month"), _("Provider exits in month")],
            rows=table_rows,
            numeric=[2, 3, 4],
        ),
        height=height,
    )


def _vertical_line(x: float, colour: str) -> dict[str, Any]:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": colour, "width": 2, "dash": "dash"},
    }


def _padded(values: list[float]) -> list[float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    return [round(low - 0.08 * span, 3), round(high + 0.22 * span, 3)]


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
            line={"width": 1, "color": ITO_LIGHT},
            hovertemplate=_("High band") + f": %{{y:,.2f}} {unit}<extra></extra>",
        )
        figure.add_scatter(
            name=_("Low band"),
            x=months,
            y=[scale.of(v) for v in low],
            mode="lines",
            line={"width": 1, "color": ITO_LIGHT},
            fill="tonexty",
            fillcolor=BAND_FILL,
            hovertemplate=_("Low band") + f": %{{y:,.2f}} {unit}<extra></extra>",
        )
    figure.add_scatter(
        name=_("Cumulative cash flow (typical)"),
        x=months,
        y=[scale.of(row["cumulative"]) for row in view.cash_flow],
        mode="lines",
        line={"width": 3, "color": ITO_COLOUR},
        hovertemplate=_("Month %{x}") + f": %{{y:,.2f}} {unit}<extra></extra>",
    )
    figure.add_scatter(
        name=_("Discounted cumulative"),
        x=months,
        y=[scale.of(row["discounted_cumulative"]) for row in view.cash_flow],
        mode="lines",
        line={"width": 2, "color": "#6c757d", "dash": "dot"},
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
            marker={"size": 13, "color": BPO_COLOUR, "symbol": "star"},
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
        shapes.append(_vertical_line(view.gate_month, GATE_COLOUR))
        annotations.append(
            {
                "x": view.gate_month,
                "y": 1,
                "yref": "paper",
                "yanchor": "top",
                "xanchor": "left",
                "showarrow": False,
                "text": _("BPO gate"),
                "font": {"color": GATE_COLOUR},
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


def _bar_by_item(
    items: list[dict[str, Any]],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_label: str,
    colour_of: Any,
    legend_of: Any,
    scale: Scale,
    currency: str,
) -> Chart:
    unit = scale.axis_title(currency)
    figure = go.Figure()
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(legend_of(item), []).append(item)
    for legend, members in groups.items():
        figure.add_bar(
            name=legend,
            orientation="h",
            y=[text(item["label"]) for item in members],
            x=[scale.of(item["net_annual_savings"]) for item in members],
            marker={"color": colour_of(members[0])},
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit}<extra>{text(legend)}</extra>",
        )
    height = max(200, 80 + 32 * len(items))
    layout = {
        "height": height,
        "barmode": "overlay",
        "xaxis": {"title": {"text": unit}},
        "yaxis": {"autorange": "reversed", "type": "category"},
    }
    rows = [
        [
            item["label"],
            str(item.get("recommendation_label") or (_("yes") if item["included"] else _("no"))),
            money_format(item["net_annual_savings"], currency),
        ]
        for item in items
    ]
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        figure=figure_dict(figure, layout),
        table=Table(caption=title, columns=[_("Item"), _("Recommended"), value_label], rows=rows, numeric=[2]),
        height=height,
    )


def savings_by_capability_chart(view: RoadmapPresentation, scale: Scale) -> Chart:
    return _bar_by_item(
        sorted(view.ito_candidates, key=lambda item: -item["net_annual_savings"]),
        chart_id="chart-ito-savings",
        title=_("ITO savings by capability (a year)"),
        description=_(
            "Net yearly savings each IT area would give. Blue savings are found (unit cost against the market); "
            "yellow ones are indicative, not yet found: benchmark the area. Grey areas are not recommended."
        ),
        value_label=_("Net annual savings"),
        colour_of=lambda item: (
            INDICATIVE_COLOUR
            if item.get("recommendation") == "indicative"
            else ITO_COLOUR
            if item["included"]
            else EXCLUDED_COLOUR
        ),
        legend_of=lambda item: (
            _("indicative: not yet found")
            if item.get("recommendation") == "indicative"
            else _("recommended")
            if item["included"]
            else _("not recommended")
        ),
        scale=scale,
        currency=view.currency,
    )


def benefit_by_function_chart(view: RoadmapPresentation, scale: Scale) -> Chart:
    return _bar_by_item(
        sorted(view.bpo_candidates, key=lambda item: -item["net_annual_savings"]),
        chart_id="chart-bpo-benefit",
        title=_("BPO benefit by function (a year)"),
        description=_(
            "Net yearly benefit after the provider's fee and governance. Grey functions are not recommended: not "
            "suitable, or the better process would not pay back within the horizon (the table below says which)."
        ),
        value_label=_("Net annual benefit"),
        colour_of=lambda item: BPO_COLOUR if item["included"] else EXCLUDED_COLOUR,
        legend_of=lambda item: _("recommended") if item["included"] else _("not recommended"),
        scale=scale,
        currency=view.currency,
    )


def suitability_chart(view: RoadmapPresentation, scale: Scale) -> Chart:
    """Suitability against annual benefit; bubble area is FTEs freed, colour the suitability class."""
    unit = scale.axis_title(view.currency)
    items = [item for item in view.bpo_candidates if item.get("suitability") is not None]
    freed = [((item.get("kpis") or {}).get("ftes_freed") or 0.0) for item in items]
    largest = max(freed, default=0.0) or 1.0
    figure = go.Figure()
    for klass, colour in CLASS_COLOURS.items():
        members = [(item, f) for item, f in zip(items, freed, strict=True) if item.get("suitability_class") == klass]
        if not members:
            continue
        figure.add_scatter(
            name=str(members[0][0]["class_label"] or klass),
            mode="markers+text",
            x=[item["suitability"] for item, _f in members],
            y=[scale.of(item["net_annual_savings"]) for item, _f in members],
            text=[text(item["label"]) for item, _f in members],
            textposition="top center",
            cliponaxis=False,
            customdata=[round(f, 1) for _item, f in members],
            marker={
                "color": colour,
                "size": [max(f, 0.05) for _item, f in members],
                "sizemode": "area",
                "sizeref": 2.0 * largest / (48.0**2),
                "sizemin": 6,
                "line": {"width": 1, "color": "#ffffff"},
                "opacity": 0.8,
            },
            hovertemplate="%{text}<br>"
            + _("Suitability %{x:.0f}/100")
            + f"<br>%{{y:,.2f}} {unit}<br>"
            + _("FTEs freed: %{customdata}")
            + "<extra></extra>",
        )
    ys = [scale.of(item["net_annual_savings"]) or 0.0 for item in items]
    shapes = [_vertical_line(POSSIBLE_FROM, "#adb5bd"), _vertical_line(PROBABLE_FROM, "#adb5bd")]
    annotations = [
        {
            "x": threshold,
            "y": 0,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": "left",
            "text": _("%(class)s from %(score)s") % {"class": label, "score": f"{threshold:g}"},
            "showarrow": False,
            "font": {"color": "#6c757d", "size": 11},
        }
        for threshold, label in ((POSSIBLE_FROM, _("possible")), (PROBABLE_FROM, _("probable")))
    ]
    layout = {
        "height": 380,
        "xaxis": {"title": {"text": _("Suitability for BPO (0-100)")}, "range": [0, 100]},
        # Head-room above the highest bubble for its label.
        "yaxis": {"title": {"text": _("Net annual benefit, %(unit)s") % {"unit": unit}}, "range": _padded(ys)},
        "shapes": shapes,
        "annotations": annotations,
    }
    rows = [
        [
            item["label"],
            f"{item['suitability']:.0f}",
            str(item["class_label"]),
            money_format(item["net_annual_savings"], view.currency),
            f"{f:.1f}",
            _("yes") if item["included"] else _("no"),
        ]
        for item, f in zip(items, freed, strict=True)
    ]
    return Chart(
        id="chart-suitability",
        title=_("BPO suitability"),
        description=_(
            "Each bubble is a business function: further right is more suitable for a provider, higher gives more "
            "benefit, a larger bubble frees more FTEs. From 60 a function is a probable candidate, from 40 a "
            "possible one."
        ),
        figure=figure_dict(figure, layout),
        table=Table(
            caption=_("BPO suitability"),
            columns=[
                _("Function"),
                _("Suitability"),
                _("Class"),
                _("Net annual benefit"),
                _("FTEs freed"),
                _("Recommended"),
            ],
            rows=rows,
            numeric=[1, 3, 4],
        ),
        height=380,
    )


def risk_npv_chart(view: RoadmapPresentation) -> Chart:
    """The Monte Carlo's NPV histogram, the P10 / P50 / P90 and zero marked; the sentence as description."""
    risk = view.risk or {}
    hist = risk["npv_histogram"]
    edges, counts = hist["edges"], hist["counts"]
    scale = money_scale([*edges, risk["npv_p10"], risk["npv_p90"]])
    unit = scale.axis_title(view.currency)
    draws = max(int(risk["draws"]), 1)
    centres = [scale.of((a + b) / 2) for a, b in itertools.pairwise(edges)]
    widths = [max(float(scale.of(b - a) or 0.0), 1e-9) for a, b in itertools.pairwise(edges)]
    shares = [round(100.0 * c / draws, 2) for c in counts]
    colours = [BPO_COLOUR if (a + b) / 2 > 0 else EXCLUDED_COLOUR for a, b in itertools.pairwise(edges)]
    figure = go.Figure()
    figure.add_bar(
        x=centres,
        y=shares,
        width=widths,
        marker={"color": colours},
        name=_("Simulated futures"),
        hovertemplate=f"%{{x:,.2f}} {unit}: %{{y:.1f}} %<extra></extra>",
        showlegend=False,
    )
    shapes = [
        _vertical_line(float(scale.of(risk[key]) or 0.0), GATE_COLOUR) for key in ("npv_p10", "npv_p50", "npv_p90")
    ]
    annotations = [
        {
            "x": scale.of(risk[key]),
            "y": 1,
            "yref": "paper",
            "text": label,
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"color": GATE_COLOUR},
        }
        for key, label in (("npv_p10", "P10"), ("npv_p50", "P50"), ("npv_p90", "P90"))
    ]
    layout = {
        "height": 320,
        "bargap": 0.02,
        "shapes": shapes,
        "annotations": annotations,
        "margin": {"t": 24},
        "xaxis": {"title": {"text": _("Net present value (%(unit)s)") % {"unit": unit}}},
        "yaxis": {"title": {"text": _("Share of simulated futures (%)")}},
    }
    currency = view.currency
    rows = [
        [str(label), money_format(risk[key], currency)]
        for key, label in (
            ("npv_p10", _("P10: nine futures in ten do better")),
            ("npv_p50", _("P50: the median future")),
            ("npv_p90", _("P90: one future in ten does better")),
            ("npv_deterministic", _("Deterministic plan (every input at its most likely value)")),
        )
    ]
    return Chart(
        id="chart-risk-npv",
        title=_("NPV across simulated futures"),
        description=f"{risk['sentence']} "
        + _(
            "Savings and efficiency vary within their benchmark bands and transitions may overrun; the plan's "
            "items and start months stay as recommended. Green bars are futures with a positive NPV."
        ),
        figure=figure_dict(figure, layout),
        table=Table(
            caption=_("NPV percentiles"), columns=[_("Figure"), _("Net present value")], rows=rows, numeric=[1]
        ),
        height=320,
    )


def tornado_chart(view: RoadmapPresentation) -> Chart:
    """The ten inputs that move NPV most: a bar from the NPV at the input's low to that at its high."""
    risk = view.risk or {}
    bars = risk.get("tornado") or []
    base = float(risk["npv_deterministic"])
    scale = money_scale([base, *(b["npv_low"] for b in bars), *(b["npv_high"] for b in bars)])
    unit = scale.axis_title(view.currency)
    labels = [text(b["label"]) for b in bars]
    figure = go.Figure()
    for key, name, colour in (
        ("npv_low", _("input at its low end"), EXCLUDED_COLOUR),
        ("npv_high", _("input at its high end"), ITO_COLOUR),
    ):
        figure.add_bar(
            name=name,
            orientation="h",
            y=labels,
            x=[scale.of(b[key] - base) for b in bars],
            base=scale.of(base),
            marker={"color": colour},
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit}<extra>{text(name)}</extra>",
        )
    height = max(220, 90 + 30 * len(bars))
    layout = {
        "height": height,
        "barmode": "overlay",
        "shapes": [_vertical_line(float(scale.of(base) or 0.0), GATE_COLOUR)],
        "xaxis": {"title": {"text": _("Net present value (%(unit)s)") % {"unit": unit}}},
        "yaxis": {"autorange": "reversed", "type": "category"},
    }
    currency = view.currency

    def shown(bar: dict[str, Any], key: str) -> str:
        value = bar[key]
        if bar.get("is_months"):
            return _("%(months)s months") % {"months": int(value)}
        return percent_format(value)

    rows = [
        [
            b["label"],
            f"{shown(b, 'low')} – {shown(b, 'high')}",
            money_format(b["npv_low"], currency),
            money_format(b["npv_high"], currency),
        ]
        for b in bars
    ]
    return Chart(
        id="chart-risk-tornado",
        title=_("What moves NPV most"),
        description=_(
            "Each input moved alone from the low to the high end of its range, every other input at its most "
            "likely value; the line is the deterministic plan's NPV. Largest swing first."
        ),
        figure=figure_dict(figure, layout),
        table=Table(
            caption=_("Tornado of NPV drivers"),
            columns=[_("Input"), _("Range"), _("NPV at the low end"), _("NPV at the high end")],
            rows=rows,
            numeric=[2, 3],
        ),
        height=height,
    )


def dashboard_charts(view: RoadmapPresentation) -> list[Chart]:
    scale = _roadmap_scale(view)
    charts = [timeline_chart(view), cash_flow_chart(view, scale)]
    if view.risk:
        charts.append(risk_npv_chart(view))
        if view.risk.get("tornado"):
            charts.append(tornado_chart(view))
    if view.ito_candidates:
        charts.append(savings_by_capability_chart(view, scale))
    if view.bpo_candidates:
        charts.append(benefit_by_function_chart(view, scale))
        charts.append(suitability_chart(view, scale))
    return charts


def roadmap_cache_tag(roadmap_id: int, finished_at: Any, names_version: str = "") -> str:
    """Names one computed result in cache keys. The finish time rules out a reused id (a test
    database rolled back, a database restored) ever serving another roadmap's drawing;
    `names_version` (`DashboardState.names_version`) changes when a name shown may have changed."""
    finished = finished_at.isoformat() if finished_at else "-"
    return f"{CHARTS_VERSION}:{roadmap_id}:{finished}:{get_language() or ''}:{names_version}"


def dashboard_charts_cached(
    *, roadmap_id: int, finished_at: Any, view: RoadmapPresentation, names_version: str = ""
) -> list[Chart]:
    """The dashboard's figures, cached per roadmap, language and names: a done result never changes."""
    key = f"roadmap-charts:{roadmap_cache_tag(roadmap_id, finished_at, names_version)}"
    cached = cache.get(key)
    if cached is not None:
        return [Chart.from_dict(data) for data in cached]
    charts = dashboard_charts(view)
    cache.set(key, [chart.as_dict() for chart in charts], CACHE_SECONDS)
    return charts


# --- Portfolio and comparison -------------------------------------------------------


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
                        "yaxis": {"title": {"text": unit}, "range": _padded(npvs)},
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
