"""The provider catalogue: capability taxonomy, benchmark figures, providers, offerings."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from providers.units import unit_label


class Kind(models.TextChoices):
    """What a capability is sourced as: IT outsourcing (an IT area, a TBM tower) or business process
    outsourcing (a business function). The one definition of ITO/BPO in the app."""

    ITO = "ITO", _("IT outsourcing (ITO)")
    BPO = "BPO", _("Business process outsourcing (BPO)")


class Capability(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices, db_index=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        # Shipped names are marked for translation (providers.seed); an administrator's own
        # name has no entry and reads as typed.
        return gettext(self.name)


class Benchmark(models.Model):
    """Published (or labelled product-judgement) figures for one capability."""

    capability = models.OneToOneField(Capability, on_delete=models.CASCADE, related_name="benchmark")
    savings_low = models.DecimalField(_("savings, low"), max_digits=5, decimal_places=4)
    savings_typical = models.DecimalField(_("savings, typical"), max_digits=5, decimal_places=4)
    savings_high = models.DecimalField(_("savings, high"), max_digits=5, decimal_places=4)
    savings_source = models.TextField(_("source of the savings band"))
    transition_months = models.PositiveSmallIntegerField(_("transition months"))
    transition_months_source = models.TextField(_("source of the transition months"))
    transition_cost_fraction = models.DecimalField(
        _("one-off transition cost (fraction of annual cost)"), max_digits=5, decimal_places=4
    )
    transition_cost_source = models.TextField(_("source of the transition cost"))
    engagement_months = models.PositiveSmallIntegerField(
        _("ITO engagement months"), null=True, blank=True, help_text=_("ITO only: months until the provider exits.")
    )
    ramp_months = models.PositiveSmallIntegerField(
        _("BPO ramp-up months"), null=True, blank=True, help_text=_("BPO only: months until full benefit.")
    )
    duration_source = models.TextField(_("source of the engagement or ramp-up months"))
    # Market unit-cost band (ITO): what a provider charges per unit a year. All or none.
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=80, blank=True, help_text=_("e.g. tickets, servers, TB of managed storage.")
    )
    market_unit_cost_low = models.DecimalField(
        _("market unit cost, low"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    market_unit_cost_typical = models.DecimalField(
        _("market unit cost, typical"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    market_unit_cost_high = models.DecimalField(
        _("market unit cost, high"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    market_currency = models.CharField(_("market currency"), max_length=3, blank=True)
    market_year = models.PositiveSmallIntegerField(_("market year"), null=True, blank=True)
    market_region = models.CharField(_("market region"), max_length=80, blank=True)
    market_source = models.TextField(_("source of the market unit costs"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        constraints = [
            models.CheckConstraint(
                condition=Q(savings_low__gte=0)
                & Q(savings_low__lte=models.F("savings_typical"))
                & Q(savings_typical__lte=models.F("savings_high"))
                & Q(savings_high__lte=1),
                name="benchmark_savings_band_ordered",
            ),
            models.CheckConstraint(condition=Q(transition_months__gt=0), name="benchmark_transition_months_positive"),
            models.CheckConstraint(
                condition=Q(transition_cost_fraction__gte=0) & Q(transition_cost_fraction__lte=1),
                name="benchmark_transition_cost_fraction",
            ),
            models.CheckConstraint(
                condition=Q(engagement_months__isnull=True) | Q(engagement_months__gt=0),
                name="benchmark_engagement_months_positive",
            ),
            models.CheckConstraint(
                condition=Q(ramp_months__isnull=True) | Q(ramp_months__gt=0),
                name="benchmark_ramp_months_positive",
            ),
            models.CheckConstraint(
                condition=(
                    Q(market_unit_cost_low__isnull=True)
                    & Q(market_unit_cost_typical__isnull=True)
                    & Q(market_unit_cost_high__isnull=True)
                    & Q(unit_of_measure="")
                    & Q(market_currency="")
                    & Q(market_year__isnull=True)
                )
                | (
                    Q(market_unit_cost_low__gt=0)
                    & Q(market_unit_cost_low__lte=models.F("market_unit_cost_typical"))
                    & Q(market_unit_cost_typical__lte=models.F("market_unit_cost_high"))
                    & ~Q(unit_of_measure="")
                    & ~Q(market_currency="")
                    & Q(market_year__isnull=False)
                ),
                name="benchmark_market_band_all_or_none_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability}"

    @property
    def unit_of_measure_label(self) -> str:
        """The unit of measure in the reader's language (providers/units.py)."""
        return unit_label(self.unit_of_measure)


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        """The name in the reader's language: the shipped regions' English names are in the
        catalogue (providers.seed.REGIONS); a name an administrator typed reads as typed."""
        return gettext(self.name)


class Certification(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    headquarters_country = models.CharField(_("headquarters country"), max_length=80, blank=True)
    regions = models.ManyToManyField(Region, related_name="providers", verbose_name=_("regions served"), blank=True)
    certifications = models.ManyToManyField(
        Certification, related_name="providers", verbose_name=_("certifications"), blank=True
    )
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    rating = models.DecimalField(
        _("rating"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[regions, certifications])
    # Set before save(); django-simple-history stores it as the history row's change reason.
    _change_reason: str

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=0) & Q(rating__lte=5), name="provider_rating_0_5"),
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryModel(models.TextChoices):
    ONSHORE = "onshore", _("Onshore")
    NEARSHORE = "nearshore", _("Nearshore")
    OFFSHORE = "offshore", _("Offshore")


class Offering(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offerings")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="offerings")
    delivery_model = models.CharField(_("delivery model"), max_length=10, choices=DeliveryModel.choices)
    price_index = models.DecimalField(
        _("price index"),
        max_digits=4,
        decimal_places=2,
        help_text=_("Price relative to the market: 1.00 is the market price, 0.85 is 15 % cheaper."),
    )
    capacity_ftes = models.PositiveIntegerField(_("capacity (FTEs)"))
    min_contract_months = models.PositiveSmallIntegerField(_("minimum contract months"), default=12)
    quality_score = models.DecimalField(
        _("quality score"), max_digits=3, decimal_places=1, help_text=_("0 to 10, from reviews and audits.")
    )
    experience_years = models.PositiveSmallIntegerField(_("years of experience"))
    history = HistoricalRecords()
    # Set before save(); django-simple-history stores it as the history row's change reason.
    _change_reason: str

    class Meta:
        ordering = ["provider__name", "capability__sort_order"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "capability", "delivery_model"], name="offering_unique_per_delivery_model"
            ),
            models.CheckConstraint(condition=Q(price_index__gt=0), name="offering_price_index_positive"),
            models.CheckConstraint(
                condition=Q(quality_score__gte=0) & Q(quality_score__lte=10), name="offering_quality_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.capability} ({self.get_delivery_model_display()})"


class CatalogueRevision(models.Model):
    """The catalogue's revision: one row whose counter the database raises on every write to a
    table the shortlists read (providers, offerings, their regions and certifications, the
    capabilities, regions and certifications themselves), by triggers of its own (migration
    0006): every write, whichever way it is made (admin, import, bulk action, cascade, raw SQL).
    A ``RegionCandidates`` row of an older revision is stale."""

    revision = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"catalogue revision {self.revision}"


class RegionCandidates(models.Model):
    """The shortlist criteria of every candidate of one capability in one region at a catalogue
    revision (assessments/roadmaps/candidates.py writes it, the roadmap input reads it): the
    offerings' ids (int64) and their criteria matrix (float64, one row per offering, in the
    engine's order of providers and delivery models), packed. Derived data, rebuilt whenever
    the revision or `layout` (the engine's criteria definition) differs."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    capability = models.ForeignKey(Capability, on_delete=models.CASCADE, related_name="+")
    revision = models.BigIntegerField()
    layout = models.CharField(max_length=64)
    candidates = models.PositiveIntegerField()
    offering_ids = models.BinaryField()
    criteria = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "capability"], name="region_candidates_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.capability_id} at revision {self.revision}"
