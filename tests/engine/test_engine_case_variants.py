"""Variants of the shared engine cases (shared/cases/engine): the robust-* kinds in other fields,
and the planning cases with other bands, thresholds and contract dates. No database."""

import json
from pathlib import Path

import pytest

from assessments.engine import roadmap_from_json
from tests.engine.test_engine_contract import assert_refused, cli, strict_loads

CASES = Path(__file__).resolve().parent / "cases"
BASE = {
    "parameters": {"region": "ID", "currency": "IDR"},
    "it_cost_areas": [{"id": "sd", "capability": "service_desk", "annual_cost": 1000000000}],
    "business_functions": [
        {
            "id": "pay",
            "capability": "payroll",
            "annual_cost": 500000000,
            "standardisation": 5,
            "strategic_importance": 1,
        }
    ],
}
TEXT = json.dumps(BASE)


def case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def items(out: dict) -> dict:
    return {item["id"]: item for item in out["items"]}


ROBUST_VARIANTS = [
    (TEXT.replace('"annual_cost": 500000000', '"annual_cost": NaN').encode(),
     "business_functions[0].annual_cost: NaN is not a finite number"),
    (TEXT.replace('"currency": "IDR"', '"currency": "IDR", "max_parallel_bpo": 9223372036854775808').encode(),
     "parameters.max_parallel_bpo: 9223372036854775808 is greater than the maximum of 100000"),
    (TEXT.replace('"annual_cost": 1000000000', '"annual_cost": 1, "available_from_month": 18446744073709551616')
     .encode(), "it_cost_areas[0].available_from_month: 18446744073709551616 is greater than the maximum"),
    (TEXT.replace('"strategic_importance": 1', '"strategic_importance": 1, "ftes": ' + "9" * 5000).encode(),
     "business_functions[0].ftes: a 5000-digit integer is out of range"),
    (TEXT.encode().replace(b'"service_desk"', b'"servi\xe7e_desk"'), "the input is not UTF-8 text: byte 0xe7"),
    ("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le"), "the input is not UTF-8 text"),
    ((TEXT[:-1] + ', "x": ' + "[" * 10000 + "]" * 10000 + "}").encode(), "nests arrays or objects too deeply"),
    (TEXT.replace('"standardisation": 5', '"standardisation": 5, "standardisation": 4').encode(),
     "business_functions[0].standardisation: appears twice in one object"),
    (TEXT.replace('"currency": "IDR"', '"currency": "IDR", "materiality_threshold": Infinity').encode(),
     "parameters.materiality_threshold: Infinity is not a finite number"),
    (TEXT.replace('"annual_cost": 1000000000', '"annual_cost": 1e999999999').encode(),
     "it_cost_areas[0].annual_cost: 1e999999999 is out of range"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), ROBUST_VARIANTS, ids=[e[:40] for _c, e in ROBUST_VARIANTS])
def test_robust_variants_exit_2_naming_the_field(tmp_path, content, expected):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    assert_refused(cli(str(path), "-o", str(tmp_path / "out.json")), expected)
    assert not (tmp_path / "out.json").exists()


def test_a_5000_digit_decimal_fraction_is_read_and_the_output_is_json(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(TEXT.replace('"annual_cost": 1000000000', '"annual_cost": 1.' + "1" * 5000))
    done = cli(str(path))
    assert done.returncode == 0, done.stderr
    assert strict_loads(done.stdout)["items"]


@pytest.mark.parametrize("band", ["low", "typical", "high"])
@pytest.mark.parametrize("threshold", [0.0, 0.05, 0.3])
def test_scenarios_stay_ordered_with_other_bands_and_thresholds(band, threshold):
    doc = case("scenarios-not-ordered-high-below-typical")
    doc["parameters"].update(savings_band=band, materiality_threshold=threshold)
    doc["it_cost_areas"].append({"id": "sd", "capability": "service_desk", "annual_cost": 2_000_000})
    out = roadmap_from_json(doc)
    s = out["scenarios"]
    assert s["low"]["npv"] <= s["typical"]["npv"] <= s["high"]["npv"]
    never = float("inf")
    paybacks = [never if s[b]["payback_month"] is None else s[b]["payback_month"] for b in ("low", "typical", "high")]
    assert paybacks[0] >= paybacks[1] >= paybacks[2]
    assert s[band]["npv"] == out["kpis"]["npv"]


@pytest.mark.parametrize("threshold", [0.0, 0.05, 0.1, 0.15, 0.25])
def test_materiality_with_other_thresholds(threshold):
    doc = case("materiality-rule-never-fires-with-defaults")
    doc["parameters"]["materiality_threshold"] = threshold
    doc["parameters"]["savings_band"] = "typical"
    doc["it_cost_areas"].append({"id": "sd", "capability": "service_desk", "annual_cost": 2_000_000})
    out = roadmap_from_json(doc)
    for item in out["items"]:
        if item["kind"] != "ITO":
            continue
        if item["savings_fraction"] < threshold:
            assert not item["included"], item["id"]
            assert item["reason_code"] == "no_material_savings"
        if item["included"]:
            assert item["savings_fraction"] >= threshold
    assert out["effective_parameters"]["materiality_threshold"] == threshold


@pytest.mark.parametrize("late", [6, 12, 36, 55])
def test_a_late_contract_area_never_holds_the_bpo_gate(late):
    doc = case("late-ito-blocks-bpo-and-truncation-rejects-it")
    doc["it_cost_areas"][1]["available_from_month"] = late
    out = roadmap_from_json(doc)
    assert out["gate_month"] == 3
    cs = items(out)["cs"]
    assert (cs["included"], cs["recommendation"], cs["start_month"]) == (True, "recommended", 3)
    apps = items(out)["apps-contract-ends-m48"]
    if apps["included"]:
        assert apps["start_month"] == late
        assert apps["delay_code"] == "waiting_for_contract_end"
    else:
        assert apps["reason_code"] == "no_payback_within_plan"
