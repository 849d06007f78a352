"""An administrator curates the catalogue: adds a provider with two offerings in the Django admin
(inline forms, autocomplete fields), imports another from a file (preview, then confirm), and
once the consultant recomputes the roadmap both lead the shortlists of the items they fit."""

import re

import pytest
from playwright.sync_api import FilePayload, Page, expect

from assessments.models import RoadmapStatus, Role
from providers.models import Offering, Provider
from providers.spreadsheet import catalogue_csv_bytes
from tests.e2e.journey_support import (
    member_create,
    message,
    reference_data,
    sign_in,
    user_create,
)
from tests.factories.core import OrganisationFactory
from tests.factories.mfa import totp_device_for
from tests.factories.roadmaps import assessment_with_lines_create, providers_create, roadmap_done_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["reference_data"]  # a fixture, used by name below

NEW_PROVIDER = "Garuda Compute Prima"
IMPORTED_PROVIDER = "Payroll Juara"


@pytest.fixture
def computed(reference_data):
    """An assessment of an Indonesian organisation, computed against the catalogue as it was."""
    organisation = OrganisationFactory.create(name="PT Katalog", region=reference_data["id"])
    consultant = member_create("rina", organisation=organisation, role=Role.CONSULTANT)
    totp_device_for(user_create("curator", is_staff=True, is_superuser=True))  # staff sign in with a code
    providers_create(region=reference_data["id"])
    assessment = assessment_with_lines_create(organisation=organisation, author=consultant, title="Catalogue check")
    return roadmap_done_create(assessment=assessment, requested_by=consultant)


def _shortlist(page: Page, capability: str):
    """The ranked provider names of the dashboard item of `capability`."""
    item = page.locator("tbody.item").filter(has=page.get_by_role("rowheader", name=capability, exact=True))
    return item.locator(".shortlist-entry .fw-semibold")


def _autocomplete(page: Page, select_id: str, search: str, option: str) -> None:
    """Choose in one of the admin's autocomplete (select2) fields, as a user does: click, type, pick."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_administrator_adds_and_imports_providers_that_lead_the_recomputed_shortlists(
    page: Page, computed, browser, live_server, eager_tasks
):
    dashboard = f"/roadmaps/{computed.pk}/dashboard/"
    sign_in(page, "curator")

    # Before: the computed roadmap's shortlists know nothing of the new providers (read-only for her).
    page.goto(dashboard)
    expect(_shortlist(page, "Compute").first).to_have_text("Nusantara IT Services")
    expect(_shortlist(page, "Payroll").first).to_have_text("Gaji Mudah BPO")
    expect(page.get_by_role("link", name="What if? Create a scenario")).to_have_count(0)

    # A provider with two offerings, typed into the admin.
    page.goto("/")
    page.get_by_role("link", name="Curate the catalogue and benchmarks").click()
    page.get_by_role("link", name="Providers").first.click()
    page.get_by_role("link", name=re.compile("Add provider")).click()
    expect(page.get_by_role("heading", name="Add provider")).to_be_visible()
    page.get_by_label("Name:").press_sequentially(NEW_PROVIDER)  # typed: the slug follows the keys
    expect(page.get_by_label("Slug:")).to_have_value("garuda-compute-prima")  # filled from the name
    page.get_by_label("Headquarters country:").fill("Indonesia")
    page.get_by_label("Rating:").fill("4.90")
    _autocomplete(page, "id_regions", "Indo", "Indonesia")
    for certification in ("27001", "SOC 2", "20000"):
        _autocomplete(page, "id_certifications", certification, certification)
    offerings = [
        ("Compute", "0.50", "5000", "10.0", "30"),
        ("service desk", "0.70", "3000", "9.5", "25"),
    ]
    for index, (capability, price, capacity, quality, years) in enumerate(offerings):
        page.get_by_role("button", name="Add another Offering").click()
        row = f"id_offerings-{index}"
        _autocomplete(page, f"{row}-capability", capability, capability)
        page.locator(f"#{row}-delivery_model").select_option("onshore")
        page.locator(f"#{row}-price_index").fill(price)
        page.locator(f"#{row}-capacity_ftes").fill(capacity)
        page.locator(f"#{row}-quality_score").fill(quality)
        page.locator(f"#{row}-experience_years").fill(years)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"“{NEW_PROVIDER}” was added successfully")
    provider = Provider.objects.get(slug="garuda-compute-prima")
    assert sorted(provider.offerings.values_list("capability__code", flat=True)) == ["compute", "service_desk"]
    assert sorted(provider.certifications.values_list("code", flat=True)) == ["iso-20000", "iso-27001", "soc-2"]

    # Another provider from a catalogue file: check it, read the preview, confirm.
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import providers and offerings")).to_be_visible()
    catalogue_row = {
        "slug": "payroll-juara", "name": IMPORTED_PROVIDER, "description": "Payroll for Indonesian employers.",
        "website": "https://payroll-juara.example", "headquarters_country": "Indonesia", "regions": "id;sea",
        "certifications": "soc-1;soc-2;iso-27001", "founded_year": "2009", "employees": "1200", "rating": "4.80",
        "active": "true", "capability": "payroll", "delivery_model": "onshore", "price_index": "0.55",
        "capacity_ftes": "900", "min_contract_months": "12", "quality_score": "9.8", "experience_years": "15",
    }  # fmt: skip
    page.get_by_label("Catalogue file:").set_input_files(
        files=[FilePayload(name="juara.csv", mimeType="text/csv", buffer=catalogue_csv_bytes(rows=[catalogue_row]))]
    )
    page.get_by_role("button", name="Check the file").click()
    checked = page.locator(".messagelist .success")
    expect(checked).to_contain_text("juara.csv: 1 row is valid. Nothing has been saved yet.")
    summary = page.locator("#import-summary")
    expect(summary.locator("tr", has_text="Providers").locator("td").first).to_have_text("1")
    expect(summary.locator("tr", has_text="Offerings").locator("td").first).to_have_text("1")
    assert not Provider.objects.filter(slug="payroll-juara").exists()  # a preview writes nothing
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Imported juara.csv: 1 providers created")
    expect(page.get_by_role("link", name=IMPORTED_PROVIDER)).to_be_visible()
    assert Offering.objects.filter(provider__slug="payroll-juara", capability__code="payroll").exists()

    # The consultant recomputes: the catalogue changed, so the inputs did, so this is a new roadmap.
    consultant = browser.new_context(base_url=live_server.url)
    try:
        other = consultant.new_page()
        sign_in(other, "rina", start=f"/assessments/{computed.assessment_id}/")
        other.get_by_role("button", name="Compute roadmap").click()
        message(other, "The roadmap is ready.")
        expect(other.locator("#roadmap-status-badge")).to_have_text("Done")
        recomputed_url = re.search(r"/roadmaps/(\d+)/$", other.url)
        assert recomputed_url is not None, other.url
        recomputed = recomputed_url.group(1)
        assert recomputed != str(computed.pk)
    finally:
        consultant.close()

    # Both new providers lead the shortlists of the items they fit best; the old roadmap is unchanged.
    page.goto(f"/roadmaps/{recomputed}/dashboard/")
    compute = _shortlist(page, "Compute")
    expect(compute.first).to_have_text(NEW_PROVIDER)
    expect(compute).to_contain_text(["Nusantara IT Services"])
    expect(_shortlist(page, "Payroll").first).to_have_text(IMPORTED_PROVIDER)
    reason = page.locator("tbody.item", has_text="Compute").locator(".shortlist-entry").first
    expect(reason).to_contain_text("Ranked 1 (TOPSIS")
    expect(reason).to_contain_text("strongest on")
    page.goto(dashboard)
    expect(_shortlist(page, "Compute").first).to_have_text("Nusantara IT Services")
    computed.refresh_from_db()
    assert computed.status == RoadmapStatus.DONE
    assert page.js_errors == []  # type: ignore[attr-defined]  # set by the page fixture (tests/e2e/conftest.py)
