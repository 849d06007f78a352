"""The sentence a BPO line's rationale adds about its savings band (engine/delivery.py), in the
reader's language: which delivery model and price index the band used, and how much of the
band's labour arbitrage the origin's earnings leave."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.engine.delivery import HUB_MONTHLY_EARNINGS_USD
from outsourcing.money import number_format, percent_format

DELIVERY_MODEL_LABELS: dict[str, Any] = {
    "offshore": gettext_lazy("offshore"),
    "nearshore": gettext_lazy("nearshore"),
    "onshore": gettext_lazy("onshore"),
}


def origin_sentence(params: Mapping[str, Any]) -> str:
    """How much labour arbitrage the origin leaves (engine 2.1); "" for a result without the facts."""
    if "labour_arbitrage_share" not in params:
        return ""
    origin = params.get("origin_monthly_earnings_usd") or 0
    if float(origin) <= 0:
        return _("The origin's labour cost is not known: labour arbitrage is assumed in full (the band as shipped).")
    return _(
        "Employees at the origin earn about USD %(origin)s a month against USD %(hub)s at the offshore hub: "
        "%(share)s of the band's labour arbitrage is left."
    ) % {
        "origin": number_format(origin),
        "hub": number_format(params.get("offshore_hub_monthly_earnings_usd", HUB_MONTHLY_EARNINGS_USD)),
        "share": percent_format(params.get("labour_arbitrage_share")),
    }


def delivery_sentence(params: Mapping[str, Any]) -> str:
    """Which delivery model and price index a BPO line's band used and what the origin leaves of its
    labour arbitrage; "" for a result computed before issue 13 (no delivery facts)."""
    if "delivery_model" not in params:
        return ""
    model = str(params.get("delivery_model") or "")
    if not model:
        head = _(
            "No offering is shortlisted: the efficiency band is the offshore one (%(scale)s of it) at the market price."
        ) % {"scale": percent_format(params.get("delivery_band_scale", 1.0))}
    else:
        head = _(
            "Band for %(model)s delivery (%(scale)s of the offshore band) at the shortlisted offering's price index "
            "%(index)s."
        ) % {
            "model": DELIVERY_MODEL_LABELS.get(model, model),
            "scale": percent_format(params.get("delivery_band_scale")),
            "index": number_format(params.get("delivery_price_index"), decimals=2),
        }
    origin = origin_sentence(params)
    return f"{head} {origin}" if origin else head
