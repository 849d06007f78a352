"""The organisation form."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "industry", "country", "region", "currency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].help_text = _("Where providers must deliver; the default for its assessments.")
        self.fields["currency"].help_text = _("The currency its figures are reported in.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("name", autofocus=True),
            Row(Column("industry"), Column("country")),
            Row(Column("region"), Column("currency")),
        )
