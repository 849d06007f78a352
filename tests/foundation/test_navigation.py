"""The navigation marks the page the reader is on (aria-current="page")."""

import pytest
from django.urls import reverse

from outsourcing.context_processors import nav_section


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "home"),
        ("/portfolio/", "portfolio"),
        ("/roadmaps/12/dashboard/", "portfolio"),
        ("/assessments/3/edit/parameters/", "assessments"),
        ("/programmes/4/", "programmes"),
        ("/catalogue/acme/", "catalogue"),
        ("/organisations/", "organisations"),
        ("/accounts/password/change/", ""),
    ],
)
def test_each_page_belongs_to_one_navigation_entry(path, section):
    assert nav_section(path) == section


@pytest.mark.django_db
def test_the_current_entry_carries_aria_current(manager, client_for):
    html = client_for(manager).get(reverse("assessments:list")).content.decode()
    assert html.count('aria-current="page"') == 1
    assert f'class="nav-link active" aria-current="page" href="{reverse("assessments:list")}"' in html
    assert 'rel="icon" type="image/svg+xml"' in html
