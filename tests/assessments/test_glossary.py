"""The glossary explains what a board questions, and the dashboard links each term to it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.roadmaps.presenter import KPI_KEYS
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", ("TOPSIS closeness", "Run-rate", "hands the changed services back to the business and exits", "50 %")),
        ("id", ("Kedekatan TOPSIS", "Laju tahunan (run-rate)", "lalu keluar", "50 %")),
    ],
)
def test_glossary_explains_the_terms_in_the_readers_language(manager, client_for, language, phrases):
    client = client_for(manager)
    client.cookies["django_language"] = language
    html = client.get(reverse("assessments:glossary")).content.decode()
    for anchor in ("run-rate", "ito-engagement", "gate", "closeness", *KPI_KEYS):
        assert f'id="{anchor}"' in html, anchor
    for phrase in phrases:
        assert phrase in html, phrase


def test_dashboard_links_its_terms_to_the_glossary(organisation, consultant, manager, client_for):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    html = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    glossary = reverse("assessments:glossary")
    assert 'data-testid="glossary-link"' in html
    for key in KPI_KEYS:
        assert f'href="{glossary}#{key}"' in html, key
    assert f'href="{glossary}#closeness"' in html
    # The timeline says, where the short ITO engagement is drawn, what it is.
    assert "hands the changes back to the business and exits" in html
    assert reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]) in html
