"""BPO savings bands by delivery model, origin and price: where the work goes, where it comes from
and what the provider charges.

The shipped BPO bands (defaults.DEFAULT_BENCHMARKS) describe offshore deals from a high-wage
origin at the market price (SRC_BPO_SAVINGS: offshore labour-rate differences of 50-60 % give
30-40 % bottom-line savings). A BPO line's band is therefore scaled by the delivery model of the
offering at the top of its shortlist (DELIVERY_BAND_SCALE: offshore 1.0, nearshore 0.85, onshore
0.7 of the band) and by the labour arbitrage the origin leaves: with the origin's mean monthly
earnings w (parameter origin_monthly_earnings_usd, 0 = the region's figure in
ORIGIN_MONTHLY_EARNINGS_USD) and the offshore hub's h (HUB_MONTHLY_EARNINGS_USD), the labour-rate
gap is g = clamp(1 - h / w, 0, 1) and the arbitrage share a = min(1, g / REFERENCE_LABOUR_RATE_GAP).
The scale of a model becomes ONSHORE + (DELIVERY_BAND_SCALE[model] - ONSHORE) x a: onshore keeps
0.7 (no arbitrage in it), and from an origin that earns no more than the hub every model falls to
the onshore scale. A line without a shortlisted offering takes the offshore band (1.0) so scaled.
An origin whose earnings are unknown (a region not in the table and no figure given) keeps a = 1,
the band as shipped, and its rationale says so. The scaled band is then priced by the offering's
`price_index` (1.0 = the market price): the provider's fee per unit of the function's cost,
1 - efficiency, is multiplied by the index, so an efficiency e becomes
1 - price_index x (1 - scale x e). Every map is increasing in e and the scale non-decreasing in w,
so scenarios stay ordered (low <= typical <= high). Without a shortlisted offering the index is 1.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .shortlist import ShortlistRequest, build_shortlists
from .types import Parameters, RoadmapInput, ShortlistEntry

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
ONSHORE_SCALE = DELIVERY_BAND_SCALE[ONSHORE]

# Mean monthly earnings of employees in USD (gross, all occupations), rounded to the nearest 10 below
# 1,000 and the nearest 100 above, converted at defaults.FX_PER_USD's 2023 rates where the source is in
# another currency. Indonesia, India, Europe and North America are national statistics; Southeast
# Asia and Asia Pacific are the product's own weighted mixes (SRC_MONTHLY_EARNINGS says how).
HUB_MONTHLY_EARNINGS_USD = 250.0  # India, the reference destination of the survey figures
ORIGIN_MONTHLY_EARNINGS_USD: Mapping[str, float] = MappingProxyType(
    {"id": 210.0, "sea": 320.0, "apac": 1_200.0, "eu": 3_400.0, "na": 5_200.0}
)
EARNINGS_YEAR = 2023
SRC_MONTHLY_EARNINGS = (
    "Mean monthly earnings of employees (the ILOSTAT 'average monthly earnings of employees' concept), "
    "national statistics: Indonesia (id) BPS Sakernas August 2023, average wage of employees IDR 3.18 million "
    "(about USD 209 at IDR 15,237); India (the offshore hub) PLFS, regular wage/salaried employees, April-June "
    "2024, INR 21,103 (about USD 254 at INR 83); Europe (eu) Eurostat nama_10_fte 2023, average full-time "
    "adjusted salary EUR 37,863 a year (EUR 3,155 a month, about USD 3,412); North America (na) US BLS Current "
    "Employment Statistics 2024, average hourly earnings of all private employees about USD 35 over about 34.3 "
    "hours a week, about USD 1,200 a week or USD 5,200 a month (the US figure stands for the region: product "
    "judgement). Product judgement, weighted by wage employees: Southeast Asia (sea) about USD 320 from "
    "Indonesia 209 (about 53 million employees), the Philippines PSA Occupational Wages Survey 2022 PHP 18,423 "
    "(about USD 338, 30 million), Viet Nam GSO Q1 2023 wage workers VND 7.9 million (about USD 332, 28 million) "
    "and Malaysia DOSM Salaries & Wages Survey 2023 mean RM 3,441 (about USD 755, 12 million); Asia Pacific "
    "(apac) about USD 1,200, a mix led by China's NBS 2023 urban averages (non-private units CNY 120,698 and "
    "private units CNY 68,340 a year, about USD 1,420 and 800 a month) and lifted by Japan's MHLW Monthly Labour "
    "Survey 2023 (JPY 329,777, about USD 2,350). All rounded; the reference gap 0.55 is the midpoint of "
    "SRC_BPO_SAVINGS' 50-60 % labour-rate differences"
)
# The labour-rate gap the shipped (offshore) bands were measured at: midpoint of 50-60 % (SRC_BPO_SAVINGS).
REFERENCE_LABOUR_RATE_GAP = 0.55


@dataclass(frozen=True, slots=True)
class Delivery:
    """Per BPO line (input order): the top shortlisted offering's delivery model ("" when the
    line has no shortlisted offering or the offering names none), its band scale (0..1, after the
    origin's labour arbitrage) and price index (1.0 = market price; 1.0 without an offering), and
    its provider ("" without). `shortlists`: the shortlists they come from, keyed as
    build_shortlists keys them (ITO lines, then BPO lines), so that the roadmap's items reuse them
    instead of ranking again. For the whole input: the origin's mean monthly earnings in USD (0 when
    unknown) and the labour-arbitrage share a (0..1; 1.0 when the origin is unknown)."""

    model: tuple[str, ...]
    provider: tuple[str, ...]
    scale: np.ndarray
    price_index: np.ndarray
    shortlists: Mapping[int, tuple[ShortlistEntry, ...]] = field(default_factory=dict)
    origin_monthly_earnings_usd: float = 0.0
    arbitrage_share: float = 1.0


def delivery_scale(model: str) -> float:
    """The share of the (offshore) band a `model` delivery keeps from a high-wage origin:
    DELIVERY_BAND_SCALE, 1.0 for an unnamed or unknown model (the band as shipped).
    Case-insensitive; raises nothing."""
    return float(DELIVERY_BAND_SCALE.get(model.strip().lower(), 1.0))


def origin_earnings(parameters: Parameters) -> float:
    """The origin's mean monthly earnings of employees in USD: the assessment's figure when given
    (> 0), else its region's (ORIGIN_MONTHLY_EARNINGS_USD, case-insensitive), else 0 (unknown)."""
    given = float(parameters.origin_monthly_earnings_usd)
    if given > 0:
        return given
    return float(ORIGIN_MONTHLY_EARNINGS_USD.get(parameters.region.strip().lower(), 0.0))


def arbitrage_share(origin_usd: float) -> float:
    """The share a (0..1) of the shipped bands' labour arbitrage an origin earning `origin_usd` a
    month leaves: gap g = clamp(1 - hub / origin, 0, 1), a = min(1, g / REFERENCE_LABOUR_RATE_GAP).
    1.0 for an unknown origin (origin_usd <= 0: the band as shipped). Non-decreasing in origin_usd."""
    if origin_usd <= 0:
        return 1.0
    gap = min(1.0, max(0.0, 1.0 - HUB_MONTHLY_EARNINGS_USD / origin_usd))
    return min(1.0, gap / REFERENCE_LABOUR_RATE_GAP)


def arbitraged_scale(model: str, share: float) -> float:
    """The band scale of a `model` delivery from an origin leaving arbitrage share `share`:
    ONSHORE_SCALE + (delivery_scale(model) - ONSHORE_SCALE) x share. Onshore is unchanged; with
    share 0 every model keeps the onshore scale, with share 1 its full DELIVERY_BAND_SCALE."""
    return ONSHORE_SCALE + (delivery_scale(model) - ONSHORE_SCALE) * share


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
    origin = origin_earnings(data.parameters)
    share = arbitrage_share(origin)
    return Delivery(
        model=tuple(models),
        provider=tuple(providers),
        scale=np.array([arbitraged_scale(m, share) for m in models], dtype=float),
        price_index=index,
        shortlists=shortlists,
        origin_monthly_earnings_usd=origin,
        arbitrage_share=share,
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


def origin_sentence(delivery: Delivery) -> str:
    """The sentence saying how much of the band's labour arbitrage the origin leaves."""
    origin, share = delivery.origin_monthly_earnings_usd, delivery.arbitrage_share
    if origin <= 0:
        return "The origin's labour cost is not known: labour arbitrage is assumed in full (the band as shipped)."
    return (
        f"Employees at the origin earn about USD {origin:,.0f} a month against USD "
        f"{HUB_MONTHLY_EARNINGS_USD:,.0f} at the offshore hub: {share:.0%} of the band's labour arbitrage is left."
    )


def delivery_note(delivery: Delivery, i: int) -> tuple[str, tuple[tuple[str, str | float | int | None], ...]]:
    """The sentences and facts the rationale of BPO line `i` adds: which delivery model and price
    index its band used (or that no offering was shortlisted, so the band is the offshore one) and
    how much labour arbitrage the origin's earnings leave."""
    model = delivery.model[i]
    scale = float(delivery.scale[i])
    index = float(delivery.price_index[i])
    if not delivery.provider[i]:
        text = (
            f"No offering is shortlisted: the efficiency band is the offshore one ({scale:.0%} of it) at the "
            "market price."
        )
    else:
        text = (
            f"Band for {model or 'an unnamed'} delivery ({scale:.0%} of the offshore band) at the shortlisted "
            f"offering's price index {index:.2f}."
        )
    params: tuple[tuple[str, str | float | int | None], ...] = (
        ("delivery_model", model),
        ("delivery_band_scale", scale),
        ("delivery_price_index", index),
        ("origin_monthly_earnings_usd", delivery.origin_monthly_earnings_usd),
        ("labour_arbitrage_share", delivery.arbitrage_share),
        ("offshore_hub_monthly_earnings_usd", HUB_MONTHLY_EARNINGS_USD),
    )
    return f"{text} {origin_sentence(delivery)}", params
