"""Fixtures of the security tests: two organisations with everything a URL can point at.

`world` gives, for the user's own organisation and for another one, a draft assessment
(the capture steps), a computed assessment with a done roadmap from a real engine run
and a scenario of it, plus a provider of the shared catalogue.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

import pytest
from django.apps import apps

from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Engagement,
    Invitation,
    Membership,
    Organisation,
    Programme,
    Roadmap,
    Role,
)
from assessments.organisations.services import invitation_create
from assessments.programmes.services import programme_start
from providers.models import Provider
from tests.factories.assessments import AssessmentFactory
from tests.factories.roadmaps import assessment_with_lines_create, done_roadmap_for, roadmap_done_create


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test user's password is hashed once; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class Tenant:
    """The objects of one organisation that URLs point at."""

    organisation: Organisation
    draft: Assessment
    computed: Assessment
    roadmap: Roadmap
    scenario: Roadmap
    provider: Provider
    programme: Programme
    engagement: Engagement
    invitation: Invitation
    consultant_membership: Membership


def tenant_create(*, organisation: Organisation, author) -> Tenant:
    roadmap = done_roadmap_for(organisation=organisation, author=author)
    scenario = roadmap_done_create(
        assessment=roadmap.assessment, name="Gate 75", overrides={"gate_fraction": 0.75}, requested_by=author
    )
    provider = Provider.objects.order_by("slug").first()
    assert provider is not None, "done_roadmap_for creates the catalogue"
    draft = AssessmentFactory.create(
        organisation=organisation, author=author, title="Draft", status=AssessmentStatus.DRAFT
    )
    # A second assessment whose roadmap is approved and under way as a programme.
    approved = roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation, author=author))
    Roadmap.objects.filter(pk=approved.pk).update(decision=Decision.APPROVED)
    approved.refresh_from_db()
    programme = programme_start(roadmap=approved, first_month=datetime.date(2026, 1, 1), user=author)
    engagement = programme.engagements.order_by("pk").first()
    assert engagement is not None
    invitation, _token = invitation_create(
        organisation=organisation, user=author, email=f"invitee-{organisation.pk}@example.com", role=Role.MANAGER
    )
    return Tenant(
        organisation=organisation,
        draft=draft,
        computed=roadmap.assessment,
        roadmap=roadmap,
        scenario=scenario,
        provider=provider,
        programme=programme,
        engagement=engagement,
        invitation=invitation,
        consultant_membership=Membership.objects.get(organisation=organisation, user=author),
    )


@dataclass(frozen=True)
class World:
    own: Tenant
    other: Tenant


@pytest.fixture
def world(organisation, other_organisation, consultant, manager, administrator, other_consultant) -> World:
    return World(
        own=tenant_create(organisation=organisation, author=consultant),
        other=tenant_create(organisation=other_organisation, author=other_consultant),
    )


# The app's data and the users. History tables are left out: a write they record changes, adds
# or removes a row of the table they mirror, which is in the digest.
_TRACKED_APPS = frozenset({"assessments", "providers", "auth"})
_IGNORED_TABLES = frozenset({"auth_permission", "auth_group_permissions", "auth_group"})
_HISTORY = ("assessments_historical", "providers_historical")
_FROZEN_COLUMNS = frozenset({"inputs", "result"})


def database_fingerprint() -> str:
    """A digest of every row of every app table: equal before and after means nothing was written."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        if model._meta.app_label not in _TRACKED_APPS or table in _IGNORED_TABLES or table.startswith(_HISTORY):
            continue
        # A done roadmap's engine input and result never change and are large: leave them out.
        fields = [field.attname for field in model._meta.concrete_fields if field.attname not in _FROZEN_COLUMNS]
        for row in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(repr((table, row)).encode())
    return digest.hexdigest()
