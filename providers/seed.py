"""Reference data every installation needs: regions, certifications, the capability
taxonomy with its default benchmarks, and the administrators' catalogue permissions.

Idempotent: running it again changes nothing. Capabilities and benchmarks are only
created when missing, so figures an administrator has edited are never overwritten.
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_noop

from providers.models import Benchmark, Capability, Certification, Offering, Provider, Region

# Names are English msgids: Region.__str__ shows them in the reader's language.
REGIONS = (
    ("id", gettext_noop("Indonesia")),
    ("sea", gettext_noop("Southeast Asia")),
    ("eu", gettext_noop("Europe")),
    ("na", gettext_noop("North America")),
    ("apac", gettext_noop("Asia Pacific")),
)

CERTIFICATIONS = (
    ("iso-27001", "ISO/IEC 27001", "Information security management."),
    ("iso-9001", "ISO 9001", "Quality management."),
    ("iso-20000", "ISO/IEC 20000-1", "IT service management."),
    ("iso-22301", "ISO 22301", "Business continuity management."),
    ("iso-18295", "ISO 18295", "Customer contact centres: service requirements."),
    ("soc-1", "SOC 1", "Controls relevant to financial reporting (ISAE 3402 / SSAE 18)."),
    ("soc-2", "SOC 2", "Security, availability and confidentiality controls (AICPA)."),
    ("cmmi", "CMMI", "Capability Maturity Model Integration, level 3 or above."),
    ("copc", "COPC", "Customer experience operations standard for contact centres."),
    ("pci-dss", "PCI DSS", "Payment card data security."),
)

# What each capability covers, shown in the catalogue. Stored in English and translated
# on display ({% translate capability.description %}); gettext_noop marks them for makemessages.
CAPABILITY_DESCRIPTIONS: dict[str, str] = {
    "data_centre": gettext_noop(
        "Facilities, hosting and co-location: floor space, power, cooling and the physical operation of servers."
    ),
    "compute": gettext_noop(
        "Servers and virtual machines, private and public cloud capacity, operating systems and their patching."
    ),
    "storage": gettext_noop("Online storage, backup, archiving and restore, including disaster-recovery copies."),
    "network": gettext_noop(
        "Wide-area and local networks, wireless, internet access and voice, from design to daily operation."
    ),
    "service_desk": gettext_noop(
        "End-user support: the help desk, desk-side support, devices and the handling of incidents and requests."
    ),
    "applications": gettext_noop(
        "Development, maintenance and support of business applications, including testing and releases."
    ),
    "security": gettext_noop(
        "Security operations: monitoring, identity and access management, vulnerability management and response."
    ),
    "hr": gettext_noop(
        "Personnel administration: employee records, onboarding and offboarding, benefits and HR queries."
    ),
    "payroll": gettext_noop("Payroll calculation and payment, payslips, tax and social-security filings."),
    "recruitment": gettext_noop("Sourcing and screening candidates, interview scheduling and offers (RPO)."),
    "finance": gettext_noop("Financial planning and reporting support, treasury operations and period close."),
    "accounting": gettext_noop(
        "Transaction accounting: accounts payable and receivable, general ledger and reconciliations."
    ),
    "customer_service": gettext_noop(
        "Contact-centre services over phone, e-mail and chat, complaint handling and after-sales support."
    ),
    "procurement": gettext_noop(
        "Purchase-to-pay operations, supplier onboarding, sourcing support and spend analysis."
    ),
    "document_processing": gettext_noop(
        "Capture, digitisation, indexing and data entry of documents and forms, with quality checks."
    ),
}

# The engine's English capability names, so that makemessages offers them for translation.
CAPABILITY_NAMES = (
    gettext_noop("Data centre and hosting"),
    gettext_noop("Compute"),
    gettext_noop("Storage"),
    gettext_noop("Network and wireless"),
    gettext_noop("End-user support / service desk"),
    gettext_noop("Applications"),
    gettext_noop("Security"),
    gettext_noop("HR / personnel management"),
    gettext_noop("Payroll"),
    gettext_noop("Recruitment"),
    gettext_noop("Finance"),
    gettext_noop("Accounting"),
    gettext_noop("Customer service"),
    gettext_noop("Procurement"),
    gettext_noop("Document processing"),
)

CATALOGUE_MODELS = (Capability, Benchmark, Region, Certification, Provider, Offering)
ADMINISTRATOR_GROUP = "administrator"


def seed_regions() -> None:
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})


def seed_certifications() -> None:
    for code, name, description in CERTIFICATIONS:
        Certification.objects.update_or_create(code=code, defaults={"name": name, "description": description})


def _money_fraction(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def _one_source(*texts: str) -> str:
    """The distinct source texts of several figures, in order."""
    return "\n".join(dict.fromkeys(text for text in texts if text))


@transaction.atomic
def seed_capabilities() -> None:
    """The capability taxonomy and default benchmarks, from the engine's defaults (one source of truth)."""
    from assessments.engine import CAPABILITIES, DEFAULT_BENCHMARKS

    for order, (code, (kind, name)) in enumerate(CAPABILITIES.items()):
        capability, _ = Capability.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "sort_order": order,
                "description": CAPABILITY_DESCRIPTIONS.get(code, ""),
            },
        )
        default = DEFAULT_BENCHMARKS.get(code)
        if default is None:
            continue
        existing = Benchmark.objects.filter(capability=capability).first()
        if existing is not None:
            _market_band_fill(benchmark=existing, default=default)
            continue
        ito = kind == "ITO"
        Benchmark.objects.create(
            capability=capability,
            savings_low=_money_fraction(default.savings_low),
            savings_typical=_money_fraction(default.savings_typical),
            savings_high=_money_fraction(default.savings_high),
            savings_source=_one_source(
                default.source_of("savings_low"),
                default.source_of("savings_typical"),
                default.source_of("savings_high"),
            ),
            transition_months=default.transition_months,
            transition_months_source=default.source_of("transition_months"),
            transition_cost_fraction=_money_fraction(default.transition_cost_fraction),
            transition_cost_source=default.source_of("transition_cost_fraction"),
            # The engine uses 0 for "not applicable"; the model says so with NULL.
            engagement_months=(default.engagement_months or None) if ito else None,
            ramp_months=None if ito else (default.ramp_months or None),
            duration_source=default.source_of("engagement_months" if ito else "ramp_months"),
            **_market_band(default),
        )


def _market_band(default: Any) -> dict[str, Any]:
    """The model fields of an engine default's market unit-cost band; empty when it has none."""
    if default.market_unit_cost_typical is None:
        return {}
    return {
        "unit_of_measure": default.unit_of_measure,
        "market_unit_cost_low": Decimal(str(default.market_unit_cost_low)),
        "market_unit_cost_typical": Decimal(str(default.market_unit_cost_typical)),
        "market_unit_cost_high": Decimal(str(default.market_unit_cost_high)),
        "market_currency": default.market_currency,
        "market_year": default.market_year,
        "market_region": default.market_region,
        "market_source": _one_source(
            default.source_of("market_unit_cost_low"),
            default.source_of("market_unit_cost_typical"),
            default.source_of("market_unit_cost_high"),
        ),
    }


def _market_band_fill(*, benchmark: Benchmark, default: Any) -> None:
    """Give a benchmark seeded before market bands existed the shipped band; never overwrite one."""
    band = _market_band(default)
    if not band or benchmark.market_unit_cost_typical is not None or benchmark.unit_of_measure:
        return
    for name, value in band.items():
        setattr(benchmark, name, value)
    benchmark.save(update_fields=[*band, "updated_at"])


def seed_catalogue_permissions() -> None:
    """Give the administrator group add/change/delete/view on every catalogue model."""
    group, _ = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
    content_types = ContentType.objects.get_for_models(*CATALOGUE_MODELS).values()
    permissions = Permission.objects.filter(
        content_type__in=content_types, codename__regex=r"^(add|change|delete|view)_"
    )
    group.permissions.add(*permissions)


def seed_reference_data() -> None:
    """Everything a fresh installation needs before the catalogue can be filled."""
    seed_regions()
    seed_certifications()
    seed_capabilities()
    seed_catalogue_permissions()
