"""Assessments and their lines: IT cost areas (ITO) and business functions (BPO)."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.capture.exit_cost_fields import (
    exit_cost_constraints,
    stranded_book_value_field,
    termination_fee_field,
)
from assessments.organisations.models import Currency, Organisation
from outsourcing.money_bounds import MONEY_VALIDATORS

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Digits = {"max_digits": 20, "decimal_places": 2}
# Every amount a person enters also keeps MONEY_VALIDATORS (15 significant digits, below 2**53).
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPUTED = "computed", _("Computed")
    APPROVED = "approved", _("Approved")


class SeveranceRule(models.TextChoices):
    BY_REGION = "by_region", _("by region")
    ID_PP35_2021 = "id_pp35_2021", _("Indonesia, PP 35/2021")
    MONTHS_PER_YEAR = "months_per_year", _("months per year of service")


def _decimal(
    label: Any,
    default: str,
    *,
    maximum: str = "1",
    places: int = 4,
    digits: int = 6,
    help_text: Any = "",
) -> models.DecimalField:
    """A non-negative decimal parameter of the business case, at most `maximum`."""
    return models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=places,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(maximum))],
        help_text=help_text,
    )


class Assessment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, db_index=True
    )
    # Versions of one assessment share a lineage; "new version" copies into version + 1.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_assessments",
        verbose_name=_("author"),
    )
    # Parameters of the engine (see docs/engine).
    horizon_months = models.PositiveSmallIntegerField(
        _("planning horizon (months)"),
        default=60,
        validators=[MinValueValidator(12), MaxValueValidator(120)],
        help_text=_("How far ahead the roadmap plans, 12 to 120 months."),
    )
    discount_rate = models.DecimalField(
        _("discount rate (annual)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("The organisation's cost of capital, e.g. 0.10 for 10 % a year."),
    )
    region = models.ForeignKey(
        "providers.Region", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("region")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.IDR)
    gate_fraction = models.DecimalField(
        _("BPO gate fraction"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1"))],
        help_text=_("BPO starts once this share of the planned ITO savings run-rate is realised."),
    )
    max_parallel_ito = models.PositiveSmallIntegerField(
        _("parallel ITO engagements"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    max_parallel_bpo = models.PositiveSmallIntegerField(
        _("parallel BPO transitions"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    materiality_threshold = models.DecimalField(
        _("materiality threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("An IT area qualifies for ITO only if its net savings reach this share of its annual cost."),
    )
    materiality_min_savings = models.DecimalField(
        _("minimum savings a year"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), *MONEY_VALIDATORS],
        help_text=_("An IT area qualifies for ITO only if its net savings a year also reach this amount (0 = off)."),
        **MONEY,
    )
    retained_fte_fraction = models.DecimalField(
        _("retained organisation (fraction of FTEs)"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.05"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Share of an outsourced function's FTEs kept to manage the provider, e.g. 0.05; "
            "a function's own retained FTEs take precedence."
        ),
    )
    # --- Costs of the business case (engine/costs.py; defaults and sources in engine/defaults.py) ---
    severance_rule = models.CharField(
        _("severance rule"),
        max_length=20,
        choices=SeveranceRule.choices,
        default=SeveranceRule.BY_REGION,
        help_text=_("Indonesia: PP 35/2021 (severance pay, long-service pay, compensation of rights)."),
    )
    average_tenure_years = _decimal(
        _("average tenure of released staff (years)"), "5", maximum="70", places=2, digits=5
    )
    wage_share = _decimal(_("wage share of a function's cost"), "0.6", help_text=_("The severance base, e.g. 0.6."))
    severance_multiplier = _decimal(
        _("severance multiplier"),
        "1",
        maximum="10",
        help_text=_("PP 35/2021 Art. 43: 1 for efficiency, 0.5 at a loss."),
    )
    compensation_of_rights_months = _decimal(
        _("compensation of rights (months of wages)"), "0.5", maximum="120", places=2, digits=5
    )
    severance_months_per_year = _decimal(
        _("severance outside Indonesia (months per year of service)"), "0.5", maximum="12", places=2, digits=4
    )
    staff_transfer_fraction = _decimal(
        _("staff transferring to the provider"), "0", help_text=_("Share of released FTEs who move, with no severance.")
    )
    retained_cost_per_fte = models.DecimalField(
        _("retained organisation cost per FTE (a year)"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), *MONEY_VALIDATORS],
        help_text=_("With it, governance is retained FTEs x this cost (0 = a share of contract value)."),
        **MONEY,
    )
    governance_fraction_ito = _decimal(_("ITO governance (share of run cost)"), "0.03")
    termination_fee_months = _decimal(
        _("termination fees (months of run cost)"), "0", maximum="600", places=2, digits=5
    )
    stranded_cost_fraction = _decimal(
        _("stranded costs (share of annual cost)"), "0", maximum="10", help_text=_("Remaining book value written off.")
    )
    dual_running_months = models.PositiveSmallIntegerField(
        _("dual running (months)"), default=1, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    wage_growth = _decimal(_("in-house wage growth (a year)"), "0")
    provider_indexation = _decimal(_("provider price indexation (a year)"), "0")
    ito_erosion_rate = _decimal(_("ITO savings erosion after exit (a year)"), "0.05")
    provider_currency_share = _decimal(_("share of the fee in another currency"), "0")
    fx_depreciation = _decimal(_("currency depreciation against the provider's (a year)"), "0")
    vat_rate = _decimal(_("VAT rate on provider fees"), "0.11", help_text=_("Indonesia's PPN: 0.11."))
    vat_recoverable_fraction = _decimal(
        _("recoverable share of VAT"), "1", help_text=_("1 for a VAT-registered buyer; 0 for a bank or insurer.")
    )
    deal_fixed_cost = models.DecimalField(
        _("fixed cost of a deal"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), *MONEY_VALIDATORS],
        help_text=_("Selection, legal and contracting minimum per deal (0 = off)."),
        **MONEY,
    )
    deal_lead_time_months = models.PositiveSmallIntegerField(
        _("deal lead time (months)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    origin_monthly_earnings_usd = _decimal(
        _("origin's mean monthly earnings (USD)"),
        "0",
        maximum="1000000",
        places=2,
        digits=9,
        help_text=_("Where the work is done today, in US dollars a month; 0 = the region's figure."),
    )
    # Optimistic locking: every save of the draft bumps it; a stale form is refused.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    _history_user: "User | None"  # who made the change, set before save(); django-simple-history reads it

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="assessment_unique_version"),
            models.CheckConstraint(
                condition=Q(horizon_months__gte=12) & Q(horizon_months__lte=120), name="assessment_horizon_range"
            ),
            models.CheckConstraint(
                condition=Q(discount_rate__gte=0) & Q(discount_rate__lte=Decimal("0.5")),
                name="assessment_discount_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(gate_fraction__gte=Decimal("0.05")) & Q(gate_fraction__lte=1),
                name="assessment_gate_fraction_range",
            ),
            models.CheckConstraint(
                condition=Q(max_parallel_ito__gte=1) & Q(max_parallel_ito__lte=20), name="assessment_parallel_ito"
            ),
            models.CheckConstraint(
                condition=Q(max_parallel_bpo__gte=1) & Q(max_parallel_bpo__lte=20), name="assessment_parallel_bpo"
            ),
            models.CheckConstraint(
                condition=Q(materiality_threshold__gte=0) & Q(materiality_threshold__lte=1),
                name="assessment_materiality_range",
            ),
            models.CheckConstraint(condition=Q(materiality_min_savings__gte=0), name="assessment_min_savings_nonneg"),
            models.CheckConstraint(
                condition=Q(retained_fte_fraction__gte=0) & Q(retained_fte_fraction__lte=1),
                name="assessment_retained_fte_fraction_range",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="assessment_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


def _score(verbose: "StrOrPromise", help_text: "StrOrPromise") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose, validators=SCORE_VALIDATORS, help_text=help_text)


def _score_range(field: str, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"{prefix}_{field}_1_5")


class ITCostArea(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="it_cost_areas")
    capability = models.ForeignKey(
        "providers.Capability",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "ITO"},
        verbose_name=_("IT capability"),
    )
    annual_cost = models.DecimalField(
        _("annual cost"), validators=[MinValueValidator(Decimal("0")), *MONEY_VALIDATORS], **MONEY
    )
    ftes = models.DecimalField(_("FTEs"), max_digits=9, decimal_places=1, validators=[MinValueValidator(Decimal("0"))])
    available_from_month = models.PositiveSmallIntegerField(
        _("can change from month"),
        default=0,
        validators=[MaxValueValidator(120)],
        help_text=_("Months from now until the area is free to change (e.g. when its current contract ends)."),
    )
    maturity = _score(_("maturity"), _("1 = ad hoc, 3 = defined, 5 = optimised (CMMI-style levels)."))
    standardisation = _score(
        _("standardisation"), _("1 = bespoke, 3 = partly standard, 5 = commodity service any provider can run.")
    )
    criticality = _score(_("criticality"), _("1 = back-office convenience, 5 = an outage stops the business."))
    volume = models.DecimalField(
        _("volume"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "How much the area delivers a year, in the capability's unit of measure (e.g. tickets, servers); "
            "with it the savings are found against the market price, without it they stay indicative."
        ),
    )
    termination_fee = termination_fee_field(**MONEY)
    stranded_book_value = stranded_book_value_field(**MONEY)
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("IT cost area")
        verbose_name_plural = _("IT cost areas")
        constraints = [
            models.CheckConstraint(condition=Q(annual_cost__gte=0), name="itcostarea_annual_cost_nonnegative"),
            models.CheckConstraint(condition=Q(ftes__gte=0), name="itcostarea_ftes_nonnegative"),
            models.CheckConstraint(condition=Q(available_from_month__lte=120), name="itcostarea_available_from"),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(volume__gt=0), name="itcostarea_volume_positive"
            ),
            *exit_cost_constraints("itcostarea"),
            *[_score_range(f, "itcostarea") for f in ("maturity", "standardisation", "criticality")],
        ]

    def __str__(self) -> str:
        return f"{self.capability} ({self.assessment_id})"


class BusinessFunction(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="business_functions")
    capability = models.ForeignKey(
        "providers.Capability",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "BPO"},
        verbose_name=_("business function"),
    )
    annual_cost = models.DecimalField(
        _("annual cost"), validators=[MinValueValidator(Decimal("0")), *MONEY_VALIDATORS], **MONEY
    )
    ftes = models.DecimalField(_("FTEs"), max_digits=9, decimal_places=1, validators=[MinValueValidator(Decimal("0"))])
    annual_volume = models.PositiveBigIntegerField(
        _("annual transaction volume"), help_text=_("Transactions a year: payslips, invoices, tickets, calls, ...")
    )
    standardisation = _score(
        _("standardisation"), _("1 = every case is different, 5 = fully rule-based and documented.")
    )
    strategic_importance = _score(
        _("strategic importance"), _("1 = commodity support, 5 = a source of competitive advantage.")
    )
    maturity = _score(_("process maturity"), _("1 = ad hoc, 3 = defined, 5 = measured and optimised."))
    regulatory_sensitivity = _score(
        _("regulatory sensitivity"), _("1 = unregulated, 5 = heavily regulated data or decisions.")
    )
    knowledge_intensity = _score(_("knowledge intensity"), _("1 = routine tasks, 5 = expert judgement on every case."))
    error_rate_percent = models.DecimalField(
        _("error rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of transactions that need rework, in per cent."),
    )
    cycle_time_days = models.DecimalField(
        _("cycle time (days)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Days from request to completion of one transaction today; a success measure for BPO."),
    )
    retained_ftes = models.DecimalField(
        _("retained FTEs"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("FTEs kept to manage the provider if outsourced; empty = the assessment's retained fraction."),
    )
    termination_fee = termination_fee_field(**MONEY)
    stranded_book_value = stranded_book_value_field(**MONEY)
    regulatory_condition_accepted = models.BooleanField(
        _("regulator's condition accepted"),
        default=False,
        help_text=_(
            "For a regulated function: the regulator's condition for material outsourcing (e.g. OJK approval "
            "or notification) will be met, so the function may be recommended with that condition."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("business function")
        verbose_name_plural = _("business functions")
        constraints = [
            models.CheckConstraint(condition=Q(annual_cost__gte=0), name="businessfunction_annual_cost_nonnegative"),
            models.CheckConstraint(condition=Q(ftes__gte=0), name="businessfunction_ftes_nonnegative"),
            models.CheckConstraint(
                condition=Q(error_rate_percent__gte=0) & Q(error_rate_percent__lte=100),
                name="businessfunction_error_rate_0_100",
            ),
            models.CheckConstraint(
                condition=Q(cycle_time_days__isnull=True) | Q(cycle_time_days__gte=0),
                name="businessfunction_cycle_time_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(retained_ftes__isnull=True)
                | (Q(retained_ftes__gte=0) & Q(retained_ftes__lte=models.F("ftes"))),
                name="businessfunction_retained_ftes_range",
            ),
            *exit_cost_constraints("businessfunction"),
            *[
                _score_range(f, "businessfunction")
                for f in (
                    "standardisation",
                    "strategic_importance",
                    "maturity",
                    "regulatory_sensitivity",
                    "knowledge_intensity",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.capability} ({self.assessment_id})"
