"""A chart's money axis is written like the figures beside it: "IDR billion" in English,
"Rp miliar" in Indonesian (never "IDR miliar" next to "Rp" amounts)."""

from django.utils import translation

from assessments.roadmaps.charts.base import money_scale
from outsourcing.money import money_format


def test_money_axes_use_the_same_currency_marker_as_the_figures():
    scale = money_scale([15_200_000_000.0])
    with translation.override("en"):
        assert money_scale([15_200_000_000.0]).axis_title("IDR") == "IDR billion"
        assert money_format(15_200_000_000, "IDR").startswith("IDR\u00a0")
    with translation.override("id"):
        title = money_scale([15_200_000_000.0]).axis_title("IDR")
        assert title == "Rp miliar"
        assert money_format(15_200_000_000, "IDR").startswith("Rp\u00a0")
        assert money_scale([2_000_000.0]).axis_title("EUR") == "€ juta"
    assert scale.divisor == 1e9
