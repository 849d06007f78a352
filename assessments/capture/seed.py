"""One submitted demo assessment per demo organisation, for `seed_demo`. Idempotent.

The figures are invented for the demo: plausible orders of magnitude for a
mid-sized Indonesian logistics group, a German manufacturer and a small
Indonesian commercial bank, not data about any real company. They go through
the same services as the browser, so the demo assessments are exactly what a
consultant could have entered.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from assessments.capture import services
from assessments.models import Assessment, Organisation
from providers.models import Capability

DEMO_TITLE = "Sourcing assessment 2026"


@dataclass(frozen=True)
class DemoIT:
    code: str
    annual_cost: str
    ftes: str
    available_from_month: int
    maturity: int
    standardisation: int
    criticality: int
    notes: str


@dataclass(frozen=True)
class DemoBF:
    code: str
    annual_cost: str
    ftes: str
    annual_volume: int
    standardisation: int
    strategic_importance: int
    maturity: int
    regulatory_sensitivity: int
    knowledge_intensity: int
    error_rate_percent: str
    notes: str


# Engine 2.0 measures, by organisation and capability (invented, plausible for the figures above):
# IT volumes in each capability's unit of measure (Benchmark.unit_of_measure: kW of IT load,
# servers, TB, sites, tickets, applications, protected users), so the ITO savings can be found
# against the market band; BPO cycle times (days) and retained FTEs (the retained organisation).
DEMO_VOLUMES: dict[str, dict[str, str]] = {
    "PT Nusantara Logistik Demo": {
        "data_centre": "160", "compute": "180", "storage": "420", "network": "44",
        "service_desk": "31000", "applications": "38", "security": "3100",
    },
    "Rheinland Fertigung Demo GmbH": {
        "data_centre": "45", "compute": "120", "storage": "150", "network": "2",
        "service_desk": "9800", "applications": "24", "security": "950",
    },
    "PT Bank Sejahtera Nusantara Demo": {
        "data_centre": "120", "compute": "210", "storage": "380", "network": "52",
        "service_desk": "24000", "applications": "46", "security": "1450",
    },
}  # fmt: skip
DEMO_BPO_MEASURES: dict[str, dict[str, tuple[str, str]]] = {
    "PT Nusantara Logistik Demo": {
        "hr": ("5", "2"), "payroll": ("3", "1"), "recruitment": ("28", "1"),
        "accounting": ("6", "2"), "customer_service": ("2", "4"), "document_processing": ("1.5", "1"),
    },
    "Rheinland Fertigung Demo GmbH": {
        "hr": ("4", "1"), "payroll": ("2", "0.5"), "accounting": ("5", "1"),
        "finance": ("8", "1"), "customer_service": ("1.5", "1"), "procurement": ("6", "1"),
    },
    # The bank's procurement team has no cycle time on record (only its retained buyer): the
    # consultant leaves the field empty rather than guess.
    "PT Bank Sejahtera Nusantara Demo": {
        "hr": ("4", "2"), "payroll": ("2", "1"), "accounting": ("3", "4"),
        "customer_service": ("1", "6"), "document_processing": ("2.5", "2"), "procurement": ("", "1"),
    },
}  # fmt: skip


@dataclass(frozen=True)
class DemoAssessment:
    organisation: str
    discount_rate: str
    it_cost_areas: tuple[DemoIT, ...]
    business_functions: tuple[DemoBF, ...]
    # Costs of the business case (engine/costs.py), as typed in the assessment's form.
    costs: tuple[tuple[str, str], ...] = ()


DEMO_ASSESSMENTS = (
    DemoAssessment(
        organisation="PT Nusantara Logistik Demo",
        discount_rate="0.11",
        it_cost_areas=(
            DemoIT("data_centre", "9600000000", "6", 8, 2, 4, 4,
                   "Two server rooms (Jakarta head office, Surabaya hub); co-location lease ends in 8 months."),
            DemoIT("compute", "7200000000", "5", 0, 3, 4, 4, "About 180 virtual servers on ageing hosts."),
            DemoIT("storage", "3100000000", "2", 0, 2, 5, 3, "SAN plus tape backup, restores tested once a year."),
            DemoIT("network", "11500000000", "9", 14, 3, 4, 5,
                   "MPLS WAN to 42 branches and warehouses, warehouse Wi-Fi; carrier contract ends in 14 months."),
            DemoIT("service_desk", "5800000000", "24", 0, 2, 5, 3,
                   "In-house help desk for 3,100 users, office hours only."),
            DemoIT("applications", "18400000000", "31", 6, 3, 2, 5,
                   "Warehouse and transport management, ERP maintenance and small enhancements."),
            DemoIT("security", "4300000000", "4", 0, 2, 3, 5, "Firewalls and endpoint protection; no 24x7 monitoring."),
        ),
        business_functions=(
            DemoBF("hr", "6900000000", "28", 14500, 3, 2, 2, 3, 2, "4.50", "Personnel administration and HR cases."),
            DemoBF("payroll", "2600000000", "9", 37200, 5, 1, 3, 4, 2, "1.80",
                   "3,100 payslips a month including PPh 21 and BPJS."),
            DemoBF("recruitment", "3400000000", "11", 1150, 3, 3, 2, 2, 3, "6.00",
                   "Drivers and warehouse staff mostly."),
            DemoBF("accounting", "5200000000", "19", 186000, 4, 2, 3, 4, 2, "3.20", "Supplier and customer invoices."),
            DemoBF("customer_service", "12800000000", "64", 540000, 4, 3, 2, 2, 2, "5.50",
                   "Shipment tracking and delivery complaints by phone, WhatsApp and e-mail."),
            DemoBF("document_processing", "4100000000", "26", 1250000, 5, 1, 2, 3, 1, "2.90",
                   "Waybills, proof-of-delivery scans and customs documents."),
        ),
        # PP 35/2021 severance on 7 years' average tenure, a third of released staff move to the provider,
        # the server rooms' remaining book value (10 % of a year's cost), 2025 minimum-wage rise (6.5 %)
        # against a 4 % COLA, a fixed IDR 350 million per deal for selection, legal and contracting.
        costs=(
            ("average_tenure_years", "7"), ("staff_transfer_fraction", "0.3"), ("stranded_cost_fraction", "0.1"),
            ("wage_growth", "0.065"), ("provider_indexation", "0.04"), ("deal_fixed_cost", "350000000"),
            ("dual_running_months", "2"),
        ),
    ),
    DemoAssessment(
        organisation="Rheinland Fertigung Demo GmbH",
        discount_rate="0.08",
        it_cost_areas=(
            DemoIT("data_centre", "620000", "2", 10, 3, 4, 4,
                   "Server room at the Neuss plant; hosting contract ends in 10 months."),
            DemoIT("compute", "480000", "3", 0, 3, 4, 4, "Virtualised servers, partly end of support."),
            DemoIT("storage", "210000", "1", 0, 3, 5, 3, "Disk storage and off-site backup."),
            DemoIT("network", "390000", "3", 0, 3, 4, 5, "Office and shop-floor networks of two plants."),
            DemoIT("service_desk", "540000", "7", 0, 3, 5, 3, "First- and second-level support for 900 users."),
            DemoIT("applications", "1850000", "11", 12, 3, 2, 5,
                   "SAP ECC and MES support; the external support contract ends in 12 months."),
            DemoIT("security", "460000", "2.5", 0, 2, 3, 5, "Identity, patching and an annual penetration test."),
        ),
        business_functions=(
            DemoBF("hr", "610000", "7", 4800, 3, 2, 3, 3, 2, "3.50", "Personnel files, contracts and certificates."),
            DemoBF("payroll", "240000", "3", 11400, 5, 1, 4, 4, 2, "1.20", "950 employees, shift allowances."),
            DemoBF("accounting", "720000", "9", 64000, 4, 2, 3, 4, 2, "2.60", "Accounts payable and receivable."),
            DemoBF("finance", "530000", "5", 2400, 3, 4, 3, 4, 4, "2.00", "Monthly close, controlling reports."),
            DemoBF("customer_service", "460000", "8", 38000, 3, 3, 3, 2, 3, "4.10",
                   "Order status and spare-part enquiries from dealers."),
            DemoBF("procurement", "680000", "8", 26000, 4, 3, 3, 2, 3, "3.80",
                   "Purchase orders for indirect materials."),
        ),
        # Severance outside Indonesia: KSchG s.1a, half a month a year on 9 years' tenure; 3 % wage growth
        # against a 2.5 % COLA; part of the fee in USD (offshore delivery), EUR 40,000 fixed per deal.
        costs=(
            ("average_tenure_years", "9"), ("wage_growth", "0.03"), ("provider_indexation", "0.025"),
            ("provider_currency_share", "0.2"), ("fx_depreciation", "0.01"), ("deal_fixed_cost", "40000"),
        ),
    ),
    DemoAssessment(
        organisation="PT Bank Sejahtera Nusantara Demo",
        discount_rate="0.1",
        it_cost_areas=(
            DemoIT("data_centre", "12500000000", "5", 9, 3, 4, 5,
                   "Primary data centre at head office, disaster-recovery site in Surabaya; lease ends in 9 months."),
            DemoIT("compute", "8400000000", "6", 0, 3, 4, 5, "About 210 servers, core banking on its own cluster."),
            DemoIT("storage", "3900000000", "2", 0, 3, 5, 4, "Replicated SAN between the two sites, daily backup."),
            DemoIT("network", "9800000000", "7", 0, 3, 4, 5, "WAN to 46 branches and 180 ATMs."),
            DemoIT("service_desk", "4600000000", "18", 0, 2, 5, 3, "Help desk for 1,450 staff and the branches."),
            DemoIT("applications", "21000000000", "34", 12, 3, 2, 5,
                   "Core banking, mobile banking and regulatory reporting; vendor support contract ends in 12 months."),
            DemoIT("security", "7200000000", "6", 0, 2, 3, 5, "Firewalls and endpoint protection; no 24x7 monitoring."),
        ),
        business_functions=(
            DemoBF("hr", "4200000000", "16", 9800, 3, 2, 3, 3, 2, "3.80", "Personnel administration for 1,450 staff."),
            DemoBF("payroll", "1600000000", "5", 17400, 5, 1, 4, 3, 2, "1.10",
                   "1,450 payslips a month including PPh 21 and BPJS."),
            DemoBF("accounting", "6100000000", "22", 210000, 4, 2, 3, 4, 2, "2.40",
                   "Supplier invoices, reconciliations and the general ledger behind OJK reporting."),
            DemoBF("customer_service", "14500000000", "70", 620000, 4, 3, 2, 5, 2, "4.60",
                   "Contact centre: card blocking, account and transfer enquiries, complaints; customer data under "
                   "bank secrecy."),
            DemoBF("document_processing", "3800000000", "24", 410000, 5, 1, 2, 4, 1, "3.10",
                   "Scanning and indexing of account-opening and loan documents."),
            DemoBF("procurement", "2900000000", "9", 7400, 4, 2, 3, 2, 3, "4.20", "Purchase orders for branches."),
        ),
        # PP 35/2021 severance on 9 years' average tenure, a fifth of released staff move to the provider,
        # remaining book value of the data-centre equipment (5 % of a year's cost), the 2025 minimum-wage
        # rise (6.5 %) against a 4 % COLA; banking services are outside PPN, so the bank cannot credit the
        # PPN on provider fees (none of it recoverable); IDR 500 million per deal for selection, legal and
        # contracting (OJK's outsourcing policy adds to the legal work), three months of dual running.
        costs=(
            ("average_tenure_years", "9"), ("staff_transfer_fraction", "0.2"), ("stranded_cost_fraction", "0.05"),
            ("wage_growth", "0.065"), ("provider_indexation", "0.04"), ("vat_recoverable_fraction", "0"),
            ("deal_fixed_cost", "500000000"), ("dual_running_months", "3"),
        ),
    ),
)  # fmt: skip


def _capabilities(codes: set[str]) -> dict[str, Capability]:
    capabilities = {capability.code: capability for capability in Capability.objects.filter(code__in=codes)}
    missing = codes - capabilities.keys()
    if missing:
        raise ValueError(
            "The demo assessments need the capability taxonomy; seed it first (missing: "
            + ", ".join(sorted(missing))
            + ")."
        )
    return capabilities


@transaction.atomic
def _demo_assessment_create(*, spec: DemoAssessment, organisation: Organisation, consultant: User) -> Assessment:
    capabilities = _capabilities(
        {line.code for line in spec.it_cost_areas} | {line.code for line in spec.business_functions}
    )
    volumes = DEMO_VOLUMES.get(spec.organisation, {})
    measures = DEMO_BPO_MEASURES.get(spec.organisation, {})
    assessment = services.assessment_create(
        organisation=organisation,
        user=consultant,
        data={
            "title": DEMO_TITLE,
            "discount_rate": Decimal(spec.discount_rate),
            **{name: Decimal(value) for name, value in spec.costs if name not in ("dual_running_months",)},
            **{name: int(value) for name, value in spec.costs if name in ("dual_running_months",)},
        },
    )
    services.assessment_it_cost_areas_save(
        assessment=assessment,
        user=consultant,
        lock_version=assessment.lock_version,
        lines=[
            {
                "capability": capabilities[line.code],
                "annual_cost": Decimal(line.annual_cost),
                "ftes": Decimal(line.ftes),
                "available_from_month": line.available_from_month,
                "maturity": line.maturity,
                "standardisation": line.standardisation,
                "criticality": line.criticality,
                "volume": Decimal(volumes[line.code]) if line.code in volumes else None,
                "notes": line.notes,
            }
            for line in spec.it_cost_areas
        ],
    )
    services.assessment_business_functions_save(
        assessment=assessment,
        user=consultant,
        lock_version=assessment.lock_version,
        lines=[
            {
                "capability": capabilities[line.code],
                "annual_cost": Decimal(line.annual_cost),
                "ftes": Decimal(line.ftes),
                "annual_volume": line.annual_volume,
                "standardisation": line.standardisation,
                "strategic_importance": line.strategic_importance,
                "maturity": line.maturity,
                "regulatory_sensitivity": line.regulatory_sensitivity,
                "knowledge_intensity": line.knowledge_intensity,
                "error_rate_percent": Decimal(line.error_rate_percent),
                "cycle_time_days": Decimal(measures[line.code][0]) if measures.get(line.code, ("",))[0] else None,
                "retained_ftes": Decimal(measures[line.code][1]) if line.code in measures else None,
                "notes": line.notes,
            }
            for line in spec.business_functions
        ],
    )
    return services.assessment_submit(assessment=assessment, user=consultant)


def demo_assessments_seed(*, consultant: User, organisations: list[Organisation]) -> list[Assessment]:
    """The demo assessment of each demo organisation, created and submitted once; later runs change nothing."""
    by_name = {organisation.name: organisation for organisation in organisations}
    seeded = []
    for spec in DEMO_ASSESSMENTS:
        organisation = by_name.get(spec.organisation)
        if organisation is None:
            continue
        existing = Assessment.objects.filter(organisation=organisation, title=DEMO_TITLE).order_by("version").first()
        if existing is None:
            existing = _demo_assessment_create(spec=spec, organisation=organisation, consultant=consultant)
        seeded.append(existing)
    return seeded
