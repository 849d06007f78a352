"""The catalogue managers' workplace: taxonomy, benchmarks, providers, offerings,
with change history (who changed what, when), bulk activation, import and export.

Importing this package registers every model admin (Django's admin autodiscovery imports it).
"""

from providers.admin.catalogue import OfferingAdmin, ProviderAdmin
from providers.admin.taxonomy import BenchmarkAdmin, CapabilityAdmin, CertificationAdmin, RegionAdmin

__all__ = ["BenchmarkAdmin", "CapabilityAdmin", "CertificationAdmin", "OfferingAdmin", "ProviderAdmin", "RegionAdmin"]
