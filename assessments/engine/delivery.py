"""BPO savings bands by delivery model and price: where the work goes and what the provider charges.

The shipped BPO bands (defaults.DEFAULT_BENCHMARKS) describe offshore deals at the market
price (SRC_BPO_SAVINGS: offshore labour-rate differences of 50-60 % give 30-40 % bottom-line
savings). A BPO line's band is therefore scaled by the delivery model of the offering at the
top of its shortlist (DELIVERY_BAND_SCALE: offshore 1.0, nearshore 0.85, onshore 0.7 of the
band) and then priced by that offering's `price_index` (1.0 = the market price): the
provider's fee per unit of the function's cost, 1 - efficiency, is multiplied by the index,
so an efficiency e becomes 1 - price_index x (1 - scale x e). Both maps are increasing in
e, so scenarios stay ordered (low <= typical <= high). A line without a shortlisted offering
(no catalogue, or none in the region) keeps the band as shipped (scale 1.0, index 1.0), and
its rationale says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .shortlist import ShortlistRequest, build_shortlists
from .types import RoadmapInput, ShortlistEntry

OFFSHORE = "offshore"
NEARSHORE = "nearshore"
ONSHORE = "onshore"

# product judgement anchored on the labour-arbitrage basis of BPO savings: Deloitte's Global
# Outsourcing Survey (2014 and later editions) finds cost reduction the first reason to outsource
# and labour arbitrage its main source; offshore delivery captures the full labour-rate gap
# (SRC_BPO_SAVINGS), nearshore most of it and onshore only the provider's scale and process
# gains. The fractions 1.0 / 0.85 / 0.7 of the band are the product's own judgement, not survey
# figures.
DELIVERY_BAND_SCALE: Mapping[str, float] = MappingProxyType({OFFSHORE: 1.0, NEARSHORE: 0.85, ONSHORE: 0.7})
SRC_DELIVERY_BAND_SCALE = (
    "product judgement: a BPO savings band is that of an offshore deal (labour arbitrage, Deloitte Global "
    "Outsourcing Survey); nearshore delivery keeps 0.85 and onshore 0.7 of it; the shortlisted offering's price "
    "index then scales the provider's fee"
)


@dataclass(frozen=True, slots=True)
class Delivery:
    """Per BPO line (input order): the top shortlisted offering's delivery model ("" when the
    line has no shortlisted offering or the offering names none), its band scale (0..1) and
    price index (1.0 = market price; 1.0 without an offering), and its provider ("" without).
    `shortlists`: the shortlists they come from, keyed as build_shortlists keys them (ITO lines,
    then BPO lines), so that the roadmap's items reuse them instead of ranking again."""

    model: tuple[str, ...]
    provider: tuple[str, ...]
    scale: np.ndarray
    price_index: np.ndarray
    shortlists: Mapping[int, tuple[ShortlistEntry, ...]] = field(default_factory=dict)


def delivery_scale(model: str) -> float:
    """The share of the (offshore) band a `model` delivery keeps: DELIVERY_BAND_SCALE, 1.0 for
    an unnamed or unknown model (the band as shipped). Case-insensitive; raises nothing."""
    return float(DELIVERY_BAND_SCALE.get(model.strip().lower(), 1.0))


def delivery_of(data: RoadmapInput) -> Delivery:
    """The delivery terms of every BPO line of `data`, from the top of the shortlist each line
    would get (shortlist.build_shortlists over the input's offerings and pools)."""
    funcs = data.business_functions
    n_ito = len(data.it_cost_areas)
    models: list[str] = [""] * len(funcs)
    providers: list[str] = [""] * len(funcs)
    index = np.ones(len(funcs))
    shortlists: Mapping[int, tuple[ShortlistEntry, ...]] = {}
    if funcs and data.offerings:
        requests = [ShortlistRequest(key=n_ito + i, capability=f.capability, ftes=f.ftes) for i, f in enumerate(funcs)]
        shortlists = build_shortlists(
            requests=requests, offerings=data.offerings, region=data.parameters.region, pools=data.offering_pools
        )
        prices = {(o.provider, o.capability, o.delivery_model): o.price_index for o in data.offerings}
        for i, f in enumerate(funcs):
            entries = shortlists.get(n_ito + i, ())
            if not entries:
                continue
            top = entries[0]
            models[i] = top.delivery_model
            providers[i] = top.provider
            index[i] = float(prices.get((top.provider, f.capability, top.delivery_model), 1.0))
    return Delivery(
        model=tuple(models),
        provider=tuple(providers),
        scale=np.array([delivery_scale(m) for m in models], dtype=float),
        price_index=index,
        shortlists=shortlists,
    )


def delivered_band(
    *, low: np.ndarray, typical: np.ndarray, high: np.ndarray, delivery: Delivery
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The BPO band (efficiency fractions per line) after the delivery model and price index:
    each figure e becomes 1 - price_index x (1 - scale x e). May be below 0 for a provider dearer
    than the market (its fee exceeds the function's cost). Raises nothing."""

    def priced(e: np.ndarray) -> np.ndarray:
        out: np.ndarray = 1.0 - delivery.price_index * (1.0 - delivery.scale * e)
        return out

    return priced(low), priced(typical), priced(high)


def delivery_note(delivery: Delivery, i: int) -> tuple[str, tuple[tuple[str, str | float | int | None], ...]]:
    """The sentence and facts the rationale of BPO line `i` adds: which delivery model and price
    index its band used (or that no offering was shortlisted, so the band is as shipped)."""
    model = delivery.model[i]
    scale = float(delivery.scale[i])
    index = float(delivery.price_index[i])
    if not delivery.provider[i]:
        text = "No offering is shortlisted: the efficiency band is the shipped (offshore) one at the market price."
    else:
        text = (
            f"Band for {model or 'an unnamed'} delivery ({scale:.0%} of the offshore band) at the shortlisted "
            f"offering's price index {index:.2f}."
        )
    params: tuple[tuple[str, str | float | int | None], ...] = (
        ("delivery_model", model),
        ("delivery_band_scale", scale),
        ("delivery_price_index", index),
    )
    return text, params
