"""Demo users and organisations for `seed_demo`. Idempotent."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from assessments.models import Currency, Membership, Organisation, Role
from providers.models import Region


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    group: str
    is_staff: bool = False


# Development sign-ins, printed by `make run`. Never used outside a demo database.
DEMO_USERS = (
    DemoUser("consultant", "demo-consultant-2026", "Sari", "Wijaya", "consultant"),
    DemoUser("manager", "demo-manager-2026", "Budi", "Santoso", "manager"),
    DemoUser("admin", "demo-admin-2026", "Anna", "Keller", "administrator", is_staff=True),
)

DEMO_ORGANISATIONS = (
    # (name, industry, country, region code, currency)
    ("PT Nusantara Logistik Demo", "Logistics", "Indonesia", "id", Currency.IDR),
    ("Rheinland Fertigung Demo GmbH", "Manufacturing", "Germany", "eu", Currency.EUR),
    # A bank, so the demo shows the regulation gate on BPO (OJK's POJK No. 9/POJK.03/2016).
    ("PT Bank Sejahtera Nusantara Demo", "Banking", "Indonesia", "id", Currency.IDR),
)


@transaction.atomic
def demo_users_seed(*, passwords: dict[str, str] | None = None) -> dict[str, User]:
    """Create the demo users (idempotent) with the published passwords, or with `passwords`
    (username -> password) where given: those also replace a published password still in use."""
    passwords = passwords or {}
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.com",
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_staff,
            },
        )
        chosen = passwords.get(spec.username)
        if created or (chosen and user.check_password(spec.password)):
            user.set_password(chosen or spec.password)
            user.save(update_fields=["password"])
        group, _ = Group.objects.get_or_create(name=spec.group)
        user.groups.add(group)
        users[spec.username] = user
    return users


@transaction.atomic
def demo_organisations_seed(*, users: dict[str, User]) -> list[Organisation]:
    organisations = []
    for name, industry, country, region_code, currency in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "industry": industry,
                "country": country,
                "region": Region.objects.get(code=region_code),
                "currency": currency,
            },
        )
        Membership.objects.get_or_create(
            user=users["consultant"], organisation=organisation, defaults={"role": Role.CONSULTANT}
        )
        Membership.objects.get_or_create(
            user=users["manager"], organisation=organisation, defaults={"role": Role.MANAGER}
        )
        organisations.append(organisation)
    return organisations
