"""The admin lists organisations, memberships and assessments; assessments are read-only there."""

from django.urls import reverse


def test_admin_pages_render_and_assessments_are_view_only(client_for, administrator, complete_draft, organisation):
    client = client_for(administrator)
    for url in (
        reverse("admin:assessments_organisation_changelist"),
        reverse("admin:assessments_organisation_change", args=[organisation.pk]),
        reverse("admin:assessments_membership_changelist"),
        reverse("admin:assessments_assessment_changelist"),
        reverse("admin:assessments_assessment_change", args=[complete_draft.pk]),
        reverse("admin:assessments_assessment_history", args=[complete_draft.pk]),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:assessments_assessment_change", args=[complete_draft.pk])).content.decode()
    assert 'name="_save"' not in page
    assert "Compute" in page
    assert client.get(reverse("admin:assessments_assessment_add")).status_code == 403
