"""Issue 13: a BPO line's savings band follows the shortlisted offering's delivery model
(offshore 1.0, nearshore 0.85, onshore 0.7 of the band) and its price index. Engine only."""

import dataclasses

import numpy as np
import pytest
from engine_cases import worked_input

from assessments.engine import build_roadmap
from assessments.engine.delivery import DELIVERY_BAND_SCALE, delivered_band, delivery_of, delivery_scale
from assessments.engine.types import Offering


def payroll_offering(delivery_model: str, price_index: float) -> Offering:
    return Offering(
        provider="eta",
        capability="payroll",
        regions=("ID",),
        price_index=price_index,
        quality=4.0,
        certifications=("SOC 1 Type II",),
        capacity_ftes=50,
        experience_years=9,
        delivery_model=delivery_model,
    )


def with_payroll(delivery_model: str, price_index: float):
    data = worked_input()
    others = tuple(o for o in data.offerings if o.capability != "payroll")
    return dataclasses.replace(data, offerings=(*others, payroll_offering(delivery_model, price_index)))


def pay(roadmap):
    return next(i for i in roadmap.items if i.id == "pay")


def test_the_scales_are_the_stated_product_judgement():
    assert dict(DELIVERY_BAND_SCALE) == {"offshore": 1.0, "nearshore": 0.85, "onshore": 0.7}
    assert delivery_scale("Onshore") == 0.7
    assert delivery_scale("") == 1.0  # an unnamed model keeps the shipped band


@pytest.mark.parametrize(("model", "scale"), [("nearshore", 0.85), ("onshore", 0.7)])
def test_a_nearer_provider_keeps_its_share_of_the_offshore_band(model, scale):
    """At the market price (index 1.0) the efficiency is the offshore one x the scale."""
    offshore = pay(build_roadmap(with_payroll("offshore", 1.0))).savings_fraction
    nearer = pay(build_roadmap(with_payroll(model, 1.0))).savings_fraction
    assert offshore > 0
    assert nearer == pytest.approx(scale * offshore)


def test_the_price_index_scales_the_providers_fee():
    """Fee = price index x (1 - efficiency at the market price): a 10 % dearer offshore provider."""
    at_market = pay(build_roadmap(with_payroll("offshore", 1.0))).savings_fraction
    dearer = pay(build_roadmap(with_payroll("offshore", 1.1))).savings_fraction
    assert dearer == pytest.approx(1.0 - 1.1 * (1.0 - at_market))
    assert dearer < at_market


def test_the_rationale_names_the_delivery_model_and_index():
    item = pay(build_roadmap(with_payroll("nearshore", 0.95)))
    assert item.included
    params = dict(item.reason_params)
    assert params["delivery_model"] == "nearshore"
    assert params["delivery_band_scale"] == pytest.approx(0.85)
    assert params["delivery_price_index"] == pytest.approx(0.95)
    assert "nearshore delivery (85% of the offshore band)" in item.rationale
    assert "price index 0.95" in item.rationale


def test_an_onshore_provider_that_does_not_pay_says_why():
    """Onshore payroll keeps 70 % of the band: the line no longer pays, and its rationale says which band."""
    item = pay(build_roadmap(with_payroll("onshore", 0.95)))
    assert not item.included
    assert item.reason_code == "no_financial_gain"
    assert dict(item.reason_params)["delivery_model"] == "onshore"
    assert "onshore delivery (70% of the offshore band)" in item.rationale


def test_without_an_offering_the_band_is_as_shipped_and_the_rationale_says_so():
    data = dataclasses.replace(worked_input(), offerings=())
    delivery = delivery_of(data)
    assert delivery.provider == ("", "", "")
    assert delivery.scale.tolist() == [1.0, 1.0, 1.0]
    assert delivery.price_index.tolist() == [1.0, 1.0, 1.0]
    item = pay(build_roadmap(data))
    assert "No offering is shortlisted" in item.rationale


def test_the_delivered_band_keeps_the_scenarios_ordered():
    low, typical, high = np.array([0.0, 0.1]), np.array([0.2, 0.25]), np.array([0.3, 0.4])
    delivery = dataclasses.replace(
        delivery_of(dataclasses.replace(worked_input(), offerings=())),
        scale=np.array([0.7, 0.85]),
        price_index=np.array([1.2, 0.8]),
        model=("onshore", "nearshore"),
        provider=("a", "b"),
    )
    lo, ty, hi = delivered_band(low=low, typical=typical, high=high, delivery=delivery)
    assert (lo <= ty).all()
    assert (ty <= hi).all()
    assert lo[0] == pytest.approx(1.0 - 1.2)  # a dearer provider at the band's 0: the fee exceeds the cost
    assert hi[1] == pytest.approx(1.0 - 0.8 * (1.0 - 0.85 * 0.4))
