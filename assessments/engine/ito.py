"""ITO economics (rule 3: savings must be found), vectorised over IT cost areas.

A saving is *found* when the area's unit cost (annual cost / volume in the capability's
TBM unit of measure) can be compared with the market's unit-cost band in the same
currency: found fraction = (area unit cost - market unit cost) / area unit cost, at
least 0 and at most the capability's savings band high (no provider delivers more than
the best published deals). Without a volume (or without a market band in the
assessment's currency) the saving is only *indicative*: a point in the savings band set
by the area's maturity and standardisation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .defaults import INDICATIVE_SPREAD

FOUND = "found"
INDICATIVE = "indicative"

# Scenario band -> which end of the market unit-cost band it compares against: the
# "low" savings scenario assumes a dear market (little gap), "high" a cheap one.
MARKET_END = {"low": "high", "typical": "typical", "high": "low"}


def band_fraction(
    *, low: np.ndarray, typical: np.ndarray, high: np.ndarray, position: np.ndarray, band: str, spread: float = 0.5
) -> np.ndarray:
    """A line's fraction inside its capability's savings band.

    product judgement: the scenario band (low / typical / high) sets the centre; the
    line's own position (0..1, 0.5 = average) moves it by up to `spread` x the band's
    width either way. An average line gets exactly the band figure, and scenarios stay
    ordered low <= typical <= high for every line. With spread 0.5 the result stays in
    [low, high] (BPO efficiency); ITO indicative savings use INDICATIVE_SPREAD and may
    fall below the band's low end (then clipped at 0 and at the band's high).
    """
    centre = {"low": low, "typical": typical, "high": high}[band]
    moved = centre + (position - 0.5) * spread * (high - low)
    lowest = low if spread <= 0.5 else np.zeros_like(low)
    clipped: np.ndarray = np.clip(moved, lowest, high)
    return clipped


def ito_position(*, maturity: np.ndarray, standardisation: np.ndarray) -> np.ndarray:
    """0..1: low maturity (more waste to remove) and high standardisation (easier for a
    provider to industrialise) push towards the top of the band; equal weight to each
    (product judgement)."""
    return 0.5 * (5.0 - maturity) / 4.0 + 0.5 * (standardisation - 1.0) / 4.0


@dataclass(frozen=True, slots=True)
class ItoEconomics:
    """Per-unit-of-cost figures of one savings band (so no decision depends on the
    currency's scale). All arrays have one entry per IT cost area."""

    fraction: np.ndarray  # savings as a fraction of annual cost
    one_off_unit: np.ndarray  # one-off cost per unit of annual cost
    payback_months: np.ndarray  # months from start until the one-off is recovered (inf if never)
    market_unit_cost: np.ndarray  # compared market unit cost (nan when indicative)


def ito_economics(
    *,
    found: np.ndarray,
    unit_cost: np.ndarray,
    market: dict[str, np.ndarray],
    maturity: np.ndarray,
    standardisation: np.ndarray,
    low: np.ndarray,
    typical: np.ndarray,
    high: np.ndarray,
    transition_months: np.ndarray,
    transition_cost_fraction: np.ndarray,
    selection_cost_fraction: float,
    band: str,
) -> ItoEconomics:
    """Savings fraction, one-off and payback of each area in `band`.

    `found` marks areas with a usable volume and market band; `unit_cost` is money per
    unit a year (nan when not found); `market` maps "low"/"typical"/"high" to the market
    unit-cost arrays (nan where absent). one-off = transition_cost_fraction x annual cost +
    selection_cost_fraction x annual price, the price being the annual cost less the savings.
    """
    position = ito_position(maturity=maturity, standardisation=standardisation)
    indicative = band_fraction(
        low=low, typical=typical, high=high, position=position, band=band, spread=INDICATIVE_SPREAD
    )
    m = market[MARKET_END[band]]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(found, 1.0 - m / np.where(found, unit_cost, 1.0), 0.0)
    fraction = np.where(found, np.clip(gap, 0.0, high), indicative)
    one_off_unit = transition_cost_fraction + selection_cost_fraction * (1.0 - fraction)
    with np.errstate(divide="ignore", over="ignore"):  # a subnormal fraction: payback overflows to inf
        payback = np.where(
            fraction > 0, transition_months + 12.0 * one_off_unit / np.where(fraction > 0, fraction, 1.0), np.inf
        )
    return ItoEconomics(
        fraction=fraction,
        one_off_unit=one_off_unit,
        payback_months=payback,
        market_unit_cost=np.where(found, m, np.nan),
    )
