"""Writes for organisations: create one (its creator becomes its consultant), update it."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from assessments.models import Membership, Organisation, Role

ORGANISATION_FIELDS = ("name", "industry", "country", "region", "currency")


@transaction.atomic
def organisation_create(*, user: User, data: Mapping[str, Any]) -> Organisation:
    """A new organisation; its creator becomes a consultant member of it."""
    organisation = Organisation(**{name: data[name] for name in ORGANISATION_FIELDS if name in data})
    organisation.full_clean()
    organisation._history_user = user
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.CONSULTANT)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, user: User, data: Mapping[str, Any]) -> Organisation:
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    organisation.full_clean()
    organisation._history_user = user
    organisation.save()
    return organisation
