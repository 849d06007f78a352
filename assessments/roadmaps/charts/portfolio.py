"""The portfolio charts: NPV by assessment and payback against NPV, one pair per currency."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.roadmaps.charts.base import (
    PALETTE,
    Chart,
    Table,
    figure_dict,
    money_scale,
    padded,
    text,
)
from assessments.roadmaps.portfolio_selectors import APPROVAL_CHOICES
from outsourcing.money import money_format


def _shorten(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def _short_labels(rows: list[Any]) -> list[str]:
    """Axis labels short enough to leave room for the bars (at most about 34 characters), unique
    even for same-named assessments. The organisation is named only when the chart holds several.
    The full names are in the hover and the table."""
    one_organisation = len({row.organisation_name for row in rows if not row.others_count}) <= 1
    labels = [
        text(row.label)
        if row.others_count
        else text(f"{_shorten(row.title, 28)} v{row.version}")
        if one_organisation
        else text(f"{_shorten(row.organisation_name, 14)} · {_shorten(row.title, 14)} v{row.version}")
        for row in rows
    ]
    totals = Counter(labels)
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(f"{label} ({seen[label]})" if totals[label] > 1 else label)
    return unique


DECISIONS = ("approved", "pending", "rejected")


def _meaning(row: Any) -> str:
    """The PALETTE key of a portfolio row: its decision, "undecided", or "others" for the aggregate."""
    if row.others_count:
        return "others"
    return row.approval if row.approval in DECISIONS else "undecided"


def _legend(meaning: str) -> str:
    """The legend entry of a PALETTE key, worded as the portfolio's approval filter words it."""
    if meaning == "others":
        return _("All the others")
    return str(APPROVAL_CHOICES["not_computed" if meaning == "undecided" else meaning])


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
        # One trace per decision, so each colour is one meaning; the rows keep the NPV order.
        for meaning in (*DECISIONS, "undecided", "others"):
            chosen = [(label, row) for label, row in ordered if _meaning(row) == meaning]
            if not chosen:
                continue
            bar.add_bar(
                name=_legend(meaning),
                legendgroup=meaning,
                x=[scale.of(float(row.npv)) for _label, row in chosen],
                y=[short[label] for label, _row in chosen],
                customdata=[label for label, _row in chosen],
                orientation="h",
                marker={"color": PALETTE[meaning]},
                hovertemplate=f"%{{customdata}}: %{{x:,.2f}} {unit}<extra>{_legend(meaning)}</extra>",
            )
        height = max(200, 80 + 30 * len(members))
        charts.append(
            Chart(
                id=f"chart-portfolio-npv-{index}",
                title=_("NPV by assessment (%(currency)s)") % {"currency": currency},
                description=_(
                    "Net present value of the roadmap that counts for each assessment (the approved one, "
                    "else the base roadmap): the one the table shows; green ones are approved."
                ),
                figure=figure_dict(
                    bar,
                    {
                        "height": height,
                        "xaxis": {"title": {"text": unit}},
                        "yaxis": {
                            "autorange": "reversed",
                            "type": "category",
                            "categoryorder": "array",
                            "categoryarray": [short[label] for label, _row in ordered],
                        },
                        "showlegend": True,
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
        # No name beside a point: assessments with close figures would print theirs over each other.
        # The names are in the hover and the table.
        for meaning in (*DECISIONS, "undecided"):
            chosen = [(label, row) for label, row in with_payback if _meaning(row) == meaning]
            if not chosen:
                continue
            scatter.add_scatter(
                name=_legend(meaning),
                legendgroup=meaning,
                mode="markers",
                x=[row.payback_month for _label, row in chosen],
                y=[scale.of(float(row.npv)) for _label, row in chosen],
                customdata=[label for label, _row in chosen],
                marker={"size": 12, "color": PALETTE[meaning], "line": {"width": 1, "color": "#ffffff"}},
                hovertemplate="%{customdata}<br>"
                + _("Payback month %{x}")
                + f"<br>%{{y:,.2f}} {unit}<extra>{_legend(meaning)}</extra>",
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
                        "showlegend": True,
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
