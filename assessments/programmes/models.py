"""A programme: an approved roadmap being carried out. Engagements (one per included roadmap item),
their monthly actuals, and in-app notifications. Every change is audited (django-simple-history)."""

import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.capture.models import MONEY
from assessments.roadmaps.models import Roadmap
from outsourcing.money_bounds import MONEY_VALIDATORS

POSITIVE = [MinValueValidator(0)]


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONTRACTING = "contracting", _("Contracting")
    IN_TRANSITION = "in_transition", _("In transition")
    RUNNING = "running", _("Running")
    EXITED = "exited", _("Exited")


class Programme(models.Model):
    """The programme of one approved roadmap. `first_month` is the calendar month of roadmap month 0."""

    roadmap = models.OneToOneField(Roadmap, on_delete=models.PROTECT, related_name="programme")
    first_month = models.DateField(_("first month"), help_text=_("The calendar month of the plan's month 0."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The plan the gate is measured against, copied from the approved roadmap's result.
    gate_fraction = models.FloatField(editable=False)
    planned_gate_month = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    planned_ito_run_rate = models.DecimalField(default=0, editable=False, validators=MONEY_VALIDATORS, **MONEY)
    horizon_months = models.PositiveSmallIntegerField(editable=False)
    # The gate's last notified slip (months late), so a manager hears of a slip once, not every save.
    gate_slip_notified = models.IntegerField(null=True, blank=True, editable=False)
    # Headline for the portfolio, written by services.programme_evaluate after every change of actuals:
    # actual / planned net cumulative cash flow to the latest recorded month (a fraction; null while the
    # plan's cumulative is not positive), and the gate's state and slip in months (positive: late).
    realised_fraction_of_plan = models.FloatField(null=True, blank=True, editable=False)
    gate_state = models.CharField(max_length=16, blank=True, editable=False)
    gate_slip_months = models.IntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.roadmap.assessment} programme"


class Engagement(models.Model):
    """One roadmap item carried out: status, actual dates and the provider chosen.

    The plan (`planned_*`, targets) is copied from the approved roadmap when the programme starts, so
    a later re-plan never changes what this engagement is measured against."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="engagements")
    item_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=3)  # providers.models.Kind: "ITO" or "BPO"
    capability = models.CharField(max_length=64)
    label = models.CharField(_("engagement"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.PLANNED
    )
    contract_signed_on = models.DateField(_("contract signed"), null=True, blank=True)
    transition_started_on = models.DateField(_("transition start"), null=True, blank=True)
    savings_started_on = models.DateField(_("savings start"), null=True, blank=True)
    provider_exited_on = models.DateField(_("provider exit"), null=True, blank=True)
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("provider chosen"),
    )
    provider_reason = models.TextField(_("reason for the choice"), blank=True)
    shortlist = models.JSONField(default=list, blank=True, editable=False)  # provider slugs, best first
    planned_start_month = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_savings_from_month = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_exit_month = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_annual_savings = models.DecimalField(default=0, validators=MONEY_VALIDATORS, **MONEY)
    planned_one_off_cost = models.DecimalField(default=0, validators=MONEY_VALIDATORS, **MONEY)
    baseline_cost_per_transaction = models.DecimalField(null=True, blank=True, validators=MONEY_VALIDATORS, **MONEY)
    target_cost_per_transaction = models.DecimalField(null=True, blank=True, validators=MONEY_VALIDATORS, **MONEY)
    baseline_error_rate_percent = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    target_error_rate_percent = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    # Cycle time in days: the business function line's figure before, and the engine's figure after
    # (assessments.engine.bpo.cycle_time_after); both empty when the line does not track it.
    baseline_cycle_time_days = models.DecimalField(
        _("baseline cycle time (days)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    target_cycle_time_days = models.DecimalField(
        _("target cycle time (days)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    target_ftes_released = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    # The last success state evaluated, so a manager hears of a turn to "at risk" once.
    success_state = models.CharField(max_length=10, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        # ITO first (the programme opens with it; "-kind" puts "ITO" before "BPO"), then by start month.
        ordering = ["programme", "-kind", "planned_start_month", "label"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "item_id"], name="engagement_unique_item"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors = {}
        if self.provider_exited_on and self.kind != "ITO":
            errors["provider_exited_on"] = _("Only an ITO provider exits once the savings are handed over.")
        provider = self.provider if self.provider_id else None
        if provider is not None and provider.slug not in (self.shortlist or []) and not self.provider_reason.strip():
            errors["provider_reason"] = _("This provider is not on the shortlist: say why it was chosen.")
        order = [
            ("contract_signed_on", self.contract_signed_on),
            ("transition_started_on", self.transition_started_on),
            ("savings_started_on", self.savings_started_on),
        ]
        known = [(name, day) for name, day in order if day]
        for (_first, before), (name, after) in itertools.pairwise(known):
            if after < before:
                errors[name] = _("This date is before the previous step's date.")
        if errors:
            raise ValidationError(errors)


class MonthlyActual(models.Model):
    """What one engagement realised in one calendar month (`month` is its first day).

    ITO: `realised_savings` against the area's baseline cost. BPO: `realised_benefit` (net of the
    provider's fee) and the success measures. Money in the organisation's currency."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actuals")
    month = models.DateField(_("month"))
    realised_savings = models.DecimalField(
        _("realised savings"), null=True, blank=True, validators=MONEY_VALIDATORS, **MONEY
    )
    realised_benefit = models.DecimalField(
        _("realised benefit"), null=True, blank=True, validators=MONEY_VALIDATORS, **MONEY
    )
    one_off_cost = models.DecimalField(
        _("one-off cost"), null=True, blank=True, validators=[*POSITIVE, *MONEY_VALIDATORS], **MONEY
    )
    cost_per_transaction = models.DecimalField(
        _("cost per transaction"), null=True, blank=True, validators=[*POSITIVE, *MONEY_VALIDATORS], **MONEY
    )
    error_rate_percent = models.DecimalField(
        _("error rate (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cycle_time_days = models.DecimalField(
        _("cycle time (days)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    ftes_released = models.DecimalField(
        _("FTEs released"), max_digits=9, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly actual")
        verbose_name_plural = _("monthly actuals")
        ordering = ["engagement", "month"]
        constraints = [models.UniqueConstraint(fields=["engagement", "month"], name="actual_unique_month")]

    def __str__(self) -> str:
        return f"{self.engagement} {self.month:%Y-%m}"


class Notification(models.Model):
    """An in-app message to one user, stored as a code and its parameters (worded on display)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="notifications")
    code = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.code} for {self.user}"
