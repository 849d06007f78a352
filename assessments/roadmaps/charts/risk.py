"""The business case's risk drawn: the Monte Carlo's NPV distribution and the tornado of drivers."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import (
    PALETTE,
    Chart,
    Table,
    figure_dict,
    labels_above_bars,
    money_scale,
    shortened_unique,
    text,
    vertical_line,
)
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import money_format


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
    positive = [(a + b) / 2 > 0 for a, b in itertools.pairwise(edges)]
    figure = go.Figure()
    # One trace per sign, so each colour is one meaning.
    for sign, meaning, name in (
        (True, "npv_positive", _("Futures with a positive NPV")),
        (False, "npv_negative", _("Futures with a zero or negative NPV")),
    ):
        chosen = [index for index, is_positive in enumerate(positive) if is_positive is sign]
        if not chosen:
            continue
        figure.add_bar(
            x=[centres[index] for index in chosen],
            y=[shares[index] for index in chosen],
            width=[widths[index] for index in chosen],
            marker={"color": PALETTE[meaning]},
            name=name,
            legendgroup=meaning,
            hovertemplate=f"%{{x:,.2f}} {unit}: %{{y:.1f}} %<extra></extra>",
        )
    shapes = [
        vertical_line(float(scale.of(risk[key]) or 0.0), "percentile") for key in ("npv_p10", "npv_p50", "npv_p90")
    ]
    annotations = [
        {
            "x": scale.of(risk[key]),
            "y": 1,
            "yref": "paper",
            "text": label,
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"color": PALETTE["percentile"]},
        }
        for key, label in (("npv_p10", "P10"), ("npv_p50", "P50"), ("npv_p90", "P90"))
    ]
    layout = {
        "height": 320,
        "bargap": 0.02,
        "shapes": shapes,
        "annotations": annotations,
        "margin": {"t": 24},
        # A legend above would cover the P10 / P50 / P90 labels: the description names the colours.
        "showlegend": False,
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
            "items and start months stay as recommended. Teal bars are futures with a positive NPV, red ones "
            "futures with none."
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
    # Short axis labels; the full name is in the hover and the table.
    labels = [text(label) for label in shortened_unique([b["label"] for b in bars])]
    names = [text(b["label"]) for b in bars]
    figure = go.Figure()
    for key, name, meaning in (
        ("npv_low", _("input at its low end"), "input_low"),
        ("npv_high", _("input at its high end"), "input_high"),
    ):
        figure.add_bar(
            name=name,
            orientation="h",
            y=labels,
            x=[scale.of(b[key] - base) for b in bars],
            base=scale.of(base),
            marker={"color": PALETTE[meaning]},
            legendgroup=meaning,
            customdata=names,
            hovertemplate=f"%{{customdata}}: %{{x:,.2f}} {unit}<extra>{text(name)}</extra>",
        )
    height = max(220, 90 + 30 * len(bars))
    layout = {
        "height": height,
        "barmode": "overlay",
        "shapes": [vertical_line(float(scale.of(base) or 0.0), "deterministic")],
        "xaxis": {"title": {"text": _("Net present value (%(unit)s)") % {"unit": unit}}},
        "yaxis": {"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": labels},
    }
    # On a phone the legend's two rows and the x axis take about 130 px.
    narrow = labels_above_bars(labels, above=130, annotations=[])
    currency = view.currency
    rows = [
        [
            b["label"],
            b["range_shown"],
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
        figure=figure_dict(figure, layout, narrow),
        table=Table(
            caption=_("Tornado of NPV drivers"),
            columns=[_("Input"), _("Range"), _("NPV at the low end"), _("NPV at the high end")],
            rows=rows,
            numeric=[2, 3],
        ),
        height=height,
    )
