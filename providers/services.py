"""Writes to the provider catalogue: import, upsert, activation.

Every write saves only what changed, so that importing the same file twice (or
running the seeder twice) changes nothing, not even the change history.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outsourcing.uploads import RowError
from outsourcing.uploads.errors import errors_capped
from providers.importing import OfferingRecord, ProviderRecord, catalogue_rows_validate
from providers.models import Capability, Certification, Offering, Provider, Region
from providers.spreadsheet import CatalogueFileError, catalogue_file_read

_PROVIDER_FIELDS = (
    "name",
    "description",
    "website",
    "headquarters_country",
    "founded_year",
    "employees",
    "rating",
    "is_active",
)
_OFFERING_FIELDS = ("price_index", "capacity_ftes", "min_contract_months", "quality_score", "experience_years")


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    providers_created: int = 0
    providers_updated: int = 0
    providers_unchanged: int = 0
    offerings_created: int = 0
    offerings_updated: int = 0
    offerings_unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return self.providers_created + self.providers_updated + self.offerings_created + self.offerings_updated

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and self.changes > 0


def catalogue_import(*, content: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Import a CSV or XLSX catalogue file: all rows or none.

    Every row is checked before anything is written; a dry run performs the whole
    import inside a transaction and rolls it back, so its counts are exactly what a
    real run would do.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        parsed = catalogue_file_read(content=content, filename=filename)
    except CatalogueFileError as exc:
        report.errors = [RowError(None, error.column, str(error.message)) for error in exc.errors]
        return report
    report.rows = len(parsed.rows)
    report.ignored_columns = parsed.ignored_columns
    validated = catalogue_rows_validate(
        rows=parsed.rows,
        capability_codes=set(Capability.objects.values_list("code", flat=True)),
        region_codes=set(Region.objects.values_list("code", flat=True)),
        certification_codes=set(Certification.objects.values_list("code", flat=True)),
        conventions=parsed.conventions,
    )
    if validated.errors:
        report.errors = errors_capped(validated.errors, limit=settings.UPLOAD_MAX_ERRORS)
        return report
    try:
        with transaction.atomic():
            catalogue_records_apply(
                providers=validated.providers.values(),
                offerings=validated.offerings,
                report=report,
                change_reason=_("Import of %(file)s") % {"file": filename[:60]},
            )
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # Another import or an administrator changed the same rows at the same moment.
        report.errors = [
            RowError(None, None, _("The catalogue changed while importing. Nothing was saved; try again."))
        ]
    return report


def catalogue_records_apply(
    *,
    providers: Iterable[ProviderRecord],
    offerings: Iterable[OfferingRecord],
    report: ImportReport | None = None,
    change_reason: str = "",
) -> ImportReport:
    """Upsert providers by slug and offerings by (provider, capability, delivery model).

    Never deletes: a provider or offering missing from the records stays as it is.
    Call inside a transaction; the records must be valid (see `catalogue_rows_validate`).
    """
    report = report if report is not None else ImportReport()
    providers = list(providers)
    offerings = list(offerings)
    slugs = [record.slug for record in providers]
    existing = {
        provider.slug: provider
        for provider in Provider.objects.filter(slug__in=slugs).prefetch_related("regions", "certifications")
    }
    regions = {region.code: region for region in Region.objects.all()}
    certifications = {certification.code: certification for certification in Certification.objects.all()}
    capabilities = {capability.code: capability for capability in Capability.objects.all()}

    saved: dict[str, Provider] = {}
    for record in providers:
        provider = existing.get(record.slug)
        values = {name: getattr(record, name) for name in _PROVIDER_FIELDS}
        if provider is None:
            provider = Provider(slug=record.slug, **values)
            provider._change_reason = change_reason
            provider.save()
            provider.regions.set([regions[code] for code in record.regions])
            provider.certifications.set([certifications[code] for code in record.certifications])
            report.providers_created += 1
        else:
            provider._change_reason = change_reason
            changed = _assign_changes(provider, values)
            if changed:
                provider.save(update_fields=[*changed, "updated_at"])
            if {region.code for region in provider.regions.all()} != set(record.regions):
                provider.regions.set([regions[code] for code in record.regions])
                changed.append("regions")
            if {certification.code for certification in provider.certifications.all()} != set(record.certifications):
                provider.certifications.set([certifications[code] for code in record.certifications])
                changed.append("certifications")
            if changed:
                report.providers_updated += 1
            else:
                report.providers_unchanged += 1
        saved[record.slug] = provider

    current = {
        (offering.provider_id, offering.capability.code, offering.delivery_model): offering
        for offering in Offering.objects.filter(provider__slug__in=slugs).select_related("capability")
    }
    for offering_record in offerings:
        provider = saved[offering_record.provider]
        offering = current.get((provider.pk, offering_record.capability, offering_record.delivery_model))
        values = {name: getattr(offering_record, name) for name in _OFFERING_FIELDS}
        if offering is None:
            offering = Offering(
                provider=provider,
                capability=capabilities[offering_record.capability],
                delivery_model=offering_record.delivery_model,
                **values,
            )
            offering._change_reason = change_reason
            offering.save()
            report.offerings_created += 1
        else:
            offering._change_reason = change_reason
            changed = _assign_changes(offering, values)
            if changed:
                offering.save(update_fields=changed)
                report.offerings_updated += 1
            else:
                report.offerings_unchanged += 1
    return report


def _assign_changes(instance: Any, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def providers_set_active(*, providers: QuerySet[Provider], active: bool) -> int:
    """Activate or deactivate providers one by one, so the change history records who did it."""
    count = 0
    ids = list(providers.values_list("pk", flat=True))
    for provider in Provider.objects.select_for_update().filter(pk__in=ids, is_active=not active).order_by("pk"):
        provider.is_active = active
        provider._change_reason = _("Bulk activation") if active else _("Bulk deactivation")
        provider.save(update_fields=["is_active", "updated_at"])
        count += 1
    return count
