"""Plain JSON <-> engine dataclasses. Money is rounded to 2 decimals on output only.

- ``parse_json(bytes | str)``: strict JSON in (UTF-8, unique keys, no Infinity or NaN, no
  number the engine cannot hold); problems raise EngineInputError naming them, and
  numbers JSON or the engine cannot hold are kept as markers so that the validator can
  name the field that holds them.
- ``roadmap_input_from_json(doc)``: typed validation, then the dataclasses.
- ``roadmap_to_json(roadmap)``: the output document; ``write_roadmap_json`` streams the same
  document item by item (memory bounded by one item, not by the roadmap).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from dataclasses import fields
from typing import Any, BinaryIO, TextIO

import orjson

from .costs import COST_COLUMNS
from .defaults import DEFAULT_BENCHMARKS
from .errors import EngineInputError, KeyedTwice, UnrepresentableNumber
from .roadmap import build_roadmap
from .schema import (
    BENCHMARK_FIELDS,
    BUSINESS_FUNCTION_FIELDS,
    INTEGER,
    IT_COST_AREA_FIELDS,
    OFFERING_FIELDS,
    OFFERING_POOL_FIELDS,
    PARAMETER_FIELDS,
    STRINGS,
    FieldSpec,
)
from .types import (
    Benchmark,
    BusinessFunction,
    ITCostArea,
    Offering,
    OfferingPool,
    Parameters,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
)
from .validate import check_rules, validate_input_json

MONEY_DECIMALS = 2
# Shares, scores and indices keep more precision than money but not float noise.
RATIO_DECIMALS = 6
# Longer integer literals are out of every field's range (the largest bound, 2**53, has 16
# digits); they are not converted, which also keeps clear of int_max_str_digits.
MAX_INTEGER_DIGITS = 40
# Parameters that are money (rounded like money in effective_parameters).
MONEY_PARAMETERS = frozenset({"materiality_min_savings", "retained_cost_per_fte", "deal_fixed_cost"})
_BENCH_FIELDS = tuple(f.name for f in fields(Benchmark) if f.name not in ("capability", "sources"))
_MONEY_PARAMS = frozenset(
    {
        "annual_cost",
        "net_annual_savings",
        "one_off_cost",
        "npv",
        "net_annual_benefit",
        "min_savings",
        "planned_ito_run_rate",
        "unit_cost",
        "market_unit_cost",
    },
)


# --- Parsing -----------------------------------------------------------------------------
def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    twice = []
    for key, _ in pairs:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    return KeyedTwice(pairs, tuple(twice))


def _parse_int(text: str) -> int | UnrepresentableNumber:
    if len(text) > MAX_INTEGER_DIGITS:
        digits = len(text.lstrip("-"))
        return UnrepresentableNumber(text, f"a {digits}-digit integer is out of range")
    return int(text)


def _parse_float(text: str) -> float | UnrepresentableNumber:
    value = float(text)
    if math.isfinite(value):
        return value
    return UnrepresentableNumber(text, f"{text[:30]} is out of range (too large for a number)")


def _parse_constant(name: str) -> UnrepresentableNumber:
    return UnrepresentableNumber(name, f"{name} is not a finite number (JSON has no Infinity or NaN)")


def parse_json(data: bytes | str) -> Any:
    """Parse one JSON document strictly. Bytes must be UTF-8 (a leading byte-order mark is
    ignored). Raises EngineInputError for empty input, bytes that are not UTF-8, invalid
    JSON or nesting too deep to read. Infinity, NaN, literals that overflow a float and
    integers of more than MAX_INTEGER_DIGITS digits become UnrepresentableNumber markers,
    and an object with a repeated key becomes a KeyedTwice: the validator refuses both,
    naming the field."""
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EngineInputError(
                "",
                f"the input is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded",
            ) from None
    else:
        text = data
    if not text.strip():
        raise EngineInputError("", "the input is empty")
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_pairs,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as exc:
        raise EngineInputError(
            "", f"the input is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise EngineInputError("", "the input nests arrays or objects too deeply to read") from None


# --- JSON document -> dataclasses -----------------------------------------------------
def _converters(specs: tuple[FieldSpec, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (
        tuple(s.name for s in specs if s.kind == INTEGER),
        tuple(s.name for s in specs if s.kind == STRINGS),
    )


_CONVERT = {
    Parameters: _converters(PARAMETER_FIELDS),
    ITCostArea: _converters(IT_COST_AREA_FIELDS),
    BusinessFunction: _converters(BUSINESS_FUNCTION_FIELDS),
    Benchmark: _converters(BENCHMARK_FIELDS),
    Offering: _converters(OFFERING_FIELDS),
    OfferingPool: _converters(OFFERING_POOL_FIELDS),
}


def _kw(doc: dict[str, Any], cls: type) -> dict[str, Any]:
    """Keyword arguments of `cls` from a validated object: integral floats (3.0) of integer
    fields become int, lists of strings become tuples."""
    values = dict(doc)
    integers, lists = _CONVERT[cls]
    for name in integers:
        value = values.get(name)
        if value.__class__ is float:
            values[name] = int(value)
    for name in lists:
        if name in values:
            values[name] = tuple(values[name])
    return values


def roadmap_input_from_json(doc: dict[str, Any]) -> RoadmapInput:
    """Validate `doc` (typed checks driven by the field tables in schema.py, then the rules
    across fields) and build the RoadmapInput. A benchmark of a shipped capability is merged
    field by field into its shipped default; any other capability's benchmark gives every
    figure. Raises EngineInputError whose message starts with the field path."""
    validate_input_json(doc)
    params = Parameters(**_kw(doc["parameters"], Parameters))
    areas = tuple(ITCostArea(**_kw(a, ITCostArea)) for a in doc.get("it_cost_areas", ()))
    funcs = tuple(BusinessFunction(**_kw(f, BusinessFunction)) for f in doc.get("business_functions", ()))
    benchmarks = []
    paths = []
    given_all = doc.get("benchmarks") or {}
    for code in sorted(given_all):
        given = _kw(given_all[code], Benchmark)
        default = DEFAULT_BENCHMARKS.get(code)
        if default is None:
            sources = tuple((name, "input" if name in given else "no figure (field default)") for name in _BENCH_FIELDS)
            merged = Benchmark(capability=code, **given, sources=sources)
        else:
            sources = tuple(
                (name, "input override" if name in given else default.source_of(name)) for name in _BENCH_FIELDS
            )
            values = {name: given.get(name, getattr(default, name)) for name in _BENCH_FIELDS}
            merged = Benchmark(capability=code, **values, sources=sources)
        benchmarks.append(merged)
        paths.append(f"benchmarks.{code}")
    offerings = tuple(Offering(**_kw(o, Offering)) for o in doc.get("offerings", ()))
    pairwise = doc.get("criteria_pairwise")
    data = RoadmapInput(
        parameters=params,
        it_cost_areas=areas,
        business_functions=funcs,
        benchmarks=tuple(benchmarks),
        offerings=offerings,
        offering_pools=tuple(OfferingPool(**_kw(o, OfferingPool)) for o in doc.get("offering_pools", ())),
        criteria_pairwise=tuple(tuple(float(x) for x in row) for row in pairwise) if pairwise is not None else None,
    )
    check_rules(data, benchmark_paths=paths)
    return data


def roadmap_input_to_json(data: RoadmapInput) -> dict[str, Any]:
    """The JSON form of a RoadmapInput (benchmarks written in full), e.g. to store or hash it."""

    def plain(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip}

    doc: dict[str, Any] = {
        "parameters": plain(data.parameters),
        "it_cost_areas": [plain(a) for a in data.it_cost_areas],
        "business_functions": [plain(f) for f in data.business_functions],
        "benchmarks": {b.capability: plain(b, ("capability", "sources")) for b in data.benchmarks},
        "offerings": [plain(o) for o in data.offerings],
    }
    if data.offering_pools:
        doc["offering_pools"] = [plain(o) for o in data.offering_pools]
    if data.criteria_pairwise is not None:
        doc["criteria_pairwise"] = [list(row) for row in data.criteria_pairwise]
    return doc


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _m(x: float | None) -> float | None:
    # Not finite (e.g. a cost per transaction over a vanishing volume) is no amount: null,
    # so the output stays strict JSON.
    if x is None or x - x != 0.0:
        return None
    return round(float(x), MONEY_DECIMALS) + 0.0  # + 0.0: no "-0.0" in documents people read


def _r(x: float | None) -> float | None:
    if x is None or x - x != 0.0:  # None, or not finite (inf - inf and nan - nan are nan)
        return None
    return round(float(x), RATIO_DECIMALS) + 0.0


def _param(key: str, value: Any) -> Any:
    if isinstance(value, float):
        return _m(value) if key in _MONEY_PARAMS else _r(value)
    return value


def _params(pairs: Any) -> dict[str, Any]:
    """``{key: _param(key, value)}`` of (key, value) pairs, with _param, _m and _r inlined: the
    reason and delay parameters of every item are the largest share of writing a big roadmap."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if isinstance(value, float):
            if value - value != 0.0:
                value = None
            else:
                value = round(float(value), MONEY_DECIMALS if key in _MONEY_PARAMS else RATIO_DECIMALS) + 0.0
        out[key] = value
    return out


def _ratios(pairs: Any) -> dict[str, Any]:
    """``{name: _r(value)}`` of (name, float) pairs, _r inlined."""
    out: dict[str, Any] = {}
    for name, value in pairs:
        if value is None or value - value != 0.0:
            out[name] = None
        else:
            out[name] = round(float(value), RATIO_DECIMALS) + 0.0
    return out


def _memo_ratios(memo: dict[Any, dict[str, Any]], pairs: Any) -> dict[str, Any]:
    """``_ratios(pairs)``, computed once per distinct `pairs` (a hashable tuple) in `memo`."""
    found = memo.get(pairs)
    if found is None:
        found = memo[pairs] = _ratios(pairs)
    return found


def _item(item: RoadmapItem, criteria_memo: dict[Any, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON form of one item. `criteria_memo` (a dict the caller keeps for one document)
    shares the JSON form of equal shortlist criteria, which many shortlists repeat."""
    k = item.kpis
    criteria = _ratios if criteria_memo is None else functools.partial(_memo_ratios, criteria_memo)
    return {
        "id": item.id,
        "kind": item.kind,
        "capability": item.capability,
        "included": item.included,
        "rationale": item.rationale,
        "reason_code": item.reason_code,
        "reason_params": _params(item.reason_params),
        "start_month": item.start_month,
        "savings_from_month": item.savings_from_month,
        "exit_month": item.exit_month,
        "net_annual_savings": _m(item.net_annual_savings),
        "one_off_cost": _m(item.one_off_cost),
        "npv": _m(item.npv),
        "profitability_index": _r(item.profitability_index),
        "savings_fraction": _r(item.savings_fraction),
        "recommendation": item.recommendation,
        "savings_basis": item.savings_basis,
        "valuation_months": item.valuation_months,
        "delay_code": item.delay_code,
        "delay_params": _params(item.delay_params),
        "suitability": _r(item.suitability),
        "suitability_class": item.suitability_class,
        "regulatory_condition": None
        if item.regulatory_condition is None
        else {
            "code": item.regulatory_condition.code,
            "regulator": item.regulatory_condition.regulator,
            "requirement": item.regulatory_condition.requirement,
            "accepted": item.regulatory_condition.accepted,
        },
        "kpis": None
        if k is None
        else {
            "cost_per_transaction_before": _m(k.cost_per_transaction_before),
            "cost_per_transaction_after": _m(k.cost_per_transaction_after),
            "error_rate_before": _r(k.error_rate_before),
            "error_rate_after": _r(k.error_rate_after),
            "ftes_freed": _r(k.ftes_freed),
            "ftes_retained": _r(k.ftes_retained),
            "cycle_time_days_before": _r(k.cycle_time_days_before),
            "cycle_time_days_after": _r(k.cycle_time_days_after),
            "missing_baselines": list(k.missing_baselines),
        },
        "shortlist": [
            {
                "provider": e.provider,
                "provider_name": e.provider_name,
                "delivery_model": e.delivery_model,
                "closeness": _r(e.closeness),
                "reason": e.reason,
                "reason_code": e.reason_code,
                "criteria": criteria(e.criteria),
            }
            for e in item.shortlist
        ],
    }


def _kpis(k: Any) -> dict[str, Any]:
    return {
        "npv": _m(k.npv),
        "payback_month": k.payback_month,
        "run_rate_ito": _m(k.run_rate_ito),
        "run_rate_bpo": _m(k.run_rate_bpo),
        "peak_investment": _m(k.peak_investment),
        "npv_valuation": _m(k.npv_valuation),
    }


def _distribution(d: Any) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "months": list(d.months),
        "counts": list(d.counts),
        "never": d.never,
        "p10": d.p10,
        "p50": d.p50,
        "p90": d.p90,
    }


def _risk(risk: Any) -> dict[str, Any] | None:
    if risk is None:
        return None
    return {
        "draws": risk.draws,
        "draws_requested": risk.draws_requested,
        "seed": risk.seed,
        "drivers": risk.drivers,
        "npv_deterministic": _m(risk.npv_deterministic),
        "npv_mean": _m(risk.npv_mean),
        "npv_p10": _m(risk.npv_p10),
        "npv_p50": _m(risk.npv_p50),
        "npv_p90": _m(risk.npv_p90),
        "probability_npv_positive": _r(risk.probability_npv_positive),
        "npv_histogram": {
            "edges": [_m(x) for x in risk.npv_histogram.edges],
            "counts": list(risk.npv_histogram.counts),
        },
        "gate_month": _distribution(risk.gate_month),
        "payback_month": _distribution(risk.payback_month),
        "tornado": [
            {
                "driver": b.driver,
                "kind": b.kind,
                "item_id": b.item_id,
                "low": _r(b.low),
                "high": _r(b.high),
                "npv_low": _m(b.npv_low),
                "npv_high": _m(b.npv_high),
            }
            for b in risk.tornado
        ],
    }


def roadmap_to_json(roadmap: Roadmap, *, items: bool = True) -> dict[str, Any]:
    """The JSON form of a Roadmap (valid against output.schema.json); with ``items=False``
    the "items" list is left empty (``write_roadmap_json`` streams it)."""
    w = roadmap.suitability_weights
    return {
        "engine_version": roadmap.engine_version,
        "currency": roadmap.currency,
        "gate_month": roadmap.gate_month,
        "gate_reason": roadmap.gate_reason,
        "gate_reason_code": roadmap.gate_reason_code,
        "gate_params": {key: _param(key, v) for key, v in roadmap.gate_params},
        "schedule": {
            run.kind: {
                "method": run.method,
                "status": run.status,
                "gap": _r(run.gap),
                "seconds": round(run.seconds, 4),
                "candidates": run.candidates,
                "variables": run.variables,
            }
            for run in roadmap.schedule
        },
        "effective_parameters": {
            name: (_m(v) if name in MONEY_PARAMETERS else _r(v)) if isinstance(v, float) else v
            for name, v in roadmap.effective_parameters
        },
        "phases": [
            {"kind": p.kind, "start_month": p.start_month, "end_month": p.end_month, "item_ids": list(p.item_ids)}
            for p in roadmap.phases
        ],
        "items": [_item(i) for i in roadmap.items] if items else [],
        "cash_flow": [
            {
                "month": c.month,
                "ito_savings": _m(c.ito_savings),
                "bpo_benefit": _m(c.bpo_benefit),
                "one_off_costs": _m(c.one_off_costs),
                "net": _m(c.net),
                "cumulative": _m(c.cumulative),
                "discounted_cumulative": _m(c.discounted_cumulative),
                **{name: _m(getattr(c, name)) for name in COST_COLUMNS},
            }
            for c in roadmap.cash_flow
        ],
        "kpis": _kpis(roadmap.kpis),
        "scenarios": {
            s.band: {**_kpis(s.kpis), "cumulative": [_m(x) for x in s.cumulative]} for s in roadmap.scenarios
        },
        "suitability_weights": {
            "weights": {c: _r(x) for c, x in zip(w.criteria, w.weights, strict=True)},
            "consistency_ratio": _r(w.consistency_ratio),
            "source": w.source,
        },
        "risk": _risk(roadmap.risk),
    }


def roadmap_from_json(doc: dict[str, Any]) -> dict[str, Any]:
    """JSON in, JSON out: validate, build the roadmap, serialise it.

    Raises EngineInputError (a ValueError) naming the field path on invalid input.
    """
    if not isinstance(doc, dict):
        raise EngineInputError("", "the input must be a JSON object")
    return roadmap_to_json(build_roadmap(roadmap_input_from_json(doc)))


_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _dumps(value: Any, indent: int | None) -> str:
    if indent is None:
        return _COMPACT.encode(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent)


def _dumps_item(value: dict[str, Any]) -> str:
    """One item, compact: orjson (about 5x faster than the json module on the CLI's 100,000
    items). Every float of an item has passed _m or _r (not finite -> null), so orjson's own
    null for NaN never hides a value; an integer beyond 64 bits, which orjson refuses, takes
    the json module's path."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return _COMPACT.encode(value)


def roadmap_json_chunks(roadmap: Roadmap, *, indent: int | None = None) -> Iterator[str]:
    """The text of ``roadmap_to_json(roadmap)`` in pieces, one item at a time: compact by
    default, or exactly ``json.dumps(doc, indent=indent)`` when `indent` is given. Strict
    JSON (no NaN or Infinity: ValueError if the roadmap held one)."""
    head = roadmap_to_json(roadmap, items=False)
    pad = "" if indent is None else " " * indent
    inner = "\n" + pad * 2
    yield "{" if indent is None else "{\n"
    for n, (key, value) in enumerate(head.items()):
        if n:
            yield "," if indent is None else ",\n"
        yield f"{pad}{_dumps(key, None)}:" if indent is None else f"{pad}{_dumps(key, None)}: "
        if key != "items" or not roadmap.items:
            text = _dumps(value, indent)
            yield text if indent is None else text.replace("\n", "\n" + pad)
            continue
        yield "[" if indent is None else "[" + inner
        for i, item in enumerate(roadmap.items):
            if i:
                yield "," if indent is None else "," + inner
            if indent is None:
                yield _dumps_item(_item(item))
                continue
            yield _dumps(_item(item), indent).replace("\n", inner)
        yield "]" if indent is None else "\n" + pad + "]"
    yield "}\n" if indent is None else "\n}\n"


def write_roadmap_json(roadmap: Roadmap, out: TextIO, *, indent: int | None = None) -> None:
    """Write the roadmap's JSON to `out`, item by item (see ``roadmap_json_chunks``)."""
    buffer: list[str] = []
    size = 0
    for chunk in roadmap_json_chunks(roadmap, indent=indent):
        buffer.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            out.write("".join(buffer))
            buffer.clear()
            size = 0
    out.write("".join(buffer))


def _dumps_item_bytes(value: dict[str, Any]) -> bytes:
    """``_dumps_item`` as UTF-8 bytes, without the round trip through str."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return _COMPACT.encode(value).encode("utf-8")


def write_roadmap_json_compact(roadmap: Roadmap, out: BinaryIO) -> None:
    """Write the compact JSON of the roadmap (the same text as ``write_roadmap_json`` without
    `indent`) to a binary stream as UTF-8, item by item: orjson's bytes go out as they are,
    which saves decoding and encoding again the whole document (181 MiB at 100,000 lines)."""
    head = roadmap_to_json(roadmap, items=False)
    buffer: list[bytes] = [b"{"]
    size = 0
    memo: dict[Any, dict[str, Any]] = {}
    for n, (key, value) in enumerate(head.items()):
        if n:
            buffer.append(b",")
        buffer.append(_COMPACT.encode(key).encode("utf-8") + b":")
        if key != "items" or not roadmap.items:
            buffer.append(_COMPACT.encode(value).encode("utf-8"))
            continue
        buffer.append(b"[")
        for i, item in enumerate(roadmap.items):
            if i:
                buffer.append(b",")
            chunk = _dumps_item_bytes(_item(item, memo))
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 20:
                out.write(b"".join(buffer))
                buffer.clear()
                size = 0
        buffer.append(b"]")
    buffer.append(b"}\n")
    out.write(b"".join(buffer))
