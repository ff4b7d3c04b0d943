"""Admin paging for big tables: the planner's row estimate instead of COUNT(*).

Counting a million voters means reading them all, on every page view; PostgreSQL
already keeps an estimate. The paginator counts exactly when the list is small (the
planner expects fewer than `exact_below` rows) and on other databases; above that it
uses the estimate, rounded, and says so (`count_kind`), so the page reads
"khoảng 1.000.000". A small list is counted by reading its ids in order, at most
`exact_below` + 1 of them, so a planner that guessed too low costs at most that
many rows (the page then says "hơn 10.000"), and its pages need no second search.
"""

import json
import math

from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

EXACT = "exact"
ESTIMATE = "estimate"
AT_LEAST = "at_least"

# Per table holding rows: the table itself, or each partition of a partitioned one
# (the voter table: its own statistics are not the planner's, and it has no pages).
WHOLE_TABLE = """
SELECT c.reltuples, c.relpages,
       pg_relation_size(c.oid) / current_setting('block_size')::int
  FROM pg_partition_tree(%s::regclass) t JOIN pg_class c ON c.oid = t.relid
 WHERE t.isleaf
"""


def round_estimate(value: float) -> int:
    """Two significant digits: 998,713 -> 1,000,000; 24,713 -> 25,000."""
    if value < 100:
        return int(value + 0.5)
    scale = 10 ** (int(math.log10(value)) - 1)
    return int(value / scale + 0.5) * scale  # half up: 24,500 -> 25,000


def whole_table(queryset: QuerySet) -> bool:
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.combinator
        or query.group_by is not None
        or query.is_sliced
    )


def table_estimate(queryset: QuerySet) -> float | None:
    """Rows in the table as the planner sees them: statistics scaled to its size."""
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(WHOLE_TABLE, [table])
        leaves = cursor.fetchall()
    total = 0.0
    for tuples, pages, pages_now in leaves:
        if tuples < 0 and pages_now:  # never analysed, and not empty
            return None
        if tuples > 0:
            total += tuples / pages * pages_now if pages else tuples
    return total


def planner_estimate(queryset: QuerySet) -> float:
    plan = json.loads(queryset.select_related(None).order_by().explain(format="json"))
    if isinstance(plan, list):  # the driver may hand over the list or its item
        plan = plan[0]
    return plan["Plan"]["Plan Rows"]


def estimate_rows(queryset) -> float | None:
    """The planner's estimate of the queryset's rows; None where there is none."""
    if not isinstance(queryset, QuerySet) or queryset.query.is_sliced:
        return None
    if queryset.query.is_empty():  # .none(): nothing to ask the planner
        return 0
    if connections[queryset.db].vendor != "postgresql":
        return None
    if whole_table(queryset):
        estimate = table_estimate(queryset)
        if estimate is not None:
            return estimate
    return planner_estimate(queryset)


class EstimatedCountPaginator(Paginator):
    """Exact counts for small lists and on SQLite; the planner's estimate above.

    `count_kind` is EXACT, ESTIMATE (`count` is rounded) or AT_LEAST (the planner
    expected a small list but it holds more than `exact_below`; `count` is that
    bound). When the count is not exact, pages past the estimated last one may be
    asked for: they show what is there, possibly nothing.
    """

    exact_below = 10_000
    _ids: list | None = None

    @cached_property
    def _counted(self) -> tuple[int, str]:
        estimate = estimate_rows(self.object_list)
        if estimate is None:
            return super().count, EXACT
        if estimate >= self.exact_below:
            return self.count_big(estimate)
        # A small list is read once, its ids in order: the count and every page.
        ids = self.object_list.values_list("pk", flat=True)
        self._ids = list(ids[: self.exact_below + 1])
        if len(self._ids) > self.exact_below:
            return self.exact_below, AT_LEAST
        return len(self._ids), EXACT

    def count_big(self, estimate: float) -> tuple[int, str]:
        """A list the planner expects to be big: its estimate, rounded. (A subclass
        that can count it cheaply counts it here: voters/paging.py.)"""
        return round_estimate(estimate), ESTIMATE

    @property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_kind(self) -> str:
        return self._counted[1]

    @property
    def exact(self) -> bool:
        return self.count_kind == EXACT

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.exact or int(number) < 1:
                raise
            return int(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.exact and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom: int, top: int):
        """The page's rows: their ids from the table alone, then the rows and joins.

        Joined to its related tables (list_select_related), a filtered list's
        LIMIT query let the planner walk every voting area in the join looking for
        the page's rows (160 ms for a ward's struck-off voters at 1 M voters; 4 ms
        as these two queries), and an OFFSET joined every skipped row.
        """
        objects = self.object_list
        if not isinstance(objects, QuerySet):
            return objects[bottom:top]
        if self._ids is not None and top <= len(self._ids):
            ids = self._ids[bottom:top]
        else:
            ids = list(objects.values_list("pk", flat=True)[bottom:top])
        return objects.filter(pk__in=ids)
