"""Forms of the managers' pages. Ranges mirror the Assessment model's validators."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentStatus, Decision, Organisation
from assessments.roadmaps.portfolio_selectors import APPROVAL_CHOICES, PORTFOLIO_SORTS
from assessments.roadmaps.services import MAX_COMMENT_LENGTH


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Decision.APPROVED, _("Approve")), (Decision.REJECTED, _("Reject"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your decision. Required when you reject, so the consultants know what to change."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == Decision.REJECTED and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say why the roadmap is rejected, so the consultants know what to change."))
        return cleaned


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label=_("Scenario name"),
        max_length=120,
        help_text=_("How the scenario appears in comparisons, e.g. “Gate at 75 %”."),
    )
    gate_fraction = forms.DecimalField(
        label=_("BPO gate (% of planned ITO savings realised)"),
        min_value=Decimal("5"),
        max_value=Decimal("100"),
        decimal_places=1,
        help_text=_("BPO starts once this share of the planned ITO savings run-rate is realised. 5 to 100."),
    )
    discount_rate = forms.DecimalField(
        label=_("Discount rate (% a year)"),
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        decimal_places=2,
        help_text=_("The organisation's cost of capital. 0 to 50."),
    )
    horizon_months = forms.IntegerField(
        label=_("Planning horizon (months)"), min_value=12, max_value=120, help_text=_("12 to 120 months.")
    )
    max_parallel_ito = forms.IntegerField(label=_("Parallel ITO engagements"), min_value=1, max_value=20)
    max_parallel_bpo = forms.IntegerField(label=_("Parallel BPO transitions"), min_value=1, max_value=20)
    savings_band = forms.ChoiceField(
        label=_("Benchmark band"),
        choices=[("low", _("Low (cautious)")), ("typical", _("Typical")), ("high", _("High (optimistic)"))],
        help_text=_("Which end of the published savings bands the base case uses."),
    )

    @classmethod
    def initial_from(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        """Form values (percentages for people) from engine parameters (fractions)."""
        return {
            "gate_fraction": _percent(parameters.get("gate_fraction")),
            "discount_rate": _percent(parameters.get("discount_rate")),
            "horizon_months": parameters.get("horizon_months"),
            "max_parallel_ito": parameters.get("max_parallel_ito"),
            "max_parallel_bpo": parameters.get("max_parallel_bpo"),
            "savings_band": parameters.get("savings_band", "typical"),
        }

    def engine_parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "gate_fraction": float(data["gate_fraction"]) / 100,
            "discount_rate": float(data["discount_rate"]) / 100,
            "horizon_months": data["horizon_months"],
            "max_parallel_ito": data["max_parallel_ito"],
            "max_parallel_bpo": data["max_parallel_bpo"],
            "savings_band": data["savings_band"],
        }


def _percent(value: Any) -> Decimal | None:
    if value is None:
        return None
    # 0.1 * 100 is 10.000000000000002 in binary floating point; people typed 10.
    return Decimal(f"{float(value) * 100:.6g}")


class PortfolioFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Assessment status"), required=False, choices=[("", _("All")), *AssessmentStatus.choices]
    )
    approval = forms.ChoiceField(
        label=_("Approval"), required=False, choices=[("", _("All")), *APPROVAL_CHOICES.items()]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(PORTFOLIO_SORTS.items()))
    drafts = forms.BooleanField(label=_("Include drafts"), required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A list evaluated once by the view: the select and the lookup cost one query together.
        self._organisations = {str(organisation.pk): organisation for organisation in organisations}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", _("All"))] + [
            (key, organisation.name) for key, organisation in self._organisations.items()
        ]

    def clean_organisation(self) -> Organisation | None:
        return self._organisations.get(self.cleaned_data.get("organisation") or "")
