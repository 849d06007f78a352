"""Typed checks of the engine's input, driven by the field tables in ``schema.py``.

Two entry points share every rule:

- ``validate_input_json(doc)``: a parsed JSON document (plain dicts and lists), before
  any dataclass is built. Types, bounds, unknown and missing fields.
- ``validate_input(data)``: a ``RoadmapInput`` built in Python (``build_roadmap`` calls it),
  the same per-field checks on the dataclasses' attributes.

Both then apply the rules across fields (``check_rules``): unique line ids, one kind per
capability code, a benchmark for every code in use, ordered savings bands, ITO
engagements that outlast their transition, unique offerings, consistent AHP judgements.

Every failure raises ``EngineInputError`` whose message starts with the field's path
(``it_cost_areas[3].annual_cost: -5 is less than the minimum of 0``); ``.errors`` keeps
up to ``MAX_ERRORS`` (path, message) pairs in document order.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from difflib import get_close_matches
from typing import Any

from .ahp import CONSISTENCY_LIMIT, ahp_weights
from .defaults import BPO, CAPABILITIES, DEFAULT_BENCHMARKS, ITO
from .errors import EngineInputError, KeyedTwice, UnrepresentableNumber
from .schema import (
    BENCHMARK_FIELDS,
    BOOLEAN,
    BUSINESS_FUNCTION_FIELDS,
    CHOICE,
    CODE,
    INTEGER,
    IT_COST_AREA_FIELDS,
    MAX_CODE_LENGTH,
    MAX_HORIZON_MONTHS,
    MAX_META_DEPTH,
    NUMBER,
    OFFERING_FIELDS,
    OFFERING_POOL_FIELDS,
    PAIRWISE_MAX,
    PAIRWISE_MIN,
    PARAMETER_FIELDS,
    STRING,
    STRINGS,
    FieldSpec,
)
from .types import (
    SUITABILITY_CRITERIA,
    Benchmark,
    BusinessFunction,
    ITCostArea,
    Offering,
    OfferingPool,
    Parameters,
    RoadmapInput,
)

__all__ = [
    "MAX_ERRORS",
    "MAX_HORIZON_MONTHS",
    "check_rules",
    "validate_benchmark",
    "validate_criteria_pairwise",
    "validate_input",
    "validate_input_json",
]

MAX_ERRORS = 50
TOP_LEVEL_FIELDS: tuple[str, ...] = (
    "meta",
    "parameters",
    "it_cost_areas",
    "business_functions",
    "benchmarks",
    "offerings",
    "offering_pools",
    "criteria_pairwise",
)
_CODE = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_CODE_LENGTH}}}")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_MISSING = object()


class _Stop(Exception):
    """Enough errors found: stop walking the document."""


class _Errors:
    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.found.append((path, message))
        if len(self.found) >= MAX_ERRORS:
            raise _Stop

    def raise_if_any(self) -> None:
        if self.found:
            path, message = self.found[0]
            raise EngineInputError(path, message, errors=tuple(self.found))


# --- How values are shown in messages (never a giant or unprintable repr) ---------------
def _fmt(x: float) -> str:
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e16):
        return str(int(x))
    return repr(float(x))


def _show(value: object) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 200:  # str() of a huge int is slow or refused (int_max_str_digits)
            return f"a {int(value.bit_length() * math.log10(2)) + 1}-digit integer"
        return str(value)
    if isinstance(value, float):
        return _fmt(value) if math.isfinite(value) else repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:40]) + f"... ({len(value)} characters)"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, UnrepresentableNumber):
        return repr(value)
    return f"a {type(value).__name__}"


def _key_path(path: str, key: object) -> str:
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_show(key)}]"


def _unknown_field(path: str, key: object, known: Iterable[str], where: str) -> tuple[str, str]:
    message = f"is not a field of {where}"
    if isinstance(key, str):
        close = get_close_matches(key, list(known), n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
    return _key_path(path, key), message


# --- One check per kind of field -------------------------------------------------------
def _not_a(value: object, what: str) -> str:
    if isinstance(value, UnrepresentableNumber):
        return value.problem
    return f"{_show(value)} is not {what}"


def _range(spec: FieldSpec, value: float) -> str | None:
    low = spec.minimum
    if low is not None:
        if spec.exclusive_minimum:
            if value <= low:
                return f"{_show(value)} is less than or equal to the minimum of {_fmt(low)}"
        elif value < low:
            return f"{_show(value)} is less than the minimum of {_fmt(low)}"
    high = spec.maximum
    if high is not None and value > high:
        return f"{_show(value)} is greater than the maximum of {_fmt(high)}"
    return None


def _number(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
    elif not isinstance(value, int) or isinstance(value, bool):
        if value is None and spec.nullable:
            return None
        return _not_a(value, "a number")
    return _range(spec, value)


def _integer(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
        if not value.is_integer():
            return f"{_show(value)} is not an integer"
    elif not isinstance(value, int) or isinstance(value, bool):
        if value is None and spec.nullable:
            return None
        return _not_a(value, "an integer")
    return _range(spec, value)


def _unicode_problem(value: str) -> str | None:
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{_show(value)} holds an unpaired surrogate, which is not Unicode text"
    return None


def _string(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, str):
        if value is None and spec.nullable:
            return None
        return _not_a(value, "a string")
    if spec.non_blank and not value.strip():
        return f"{_show(value)} should be a non-empty string"
    if spec.max_length is not None and len(value) > spec.max_length:
        return f"{_show(value)} is longer than {spec.max_length} characters"
    return _unicode_problem(value)


def _code(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, str) and _CODE.fullmatch(value):
        return None
    return _not_a(value, f"a capability code (1-{MAX_CODE_LENGTH} letters, digits, '_' or '-')")


def _choice(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, str) and value in spec.choices:
        return None
    return f"{_show(value)} is not one of {list(spec.choices)}"


def _strings(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, list | tuple):
        return _not_a(value, "a list of strings")
    if spec.max_items is not None and len(value) > spec.max_items:
        return f"has {len(value)} items, more than the maximum of {spec.max_items}"
    item_spec = FieldSpec(spec.name, STRING, "", max_length=spec.max_length, non_blank=spec.non_blank)
    for i, item in enumerate(value):
        problem = _string(item_spec, item)
        if problem:
            return f"item {i}: {problem}"
    return None


def _boolean(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return _not_a(value, "true or false")


_CHECKS: dict[str, Callable[[FieldSpec, Any], str | None]] = {
    BOOLEAN: _boolean,
    NUMBER: _number,
    INTEGER: _integer,
    STRING: _string,
    CODE: _code,
    CHOICE: _choice,
    STRINGS: _strings,
}


# --- Compiled fast paths ------------------------------------------------------------------
# Most input is valid, so each table also gets a compiled predicate (generated source, as
# fastjsonschema does for JSON Schemas) that only answers "every field is fine"; when it
# says no, the checks above run to find and word each problem. The predicate is stricter
# than the checks (e.g. non-ASCII text and integral floats take the slow path), never looser.
def _fast_expr(spec: FieldSpec, v: str) -> str:
    kind = spec.kind
    if kind in (NUMBER, INTEGER):
        low_op = "<" if spec.exclusive_minimum else "<="
        bounds = f"{spec.minimum!r} {low_op} {v} <= {spec.maximum!r}"  # NaN and infinities fail here
        typed = f"{v}.__class__ is int" if kind == INTEGER else f"({v}.__class__ is float or {v}.__class__ is int)"
        expr = f"({typed} and {bounds})"
        return f"({v} is None or {expr})" if spec.nullable else expr
    if kind == STRING:
        expr = f"{v}.__class__ is str and {v}.isascii() and len({v}) <= {spec.max_length!r}"
        return f"({expr} and {v}.strip() != '')" if spec.non_blank else f"({expr})"
    if kind == CODE:
        return f"({v}.__class__ is str and _code({v}) is not None)"
    if kind == CHOICE:
        return f"({v}.__class__ is str and {v} in {frozenset(spec.choices)!r})"
    if kind == BOOLEAN:
        return f"({v}.__class__ is bool)"
    item = f"x.__class__ is str and x.isascii() and len(x) <= {spec.max_length!r}"
    if spec.non_blank:
        item += " and x.strip() != ''"
    return f"({v}.__class__ in _lists and len({v}) <= {spec.max_items!r} and all({item} for x in {v}))"


def _compile(specs: tuple[FieldSpec, ...], cls: type | None) -> Callable[[Any], bool]:
    """A predicate: True only if `obj` (a dict, or an instance of `cls`) is valid field by field."""
    for spec in specs:  # a table entry without bounds is a programming error: fail at import
        if spec.kind in (NUMBER, INTEGER) and (spec.minimum is None or spec.maximum is None):
            raise ValueError(f"{spec.name}: every number needs both bounds")
        if spec.kind in (STRING, STRINGS) and spec.max_length is None:
            raise ValueError(f"{spec.name}: every string needs a max_length")
        if spec.kind == STRINGS and spec.max_items is None:
            raise ValueError(f"{spec.name}: every list needs max_items")
    lines = ["def fast(obj):"]
    if cls is None:
        lines.append("    if obj.__class__ is not dict or not _names.issuperset(obj): return False")
    else:
        lines.append("    if obj.__class__ is not _cls: return False")
    for spec in specs:
        if cls is None:
            lines.append(f"    v = obj.get({spec.name!r}, _missing)")
            absent = "v is _missing or" if spec.required else "v is not _missing and"
            lines.append(f"    if {absent} not {_fast_expr(spec, 'v')}: return False")
        else:
            lines.append(f"    v = obj.{spec.name}")
            lines.append(f"    if not {_fast_expr(spec, 'v')}: return False")
    lines.append("    return True")
    namespace: dict[str, Any] = {
        "_names": frozenset(s.name for s in specs),
        "_cls": cls,
        "_missing": _MISSING,
        "_code": _CODE.fullmatch,
        "_lists": (list,) if cls is None else (list, tuple),
    }
    # Source generated above from the field tables only (no input text): safe to run.
    source = compile("\n".join(lines), f"<fast check of {cls.__name__ if cls else 'a JSON object'}>", "exec")
    exec(source, namespace)  # noqa: S102 - generated from the field tables, never from input
    fast: Callable[[Any], bool] = namespace["fast"]
    return fast


# Per table: (spec, its check) pairs, the names, the compiled fast paths for JSON objects
# and for dataclass instances.
_Table = tuple[
    tuple[tuple[FieldSpec, Callable[[FieldSpec, Any], str | None]], ...],
    frozenset[str],
    Callable[[Any], bool],
    Callable[[Any], bool],
]


def _table(specs: tuple[FieldSpec, ...], cls: type) -> _Table:
    return (
        tuple((s, _CHECKS[s.kind]) for s in specs),
        frozenset(s.name for s in specs),
        _compile(specs, None),
        _compile(specs, cls),
    )


_PARAMETERS = _table(PARAMETER_FIELDS, Parameters)
_AREA = _table(IT_COST_AREA_FIELDS, ITCostArea)
_FUNCTION = _table(BUSINESS_FUNCTION_FIELDS, BusinessFunction)
_BENCHMARK = _table(BENCHMARK_FIELDS, Benchmark)
_OFFERING = _table(OFFERING_FIELDS, Offering)
_POOL = _table(OFFERING_POOL_FIELDS, OfferingPool)
# Figures a benchmark without a shipped default must give: the dataclass fields with no default.
_BENCHMARK_NEEDED = frozenset(
    f.name for f in dataclasses.fields(Benchmark) if f.default is dataclasses.MISSING and f.name != "capability"
)


# --- JSON documents ----------------------------------------------------------------------
def _keyed_twice(path: str, obj: Any, errors: _Errors) -> bool:
    if type(obj) is KeyedTwice:
        for key in obj.duplicates:
            errors.add(_key_path(path, key), "appears twice in one object; each key may appear once")
        return True
    return False


def _json_object(path: str, obj: Any, table: _Table, where: str, errors: _Errors) -> bool:
    if table[2](obj):
        return True
    if not isinstance(obj, dict):
        errors.add(path, f"{_show(obj)} should be an object")
        return False
    ok = not _keyed_twice(path, obj, errors)
    specs, names = table[0], table[1]
    for spec, check in specs:
        value = obj.get(spec.name, _MISSING)
        if value is _MISSING:
            if spec.required:
                errors.add(f"{path}.{spec.name}", "is required")
                ok = False
            continue
        problem = check(spec, value)
        if problem:
            errors.add(f"{path}.{spec.name}", problem)
            ok = False
    if not names.issuperset(obj):
        for key in obj:
            if key not in names:
                errors.add(*_unknown_field(path, key, names, where))
                ok = False
    return ok


def _json_list(path: str, value: Any, table: _Table, where: str, errors: _Errors) -> None:
    if value is _MISSING:
        return
    if not isinstance(value, list):
        errors.add(path, f"{_show(value)} should be a list")
        return
    for i, obj in enumerate(value):
        _json_object(f"{path}[{i}]", obj, table, where, errors)


def _json_meta(value: Any, errors: _Errors) -> None:
    """meta is free-form, but still JSON: no Infinity or NaN, a bounded depth."""
    if not isinstance(value, dict):
        errors.add("meta", f"{_show(value)} should be an object")
        return
    stack: list[tuple[str, Any, int]] = [("meta", value, 1)]
    while stack:
        path, node, depth = stack.pop()
        if depth > MAX_META_DEPTH:
            errors.add(path, f"nests deeper than {MAX_META_DEPTH} levels")
            return
        if isinstance(node, dict):
            _keyed_twice(path, node, errors)
            stack.extend((_key_path(path, k), v, depth + 1) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, UnrepresentableNumber):
            errors.add(path, node.problem)
        elif isinstance(node, float) and not math.isfinite(node):
            errors.add(path, f"{node!r} is not a finite number")


def _json_pairwise(value: Any, errors: _Errors) -> None:
    n = len(SUITABILITY_CRITERIA)
    shape = f"must be a {n} x {n} matrix over {', '.join(SUITABILITY_CRITERIA)}, or null"
    if value is None:
        return
    if type(value) is not list or len(value) != n or any(type(row) is not list or len(row) != n for row in value):
        errors.add("criteria_pairwise", shape)
        return
    spec = FieldSpec("criteria_pairwise", NUMBER, "", minimum=PAIRWISE_MIN, maximum=PAIRWISE_MAX)
    for i, row in enumerate(value):
        for j, x in enumerate(row):
            problem = _number(spec, x)
            if problem:
                errors.add(f"criteria_pairwise[{i}][{j}]", problem)


def _json_benchmarks(value: Any, errors: _Errors) -> None:
    if value is _MISSING:
        return
    if not isinstance(value, dict):
        errors.add("benchmarks", f"{_show(value)} should be an object keyed by capability code")
        return
    _keyed_twice("benchmarks", value, errors)
    for code, figures in value.items():
        if not (isinstance(code, str) and _CODE.fullmatch(code)):
            errors.add(_key_path("benchmarks", code), _not_a(code, "a capability code"))
            continue
        if not _json_object(f"benchmarks.{code}", figures, _BENCHMARK, "a benchmark", errors):
            continue
        if code not in DEFAULT_BENCHMARKS:
            for spec, _ in _BENCHMARK[0]:
                if spec.name in _BENCHMARK_NEEDED and spec.name not in figures:
                    errors.add(
                        f"benchmarks.{code}.{spec.name}",
                        f"is required: {code!r} has no shipped benchmark to fill it",
                    )


def validate_input_json(doc: object) -> None:
    """Check a parsed input document field by field (types, bounds, unknown and missing
    fields). Raises EngineInputError naming the first invalid field, e.g.
    ``it_cost_areas[3].annual_cost: -5 is less than the minimum of 0``. The rules across
    fields are checked on the dataclasses built from it (``check_rules``)."""
    if not isinstance(doc, dict):
        raise EngineInputError("", "the input must be a JSON object")
    errors = _Errors()
    try:
        _keyed_twice("", doc, errors)
        for key in doc:
            if key not in TOP_LEVEL_FIELDS:
                errors.add(*_unknown_field("", key, TOP_LEVEL_FIELDS, "the input"))
        if "meta" in doc:
            _json_meta(doc["meta"], errors)
        if "parameters" in doc:
            _json_object("parameters", doc["parameters"], _PARAMETERS, "parameters", errors)
        else:
            errors.add("parameters", "is required")
        _json_list("it_cost_areas", doc.get("it_cost_areas", _MISSING), _AREA, "an IT cost area", errors)
        _json_list(
            "business_functions", doc.get("business_functions", _MISSING), _FUNCTION, "a business function", errors
        )
        _json_benchmarks(doc.get("benchmarks", _MISSING), errors)
        _json_list("offerings", doc.get("offerings", _MISSING), _OFFERING, "an offering", errors)
        _json_list("offering_pools", doc.get("offering_pools", _MISSING), _POOL, "an offering pool", errors)
        if "criteria_pairwise" in doc:
            _json_pairwise(doc["criteria_pairwise"], errors)
    except _Stop:
        pass
    errors.raise_if_any()


# --- Dataclasses ----------------------------------------------------------------------
def _fields(path: str, obj: object, cls: type, table: _Table, errors: _Errors) -> None:
    if table[3](obj):
        return
    if type(obj) is not cls:
        errors.add(path, f"{_show(obj)} should be a {cls.__name__}")
        return
    for spec, check in table[0]:
        problem = check(spec, getattr(obj, spec.name))
        if problem:
            errors.add(f"{path}.{spec.name}", problem)


def validate_input(data: RoadmapInput) -> None:
    """Check a RoadmapInput built in Python: every field against its table entry, then the
    rules across fields. Raises EngineInputError (a ValueError) naming the first invalid field."""
    errors = _Errors()
    try:
        _fields("parameters", data.parameters, Parameters, _PARAMETERS, errors)
        for i, a in enumerate(data.it_cost_areas):
            _fields(f"it_cost_areas[{i}]", a, ITCostArea, _AREA, errors)
        for i, f in enumerate(data.business_functions):
            _fields(f"business_functions[{i}]", f, BusinessFunction, _FUNCTION, errors)
        for i, b in enumerate(data.benchmarks):
            path = f"benchmarks[{i}]"
            if type(b) is Benchmark:
                problem = _code(BENCHMARK_FIELDS[0], b.capability)
                if problem:
                    errors.add(f"{path}.capability", problem)
            _fields(path, b, Benchmark, _BENCHMARK, errors)
        for i, o in enumerate(data.offerings):
            _fields(f"offerings[{i}]", o, Offering, _OFFERING, errors)
        for i, pool in enumerate(data.offering_pools):
            _fields(f"offering_pools[{i}]", pool, OfferingPool, _POOL, errors)
        if data.criteria_pairwise is not None:
            _json_pairwise([list(row) for row in data.criteria_pairwise], errors)
    except _Stop:
        pass
    errors.raise_if_any()
    check_rules(data, benchmark_paths=[f"benchmarks[{i}]" for i in range(len(data.benchmarks))])


# --- Rules across fields ----------------------------------------------------------------
def _kind_name(kind: str) -> str:
    return "an ITO" if kind == ITO else "a BPO"


def _shipped_kind(code: str) -> str | None:
    entry = CAPABILITIES.get(code)
    return entry[0] if entry else None


def validate_benchmark(path: str, b: Benchmark, *, kind: str | None = None) -> None:
    """Rules of one benchmark whose fields are already in range: an ordered savings band and,
    for an ITO capability, an engagement that outlasts the transition (rule 5). `kind` is the
    kind of the lines that use it; by default the shipped kind of its code, if any."""
    errors = _Errors()
    with contextlib.suppress(_Stop):
        _fields(path, b, Benchmark, _BENCHMARK, errors)
    errors.raise_if_any()
    if not b.savings_low <= b.savings_typical <= b.savings_high:
        raise EngineInputError(
            f"{path}.savings_typical",
            f"the band must satisfy savings_low <= savings_typical <= savings_high, got "
            f"{_fmt(b.savings_low)} / {_fmt(b.savings_typical)} / {_fmt(b.savings_high)}",
        )
    market = (b.market_unit_cost_low, b.market_unit_cost_typical, b.market_unit_cost_high)
    if any(m is not None for m in market):
        if any(m is None for m in market):
            raise EngineInputError(
                f"{path}.market_unit_cost_typical", "give all three of market_unit_cost_low, _typical and _high"
            )
        low, typical, high = (float(m) for m in market if m is not None)
        if not low <= typical <= high:
            raise EngineInputError(
                f"{path}.market_unit_cost_typical",
                "the market band must satisfy market_unit_cost_low <= market_unit_cost_typical <= "
                "market_unit_cost_high",
            )
        if not b.market_currency:
            raise EngineInputError(f"{path}.market_currency", "give the currency of the market unit-cost band")
    if (kind or _shipped_kind(b.capability)) == ITO and b.engagement_months <= b.transition_months:
        raise EngineInputError(
            f"{path}.engagement_months",
            f"{b.engagement_months} must be greater than transition_months ({b.transition_months}) for an ITO "
            "capability: the provider exits only after the savings have begun",
        )


def check_rules(data: RoadmapInput, *, benchmark_paths: list[str]) -> None:
    """The rules across fields, on dataclasses whose fields are each valid.

    `benchmark_paths[i]` names ``data.benchmarks[i]`` in messages (``benchmarks.compute``
    for a JSON document, ``benchmarks[0]`` for dataclasses).
    """
    errors = _Errors()
    with contextlib.suppress(_Stop):
        _rules(data, benchmark_paths, errors)
    errors.raise_if_any()


def _rules(data: RoadmapInput, benchmark_paths: list[str], errors: _Errors) -> None:
    given: dict[str, int] = {}
    for i, b in enumerate(data.benchmarks):
        if b.capability in given:
            errors.add(f"{benchmark_paths[i]}.capability", f"{b.capability!r} appears twice")
        given.setdefault(b.capability, i)

    seen: dict[str, str] = {}
    kinds: dict[str, tuple[str, str]] = {}  # code -> (kind, path of the first line using it)
    lines: list[tuple[str, str, Any]] = [("it_cost_areas", ITO, a) for a in data.it_cost_areas]
    lines += [("business_functions", BPO, f) for f in data.business_functions]
    index = {"it_cost_areas": 0, "business_functions": 0}
    horizon = data.parameters.horizon_months
    for list_name, kind, line in lines:
        path = f"{list_name}[{index[list_name]}]"
        index[list_name] += 1
        if line.fixed_start_month is not None and line.fixed_start_month >= horizon:
            errors.add(
                f"{path}.fixed_start_month",
                f"{line.fixed_start_month} is not before parameters.horizon_months ({horizon})",
            )
        if line.id in seen:
            errors.add(f"{path}.id", f"{line.id!r} is already used by {seen[line.id]}")
        else:
            seen[line.id] = path
        code = line.capability
        first = kinds.get(code)
        if first is None:
            kinds[code] = (kind, path)
            if code not in given and (code not in DEFAULT_BENCHMARKS or _shipped_kind(code) != kind):
                shipped = _shipped_kind(code)
                why = (
                    f"it is {_kind_name(shipped)} capability in the shipped defaults"
                    if shipped
                    else "no benchmark is shipped for it"
                )
                errors.add(
                    f"{path}.capability",
                    f"{code!r} is not {_kind_name(kind)} capability with a benchmark: give its figures in "
                    f"benchmarks.{code} ({why})",
                )
        elif first[0] != kind:
            errors.add(
                f"{path}.capability",
                f"{code!r} is {_kind_name(first[0])} capability in {first[1]}; a capability has one kind",
            )

    for i, b in enumerate(data.benchmarks):
        used = kinds.get(b.capability)
        try:
            validate_benchmark(benchmark_paths[i], b, kind=used[0] if used else None)
        except EngineInputError as exc:
            errors.add(exc.path, exc.detail)

    offered: set[tuple[str, str, str]] = set()
    for i, o in enumerate(data.offerings):
        key = (o.provider, o.capability, o.delivery_model)
        if key in offered:
            how = f" ({o.delivery_model})" if o.delivery_model else ""
            errors.add(f"offerings[{i}].provider", f"{o.provider!r} already offers {o.capability!r}{how}")
        offered.add(key)

    if data.criteria_pairwise is not None:
        try:
            validate_criteria_pairwise(data.criteria_pairwise)
        except EngineInputError as exc:
            errors.add(exc.path, exc.detail)


def validate_criteria_pairwise(matrix: tuple[tuple[float, ...], ...]) -> float:
    """Check the suitability-criteria AHP matrix; return its consistency ratio."""
    n = len(SUITABILITY_CRITERIA)
    if len(matrix) != n or any(len(row) != n for row in matrix):
        raise EngineInputError(
            "criteria_pairwise", f"must be a {n} x {n} matrix over {', '.join(SUITABILITY_CRITERIA)}"
        )
    try:
        result = ahp_weights(matrix)
    except ValueError as exc:
        raise EngineInputError("criteria_pairwise", str(exc)) from exc
    if result.consistency_ratio >= CONSISTENCY_LIMIT:
        raise EngineInputError(
            "criteria_pairwise",
            f"consistency ratio {result.consistency_ratio:.3f} is not below {CONSISTENCY_LIMIT:.2f} "
            "(Saaty); revise the pairwise judgements",
        )
    return result.consistency_ratio
