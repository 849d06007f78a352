"""`seed_demo` on a production database: refused without --force; with it, no published password."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from assessments.organisations.demo import DEMO_USERS


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.TESTING = False


def test_seed_demo_refuses_to_run_with_debug_off(production, db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_with_force_the_demo_users_get_random_passwords_printed_once(production, db):
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    printed = dict(re.findall(r"^\s+\w+\s+(\w+) / (\S+)$", out.getvalue(), flags=re.MULTILINE))
    assert set(printed) == {spec.username for spec in DEMO_USERS}
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert not user.check_password(spec.password), f"{spec.username} has the published password"
        assert user.check_password(printed[spec.username])
        assert printed[spec.username] not in {other.password for other in DEMO_USERS}
    assert User.objects.get(username="admin").is_superuser

    # Run again: nobody's password changes, and none is printed.
    again = io.StringIO()
    call_command("seed_demo", "--force", stdout=again)
    assert "(unchanged" in again.getvalue()
    for spec in DEMO_USERS:
        assert User.objects.get(username=spec.username).check_password(printed[spec.username])


def test_with_force_a_published_password_left_by_a_debug_run_is_replaced(settings, db):
    call_command("seed_demo", stdout=io.StringIO())  # under the test runner: a development database
    admin = User.objects.get(username="admin")
    assert admin.check_password("demo-admin-2026")
    settings.DEBUG = False
    settings.TESTING = False
    call_command("seed_demo", "--force", stdout=io.StringIO())
    admin.refresh_from_db()
    assert not admin.check_password("demo-admin-2026")


def test_in_debug_mode_the_published_passwords_are_used(settings, db):
    settings.DEBUG = True
    settings.TESTING = False
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo-manager-2026" in out.getvalue()
    assert User.objects.get(username="manager").check_password("demo-manager-2026")
