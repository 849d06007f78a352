"""Building blocks of every chart: colours, the light layout, `Chart` and `Table`, money scales, and
the reduction of a plotly figure to a small dict."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from outsourcing.money import currency_marker

# Bump when a figure's shape changes, so cached figures of the old shape are not served.
CHARTS_VERSION = 7
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


def figure_dict(figure: go.Figure, layout: dict[str, Any]) -> dict[str, Any]:
    """The figure as a small plain dict: no default template, the light layout, rounded floats."""
    plain = figure.to_plotly_json()
    own_layout = plain.get("layout", {})
    own_layout.pop("template", None)
    return {
        "data": rounded(plain.get("data", [])),
        "layout": rounded(merge(merge(LIGHT_LAYOUT, own_layout), layout | {"separators": separators()})),
        "config": CONFIG,
    }


def label_side(x: float, width: float) -> str:
    """The anchor that keeps a label beside a vertical line inside the plot: it reads to the
    right of a line in the left half, to the left of a line in the right half."""
    return "left" if width <= 0 or x <= width / 2 else "right"


def separators() -> str:
    """plotly's decimal and thousands separators for the active language (1,5 and 1.000 in Indonesian)."""
    return ",." if (get_language() or "en").startswith("id") else ".,"


def vertical_line(x: float, colour: str) -> dict[str, Any]:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": colour, "width": 2, "dash": "dash"},
    }


def padded(values: list[float]) -> list[float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    return [round(low - 0.08 * span, 3), round(high + 0.22 * span, 3)]
