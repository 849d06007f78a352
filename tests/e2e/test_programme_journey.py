"""A consultant opens the programme of an approved roadmap, records a month of actuals in the grid,
and sees the BPO gate's status change from "no actuals yet" to "open"."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Decision, Programme, Roadmap
from assessments.roadmaps.services import roadmap_decide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved(eager_tasks) -> Roadmap:
    call_command("seed_demo", stdout=io.StringIO())
    roadmap = Roadmap.objects.get(name="", assessment__organisation__name="PT Nusantara Logistik Demo")
    roadmap_decide(roadmap=roadmap, user=User.objects.get(username="manager"), decision=Decision.APPROVED, comment="")
    return roadmap


def test_consultant_records_a_month_of_actuals_and_the_gate_opens(page, approved):
    page.goto("/")
    page.get_by_label("Username").fill("consultant")
    page.get_by_label("Password").fill("demo-consultant-2026")
    page.get_by_role("button", name="Sign in").click()

    # From the approved roadmap's dashboard, open its programme.
    page.goto(f"/roadmaps/{approved.pk}/dashboard/")
    page.get_by_label("First month of the plan").fill("2026-01")
    page.get_by_role("button", name="Open the programme").click()
    expect(page).to_have_url(re.compile(r"/programmes/\d+/$"))
    programme = Programme.objects.get(roadmap=approved)
    expect(page.locator("#gate-state")).to_have_text("no actuals yet")

    # Record one month in which the ITO savings reach the gate's threshold.
    page.get_by_role("link", name="Record a month of actuals").click()
    ito = programme.engagements.filter(kind="ITO").order_by("pk").first()
    assert ito is not None
    needed = programme.gate_fraction * float(programme.planned_ito_run_rate) / 12
    page.locator(f"#id_e{ito.pk}-realised_savings").fill(f"{needed * 1.02:.2f}")
    page.get_by_role("button", name="Save the month").click()

    expect(page).to_have_url(re.compile(rf"/programmes/{programme.pk}/$"))
    expect(page.locator(".alert", has_text="saved").first).to_be_visible()
    expect(page.locator("#gate-state")).to_have_text("open")
    expect(page.locator("#gate-sentence")).to_contain_text("the gate opened in month")
    expect(page.locator("#variance tbody tr").first).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_the_api_documentation_page_draws_under_the_content_security_policy(page):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sourcing Navigator API")
    assert not page.js_errors, page.js_errors
