"""The starter catalogue loaded by `seed_demo`: invented providers, clearly marked "Demo".

The providers are a data table; their offerings' figures come from a deterministic
generator (a hash of provider and capability), so every run and every machine gets
the same catalogue. Loading goes through the import's upsert, so a second run changes
nothing.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from providers.importing import OfferingRecord, ProviderRecord
from providers.services import ImportReport, catalogue_records_apply

SPECIALISMS: dict[str, tuple[tuple[str, ...], str]] = {
    "hosting": (("data_centre", "compute", "storage"), "hosting, cloud compute and storage"),
    "network": (("network", "security", "data_centre"), "networks, wireless and perimeter security"),
    "workplace": (("service_desk", "applications", "network"), "service desk and workplace support"),
    "apps": (("applications", "security", "compute"), "application development and maintenance"),
    "infra": (
        ("data_centre", "compute", "storage", "network", "service_desk", "security"),
        "end-to-end infrastructure operations",
    ),
    "cyber": (("security", "network"), "managed security and network defence"),
    "people": (("hr", "payroll", "recruitment"), "HR administration, payroll and recruitment"),
    "finance": (("finance", "accounting", "procurement"), "finance and accounting operations"),
    "cx": (("customer_service", "document_processing"), "customer contact and document handling"),
    "backoffice": (("accounting", "payroll", "document_processing", "procurement"), "back-office processing"),
    "fullbpo": (
        (
            "hr",
            "payroll",
            "recruitment",
            "finance",
            "accounting",
            "customer_service",
            "procurement",
            "document_processing",
        ),
        "multi-function business process outsourcing",
    ),
}

REGION_SETS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "asean": ("id", "sea"),
    "apac": ("apac", "id", "sea"),
    "eu": ("eu",),
    "na": ("na",),
    "transatlantic": ("eu", "na"),
    "eu-apac": ("apac", "eu", "sea"),
    "global": ("apac", "eu", "id", "na", "sea"),
}


@dataclass(frozen=True)
class DemoProvider:
    name: str
    country: str
    regions: str
    specialism: str
    delivery: tuple[str, ...]
    certifications: tuple[str, ...]
    founded: int
    employees: int


ON, NEAR, OFF = "onshore", "nearshore", "offshore"

# Invented names; every one ends in "Demo" and its website uses the reserved .example domain.
DEMO_PROVIDERS: tuple[DemoProvider, ...] = (
    DemoProvider(
        "Garuda Cloudworks Demo",
        "Indonesia",
        "asean",
        "hosting",
        (ON,),
        ("iso-27001", "soc-2", "iso-22301"),
        2009,
        1400,
    ),
    DemoProvider("Nusantara Netlink Demo", "Indonesia", "id", "network", (ON,), ("iso-27001", "iso-20000"), 2004, 900),
    DemoProvider(
        "Cendana Service Desk Demo",
        "Indonesia",
        "asean",
        "workplace",
        (ON,),
        ("iso-20000", "iso-9001", "copc"),
        2012,
        650,
    ),
    DemoProvider(
        "Merapi Secure Systems Demo", "Indonesia", "apac", "cyber", (ON,), ("iso-27001", "pci-dss"), 2015, 320
    ),
    DemoProvider(
        "Lintang Payroll Partners Demo", "Indonesia", "id", "people", (ON,), ("soc-1", "iso-27001"), 2008, 480
    ),
    DemoProvider(
        "Bahari Finance Operations Demo",
        "Indonesia",
        "asean",
        "finance",
        (ON,),
        ("soc-1", "soc-2", "iso-27001"),
        2006,
        1100,
    ),
    DemoProvider(
        "Kenanga Contact Centre Demo", "Indonesia", "apac", "cx", (ON, OFF), ("copc", "iso-9001", "pci-dss"), 2003, 5200
    ),
    DemoProvider("Rinjani Data Vault Demo", "Indonesia", "id", "hosting", (ON,), ("iso-27001", "iso-22301"), 2017, 210),
    DemoProvider("Sekar Talent Services Demo", "Indonesia", "asean", "people", (ON,), ("iso-9001",), 2014, 260),
    DemoProvider(
        "Mahakam Digital Apps Demo",
        "Indonesia",
        "global",
        "apps",
        (ON, OFF),
        ("cmmi", "iso-9001", "iso-27001"),
        2010,
        2300,
    ),
    DemoProvider(
        "Pelangi Back Office Demo", "Indonesia", "apac", "backoffice", (ON,), ("iso-9001", "soc-1"), 2011, 780
    ),
    DemoProvider(
        "Tanjung Infrastructure Demo",
        "Indonesia",
        "global",
        "infra",
        (ON, OFF),
        ("iso-27001", "iso-20000", "soc-2"),
        1998,
        6400,
    ),
    DemoProvider(
        "Harbourline Hosting Demo", "Singapore", "apac", "hosting", (NEAR,), ("iso-27001", "soc-2"), 2007, 950
    ),
    DemoProvider(
        "Straits Cyberguard Demo",
        "Singapore",
        "global",
        "cyber",
        (ON, OFF),
        ("iso-27001", "soc-2", "pci-dss"),
        2013,
        700,
    ),
    DemoProvider("Mekong Process Hub Demo", "Vietnam", "global", "cx", (OFF,), ("iso-9001", "iso-27001"), 2016, 1800),
    DemoProvider(
        "Lotus Ledger Services Demo", "Vietnam", "global", "finance", (OFF,), ("soc-1", "iso-27001"), 2012, 1250
    ),
    DemoProvider(
        "Visayas Care Centre Demo", "Philippines", "global", "cx", (OFF,), ("copc", "pci-dss", "iso-18295"), 2005, 8800
    ),
    DemoProvider(
        "Manila Bay Backoffice Demo",
        "Philippines",
        "global",
        "fullbpo",
        (OFF,),
        ("iso-9001", "soc-1", "soc-2", "copc"),
        2001,
        12500,
    ),
    DemoProvider("Chao Phraya Networks Demo", "Thailand", "asean", "network", (NEAR,), ("iso-27001",), 2010, 540),
    DemoProvider("Selangor Apps Foundry Demo", "Malaysia", "apac", "apps", (NEAR,), ("cmmi",), 2009, 860),
    DemoProvider(
        "Penang People Partners Demo", "Malaysia", "asean", "people", (NEAR,), ("iso-9001", "iso-27001"), 2013, 430
    ),
    DemoProvider(
        "Deccan Code Labs Demo", "India", "global", "apps", (OFF,), ("cmmi", "iso-27001", "iso-9001"), 1999, 15800
    ),
    DemoProvider(
        "Kaveri Shared Services Demo", "India", "global", "finance", (OFF,), ("soc-1", "soc-2", "iso-27001"), 2002, 9400
    ),
    DemoProvider(
        "Southern Cross Service Desk Demo",
        "Australia",
        "apac",
        "workplace",
        (ON,),
        ("iso-20000", "iso-9001"),
        2000,
        1150,
    ),
    DemoProvider(
        "Sakura Infra Operations Demo",
        "Japan",
        "eu-apac",
        "infra",
        (ON,),
        ("iso-27001", "iso-20000", "iso-22301"),
        1995,
        4100,
    ),
    DemoProvider(
        "Nordlicht Hosting Demo", "Germany", "eu", "hosting", (ON,), ("iso-27001", "iso-22301", "soc-2"), 2005, 1300
    ),
    DemoProvider(
        "Rheinbruecke Networks Demo", "Germany", "eu", "network", (ON,), ("iso-27001", "iso-20000"), 1997, 2100
    ),
    DemoProvider(
        "Vistula Service Desk Demo", "Poland", "eu", "workplace", (NEAR,), ("iso-20000", "iso-9001"), 2008, 1700
    ),
    DemoProvider(
        "Tagus Apps Studio Demo", "Portugal", "transatlantic", "apps", (NEAR,), ("cmmi", "iso-9001"), 2011, 1200
    ),
    DemoProvider(
        "Liffey Secure Operations Demo",
        "Ireland",
        "transatlantic",
        "cyber",
        (ON,),
        ("iso-27001", "soc-2", "pci-dss"),
        2014,
        600,
    ),
    DemoProvider("Polder Payroll Demo", "Netherlands", "eu", "people", (ON,), ("soc-1", "iso-27001"), 1996, 900),
    DemoProvider("Vltava Finance Centre Demo", "Czechia", "eu", "finance", (NEAR,), ("soc-1", "iso-9001"), 2007, 1500),
    DemoProvider("Danube Customer Care Demo", "Romania", "eu", "cx", (NEAR,), ("copc", "iso-18295"), 2009, 3300),
    DemoProvider(
        "Baltic Ledger Works Demo", "Lithuania", "eu", "backoffice", (NEAR,), ("soc-1", "iso-27001"), 2015, 640
    ),
    DemoProvider(
        "Alpine Infra Collective Demo",
        "Switzerland",
        "transatlantic",
        "infra",
        (ON,),
        ("iso-27001", "iso-20000", "soc-2"),
        1993,
        3600,
    ),
    DemoProvider(
        "Atlantic Bridge BPO Demo",
        "Ireland",
        "global",
        "fullbpo",
        (ON, OFF),
        ("iso-9001", "soc-1", "soc-2"),
        2000,
        7200,
    ),
    DemoProvider("Iberia Talent Hub Demo", "Spain", "eu", "people", (NEAR,), ("iso-9001",), 2012, 520),
    DemoProvider(
        "Fjordline Data Centres Demo", "Norway", "eu", "hosting", (ON,), ("iso-27001", "iso-22301"), 2010, 380
    ),
    DemoProvider("Maple Grid Cloud Demo", "Canada", "na", "hosting", (ON,), ("soc-2", "iso-27001"), 2006, 1050),
    DemoProvider(
        "Prairie Helpdesk Demo",
        "United States",
        "transatlantic",
        "workplace",
        (ON, OFF),
        ("iso-20000", "copc"),
        2004,
        2600,
    ),
    DemoProvider("Cascade Security Works Demo", "United States", "na", "cyber", (ON,), ("soc-2", "pci-dss"), 2016, 450),
    DemoProvider(
        "Great Lakes Payroll Demo", "United States", "transatlantic", "people", (ON,), ("soc-1", "soc-2"), 1994, 3100
    ),
    DemoProvider("Bayou Document Services Demo", "United States", "na", "cx", (NEAR,), ("iso-9001",), 2003, 1400),
    DemoProvider(
        "Sierra Finance Ops Demo", "United States", "transatlantic", "finance", (ON,), ("soc-1", "soc-2"), 1999, 2700
    ),
    DemoProvider(
        "Yukon Procurement Partners Demo",
        "Canada",
        "transatlantic",
        "backoffice",
        (ON,),
        ("iso-9001", "soc-1"),
        2010,
        560,
    ),
    DemoProvider(
        "Equator Global Services Demo",
        "Singapore",
        "global",
        "fullbpo",
        (ON, OFF),
        ("iso-9001", "iso-27001", "soc-2"),
        1997,
        10400,
    ),
    DemoProvider(
        "Meridian Infra Alliance Demo",
        "Netherlands",
        "global",
        "infra",
        (ON, OFF),
        ("iso-27001", "soc-2", "iso-20000", "cmmi"),
        1992,
        14200,
    ),
    DemoProvider(
        "Archipelago Docs and Data Demo",
        "Indonesia",
        "global",
        "backoffice",
        (OFF,),
        ("iso-27001", "iso-9001"),
        2018,
        1900,
    ),
)

# Price level by delivery model (1.00 = market price): offshore labour is cheapest.
_PRICE_RANGE = {ON: (0.95, 1.35), NEAR: (0.82, 1.05), OFF: (0.62, 0.92)}
_CONTRACT_MONTHS = (12, 12, 24, 24, 36, 6)


def _unit(*parts: str) -> float:
    """A stable pseudo-random number in [0, 1) for the given key."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _between(low: float, high: float, *parts: str, places: int = 2) -> Decimal:
    value = low + (high - low) * _unit(*parts)
    return Decimal(str(round(value, places)))


def demo_slug(name: str) -> str:
    return name.lower().replace(" and ", " ").replace(" ", "-")


def demo_records(*, this_year: int = 2026) -> tuple[list[ProviderRecord], list[OfferingRecord]]:
    providers: list[ProviderRecord] = []
    offerings: list[OfferingRecord] = []
    for spec in DEMO_PROVIDERS:
        slug = demo_slug(spec.name)
        capabilities, specialism_text = SPECIALISMS[spec.specialism]
        age = this_year - spec.founded
        providers.append(
            ProviderRecord(
                slug=slug,
                name=spec.name,
                description=(
                    f"Fictional demo provider for {specialism_text}, headquartered in {spec.country}. "
                    "Not a real company."
                ),
                website=f"https://{slug.removesuffix('-demo')}.example",
                headquarters_country=spec.country,
                regions=tuple(sorted(REGION_SETS[spec.regions])),
                certifications=tuple(sorted(spec.certifications)),
                founded_year=spec.founded,
                employees=spec.employees,
                rating=_between(3.1, 4.9, slug, "rating", places=1).quantize(Decimal("0.01")),
                is_active=True,
            )
        )
        for capability in capabilities:
            for delivery in spec.delivery:
                key = (slug, capability, delivery)
                low, high = _PRICE_RANGE[delivery]
                # Larger providers field larger teams; capacity is a share of headcount.
                capacity = max(10, int(spec.employees * (0.03 + 0.12 * _unit(*key, "capacity"))))
                offerings.append(
                    OfferingRecord(
                        provider=slug,
                        capability=capability,
                        delivery_model=delivery,
                        price_index=_between(low, high, *key, "price"),
                        capacity_ftes=capacity,
                        min_contract_months=_CONTRACT_MONTHS[int(_unit(*key, "contract") * len(_CONTRACT_MONTHS))],
                        quality_score=_between(5.8, 9.6, *key, "quality", places=1),
                        experience_years=max(2, min(age, int(3 + age * _unit(*key, "experience")))),
                    )
                )
    return providers, offerings


@transaction.atomic
def demo_catalogue_seed() -> ImportReport:
    providers, offerings = demo_records()
    return catalogue_records_apply(providers=providers, offerings=offerings, change_reason="Demo catalogue (seed_demo)")
