"""Issue 16's team journey, in English and in Bahasa Indonesia: a consultant creates an organisation,
invites a manager by e-mail (the link read from the test outbox), the manager signs up through it and
joins, approves a scenario of a computed roadmap, and the portfolio then shows that scenario's NPV.
In Bahasa Indonesia no page it visits shows an English capability name."""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from assessments.models import Decision, Organisation, Roadmap
from assessments.templatetags.money import money
from providers.models import Capability
from tests.e2e.journey_support import reference_data, sign_in, user_create  # noqa: F401 - a fixture
from tests.factories.roadmaps import done_roadmap_for, roadmap_done_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MANAGER_PASSWORD = "a long passphrase for the board 2026"


def _english_capability_names() -> list[str]:
    """Names of the seeded capabilities whose Indonesian translation differs from the English name."""
    names = list(Capability.objects.values_list("name", flat=True))
    with translation.override("id"):
        return [name for name in names if translation.gettext(name) != name]


def _no_english_capability_name(page: Page, names: list[str]) -> None:
    text = page.locator("main").inner_text()
    found = [name for name in names if name in text]
    assert not found, f"{page.url} shows English capability names: {found}"


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_consultant_staffs_a_new_client_and_its_manager_approves_a_scenario(page, reference_data, language):  # noqa: F811
    consultant = user_create("consultant", group="consultant")
    sign_in(page, "consultant")
    if language == "id":
        page.locator("#language-select").select_option("id")
        expect(page.locator("html")).to_have_attribute("lang", "id")

    # The consultant creates the client organisation.
    page.goto("/organisations/new/")
    page.locator("#id_name").fill("PT Nusantara Logistik")
    region = next(iter(reference_data.values()))
    page.locator("#id_region").select_option(str(region.pk))
    page.locator("main form [type=submit]").first.click()
    organisation = Organisation.objects.get(name="PT Nusantara Logistik")
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    expect(page.get_by_test_id("no-manager")).to_be_visible()

    # ... and invites its manager from the team page.
    page.locator(f"a[href='/organisations/{organisation.pk}/members/#invite']").first.click()
    page.locator("#id_email").fill("direktur@nusantara.example")
    page.locator("#id_role").select_option("manager")
    page.locator("#invite [type=submit]").click()
    expect(page.get_by_test_id("invitations")).to_contain_text("direktur@nusantara.example")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert isinstance(body, str), "the invitation e-mail is rendered text, not a lazy string"
    link = re.search(r"https?://\S+/invitations/\S+/", body)
    assert link, body

    # A computed roadmap and a scenario of it (computing is the consultant journey's subject).
    base = done_roadmap_for(organisation=organisation, author=consultant)
    scenario = roadmap_done_create(
        assessment=base.assessment, name="Gate 75", overrides={"gate_fraction": 0.75}, requested_by=consultant
    )
    assert scenario.npv != base.npv
    english_names = _english_capability_names() if language == "id" else []
    assert language == "en" or english_names, "the seeded capabilities have Indonesian names to check against"

    # The manager opens the e-mailed link in a fresh session, signs up and joins.
    page.context.clear_cookies()
    page.goto(link.group(0))
    if language == "id":
        page.locator("#language-select").select_option("id")
    page.locator("#id_first_name").fill("Dewi")
    page.locator("#id_last_name").fill("Santoso")
    page.locator("#id_password1").fill(MANAGER_PASSWORD)
    page.locator("#id_password2").fill(MANAGER_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    expect(page.get_by_test_id("team")).to_contain_text("Dewi Santoso")

    # The manager approves the scenario at its dashboard.
    page.goto(f"/roadmaps/{scenario.pk}/dashboard/")
    if english_names:
        _no_english_capability_name(page, english_names)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#decision button[value='approved']").click()
    expect(page.locator("#decision")).to_have_class(re.compile("border-success"))
    scenario.refresh_from_db()
    assert scenario.decision == Decision.APPROVED

    # The portfolio counts the approved scenario: its NPV and a link to it.
    page.goto("/portfolio/")
    row = page.locator(f"tr[data-assessment='{base.assessment_id}']")
    with translation.override(language):
        expected_npv = money(Roadmap.objects.get(pk=scenario.pk).npv, base.assessment.currency)
    expect(row).to_contain_text(expected_npv)
    expect(row.locator(f"a[href='/roadmaps/{scenario.pk}/dashboard/']")).to_be_visible()
    if english_names:
        _no_english_capability_name(page, english_names)
        page.goto(f"/organisations/{organisation.pk}/members/")
        _no_english_capability_name(page, english_names)
