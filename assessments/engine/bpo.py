"""BPO suitability and economics (vectorised)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .defaults import (
    MAX_CYCLE_TIME_REDUCTION,
    MAX_ERROR_REDUCTION,
    POSSIBLE_FROM,
    PROBABLE_FROM,
    SUITABILITY_INVERSE,
    VOLUME_LOG10_CEILING,
    VOLUME_LOG10_FLOOR,
)
from .ito import band_fraction
from .types import SUITABILITY_CRITERIA


def criterion_scores(columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Each criterion mapped to 0..1 where 1 favours BPO; shape (lines, 6).

    1-5 scores map linearly; strategic importance, knowledge intensity and regulatory
    sensitivity are inverted. Volume is log-scaled between 10^3 and 10^6 transactions
    a year (product judgement, see defaults).
    """
    out = np.empty((len(columns["standardisation"]), len(SUITABILITY_CRITERIA)))
    for j, name in enumerate(SUITABILITY_CRITERIA):
        x = np.asarray(columns[name], dtype=float)
        if name == "annual_volume":
            logv = np.log10(np.maximum(x, 1.0))
            out[:, j] = np.clip((logv - VOLUME_LOG10_FLOOR) / (VOLUME_LOG10_CEILING - VOLUME_LOG10_FLOOR), 0.0, 1.0)
        elif name in SUITABILITY_INVERSE:
            out[:, j] = (5.0 - x) / 4.0
        else:
            out[:, j] = (x - 1.0) / 4.0
    return out


def suitability_class(score: float) -> str:
    if score >= PROBABLE_FROM:
        return "probable"
    if score >= POSSIBLE_FROM:
        return "possible"
    return "unlikely"


@dataclass(frozen=True, slots=True)
class BpoEconomics:
    efficiency: np.ndarray  # fraction: gross reduction of the function's cost by the provider
    net_annual_unit: np.ndarray  # net annual benefit per unit of annual cost (after fee and governance)
    one_off_unit: np.ndarray  # one-off cost per unit of annual cost


def bpo_economics(
    *,
    suitability: np.ndarray,
    low: np.ndarray,
    typical: np.ndarray,
    high: np.ndarray,
    transition_cost_fraction: np.ndarray,
    selection_cost_fraction: float,
    governance_fraction: float,
    band: str,
) -> BpoEconomics:
    """The provider's annual fee is the current cost less the efficiency it delivers;
    the organisation also keeps a retained governance function costing governance_fraction
    of that contract value (defaults.SRC_GOVERNANCE; the engine passes 0 and models governance
    as its own cost column, costs.py). Net benefit = cost - fee - governance. One-off =
    transition cost + provider selection (share of the fee).
    The efficiency sits in the band by suitability (position = suitability / 100).
    """
    eff = band_fraction(low=low, typical=typical, high=high, position=suitability / 100.0, band=band)
    fee_unit = 1.0 - eff
    net_unit = eff - governance_fraction * fee_unit
    one_off_unit = transition_cost_fraction + selection_cost_fraction * fee_unit
    return BpoEconomics(efficiency=eff, net_annual_unit=net_unit, one_off_unit=one_off_unit)


def error_rate_after(*, error_rate: float, suitability: float) -> float:
    """Target error rate (per cent). product judgement: up to MAX_ERROR_REDUCTION fewer
    errors, scaled by suitability (0-100)."""
    return error_rate * (1.0 - MAX_ERROR_REDUCTION * suitability / 100.0)


def cycle_time_after(*, cycle_time_days: float, suitability: float) -> float:
    """Target cycle time (days). product judgement: up to MAX_CYCLE_TIME_REDUCTION
    shorter, scaled by suitability (0-100)."""
    return cycle_time_days * (1.0 - MAX_CYCLE_TIME_REDUCTION * suitability / 100.0)
