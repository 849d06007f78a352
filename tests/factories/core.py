"""Factories for users, organisations, memberships and the reference data they need."""

import factory
from django.contrib.auth.models import User

from assessments.engine import CAPABILITIES
from assessments.models import Currency, Membership, Organisation, Role
from providers.models import Capability, Kind, Region

TEST_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)
    _save = factory.PostGeneration(lambda user, create, extracted, **kwargs: user.save() if create else None)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "id"
    name = "Indonesia"


class CapabilityFactory(factory.django.DjangoModelFactory[Capability]):
    class Meta:
        model = Capability
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"capability-{n}")
    name = factory.LazyAttribute(lambda c: c.code.replace("_", " ").title())
    kind = Kind.ITO


def capability_get(code: str, *, kind: str = Kind.ITO) -> Capability:
    """The capability with this code, created on first use: a shipped code gets its shipped kind and
    name, any other code the kind given (ITO or BPO) and a name made from the code."""
    if code in CAPABILITIES:
        kind, name = CAPABILITIES[code]
    else:
        name = code.replace("_", " ").title()
    capability, _ = Capability.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    return capability


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    region = factory.SubFactory(RegionFactory)
    currency = Currency.IDR


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSULTANT
