"""Cycle time as a BPO success measure where the business function line tracks it (issue #14):
baseline and target copied from the approved roadmap, the monthly value recorded through the grid,
the import and the API, and judged by rule 4 (met / at risk / missed, with the reason) only when a
target is given."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from api.services import token_create
from assessments.models import MonthlyActual
from assessments.programmes import presenter, selectors, services
from assessments.programmes import realisation as r
from assessments.programmes.actuals_import_services import actuals_import
from assessments.roadmaps.services import roadmap_decide
from tests.factories.assessments import DEMO_BUSINESS_FUNCTIONS, assessment_with_lines_create
from tests.factories.roadmaps import providers_create, roadmap_done_create
from tests.programmes.conftest import FIRST_MONTH, month

BASELINE_DAYS = Decimal("10.00")

# --- The success test on worked cases (pure: no database) -----------------------------------------


def _measures(cycle, *, target=6.0):
    return [
        r.Measure(code="cost_per_transaction", baseline=40_000, target=28_000, actual=27_000),
        r.Measure(code="cycle_time_days", baseline=10.0, target=target, actual=cycle),
    ]


@pytest.mark.parametrize(
    ("measures", "state", "code", "facts"),
    [
        # 5.5 days against a target of 6 (from 10): met.
        (_measures(5.5), "met", "targets_met", {}),
        # 8 days: half the planned 4-day improvement: at risk, and the reason names cycle time.
        (_measures(8.0), "at_risk", "measure_below_target", {"measure": "cycle_time_days", "target": 6.0}),
        # 10.5 days, slower than the 10 before: missed.
        (_measures(10.5), "missed", "no_better_than_baseline", {"measure": "cycle_time_days", "baseline": 10.0}),
        # Not recorded this month: not judged, the other measures decide.
        (_measures(None), "met", "targets_met", {}),
        # No target (the line gave no cycle time): a recorded value is not judged.
        (_measures(12.0, target=None), "met", "targets_met", {}),
    ],
)
def test_cycle_time_in_the_success_test_worked_cases(measures, state, code, facts):
    result = r.success_test(
        measures=measures, realised_benefit_to_date=1_200e6, planned_benefit_to_date=1_000e6, months_of_savings=6
    )
    assert (result.state, result.code) == (state, code)
    assert facts.items() <= dict(result.params).items()


# --- From the business function line to the verdict ------------------------------------------------


@pytest.fixture
def cycle_programme(organisation, consultant, manager):
    """A programme whose business functions all track a 10-day cycle time."""
    providers_create(region=organisation.region)
    assessment = assessment_with_lines_create(
        organisation=organisation,
        author=consultant,
        business_functions=[{**line, "cycle_time_days": BASELINE_DAYS} for line in DEMO_BUSINESS_FUNCTIONS],
    )
    roadmap = roadmap_done_create(assessment=assessment)
    roadmap_decide(roadmap=roadmap, user=manager, decision="approved", comment="")
    roadmap.refresh_from_db()
    return services.programme_start(roadmap=roadmap, first_month=FIRST_MONTH, user=consultant)


def _bpo(programme):
    return programme.engagements.filter(kind="BPO").order_by("item_id").first()


@pytest.mark.django_db
def test_the_programme_copies_baseline_and_target_cycle_time_from_the_approved_roadmap(cycle_programme):
    items = {item["id"]: item for item in cycle_programme.roadmap.result["items"]}
    bpo = list(cycle_programme.engagements.filter(kind="BPO"))
    assert bpo
    for engagement in bpo:
        kpis = items[engagement.item_id]["kpis"]
        assert engagement.baseline_cycle_time_days == BASELINE_DAYS
        assert engagement.target_cycle_time_days == Decimal(str(round(kpis["cycle_time_days_after"], 2)))
        assert engagement.target_cycle_time_days < BASELINE_DAYS  # the engine plans a shorter cycle


@pytest.mark.django_db
def test_a_programme_without_cycle_times_has_no_cycle_time_target(programme):
    assert not programme.engagements.filter(target_cycle_time_days__isnull=False).exists()


def _record(programme, engagement, cycle_time: Decimal | None) -> r.SuccessResult:
    """Four months of savings above plan with every other measure at its target, then the verdict."""
    start = engagement.planned_savings_from_month
    monthly = Decimal(str(round(float(engagement.planned_annual_savings) / 12 * 1.2, 2)))
    rows = [
        (
            engagement,
            month(m),
            {
                "realised_benefit": monthly,
                "cost_per_transaction": engagement.target_cost_per_transaction,
                "error_rate_percent": engagement.target_error_rate_percent,
                "ftes_released": engagement.target_ftes_released,
                "cycle_time_days": cycle_time,
            },
        )
        for m in range(start, start + 4)
    ]
    services.actuals_record(programme=programme, rows=rows, mail=False)
    status = selectors.programme_status_get(programme=programme)
    figures = next(f for f in status.bpo if f.engagement.pk == engagement.pk)
    assert figures.success is not None
    return figures.success


@pytest.mark.django_db
def test_recorded_cycle_time_turns_the_verdict(cycle_programme):
    engagement = _bpo(cycle_programme)
    target = engagement.target_cycle_time_days
    assert _record(cycle_programme, engagement, target).state == "met"
    halfway = (BASELINE_DAYS + target) / 2
    result = _record(cycle_programme, engagement, halfway.quantize(Decimal("0.01")))
    assert (result.state, result.code) == ("at_risk", "measure_below_target")
    assert dict(result.params)["measure"] == "cycle_time_days"
    text = presenter.success_reason(result, currency="IDR")
    assert "cycle time (days)" in text
    assert "has not reached its target" in text
    result = _record(cycle_programme, engagement, BASELINE_DAYS)
    assert (result.state, result.code) == ("missed", "no_better_than_baseline")
    assert "cycle time (days)" in presenter.success_reason(result, currency="IDR")
    engagement.refresh_from_db()
    assert engagement.success_state == "missed"


@pytest.mark.django_db
def test_cycle_time_is_recorded_through_the_grid(cycle_programme, consultant, client_for):
    engagement = _bpo(cycle_programme)
    page = client_for(consultant).get(reverse("assessments:programme_actuals", args=[cycle_programme.pk]))
    assert f'name="e{engagement.pk}-cycle_time_days"' in page.content.decode()
    response = client_for(consultant).post(
        reverse("assessments:programme_actuals", args=[cycle_programme.pk]),
        {"month": "2026-03", f"e{engagement.pk}-cycle_time_days": "7.25"},
    )
    assert response.status_code == 302
    assert MonthlyActual.objects.get(engagement=engagement).cycle_time_days == Decimal("7.25")


@pytest.mark.django_db
def test_cycle_time_is_imported_from_csv(cycle_programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    engagement = _bpo(cycle_programme)
    upload = SimpleUploadedFile(
        "actuals.csv", f"engagement,month,cycle_time_days\n{engagement.item_id},2026-04,6.5\n".encode()
    )
    actuals_import(programme=cycle_programme, upload=upload)
    assert MonthlyActual.objects.get(engagement=engagement, month=month(3)).cycle_time_days == Decimal("6.5")


@pytest.mark.django_db
def test_cycle_time_through_the_api_and_its_schema(cycle_programme, consultant):
    engagement = _bpo(cycle_programme)
    _row, token = token_create(user=consultant, name="finance")
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = reverse("api:programme_actuals", args=[cycle_programme.pk])
    rows = [{"engagement": engagement.item_id, "month": "2026-05", "cycle_time_days": "6.75"}]
    assert api.post(url, rows, content_type="application/json").status_code == 201
    assert MonthlyActual.objects.get(engagement=engagement).cycle_time_days == Decimal("6.75")
    listed = api.get(url).json()["results"]
    assert listed[0]["cycle_time_days"] == "6.75"
    negative = [{"engagement": engagement.item_id, "month": "2026-06", "cycle_time_days": "-1"}]
    response = api.post(url, negative, content_type="application/json")
    assert response.status_code == 400
    assert "cycle_time_days" in response.json()["0"]
    detail = api.get(reverse("api:programme_detail", args=[cycle_programme.pk])).json()
    shown = next(e for e in detail["engagements"] if e["item_id"] == engagement.item_id)
    assert Decimal(shown["baseline_cycle_time_days"]) == BASELINE_DAYS
    assert Decimal(shown["target_cycle_time_days"]) == engagement.target_cycle_time_days
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    for name in ("baseline_cycle_time_days", "target_cycle_time_days", "cycle_time_days"):
        assert name in schema
