"""Organisations and the four capture steps through the Django test client."""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.capture.form_fields import PercentField
from assessments.models import Assessment, AssessmentStatus, BusinessFunction, ITCostArea, Membership, Role
from providers.models import Region
from tests.assessments.grid_support import grid_save
from tests.factories.assessments import ITCostAreaFactory
from tests.factories.core import UserFactory


def it_row(*, capability="compute", cost="1.500.000.000", line_id=None, **extra):
    return {
        "id": line_id,
        "capability": capability,
        "annual_cost": cost,
        "ftes": "4,5",
        "available_from_month": "0",
        "maturity": "2",
        "standardisation": "4",
        "criticality": "3",
        "notes": "",
        **extra,
    }


def bf_row(*, capability="payroll", cost="900000000", line_id=None, **extra):
    return {
        "id": line_id,
        "capability": capability,
        "annual_cost": cost,
        "ftes": "8",
        "annual_volume": "24000",
        "standardisation": "4",
        "strategic_importance": "2",
        "maturity": "3",
        "regulatory_sensitivity": "3",
        "knowledge_intensity": "2",
        "error_rate_percent": "2,5",
        "notes": "",
        **extra,
    }


# --- Organisations --------------------------------------------------------------------------------


def test_a_new_consultant_creates_an_organisation_and_becomes_its_consultant(client_for, db):
    region = Region.objects.create(code="eu", name="Europe")
    newcomer = UserFactory.create(username="newcomer")
    newcomer.groups.add(Group.objects.get(name="consultant"))
    client = client_for(newcomer)
    response = client.post(
        reverse("assessments:organisation_create"),
        {"name": "PT Baru", "industry": "Retail", "country": "Indonesia", "region": region.pk, "currency": "EUR"},
    )
    organisation = newcomer.memberships.get().organisation
    assert response.status_code == 302
    assert response.url == reverse("assessments:organisation_detail", args=[organisation.pk])
    assert organisation.name == "PT Baru"
    assert Membership.objects.get(user=newcomer).role == Role.CONSULTANT
    listing = client.get(reverse("assessments:organisation_list"))
    assert b"PT Baru" in listing.content


def test_organisation_form_shows_field_errors(client_for, consultant):
    response = client_for(consultant).post(reverse("assessments:organisation_create"), {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "region"}


def test_a_manager_cannot_create_organisations(client_for, manager):
    response = client_for(manager).post(reverse("assessments:organisation_create"), {"name": "X"})
    assert response.status_code == 403
    assert b"consultants" in response.content.lower()


def test_consultant_edits_the_organisation_manager_only_reads_it(client_for, consultant, manager, organisation):
    url = reverse("assessments:organisation_edit", args=[organisation.pk])
    data = {"name": "Renamed", "industry": "", "country": "", "region": organisation.region_id, "currency": "USD"}
    assert client_for(manager).post(url, data).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Own Organisation"
    detail = client_for(manager).get(reverse("assessments:organisation_detail", args=[organisation.pk]))
    assert detail.status_code == 200
    assert b"Read-only" in detail.content
    assert client_for(consultant).post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.currency) == ("Renamed", "USD")


# --- Step 1 ---------------------------------------------------------------------------------------


def test_new_assessment_defaults_region_and_currency_from_the_organisation(client_for, consultant, organisation):
    organisation.currency = "EUR"
    organisation.save()
    response = client_for(consultant).get(reverse("assessments:create", args=[organisation.pk]))
    form = response.context["form"]
    assert form["region"].value() == organisation.region_id
    assert form["currency"].value() == "EUR"


def test_step_one_creates_a_draft_and_continues_to_step_two(client_for, consultant, organisation, capability_set):
    response = client_for(consultant).post(
        reverse("assessments:create", args=[organisation.pk]),
        {
            "title": "Assessment 2026",
            "region": organisation.region_id,
            "currency": "IDR",
            "horizon_months": "60",
            "discount_rate": "12,5",
            "gate_fraction": "50",
            "max_parallel_ito": "2",
            "max_parallel_bpo": "3",
            "materiality_threshold": "5",
            "action": "next",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("assessments:it_cost_areas", args=[assessment.pk])
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.author == consultant
    assert assessment.discount_rate == Decimal("0.125")
    assert assessment.version == 1


def test_step_one_shows_field_errors_and_saves_nothing(client_for, consultant, organisation):
    response = client_for(consultant).post(
        reverse("assessments:create", args=[organisation.pk]),
        {"title": "", "region": organisation.region_id, "currency": "IDR", "horizon_months": "500"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors
    assert "horizon_months" in errors
    assert not Assessment.objects.exists()


def _as_shown(form) -> dict:
    """What the browser sends back from step 1 unchanged: shares and rates in per cent, as shown."""
    payload = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, PercentField):
            value = form[name].field.widget.format_value(value)
        payload[name] = "" if value is None else getattr(value, "pk", value)
    return payload


def test_saving_step_one_bumps_the_lock_version(client_for, consultant, draft):
    url = reverse("assessments:parameters", args=[draft.pk])
    payload = _as_shown(client_for(consultant).get(url).context["form"])
    payload.update({"title": "Renamed", "lock_version": draft.lock_version, "action": "save"})
    response = client_for(consultant).post(url, payload)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert response.url == url
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    assert draft.lock_version == 1


def test_step_one_edits_the_costs_of_the_business_case(client_for, consultant, draft):
    url = reverse("assessments:parameters", args=[draft.pk])
    page = client_for(consultant).get(url)
    assert "Costs of the business case" in page.content.decode()
    payload = _as_shown(page.context["form"])
    payload.update(
        {
            "lock_version": draft.lock_version,
            "action": "save",
            "average_tenure_years": "7,5",
            "vat_recoverable_fraction": "0",
            "severance_rule": "id_pp35_2021",
            "dual_running_months": "2",
            "deal_fixed_cost": "",  # left blank: keeps its value
        }
    )
    response = client_for(consultant).post(url, payload)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    draft.refresh_from_db()
    assert draft.average_tenure_years == Decimal("7.5")
    assert draft.vat_recoverable_fraction == 0
    assert draft.severance_rule == "id_pp35_2021"
    assert draft.dual_running_months == 2
    assert draft.deal_fixed_cost == 0


def test_step_one_refuses_a_share_above_one(client_for, consultant, draft):
    url = reverse("assessments:parameters", args=[draft.pk])
    payload = _as_shown(client_for(consultant).get(url).context["form"])
    payload.update({"lock_version": draft.lock_version, "action": "save", "staff_transfer_fraction": "150"})
    response = client_for(consultant).post(url, payload)
    assert response.status_code == 200
    assert "staff_transfer_fraction" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.staff_transfer_fraction == 0


# --- Steps 2 and 3: the line grid ----------------------------------------------------------------


def test_step_two_hands_its_lines_to_the_grid_and_shows_them_without_javascript(
    client_for, consultant, draft, capability_set
):
    line = ITCostAreaFactory.create(
        assessment=draft, capability=capability_set["compute"], annual_cost=Decimal("1234.5")
    )
    response = client_for(consultant).get(reverse("assessments:it_cost_areas", args=[draft.pk]))
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [column["field"] for column in grid["columns"]][:2] == ["capability", "annual_cost"]
    assert grid["rows"] == [
        {"id": line.pk, "capability": "compute", "annual_cost": "1234.50", "ftes": format(line.ftes, "f"),
         "available_from_month": line.available_from_month, "maturity": line.maturity,
         "standardisation": line.standardisation, "criticality": line.criticality, "notes": line.notes,
         "volume": None, "termination_fee": None, "stranded_book_value": None}
    ]  # fmt: skip
    content = response.content.decode()
    assert 'id="line-grid-data"' in content
    # Without JavaScript: the saved lines in a read-only table and the way to the workbook.
    noscript = content[content.index("<noscript>\n  <div") :]
    assert "1,234.5" in noscript
    assert reverse("assessments:import", args=[draft.pk]) in noscript


def test_the_grid_adds_rows_and_ignores_blank_ones(client_for, consultant, draft):
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    blank = dict.fromkeys(it_row(), "") | {"id": None}
    response = grid_save(
        client_for(consultant),
        url,
        [it_row(capability="compute", cost="Rp 1.500.000.000"), it_row(capability="network", cost="2,750,000,000.50"),
         blank],
        action="next",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["redirect"] == reverse("assessments:business_functions", args=[draft.pk])
    lines = list(ITCostArea.objects.filter(assessment=draft).order_by("position"))
    assert [(line.capability.code, line.annual_cost, line.position) for line in lines] == [
        ("compute", Decimal("1500000000"), 0),
        ("network", Decimal("2750000000.50"), 1),
    ]
    assert lines[0].ftes == Decimal("4.5")


def test_the_grid_removes_a_line_left_out_and_edits_another_in_place(client_for, consultant, draft, capability_set):
    first = ITCostAreaFactory.create(assessment=draft, capability=capability_set["compute"], position=0)
    second = ITCostAreaFactory.create(assessment=draft, capability=capability_set["storage"], position=1)
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    response = grid_save(client_for(consultant), url, [it_row(capability="compute", cost="99", line_id=first.pk)])
    assert response.status_code == 200
    remaining = list(ITCostArea.objects.filter(assessment=draft))
    assert [line.pk for line in remaining] == [first.pk]
    assert remaining[0].annual_cost == Decimal("99")
    # Edited in place: the history shows a change, not a removal and a new line.
    assert first.history.first().history_type == "~"
    assert second.history.first().history_type == "-"
    assert second.history.first().history_user == consultant


def test_an_invalid_row_gets_its_errors_at_row_and_column_and_nothing_is_saved(client_for, consultant, draft):
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    rows = [it_row(capability="compute"), it_row(capability="storage", cost="1.234", maturity="9"),
            it_row(capability="teleportation", ftes=["4"])]  # fmt: skip
    response = grid_save(client_for(consultant), url, rows)
    assert response.status_code == 400
    answer = response.json()
    assert "cells marked in red" in answer["message"]
    places = {(error["row"], error["field"]): error["message"] for error in answer["errors"]}
    assert set(places) == {(1, "annual_cost"), (1, "maturity"), (2, "capability"), (2, "ftes")}
    assert "ambiguous" in places[(1, "annual_cost")]
    assert places[(1, "maturity")] == "Choose a score from 1 to 5."
    assert "teleportation" in places[(2, "capability")]
    assert places[(2, "ftes")] == "Enter text or a number."
    assert not ITCostArea.objects.filter(assessment=draft).exists()
    draft.refresh_from_db()
    assert draft.lock_version == 0


def test_the_grid_cannot_touch_another_assessments_line(client_for, consultant, draft, organisation, capability_set):
    other = ITCostAreaFactory.create(capability=capability_set["compute"], assessment__organisation=organisation)
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    response = grid_save(client_for(consultant), url, [it_row(line_id=other.pk, cost="1")])
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.annual_cost != Decimal("1")
    # The foreign id was not this draft's: the row became a new line of this draft.
    assert ITCostArea.objects.get(assessment=draft).pk != other.pk


def test_a_document_the_grid_would_never_send_is_refused_with_a_message(client_for, consultant, draft):
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    client = client_for(consultant)
    bodies = ("not json", "[]", '{"rows": []}', '{"lock_version": -1, "rows": []}', '{"lock_version": 0, "rows": [1]}')
    for body in bodies:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["message"], body
    # A form post (no JavaScript) saves nothing and says how to fill lines without the grid.
    response = client.post(url, {"lock_version": "0", "action": "next"})
    assert response.status_code == 400
    assert "needs JavaScript" in response.content.decode()


def test_step_three_saves_business_functions(client_for, consultant, draft):
    url = reverse("assessments:business_functions", args=[draft.pk])
    response = grid_save(client_for(consultant), url, [bf_row(cost="IDR 1,234,567")], action="next")
    assert response.json()["redirect"] == reverse("assessments:review", args=[draft.pk])
    line = BusinessFunction.objects.get(assessment=draft)
    assert line.annual_cost == Decimal("1234567")
    assert line.error_rate_percent == Decimal("2.5")


def test_stepper_buttons_save_then_go_to_the_chosen_step(client_for, consultant, draft):
    url = reverse("assessments:business_functions", args=[draft.pk])
    response = grid_save(client_for(consultant), url, [bf_row()], action="goto:parameters")
    assert response.json()["redirect"] == reverse("assessments:parameters", args=[draft.pk])
    assert BusinessFunction.objects.filter(assessment=draft).count() == 1


def test_stepper_marks_the_steps_that_hold_data(client_for, consultant, draft, capability_set):
    ITCostAreaFactory.create(assessment=draft, capability=capability_set["compute"])
    steps = client_for(consultant).get(reverse("assessments:review", args=[draft.pk])).context["steps"]
    assert [step.done for step in steps] == [True, True, False, False]


# --- Step 4 ---------------------------------------------------------------------------------------


def test_review_lists_what_is_missing_and_refuses_to_submit(client_for, consultant, draft):
    url = reverse("assessments:review", args=[draft.pk])
    page = client_for(consultant).get(url)
    checklist = page.context["checklist"]
    assert not page.context["complete"]
    assert any(not item.ok and not item.warning and "At least one" in item.label for item in checklist)
    response = client_for(consultant).post(url, {"lock_version": "0"})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_review_shows_server_side_totals(client_for, consultant, complete_draft):
    response = client_for(consultant).get(reverse("assessments:review", args=[complete_draft.pk]))
    totals = response.context["totals"]
    assert totals.it_cost_areas.annual_cost == Decimal("5000000010.00")
    assert totals.business_functions.annual_cost == Decimal("2500000010.00")
    assert totals.ftes == Decimal("70.0")
    assert response.context["complete"]


def test_submitting_locks_the_assessment(client_for, consultant, complete_draft):
    client = client_for(consultant)
    response = client.post(reverse("assessments:review", args=[complete_draft.pk]), {"lock_version": "0"})
    assert response.url == reverse("assessments:detail", args=[complete_draft.pk])
    complete_draft.refresh_from_db()
    assert complete_draft.status == AssessmentStatus.SUBMITTED
    assert complete_draft.submitted_at is not None
    detail = client.get(response.url)
    assert "locked" in detail.content.decode()
    # Every edit view now refuses, with a message, and changes nothing.
    for name in ("parameters", "it_cost_areas", "business_functions", "review", "import"):
        refused = client.post(reverse(f"assessments:{name}", args=[complete_draft.pk]), {"lock_version": "1"})
        assert refused.status_code == 302, name
        assert refused.url == reverse("assessments:detail", args=[complete_draft.pk])
    followed = client.get(reverse("assessments:parameters", args=[complete_draft.pk]), follow=True)
    assert "Create a new version" in followed.content.decode()
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5
