"""The engine's input contract: bad input of every kind gives exit 2 naming the field or the
problem (never a traceback, never invalid JSON out); any capability code works; the field
tables, the typed validator and the published JSON Schema agree. No database."""

import dataclasses
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from engine_cases import worked_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.engine import (
    DEFAULT_BENCHMARKS,
    Benchmark,
    BusinessFunction,
    EngineInputError,
    ITCostArea,
    Offering,
    Parameters,
    build_roadmap,
    input_json_schema,
    parse_json,
    roadmap_from_json,
    roadmap_input_from_json,
    roadmap_input_to_json,
    roadmap_to_json,
    validate_input_json,
)
from assessments.engine.__main__ import main
from assessments.engine.jsonio import roadmap_json_chunks
from assessments.engine.schema import (
    BENCHMARK_FIELDS,
    BUSINESS_FUNCTION_FIELDS,
    IT_COST_AREA_FIELDS,
    MAX_MONEY,
    OFFERING_FIELDS,
    PARAMETER_FIELDS,
    schema_errors,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
SHARED_CASES = ROOT.parent / "shared" / "cases" / "engine"

# The shared robustness cases (copied from ../shared/cases/engine/, README rows `robust-*`)
# and what the one-line message on stderr must say.
ROBUST_CASES = {
    "robust-infinity-accepted-invalid-json-out.json": "it_cost_areas[0].annual_cost: Infinity is not a finite number",
    "robust-latin1-bytes.json": "the input is not UTF-8 text: byte 0xe9 at offset 47",
    "robust-traceback-5000-digit-integer.json": "it_cost_areas[0].annual_cost: a 5001-digit integer is out of range",
    "robust-traceback-max-parallel-ito-2pow63.json": (
        "parameters.max_parallel_ito: 9223372036854775808 is greater than the maximum of 100000"
    ),
}


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assessments.engine", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def strict_loads(text: str | bytes) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the output")

    return json.loads(text, parse_constant=refuse)


def assert_refused(done: subprocess.CompletedProcess, expected: str) -> None:
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr  # one line
    assert expected in stderr, stderr
    assert done.stdout == b""


@pytest.mark.parametrize("name", sorted(ROBUST_CASES))
def test_shared_robustness_case_exits_2_naming_the_problem(name):
    assert_refused(cli(str(CASES / name)), ROBUST_CASES[name])


@pytest.mark.parametrize("name", sorted(ROBUST_CASES))
def test_copied_cases_match_the_shared_ones(name):
    if not SHARED_CASES.is_dir():
        pytest.skip(f"{SHARED_CASES} is not there (a clone without the shared cases); the copy is tested above")
    assert (CASES / name).read_bytes() == (SHARED_CASES / name).read_bytes()


def minimal(**lines) -> dict:
    doc = {"parameters": {"region": "ID", "currency": "IDR"}}
    doc.update(lines)
    return doc


AREA = '{"id": "sd", "capability": "service_desk", "annual_cost": %s}'
BAD_BYTES = [
    (b'{"parameters": {"region": "ID", "currency": "IDR", "discount_rate": NaN}}', "parameters.discount_rate: NaN"),
    (b'{"parameters": {"region": "ID", "currency": "IDR", "gate_fraction": -Infinity}}', "-Infinity is not a finite"),
    (
        ('{"parameters": {"region": "ID", "currency": "IDR"}, "it_cost_areas": [%s]}' % (AREA % "1e400")).encode(),
        ("it_cost_areas[0].annual_cost: 1e400 is out of range"),
    ),
    (
        ('{"parameters": {"region": "ID", "currency": "IDR"}, "it_cost_areas": [%s]}' % (AREA % 2**53)).encode(),
        ("it_cost_areas[0].annual_cost: 9007199254740992 is greater than the maximum of 9007199254740991"),
    ),
    (
        b'{"parameters": {"region": "ID", "currency": "IDR", "horizon_months": 9223372036854775808}}',
        ("parameters.horizon_months: 9223372036854775808 is greater than the maximum of 600"),
    ),
    (
        b'{"parameters": {"region": "ID", "currency": "IDR", "max_parallel_bpo": -9223372036854775809}}',
        ("parameters.max_parallel_bpo: -9223372036854775809 is less than the minimum of 1"),
    ),
    (
        ('{"parameters": {"region": "ID", "currency": "IDR"}, "it_cost_areas": [%s]}' % (AREA % ("9" * 4301))).encode(),
        ("it_cost_areas[0].annual_cost: a 4301-digit integer is out of range"),
    ),
    (b"[" * 100_000 + b"]" * 100_000, "the input nests arrays or objects too deeply to read"),
    (
        b'{"parameters": {"region": "ID", "currency": "IDR"}, "meta": ' + b'{"a": ' * 40 + b"1" + b"}" * 41,
        ("nests deeper than 32 levels"),
    ),
    (b'{"parameters": {"region": "ID", "region": "SG", "currency": "IDR"}}', "parameters.region: appears twice"),
    (b'{"parameters": {"region": "ID", "currency": "IDR"}, "parameters": {}}', "parameters: appears twice"),
    (b"", "the input is empty"),
    (b" \n\t ", "the input is empty"),
    (b'{"parameters": {"region": "ID", "curr\xffency": "IDR"}}', "the input is not UTF-8 text: byte 0xff"),
    (
        b'{"parameters": {"region": "ID", "currency": "IDR"}, "it_cost_areas": [{"id": "\\ud800", '
        b'"capability": "service_desk", "annual_cost": 1}]}',
        "it_cost_areas[0].id: '\\ud800' holds an unpaired surrogate",
    ),
    (b"[1, 2]", "the input must be a JSON object"),
    (
        b'{"parameters": {"region": "ID", "currency": "IDR", "horizon_months": true}}',
        ("parameters.horizon_months: true is not an integer"),
    ),
    (b'{"parameters": {"region": "ID", "currency": "IDR"', "the input is not valid JSON"),
]


@pytest.mark.parametrize(("raw", "expected"), BAD_BYTES, ids=[e[:40] for _, e in BAD_BYTES])
def test_every_kind_of_bad_input_exits_2_naming_it(raw, expected):
    assert_refused(cli("-", stdin=raw), expected)


def test_a_byte_order_mark_is_ignored(tmp_path):
    src = tmp_path / "bom.json"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal()).encode())
    done = cli(str(src))
    assert done.returncode == 0, done.stderr
    assert strict_loads(done.stdout)["items"] == []


def test_unwritable_output_paths_exit_2_naming_the_problem(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(minimal()), encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for target, expected in (
        (tmp_path, "is a directory"),
        (tmp_path / "missing" / "out.json", "does not exist"),
        (a_file / "out.json", "does not exist"),
        (Path("/dev/full"), "cannot write /dev/full: No space left on device"),
    ):
        assert_refused(cli(str(src), "-o", str(target)), expected)
    assert Path("/dev/full").exists()  # a failed write never removes what is not a regular file


def test_the_first_error_names_the_field_and_all_are_kept():
    doc = minimal(it_cost_areas=[{"id": "a", "capability": "compute", "annual_cost": x} for x in (1, -1, "2", None)])
    with pytest.raises(EngineInputError) as info:
        validate_input_json(doc)
    assert info.value.path == "it_cost_areas[1].annual_cost"
    assert [p for p, _ in info.value.errors] == [f"it_cost_areas[{i}].annual_cost" for i in (1, 2, 3)]
    assert info.value.errors[1][1] == "'2' is not a number"
    assert info.value.errors[2][1] == "null is not a number"


def test_python_callers_get_named_errors_for_values_json_cannot_hold():
    base = worked_input()
    for value, expected in (
        (10**5000, "it_cost_areas[0].annual_cost: a 5001-digit integer is greater than the maximum"),
        (float("nan"), "it_cost_areas[0].annual_cost: nan is not a finite number"),
        (float("inf"), "it_cost_areas[0].annual_cost: inf is not a finite number"),
        (True, "it_cost_areas[0].annual_cost: true is not a number"),
    ):
        area = dataclasses.replace(base.it_cost_areas[0], annual_cost=value)
        data = dataclasses.replace(base, it_cost_areas=(area, *base.it_cost_areas[1:]))
        with pytest.raises(EngineInputError, match="^" + expected.replace("[", r"\[").replace("]", r"\]")):
            build_roadmap(data)


# --- Any capability code -----------------------------------------------------------------
NEW_ITO = {
    "savings_low": 0.10,
    "savings_typical": 0.20,
    "savings_high": 0.30,
    "transition_months": 4,
    "transition_cost_fraction": 0.05,
    "engagement_months": 15,
    "ramp_months": 0,
}
NEW_BPO = {**NEW_ITO, "engagement_months": 0, "ramp_months": 3}


def admin_defined_doc() -> dict:
    """Capabilities an administrator added (no shipped default): their benchmarks come in the input."""
    doc = roadmap_input_to_json(worked_input())
    doc["benchmarks"] = {"mainframe": dict(NEW_ITO), "claims-handling": dict(NEW_BPO)}
    doc["it_cost_areas"].append(
        {"id": "mf", "capability": "mainframe", "annual_cost": 2_000_000, "maturity": 2, "standardisation": 4}
    )
    doc["business_functions"].append(
        {
            "id": "claims",
            "capability": "claims-handling",
            "annual_cost": 3_000_000,
            "ftes": 40,
            "annual_volume": 300_000,
            "standardisation": 5,
            "strategic_importance": 1,
        }
    )
    doc["offerings"].append(
        {"provider": "mf-co", "capability": "mainframe", "regions": ["ID"], "price_index": 0.9, "quality": 4}
    )
    return doc


def test_an_admin_defined_capability_is_planned_like_any_other():
    out = roadmap_from_json(admin_defined_doc())
    items = {i["id"]: i for i in out["items"]}
    assert items["mf"]["kind"] == "ITO"
    assert items["mf"]["capability"] == "mainframe"
    assert items["mf"]["net_annual_savings"] > 0
    assert [e["provider"] for e in items["mf"]["shortlist"]] == ["mf-co"]
    assert items["claims"]["kind"] == "BPO"
    assert items["claims"]["suitability"] is not None
    # The new figures are used: a different band gives a different saving.
    doc = admin_defined_doc()
    doc["benchmarks"]["mainframe"] = {**NEW_ITO, "savings_low": 0.3, "savings_typical": 0.35, "savings_high": 0.4}
    richer = {i["id"]: i for i in roadmap_from_json(doc)["items"]}
    assert richer["mf"]["net_annual_savings"] > items["mf"]["net_annual_savings"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["benchmarks"].pop("mainframe"),
            "it_cost_areas[4].capability: 'mainframe' is not an ITO capability",
        ),
        (lambda d: d["benchmarks"]["claims-handling"].pop("ramp_months"), "benchmarks.claims-handling.ramp_months: is"),
        (
            lambda d: d["benchmarks"]["mainframe"].update(engagement_months=4),
            "benchmarks.mainframe.engagement_months: 4 must be greater than transition_months (4)",
        ),
        (
            lambda d: d["business_functions"][3].update(capability="mainframe"),
            "business_functions[3].capability: 'mainframe' is an ITO capability in it_cost_areas[4]",
        ),
        (
            lambda d: d["it_cost_areas"][0].update(capability="payroll"),
            "it_cost_areas[0].capability: 'payroll' is not an ITO capability with a benchmark",
        ),
        (lambda d: d["it_cost_areas"][0].update(capability="x" * 65), "it_cost_areas[0].capability: 'xxxx"),
        (
            lambda d: d["it_cost_areas"][0].update(capability="sd\n"),
            "it_cost_areas[0].capability: 'sd\\n' is not a capability code",
        ),
    ],
)
def test_a_capability_without_a_usable_benchmark_names_the_line(mutate, expected):
    doc = admin_defined_doc()
    mutate(doc)
    with pytest.raises(EngineInputError) as info:
        roadmap_input_from_json(doc)
    assert str(info.value).startswith(expected)


def test_a_shipped_code_used_as_the_other_kind_needs_its_own_benchmark():
    doc = admin_defined_doc()
    doc["business_functions"] = [f for f in doc["business_functions"] if f["capability"] != "payroll"]
    doc["it_cost_areas"][0]["capability"] = "payroll"
    doc["benchmarks"]["payroll"] = {"engagement_months": 12, "ramp_months": 0}
    data = roadmap_input_from_json(doc)  # the input's figures, merged into the shipped ones, now decide
    (payroll,) = [b for b in data.benchmarks if b.capability == "payroll"]
    assert payroll.engagement_months == 12
    assert payroll.savings_typical == DEFAULT_BENCHMARKS["payroll"].savings_typical


def test_no_capability_code_is_enumerated_in_the_schema():
    text = (ROOT / "docs" / "engine" / "input.schema.json").read_text(encoding="utf-8")
    for code in DEFAULT_BENCHMARKS:
        assert f'"{code}"' not in text


# --- One table for each field ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("cls", "specs", "not_input"),
    [
        (Parameters, PARAMETER_FIELDS, ()),
        (ITCostArea, IT_COST_AREA_FIELDS, ()),
        (BusinessFunction, BUSINESS_FUNCTION_FIELDS, ()),
        (Benchmark, BENCHMARK_FIELDS, ("capability", "sources")),
        (Offering, OFFERING_FIELDS, ()),
    ],
)
def test_every_input_field_has_exactly_one_table_entry(cls, specs, not_input):
    names = [s.name for s in specs]
    assert len(names) == len(set(names))
    dataclass_fields = [f.name for f in dataclasses.fields(cls) if f.name not in not_input]
    assert sorted(names) == sorted(dataclass_fields), "add the field to its table in assessments/engine/schema.py"
    for spec in specs:
        assert spec.description, f"{cls.__name__}.{spec.name} needs a description"
        assert not spec.name.endswith("_pct"), f"{spec.name}: a fraction is not a per cent"


def test_shipped_schemas_are_the_ones_derived_from_the_tables():
    derived = schema_text(input_json_schema())
    for path in (ROOT / "assessments/engine/schemas/input.schema.json", ROOT / "docs/engine/input.schema.json"):
        assert path.read_text(encoding="utf-8") == derived, (
            f"{path} is stale: run write_schema_files() from assessments.engine.schema"
        )


def test_the_engine_does_not_import_jsonschema_at_run_time():
    code = (
        "import sys, assessments.engine as e\n"
        "e.roadmap_from_json({'parameters': {'region': 'ID', 'currency': 'IDR'}})\n"
        "assert 'jsonschema' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# --- Output -------------------------------------------------------------------------------
@pytest.mark.parametrize("indent", [None, 1, 4])
def test_streamed_output_is_exactly_the_document(indent):
    roadmap = build_roadmap(worked_input())
    doc = roadmap_to_json(roadmap)
    text = "".join(roadmap_json_chunks(roadmap, indent=indent))
    if indent is None:
        assert text == json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    else:
        assert text == json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"
    empty = build_roadmap(dataclasses.replace(worked_input(), it_cost_areas=(), business_functions=()))
    assert strict_loads("".join(roadmap_json_chunks(empty, indent=indent))) == roadmap_to_json(empty)


# --- The typed validator and the published schema agree -----------------------------------
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
codes = st.sampled_from(["service_desk", "compute", "payroll", "customer_service", "mainframe", "claims-x"])


def _valid_doc() -> st.SearchStrategy[dict]:
    score = st.integers(1, 5)
    area = st.fixed_dictionaries(
        {
            "id": st.text(min_size=1, max_size=5).filter(str.strip),
            "capability": codes,
            "annual_cost": st.floats(0, 1e9),
        },
        optional={"ftes": st.floats(0, 100), "maturity": score, "available_from_month": st.integers(0, 1200)},
    )
    func = st.fixed_dictionaries(
        {
            "id": st.text(min_size=1, max_size=5).filter(str.strip),
            "capability": codes,
            "annual_cost": st.integers(0, 10**9),
        },
        optional={"error_rate": st.floats(0, 100), "knowledge_intensity": score, "annual_volume": st.floats(0, 1e7)},
    )
    bench = st.fixed_dictionaries(
        {}, optional={"savings_low": st.floats(0, 0.95), "transition_months": st.integers(0, 600)}
    )
    offering = st.fixed_dictionaries(
        {
            "provider": st.text(min_size=1, max_size=5).filter(str.strip),
            "capability": codes,
            "regions": st.lists(st.text(min_size=1, max_size=3), max_size=2),
            "price_index": st.floats(0.01, 10),
            "quality": st.floats(0, 10),
        },
        optional={"rating": st.none() | st.floats(0, 5), "certifications": st.lists(st.text(max_size=5), max_size=2)},
    )
    params = st.fixed_dictionaries(
        {"region": st.just("ID"), "currency": st.just("IDR")},
        optional={
            "horizon_months": st.integers(1, 600),
            "max_parallel_ito": st.integers(1, 1000),
            "savings_band": st.sampled_from(["low", "typical", "high"]),
            "governance_fraction": st.floats(0, 1),
        },
    )
    return st.fixed_dictionaries(
        {"parameters": params},
        optional={
            "it_cost_areas": st.lists(area, max_size=3),
            "business_functions": st.lists(func, max_size=3),
            "benchmarks": st.dictionaries(st.sampled_from(["service_desk", "payroll"]), bench, max_size=2),
            "offerings": st.lists(offering, max_size=2),
            "meta": st.dictionaries(st.text(max_size=5), json_scalars, max_size=2),
            "criteria_pairwise": st.none()
            | st.lists(st.lists(st.floats(0.001, 1000), min_size=6, max_size=6), min_size=6, max_size=6),
        },
    )


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated_docs(draw):
    """A valid document with up to two random edits: a value replaced by any JSON value, a key
    removed, or an unknown key added."""
    doc = draw(_valid_doc())
    for _ in range(draw(st.integers(0, 2))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(json_values)
    return doc


def typed_accepts(doc) -> bool:
    try:
        validate_input_json(doc)
    except EngineInputError:
        return False
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_docs())
def test_typed_validator_and_published_schema_accept_the_same_documents(doc):
    schema_ok = schema_errors("input", doc) == ()
    typed_ok = typed_accepts(doc)
    # The schema cannot require every figure of a benchmark for a code without a shipped
    # default (it enumerates no codes); that is the one rule the typed validator adds.
    benchmarks = doc.get("benchmarks")
    if isinstance(benchmarks, dict) and any(code not in DEFAULT_BENCHMARKS for code in benchmarks):
        assert not typed_ok or schema_ok
    else:
        assert schema_ok == typed_ok, (schema_errors("input", doc)[:3], doc)


# --- Fuzz: the CLI never gives a traceback or invalid JSON ---------------------------------
def run_main(raw: bytes, capsys) -> tuple[int, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        src, dst = Path(folder) / "in.json", Path(folder) / "out.json"
        src.write_bytes(raw)
        code = main([str(src), "-o", str(dst)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code == 0:
            assert err == ""
            return code, dst.read_bytes()
        assert code == 2, err
        assert err.startswith("error: "), err
        assert err.count("\n") == 1, err
        return code, b""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.binary(max_size=300)
    | st.sampled_from([b"Infinity", b'{"a": NaN}', b"1e999", b"\xff\xfe{", b"\xef\xbb\xbf{}"])
)
def test_fuzz_arbitrary_bytes(raw, capsys):
    code, out = run_main(raw, capsys)
    if code == 0:
        strict_loads(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=mutated_docs() | json_values)
def test_fuzz_arbitrary_json(doc, capsys):
    code, out = run_main(json.dumps(doc).encode(), capsys)
    if code == 0:
        strict_loads(out)


def test_parse_json_refuses_what_json_cannot_hold():
    with pytest.raises(EngineInputError, match="not valid JSON"):
        parse_json(b"{'single': 'quotes'}")
    doc = parse_json(b'{"x": 1, "x": 2}')
    assert doc == {"x": 2}
    assert doc.duplicates == ("x",)
    assert parse_json(str(MAX_MONEY).encode()) == MAX_MONEY


# --- Valid input at the edges of every bound: the result is still strict JSON ---------------
def _edge(low: float, high: float, *, integer: bool = False) -> st.SearchStrategy:
    if integer:
        return st.sampled_from([int(low), int(high)]) | st.integers(int(low), int(high))
    return st.sampled_from([low, high]) | st.floats(low, high)


@st.composite
def edge_docs(draw):
    score = _edge(1, 5, integer=True)
    money = _edge(0, MAX_MONEY)
    n_it, n_bpo = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    areas = [
        {
            "id": f"it{i}",
            "capability": draw(st.sampled_from(["service_desk", "storage", "mainframe"])),
            "annual_cost": draw(money),
            "ftes": draw(_edge(0, 10_000_000)),
            "available_from_month": draw(_edge(0, 1200, integer=True)),
            "maturity": draw(score),
            "standardisation": draw(score),
        }
        for i in range(n_it)
    ]
    funcs = [
        {
            "id": f"bp{i}",
            "capability": draw(st.sampled_from(["payroll", "claims"])),
            "annual_cost": draw(money),
            "ftes": draw(_edge(0, 10_000_000)),
            "annual_volume": draw(_edge(0, 2**53 - 1)),
            "error_rate": draw(_edge(0, 100)),
            "standardisation": draw(score),
            "strategic_importance": draw(score),
        }
        for i in range(n_bpo)
    ]
    low = draw(_edge(0, 0.95))
    bench = {
        "savings_low": low,
        "savings_typical": low,
        "savings_high": low,
        "transition_months": 0,
        "transition_cost_fraction": draw(_edge(0, 10)),
        "engagement_months": draw(_edge(1, 600, integer=True)),
        "ramp_months": draw(_edge(0, 600, integer=True)),
    }
    offerings = [
        {
            "provider": f"p{i}",
            "capability": code,
            "regions": ["ID"],
            "price_index": draw(st.sampled_from([5e-324, 1e-9, 1.0, 1000.0])),
            "quality": draw(_edge(0, 1_000_000)),
            "capacity_ftes": draw(_edge(0, 10_000_000)),
            "experience_years": draw(_edge(0, 1000)),
            "rating": draw(st.none() | _edge(0, 5)),
        }
        for i, code in enumerate(["service_desk", "mainframe", "payroll", "claims"])
    ]
    params = {
        "region": "ID",
        "currency": "IDR",
        "horizon_months": draw(_edge(1, 600, integer=True)),
        "discount_rate": draw(_edge(0, 1)),
        "gate_fraction": draw(_edge(0, 1)),
        "max_parallel_ito": draw(_edge(1, 100_000, integer=True)),
        "max_parallel_bpo": draw(_edge(1, 100_000, integer=True)),
        "materiality_threshold": draw(_edge(0, 1)),
        "selection_cost_fraction": draw(_edge(0, 1)),
        "governance_fraction": draw(_edge(0, 1)),
    }
    return {
        "parameters": params,
        "it_cost_areas": areas,
        "business_functions": funcs,
        "benchmarks": {"mainframe": bench, "claims": {**bench, "engagement_months": 0}},
        "offerings": offerings,
    }


@settings(max_examples=150, deadline=None)
@given(doc=edge_docs())
def test_valid_input_at_the_bounds_gives_strict_json(doc):
    out = roadmap_from_json(doc)
    strict_loads(json.dumps(out, allow_nan=False))


class _ClosedPipe(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class _StdoutToClosedPipe:
    buffer = io.BufferedWriter(_ClosedPipe())

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_a_closed_stdout_pipe_is_a_one_line_error_not_a_traceback(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(roadmap_input_to_json(worked_input())), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", _StdoutToClosedPipe())
    assert main([str(src)]) == 2
    assert capsys.readouterr().err == "error: cannot write to standard output: Broken pipe\n"
