"""Issue 13 on the pages: a BPO line's rationale names the delivery model and price index of its band,
and the tornado names the sampled cost rates, in English and Indonesian."""

from django.utils import translation

from assessments.roadmaps.rationale import delivery_sentence, item_rationale
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
