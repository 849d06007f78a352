"""The shared hostile files (tests/cases/uploads, from ../shared/cases/uploads) posted to the Django
admin's catalogue import, the one upload path a browser reaches outside the app's pages: each is
refused with its reason on the preview page (never a 500), within the upload deadline and the 2 s
target and under 256 MiB peak Python memory (tracemalloc), and nothing is written. The view reads
at most the byte budget of an upload."""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from providers import services as provider_services
from providers.admin import catalogue as catalogue_admin
from providers.models import Offering, Provider
from tests.uploads.conftest import case_bytes

SECONDS = 2.0
PEAK_BYTES = 256 * 1024 * 1024

# file -> words of the reason the preview page gives.
HOSTILE = {
    "declared-full-sheet-one-far-cell.xlsx": "is missing",  # an assessment workbook: no catalogue columns
    "compressed-95mb-rows.xlsx": "expands to more than 32 MB",
    "catalogue-18279-columns.csv": "too many columns (18279)",
    "notes-with-semicolon-formulas.csv": "is missing",
}


@pytest.fixture
def import_url(taxonomy):
    return reverse("admin:providers_provider_import")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_hostile_file_is_refused_by_the_admin_import_in_time(
    case, import_url, administrator, client_for, budgets_default
):
    client = client_for(administrator)
    content = case_bytes("uploads", case)
    started = time.process_time()  # CPU time: other processes on a shared machine cannot break the bound
    response = client.post(import_url, {"file": SimpleUploadedFile(case, content)})
    seconds = time.process_time() - started
    assert response.status_code == 200, response.status_code
    assert seconds < SECONDS, seconds
    assert seconds < budgets_default.UPLOAD_MAX_SECONDS
    page = response.content.decode()
    assert "cannot be imported" in page
    assert HOSTILE[case] in page, page[:2000]
    assert response.context.get("confirm_form") is None
    assert catalogue_admin.IMPORT_SESSION_KEY not in client.session  # nothing kept to confirm
    assert not Provider.objects.exists()
    assert not Offering.objects.exists()
    # Again under tracemalloc: the peak of Python memory for the whole request.
    tracemalloc.start()
    try:
        again = client.post(import_url, {"file": SimpleUploadedFile(case, content)})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert again.status_code == 200
    assert peak < PEAK_BYTES, peak


def test_the_admin_import_refuses_a_file_over_the_byte_budget_before_reading_it(
    import_url, administrator, client_for, budgets_default, monkeypatch
):
    budgets_default.IMPORT_MAX_BYTES = 1024
    seen: list[int] = []
    real = provider_services.catalogue_import

    def spy(*, content: bytes, filename: str, dry_run: bool = False):
        seen.append(len(content))
        return real(content=content, filename=filename, dry_run=dry_run)

    monkeypatch.setattr(catalogue_admin, "catalogue_import", spy)
    response = client_for(administrator).post(
        import_url, {"file": SimpleUploadedFile("big.csv", b"slug,name\n" + b"x" * 200_000)}
    )
    assert response.status_code == 200
    assert seen == []  # refused by its size before any of it is read
    assert "the limit is 1 KB" in response.content.decode()
    # Within the budget, the reader is given the file (and never more than the budget and one byte).
    response = client_for(administrator).post(
        import_url, {"file": SimpleUploadedFile("small.csv", b"slug,name\nx,y\n")}
    )
    assert seen == [len(b"slug,name\nx,y\n")]
    assert "is missing" in response.content.decode()
    assert not Provider.objects.exists()
