"""JSON contract, schema errors that name the field, CLI round trip, no Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from engine_cases import worked_input
from jsonschema import Draft202012Validator

from assessments.engine import (
    DEFAULT_BENCHMARKS,
    ENGINE_VERSION,
    EngineInputError,
    build_roadmap,
    input_schema,
    output_schema,
    roadmap_from_json,
    roadmap_input_from_json,
    roadmap_input_to_json,
    roadmap_to_json,
)
from assessments.engine.schema import output_errors

ROOT = Path(__file__).resolve().parents[2]


def worked_doc() -> dict:
    return roadmap_input_to_json(worked_input())


def without_timings(doc: dict) -> dict:
    """The roadmap JSON less the schedule's wall-clock seconds (the only non-deterministic figure)."""
    return {**doc, "schedule": {k: {**v, "seconds": None} for k, v in doc["schedule"].items()}}


def error_of(doc: dict) -> str:
    with pytest.raises(EngineInputError) as info:
        roadmap_from_json(doc)
    return str(info.value)


def test_docs_schemas_are_identical_to_the_packaged_ones():
    for name in ("input", "output"):
        packaged = (ROOT / "assessments" / "engine" / "schemas" / f"{name}.schema.json").read_bytes()
        documented = (ROOT / "docs" / "engine" / f"{name}.schema.json").read_bytes()
        assert packaged == documented, f"docs/engine/{name}.schema.json differs from the packaged schema"


def test_schemas_are_valid_draft_2020_12():
    Draft202012Validator.check_schema(input_schema())
    Draft202012Validator.check_schema(output_schema())


def test_output_matches_schema_and_rounds_money():
    out = roadmap_from_json(worked_doc())
    assert output_errors(out) == ()
    assert out["engine_version"] == ENGINE_VERSION
    assert out["currency"] == "IDR"
    assert set(out["scenarios"]) == {"low", "typical", "high"}
    for row in out["cash_flow"]:
        for key in ("ito_savings", "bpo_benefit", "one_off_costs", "net", "cumulative", "discounted_cumulative"):
            assert round(row[key], 2) == row[key]
    item = next(i for i in out["items"] if i["id"] == "sd")
    assert isinstance(item["reason_params"], dict)
    assert item["shortlist"]
    assert isinstance(item["shortlist"][0]["criteria"], dict)
    json.dumps(out, allow_nan=False)  # strictly valid JSON: no NaN or Infinity


def test_json_matches_the_dataclass_result():
    doc = worked_doc()
    assert without_timings(roadmap_from_json(doc)) == without_timings(roadmap_to_json(build_roadmap(worked_input())))


def test_input_round_trip():
    data = worked_input()
    assert roadmap_input_from_json(roadmap_input_to_json(data)) == data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["it_cost_areas"].append({"id": "x", "capability": "compute", "annual_cost": -5}),
            "it_cost_areas[4].annual_cost: -5 is less than the minimum of 0",
        ),
        (
            lambda d: d["it_cost_areas"][3].update(annual_cost=-5),
            "it_cost_areas[3].annual_cost: -5 is less than the minimum of 0",
        ),
        (
            lambda d: d["business_functions"][0].pop("annual_cost"),
            "business_functions[0].annual_cost: is required",
        ),
        (
            lambda d: d["business_functions"][1].update(maturity=6),
            "business_functions[1].maturity: 6 is greater than the maximum of 5",
        ),
        (
            lambda d: d["business_functions"][1].update(error_rate=120),
            "business_functions[1].error_rate: 120 is greater than the maximum of 100",
        ),
        (lambda d: d["it_cost_areas"][0].update(capability="payroll"), "it_cost_areas[0].capability: 'payroll' is not"),
        (lambda d: d["parameters"].update(savings_band="best"), "parameters.savings_band: 'best' is not one of"),
        (lambda d: d["parameters"].pop("region"), "parameters.region: is required"),
        (lambda d: d["offerings"][2].update(price_index=0), "offerings[2].price_index: 0 is less than or equal to"),
        (
            lambda d: d["it_cost_areas"][1].update(anual_cost=3),
            "it_cost_areas[1].anual_cost: is not a field of an IT cost area (did you mean 'annual_cost'?)",
        ),
        (
            lambda d: d.update(criteria_pairwise=[[1, 2], [0.5, 1]]),
            "criteria_pairwise: must be a 6 x 6 matrix",
        ),
        (lambda d: d["business_functions"][2].update(id="sd"), "business_functions[2].id: 'sd' is already used"),
        (
            lambda d: d.update(benchmarks={"compute": {"transition_months": 20}}),
            "benchmarks.compute.engagement_months: 15 must be greater than transition_months (20)",
        ),
        (
            lambda d: d.update(benchmarks={"hr": {"savings_low": 0.3}}),
            "benchmarks.hr.savings_typical: the band must satisfy",
        ),
        (
            lambda d: d.update(benchmarks={"mainframe": {}}),
            "benchmarks.mainframe.savings_low: is required: 'mainframe' has no shipped benchmark",
        ),
        (
            lambda d: d["it_cost_areas"][0].update(capability="mainframe"),
            "it_cost_areas[0].capability: 'mainframe' is not an ITO capability with a benchmark: give its figures in "
            "benchmarks.mainframe",
        ),
        (
            lambda d: d["it_cost_areas"][0].update(capability="main frame"),
            "it_cost_areas[0].capability: 'main frame' is",
        ),
        (
            lambda d: d["business_functions"][0].update(capability="service_desk"),
            "business_functions[0].capability: 'service_desk' is an ITO capability in it_cost_areas[0]",
        ),
        (
            lambda d: d.update(benchmarks={"compute": {"transition_cost_pct": 0.1}}),
            "benchmarks.compute.transition_cost_pct: is not a field of a benchmark (did you mean "
            "'transition_cost_fraction'?)",
        ),
    ],
)
def test_invalid_json_names_the_field(mutate, expected):
    doc = worked_doc()
    doc["benchmarks"] = {}
    mutate(doc)
    assert error_of(doc).startswith(expected)


def test_inconsistent_pairwise_judgements_are_refused():
    doc = worked_doc()
    m = [[1.0] * 6 for _ in range(6)]
    m[0][1], m[1][0] = 9.0, 1 / 9
    m[1][2], m[2][1] = 9.0, 1 / 9
    m[0][2], m[2][0] = 1 / 9, 9.0
    doc["criteria_pairwise"] = m
    assert error_of(doc).startswith("criteria_pairwise: consistency ratio")


def test_all_errors_are_kept_in_order():
    doc = worked_doc()
    doc["it_cost_areas"][2]["annual_cost"] = -1
    doc["it_cost_areas"][0]["maturity"] = 0
    with pytest.raises(EngineInputError) as info:
        roadmap_input_from_json(doc)
    assert [path for path, _ in info.value.errors] == ["it_cost_areas[0].maturity", "it_cost_areas[2].annual_cost"]
    assert info.value.path == "it_cost_areas[0].maturity"


def test_not_an_object():
    with pytest.raises(EngineInputError, match="JSON object"):
        roadmap_from_json([])  # type: ignore[arg-type]  # the wrong type on purpose


def test_partial_benchmark_override_keeps_the_other_defaults():
    doc = worked_doc()
    doc["benchmarks"] = {"service_desk": {"savings_typical": 0.25}}
    data = roadmap_input_from_json(doc)
    (b,) = data.benchmarks
    default = DEFAULT_BENCHMARKS["service_desk"]
    assert b.savings_typical == 0.25
    assert b.savings_low == default.savings_low
    assert b.transition_months == default.transition_months
    assert b.source_of("savings_typical") == "input override"
    assert b.source_of("savings_low") == default.source_of("savings_low")


def test_integral_floats_are_accepted_as_integers():
    doc = worked_doc()
    doc["parameters"]["horizon_months"] = 48.0
    doc["it_cost_areas"][0]["maturity"] = 2.0
    doc["benchmarks"] = {"compute": {"transition_months": 3.0}}
    data = roadmap_input_from_json(doc)
    assert data.parameters.horizon_months == 48
    assert isinstance(data.it_cost_areas[0].maturity, int)
    assert data.benchmarks[0].transition_months == 3


def test_minimal_document_uses_documented_defaults():
    out = roadmap_from_json({"parameters": {"region": "ID", "currency": "IDR"}})
    assert len(out["cash_flow"]) == 60
    assert out["items"] == []
    assert out["gate_month"] is None


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def test_cli_round_trip(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(worked_doc()), encoding="utf-8")
    dst = tmp_path / "out.json"
    done = run("-m", "assessments.engine", str(src), "-o", str(dst))
    assert done.returncode == 0, done.stderr
    written = json.loads(dst.read_text(encoding="utf-8"))
    assert without_timings(written) == without_timings(roadmap_from_json(worked_doc()))
    to_stdout = run("-m", "assessments.engine", str(src))
    assert to_stdout.returncode == 0
    assert without_timings(json.loads(to_stdout.stdout)) == without_timings(written)
    assert to_stdout.stdout.startswith('{"engine_version":')  # compact by default
    indented = run("-m", "assessments.engine", str(src), "--indent", "2")
    assert indented.returncode == 0
    assert without_timings(json.loads(indented.stdout)) == without_timings(written)
    assert indented.stdout.startswith('{\n  "engine_version":')


def test_cli_invalid_input_exits_2_with_the_field(tmp_path):
    doc = worked_doc()
    doc["it_cost_areas"][3]["annual_cost"] = -5
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    done = run("-m", "assessments.engine", str(src))
    assert done.returncode == 2
    assert "it_cost_areas[3].annual_cost: -5 is less than the minimum of 0" in done.stderr
    assert done.stdout == ""
    broken = run("-m", "assessments.engine", "-", stdin="{not json")
    assert broken.returncode == 2
    assert "not valid JSON" in broken.stderr
    assert "Traceback" not in broken.stderr
    missing = run("-m", "assessments.engine", str(tmp_path / "nope.json"))
    assert missing.returncode == 2


def test_engine_never_imports_django():
    code = (
        "import sys, assessments.engine as e\n"
        "assert 'django' not in sys.modules, 'import'\n"
        "e.roadmap_from_json({'parameters': {'region': 'ID', 'currency': 'IDR'}})\n"
        "import assessments.engine.__main__\n"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not bad, bad\n"
    )
    done = run("-c", code)
    assert done.returncode == 0, done.stderr


def test_the_documented_example_runs_from_the_command_line(tmp_path):
    """docs/engine/example.input.json (a demo assessment, as the app sends it) runs as the README says."""
    out = tmp_path / "roadmap.json"
    result = subprocess.run(
        [sys.executable, "-m", "assessments.engine", str(ROOT / "docs/engine/example.input.json"), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    roadmap = json.loads(out.read_text())
    assert output_errors(roadmap) == ()
    kinds = {phase["kind"] for phase in roadmap["phases"]}
    assert kinds == {"ITO", "BPO"}
    assert all(len(item["shortlist"]) == 3 for item in roadmap["items"] if item["included"])
