"""A new consultant's journey without a browser: organisation, four steps, submit, locked; then by workbook."""

import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment, AssessmentStatus
from providers.models import Region
from tests.assessments.grid_support import grid_save
from tests.factories.core import UserFactory

IT = [
    ("data_centre", "Rp 4.800.000.000", "6"),
    ("compute", "3.200.000.000", "4,5"),
    ("storage", "1,500,000,000.00", "2"),
    ("network", "2600000000", "5"),
    ("service_desk", "IDR 2,100,000,000", "18"),
]
BPO = [
    ("hr", "3.600.000.000", "20", "12.500"),
    ("payroll", "1.200.000.000", "6", "28.800"),
    ("accounting", "2.400.000.000", "11", "180.500"),
    ("customer_service", "6.500.000.000", "55", "420.300"),
    ("procurement", "1.900.000.000", "7", "21.050"),
]


def new_consultant_with_organisation(client_for):
    Region.objects.get_or_create(code="id", defaults={"name": "Indonesia"})
    user = UserFactory.create(username="sari")
    user.groups.add(Group.objects.get(name="consultant"))
    client = client_for(user)
    home = client.get(reverse("home"))
    assert reverse("assessments:organisation_create") in home.content.decode()
    response = client.post(
        reverse("assessments:organisation_create"),
        {"name": "PT Contoh", "region": Region.objects.get(code="id").pk, "currency": "IDR"},
    )
    return client, response.url


def test_browser_free_journey_through_the_four_steps(client_for, capability_set):
    client, organisation_url = new_consultant_with_organisation(client_for)
    new_assessment = client.get(organisation_url).context
    create_url = reverse("assessments:create", args=[new_assessment["organisation"].pk])
    step_one = client.get(create_url).context["form"]
    response = client.post(
        create_url,
        {
            "title": "Assessment 2026",
            "region": step_one["region"].value(),
            "currency": step_one["currency"].value(),
            "horizon_months": "60",
            "discount_rate": "10",
            "gate_fraction": "50",
            "max_parallel_ito": "2",
            "max_parallel_bpo": "2",
            "materiality_threshold": "5",
            "action": "next",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("assessments:it_cost_areas", args=[assessment.pk])

    it_rows = [
        {"capability": code, "annual_cost": cost, "ftes": ftes, "available_from_month": "0", "maturity": "2",
         "standardisation": "4", "criticality": "3", "notes": ""}
        for code, cost, ftes in IT
    ]  # fmt: skip
    lock = client.get(response.url).context["assessment"].lock_version
    response = grid_save(client, response.url, it_rows, lock_version=lock, action="next")
    assert response.json()["redirect"] == reverse("assessments:business_functions", args=[assessment.pk])

    bf_rows = [
        {"capability": code, "annual_cost": cost, "ftes": ftes, "annual_volume": volume, "standardisation": "4",
         "strategic_importance": "2", "maturity": "3", "regulatory_sensitivity": "3", "knowledge_intensity": "2",
         "error_rate_percent": "3,5", "notes": ""}
        for code, cost, ftes, volume in BPO
    ]  # fmt: skip
    bf_url = reverse("assessments:business_functions", args=[assessment.pk])
    lock = client.get(bf_url).context["assessment"].lock_version
    response = grid_save(client, bf_url, bf_rows, lock_version=lock, action="next")
    assert response.json()["redirect"] == reverse("assessments:review", args=[assessment.pk])

    review_url = response.json()["redirect"]
    review = client.get(review_url)
    assert review.context["complete"]
    assert review.context["totals"].it_cost_areas.annual_cost == Decimal("14200000000")
    assert review.context["totals"].ftes == Decimal("134.5")
    submitted = client.post(review_url, {"lock_version": review.context["lock"]["lock_version"].value()})
    assert submitted.url == reverse("assessments:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    detail = client.get(submitted.url).content.decode()
    assert "locked" in detail
    assert "Create a new version to change it" in detail
    blocked = client.get(reverse("assessments:it_cost_areas", args=[assessment.pk]), follow=True)
    assert blocked.redirect_chain[-1][0] == reverse("assessments:detail", args=[assessment.pk])


def test_browser_free_journey_with_a_filled_workbook(client_for, capability_set):
    client, organisation_url = new_consultant_with_organisation(client_for)
    organisation = client.get(organisation_url).context["organisation"]
    response = client.post(
        reverse("assessments:create", args=[organisation.pk]),
        {
            "title": "Workbook assessment",
            "region": organisation.region_id,
            "currency": "IDR",
            "horizon_months": "60",
            "discount_rate": "10",
            "gate_fraction": "50",
            "max_parallel_ito": "2",
            "max_parallel_bpo": "2",
            "materiality_threshold": "5",
            "action": "save",
        },
    )
    assessment = Assessment.objects.get()
    book = load_workbook(io.BytesIO(client.get(reverse("assessments:workbook", args=[assessment.pk])).content))
    for code, cost, ftes in IT:
        book["IT cost areas"].append([code, cost, ftes, 0, 2, 4, 3, "from the workbook"])
    for code, cost, ftes, volume in BPO:
        book["Business functions"].append([code, cost, ftes, volume, 4, 2, 3, 3, 2, 3.5, ""])
    buffer = io.BytesIO()
    book.save(buffer)

    preview = client.post(
        reverse("assessments:import", args=[assessment.pk]),
        {"file": SimpleUploadedFile("filled.xlsx", buffer.getvalue())},
    )
    assert preview.status_code == 200, [e.message for e in preview.context["preview"].errors]
    token = preview.context["confirm"]["token"].value()
    response = client.post(reverse("assessments:import_confirm", args=[assessment.pk]), {"token": token})
    review = client.get(response.url)
    assert review.context["totals"].it_cost_areas.lines == 5
    assert review.context["totals"].business_functions.lines == 5
    assert review.context["complete"]
    client.post(response.url, {"lock_version": review.context["lock"]["lock_version"].value()})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
