"""Nobody reaches another organisation's data by typing a URL; managers and administrators only read."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus
from tests.factories.assessments import AssessmentFactory

ASSESSMENT_READ = ["detail", "versions", "history", "workbook"]
ASSESSMENT_WRITE = ["parameters", "it_cost_areas", "business_functions", "review", "import"]
ASSESSMENT_POST_ONLY = ["import_confirm", "version_create"]
ORGANISATION_READ = ["organisation_detail"]
ORGANISATION_WRITE = ["organisation_edit", "create"]


def assessment_urls(pk: int) -> list[str]:
    names = [*ASSESSMENT_READ, *ASSESSMENT_WRITE, *ASSESSMENT_POST_ONLY]
    return [reverse(f"assessments:{name}", args=[pk]) for name in names] + [
        reverse("assessments:sheet_csv", args=[pk, "it-cost-areas"]),
        reverse("assessments:sheet_csv", args=[pk, "business-functions"]),
    ]


def organisation_urls(pk: int) -> list[str]:
    return [reverse(f"assessments:{name}", args=[pk]) for name in [*ORGANISATION_READ, *ORGANISATION_WRITE]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_consultant_gets_404_on_every_assessment_url(
    client_for, other_consultant, complete_draft, method
):
    client = client_for(other_consultant)
    for url in assessment_urls(complete_draft.pk):
        response = getattr(client, method)(url, {"lock_version": "0", "title": "hijack"})
        assert response.status_code == 404, (method, url, response.status_code)
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Capture draft"
    assert complete_draft.lock_version == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_members_get_404_on_every_organisation_url(
    client_for, other_consultant, other_manager, organisation, method
):
    for user in (other_consultant, other_manager):
        client = client_for(user)
        for url in organisation_urls(organisation.pk):
            response = getattr(client, method)(url, {"name": "hijack"})
            assert response.status_code == 404, (user, method, url)
    organisation.refresh_from_db()
    assert organisation.name == "Own Organisation"


def test_lists_show_only_the_users_organisations(client_for, other_consultant, complete_draft, organisation):
    client = client_for(other_consultant)
    mine = AssessmentFactory.create(organisation=other_consultant.memberships.get().organisation, title="Visible one")
    listing = client.get(reverse("assessments:list"))
    assert list(listing.context["page"].object_list) == [mine]
    assert organisation not in listing.context["form"].fields["organisation"].queryset
    organisations = client.get(reverse("assessments:organisation_list")).context["organisations"]
    assert organisation not in list(organisations)
    # Filtering by a foreign organisation's id is refused, not obeyed.
    filtered = client.get(reverse("assessments:list"), {"organisation": organisation.pk})
    assert list(filtered.context["page"].object_list) == [mine]
    assert filtered.context["form"].errors


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_managers_and_administrators_read_but_get_a_clear_403_on_writes(
    request, client_for, complete_draft, organisation, role
):
    client = client_for(request.getfixturevalue(role))
    for name in ASSESSMENT_READ:
        assert client.get(reverse(f"assessments:{name}", args=[complete_draft.pk])).status_code == 200, name
    assert client.get(reverse("assessments:organisation_detail", args=[organisation.pk])).status_code == 200
    for name in ASSESSMENT_WRITE:
        url = reverse(f"assessments:{name}", args=[complete_draft.pk])
        for response in (client.get(url), client.post(url, {"lock_version": "0", "title": "x"})):
            assert response.status_code == 403, (name, response.status_code)
            assert "You can look, but not change this" in response.content.decode()
    for name in ASSESSMENT_POST_ONLY:
        assert client.post(reverse(f"assessments:{name}", args=[complete_draft.pk])).status_code == 403, name
    for url in (
        reverse("assessments:organisation_edit", args=[organisation.pk]),
        reverse("assessments:create", args=[organisation.pk]),
    ):
        assert client.post(url, {"name": "x", "title": "x"}).status_code == 403
    complete_draft.refresh_from_db()
    assert complete_draft.status == AssessmentStatus.DRAFT
    assert Assessment.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, complete_draft):
    for url in [*assessment_urls(complete_draft.pk), reverse("assessments:list")]:
        response = client.get(url)
        assert response.status_code in {302, 405}, url
        if response.status_code == 302:
            assert reverse("login") in response.url
