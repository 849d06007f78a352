"""Sign-in, sign-out, password pages and throttling of failed sign-ins."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories.core import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _reset_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_consultant_signs_in_and_lands_on_home(client, consultant, organisation):
    response = client.post(reverse("login"), {"username": "consultant1", "password": TEST_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user == consultant
    assert organisation.name in response.content.decode()


def test_sign_out_requires_post_and_ends_the_session(client_for, consultant):
    client = client_for(consultant)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_failed_sign_ins_are_throttled(client, consultant):
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "consultant1", "password": "wrong"})
        assert response.status_code == 200
        assert b"Please enter a correct username and password" in response.content
    response = client.post(url, {"username": "consultant1", "password": "wrong"})
    assert response.status_code == 429
    # Once locked, even the right password is refused.
    response = client.post(url, {"username": "consultant1", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert not response.wsgi_request.user.is_authenticated


def test_throttling_is_per_username(client, consultant, other_consultant):
    for _ in range(5):
        client.post(reverse("login"), {"username": "consultant1", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "consultant2", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_password_change_page(client_for, consultant):
    client = client_for(consultant)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "another-long-pass-42",
            "new_password2": "another-long-pass-42",
        },
    )
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.check_password("another-long-pass-42")


def test_password_reset_sends_an_email(client, consultant):
    response = client.post(reverse("password_reset"), {"email": consultant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_csrf_is_enforced_on_sign_in(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
