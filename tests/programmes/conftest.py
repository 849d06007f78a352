"""Fixtures of the programme tests: an approved roadmap of the shared organisation and its programme."""

import datetime as dt

import pytest

from assessments.programmes.services import programme_start
from assessments.roadmaps.services import roadmap_decide
from tests.factories.roadmaps import done_roadmap_for

FIRST_MONTH = dt.date(2026, 1, 1)


@pytest.fixture
def approved_roadmap(organisation, consultant, manager):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    roadmap_decide(roadmap=roadmap, user=manager, decision="approved", comment="")
    roadmap.refresh_from_db()
    return roadmap


@pytest.fixture
def programme(approved_roadmap, consultant):
    return programme_start(roadmap=approved_roadmap, first_month=FIRST_MONTH, user=consultant)


def month(index: int) -> dt.date:
    total = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1 + index
    return dt.date(total // 12, total % 12 + 1, 1)
