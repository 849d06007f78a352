"""Building blocks of every chart: colours, the light layout, `Chart` and `Table`, money scales, and
the reduction of a plotly figure to a small dict."""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from outsourcing.money import currency_marker

# Bump when a figure's shape changes, so cached figures of the old shape are not served.
CHARTS_VERSION = 9
CACHE_SECONDS = 6 * 60 * 60

# One colour means one thing. Every chart takes its colours from PALETTE, keyed by what the colour
# means, and names each trace (and line shape) with that key in `legendgroup` (`name` for shapes),
# so a test can check that no colour stands for two things on one page
# (tests/roadmaps/test_chart_palette.py). The hues are Bootstrap 5's (the app's own styles), picked
# by the product so that the neighbouring charts of the dashboard never share a colour: the
# product's own judgement, not a published standard.
PALETTE: dict[str, str] = {
    # The phases (timeline, savings and benefit bars).
    "ito": "#0b5ed7",
    "ito_transition": "#9ec5fe",
    "bpo": "#198754",
    "bpo_transition": "#a3cfbb",
    "indicative": "#ffc107",
    "not_recommended": "#adb5bd",
    "savings_start": "#212529",
    "gate": "#d63384",
    # Money over time (cash flow).
    "cash_flow": "#6f42c1",
    "scenario_band": "#c29ffa",
    "discounted": "#495057",
    "payback": "#fd7e14",
    # Risk (NPV histogram and tornado).
    "npv_positive": "#20c997",
    "npv_negative": "#dc3545",
    "percentile": "#052c65",
    "deterministic": "#997404",
    "input_low": "#f1aeb5",
    "input_high": "#0dcaf0",
    # BPO suitability classes (bubbles and their thresholds).
    "probable": "#087990",
    "possible": "#feb272",
    "unlikely": "#6c757d",
    # Portfolio: where each assessment's decision stands.
    "approved": "#146c43",
    "pending": "#cc9a06",
    "rejected": "#b02a37",
    "undecided": "#3d8bfd",
    "others": "#ced4da",
}
# Roadmaps side by side (the compare pages, which draw no other meaning): the n-th roadmap keeps
# the n-th colour in every chart of the page. Six, the most that can be compared.
SERIES_COLOURS: tuple[str, ...] = ("#0b5ed7", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#997404")


def series_colour(index: int) -> str:
    """The colour of the `index`-th (0-based) roadmap of a comparison; cycles past six."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def fill_of(colour: str, alpha: float = 0.12) -> str:
    """A `#rrggbb` colour as a translucent `rgba(...)` fill."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
AXIS = {"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd", "linecolor": "#ced4da", "automargin": True}
LIGHT_LAYOUT: dict[str, Any] = {
    "font": {"family": FONT, "size": 12, "color": "#212529"},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    "hoverlabel": {"align": "left"},
    # Above the plot: below it, plotly places the legend over the x-axis title.
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "itemsizing": "constant"},
    "xaxis": dict(AXIS),
    "yaxis": dict(AXIS),
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
        """The axis unit written like the figures beside it: `IDR billion`, `Rp miliar`."""
        return f"{currency_marker(currency)} {self.unit}".strip()


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


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, 3)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item) for item in value]
    return value


def figure_dict(figure: go.Figure, layout: dict[str, Any], narrow: dict[str, Any] | None = None) -> dict[str, Any]:
    """The figure as a small plain dict: no default template, the light layout, rounded floats.
    `narrow` is what the layout changes on a phone: static/js/charts.js merges it in when the chart
    is narrower than 480 px."""
    plain = figure.to_plotly_json()
    own_layout = plain.get("layout", {})
    own_layout.pop("template", None)
    drawn = {
        "data": rounded(plain.get("data", [])),
        "layout": rounded(merge(merge(LIGHT_LAYOUT, own_layout), layout | {"separators": separators()})),
        "config": CONFIG,
    }
    if narrow:
        drawn["narrow"] = rounded(narrow)
        # A legend entry does not wrap: on a phone a long trace name is cut into lines.
        names = [trace.get("name") or "" for trace in drawn["data"]]
        if any(len(name) > NARROW_LINE for name in names):
            drawn["narrow_traces"] = [{"name": wrapped(name)} if name else {} for name in names]
    return drawn


# Characters a line of chart text holds on a 390 px phone (12 px type, beside a legend symbol).
NARROW_LINE = 34


def wrapped(value: str, length: int = NARROW_LINE) -> str:
    """`value` cut into lines of at most `length` characters at spaces, joined by plotly's `<br>`."""
    return "<br>".join(textwrap.wrap(value, length)) or value


# On a phone a row of a horizontal bar chart is a 15 px label over a 24 px bar (bargap 0.45 of 44 px).
NARROW_ROW = 44
NARROW_BARGAP = 0.45


def labels_above_bars(
    labels: list[str], *, above: int, annotations: list[dict[str, Any]] | None = None, room_below: float = 0.0
) -> dict[str, Any]:
    """The phone layout of a horizontal bar chart with one category per row (tornado, timeline, items):
    each row's label is written above its bar, from the left edge, instead of in a left margin that
    leaves the bars 60 px. `above` is the height of the legend and the x axis (px); `room_below`
    adds empty rows' worth of space under the last bar (for the timeline's gate label)."""
    count = len(labels)
    return {
        "height": above + round(NARROW_ROW * (count + 0.35 + room_below)),
        "bargap": NARROW_BARGAP,
        "margin": {"l": 4, "r": 12},
        # Reversed (first row on top); 0.35 of a row above the first bar holds its label.
        "yaxis": {"showticklabels": False, "autorange": False, "range": [count - 0.5 + room_below, -0.85]},
        "annotations": [
            *(annotations or []),
            *(
                {
                    "x": 0,
                    "xref": "paper",
                    "xanchor": "left",
                    "y": index - (1 - NARROW_BARGAP) / 2,
                    "yref": "y",
                    "yanchor": "bottom",
                    "text": label,
                    "showarrow": False,
                    "font": {"size": 11},
                    # A dashed line across the plot passes behind the label, not through it.
                    "bgcolor": "rgba(255, 255, 255, 0.85)",
                }
                for index, label in enumerate(labels)
            ),
        ],
    }


def label_side(x: float, width: float) -> str:
    """The anchor that keeps a label beside a vertical line inside the plot: it reads to the
    right of a line in the left half, to the left of a line in the right half."""
    return "left" if width <= 0 or x <= width / 2 else "right"


def separators() -> str:
    """plotly's decimal and thousands separators for the active language (1,5 and 1.000 in Indonesian)."""
    return ",." if (get_language() or "en").startswith("id") else ".,"


def vertical_line(x: float, meaning: str) -> dict[str, Any]:
    """A dashed line across the plot at `x`, coloured and named by its PALETTE `meaning`."""
    return {
        "type": "line",
        "name": meaning,
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": PALETTE[meaning], "width": 2, "dash": "dash"},
    }


def shortened(value: str, length: int = 40) -> str:
    """`value` cut to `length` characters with an ellipsis: axis labels that leave room for the plot
    (the full text goes into the hover and the table)."""
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def shortened_unique(values: list[str], length: int = 40) -> list[str]:
    """Each value `shortened`, numbered ` (2)`, ` (3)` where two would read the same, so a category
    axis keeps one row per value."""
    short = [shortened(value, length) for value in values]
    totals = Counter(short)
    seen: Counter[str] = Counter()
    unique = []
    for value in short:
        seen[value] += 1
        unique.append(f"{value} ({seen[value]})" if totals[value] > 1 else value)
    return unique


def padded(values: list[float]) -> list[float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    return [round(low - 0.08 * span, 3), round(high + 0.22 * span, 3)]
