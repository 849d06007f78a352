"""How much of an in-app computation is input validation.

Run: .venv/bin/python benchmarks/engine_validation.py

The app calls ``roadmap_from_json(document)``: typed validation of the document and the
dataclasses built from it (``roadmap_input_from_json``), then ``build_roadmap`` (which
checks its dataclass input again, for callers who build dataclasses themselves), then
the JSON form of the result. This script times each part, best of many runs, on:

- ``docs/engine/example.input.json``: a demo assessment as the app sends it (13 lines,
  39 offerings);
- a generated 13-line input and a 1 000-line input with 100 offerings
  (``benchmarks/engine_scaling.py``);
- for information only, the example's 13 lines with 5 000 more offerings of other
  providers and regions: the engine checks every offering it is given but plans with
  few, so there validation dominates. The cure is upstream (issue 12: the app passes
  only the offerings that can matter), not a looser check.

For comparison it also times the jsonschema validation the engine used before (now only
in the tests that keep the published schema honest). Exits non-zero if validation takes
more than a quarter of ``roadmap_from_json`` on any of the first three inputs.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from engine_scaling import make_input  # noqa: E402

from assessments.engine import (  # noqa: E402
    build_roadmap,
    roadmap_from_json,
    roadmap_input_from_json,
    roadmap_input_to_json,
    validate_input,
)
from assessments.engine.schema import schema_errors  # noqa: E402

TARGET_SHARE = 0.25


def best(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def with_catalogue(doc: dict, offerings: int) -> dict:
    """`doc` with `offerings` extra offerings, spread over other providers and regions."""
    big = copy.deepcopy(doc)
    template = doc["offerings"]
    extra = []
    for i in range(offerings):
        o = dict(template[i % len(template)])
        o["provider"] = f"catalogue-{i:05d}"
        o["regions"] = [("ID", "SG", "MY", "EU")[i % 4]]
        extra.append(o)
    big["offerings"] = template + extra
    return big


def measure(name: str, doc: dict, runs: int, *, target: bool = True) -> bool:
    data = roadmap_input_from_json(doc)
    t_doc = best(lambda: roadmap_input_from_json(doc), runs)
    t_dataclasses = best(lambda: validate_input(data), runs)
    t_build = best(lambda: build_roadmap(data), runs)
    t_total = best(lambda: roadmap_from_json(doc), runs)
    t_jsonschema = best(lambda: schema_errors("input", doc), max(3, runs // 5))
    validation = t_doc + t_dataclasses
    share = validation / t_total
    print(
        f"{name:<34} {t_doc * 1e3:>9.2f} {t_dataclasses * 1e3:>9.2f} {t_build * 1e3:>9.2f} {t_total * 1e3:>9.2f}"
        f" {share:>7.1%} {t_jsonschema * 1e3:>11.2f}" + ("" if target else "  (information, no target)")
    )
    return share <= TARGET_SHARE or not target


def main() -> int:
    example = json.loads((ROOT / "docs/engine/example.input.json").read_text(encoding="utf-8"))
    cases = (
        ("example (13 lines, 39 offerings)", example, 50, True),
        ("13 lines, 100 offerings", roadmap_input_to_json(make_input(13)), 50, True),
        ("1 000 lines, 100 offerings", roadmap_input_to_json(make_input(1_000)), 5, True),
        ("example + 5 000 offerings", with_catalogue(example, 5_000), 10, False),
    )
    print(
        "milliseconds, best of N runs. validation = roadmap_input_from_json (document checks, dataclasses, "
        "rules) + validate_input (dataclass checks, inside build)"
    )
    print(f"{'input':<34} {'from_json':>9} {'dataclass':>9} {'build':>9} {'total':>9} {'share':>7} {'jsonschema':>11}")
    ok = True
    for name, doc, runs, target in cases:
        ok &= measure(name, doc, runs, target=target)
    if not ok:
        print(f"FAIL: validation took more than {TARGET_SHARE:.0%} of roadmap_from_json", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
