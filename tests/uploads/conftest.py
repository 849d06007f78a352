"""Fixtures and helpers of the upload tests: the case files (copied from ../shared/cases so the
tests run on a clone without it), the capability taxonomy and a draft."""

from pathlib import Path

import pytest

from tests.assessments.conftest import capability_set, draft  # noqa: F401 - fixtures used here
from tests.providers.conftest import taxonomy  # noqa: F401 - fixture used here

CASES = Path(__file__).resolve().parents[1] / "cases"
SHARED_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "cases"


def case_bytes(kind: str, name: str) -> bytes:
    """A case file: the copy in tests/cases/<kind>/, which must equal the shared one when that exists."""
    content = (CASES / kind / name).read_bytes()
    shared = SHARED_CASES / kind / name
    if shared.exists():
        assert shared.read_bytes() == content, f"tests/cases/{kind}/{name} differs from the shared case"
    return content


@pytest.fixture
def budgets_default(settings):
    """The shipped budgets, whatever the environment running the tests says."""
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 5000
    settings.UPLOAD_MAX_ROWS_SCANNED = 50_000
    settings.UPLOAD_MAX_COLUMNS = 200
    settings.UPLOAD_MAX_CELLS = 150_000
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024
    settings.UPLOAD_MAX_ERRORS = 200
    settings.UPLOAD_MAX_SECONDS = 10.0
    return settings
