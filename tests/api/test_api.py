"""The REST API: hashed per-user tokens, tenancy and roles as on the pages, JSON errors that name
the field, pagination, throttling, and an OpenAPI schema that validates."""

import hashlib

import pytest
import yaml
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.pagination import PageNumberPagination

from api.models import ApiToken
from api.services import token_create
from assessments.models import MonthlyActual
from assessments.organisations.models import Role
from tests.factories.core import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _row, token = token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_schema_is_a_valid_openapi_document(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)
    assert "/api/v1/programmes/{id}/actuals/" in document["paths"]
    assert "tokenAuth" in document["components"]["securitySchemes"]


def test_docs_page_uses_local_static_files(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_tokens_are_stored_hashed_and_revocable(consultant, organisation, client_for):
    row, token = token_create(user=consultant, name="finance")
    assert token not in (row.digest, row.prefix)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:organisation_list")).json()["results"][0]["id"] == organisation.pk
    response = client_for(consultant).post(reverse("api:token_revoke", args=[row.pk]))
    assert response.status_code == 302
    assert api.get(reverse("api:organisation_list")).status_code == 401
    assert Client(HTTP_AUTHORIZATION="Token sn_nothing_here").get(reverse("api:organisation_list")).status_code == 401


def test_token_page_shows_a_new_token_once(consultant, client_for):
    client = client_for(consultant)
    page = client.post(reverse("api:tokens"), {"name": "ERP"}).content.decode()
    token = ApiToken.objects.get()
    assert f"sn_{token.prefix}_" in page
    assert f"sn_{token.prefix}_" in client.get(reverse("api:tokens")).content.decode()  # only the prefix
    assert token.digest not in page


def test_anonymous_gets_401_json(client):
    response = client.get(reverse("api:organisation_list"))
    assert response.status_code == 401
    assert "detail" in response.json()


def test_tenancy_other_organisation_is_404(programme, approved_roadmap, other_consultant, other_manager):
    for user in (other_consultant, other_manager):
        api = _api(user)
        assert api.get(reverse("api:programme_detail", args=[programme.pk])).status_code == 404
        assert api.get(reverse("api:roadmap_detail", args=[approved_roadmap.pk])).status_code == 404
        assert api.get(reverse("api:assessment_detail", args=[approved_roadmap.assessment_id])).status_code == 404
        assert api.get(reverse("api:assessment_list")).json()["count"] == 0


def test_roadmap_is_the_presenters_output(approved_roadmap, manager):
    data = _api(manager).get(reverse("api:roadmap_detail", args=[approved_roadmap.pk])).json()
    assert data["gate_month"] == approved_roadmap.result["gate_month"]
    assert {item["id"] for item in data["items"]} == {item["id"] for item in approved_roadmap.result["items"]}
    assert data["decision"] == "approved"


def test_write_actuals_all_or_nothing_with_errors_naming_row_and_field(programme, consultant, ids):
    api = _api(consultant)
    url = reverse("api:programme_actuals", args=[programme.pk])
    bad = [
        {"engagement": ids("it-1"), "month": "2026-01", "realised_savings": "1000"},
        {"engagement": "nobody", "month": "2026-01"},
        {"engagement": ids("bf-1"), "month": "2026-01", "error_rate_percent": "150"},
    ]
    response = api.post(url, bad, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["2"]
    assert "error_rate_percent" in errors["2"]
    assert not MonthlyActual.objects.exists()
    response = api.post(url, bad[:2], content_type="application/json")
    assert response.json() == {"1": {"engagement": ["No such engagement in this programme."]}}
    # A figure that does not apply to the kind is refused by the service, at its row and field.
    wrong_kind = [{"engagement": ids("it-1"), "month": "2026-01", "realised_benefit": "5"}]
    assert "realised_benefit" in api.post(url, wrong_kind, content_type="application/json").json()["0"]
    good = [{"engagement": ids("it-1"), "month": "2026-01", "realised_savings": "1000.50"}]
    response = api.post(url, good, content_type="application/json")
    assert response.status_code == 201
    listed = api.get(url).json()
    assert listed["count"] == 1
    assert listed["results"][0]["month"] == "2026-01"
    programme_data = api.get(reverse("api:programme_detail", args=[programme.pk])).json()
    assert programme_data["gate"]["realised_run_rate"] == pytest.approx(12 * 1000.5)


def test_administrators_read_but_cannot_write_actuals(programme, administrator, ids):
    api = _api(administrator)
    url = reverse("api:programme_actuals", args=[programme.pk])
    assert api.get(url).status_code == 200
    response = api.post(url, [{"engagement": ids("it-1"), "month": "2026-01"}], content_type="application/json")
    assert response.status_code == 403


def test_throttling_answers_429(consultant, settings):
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"}
    }
    from rest_framework import throttling

    cache.clear()
    rates = throttling.SimpleRateThrottle.THROTTLE_RATES
    throttling.SimpleRateThrottle.THROTTLE_RATES = {"anon": "2/minute", "user": "2/minute"}
    try:
        api = _api(consultant)
        codes = [api.get(reverse("api:organisation_list")).status_code for _ in range(3)]
    finally:
        throttling.SimpleRateThrottle.THROTTLE_RATES = rates
        cache.clear()
    assert codes == [200, 200, 429]


def test_lists_are_paginated_with_count_and_next_links(consultant, organisation, monkeypatch):
    for _ in range(2):
        MembershipFactory.create(user=consultant, organisation=OrganisationFactory.create(), role=Role.CONSULTANT)
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    api = _api(consultant)
    first = api.get(reverse("api:organisation_list")).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    seen = {row["id"] for row in first["results"]} | {row["id"] for row in second["results"]}
    assert len(seen) == 3
    assert organisation.pk in seen
    assert api.get(reverse("api:organisation_list"), {"page": 9}).status_code == 404


def test_api_answers_with_client_financials_are_never_cached(programme, approved_roadmap, consultant):
    api = _api(consultant)
    for url in (
        reverse("api:organisation_list"),
        reverse("api:roadmap_detail", args=[approved_roadmap.pk]),
        reverse("api:programme_detail", args=[programme.pk]),
        reverse("api:programme_actuals", args=[programme.pk]),
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_roadmap_says_its_decision_state_and_each_items_recommendation(approved_roadmap, manager):
    from tests.factories.roadmaps import roadmap_done_create

    api = _api(manager)
    data = api.get(reverse("api:roadmap_detail", args=[approved_roadmap.pk])).json()
    assert data["decision_state"] == "approved"
    engine_items = {item["id"]: item for item in approved_roadmap.result["items"]}
    for item in data["items"]:
        expected = engine_items[item["id"]].get("recommendation") or (
            "recommended" if engine_items[item["id"]]["included"] else "not_recommended"
        )
        assert item["recommendation"] == expected
    # Another roadmap of the same assessment, never decided: not chosen, since one was approved.
    sibling = roadmap_done_create(assessment=approved_roadmap.assessment, name="What if: gate 75 %")
    data = api.get(reverse("api:roadmap_detail", args=[sibling.pk])).json()
    assert data["decision"] == "pending"
    assert data["decision_state"] == "not_chosen"
