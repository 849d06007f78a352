"""Capability names follow the reader's language wherever they are shown: the capture form's
select, the change history and the roadmap presentation (dashboard, compare, board pack)."""

import pytest
from django.utils import translation

from assessments.capture.forms import CapabilityField
from assessments.capture.version_selectors import assessment_history
from assessments.roadmaps.presenter import roadmap_presentations_get
from providers.models import Capability
from tests.factories.roadmaps import done_presentation_get, done_roadmap_for

pytestmark = pytest.mark.django_db

# Shipped names with their Indonesian translation (locale/id/LC_MESSAGES/django.po).
PAYROLL = ("Payroll", "Penggajian")


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def test_the_capture_select_reads_in_indonesian_and_accepts_either_name(roadmap):
    capabilities = {c.code: c for c in Capability.objects.filter(kind="BPO")}
    assert capabilities["payroll"].name == PAYROLL[0]
    with translation.override("id"):
        field = CapabilityField()
        field.set_capabilities(capabilities)
        assert isinstance(field.choices, list), "set_capabilities gives the select a list of (code, label)"
        labels = dict(field.choices)
        assert labels["payroll"] == PAYROLL[1]
        assert PAYROLL[0] not in labels.values()
        assert field.clean(PAYROLL[1]) == capabilities["payroll"]
        assert field.clean(PAYROLL[0]) == capabilities["payroll"]


def test_the_change_history_names_capabilities_in_indonesian(roadmap):
    line = roadmap.assessment.business_functions.get(capability__code="payroll")
    line.annual_cost = line.annual_cost + 1
    line.save()
    with translation.override("id"):
        subjects = [event.subject for event in assessment_history(assessment=roadmap.assessment)]
    assert any(subject.endswith(PAYROLL[1]) for subject in subjects), subjects
    assert not any(PAYROLL[0] in subject for subject in subjects), subjects


def test_the_roadmap_presentation_names_capabilities_in_indonesian(roadmap):
    with translation.override("id"):
        view = done_presentation_get(roadmap=roadmap)
        (many,) = roadmap_presentations_get(roadmaps=[roadmap])
    assert many is not None, "the factory's roadmap is done, so the batch presents it too"
    for presentation in (view, many):
        names = {item["capability"]: item["name"] for item in presentation.items}
        assert names["payroll"] == PAYROLL[1]
    with translation.override("en"):
        view = done_presentation_get(roadmap=roadmap)
    assert {item["capability"]: item["name"] for item in view.items}["payroll"] == PAYROLL[0]
