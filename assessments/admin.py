"""Admin for organisations, memberships and assessments.

Administrators manage who belongs to which organisation here. Assessments are shown
read-only: their figures change only through the app, whose services enforce drafts,
locking on submission, versions and optimistic locking.
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from assessments.capture.selectors import BUSINESS_FUNCTION_FIELDS, IT_COST_AREA_FIELDS
from assessments.models import Assessment, BusinessFunction, ITCostArea, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "industry", "country", "region", "currency", "updated_at"]
    list_filter = ["region", "currency"]
    search_fields = ["name", "industry", "country"]
    list_select_related = ["region"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ITCostAreaInline(ReadOnlyInline):
    model = ITCostArea
    fields = ["position", *IT_COST_AREA_FIELDS]


class BusinessFunctionInline(ReadOnlyInline):
    model = BusinessFunction
    fields = ["position", *BUSINESS_FUNCTION_FIELDS]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "version", "status", "author", "updated_at"]
    list_filter = ["status", "organisation", "currency"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "author"]
    readonly_fields = ["lineage", "version", "copied_from", "lock_version", "submitted_at", "created_at", "updated_at"]
    inlines = [ITCostAreaInline, BusinessFunctionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
