"""The charts of one roadmap by item: ITO savings by capability, BPO benefit by business function,
and the suitability of each business function."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.engine.defaults import POSSIBLE_FROM, PROBABLE_FROM
from assessments.roadmaps.charts.base import (
    PALETTE,
    Chart,
    Scale,
    Table,
    figure_dict,
    labels_above_bars,
    padded,
    shortened_unique,
    text,
    vertical_line,
)
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format


def _bar_by_item(
    items: list[dict[str, Any]],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_label: str,
    meaning_of: Any,
    legend_of: Any,
    scale: Scale,
    currency: str,
) -> Chart:
    unit = scale.axis_title(currency)
    figure = go.Figure()
    # Short axis labels (the full name is in the hover and the table), in the items' order.
    short = [text(label) for label in shortened_unique([item["label"] for item in items])]
    short_of = {id(item): label for item, label in zip(items, short, strict=True)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(meaning_of(item), []).append(item)
    for meaning, members in groups.items():
        legend = legend_of(members[0])
        figure.add_bar(
            name=legend,
            orientation="h",
            y=[short_of[id(item)] for item in members],
            x=[scale.of(item["net_annual_savings"]) for item in members],
            customdata=[text(item["label"]) for item in members],
            marker={"color": PALETTE[meaning]},
            legendgroup=meaning,
            hovertemplate=f"%{{customdata}}: %{{x:,.2f}} {unit}<extra>{text(legend)}</extra>",
        )
    height = max(200, 80 + 32 * len(items))
    layout = {
        "height": height,
        "barmode": "overlay",
        "xaxis": {"title": {"text": unit}},
        "yaxis": {"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": short},
    }
    # On a phone the legend and the x axis take about 130 px.
    narrow = labels_above_bars(short, above=130)
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
        figure=figure_dict(figure, layout, narrow),
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
        meaning_of=lambda item: (
            "indicative"
            if item.get("recommendation") == "indicative"
            else "ito"
            if item["included"]
            else "not_recommended"
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
        meaning_of=lambda item: "bpo" if item["included"] else "not_recommended",
        legend_of=lambda item: _("recommended") if item["included"] else _("not recommended"),
        scale=scale,
        currency=view.currency,
    )


def suitability_chart(view: RoadmapPresentation, scale: Scale) -> Chart:
    """Suitability against annual benefit; bubble area is FTEs freed, colour the suitability class.

    No name is written beside a bubble: functions with close scores and benefits would print their
    names over each other. The name is in the hover and in the table under the chart."""
    unit = scale.axis_title(view.currency)
    items = [item for item in view.bpo_candidates if item.get("suitability") is not None]
    freed = [((item.get("kpis") or {}).get("ftes_freed") or 0.0) for item in items]
    largest = max(freed, default=0.0) or 1.0
    figure = go.Figure()
    for klass in ("probable", "possible", "unlikely"):
        members = [(item, f) for item, f in zip(items, freed, strict=True) if item.get("suitability_class") == klass]
        if not members:
            continue
        figure.add_scatter(
            name=str(members[0][0]["class_label"] or klass),
            mode="markers",
            x=[item["suitability"] for item, _f in members],
            y=[scale.of(item["net_annual_savings"]) for item, _f in members],
            # `text` feeds the hover only: with mode "markers" plotly writes no text on the chart.
            text=[text(item["label"]) for item, _f in members],
            # The score as the table shows it (rationale_labels.suitability_format: never rounded up
            # across a class threshold), then the FTEs freed.
            customdata=[[item["suitability_shown"], round(f, 1)] for item, f in members],
            legendgroup=klass,
            marker={
                "color": PALETTE[klass],
                "size": [max(f, 0.05) for _item, f in members],
                "sizemode": "area",
                "sizeref": 2.0 * largest / (48.0**2),
                "sizemin": 6,
                "line": {"width": 1, "color": "#ffffff"},
                "opacity": 0.8,
            },
            hovertemplate="%{text}<br>"
            + _("Suitability %{customdata[0]}/100")
            + f"<br>%{{y:,.2f}} {unit}<br>"
            + _("FTEs freed: %{customdata[1]}")
            + "<extra></extra>",
        )
    ys = [scale.of(item["net_annual_savings"]) or 0.0 for item in items]
    shapes = [vertical_line(POSSIBLE_FROM, "possible"), vertical_line(PROBABLE_FROM, "probable")]
    annotations = [
        {
            "x": threshold,
            # One label at the foot of its line, the other at the head: 20 points apart, side by side
            # they would run into each other on a narrow chart.
            "y": y,
            "yref": "paper",
            "yanchor": "bottom" if y == 0 else "top",
            "xanchor": "left",
            "bgcolor": "rgba(255, 255, 255, 0.85)",
            "text": _("%(class)s from %(score)s") % {"class": label, "score": f"{threshold:g}"},
            "showarrow": False,
            # Neutral text: the line beside it has the class's colour.
            "font": {"color": "#495057", "size": 11},
        }
        for threshold, label, y in ((POSSIBLE_FROM, _("possible"), 0), (PROBABLE_FROM, _("probable"), 1))
    ]
    layout = {
        "height": 380,
        "xaxis": {"title": {"text": _("Suitability for BPO (0-100)")}, "range": [0, 100]},
        # Head-room above the highest bubble.
        "yaxis": {"title": {"text": _("Net annual benefit, %(unit)s") % {"unit": unit}}, "range": padded(ys)},
        "shapes": shapes,
        "annotations": annotations,
    }
    rows = [
        [
            item["label"],
            item["suitability_shown"],
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
