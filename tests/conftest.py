"""Shared fixtures: one organisation with a member of each role, and a second
organisation whose members must never see the first one's data."""

import os

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import set_urlconf
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

from assessments.models import Role
from outsourcing.celery import app as celery_app
from tests.factories.core import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.mfa import force_login_verified

# In CI the property-based tests explore the same examples every run (derandomised), so a red
# run is reproducible; locally they keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROLE_GROUPS = ("consultant", "manager", "administrator")

# Celery settings that tests switch for a while (eager runs, an unreachable broker).
_CELERY_KEYS = ("broker_url", "task_always_eager", "task_eager_propagates")


def _reset_process_state() -> None:
    # A request through LocaleMiddleware leaves its language active in the thread; a later
    # test would then read Indonesian messages where it expects the default language.
    translation.deactivate()
    timezone.deactivate()
    set_urlconf(None)
    # Cached dashboard pages and charts are keyed by row ids, which a rolled-back test hands
    # out again: a page cached by one test must not be served to the next.
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _isolated_process_state():
    """Each test starts from, and leaves, the process defaults: the default language and time
    zone, the root URLconf, empty caches and the Celery settings of the project, so the
    suite passes in any order (CI shuffles it with pytest-randomly)."""
    celery_conf = {key: celery_app.conf[key] for key in _CELERY_KEYS}
    _reset_process_state()
    yield
    _reset_process_state()
    for key, value in celery_conf.items():
        celery_app.conf[key] = value


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher takes about a second per user on purpose; tests create many users
    # and are not about password storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _role_groups(request):
    """Recreate the role groups a migration made: a transactional test's flush deletes them."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from django.contrib.auth.models import Group

    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def organisation(db):
    return OrganisationFactory.create(name="Own Organisation")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory.create(name="Other Organisation")


@pytest.fixture
def consultant(organisation):
    return MembershipFactory.create(organisation=organisation, role=Role.CONSULTANT, user__username="consultant1").user


@pytest.fixture
def manager(organisation):
    return MembershipFactory.create(organisation=organisation, role=Role.MANAGER, user__username="manager1").user


@pytest.fixture
def administrator(db):
    return UserFactory.create(username="admin1", is_staff=True, is_superuser=True)


@pytest.fixture
def other_consultant(other_organisation):
    return MembershipFactory.create(
        organisation=other_organisation, role=Role.CONSULTANT, user__username="consultant2"
    ).user


@pytest.fixture
def other_manager(other_organisation):
    return MembershipFactory.create(organisation=other_organisation, role=Role.MANAGER, user__username="manager2").user


@pytest.fixture
def client_for():
    """A logged-in test client for the given user."""

    def make(user) -> Client:
        # Staff must give a second factor (outsourcing/security/services.py): their session has one.
        return force_login_verified(Client(), user)

    return make
