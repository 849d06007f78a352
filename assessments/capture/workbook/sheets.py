"""The workbook's sheets: which lines each holds, its columns, their labels and the headers accepted back."""

import re
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db.models import Field
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assessments.capture.forms import BusinessFunctionForm, ITCostAreaForm, LineForm
from assessments.capture.selectors import BUSINESS_FUNCTION_FIELDS, IT_COST_AREA_FIELDS
from assessments.models import BusinessFunction, ITCostArea
from providers.models import Kind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
README_SHEET = "README"
LISTS_SHEET = "Lists"

SCORE_FIELDS = {
    "maturity",
    "standardisation",
    "criticality",
    "strategic_importance",
    "regulatory_sensitivity",
    "knowledge_intensity",
}
NUMBER_FORMATS = {
    "annual_cost": "#,##0.00",
    "ftes": "0.0",
    "available_from_month": "0",
    "annual_volume": "#,##0",
    "error_rate_percent": "0.00",
    "volume": "#,##0.##",
    "cycle_time_days": "0.0",
    "retained_ftes": "0.0",
    "termination_fee": "#,##0.00",
    "stranded_book_value": "#,##0.00",
}
# Money columns: their header may name the assessment's currency.
MONEY_FIELDS = {"annual_cost", "termination_fee", "stranded_book_value"}
COLUMN_WIDTHS = {"capability": 22, "annual_cost": 20, "notes": 40}
DECIMAL_FIELDS = {
    "annual_cost",
    "ftes",
    "error_rate_percent",
    "volume",
    "cycle_time_days",
    "retained_ftes",
    "termination_fee",
    "stranded_book_value",
}


@dataclass(frozen=True)
class SheetSpec:
    key: str  # "it" or "bf": also the key in previews and session payloads
    title: str  # the sheet's name in the workbook; stable across languages
    model: type[ITCostArea] | type[BusinessFunction]
    form_class: type[LineForm]
    kind: Kind
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))


IT_SHEET = SheetSpec("it", "IT cost areas", ITCostArea, ITCostAreaForm, Kind.ITO, IT_COST_AREA_FIELDS)
BF_SHEET = SheetSpec("bf", "Business functions", BusinessFunction, BusinessFunctionForm, Kind.BPO,
                     BUSINESS_FUNCTION_FIELDS)  # fmt: skip
SHEETS = (IT_SHEET, BF_SHEET)
# Columns a workbook may leave out (older templates import as before; the values stay empty).
OPTIONAL_FIELDS = {
    "notes",
    "volume",
    "cycle_time_days",
    "retained_ftes",
    "termination_fee",
    "stranded_book_value",
    "regulatory_condition_accepted",
}


def column_label(spec: SheetSpec, name: str, *, currency: str = "") -> str:
    model_field = cast(Field, spec.model._meta.get_field(name))  # sheet columns are fields, not relations
    label = str(model_field.verbose_name)
    label = label[:1].upper() + label[1:]
    if name == "capability":
        return _("%(label)s (code)") % {"label": label}
    if name in SCORE_FIELDS:
        return f"{label} (1-5)"
    if name in MONEY_FIELDS and currency:
        return f"{label} ({currency})"
    if name == "volume":
        return _("%(label)s (in the capability's unit of measure)") % {"label": label}
    return label


def normalise_header(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", str(text)).replace("_", " ")
    return " ".join(text.casefold().split())


def header_aliases(spec: SheetSpec) -> dict[str, str]:
    """Every header text accepted for each field: its key, and its label in every language."""
    aliases = {}
    for name in spec.fields:
        aliases[normalise_header(name)] = name
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                aliases[normalise_header(column_label(spec, name))] = name
                aliases[normalise_header(str(cast(Field, spec.model._meta.get_field(name)).verbose_name))] = name
    return aliases
