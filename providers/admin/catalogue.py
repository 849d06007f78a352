"""The catalogue in the admin: providers and offerings, bulk activation, import (preview, confirm) and export."""

import base64
import secrets
from datetime import date

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from providers.exporting import catalogue_csv_chunks, catalogue_xlsx_file
from providers.forms import CatalogueImportForm, ImportConfirmForm
from providers.models import Capability, Certification, Kind, Offering, Provider, Region
from providers.selectors import catalogue_export_rows_iter
from providers.services import catalogue_import, providers_set_active
from providers.spreadsheet import (
    COLUMN_HELP,
    COLUMNS,
    CSV_CONTENT_TYPE,
    EXAMPLE_ROW,
    XLSX_CONTENT_TYPE,
    catalogue_csv_bytes,
    catalogue_xlsx_bytes,
)

IMPORT_SESSION_KEY = "providers_catalogue_import"


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    autocomplete_fields = ("capability",)
    fields = (
        "capability",
        "delivery_model",
        "price_index",
        "capacity_ftes",
        "min_contract_months",
        "quality_score",
        "experience_years",
    )
    ordering = ("capability__kind", "capability__sort_order", "delivery_model")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Offering]:
        return super().get_queryset(request).select_related("capability")


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return Kind.choices

    def queryset(self, request, queryset):
        if self.value() in Kind.values:
            return queryset.filter(pk__in=Offering.objects.filter(capability__kind=self.value()).values("provider_id"))
        return queryset


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "headquarters_country",
        "regions_served",
        "rating",
        "offering_count",
        "is_active",
        "updated_at",
    )
    list_display_links = ("name",)
    list_filter = (
        "is_active",
        KindFilter,
        ("offerings__capability", admin.RelatedOnlyFieldListFilter),
        "regions",
        "certifications",
        "offerings__delivery_model",
    )
    search_fields = ("name", "slug", "description", "headquarters_country")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("regions", "certifications")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "is_active", "description", "website")}),
        (_("Company"), {"fields": (("headquarters_country", "founded_year", "employees"), "rating")}),
        (_("Reach"), {"fields": ("regions", "certifications")}),
        (_("Record"), {"fields": (("created_at", "updated_at"),), "classes": ("collapse",)}),
    )
    inlines = (OfferingInline,)
    actions = ("activate", "deactivate")
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Provider]:
        return (
            super()
            .get_queryset(request)
            .annotate(num_offerings=Count("offerings", distinct=True))
            .prefetch_related("regions")
        )

    @admin.display(description=_("regions"))
    def regions_served(self, obj: Provider) -> str:
        return ", ".join(region.code for region in obj.regions.all())

    @admin.display(description=_("offerings"), ordering="num_offerings")
    def offering_count(self, obj: Provider) -> int:
        return obj.num_offerings  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.action(description=_("Activate the selected providers"), permissions=("change",))
    def activate(self, request: HttpRequest, queryset: QuerySet[Provider]) -> None:
        count = providers_set_active(providers=queryset, active=True)
        self.message_user(
            request,
            ngettext("%(count)d provider activated.", "%(count)d providers activated.", count) % {"count": count},
        )

    @admin.action(description=_("Deactivate the selected providers"), permissions=("change",))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Provider]) -> None:
        count = providers_set_active(providers=queryset, active=False)
        self.message_user(
            request,
            ngettext("%(count)d provider deactivated.", "%(count)d providers deactivated.", count) % {"count": count},
        )

    # --- Import and export ----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="providers_provider_import"),
            path("import/template.<str:fmt>", view(self.template_view), name="providers_provider_import_template"),
            path("export.<str:fmt>", view(self.export_view), name="providers_provider_export"),
            *super().get_urls(),
        ]

    def _can_import(self, request: HttpRequest) -> bool:
        return all(
            request.user.has_perm(f"providers.{permission}")
            for permission in ("add_provider", "change_provider", "add_offering", "change_offering")
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "can_import": self._can_import(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._can_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import providers and offerings"),
            "columns": [(column, COLUMN_HELP[column]) for column in COLUMNS],
            "capabilities": Capability.objects.order_by("kind", "sort_order"),
            "regions": Region.objects.all(),
            "certifications": Certification.objects.all(),
            "max_kb": settings.IMPORT_MAX_BYTES // 1024,
            "max_rows": settings.IMPORT_MAX_ROWS,
        }
        form = CatalogueImportForm()
        if request.method == "POST" and "token" in request.POST:
            return self._import_confirm(request, context)
        if request.method == "POST":
            form = CatalogueImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                # Never more than the byte budget and one byte (the reader then says "too large"),
                # whatever size the upload declared: the same bound as the app's import pages.
                content = upload.read(settings.IMPORT_MAX_BYTES + 1)
                report = catalogue_import(content=content, filename=upload.name, dry_run=True)
                context.update({"report": report, "filename": upload.name})
                if report.ok:
                    token = secrets.token_urlsafe(24)
                    request.session[IMPORT_SESSION_KEY] = {
                        "token": token,
                        "filename": upload.name,
                        "content": base64.b64encode(content).decode("ascii"),
                    }
                    context["confirm_form"] = ImportConfirmForm(initial={"token": token})
                return TemplateResponse(request, "admin/providers/provider/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/providers/provider/import.html", context)

    def _import_confirm(self, request: HttpRequest, context: dict) -> HttpResponse:
        form = ImportConfirmForm(request.POST)
        pending = request.session.get(IMPORT_SESSION_KEY) or {}
        if not form.is_valid() or not secrets.compare_digest(pending.get("token", ""), form.cleaned_data["token"]):
            messages.error(request, _("That import preview has expired. Upload the file again."))
            return HttpResponseRedirect(reverse("admin:providers_provider_import"))
        report = catalogue_import(content=base64.b64decode(pending["content"]), filename=pending["filename"])
        if not report.ok:
            # The catalogue changed since the preview (e.g. a region was deleted): show why.
            context.update({"report": report, "filename": pending["filename"]})
            return TemplateResponse(request, "admin/providers/provider/import_preview.html", context)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _(
                "Imported %(name)s: %(pc)d providers created, %(pu)d updated, %(pn)d unchanged; "
                "%(oc)d offerings created, %(ou)d updated, %(on)d unchanged."
            )
            % {
                "name": pending["filename"],
                "pc": report.providers_created,
                "pu": report.providers_updated,
                "pn": report.providers_unchanged,
                "oc": report.offerings_created,
                "ou": report.offerings_updated,
                "on": report.offerings_unchanged,
            },
        )
        return HttpResponseRedirect(reverse("admin:providers_provider_changelist"))

    def template_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(rows=[EXAMPLE_ROW], fmt=fmt, stem="catalogue-template", help_sheet=True)

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        stem = f"catalogue-{date.today().isoformat()}"
        # Streamed as the rows are read: the whole catalogue is never held in memory.
        if fmt == "csv":
            chunks = catalogue_csv_chunks(rows=catalogue_export_rows_iter())
            response = StreamingHttpResponse(chunks, content_type=f"{CSV_CONTENT_TYPE}; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return response
        if fmt == "xlsx":
            workbook = catalogue_xlsx_file(rows=catalogue_export_rows_iter())
            return FileResponse(workbook, as_attachment=True, filename=f"{stem}.xlsx", content_type=XLSX_CONTENT_TYPE)
        return HttpResponse(status=404)


def _download(*, rows: list[dict], fmt: str, stem: str, help_sheet: bool = False) -> HttpResponse:
    if fmt == "csv":
        content, content_type = catalogue_csv_bytes(rows=rows), f"{CSV_CONTENT_TYPE}; charset=utf-8"
    elif fmt == "xlsx":
        content, content_type = catalogue_xlsx_bytes(rows=rows, help_sheet=help_sheet), XLSX_CONTENT_TYPE
    else:
        return HttpResponse(status=404)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@admin.register(Offering)
class OfferingAdmin(SimpleHistoryAdmin):
    list_display = (
        "provider",
        "capability",
        "kind",
        "delivery_model",
        "price_index",
        "capacity_ftes",
        "min_contract_months",
        "quality_score",
        "experience_years",
        "provider_active",
    )
    list_filter = (
        "capability__kind",
        "capability",
        "delivery_model",
        "provider__regions",
        "provider__certifications",
        "provider__is_active",
    )
    search_fields = ("provider__name", "provider__slug", "capability__name", "capability__code")
    list_select_related = ("provider", "capability")
    autocomplete_fields = ("provider", "capability")
    ordering = ("provider__name", "capability__kind", "capability__sort_order")
    list_per_page = 100

    @admin.display(description=_("kind"), ordering="capability__kind")
    def kind(self, obj: Offering) -> str:
        return obj.capability.kind

    @admin.display(description=_("provider active"), boolean=True, ordering="provider__is_active")
    def provider_active(self, obj: Offering) -> bool:
        return obj.provider.is_active
