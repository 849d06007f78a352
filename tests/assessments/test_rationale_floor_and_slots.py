"""Reasons an IT area gets no ITO engagement, and slot counts, read right in both languages: an
area already cheaper than the market says so (never "Rp 0 below a floor of Rp 0"); an absolute
floor of 0 (off) is not quoted; one slot and two slots read as such in English and Indonesian."""

import re

import pytest
from django.utils import translation

from assessments.engine import rationale as engine_rationale
from assessments.roadmaps.rationale import delay_explanation, item_rationale

CHEAPER = {
    "basis": "found",
    "unit_cost": 180.0,
    "market_unit_cost": 220.0,
    "unit": "contacts (tickets)",
    "volume": 50_000.0,
    "why_indicative": "",
}
DEARER = CHEAPER | {"unit_cost": 231.0}
INDICATIVE = {
    "basis": "indicative",
    "unit_cost": None,
    "market_unit_cost": None,
    "unit": "TB of usable managed storage",
    "volume": None,
    "why_indicative": "no volume",
}


def _not_material(evidence, *, fraction=0.0, savings=0.0, min_savings=0.0):
    code, english, params = engine_rationale.ito_not_material(
        fraction=fraction, savings=savings, threshold=0.10, min_savings=min_savings, currency="IDR", evidence=evidence
    )
    return {"kind": "ITO", "reason_code": code, "rationale": english, "reason_params": dict(params)}


def _read(item, language):
    with translation.override(language):
        return item_rationale(item, currency="IDR")


def test_an_area_cheaper_than_the_market_says_so_in_both_languages():
    item = _not_material(CHEAPER)
    english, indonesian = _read(item, "en"), _read(item, "id")
    assert english.startswith("Not recommended: the area already costs less than the market")
    assert (
        "IDR\u00a0180.00 a year for each of its 50,000 contacts (tickets), against the market's IDR\u00a0220.00"
        in english
    )
    assert "220.00" in english
    assert "below" not in english
    assert indonesian.startswith("Tidak direkomendasikan: biaya area ini sudah lebih rendah daripada pasar")
    assert "180,00 per" in indonesian
    assert "220,00" in indonesian
    assert "batas materialitas" not in indonesian
    assert not re.search(r"Rp\s0\b", indonesian)
    assert item["rationale"].startswith("No material savings found: the area already costs less than the market")


def test_an_absolute_floor_of_zero_is_not_quoted():
    item = _not_material(DEARER, fraction=0.05, savings=2_000_000)
    english, indonesian = _read(item, "en"), _read(item, "id")
    assert "below the materiality floor of 10.0 % of the area's annual cost, so" in english
    assert not re.search(r"IDR\s0\b", english)
    assert not re.search(r"Rp\s0\b", indonesian)
    assert "batas materialitas 10,0 % dari biaya tahunan area, sehingga" in indonesian
    assert "below the floor of 10.0%, so" in item["rationale"]  # the engine's English as well


def test_an_absolute_floor_that_is_set_is_quoted():
    item = _not_material(INDICATIVE, fraction=0.07, savings=70_000_000, min_savings=100_000_000)
    assert "100,000,000 a year" in _read(item, "en")
    assert "100.000.000 per tahun" in _read(item, "id")
    assert "and IDR\u00a0100,000,000 a year" in item["rationale"]


@pytest.mark.parametrize(
    ("slots", "english", "indonesian"),
    [
        (1, "but the single slot is held until then by", "tetapi satu-satunya slot dipakai"),
        (2, "but both slots are held until then by", "tetapi kedua slot dipakai"),
    ],
)
def test_slot_counts_read_right_in_both_languages(slots, english, indonesian):
    code, text, params = engine_rationale.delay_slot(kind="ITO", slots=slots, held_by=("a",), could_start=3)
    item = {"delay_code": code, "delay_params": dict(params)}
    with translation.override("en"):
        assert english in delay_explanation(item, names={"a": "Compute"})
    with translation.override("id"):
        shown = delay_explanation(item, names={"a": "Compute"})
    assert indonesian in shown
    assert "semua" not in shown
    assert ("single ITO slot is" if slots == 1 else "both ITO slots are") in text
    assert "all 2" not in text
