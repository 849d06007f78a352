"""Helpers of the consultant, workbook and administrator journeys (the browser, live server,
eager Celery and failure screenshots come from tests/e2e/conftest.py; the fast password
hasher and the role groups from tests/conftest.py).

Journeys sign in through the real sign-in form, so their users get a known password.
"""

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.models import Membership, Organisation
from providers.models import Region
from providers.seed import seed_capabilities, seed_certifications, seed_regions
from tests.factories.mfa import totp_code

PASSWORD = "journey-password-2026"


@pytest.fixture
def reference_data(transactional_db) -> dict[str, Region]:
    """Regions, certifications, and capabilities with their default benchmarks.

    Seeded per test: the live server's tests run in transactions that are flushed afterwards.
    """
    seed_regions()
    seed_certifications()
    seed_capabilities()
    return {region.code: region for region in Region.objects.all()}


def user_create(username: str, *, group: str | None = None, **fields: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.com", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def member_create(username: str, *, organisation: Organisation, role: str) -> User:
    user = user_create(username, group=role)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def sign_in(page: Page, username: str, *, start: str = "/") -> None:
    """Open `start` signed out, get sent to the sign-in form, fill it, and land on `start`."""
    page.goto(start)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if "/accounts/two-factor/verify/" in page.url:
        # A user with an authenticator (staff must have one): type the code the app shows now.
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code").fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))


def charts_drawn(page: Page) -> int:
    """Every chart on the page was drawn by plotly (it adds svg.main-svg). Returns how many."""
    charts = page.locator("[data-figure-id]")
    count = charts.count()
    assert count > 0, "the page has no chart"
    expect(page.locator("[data-figure-id][data-rendered='true']")).to_have_count(count)
    for index in range(count):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_attached()
    return count


def message(page: Page, text: str | re.Pattern) -> None:
    """A flash message (Django messages, shown as Bootstrap alerts) with this text is visible."""
    expect(page.locator(".alert", has_text=text).first).to_be_visible()
