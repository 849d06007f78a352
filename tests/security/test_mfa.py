"""Two-factor sign-in (ASVS 5.0 6.4, 6.5): enrolment, sign-in with a code, single-use recovery
codes, and who must use it (staff for the admin, members of organisations that require it)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Organisation, Role
from tests.factories.core import TEST_PASSWORD, MembershipFactory, UserFactory
from tests.factories.mfa import totp_code, totp_code_at_step, totp_device_for, totp_wrong_code


@pytest.fixture(autouse=True)
def _no_throttle_state(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def _password_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code is drawn in the page, nothing fetched from elsewhere
    assert "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    secret_match = re.search(r'data-testid="mfa-secret">([A-Z2-7 ]+)<', html)
    assert secret_match is not None
    secret = secret_match.group(1).replace(" ", "")
    assert secret  # the key in text, for an app that cannot scan
    response = client.post(reverse("mfa_setup"), {"code": totp_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", response.content.decode())
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_a_user_enrols_and_then_signs_in_with_a_code(consultant):
    client = _password_sign_in("consultant1")
    device, codes = _enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200  # the enrolling session is verified

    # Next time the password alone is not enough.
    client = _password_sign_in("consultant1")
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify"))
    assert client.get(reverse("assessments:list"), HTTP_ACCEPT="application/json").status_code == 302

    response = client.post(reverse("mfa_verify") + "?next=/assessments/", {"code": totp_wrong_code(device)})
    assert response.status_code == 400
    assert client.get(reverse("assessments:list")).status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp makes the next try wait after a failure
    device.save()
    # The code used at enrolment is spent (no replay), even if its 30 s step has not ended: the app's
    # next one is accepted. (The spent code is the one of the step django-otp recorded as last used.)
    spent = totp_code_at_step(device, device.last_t)
    assert client.post(reverse("mfa_verify"), {"code": spent, "next": "/"}).status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post(reverse("mfa_verify"), {"code": totp_code(device, offset_steps=1), "next": "/assessments/"})
    assert response.status_code == 302
    assert response["Location"] == "/assessments/"
    assert client.get(reverse("assessments:list")).status_code == 200


def test_a_wrong_code_confirms_nothing(consultant):
    client = _password_sign_in("consultant1")
    client.get(reverse("mfa_setup"))
    response = client.post(reverse("mfa_setup"), {"code": "123456"})
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=consultant, confirmed=True).exists()


def test_a_recovery_code_signs_in_once_only(consultant):
    _device, codes = _enrol(_password_sign_in("consultant1"))
    code = codes[0]

    first = _password_sign_in("consultant1")
    before = first.cookies["sessionid"].value
    response = first.post(reverse("mfa_verify"), {"code": code.upper(), "next": "/"})
    assert response.status_code == 302
    assert first.cookies["sessionid"].value != before  # a new session id after the second factor
    assert first.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=consultant).count() == 9

    second = _password_sign_in("consultant1")
    response = second.post(reverse("mfa_verify"), {"code": code, "next": "/"})
    assert response.status_code == 400
    assert second.get(reverse("home")).status_code == 302


def test_the_next_parameter_cannot_send_the_user_to_another_site(consultant):
    _enrol(_password_sign_in("consultant1"))
    client = _password_sign_in("consultant1")
    code = StaticToken.objects.filter(device__user=consultant).first().token
    response = client.post(reverse("mfa_verify"), {"code": code, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_staff_must_set_up_a_second_factor_to_reach_the_admin(administrator):
    client = _password_sign_in("admin1")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_setup"))
    # Not only the admin: a staff user reads every organisation's figures.
    assert client.get(reverse("assessments:portfolio"))["Location"].startswith(reverse("mfa_setup"))
    page = client.get(response["Location"])
    assert "must use two-factor sign-in" in page.content.decode()

    _enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200
    # A required second factor cannot be turned off.
    client.post(reverse("mfa_disable"))
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()


def test_staff_with_an_authenticator_give_a_code_before_the_admin(administrator):
    device = totp_device_for(administrator)
    client = _password_sign_in("admin1")
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("mfa_verify"))
    client.post(reverse("mfa_verify"), {"code": totp_code(device), "next": reverse("admin:index")})
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_manager_requires_a_second_factor_of_every_member(organisation, manager, consultant, other_consultant):
    manager_client = _password_sign_in("manager1")
    _enrol(manager_client)
    response = manager_client.post(reverse("organisation_mfa", args=[organisation.pk]), {"mfa_required": "on"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).mfa_required

    # Its consultant is sent to set one up before anything else ...
    member = _password_sign_in("consultant1")
    response = member.get(reverse("assessments:organisation_detail", args=[organisation.pk]))
    assert response["Location"].startswith(reverse("mfa_setup"))
    # ... while a member of another organisation is not concerned.
    outsider = _password_sign_in("consultant2")
    assert outsider.get(reverse("home")).status_code == 200

    _enrol(member)
    assert member.get(reverse("assessments:organisation_detail", args=[organisation.pk])).status_code == 200


def test_only_managers_set_the_requirement(organisation, consultant, manager, client_for):
    response = client_for(consultant).post(reverse("organisation_mfa", args=[organisation.pk]), {"mfa_required": "on"})
    assert response.status_code == 403
    assert not Organisation.objects.get(pk=organisation.pk).mfa_required
    page = client_for(manager).get(reverse("assessments:organisation_detail", args=[organisation.pk]))
    assert reverse("organisation_mfa", args=[organisation.pk]) in page.content.decode()


def test_an_optional_second_factor_can_be_turned_off_from_a_verified_session(consultant):
    client = _password_sign_in("consultant1")
    _enrol(client)
    client.post(reverse("mfa_disable"))
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert _password_sign_in("consultant1").get(reverse("home")).status_code == 200


def test_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(consultant):
    client = _password_sign_in("consultant1")
    _device, old_codes = _enrol(client)
    response = client.post(reverse("mfa_recovery_codes"))
    new_codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", response.content.decode())
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    again = _password_sign_in("consultant1")
    assert again.post(reverse("mfa_verify"), {"code": old_codes[1]}).status_code == 400


def test_a_member_role_makes_no_difference_without_the_flag(organisation):
    MembershipFactory(organisation=organisation, role=Role.CONSULTANT, user__username="plain")
    UserFactory(username="plain")
    assert _password_sign_in("plain").get(reverse("home")).status_code == 200
