"""The change history: who changed what, when, on the assessment and its lines."""

from decimal import Decimal

from django.urls import reverse

from assessments.capture import services
from tests.factories.core import MembershipFactory


def test_history_lists_user_time_and_changed_fields(client_for, consultant, organisation, draft, capability_set):
    colleague = MembershipFactory.create(organisation=organisation, user__username="budi", user__first_name="Budi").user
    services.assessment_update(assessment=draft, user=consultant, lock_version=0, data={"horizon_months": 84})
    line = {
        "capability": capability_set["compute"],
        "annual_cost": Decimal("100"),
        "ftes": Decimal("1"),
        "available_from_month": 0,
        "maturity": 2,
        "standardisation": 3,
        "criticality": 4,
    }
    services.assessment_it_cost_areas_save(assessment=draft, user=consultant, lock_version=1, lines=[line])
    saved = draft.it_cost_areas.get()
    services.assessment_it_cost_areas_save(
        assessment=draft, user=colleague, lock_version=2, lines=[{**line, "id": saved.pk, "maturity": 5}]
    )
    services.assessment_it_cost_areas_save(assessment=draft, user=colleague, lock_version=3, lines=[])

    response = client_for(consultant).get(reverse("assessments:history", args=[draft.pk]))
    events = list(response.context["page"].object_list)
    summary = [(e.user, e.subject, e.action, [(c.field, c.old, c.new) for c in e.changes]) for e in events]
    assert summary[0] == ("Budi", "IT cost area · Compute", "deleted", [])
    assert summary[1] == ("Budi", "IT cost area · Compute", "changed", [("maturity", 2, 5)])
    assert summary[2] == ("consultant1", "IT cost area · Compute", "created", [])
    assert summary[3] == ("consultant1", "Assessment", "changed", [("horizon_months", 60, 84)])
    assert summary[-1][2] == "created"
    content = response.content.decode()
    assert "Budi" in content
    assert "removed" in content


def test_history_shows_status_changes_by_display_name(client_for, consultant, complete_draft):
    services.assessment_submit(assessment=complete_draft, user=consultant)
    response = client_for(consultant).get(reverse("assessments:history", args=[complete_draft.pk]))
    first = response.context["page"].object_list[0]
    assert [(c.field, c.old, c.new) for c in first.changes] == [("status", "Draft", "Submitted")]
