"""Forms of the programme pages: start, engagement, one month of actuals, actuals import."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.models import Engagement, MonthlyActual
from assessments.programmes.services import ACTUAL_FIELDS, BPO_ONLY, ITO_ONLY
from providers.models import Provider


class MonthField(forms.DateField):
    """A calendar month typed as YYYY-MM (an HTML month input); cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class ProgrammeStartForm(forms.Form):
    first_month = MonthField(
        label=_("First month of the plan"), help_text=_("The calendar month of month 0."), required=False
    )


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = [
            "status",
            "contract_signed_on",
            "transition_started_on",
            "savings_started_on",
            "provider_exited_on",
            "provider",
            "provider_reason",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("contract_signed_on", "transition_started_on", "savings_started_on", "provider_exited_on")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A ForeignKey's form field is a ModelChoiceField (django-stubs types `fields` as Field).
        field = cast(forms.ModelChoiceField, self.fields["provider"])
        field.queryset = Provider.objects.order_by("name")
        field.choices = self._provider_choices(field, Provider.objects.order_by("name"))
        self.fields["provider_reason"].widget.attrs["rows"] = 2
        if self.instance.kind != "ITO":
            del self.fields["provider_exited_on"]

    def _provider_choices(self, field: forms.ModelChoiceField, providers_by_name: QuerySet[Provider]) -> list:
        """The roadmap's shortlisted providers first, best first, in an optgroup "Shortlisted", then
        every other provider by name under "Other providers"; without a shortlist, one plain list."""
        providers = list(providers_by_name.values_list("pk", "slug", "name"))
        rank = {slug: index for index, slug in enumerate(self.instance.shortlist or [])}
        shortlisted = sorted((p for p in providers if p[1] in rank), key=lambda p: rank[p[1]])
        others = [(pk, name) for pk, slug, name in providers if slug not in rank]
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        if not shortlisted:
            return empty + others
        return [
            *empty,
            (_("Shortlisted"), [(pk, name) for pk, _slug, name in shortlisted]),
            (_("Other providers"), others),
        ]


class MonthPickForm(forms.Form):
    month = MonthField(label=_("Month"))


class ActualForm(forms.ModelForm):
    """One engagement's figures for the month; the fields that do not apply to its kind are left out."""

    class Meta:
        model = MonthlyActual
        fields = list(ACTUAL_FIELDS)

    def __init__(self, *args, engagement: Engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.label = engagement.label  # the view puts the name in the reader's language here
        for name in ITO_ONLY if engagement.kind == "BPO" else BPO_ONLY:
            del self.fields[name]
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control form-control-sm", "step": "any"})


class ActualsImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("Columns: engagement, month, then the figures."))


def month_or_today(value: str | None) -> dt.date:
    form = MonthPickForm({"month": value}) if value else None
    if form is not None and form.is_valid():
        return form.cleaned_data["month"]
    return dt.date.today().replace(day=1)
