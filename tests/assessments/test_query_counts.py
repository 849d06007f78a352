"""Exact query counts of the pages that had none: the comparison, board pack, scenario form,
versions, import preview, and the exports (CSV and XLSX of a roadmap and of an assessment).

Each page is requested at two sizes (a few lines, and many lines or versions) and must take
exactly the pinned number of queries at both: a change that adds a query per page fails here
and shows up in review, and one that adds a query per line or version fails at the larger size.
The pages are addressed by URL name only, so the tests follow the views wherever they live.
"""

from collections.abc import Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus, Organisation, Roadmap
from tests.factories.assessments import assessment_with_lines_create
from tests.factories.roadmaps import providers_create, roadmap_done_create

ITO_CODES = ("data_centre", "compute", "storage", "network", "service_desk", "applications", "security")
BPO_CODES = ("hr", "payroll", "finance", "accounting", "customer_service", "procurement", "recruitment")
SMALL, LARGE = 2, 7

# Pinned: update a figure only with a reason in the commit message.
COMPARE_QUERIES = 10
BOARD_PACK_QUERIES = 7
BOARD_PACK_PDF_QUERIES = 6  # the page's 7 less the navigation's roles: the PDF has no navigation
SCENARIO_FORM_QUERIES = 6
VERSIONS_QUERIES = 6
IMPORT_PREVIEW_QUERIES = 12
ROADMAP_EXPORT_QUERIES = {"roadmap_export_xlsx": 7, "roadmap_export_items_csv": 5, "roadmap_export_cash_flow_csv": 5}
ASSESSMENT_EXPORT_QUERIES = {"workbook": 7, "it-cost-areas": 4, "business-functions": 4}

pytestmark = pytest.mark.django_db


def _lines(codes: Sequence[str], count: int) -> list[dict[str, Any]]:
    return [{"capability": code, "position": index} for index, code in enumerate(codes[:count])]


def _assessment(organisation: Organisation, author: Any, size: int, **fields: Any) -> Assessment:
    return assessment_with_lines_create(
        organisation=organisation,
        author=author,
        it_cost_areas=_lines(ITO_CODES, size),
        business_functions=_lines(BPO_CODES, size),
        **fields,
    )


@pytest.fixture
def roadmaps(organisation, consultant) -> dict[int, Roadmap]:
    """A done base roadmap with a few lines and one with many, over the shared catalogue."""
    providers_create(region=organisation.region)
    return {
        size: roadmap_done_create(assessment=_assessment(organisation, consultant, size), requested_by=consultant)
        for size in (SMALL, LARGE)
    }


def _get(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    response = client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_compare_query_count_is_pinned(roadmaps, consultant, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    for roadmap in roadmaps.values():
        scenario = roadmap_done_create(
            assessment=roadmap.assessment, name="Gate 75", overrides={"gate_fraction": 0.75}, requested_by=consultant
        )
        with django_assert_num_queries(COMPARE_QUERIES):
            response = _get(client, reverse("assessments:roadmap_compare"), {"a": roadmap.pk, "b": scenario.pk})
        assert 'data-figure-id="chart-compare-cash-flow-data"' in response.content.decode()


def test_board_pack_query_count_is_pinned(roadmaps, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    for roadmap in roadmaps.values():
        with django_assert_num_queries(BOARD_PACK_QUERIES):
            _get(client, reverse("assessments:roadmap_board_pack", args=[roadmap.pk]))


def test_board_pack_pdf_query_count_is_pinned(roadmaps, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    for roadmap in roadmaps.values():
        with django_assert_num_queries(BOARD_PACK_PDF_QUERIES):
            response = _get(client, reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]))
        assert response.content.startswith(b"%PDF-")


def test_scenario_form_query_count_is_pinned(roadmaps, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    for roadmap in roadmaps.values():
        with django_assert_num_queries(SCENARIO_FORM_QUERIES):
            response = _get(client, reverse("assessments:scenario_create", args=[roadmap.pk]))
        assert "form" in response.context


@pytest.mark.parametrize("name", sorted(ROADMAP_EXPORT_QUERIES))
def test_roadmap_export_query_counts_are_pinned(roadmaps, manager, client_for, django_assert_num_queries, name):
    client = client_for(manager)
    for roadmap in roadmaps.values():
        with django_assert_num_queries(ROADMAP_EXPORT_QUERIES[name]):
            response = _get(client, reverse(f"assessments:{name}", args=[roadmap.pk]))
        assert response.content


@pytest.mark.parametrize("name", sorted(ASSESSMENT_EXPORT_QUERIES))
def test_assessment_export_query_counts_are_pinned(
    organisation, consultant, client_for, django_assert_num_queries, name
):
    client = client_for(consultant)
    for size in (SMALL, LARGE):
        assessment = _assessment(organisation, consultant, size)
        if name == "workbook":
            url = reverse("assessments:workbook", args=[assessment.pk])
        else:
            url = reverse("assessments:sheet_csv", args=[assessment.pk, name])
        with django_assert_num_queries(ASSESSMENT_EXPORT_QUERIES[name]):
            response = _get(client, url)
        assert response.content


def test_import_preview_query_count_is_pinned(organisation, consultant, client_for, django_assert_num_queries):
    client = client_for(consultant)
    for size in (SMALL, LARGE):
        source = _assessment(organisation, consultant, size)
        content = _get(client, reverse("assessments:workbook", args=[source.pk])).content
        draft = _assessment(organisation, consultant, 0, status=AssessmentStatus.DRAFT)
        upload = SimpleUploadedFile("lines.xlsx", content)
        with django_assert_num_queries(IMPORT_PREVIEW_QUERIES):
            response = client.post(reverse("assessments:import", args=[draft.pk]), {"file": upload})
        assert response.status_code == 200
        assert response.context["confirm"] is not None


def test_versions_query_count_is_pinned(organisation, consultant, client_for, django_assert_num_queries):
    client = client_for(consultant)
    first = _assessment(organisation, consultant, SMALL)
    url = reverse("assessments:versions", args=[first.pk])
    for versions in (SMALL, LARGE):
        while Assessment.objects.filter(lineage=first.lineage).count() < versions:
            latest = Assessment.objects.filter(lineage=first.lineage).latest("version")
            client.post(reverse("assessments:version_create", args=[latest.pk]))
            draft = Assessment.objects.get(lineage=first.lineage, status=AssessmentStatus.DRAFT)
            submitted = client.post(
                reverse("assessments:review", args=[draft.pk]), {"lock_version": draft.lock_version}
            )
            assert submitted.status_code == 302
        with django_assert_num_queries(VERSIONS_QUERIES):
            response = _get(client, url)
        assert len(response.context["versions"]) == versions
