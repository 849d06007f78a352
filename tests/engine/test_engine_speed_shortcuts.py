"""The CLI's speed shortcuts (issue 12, README "Engine command line") give the same figures as
the plain computation they replace: tabulated powers, BPO shortlists ranked once, the base
band's unit values kept by the schedule, and the collector state the CLI leaves behind."""

import gc
import json

import numpy as np
import pytest
from engine_cases import worked_input

from assessments.engine import roadmap_input_to_json
from assessments.engine.__main__ import main
from assessments.engine.context import plan_context
from assessments.engine.costs import _powers
from assessments.engine.economics import bpo_band, ito_band, unit_values
from assessments.engine.plan import plan_schedule
from assessments.engine.result import plan_shortlists
from assessments.engine.shortlist import ShortlistRequest, build_shortlists


@pytest.mark.parametrize("base", [1.05, 1.0123, 0.97, 1.0])
@pytest.mark.parametrize("divisor", [1.0, 12.0])
def test_powers_are_the_elementwise_power_bit_for_bit(base, divisor):
    rng = np.random.default_rng(3)
    k = rng.integers(-40, 130, size=(257, 61))
    assert np.array_equal(_powers(base, k, divisor), base ** (k / divisor))
    assert _powers(base, np.zeros((0, 5), dtype=np.int64), divisor).shape == (0, 5)


def _planned(ctx, sched):
    data = ctx.data
    lines = (*data.it_cost_areas, *data.business_functions)
    chosen = np.concatenate((sched.ito_start >= 0, sched.bpo_start >= 0))
    return [
        ShortlistRequest(key=k, capability=lines[k].capability, ftes=lines[k].ftes)
        for k in np.flatnonzero(chosen).tolist()
    ]


def test_reused_bpo_shortlists_equal_ranking_the_planned_lines_again():
    data = worked_input()
    ctx = plan_context(data)
    band = data.parameters.savings_band
    sched = plan_schedule(ctx, ito_band(ctx, band), bpo_band(ctx, band))
    assert (sched.bpo_start >= 0).any(), "the case must plan a BPO line for the test to mean anything"
    fresh = build_shortlists(requests=_planned(ctx, sched), offerings=data.offerings, region=data.parameters.region)
    n_ito = len(data.it_cost_areas)
    assert any(entries for key, entries in fresh.items() if key >= n_ito), "a BPO shortlist must hold offerings"
    assert dict(plan_shortlists(ctx, sched)) == dict(fresh)


def test_schedule_keeps_the_base_bands_unit_values():
    data = worked_input()
    ctx = plan_context(data)
    band = data.parameters.savings_band
    ito, bpo = ito_band(ctx, band), bpo_band(ctx, band)
    sched = plan_schedule(ctx, ito, bpo)
    assert sched.unit_values is not None
    kept_ito, kept_bpo = sched.unit_values
    fresh_ito, fresh_bpo = unit_values(plan_context(data), ito, bpo)
    assert np.array_equal(kept_ito, fresh_ito)
    assert np.array_equal(kept_bpo, fresh_bpo)


def test_cli_restores_the_collector_state(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(roadmap_input_to_json(worked_input())), encoding="utf-8")
    was = gc.isenabled()
    try:
        gc.enable()
        assert main([str(src), "-o", str(dst)]) == 0
        assert gc.isenabled()
        gc.disable()
        assert main([str(src), "-o", str(dst)]) == 0
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert json.loads(dst.read_text(encoding="utf-8"))["items"]
