"""Engine input lines for tests without a database (engine dataclasses, no Django)."""

import dataclasses
from typing import Any

from assessments.engine import BusinessFunction


def payroll_function(**overrides: Any) -> BusinessFunction:
    """A payroll function that BPO suits: 1.2 billion a year, 120,000 payslips, 10 FTEs of whom 1 is
    retained (suitability 85 at regulatory sensitivity 2, 80 at 4, 78 at 5: planned in each case);
    `overrides` replace any field."""
    payroll = BusinessFunction(
        id="pay",
        capability="payroll",
        annual_cost=1_200_000_000,
        ftes=10,
        retained_ftes=1,
        annual_volume=120_000,
        standardisation=5,
        strategic_importance=1,
        maturity=4,
        regulatory_sensitivity=2,
        knowledge_intensity=2,
    )
    return dataclasses.replace(payroll, **overrides)


# An origin whose employees earn USD 5,000 a month (about the US mean): labour-arbitrage share 1, the
# BPO bands as shipped (engine/delivery.py). Cases that pin costs, gates or schedules on the shipped
# band state it; an Indonesian origin (share 0, the onshore scale) is pinned in test_engine_origin.py.
HIGH_WAGE_ORIGIN_USD = 5_000.0
