"""Issue 13 on the pages: a BPO line's rationale names the delivery model and price index of its band,
and the tornado names the sampled cost rates, in English and Indonesian."""

from django.utils import translation

from assessments.roadmaps.rationale import delivery_sentence, item_rationale
from assessments.roadmaps.rationale_delivery import origin_sentence
from assessments.roadmaps.risk_presenter import risk_build

FACTS = {"delivery_model": "onshore", "delivery_band_scale": 0.7, "delivery_price_index": 0.95}


def test_the_delivery_sentence_names_the_model_scale_and_index():
    with translation.override("en"):
        assert delivery_sentence(FACTS) == (
            "Band for onshore delivery (70.0 % of the offshore band) at the shortlisted offering's price index 0.95."
        )
        assert delivery_sentence({"delivery_model": ""}).startswith("No offering is shortlisted")
        assert delivery_sentence({}) == ""  # a result from before issue 13
    with translation.override("id"):
        assert delivery_sentence(FACTS) == (
            "Rentang untuk penyampaian dalam negeri (70,0 % dari rentang offshore) pada indeks harga 0,95 dari "
            "penawaran dalam daftar pendek."
        )


ORIGIN = {
    "origin_monthly_earnings_usd": 210.0,
    "labour_arbitrage_share": 0.0,
    "offshore_hub_monthly_earnings_usd": 250.0,
}


def test_the_origin_sentence_says_how_much_arbitrage_is_left():
    """Engine 2.1 facts: an Indonesian origin (USD 210 against the hub's 250) leaves none of it."""
    with translation.override("en"):
        assert origin_sentence(ORIGIN) == (
            "Employees at the origin earn about USD 210 a month against USD 250 at the offshore hub: 0.0 % of the "
            "band's labour arbitrage is left."
        )
        assert origin_sentence({**ORIGIN, "origin_monthly_earnings_usd": 0.0, "labour_arbitrage_share": 1.0}) == (
            "The origin's labour cost is not known: labour arbitrage is assumed in full (the band as shipped)."
        )
        assert origin_sentence(FACTS) == ""  # an engine 2.0 result
        assert delivery_sentence({**FACTS, **ORIGIN}).endswith("0.0 % of the band's labour arbitrage is left.")
        assert delivery_sentence({"delivery_model": "", "delivery_band_scale": 0.7}).startswith(
            "No offering is shortlisted: the efficiency band is the offshore one (70.0 % of it)"
        )
    with translation.override("id"):
        assert origin_sentence({**ORIGIN, "origin_monthly_earnings_usd": 5200.0, "labour_arbitrage_share": 1.0}) == (
            "Pekerja di asal berpenghasilan sekitar USD 5.200 sebulan dibandingkan USD 250 di pusat offshore: "
            "tersisa 100,0 % dari arbitrase tenaga kerja rentang ini."
        )


def test_a_bpo_decision_carries_the_delivery_sentence():
    item = {
        "reason_code": "no_financial_gain",
        "reason_params": {"npv": -10.0, "net_annual_benefit": 1.0, "one_off_cost": 5.0, "start_month": 3, **FACTS},
    }
    with translation.override("en"):
        text = item_rationale(item, currency="IDR")
    assert text.startswith("Process improvement would not pay")
    assert text.endswith("price index 0.95.")


def test_the_tornado_names_the_cost_rates():
    risk = {
        "draws": 10,
        "probability_npv_positive": 0.5,
        "tornado": [
            {"kind": kind, "item_id": "", "npv_low": 1.0, "npv_high": 2.0}
            for kind in ("severance_months", "governance_scale", "vat_rate")
        ],
    }
    with translation.override("id"):
        built = risk_build(risk, names={}, currency="IDR")
    assert built is not None
    labels = [bar["label"] for bar in built["tornado"]]
    assert labels == ["Pesangon (bulan upah)", "Biaya tata kelola (skala)", "Tarif PPN atas biaya jasa penyedia"]
