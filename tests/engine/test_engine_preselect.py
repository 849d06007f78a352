"""Catalogue pre-selection (issue 12): the kept offerings plus their pools give the same
shortlists as the whole catalogue, on generated catalogues, through the JSON contract."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine import Offering, ShortlistRequest, shortlist_preselect
from assessments.engine.jsonio import parse_json, roadmap_input_from_json, roadmap_input_to_json
from assessments.engine.shortlist import build_shortlists
from assessments.engine.types import Parameters, RoadmapInput

CAPABILITIES = ("service_desk", "storage", "payroll", "customer_service", "own_code")
CERTIFICATIONS = ("ISO 27001", "ISO/IEC 27001:2022", "SOC 2 Type II", "ISO 9001", "COPC", "CMMI 3", "SOC 1")
REGIONS = ("id", "sg", "my", "eu", "us")


def _catalogue(rng: random.Random, providers: int) -> list[Offering]:
    offerings = []
    for n in range(providers):
        regions = tuple(rng.sample(REGIONS, rng.randint(1, 3)))
        certifications = tuple(rng.sample(CERTIFICATIONS, rng.randint(0, 3)))
        for capability in rng.sample(CAPABILITIES, rng.randint(1, 3)):
            for model in rng.sample(("onshore", "nearshore", "offshore"), rng.randint(1, 2)):
                offerings.append(
                    Offering(
                        provider=f"p{n:05d}",
                        provider_name=f"Provider {n}",
                        capability=capability,
                        delivery_model=model,
                        regions=regions,
                        # coarse grids make ties, where the tie-break must hold too
                        price_index=rng.choice((0.7, 0.85, 1.0, 1.15, round(rng.uniform(0.6, 1.4), 3))),
                        quality=rng.choice((6.0, 7.5, 9.0, round(rng.uniform(4, 10), 2))),
                        certifications=certifications,
                        capacity_ftes=float(rng.choice((10, 50, 200, rng.randint(1, 3000)))),
                        experience_years=float(rng.randint(0, 40)),
                    )
                )
    return offerings


def _requests(rng: random.Random, count: int) -> list[ShortlistRequest]:
    return [
        ShortlistRequest(key=k, capability=rng.choice(CAPABILITIES), ftes=rng.choice((0.0, 0.5, 3.0, 40.0, 130.0)))
        for k in range(count)
    ]


def _through_json(offerings, pools) -> tuple:
    """The kept offerings and pools as the engine reads them from a stored input document."""
    data = RoadmapInput(
        parameters=Parameters(region="id", currency="IDR"), offerings=tuple(offerings), offering_pools=tuple(pools)
    )
    text = json.dumps(roadmap_input_to_json(data), allow_nan=False)
    back = roadmap_input_from_json(parse_json(text.encode()))
    return back.offerings, back.offering_pools


def _assert_same(requests, offerings, region="id"):
    full = build_shortlists(requests=requests, offerings=offerings, region=region)
    pools, kept = shortlist_preselect(requests=requests, offerings=offerings, region=region)
    assert len(kept) <= 3 * len(requests)
    small, pools = _through_json([offerings[i] for i in kept], pools)
    reduced = build_shortlists(requests=requests, offerings=small, region=region, pools=pools)
    assert reduced == full
    return full, kept


def test_a_large_generated_catalogue_keeps_every_shortlist():
    rng = random.Random(2026)
    offerings = _catalogue(rng, 3000)
    requests = _requests(rng, 20)
    full, kept = _assert_same(requests, offerings)
    assert len(offerings) > 5000
    assert len(kept) <= 60
    # the full set's size shows in the reasons ("Ranked 1 of N"), not the pre-selection's
    assert any(e.reason.startswith("Ranked 1 of ") and int(e.reason.split()[3]) > 100 for s in full.values() for e in s)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), providers=st.integers(1, 40), count=st.integers(1, 8))
def test_small_generated_catalogues_keep_every_shortlist(seed, providers, count):
    rng = random.Random(seed)
    _assert_same(_requests(rng, count), _catalogue(rng, providers))


def test_without_pools_the_offerings_given_are_the_candidates():
    """A pre-selection without its pools is ranked on its own: the pools carry the difference."""
    rng = random.Random(7)
    offerings = _catalogue(rng, 400)
    requests = _requests(rng, 6)
    full = build_shortlists(requests=requests, offerings=offerings, region="id")
    _pools, kept = shortlist_preselect(requests=requests, offerings=offerings, region="id")
    alone = build_shortlists(requests=requests, offerings=[offerings[i] for i in kept], region="id")
    assert alone != full
