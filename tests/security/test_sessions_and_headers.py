"""Passwords, session lifetimes and the privacy headers (ASVS 5.0 6.2, 7.3, 14.3.2)."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assessments.organisations.demo import DEMO_USERS
from outsourcing.middleware import LAST_ACTIVITY_KEY, PERMISSIONS_POLICY, SIGNED_IN_AT_KEY
from tests.factories.core import TEST_PASSWORD, UserFactory

# --- Passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Short-pw-9",  # 10 characters
        "eleven-char",  # 11 characters
        "password1234",  # common (Django's list of 20 000)
        "qwertyuiop123",  # common
        "839201748302",  # numbers only
    ],
)
def test_weak_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password, user=UserFactory.create(username="someone"))


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("tropical-ledger-harbour", user=UserFactory.create(username="someone"))


@pytest.mark.parametrize("demo", DEMO_USERS, ids=lambda demo: demo.username)
def test_the_published_demo_passwords_still_satisfy_the_validators(demo, db):
    user = UserFactory.create(username=demo.username, first_name=demo.first_name, last_name=demo.last_name)
    validate_password(demo.password, user=user)


def test_the_password_change_form_applies_the_length_rule(client_for, consultant):
    response = client_for(consultant).post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "tiny-pass-1", "new_password2": "tiny-pass-1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


# --- Session lifetimes ----------------------------------------------------------------------------


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD}).status_code == 302
    return client


def _age_session(client: Client, *, signed_in_ago: int, active_ago: int) -> None:
    now = int(time.time())
    session = client.session
    session[SIGNED_IN_AT_KEY] = now - signed_in_ago
    session[LAST_ACTIVITY_KEY] = now - active_ago
    session.save()


def test_signing_in_starts_both_clocks(consultant):
    client = _signed_in("consultant1")
    session = client.session
    assert abs(session[SIGNED_IN_AT_KEY] - time.time()) < 5
    assert session[LAST_ACTIVITY_KEY] == session[SIGNED_IN_AT_KEY]


def test_an_idle_session_ends_after_the_idle_time(settings, consultant):
    idle = settings.SESSION_IDLE_SECONDS
    assert idle == 8 * 3600  # the default
    client = _signed_in("consultant1")
    _age_session(client, signed_in_ago=idle - 60, active_ago=idle - 60)
    assert client.get(reverse("home")).status_code == 200  # still within it; the clock moves on
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5

    _age_session(client, signed_in_ago=idle + 120, active_ago=idle + 1)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Your session has expired" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_an_active_session_still_ends_after_the_absolute_lifetime(settings, consultant):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    client = _signed_in("consultant1")
    _age_session(client, signed_in_ago=settings.SESSION_ABSOLUTE_SECONDS + 1, active_ago=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_cookie_and_database_expiry_follow_the_idle_time(settings, consultant):
    client = _signed_in("consultant1")
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS
    assert abs(client.session.get_expiry_age() - settings.SESSION_IDLE_SECONDS) < 5


# --- Headers --------------------------------------------------------------------------------------


def test_signed_in_pages_and_files_are_never_cached(client_for, manager, organisation):
    from tests.factories.roadmaps import done_roadmap_for

    roadmap = done_roadmap_for(organisation=organisation, author=manager)
    client = client_for(manager)
    urls = [
        reverse("home"),
        reverse("assessments:portfolio"),
        reverse("assessments:roadmap_dashboard", args=[roadmap.pk]),
        reverse("assessments:roadmap_board_pack", args=[roadmap.pk]),
        reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]),
        reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]),
        reverse("assessments:roadmap_export_items_csv", args=[roadmap.pk]),
        reverse("assessments:roadmap_export_cash_flow_csv", args=[roadmap.pk]),
        reverse("assessments:workbook", args=[roadmap.assessment_id]),
        reverse("assessments:roadmap_status_json", args=[roadmap.pk]),
        reverse("assessments:organisation_detail", args=[organisation.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
        assert "public" not in directives, url
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, url
        assert "Expires" not in response, url


def test_anonymous_pages_and_static_files_carry_the_permissions_policy(client, db):
    page = client.get(reverse("login"))
    assert "camera=()" in page["Permissions-Policy"]
    assert "geolocation=()" in page["Permissions-Policy"]
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    assert static["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "no-store" not in static.get("Cache-Control", "")
    assert client.get("/no-such-page/")["Permissions-Policy"] == PERMISSIONS_POLICY
