"""Sign-in throttling behind the documented TLS proxy (ASVS 5.0 6.3.1).

Every request reaches the app from the proxy's address (REMOTE_ADDR 127.0.0.1 here); the
client's own address is the last X-Forwarded-For entry the proxy appended.
"""

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from outsourcing.security.client_address import client_address
from tests.factories.core import TEST_PASSWORD, MembershipFactory, UserFactory

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.7"
MANAGER_HOME = "198.51.100.20"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    AccessAttempt.objects.all().delete()


def _sign_in(client: Client, username: str, password: str, *, address: str, forged: str = ""):
    forwarded = f"{forged}, {address}" if forged else address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy configured: the header is the client's own words
        (1, "", "10.0.0.1"),  # a request that did not come through the proxy
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged first entry is ignored
        (1, "not-an-address", "10.0.0.1"),
        (2, "203.0.113.7, 192.0.2.1", "203.0.113.7"),  # a CDN in front of the TLS proxy
        (2, "192.0.2.1", "10.0.0.1"),  # shorter than the chain: not trusted
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_read_past_the_trusted_proxies_only(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    meta: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_five_wrong_passwords_for_manager_from_one_address_do_not_lock_the_manager_out_elsewhere(db):
    MembershipFactory(user__username="manager", role="manager")
    attacker = Client()
    for _ in range(5):
        response = _sign_in(attacker, "manager", "wrong-password", address=ATTACKER)
    assert response.status_code == 429
    # The attacker stays locked, even with the right password.
    assert _sign_in(attacker, "manager", TEST_PASSWORD, address=ATTACKER).status_code == 429

    # The real manager, through the same proxy from their own address, signs in.
    response = _sign_in(Client(), "manager", TEST_PASSWORD, address=MANAGER_HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_forging_x_forwarded_for_does_not_escape_the_lock(db):
    UserFactory(username="manager")
    attacker = Client()
    for n in range(5):
        _sign_in(attacker, "manager", "wrong-password", address=ATTACKER, forged=f"10.9.9.{n}")
    response = _sign_in(attacker, "manager", TEST_PASSWORD, address=ATTACKER, forged="10.9.9.99")
    assert response.status_code == 429


def test_one_password_sprayed_across_many_usernames_from_one_address_is_throttled(settings, db):
    limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    victims = [UserFactory.create(username=f"staff{n:02d}") for n in range(limit + 5)]
    sprayer = Client()
    statuses = [_sign_in(sprayer, user.username, "Summer2026!", address=ATTACKER).status_code for user in victims]
    # Each username saw one failure only, far below the per-username limit of 5 ...
    assert AccessAttempt.objects.filter(username=victims[0].username).get().failures_since_start == 1
    # ... but the address is stopped at the per-address limit.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (len(victims) - limit + 1)
    # Even a correct password of yet another user is refused from that address for now.
    UserFactory(username="unrelated")
    assert _sign_in(sprayer, "unrelated", TEST_PASSWORD, address=ATTACKER).status_code == 429
    # Other addresses are not affected.
    assert _sign_in(Client(), "unrelated", TEST_PASSWORD, address=MANAGER_HOME).status_code == 302


def test_a_password_reset_lifts_the_users_lock_from_their_usual_address(db):
    user = UserFactory(username="manager", email="manager@example.com")
    browser = Client()
    for _ in range(5):
        _sign_in(browser, "manager", "wrong-password", address=MANAGER_HOME)
    assert _sign_in(browser, "manager", TEST_PASSWORD, address=MANAGER_HOME).status_code == 429

    browser.post(reverse("password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    path = link[link.index("/accounts/reset/") :]
    form_url = browser.get(path)["Location"]  # Django swaps the token for a session marker
    new_password = "a-fresh-passphrase-for-2027"
    response = browser.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="manager").exists()

    response = _sign_in(Client(), "manager", new_password, address=MANAGER_HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
