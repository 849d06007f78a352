"""Forms for organisations, the assessment steps, line formsets, workbook upload and the list filters.

Amounts are typed the way consultants write them (`1.234.567,89`, `1,234,567.89`,
`Rp 1.234.567`): `AmountField` reads them with `outsourcing.money.amount_parse` and
refuses ambiguous ones at the field (the field types are in `form_fields`).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models as db_models
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.models import InlineForeignKeyField, construct_instance
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assessments.capture.form_fields import (
    AmountField,
    CapabilityField,
    PercentField,
    ScoreField,
    WholeNumberField,
    YesNoField,
    field_limits_apply,
    number_shown,
)
from assessments.capture.selectors import (
    BUSINESS_FUNCTION_FIELDS,
    COST_DECIMAL_FIELDS,
    COST_PARAMETER_FIELDS,
    IT_COST_AREA_FIELDS,
    PARAMETER_FIELDS,
    PERCENT_PARAMETER_FIELDS,
)
from assessments.engine.defaults import discount_rate_of
from assessments.models import (
    Assessment,
    AssessmentStatus,
    BusinessFunction,
    ITCostArea,
    Organisation,
)
from providers.models import Capability

# --- Assessment steps ---------------------------------------------------------------------------


def currency_discount_rate(currency: str) -> Decimal:
    """The default discount rate of an assessment in `currency` (engine defaults.discount_rate_of:
    10-year government bond yield + 4 points; 0.08 for a currency without a yield on file)."""
    return Decimal(str(round(discount_rate_of(currency or ""), 4)))


# Labels and help of the per cent fields where the model's speak of fractions ("e.g. 0.10").
PERCENT_LABELS = {
    "gate_fraction": _("BPO gate (share of the ITO savings run-rate)"),
    "retained_fte_fraction": _("Retained organisation (share of FTEs)"),
}
PERCENT_HELP = {
    # Issue 13: left blank, the discount rate follows the currency (engine defaults.discount_rate_of).
    "discount_rate": _(
        "The organisation's cost of capital in per cent a year, e.g. 10. Left blank, it follows the currency: "
        "the 10-year government bond yield plus 4 points (IDR 11 %, USD 8.2 %, EUR 6.3 %; otherwise 8 %)."
    ),
    "retained_fte_fraction": _(
        "Share of an outsourced function's FTEs kept to manage the provider, e.g. 5 %; "
        "a function's own retained FTEs take precedence."
    ),
    "wage_share": _("The severance base, e.g. 60 %."),
    "vat_rate": _("Indonesia's PPN: 11 %."),
    "vat_recoverable_fraction": _("100 % for a VAT-registered buyer; 0 % for a bank or insurer."),
}


class AssessmentParametersForm(forms.ModelForm):
    """Step 1: the title and the engine's parameters. `lock_version` travels with the form.

    Shares and rates (`PERCENT_PARAMETER_FIELDS`) are typed in per cent and cleaned to the
    fractions the model stores (`PercentField`): `11` or `11 %` is 0.11.
    """

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Assessment
        fields = list(PARAMETER_FIELDS)
        field_classes = {
            "materiality_min_savings": AmountField,
            "horizon_months": WholeNumberField,
            "max_parallel_ito": WholeNumberField,
            "max_parallel_bpo": WholeNumberField,
            **dict.fromkeys(COST_DECIMAL_FIELDS, AmountField),
            "dual_running_months": WholeNumberField,
            "deal_lead_time_months": WholeNumberField,
            **dict.fromkeys(PERCENT_PARAMETER_FIELDS, PercentField),
        }
        labels = PERCENT_LABELS
        help_texts = PERCENT_HELP

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PERCENT_PARAMETER_FIELDS:
            model_field = cast(db_models.Field, Assessment._meta.get_field(name))
            cast(PercentField, self.fields[name]).limits_from(model_field.validators)
        field_limits_apply(self)
        self.fields["lock_version"].initial = self.instance.lock_version if self.instance.pk else None
        # Added with Engine 2.0: a form (or client) that leaves them out keeps the model's default.
        for name in ("materiality_min_savings", "retained_fte_fraction", *COST_PARAMETER_FIELDS):
            self.fields[name].required = False
        # Issue 13: left blank, the discount rate follows the currency (bond yield + premium, engine defaults).
        self.fields["discount_rate"].required = False
        if not self.instance.pk and not self.is_bound:
            self.initial["discount_rate"] = currency_discount_rate(self.instance.currency)
        for name in COST_DECIMAL_FIELDS:
            if name not in (
                "retained_cost_per_fte",
                "deal_fixed_cost",
                "origin_monthly_earnings_usd",
                *PERCENT_PARAMETER_FIELDS,
            ):
                self.fields[name].widget.trim = True  # money keeps its format
        self.fields["title"].widget.attrs.setdefault("placeholder", _("e.g. Sourcing assessment 2026"))
        self.fields["max_parallel_ito"].help_text = _("How many ITO engagements may run at the same time (1 to 20).")
        self.fields["max_parallel_bpo"].help_text = _("How many BPO transitions may run at the same time (1 to 20).")
        self.fields["region"].help_text = _("Providers are shortlisted for this region.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("title", autofocus=True),
            Row(Column("region"), Column("currency")),
            Div(
                Row(Column("horizon_months"), _cell("discount_rate")),
                Row(_cell("gate_fraction"), _cell("materiality_threshold")),
                Row(Column("materiality_min_savings"), _cell("retained_fte_fraction")),
                Row(Column("max_parallel_ito"), Column("max_parallel_bpo")),
            ),
            Fieldset(
                _("Costs of the business case"),
                *(
                    Row(*(_cell(name) for name in COST_PARAMETER_FIELDS[i : i + 3]))
                    for i in range(0, len(COST_PARAMETER_FIELDS), 3)
                ),
            ),
            "lock_version",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("discount_rate") in (None, "") and "discount_rate" not in self.errors:
            currency = cleaned.get("currency") or self.instance.currency
            cleaned["discount_rate"] = currency_discount_rate(currency)
        for name in ("materiality_min_savings", "retained_fte_fraction", *COST_PARAMETER_FIELDS):
            if cleaned.get(name) in (None, "") and name not in self.errors:
                cleaned[name] = (
                    getattr(self.instance, name)
                    if self.instance.pk
                    else cast(db_models.Field, Assessment._meta.get_field(name)).default
                )
        return cleaned


def _cell(name: str) -> Column:
    """A column of the parameters' grid; a per cent field shows its `%` beside the box."""
    return Column(AppendedText(name, "%")) if name in PERCENT_PARAMETER_FIELDS else Column(name)


class LockForm(forms.Form):
    """The version of the draft a page was built from; a stale one means someone saved in between."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


NOTES_MAX_LENGTH = 2000


class LineForm(forms.ModelForm):
    """One IT cost area or business function row. Used by the formsets and by the workbook import."""

    capability = CapabilityField()

    def __init__(self, *args: Any, capabilities: Mapping[str, Capability] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capabilities = capabilities or {}
        cast(CapabilityField, self.fields["capability"]).set_capabilities(capabilities)
        field_limits_apply(self)
        self.fields["capability"].label = self.instance._meta.get_field("capability").verbose_name
        if self.instance.pk and self.instance.capability_id:
            by_id = {capability.pk: code for code, capability in capabilities.items()}
            self.initial["capability"] = by_id.get(self.instance.capability_id, "")
        # The page's input takes 2,000 characters; an upload or a crafted post is held to the same bound.
        self.fields["notes"].widget = forms.TextInput(attrs={"maxlength": NOTES_MAX_LENGTH})
        self.fields["notes"].validators.append(MaxLengthValidator(NOTES_MAX_LENGTH))
        for name, field in self.fields.items():
            if name == "DELETE":
                continue
            field.widget.attrs.setdefault("title", str(field.help_text or field.label))
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
            field.widget.attrs["data-field"] = name

    def full_clean(self) -> None:
        super().full_clean()
        # Rows are rendered field by field, so the error state goes on the widgets themselves.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def _post_clean(self) -> None:
        # As ModelForm._post_clean, minus the per-row queries: the capability comes from the
        # preloaded catalogue of the right kind, and the check constraints repeat the field
        # validators (the database still enforces them). An import of thousands of rows
        # would otherwise cost several queries per row.
        exclude = self._get_validation_exclusions() | {"capability"}  # type: ignore[attr-defined]  # Django's private ModelForm API, not in django-stubs
        exclude |= {name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)}
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]  # Django's private ModelForm API, not in django-stubs
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]  # Django's private ModelForm API, not in django-stubs


_LINE_FIELD_CLASSES = {
    "annual_cost": AmountField,
    "ftes": AmountField,
    "error_rate_percent": AmountField,
    "volume": AmountField,
    "cycle_time_days": AmountField,
    "retained_ftes": AmountField,
    "termination_fee": AmountField,
    "stranded_book_value": AmountField,
    "regulatory_condition_accepted": YesNoField,
    "annual_volume": WholeNumberField,
    "available_from_month": WholeNumberField,
}


class ITCostAreaForm(LineForm):
    class Meta:
        model = ITCostArea
        fields = list(IT_COST_AREA_FIELDS)
        field_classes = {
            **_LINE_FIELD_CLASSES,
            "maturity": ScoreField,
            "standardisation": ScoreField,
            "criticality": ScoreField,
        }


class BusinessFunctionForm(LineForm):
    class Meta:
        model = BusinessFunction
        fields = list(BUSINESS_FUNCTION_FIELDS)
        field_classes = {
            **_LINE_FIELD_CLASSES,
            "standardisation": ScoreField,
            "strategic_importance": ScoreField,
            "maturity": ScoreField,
            "regulatory_sensitivity": ScoreField,
            "knowledge_intensity": ScoreField,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        retained, ftes = cleaned.get("retained_ftes"), cleaned.get("ftes")
        # Only between two accepted figures: a refused FTE count already has its own message.
        refused = {"retained_ftes", "ftes"} & set(self.errors)
        if retained is not None and ftes is not None and retained > ftes and not refused:
            self.add_error(
                "retained_ftes",
                ValidationError(
                    _("Retained FTEs (%(retained)s) cannot exceed the function's FTEs (%(ftes)s)."),
                    code="retained_above_ftes",
                    params={"retained": number_shown(retained), "ftes": number_shown(ftes)},
                ),
            )
        return cleaned


class _RowIdField(forms.Field):
    """The id of an existing row of this formset, looked up among the rows it already loaded.

    Django's own id field queries every model row once per form, and accepts ids of
    other assessments' lines; this one costs nothing and accepts only this draft's.
    """

    widget = forms.HiddenInput

    def __init__(self, *, lookup: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lookup = lookup

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            row = self.lookup(int(value))
        except (TypeError, ValueError):
            row = None
        if row is None:
            raise ValidationError(_("This line no longer exists. Reload the page."), code="invalid_choice")
        return row

    def prepare_value(self, value: Any) -> Any:
        return getattr(value, "pk", value)


class BaseLineFormSet(BaseInlineFormSet):
    """Rows added by the page's script arrive as extra forms; blank ones are ignored.

    The rows come in the model's order (position, then id).
    """

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        name = self._pk_field.name  # type: ignore[attr-defined]  # Django's private formset API, not in django-stubs
        form.fields[name] = _RowIdField(lookup=self._existing_object, required=False, initial=form.fields[name].initial)  # type: ignore[attr-defined]  # as above

    def lines(self) -> list[dict[str, Any]]:
        """The rows to keep, in page order, as data for the line services (`id` for existing rows)."""
        kept = []
        for form in self.forms:
            if self._should_delete_form(form) or not form.cleaned_data:  # type: ignore[attr-defined]  # private formset API
                continue
            row = {name: form.cleaned_data.get(name) for name in self.form._meta.fields or ()}
            row["id"] = form.instance.pk
            kept.append(row)
        return kept


ITCostAreaFormSet = inlineformset_factory(
    Assessment,
    ITCostArea,
    form=ITCostAreaForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=500,
    validate_max=True,
)
BusinessFunctionFormSet = inlineformset_factory(
    Assessment,
    BusinessFunction,
    form=BusinessFunctionForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=500,
    validate_max=True,
)


# --- Workbook -------------------------------------------------------------------------------------


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook or CSV file"),
        help_text=_("The XLSX workbook downloaded from this assessment, or a CSV file of one of its sheets."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
                code="too_big",
            )
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


# --- Lists ----------------------------------------------------------------------------------------


class AssessmentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Title or organisation"), "type": "search"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *AssessmentStatus.choices])

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class VersionCompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("From version"), coerce=int)
    new = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args: Any, versions: list[Assessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(version.pk, _("Version %(number)s") % {"number": version.version}) for version in versions]
        cast(forms.ChoiceField, self.fields["old"]).choices = choices
        cast(forms.ChoiceField, self.fields["new"]).choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data
        if cleaned.get("old") and cleaned.get("old") == cleaned.get("new"):
            raise ValidationError(_("Choose two different versions."))
        return cleaned
