"""Issue 13 on the demo: the rupiah organisation's origin is Indonesia (USD 210 a month against the
offshore hub's 250), so its BPO lines keep only the onshore 0.7 of the offshore band; the euro
organisation's (Europe, USD 3,400) keeps the band as shipped. Every demo BPO line still pays."""

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from assessments.roadmaps.pipeline_selectors import roadmap_latest_base


def _bpo_items(organisation: str) -> dict[str, dict]:
    assessment = Assessment.objects.get(organisation__name=organisation)
    roadmap = roadmap_latest_base(assessment=assessment, done_only=True)
    assert roadmap is not None
    assert roadmap.result is not None
    # Keyed by capability: item ids carry the lines' primary keys, which depend on what ran before.
    return {i["capability"]: i for i in roadmap.result["items"] if i["kind"] == "BPO"}


def test_the_demo_bpo_bands_follow_the_origins_labour_cost(db):
    call_command("seed_demo", stdout=io.StringIO())
    rupiah, euro = _bpo_items("PT Nusantara Logistik Demo"), _bpo_items("Rheinland Fertigung Demo GmbH")
    for item in rupiah.values():
        facts = item["reason_params"]
        assert facts["origin_monthly_earnings_usd"] == 210.0
        assert facts["labour_arbitrage_share"] == 0.0
        assert facts["delivery_band_scale"] == pytest.approx(0.7)
        assert item["included"], item["id"]
        assert item["npv"] > 0, item["id"]  # still pays at 0.7 of the band
    for item in euro.values():
        if "delivery_model" in item["reason_params"]:
            assert item["reason_params"]["labour_arbitrage_share"] == 1.0
            assert item["reason_params"]["delivery_band_scale"] == pytest.approx(1.0)
    # Checked by hand. The efficiency sits in the band at position suitability / 100 (centre typical,
    # moved by (position - 0.5) x 0.5 x (high - low)); scaled by 0.7, then priced: 1 - index x (1 - 0.7 x e).
    # bf-5 customer service (band 0 / 0.30 / 0.45), suitability 64.91 -> position 0.6491:
    #   e = 0.30 + 0.1491 x 0.5 x 0.45 = 0.333552; index 0.70: 1 - 0.70 x (1 - 0.233486) = 0.463440
    #   (engine 2.0, the full band: 1 - 0.70 x (1 - 0.333552) = 0.533486).
    # bf-6 document processing (band 0 / 0.35 / 0.50), suitability 83.75 -> position 0.8375:
    #   e = 0.35 + 0.3375 x 0.5 x 0.50 = 0.434375; index 0.71: 1 - 0.71 x (1 - 0.304063) = 0.505880
    #   (engine 2.0: 1 - 0.71 x (1 - 0.434375) = 0.598406).
    assert rupiah["customer_service"]["reason_params"]["delivery_price_index"] == pytest.approx(0.70)
    assert rupiah["customer_service"]["savings_fraction"] == pytest.approx(0.463440, abs=1e-5)
    assert rupiah["document_processing"]["reason_params"]["delivery_price_index"] == pytest.approx(0.71)
    assert rupiah["document_processing"]["savings_fraction"] == pytest.approx(0.505880, abs=1e-5)
