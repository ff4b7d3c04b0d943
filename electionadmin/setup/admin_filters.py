"""Domain list filters for the setup admin: by election, by contest kind, by commune.

Their choices come through `restrict()`, so a filter never names a record outside the
user's jurisdiction.
"""

from django.contrib import admin

from electionadmin.access.scope import restrict

from .models import AdminUnit, Contest, Election


class ScopedFilter(admin.SimpleListFilter):
    """Filters the changelist on `path` (a lookup from the listed model)."""

    path = ""

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(**{self.path: value}).distinct()


class ElectionFilter(ScopedFilter):
    title = "cuộc bầu cử"
    parameter_name = "election"

    def lookups(self, request, model_admin):
        elections = restrict(Election.objects.all(), request.user)
        return [(e.pk, e.name) for e in elections]


class KindFilter(ScopedFilter):
    title = "loại cuộc bầu cử"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return Contest.Kind.choices


class CommuneFilter(ScopedFilter):
    title = "xã/phường"
    parameter_name = "commune"

    def lookups(self, request, model_admin):
        communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
        communes = restrict(communes, request.user).order_by("name")
        return [(c.pk, c.name) for c in communes[:500]]


def by_election(path: str) -> type[ScopedFilter]:
    return type("ElectionFilter", (ElectionFilter,), {"path": path})


def by_kind(path: str) -> type[ScopedFilter]:
    return type("KindFilter", (KindFilter,), {"path": path})


def by_commune(path: str) -> type[ScopedFilter]:
    return type("CommuneFilter", (CommuneFilter,), {"path": path})
