"""Voter lists in the admin: read-only, scoped, citizen IDs masked by role.

Lists come from `import_voters` and change only through `changes.py`, so these pages
show them; the screens that record changes come with the change forms.
"""

from django.contrib import admin

from electionadmin.access.admin import ScopedAdmin

from .identity import can_see_citizen_ids, mask_citizen_id
from .models import VoterChange, VoterEntry


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def citizen_column(request):
    """The citizen ID as this request's user may see it (full or masked)."""

    def citizen(obj):
        return mask_citizen_id(request.user, obj.citizen_id)

    citizen.short_description = "số định danh cá nhân"
    return citizen


@admin.register(VoterEntry)
class VoterEntryAdmin(ReadOnlyAdmin):
    list_display_links = ["full_name"]
    list_select_related = ["voting_area__commune"]
    list_filter = ["status", "residence", "gender", "by_certificate"]
    search_fields = ["search_name"]  # replaced by VoterEntryQuerySet.search
    search_help_text = "Họ tên (có hoặc không dấu) hoặc các số đầu của số định danh."
    exclude = ["citizen_id", "election", "commune", "search_name"]
    ordering = ["voting_area_id", "list_number"]

    def get_list_display(self, request):
        columns = ["list_number", "full_name", "born", "gender"]
        return columns + [citizen_column(request), "voting_area", "status"]

    def get_readonly_fields(self, request, obj=None):
        return [citizen_column(request)]

    def get_search_results(self, request, queryset, search_term):
        by_id = can_see_citizen_ids(request.user)
        return queryset.search(search_term, by_citizen_id=by_id), False

    @admin.display(description="ngày sinh", ordering="birth_date")
    def born(self, obj):
        return obj.birth_date_display()


@admin.register(VoterChange)
class VoterChangeAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "kind", "reason", "entry", "from_area", "to_area"]
    list_display += ["user"]
    list_select_related = ["old_entry", "new_entry", "from_area__commune"]
    list_select_related += ["to_area__commune", "user"]
    list_filter = ["kind", "reason", "electronic"]
    date_hierarchy = "recorded_at"

    @admin.display(description="cử tri")
    def entry(self, obj):
        return obj.new_entry or obj.old_entry
