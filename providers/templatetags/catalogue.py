"""Presentation helpers for the catalogue pages."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from providers.selectors import price_band_of

register = template.Library()

_AVATAR_COLOURS = ("primary", "success", "info", "warning", "danger", "secondary")
_BAND_LABELS = {"budget": _("Budget"), "market": _("Market"), "premium": _("Premium")}
_BAND_COLOURS = {"budget": "success", "market": "secondary", "premium": "warning"}


@register.filter
def stars(rating: Decimal | float | None) -> str:
    """Five stars, filled to the nearest whole star (the number is shown next to them)."""
    filled = max(0, min(5, round(float(rating or 0))))
    return "★" * filled + "☆" * (5 - filled)


@register.filter
def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha() and word.lower() != "demo"]
    return "".join(word[0] for word in words[:2]).upper() or "?"


@register.filter
def avatar_colour(pk: int) -> str:
    return _AVATAR_COLOURS[(pk or 0) % len(_AVATAR_COLOURS)]


@register.filter
def price_band(price_index: Decimal | None) -> str:
    return "" if price_index is None else price_band_of(price_index)


@register.filter
def price_band_label(price_index: Decimal | None) -> str:
    return "" if price_index is None else str(_BAND_LABELS[price_band_of(price_index)])


@register.filter
def price_band_colour(price_index: Decimal | None) -> str:
    return "secondary" if price_index is None else _BAND_COLOURS[price_band_of(price_index)]


@register.filter
def kind_colour(kind: str) -> str:
    return "primary" if kind == "ITO" else "success"
