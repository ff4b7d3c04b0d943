"""Django admin for turnout figures (read-only: they change through the entry screens,
the API and the importer, which check the rules and audit every change), the
counting-start marks and the API tokens (superuser only)."""

from django.contrib import admin
from django.utils.html import format_html

from electionadmin.access.admin import ScopedAdmin

from .models import ApiToken, CountingStart, TurnoutFigure


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(TurnoutFigure)
class TurnoutFigureAdmin(ReadOnly, ScopedAdmin):
    list_display = [
        "area",
        "slot",
        "contest",
        "voters_voted",
        "voters_on_list",
        "warned",
        "entered_by",
        "entered_at",
    ]
    list_filter = ["slot", "source"]
    list_select_related = [
        "voting_area__commune",
        "contest__council_unit",
        "entered_by",
    ]
    search_fields = ["voting_area__commune__code", "voting_area__commune__name"]
    raw_id_fields = ["voting_area", "contest", "electoral_unit", "entered_by"]

    @admin.display(description="khu vực bỏ phiếu", ordering="voting_area")
    def area(self, obj):
        return obj.voting_area.key

    @admin.display(description="cảnh báo")
    def warned(self, obj):
        if not obj.warnings:
            return ""
        return format_html('<span title="{}">⚠</span>', obj.warnings[0]["message"])


@admin.register(CountingStart)
class CountingStartAdmin(ReadOnly, ScopedAdmin):
    list_display = ["voting_area", "started_at", "started_by"]
    list_select_related = ["voting_area__commune", "started_by"]
    raw_id_fields = ["voting_area", "started_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are issued with `manage.py turnout_token USERNAME` (shown once)."""

    list_display = ["user", "name", "created_at"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_module_permission(self, request):
        return request.user.is_superuser
