"""The audit trail, read-only: nobody edits history.

A scoped user sees its own entries and those about records in its jurisdiction.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from electionadmin.access.admin import ScopedAdmin
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.setup import models as setup

from .models import AuditEntry

AUDITED = [
    setup.AdminUnit,
    setup.Election,
    setup.Contest,
    setup.ElectoralUnit,
    setup.VotingArea,
    setup.ElectionBody,
    setup.BodyMember,
    setup.Candidate,
]


def audit_scope(user) -> Q:
    visible = Q(user=user)
    for model in AUDITED:
        ids = restrict(model.objects.all(), user).annotate(
            text_id=Cast("pk", CharField())
        )
        visible |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids.values("text_id"),
        )
    return visible


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    list_display = ["at", "user", "action", "content_type", "object_repr"]
    list_display += ["election_code", "reason"]
    list_select_related = ["user", "content_type"]
    list_filter = ["action", "content_type", "election_code"]
    search_fields = ["object_repr", "reason", "user__username"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        entries = admin.ModelAdmin.get_queryset(self, request)
        if Jurisdiction.for_user(request.user).everything:
            return entries
        return entries.filter(audit_scope(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
