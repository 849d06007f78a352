import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from providers.models import Offering, Provider
from providers.seed import seed_catalogue_permissions
from tests.factories.core import UserFactory
from tests.factories.providers import OfferingFactory, ProviderFactory
from tests.providers.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:providers_provider_import")


def _upload(content: bytes, name: str = "catalogue.csv") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


@pytest.fixture
def catalogue_manager(db):
    """A staff member of the administrator group, with the seeded permissions (not a superuser)."""
    seed_catalogue_permissions()
    user = UserFactory.create(username="catalogue-manager", is_staff=True)
    user.groups.add(Group.objects.get(name="administrator"))
    return user


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:providers_provider_changelist"),
        reverse("admin:providers_provider_changelist") + "?is_active__exact=1&kind=ITO&regions__id__exact=1",
        reverse("admin:providers_offering_changelist") + "?capability__kind=BPO&delivery_model__exact=offshore",
        reverse("admin:providers_capability_changelist"),
        reverse("admin:providers_benchmark_changelist") + "?judgement=yes",
        reverse("admin:providers_region_changelist"),
        reverse("admin:providers_certification_changelist"),
        reverse("admin:providers_provider_add"),
        IMPORT,
    ],
)
def test_admin_pages_work_for_a_catalogue_manager(client_for, catalogue_manager, taxonomy, url):
    OfferingFactory.create(capability__code="compute")
    assert client_for(catalogue_manager).get(url).status_code == 200


def test_provider_change_page_has_offering_inline_and_history(client_for, catalogue_manager, taxonomy):
    offering = OfferingFactory.create(capability__code="compute")
    client = client_for(catalogue_manager)
    page = client.get(reverse("admin:providers_provider_change", args=[offering.provider.pk])).content.decode()
    assert "offerings-TOTAL_FORMS" in page
    history = client.get(reverse("admin:providers_provider_history", args=[offering.provider.pk]))
    assert history.status_code == 200


def test_changelist_links_to_import_and_export(client_for, catalogue_manager):
    html = client_for(catalogue_manager).get(reverse("admin:providers_provider_changelist")).content.decode()
    assert IMPORT in html
    assert reverse("admin:providers_provider_export", args=["xlsx"]) in html


def test_bulk_deactivate_and_activate_record_who_did_it(client_for, catalogue_manager):
    providers = [ProviderFactory.create(), ProviderFactory.create()]
    client = client_for(catalogue_manager)
    changelist = reverse("admin:providers_provider_changelist")
    response = client.post(
        changelist, {"action": "deactivate", "_selected_action": [p.pk for p in providers]}, follow=True
    )
    assert "2 providers deactivated" in response.content.decode()
    assert not Provider.objects.filter(is_active=True).exists()
    latest = providers[0].history.first()
    assert latest.history_user == catalogue_manager
    assert latest.is_active is False
    assert latest.history_change_reason == "Bulk deactivation"
    client.post(changelist, {"action": "activate", "_selected_action": [providers[0].pk]})
    assert list(Provider.objects.filter(is_active=True)) == [providers[0]]


def test_import_upload_preview_confirm(client_for, catalogue_manager, taxonomy):
    client = client_for(catalogue_manager)
    content = csv_bytes([row(), row(capability="payroll", delivery_model="offshore")])
    preview = client.post(IMPORT, _upload(content))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Confirm the import" in html
    assert not Provider.objects.exists()
    token = preview.context["confirm_form"].initial["token"]
    done = client.post(IMPORT, {"token": token})
    assert done.status_code == 302
    assert Provider.objects.count() == 1
    assert Offering.objects.count() == 2
    latest = Provider.history.first()
    assert latest.history_user == catalogue_manager
    assert latest.history_change_reason == "Import of catalogue.csv"
    # The preview can be confirmed once only.
    again = client.post(IMPORT, {"token": token})
    assert again.status_code == 302
    assert Offering.objects.count() == 2


def test_import_of_the_same_file_again_has_nothing_to_do(client_for, catalogue_manager, taxonomy):
    client = client_for(catalogue_manager)
    content = csv_bytes([row()])
    client.post(IMPORT, {"token": client.post(IMPORT, _upload(content)).context["confirm_form"].initial["token"]})
    html = client.post(IMPORT, _upload(content)).content.decode()
    assert "nothing to import" in html


def test_import_preview_lists_every_bad_row(client_for, catalogue_manager, taxonomy):
    content = csv_bytes([row(), row(capability="teleportation"), row(capability="payroll", capacity_ftes="-3")])
    response = client_for(catalogue_manager).post(IMPORT, _upload(content))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 problems" in html
    assert "teleportation" in html
    assert "capacity_ftes" in html
    assert "Confirm the import" not in html
    assert not Provider.objects.exists()


def test_import_refuses_a_fake_xlsx_without_a_server_error(client_for, catalogue_manager, taxonomy):
    response = client_for(catalogue_manager).post(IMPORT, _upload(b"\x89PNG not a workbook", "catalogue.xlsx"))
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()


@override_settings(IMPORT_MAX_BYTES=100)
def test_import_refuses_a_file_over_the_size_limit(client_for, catalogue_manager, taxonomy):
    response = client_for(catalogue_manager).post(IMPORT, _upload(csv_bytes([row()])))
    assert response.status_code == 200
    assert "the limit is 0 KB" in response.content.decode()
    assert not Provider.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_and_template_downloads(client_for, catalogue_manager, taxonomy, fmt):
    OfferingFactory.create(provider__name="=cmd Demo", provider__slug="cmd-demo", capability__code="compute")
    client = client_for(catalogue_manager)
    export = client.get(reverse("admin:providers_provider_export", args=[fmt]))
    assert export.status_code == 200
    assert f".{fmt}" in export["Content-Disposition"]
    template = client.get(reverse("admin:providers_provider_import_template", args=[fmt]))
    assert template.status_code == 200
    assert export.streaming  # written as it is read, never whole in memory
    content = b"".join(export.streaming_content)
    if fmt == "csv":
        assert "'=cmd Demo" in content.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet.cell(row=2, column=2).value == "'=cmd Demo"
    assert client.get(reverse("admin:providers_provider_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("role", ["consultant", "manager"])
@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:providers_provider_changelist"),
        IMPORT,
        reverse("admin:providers_provider_export", args=["csv"]),
        reverse("admin:providers_provider_add"),
    ],
)
def test_consultants_and_managers_cannot_reach_the_admin(client_for, request, role, url):
    user = request.getfixturevalue(role)
    response = client_for(user).get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_consultants_and_managers_cannot_import(client_for, request, role, taxonomy):
    user = request.getfixturevalue(role)
    response = client_for(user).post(IMPORT, _upload(csv_bytes([row()])))
    assert response.status_code == 302
    assert not Provider.objects.exists()


def test_staff_without_catalogue_permissions_gets_403_on_import(client_for, taxonomy):
    staff = UserFactory.create(username="helpdesk", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_provider"))
    client = client_for(staff)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, _upload(csv_bytes([row()]))).status_code == 403
    assert not Provider.objects.exists()
    assert "Import CSV" not in client.get(reverse("admin:providers_provider_changelist")).content.decode()
