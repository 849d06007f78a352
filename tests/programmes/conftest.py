"""Fixtures of the programme tests: an approved roadmap of the shared organisation and its programme."""

import datetime as dt
import re
from collections.abc import Callable

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


@pytest.fixture
def ids(programme) -> Callable[[str], str]:
    """Rewrites the tests' line names it-1, it-2, bf-1 ... into the programme's real item ids.

    Item ids carry primary keys (`it-<pk>`, `bf-<pk>`), and PostgreSQL does not reset its sequences
    between tests, so `it-N` here means the assessment's N-th IT cost area in creation order (and
    `bf-N` its N-th business function); on a fresh SQLite database both spellings agree."""
    assessment = programme.roadmap.assessment
    real = {
        **{
            f"it-{n}": f"it-{pk}"
            for n, pk in enumerate(assessment.it_cost_areas.order_by("pk").values_list("pk", flat=True), 1)
        },
        **{
            f"bf-{n}": f"bf-{pk}"
            for n, pk in enumerate(assessment.business_functions.order_by("pk").values_list("pk", flat=True), 1)
        },
    }
    return lambda text: re.sub(r"\b(?:it|bf)-\d+\b", lambda found: real[found.group(0)], text)
