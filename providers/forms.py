from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from providers.models import Benchmark, Capability, Certification, DeliveryModel, Kind, Region
from providers.selectors import PRICE_BANDS, SORTS, CatalogueQuery

RATING_CHOICES = (("", _("Any rating")), ("3", "3+"), ("3.5", "3.5+"), ("4", "4+"), ("4.5", "4.5+"))
KIND_CHOICES = (
    ("", _("ITO and BPO")),
    (Kind.ITO, _("ITO · IT outsourcing")),
    (Kind.BPO, _("BPO · business processes")),
)
VIEW_CHOICES = (("cards", _("Cards")), ("table", _("Table")))


class CapabilitySelect(forms.Select):
    """Each option carries its kind, so the page can narrow the list when a kind is chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class CapabilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Capability) -> str:
        return str(_(obj.name))


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=KIND_CHOICES)
    capability = CapabilityChoiceField(
        label=_("Capability"),
        required=False,
        queryset=Capability.objects.order_by("kind", "sort_order", "name"),
        to_field_name="code",
        empty_label=_("Any capability"),
        widget=CapabilitySelect,
    )
    region = forms.ModelChoiceField(
        label=_("Region served"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Any region"),
    )
    certification = forms.ModelChoiceField(
        label=_("Certification"),
        required=False,
        queryset=Certification.objects.all(),
        to_field_name="code",
        empty_label=_("Any certification"),
    )
    delivery_model = forms.ChoiceField(
        label=_("Delivery model"), required=False, choices=[("", _("Any delivery model")), *DeliveryModel.choices]
    )
    price_band = forms.ChoiceField(
        label=_("Price level"), required=False, choices=[("", _("Any price level")), *PRICE_BANDS.items()]
    )
    min_rating = forms.TypedChoiceField(
        label=_("Minimum rating"), required=False, choices=RATING_CHOICES, coerce=Decimal, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))
    view = forms.ChoiceField(label=_("View"), required=False, choices=VIEW_CHOICES)

    # Sorting and the view switch sit in the results toolbar but submit with the filters.
    TOOLBAR_FIELDS = ("sort", "view")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] += " js-autosubmit"
            if name in self.TOOLBAR_FIELDS:
                field.widget.attrs["form"] = "catalogue-filters"
        self.fields["q"].widget.attrs.update({"placeholder": _("Name, country, capability…"), "type": "search"})

    def filter_fields(self) -> list:
        return [self[name] for name in self.fields if name not in ("q", *self.TOOLBAR_FIELDS)]

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, label, chosen value's label) of every filter in use."""
        if not self.is_bound:
            return []
        active = []
        for name in ("q", *[field.name for field in self.filter_fields()]):
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                shown = field.label_from_instance(value)
            elif isinstance(field, forms.ChoiceField):
                shown = str(dict(cast("list[tuple[Any, Any]]", field.choices)).get(self.data.get(name), value))
            else:
                shown = str(value)
            active.append((name, str(field.label), shown))
        return active

    def query(self) -> CatalogueQuery:
        """The query of the valid fields; an invalid field (a stale link) is simply not applied."""
        data = self.cleaned_data if self.is_bound else {}
        data = {name: value for name, value in data.items() if name not in self.errors}
        return CatalogueQuery(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            capability=data.get("capability"),
            region=data.get("region"),
            certification=data.get("certification"),
            delivery_model=data.get("delivery_model") or "",
            price_band=data.get("price_band") or "",
            min_rating=data.get("min_rating"),
            sort=data.get("sort") or "name",
        )

    @property
    def view_mode(self) -> str:
        return (self.cleaned_data.get("view") if self.is_bound and "view" not in self.errors else "") or "cards"


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("A .csv (UTF-8) or .xlsx file in the catalogue layout."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s KB; the limit is %(limit)s KB. Split it into smaller files."),
                params={"size": upload.size // 1024, "limit": settings.IMPORT_MAX_BYTES // 1024},
            )
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


MARKET_BAND_FIELDS = (
    "unit_of_measure",
    "market_unit_cost_low",
    "market_unit_cost_typical",
    "market_unit_cost_high",
    "market_currency",
    "market_year",
    "market_source",
)


class BenchmarkForm(forms.ModelForm):
    """A benchmark as administrators curate it: the market unit-cost band is all or none, ordered."""

    class Meta:
        model = Benchmark
        # The admin's fieldsets choose what is shown; these are the band this form checks.
        fields = ("capability", *MARKET_BAND_FIELDS, "market_region")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = [name for name in MARKET_BAND_FIELDS if cleaned.get(name) not in (None, "")]
        if given and len(given) < len(MARKET_BAND_FIELDS):
            for name in MARKET_BAND_FIELDS:
                if name not in given and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "Give the whole market unit-cost band (unit, low, typical, high, currency, year, "
                            "source) or none of it."
                        ),
                    )
            return cleaned
        if not given:
            cleaned["market_region"] = cleaned.get("market_region") or ""
            return cleaned
        low, typical, high = (
            cleaned["market_unit_cost_low"],
            cleaned["market_unit_cost_typical"],
            cleaned["market_unit_cost_high"],
        )
        if low <= 0:
            self.add_error("market_unit_cost_low", _("A market unit cost must be more than zero."))
        if not low <= typical <= high:
            self.add_error(
                "market_unit_cost_typical", _("The market unit costs must be ordered: low ≤ typical ≤ high.")
            )
        currency = cleaned["market_currency"].strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            self.add_error("market_currency", _("Give a three-letter ISO 4217 currency code, e.g. USD."))
        else:
            cleaned["market_currency"] = currency
        return cleaned
