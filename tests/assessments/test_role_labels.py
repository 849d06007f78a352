"""Role names come from one place (assessments/organisations/access.py ROLE_LABELS, the `roles`
template library) and follow the reader's language on every page that shows them."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from assessments.models import Role
from assessments.organisations import access, services
from assessments.organisations.selectors import ADMINISTRATOR

LABELS = {
    "en": {Role.CONSULTANT: "Consultant", Role.MANAGER: "Manager", ADMINISTRATOR: "Administrator (read-only)"},
    "id": {Role.CONSULTANT: "Konsultan", Role.MANAGER: "Manajer", ADMINISTRATOR: "Administrator (hanya baca)"},
}
LANGUAGES = ["en", "id"]


def test_every_role_has_a_label():
    assert set(access.ROLE_LABELS) == {*Role.values, ADMINISTRATOR}
    assert set(LABELS["en"]) == set(access.ROLE_LABELS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MANAGER, ADMINISTRATOR])
def test_each_role_shows_its_label_in_the_readers_language(role, language):
    template = Template("{% load roles %}{{ role|role_label }}")
    with translation.override(language):
        assert access.role_label(role=role) == LABELS[language][role]
        assert template.render(Context({"role": role})) == LABELS[language][role]


def test_no_role_and_an_unknown_role():
    assert access.role_label(role=None) == ""
    assert access.role_label(role="auditor") == "auditor"


def _cell_text(html: str, person: str) -> str:
    """The table row of `person` on the team page, without its tags."""
    row = next(row for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if person in row)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organisation_pages_name_each_role(organisation, consultant, manager, administrator, client_for, language):
    labels = LABELS[language]
    for user, role in ((consultant, Role.CONSULTANT), (manager, Role.MANAGER), (administrator, ADMINISTRATOR)):
        client = client_for(user)
        client.cookies["django_language"] = language
        detail = client.get(reverse("assessments:organisation_detail", args=[organisation.pk])).content.decode()
        your_role = re.search(r'<dd class="col-7 mb-0">(.*?)</dd>', detail)
        assert your_role is not None, user
        assert your_role.group(1) == labels[role], user
        listing = client.get(reverse("assessments:organisation_list")).content.decode()
        assert f"<td>{labels[role]}</td>" in listing, user
    client = client_for(manager)
    client.cookies["django_language"] = language
    team = client.get(reverse("assessments:organisation_members", args=[organisation.pk])).content.decode()
    assert labels[Role.CONSULTANT] in _cell_text(team, "consultant1")
    assert labels[Role.MANAGER] in _cell_text(team, "manager1")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_names_its_role(organisation, consultant, client_for, language):
    with translation.override(language):
        invitation, token = services.invitation_create(
            organisation=organisation, user=consultant, email="new@example.com", role=Role.MANAGER
        )
        services.invitation_send(invitation=invitation, accept_url=f"https://example.com/invitations/{token}/")
    assert LABELS[language][Role.MANAGER] in mail.outbox[-1].body
    client = client_for(consultant)
    client.cookies["django_language"] = language
    team = client.get(reverse("assessments:organisation_members", args=[organisation.pk])).content.decode()
    assert LABELS[language][Role.MANAGER] in _cell_text(team, "new@example.com")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_navigation_names_the_users_roles(organisation, consultant, manager, administrator, client_for, language):
    labels = LABELS[language]
    for user, role in ((consultant, Role.CONSULTANT), (manager, Role.MANAGER), (administrator, ADMINISTRATOR)):
        client = client_for(user)
        client.cookies["django_language"] = language
        html = client.get(reverse("home")).content.decode()
        assert f'<span class="dropdown-header" id="nav-roles">{labels[role]}</span>' in html, user


def test_the_navigation_joins_several_roles():
    template = Template("{% load roles %}{{ flags|nav_role_labels }}")
    flags = {"is_consultant": True, "is_manager": True, "is_administrator": False}
    assert template.render(Context({"flags": flags})) == "Consultant · Manager"
    assert template.render(Context({"flags": {}})) == ""
