"""Comparing several roadmaps: the picker takes several, NPVs over different horizons are compared
over the common horizon (recomputed from the stored monthly cash flow) or flagged, and the page
reads a constant number of queries whatever the number of roadmaps."""

import pytest
from django.urls import reverse

from assessments.roadmaps.comparison import common_horizon, npv_over, roadmaps_compare
from tests.factories.roadmaps import done_presentation_get, done_roadmap_for, roadmap_done_create

pytestmark = pytest.mark.django_db

MANY_COMPARE_QUERIES = 6


@pytest.fixture
def family(organisation, consultant):
    """A base roadmap over 60 months and scenarios over 36, 84 and 60 months (another gate)."""
    base = done_roadmap_for(organisation=organisation, author=consultant)
    scenarios = [
        roadmap_done_create(assessment=base.assessment, name=name, overrides=overrides, requested_by=consultant)
        for name, overrides in (
            ("Short", {"horizon_months": 36}),
            ("Long", {"horizon_months": 84}),
            ("Gate 75", {"gate_fraction": 0.75}),
        )
    ]
    return [base, *scenarios]


def _url(*roadmaps) -> str:
    return reverse("assessments:roadmap_compare") + "?" + "&".join(f"r={roadmap.pk}" for roadmap in roadmaps)


def test_npv_over_the_common_horizon_is_the_stored_discounted_cumulative(family):
    views = [done_presentation_get(roadmap=roadmap) for roadmap in family]
    assert [view.horizon_months for view in views] == [60, 36, 84, 60]
    assert common_horizon(views) == 36
    base = views[0]
    # Over its own horizon the truncated NPV is the roadmap's NPV.
    assert npv_over(base, 60) == pytest.approx(base.kpis["npv"], abs=1)
    # Over 36 months: the discounted net cash flow of months 0..35, summed afresh.
    by_month = [row["discounted_cumulative"] for row in base.cash_flow]
    assert npv_over(base, 36) == pytest.approx(by_month[35])
    assert npv_over(base, 36) != pytest.approx(base.kpis["npv"])
    assert npv_over(views[1], 60) is None  # a 36-month plan has no 60-month NPV


def test_plain_npvs_over_different_horizons_are_never_ranked(family):
    views = [done_presentation_get(roadmap=roadmap) for roadmap in family]
    comparison = roadmaps_compare(roadmaps=family, views=views)
    rows = {row["key"]: row for row in comparison.kpi_rows}
    assert comparison.horizons_differ
    assert not any(cell["best"] for cell in rows["npv"]["cells"])
    common = rows["npv_common"]
    values = [cell["value"] for cell in common["cells"]]
    best = [cell["best"] for cell in common["cells"]]
    # The plans that share their first 36 months tie; each best cell holds the highest value.
    assert any(best)
    assert not all(best)
    assert all(value == max(values) for value, is_best in zip(values, best, strict=True) if is_best)
    # Same horizons: the plain NPV is ranked and no common-horizon row is needed.
    same = roadmaps_compare(roadmaps=[family[0], family[3]], views=[views[0], views[3]])
    keys = [row["key"] for row in same.kpi_rows]
    assert "npv_common" not in keys
    assert any(cell["best"] for cell in same.kpi_rows[keys.index("npv")]["cells"])


def test_the_pair_comparison_flags_different_horizons(family, manager, client_for):
    base, short = family[0], family[1]
    response = client_for(manager).get(reverse("assessments:roadmap_compare"), {"a": base.pk, "b": short.pk})
    html = response.content.decode()
    assert 'data-kpi="npv_common"' in html
    assert "NPV over the common 36 months" in html
    assert "not comparable" in html


def test_the_picker_offers_several_roadmaps(family, manager, client_for):
    html = client_for(manager).get(reverse("assessments:roadmap_compare"), {"a": family[0].pk}).content.decode()
    assert html.count('type="checkbox" name="r"') == 3
    # Two chosen: the detailed comparison of the pair.
    response = client_for(manager).get(_url(family[0], family[3]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?a={family[0].pk}&b={family[3].pk}")


def test_four_roadmaps_side_by_side(family, manager, client_for):
    response = client_for(manager).get(_url(*family))
    assert response.status_code == 200
    html = response.content.decode()
    for roadmap in family:
        assert f'data-roadmap="{roadmap.pk}"' in html
    assert 'id="horizon-note"' in html
    assert 'data-kpi="npv_common"' in html


def test_many_compare_query_count_does_not_grow_with_the_roadmaps(
    family, manager, client_for, django_assert_num_queries
):
    client = client_for(manager)
    client.get(_url(*family[:3]))  # warm the session
    for chosen in (family[:3], family):
        with django_assert_num_queries(MANY_COMPARE_QUERIES):
            assert client.get(_url(*chosen)).status_code == 200


def test_roadmaps_of_another_organisation_are_not_found(family, manager, client_for, other_organisation, consultant):
    foreign = done_roadmap_for(organisation=other_organisation, author=consultant)
    assert client_for(manager).get(_url(*family[:2], foreign)).status_code == 404
