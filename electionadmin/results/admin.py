"""Django admin lists of the results app, all jurisdiction-scoped (ScopedAdmin).

Minutes change only through their workflow screens (minutes_views.py): the list
links each row there, and the admin's own change page redirects to it. Ballot
inventories are entered here; certifications and old versions are read-only. (The
minutes list's action that prints the chosen minutes is the documents app's:
documents/admin.py.)
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from electionadmin.access.admin import ScopedAdmin
from electionadmin.setup.admin import ElectionAdmin
from electionadmin.setup.admin_filters import by_commune, by_election, by_kind

from .models import (
    BallotInventory,
    Certification,
    CountingRecord,
    CountingRecordVersion,
)
from .rehearsal import wipe_rehearsal
from .views import print_url

# Wiping a drill election deletes results data: the action lives in this stage.
ElectionAdmin.actions = [*(ElectionAdmin.actions or []), wipe_rehearsal]


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CountingRecord)
class CountingRecordAdmin(ReadOnly, ScopedAdmin):
    list_display = ["area_link", "contest", "electoral_unit", "round", "status_badge"]
    list_display += ["updated_at"]
    list_select_related = [
        "voting_area__commune",
        "contest__council_unit",
        "electoral_unit",
    ]
    list_filter = [
        "status",
        "round",
        by_election("contest__election"),
        by_kind("contest__kind"),
        by_commune("voting_area__commune"),
    ]
    search_fields = ["voting_area__commune__code", "voting_area__commune__name"]
    change_list_template = "results/record_change_list.html"

    @admin.display(description="khu vực bỏ phiếu", ordering="voting_area__commune")
    def area_link(self, obj):
        url = reverse("results:record", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.voting_area.key)

    @admin.display(description="trạng thái", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        if record is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("results:record", record.pk)


@admin.register(BallotInventory)
class BallotInventoryAdmin(ScopedAdmin):
    fields = ["contest", "voting_area", "round", "received", "issued", "spoiled"]
    fields += ["unused", "audit_reason"]
    list_display = ["voting_area", "contest", "round", "received", "issued"]
    list_display += ["spoiled", "unused", "print_link"]
    list_select_related = ["voting_area__commune", "contest__election"]
    list_filter = [by_election("contest__election"), by_kind("contest__kind")]
    search_fields = ["voting_area__commune__code", "voting_area__commune__name"]
    autocomplete_fields = ["contest", "voting_area"]

    @admin.display(description="in")
    def print_link(self, obj):
        election, scope = obj.contest.election, obj.voting_area.key
        url = print_url(election, "BALLOT_INVENTORY", scope, obj.round)
        return format_html('<a href="{}">In biên bản kiểm kê</a>', url)

    def has_change_permission(self, request, obj=None):
        """Read-only once the area's minutes of that contest are accepted."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not _minutes_final(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not _minutes_final(obj))

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


def _minutes_final(inventory) -> bool:
    return CountingRecord.objects.filter(
        contest=inventory.contest_id,
        voting_area=inventory.voting_area_id,
        round=inventory.round,
        status__in=CountingRecord.FINAL,
    ).exists()


@admin.register(Certification)
class CertificationAdmin(ReadOnly, ScopedAdmin):
    list_display = ["contest_link", "round", "certified_by", "certified_at"]
    list_display += ["revoked_by", "revoked_at", "revoke_reason"]
    list_select_related = ["contest__council_unit", "certified_by", "revoked_by"]
    list_filter = [by_election("contest__election")]

    @admin.display(description="cuộc bầu cử theo cấp", ordering="contest")
    def contest_link(self, obj):
        url = reverse("results:committee", args=[obj.contest_id])
        return format_html('<a href="{}">{}</a>', url, obj.contest)


@admin.register(CountingRecordVersion)
class CountingRecordVersionAdmin(ReadOnly, ScopedAdmin):
    list_display = ["record", "number", "status", "reopened_by", "reopened_at"]
    list_display += ["reason"]
    list_select_related = [
        "record__voting_area__commune",
        "record__contest__council_unit",
        "reopened_by",
    ]
    readonly_fields = ["record", "number", "status", "snapshot", "reopened_by"]
    readonly_fields += ["reason"]
