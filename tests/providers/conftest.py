import csv
import io

import pytest

from providers.seed import seed_capabilities, seed_certifications, seed_regions
from providers.spreadsheet import COLUMNS, EXAMPLE_ROW


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users get a password; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def taxonomy(db):
    """Regions, certifications and the shipped capability taxonomy with benchmarks."""
    seed_regions()
    seed_certifications()
    seed_capabilities()


def row(**overrides: str) -> dict[str, str]:
    """A valid catalogue row (the template's example), with some cells changed."""
    return {**EXAMPLE_ROW, **overrides}


def csv_bytes(rows: list[dict[str, str]], columns=COLUMNS, *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")
