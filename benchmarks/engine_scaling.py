"""Scaling benchmark of the pure engine: time and peak memory of build_roadmap.

Run: .venv/bin/python benchmarks/engine_scaling.py

The targets are about the planning engine (suitability, business cases, schedule, shortlists):
they are measured with the risk simulation off (`risk_draws=0`). The Monte Carlo risk
simulation (default 10,000 draws, fewer for large plans: risk.WORK_BUDGET) is timed apart, as
the same call with the default draws (columns "with risk"); its own target is in benchmarks/risk.py.

Lines are half IT cost areas, half business functions, with 100 offerings spread over
the capabilities and three regions; inputs are generated deterministically (no RNG
state shared with anything else). Exits non-zero if a target is missed:
10 lines < 20 ms, 10 000 lines < 2 s, and time per line at 10 000 <= 1.5 x time per
line at 1 000 (the engine must stay linear). It also prints the schedule solver's time at
10, 100 and 1 000 items per kind (method, status, optimality gap; best of 3 runs).
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.engine import (
    BPO_CODES,
    ITO_CODES,
    BusinessFunction,
    ITCostArea,
    Offering,
    Parameters,
    RoadmapInput,
    build_roadmap,
)

REGIONS = ("ID", "SG", "EU")
CERTS = ("ISO 27001", "SOC 2", "SOC 1", "ISO 9001", "ISO 20000", "COPC", "CMMI", "PCI DSS")


def make_input(lines: int, *, seed: int = 7, risk_draws: int | None = None) -> RoadmapInput:
    """A generated input of `lines` lines; `risk_draws` None keeps the engine's default draws."""
    rng = np.random.default_rng(seed + lines)
    n_ito = lines // 2
    n_bpo = lines - n_ito
    areas = tuple(
        ITCostArea(
            id=f"it-{i:05d}",
            capability=ITO_CODES[i % len(ITO_CODES)],
            annual_cost=float(rng.uniform(50_000, 5_000_000)),
            ftes=float(rng.uniform(1, 80)),
            available_from_month=int(rng.integers(0, 12)),
            maturity=int(rng.integers(1, 6)),
            standardisation=int(rng.integers(1, 6)),
            criticality=int(rng.integers(1, 6)),
        )
        for i in range(n_ito)
    )
    funcs = tuple(
        BusinessFunction(
            id=f"bp-{i:05d}",
            capability=BPO_CODES[i % len(BPO_CODES)],
            annual_cost=float(rng.uniform(100_000, 8_000_000)),
            ftes=float(rng.uniform(2, 200)),
            annual_volume=float(10 ** rng.uniform(3, 6.5)),
            standardisation=int(rng.integers(1, 6)),
            strategic_importance=int(rng.integers(1, 6)),
            maturity=int(rng.integers(1, 6)),
            regulatory_sensitivity=int(rng.integers(1, 6)),
            knowledge_intensity=int(rng.integers(1, 6)),
            error_rate=float(rng.uniform(0, 10)),
        )
        for i in range(n_bpo)
    )
    codes = ITO_CODES + BPO_CODES
    offerings = tuple(
        Offering(
            provider=f"prov-{i:03d}",
            capability=codes[i % len(codes)],
            regions=tuple(r for r in REGIONS if rng.random() < 0.6) or (REGIONS[i % 3],),
            price_index=float(rng.uniform(0.7, 1.4)),
            quality=float(rng.uniform(2.5, 5.0)),
            certifications=tuple(c for c in CERTS if rng.random() < 0.35),
            capacity_ftes=float(rng.uniform(10, 500)),
            experience_years=float(rng.uniform(1, 30)),
        )
        for i in range(100)
    )
    # Parallelism grows with the organisation so that most lines are scheduled, included and
    # shortlisted: the expensive path, not the cheap "outside the horizon" one.
    slots = max(2, lines // 4)
    params = Parameters(region="ID", currency="IDR", max_parallel_ito=slots, max_parallel_bpo=slots)
    if risk_draws is not None:
        params = dataclasses.replace(params, risk_draws=risk_draws)
    return RoadmapInput(parameters=params, it_cost_areas=areas, business_functions=funcs, offerings=offerings)


def measure(lines: int, runs: int, risk_draws: int = 0) -> tuple[float, float, float]:
    """Best wall time, best CPU time (both seconds) and peak traced memory (MiB)."""
    data = make_input(lines, risk_draws=risk_draws)
    build_roadmap(data)  # warm-up: imports, caches
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        build_roadmap(data)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    gc.collect()
    tracemalloc.start()
    build_roadmap(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best_wall, best_cpu, peak / 2**20


def main() -> int:
    # Best of many runs: the targets are about the engine, not about a busy machine.
    sizes = ((10, 15), (100, 15), (1_000, 7), (10_000, 5))
    results = {}
    default_draws = Parameters(region="ID", currency="IDR").risk_draws
    print(f"plan (risk_draws=0); with risk: the same call with the default {default_draws} draws")
    print(
        f"{'lines':>7} {'best wall':>11} {'per line':>11} {'best CPU':>11} {'peak memory':>12} "
        f"{'with risk wall':>15} {'with risk CPU':>14}"
    )
    for lines, runs in sizes:
        wall, cpu, mib = measure(lines, runs)
        results[lines] = wall
        risk_wall, risk_cpu, _ = measure(lines, max(2, runs // 3), risk_draws=default_draws)
        print(
            f"{lines:>7} {wall * 1000:>8.1f} ms {wall / lines * 1e6:>8.1f} us {cpu * 1000:>8.1f} ms {mib:>9.1f} MiB "
            f"{risk_wall * 1000:>12.1f} ms {risk_cpu * 1000:>11.1f} ms"
        )
    print()
    print(f"{'per kind':>8} {'kind':>4} {'method':>15} {'status':>10} {'gap':>8} {'candidates':>10} {'best time':>10}")
    for per_kind in (10, 100, 1_000):
        data = make_input(2 * per_kind, risk_draws=0)
        schedules = [build_roadmap(data).schedule for _ in range(3)]
        for k, first in enumerate(schedules[0]):
            best = min(r[k].seconds for r in schedules)
            gap = "-" if first.gap is None else f"{first.gap:.1e}"
            print(
                f"{per_kind:>8} {first.kind:>4} {first.method:>15} {first.status:>10} {gap:>8} "
                f"{first.candidates:>10} {best * 1000:>7.1f} ms"
            )
    failures = []
    if results[10] >= 0.020:
        failures.append(f"10 lines took {results[10] * 1000:.1f} ms (target < 20 ms)")
    if results[10_000] >= 2.0:
        failures.append(f"10 000 lines took {results[10_000]:.2f} s (target < 2 s)")
    ratio = (results[10_000] / 10_000) / (results[1_000] / 1_000)
    print(f"wall time per line, 10 000 vs 1 000 lines: {ratio:.2f}x (target <= 1.5x)")
    if ratio > 1.5:
        failures.append(f"time per line grew {ratio:.2f}x from 1 000 to 10 000 lines (target <= 1.5x)")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
