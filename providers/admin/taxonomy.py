"""The taxonomy in the admin: capabilities with their benchmark figures, regions and certifications."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from providers.forms import BenchmarkForm
from providers.models import Benchmark, Capability, Certification, Region

PRODUCT_JUDGEMENT = "product judgement"


class BenchmarkInline(admin.StackedInline):
    model = Benchmark
    form = BenchmarkForm
    can_delete = False
    extra = 0
    fieldsets = (
        (_("Savings band"), {"fields": (("savings_low", "savings_typical", "savings_high"), "savings_source")}),
        (
            _("Transition"),
            {
                "fields": (
                    ("transition_months", "transition_cost_fraction"),
                    "transition_months_source",
                    "transition_cost_source",
                )
            },
        ),
        (_("Engagement or ramp-up"), {"fields": (("engagement_months", "ramp_months"), "duration_source")}),
        (
            _("Market unit-cost band (ITO: found savings)"),
            {
                "description": _(
                    "What a provider charges per unit a year. An IT area with a volume is compared with it, so "
                    "its savings are found rather than indicative. Give all of it or none."
                ),
                "fields": (
                    "unit_of_measure",
                    ("market_unit_cost_low", "market_unit_cost_typical", "market_unit_cost_high"),
                    ("market_currency", "market_year", "market_region"),
                    "market_source",
                ),
            },
        ),
    )


@admin.register(Capability)
class CapabilityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "sort_order", "offering_count", "savings_band")
    list_filter = ("kind",)
    list_editable = ("sort_order",)
    search_fields = ("name", "code", "description")
    ordering = ("kind", "sort_order", "name")
    inlines = (BenchmarkInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Capability]:
        return super().get_queryset(request).select_related("benchmark").annotate(num_offerings=Count("offerings"))

    @admin.display(description=_("offerings"), ordering="num_offerings")
    def offering_count(self, obj: Capability) -> int:
        return obj.num_offerings  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(description=_("savings low / typical / high"))
    def savings_band(self, obj: Capability) -> str:
        benchmark = getattr(obj, "benchmark", None)
        if benchmark is None:
            return "—"
        return " / ".join(
            f"{value:.1%}" for value in (benchmark.savings_low, benchmark.savings_typical, benchmark.savings_high)
        )


class ProductJudgementFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "judgement"

    def lookups(self, request, model_admin):
        return (("yes", _("Has product-judgement figures")), ("no", _("Published figures only")))

    def queryset(self, request, queryset):
        fields = ("savings_source", "transition_months_source", "transition_cost_source", "duration_source")
        judgement = Q()
        for name in fields:
            judgement |= Q(**{f"{name}__icontains": PRODUCT_JUDGEMENT})
        if self.value() == "yes":
            return queryset.filter(judgement)
        if self.value() == "no":
            return queryset.exclude(judgement)
        return queryset


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    form = BenchmarkForm
    list_display = (
        "capability",
        "kind",
        "savings_band",
        "transition_months",
        "transition_cost",
        "engagement_months",
        "ramp_months",
        "market_band",
        "judgement",
        "updated_at",
    )
    list_filter = ("capability__kind", ProductJudgementFilter)
    search_fields = ("capability__name", "capability__code", "savings_source")
    list_select_related = ("capability",)
    autocomplete_fields = ("capability",)
    ordering = ("capability__kind", "capability__sort_order")
    fieldsets = BenchmarkInline.fieldsets

    def get_fieldsets(self, request, obj=None):
        return ((None, {"fields": ("capability",)}), *self.fieldsets)

    @admin.display(description=_("kind"), ordering="capability__kind")
    def kind(self, obj: Benchmark) -> str:
        return obj.capability.kind

    @admin.display(description=_("savings low / typical / high"), ordering="savings_typical")
    def savings_band(self, obj: Benchmark) -> str:
        return " / ".join(f"{value:.1%}" for value in (obj.savings_low, obj.savings_typical, obj.savings_high))

    @admin.display(description=_("transition cost"), ordering="transition_cost_fraction")
    def transition_cost(self, obj: Benchmark) -> str:
        return f"{obj.transition_cost_fraction:.1%}"

    @admin.display(description=_("market unit cost low / typical / high"), ordering="market_unit_cost_typical")
    def market_band(self, obj: Benchmark) -> str:
        if obj.market_unit_cost_typical is None:
            return "—"
        figures = " / ".join(
            f"{value:,.2f}"
            for value in (obj.market_unit_cost_low, obj.market_unit_cost_typical, obj.market_unit_cost_high)
        )
        return f"{obj.market_currency} {figures} ({obj.unit_of_measure})"

    @admin.display(description=_("product judgement"), boolean=True)
    def judgement(self, obj: Benchmark) -> bool:
        texts = (obj.savings_source, obj.transition_months_source, obj.transition_cost_source, obj.duration_source)
        return any(PRODUCT_JUDGEMENT in text.lower() for text in texts)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "provider_count")
    search_fields = ("name", "code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        # Meta.ordering does not survive the GROUP BY; the autocomplete pages need a stable order.
        return super().get_queryset(request).annotate(num_providers=Count("providers")).order_by("name")

    @admin.display(description=_("providers"), ordering="num_providers")
    def provider_count(self, obj: Region) -> int:
        return obj.num_providers  # type: ignore[attr-defined]  # annotated by get_queryset


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "description", "provider_count")
    search_fields = ("name", "code", "description")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Certification]:
        # Meta.ordering does not survive the GROUP BY; the autocomplete pages need a stable order.
        return super().get_queryset(request).annotate(num_providers=Count("providers")).order_by("name")

    @admin.display(description=_("providers"), ordering="num_providers")
    def provider_count(self, obj: Certification) -> int:
        return obj.num_providers  # type: ignore[attr-defined]  # annotated by get_queryset
