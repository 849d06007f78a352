"""The language follows the user's choice (stored per user) and falls back to the browser's."""

from django.urls import reverse

from assessments.models import UserPreference
from tests.factories.core import TEST_PASSWORD


def test_browser_language_is_the_fallback(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "id"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response.headers["Content-Language"] == "en"


def test_switching_stores_the_choice_on_the_user(client_for, consultant):
    client = client_for(consultant)
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert response.status_code == 302
    assert UserPreference.objects.get(user=consultant).language == "id"
    assert client.get(reverse("home")).headers["Content-Language"] == "id"


def test_stored_choice_follows_the_user_to_a_new_browser(client, consultant):
    UserPreference.objects.create(user=consultant, language="id")
    response = client.post(
        reverse("login"), {"username": "consultant1", "password": TEST_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "id"
    assert client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "id"


def test_unknown_language_is_ignored(client_for, consultant):
    client = client_for(consultant)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not UserPreference.objects.filter(user=consultant).exists()


def test_anonymous_switch_sets_only_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "id", "next": "/accounts/login/"})
    assert response.cookies["django_language"].value == "id"
    assert UserPreference.objects.count() == 0
