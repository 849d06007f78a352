"""The programme lists its ITO engagements before its BPO ones (the programme opens with ITO),
each kind by start month: on the page, in the status the API serves, and in every list of the
programme's engagements (Engagement.Meta.ordering) (the tester's finding 14g)."""

import re

import pytest
from django.urls import reverse

from assessments.programmes.selectors import programme_status_get

pytestmark = pytest.mark.django_db


def _kinds_in_order(engagements):
    return [(e.kind, e.planned_start_month) for e in engagements]


def _ito_first_then_by_start(order):
    kinds = [kind for kind, _start in order]
    assert "ITO" in kinds, "the fixture's programme has ITO engagements"
    assert "BPO" in kinds, "the fixture's programme has BPO engagements"
    assert kinds == sorted(kinds, key=lambda kind: kind != "ITO"), kinds
    for kind in ("ITO", "BPO"):
        starts = [start for k, start in order if k == kind]
        assert starts == sorted(starts)


def test_every_list_of_engagements_opens_with_ito(programme):
    _ito_first_then_by_start(_kinds_in_order(programme.engagements.all()))
    status = programme_status_get(programme=programme)
    _ito_first_then_by_start(_kinds_in_order(figures.engagement for figures in status.engagements))


def test_the_programme_page_lists_ito_first(programme, consultant, client_for):
    page = client_for(consultant).get(reverse("assessments:programme_detail", args=[programme.pk])).content.decode()
    shown = re.findall(r'data-engagement="([^"]+)"', page)
    by_id = {e.item_id: e for e in programme.engagements.all()}
    assert shown == [e.item_id for e in programme.engagements.all()]
    _ito_first_then_by_start(_kinds_in_order(by_id[item] for item in shown))
