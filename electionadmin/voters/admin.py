"""Voter lists in the admin: read-only, scoped, citizen IDs masked by role.

Lists come from `import_voters` and change only through `changes.py`, so these pages
show them; an entry's page links to the screens that record its changes
(`change_views.py`), and each change links to its entries and certificate.
"""

from django.contrib import admin
from django.db import connections, router, transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from electionadmin.access.admin import ScopedAdmin
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.setup.models import AdminUnit, Election, VotingArea

from .change_views import entry_page_context
from .form_fields import contest_names
from .identity import can_see_citizen_ids, mask_citizen_id
from .models import AreaListCount, VoterChange, VoterEntry
from .paging import FEW_LINES, AreaCountPaginator, lines_in_reach, list_areas


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

    citizen.short_description = "số định danh"
    return citizen


class ChosenFilter(admin.SimpleListFilter):
    """`?<field>__id__exact=<pk>`, the links other screens make to one area's or one
    election's list; shown (and applied) only when chosen, and only for a record of
    the user's jurisdiction, so a city's list has no side bar of 4,000 areas."""

    model = None

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or not str(value).isdigit():
            return []
        chosen = restrict(self.model.objects.filter(pk=value), request.user)
        return [(str(record.pk), str(record)) for record in chosen]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.parameter_name: self.value()})


def _chosen_id(request, name: str) -> str | None:
    value = request.GET.get(name)
    return value if value and value.isdigit() else None


class AreaFilter(ChosenFilter):
    """The voting areas of the user's jurisdiction (of the chosen election and
    commune), each a link; past `LISTED` areas (a city) only the chosen one, and
    the commune filter narrows first."""

    title = "khu vực bỏ phiếu"
    parameter_name = "voting_area__id__exact"
    model = VotingArea
    LISTED = 300

    def lookups(self, request, model_admin):
        areas = restrict(VotingArea.objects.all(), request.user)
        if election := _chosen_id(request, ElectionFilter.parameter_name):
            areas = areas.filter(election_id=election)
        if commune := _chosen_id(request, CommuneFilter.parameter_name):
            areas = areas.filter(commune_id=commune)
        areas = areas.select_related("commune", "election")
        listed = list(areas.order_by("-election__election_date", "commune__code",
                                     "number")[: self.LISTED + 1])  # fmt: skip
        if len(listed) > self.LISTED:
            return super().lookups(request, model_admin)
        years = {a.election.election_date.year for a in listed}
        return [(str(a.pk), area_choice(a, len(years) > 1)) for a in listed]


def area_choice(area: VotingArea, with_year: bool) -> str:
    place = f" - {area.polling_place}" if area.polling_place else ""
    year = f" ({area.election.election_date.year})" if with_year else ""
    return f"Số {area.number}, {area.commune.name}{place}{year}"


class CommuneFilter(admin.SimpleListFilter):
    """The communes of the user's jurisdiction, when it holds more than one."""

    title = "xã/phường"
    parameter_name = "commune__id__exact"

    def lookups(self, request, model_admin):
        communes = restrict(
            AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), request.user
        )
        listed = list(communes.order_by("code")[: AreaFilter.LISTED + 1])
        if len(listed) < 2:
            return []
        return [(str(c.pk), c.name) for c in listed]

    def queryset(self, request, queryset):
        if self.value() is None or not str(self.value()).isdigit():
            return queryset
        return queryset.filter(commune_id=self.value())


class ElectionFilter(ChosenFilter):
    title = "cuộc bầu cử"
    parameter_name = "election__id__exact"
    model = Election


@admin.register(VoterEntry)
class VoterEntryAdmin(ReadOnlyAdmin):
    list_display_links = ["full_name"]
    list_select_related = ["voting_area__commune"]
    list_filter = [ElectionFilter, CommuneFilter, AreaFilter]
    list_filter += ["status", "residence", "gender", "by_certificate"]
    search_fields = ["search_name"]  # replaced by VoterEntryQuerySet.search
    search_help_text = "Họ tên (có hoặc không dấu) hoặc các số đầu của số định danh."
    exclude = ["citizen_id", "election", "commune", "search_name"]
    ordering = ["voting_area_id", "list_number"]
    # No COUNT(*) of a million voters a page: the per-area counts, or an estimate.
    paginator = AreaCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # filter counts would read the whole list

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        if not issubclass(self.paginator, AreaCountPaginator):  # (a benchmark's)
            return super().get_paginator(request, queryset, per_page, *args, **kwargs)
        areas = list_areas(request)
        return self.paginator(queryset, per_page, *args, areas=areas, **kwargs)

    def get_list_display(self, request):
        # Short headings and cells, so the list reads at 1366 px beside the menus.
        columns = ["card_number", "full_name", "born", "gender"]
        return columns + [citizen_column(request), "area", "status"]

    @admin.display(description="số thẻ", ordering="list_number")
    def card_number(self, obj):
        return obj.list_number

    @admin.display(description="khu vực bỏ phiếu", ordering="voting_area")
    def area(self, obj):
        area = obj.voting_area
        return f"Số {area.number}, {area.commune.name}"

    def get_readonly_fields(self, request, obj=None):
        return [citizen_column(request), "contests"]

    def get_fields(self, request, obj=None):
        # The contest bitmask by the contests' names, never the number.
        fields = super().get_fields(request, obj)
        return ["contests" if f == "contest_mask" else f for f in fields]

    @admin.display(description="được bầu cử")
    def contests(self, obj):
        return contest_names(obj.contest_mask)

    def get_changelist_instance(self, request):
        """The list counted and paged with PostgreSQL's JIT off: its queries read a
        page, or a ward's lines for a search, and compiling them (JIT is on above a
        plan cost of 100,000, which a ward's 59,190 lines reach) took ~120 ms at
        10 M voters for a query of ~60 ms."""
        alias = router.db_for_read(VoterEntry)
        if connections[alias].vendor != "postgresql":
            return super().get_changelist_instance(request)
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        by_id = can_see_citizen_ids(request.user)
        few = False
        if search_term.strip():  # a ward's list: its lines read, not the trigrams
            reach = lines_in_reach(request)
            few = reach is not None and reach <= FEW_LINES
        return queryset.search(search_term, by_citizen_id=by_id, few=few), False

    @admin.display(description="ngày sinh", ordering="birth_date")
    def born(self, obj):
        return obj.birth_date_display()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = entry_page_context(request, object_id) | (extra_context or {})
        return super().change_view(request, object_id, form_url, context)


def area_visible(request, area_id) -> bool:
    """May this user open entries of the area? (remembered for the request)"""
    if Jurisdiction.for_user(request.user).everything:
        return True
    seen = request.__dict__.setdefault("_visible_voter_areas", {})
    if area_id not in seen:
        areas = restrict(VotingArea.objects.filter(pk=area_id), request.user)
        seen[area_id] = areas.exists()
    return seen[area_id]


def entry_link(request, entry):
    if entry is None:
        return ""
    if not area_visible(request, entry.voting_area_id):
        return str(entry)  # outside the jurisdiction: named, not linked
    url = reverse("admin:voters_voterentry_change", args=[entry.pk])
    return format_html('<a href="{}">{}</a>', url, entry)


def voter_column(request):
    """The entries a change touched: struck off → listed, each linked if visible."""

    def voter(obj):
        entries = [e for e in (obj.old_entry, obj.new_entry) if e is not None]
        return format_html_join(
            " → ", "{}", ((entry_link(request, e),) for e in entries)
        )

    voter.short_description = "cử tri"
    return voter


@admin.register(VoterChange)
class VoterChangeAdmin(ReadOnlyAdmin):
    list_select_related = ["old_entry", "new_entry", "from_area__commune"]
    list_select_related += ["to_area__commune", "user"]
    list_filter = ["kind", "reason", "electronic"]
    date_hierarchy = "recorded_at"
    exclude = ["old_entry", "new_entry"]  # shown linked by voter_column

    def get_list_display(self, request):
        columns = ["recorded_at", "kind", "reason", voter_column(request)]
        return columns + ["from_area", "to_area", "user", "certificate"]

    def get_readonly_fields(self, request, obj=None):
        return [voter_column(request), "certificate"]

    @admin.display(description="giấy chứng nhận")
    def certificate(self, obj):
        if obj.kind != VoterChange.Kind.CERTIFICATE_ISSUED:
            return ""
        url = reverse("voters:certificate", args=[obj.pk])
        return format_html('<a href="{}">Tải PDF</a>', url)


@admin.register(AreaListCount)
class AreaListCountAdmin(ReadOnlyAdmin):
    list_display = ["voting_area", "contest", "voters", "whole_list", "refreshed_at"]
    list_select_related = ["voting_area__commune", "contest__council_unit"]
    raw_id_fields = ["voting_area", "contest"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # recounted from the list on the next write
