"""ITO economics: savings inside the benchmark band, one-off cost, payback (vectorised)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def band_pct(*, low: np.ndarray, typical: np.ndarray, high: np.ndarray, position: np.ndarray, band: str) -> np.ndarray:
    """The percentage of a line inside its capability's band.

    product judgement: the scenario band (low / typical / high) sets the centre; the
    line's own position (0..1, 0.5 = average) moves it by up to a quarter of the band's
    width either way, clipped to the band. So an average line gets exactly the band
    figure, and scenarios stay ordered low <= typical <= high for every line.
    """
    centre = {"low": low, "typical": typical, "high": high}[band]
    return np.clip(centre + (position - 0.5) * (high - low) / 2.0, low, high)


def ito_position(*, maturity: np.ndarray, standardisation: np.ndarray) -> np.ndarray:
    """0..1: low maturity (more waste to remove) and high standardisation (easier for a
    provider to industrialise) push towards the top of the band; equal weight to each
    (product judgement)."""
    return 0.5 * (5.0 - maturity) / 4.0 + 0.5 * (standardisation - 1.0) / 4.0


@dataclass(frozen=True, slots=True)
class ItoEconomics:
    pct: np.ndarray  # net savings as a fraction of annual cost
    one_off_unit: np.ndarray  # one-off cost per unit of annual cost
    payback_months: np.ndarray  # months from start until the one-off is recovered (inf if never)
    material: np.ndarray  # rule 3: savings at or above the materiality threshold


def ito_economics(
    *,
    annual_cost: np.ndarray,
    maturity: np.ndarray,
    standardisation: np.ndarray,
    low: np.ndarray,
    typical: np.ndarray,
    high: np.ndarray,
    transition_months: np.ndarray,
    transition_cost_pct: np.ndarray,
    selection_cost_pct: float,
    materiality_threshold: float,
    band: str,
) -> ItoEconomics:
    """Per-unit-of-cost figures, so that ordering and inclusion do not depend on the
    currency scale (multiplying every amount by k changes no decision).

    one-off = transition_cost_pct x annual cost + selection_cost_pct x annual price,
    where the annual price paid to the provider is the annual cost less the savings.
    """
    position = ito_position(maturity=maturity, standardisation=standardisation)
    pct = band_pct(low=low, typical=typical, high=high, position=position, band=band)
    one_off_unit = transition_cost_pct + selection_cost_pct * (1.0 - pct)
    material = (annual_cost > 0) & (pct > 0) & (pct >= materiality_threshold)
    with np.errstate(divide="ignore"):
        payback = np.where(pct > 0, transition_months + 12.0 * one_off_unit / np.where(pct > 0, pct, 1.0), np.inf)
    return ItoEconomics(pct=pct, one_off_unit=one_off_unit, payback_months=payback, material=material)
