"""Reference data every installation needs: regions and certifications.

Idempotent: running it again changes nothing.
"""

from providers.models import Certification, Region

REGIONS = (
    ("id", "Indonesia"),
    ("sea", "Southeast Asia"),
    ("eu", "Europe"),
    ("na", "North America"),
    ("apac", "Asia Pacific"),
)

CERTIFICATIONS = (
    ("iso-27001", "ISO/IEC 27001", "Information security management."),
    ("iso-9001", "ISO 9001", "Quality management."),
    ("iso-20000", "ISO/IEC 20000-1", "IT service management."),
    ("soc-1", "SOC 1", "Controls relevant to financial reporting (ISAE 3402 / SSAE 18)."),
    ("soc-2", "SOC 2", "Security, availability and confidentiality controls (AICPA)."),
    ("cmmi", "CMMI", "Capability Maturity Model Integration, level 3 or above."),
    ("copc", "COPC", "Customer experience operations standard for contact centres."),
    ("pci-dss", "PCI DSS", "Payment card data security."),
)


def seed_regions() -> None:
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})


def seed_certifications() -> None:
    for code, name, description in CERTIFICATIONS:
        Certification.objects.update_or_create(code=code, defaults={"name": name, "description": description})
