"""The admin voter list counted and paged from the per-area list counts.

The list of a city is too big to count on each page (a million voters, ten in
HCMC 2026), and the planner's estimate of a jurisdiction's share can be far off (it
read 640,000 of a city's 1,000,000). But the list's lines in each voting area are
known: `AreaListCount` keeps, per area, its active entries (`voters`) and the others
(`struck_off`), recounted whenever the list changes (counts.py). So when the page's
filters say only which areas and which lines (the user's jurisdiction, the election,
the commune, the voting area, "active" or no status), `list_areas()` names the count
rows of those areas, and `AreaCountPaginator`:

- counts the list exactly by summing them (one indexed query of ≤ 5,068 rows);
- finds a deep page's first line through them: in list order (area, list number)
  page N starts in area k at line r of it, so its ids come from
  `voting_area_id >= k … OFFSET r`, an offset within one area (≤ a few thousand
  lines) instead of every line before the page (page 2,000 read 100,000).

Any other filter or a search: the planner's estimate as before
(access/paginator.py), "khoảng …" on the page, and plain OFFSET pages.

A name search within few lines (`lines_in_reach()` ≤ `FEW_LINES`: a ward's list, an
area's, a list filtered to one commune) reads those lines and matches each name
(`VoterEntryQuerySet.search(few=True)`) rather than the trigram index over every
name of the table.
"""

from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
)
from django.db.models import Count, F, QuerySet, Sum
from django.utils.functional import cached_property

from electionadmin.access.paginator import EXACT, EstimatedCountPaginator
from electionadmin.access.scope import Jurisdiction, scope_q

from .models import ACTIVE, AreaListCount, VoterEntry

LIST_ORDER = ("voting_area_id", "list_number")
# Query parameters that do not choose lines.
NOT_FILTERS = {PAGE_VAR, ORDER_VAR, IS_POPUP_VAR, TO_FIELD_VAR, IS_FACETS_VAR}
NOT_FILTERS |= {ALL_VAR, ERROR_FLAG}
# Filters the count rows answer: the list filter's parameter -> their column.
BY_AREA = {
    "election__id__exact": "election_id",
    "commune__id__exact": "commune_id",
    "voting_area__id__exact": "voting_area_id",
}
STATUS = "status__exact"
# A name search over at most this many lines reads them: ~2.3 µs a line (a ward's
# 59,190 in ~140 ms at 10 M voters), where the trigram index's work grows with the
# whole table (~490 ms for `%nguyen van a%` over 10 M names).
FEW_LINES = 100_000


def list_areas(request) -> QuerySet | None:
    """The count rows of the areas the request's list shows, each annotated with its
    `lines` on that list; None when a filter or search chooses lines they do not
    count (gender, residence, a struck-off status, a name…)."""
    lines = F("voters") + F("struck_off")
    areas = AreaListCount.objects.filter(contest__isnull=True)
    for key in request.GET:
        values = request.GET.getlist(key)
        if key in NOT_FILTERS:
            continue
        if len(values) != 1:
            return None
        value = values[0]
        if key == SEARCH_VAR and not value.strip():
            continue
        if key in BY_AREA and value.isdigit():
            areas = areas.filter(**{BY_AREA[key]: int(value)})
        elif key == STATUS and value == ACTIVE:
            lines = F("voters")
        else:
            return None
    # The voter list's own scope (commune or voting area), on the same columns.
    scope = scope_q(Jurisdiction.for_user(request.user), VoterEntry)
    return areas.filter(scope).annotate(lines=lines)


def lines_in_reach(request) -> int | None:
    """The lines of the areas the user's jurisdiction and the request's election,
    commune and area filters leave (other filters and the search only narrow them);
    None when no area in sight has been counted."""
    areas = AreaListCount.objects.filter(contest__isnull=True)
    for key, column in BY_AREA.items():
        values = request.GET.getlist(key)
        if len(values) == 1 and values[0].isdigit():
            areas = areas.filter(**{column: int(values[0])})
    areas = areas.filter(scope_q(Jurisdiction.for_user(request.user), VoterEntry))
    found = areas.aggregate(total=Sum(F("voters") + F("struck_off")), areas=Count("pk"))
    return found["total"] if found["areas"] else None


class AreaCountPaginator(EstimatedCountPaginator):
    """`EstimatedCountPaginator`, exact and with area jumps where `areas` (from
    `list_areas()`) count the list; without them, exactly its parent."""

    def __init__(self, *args, areas: QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.by_area = False
        self.jumped = False  # the last page was found through its area

    def count_big(self, estimate: float) -> tuple[int, str]:
        if self.areas is not None:
            found = self.areas.aggregate(total=Sum("lines"), areas=Count("pk"))
            if found["areas"]:  # none: never counted (or no area in sight)
                self.by_area = True
                return found["total"], EXACT
        return super().count_big(estimate)

    @cached_property
    def area_lines(self) -> list[tuple[int, int]]:
        """(area id, lines) in list order."""
        return list(
            self.areas.order_by("voting_area_id").values_list("voting_area_id", "lines")
        )

    def start_of(self, bottom: int) -> tuple[int, int] | None:
        """The area the list's line `bottom` (from 0) lies in, and its place there."""
        before = 0
        for area_id, lines in self.area_lines:
            if before + lines > bottom:
                return area_id, bottom - before
            before += lines
        return None

    def rows(self, bottom: int, top: int):
        objects = self.object_list
        # (The changelist repeats the ordering: the admin's, then the model's.)
        in_list_order = tuple(dict.fromkeys(objects.query.order_by)) == LIST_ORDER
        # (Counting first decides whether the areas count the list.)
        if not (self.count and self.by_area and bottom and in_list_order):
            return super().rows(bottom, top)
        start = self.start_of(bottom)
        if start is None:  # past the end
            return objects.none()
        area_id, skip = start
        self.jumped = True
        ids = objects.filter(voting_area_id__gte=area_id).values_list("pk", flat=True)
        return objects.filter(pk__in=list(ids[skip : skip + top - bottom]))
