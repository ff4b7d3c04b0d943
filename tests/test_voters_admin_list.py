"""The admin voter list at scale: estimated counts, one count a page, searches.

Who sees which voters and masked IDs are in test_voters_scope.py.
"""

import unittest
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage
from django.db import connection
from django.db.models import F
from django.db.models.lookups import Exact
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from electionadmin.access.paginator import (
    AT_LEAST,
    ESTIMATE,
    EXACT,
    EstimatedCountPaginator,
    round_estimate,
)
from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url
from .factories import SmallElectionMixin
from .test_voters_import import DATA

ON_POSTGRES = connection.vendor == "postgresql"


def analyze():
    """Fresh planner statistics for the voter table (in the test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE voters_voterentry")


class Fewer(EstimatedCountPaginator):
    exact_below = 3


class PaginatorTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    def test_a_small_list_is_counted_exactly(self):
        pages = EstimatedCountPaginator(VoterEntry.objects.in_list_order(), 2)
        self.assertEqual((pages.count, pages.count_kind), (7, EXACT))
        self.assertEqual(pages.num_pages, 4)
        self.assertEqual(len(pages.page(4).object_list), 1)
        with self.assertRaises(EmptyPage):
            pages.page(5)

    def test_a_page_holds_its_rows_in_list_order(self):
        ordered = VoterEntry.objects.select_related("voting_area").in_list_order()
        names = list(ordered.values_list("full_name", flat=True))
        pages = EstimatedCountPaginator(ordered, 2)
        self.assertEqual([e.full_name for e in pages.page(2)], names[2:4])
        self.assertEqual([e.full_name for e in pages.page(4)], names[6:])

    @unittest.skipIf(ON_POSTGRES, "SQLite keeps no row estimate")
    def test_sqlite_always_counts_exactly(self):
        pages = Fewer(VoterEntry.objects.in_list_order(), 2)
        self.assertEqual((pages.count, pages.count_kind), (7, EXACT))

    @unittest.skipUnless(ON_POSTGRES, "estimates come from PostgreSQL's planner")
    def test_a_big_list_gets_the_planners_estimate(self):
        analyze()
        pages = Fewer(VoterEntry.objects.in_list_order(), 2)
        self.assertEqual((pages.count, pages.count_kind), (7, ESTIMATE))
        ward = VoterEntry.objects.filter(commune=self.ward_a).in_list_order()
        pages = Fewer(ward, 2)
        self.assertEqual(pages.count_kind, ESTIMATE)
        self.assertGreater(pages.count, 0)

    @unittest.skipUnless(ON_POSTGRES, "estimates come from PostgreSQL's planner")
    def test_a_list_the_planner_thinks_small_is_counted_up_to_the_bound(self):
        analyze()
        # No statistics on an expression: the planner guesses 0.5 % of 7 rows.
        entitled = Exact(F("contest_mask").bitand(1), 1)
        pages = Fewer(VoterEntry.objects.filter(entitled).in_list_order(), 2)
        self.assertEqual((pages.count, pages.count_kind), (3, AT_LEAST))
        self.assertEqual(len(pages.page(4).object_list), 1)  # past the bound
        self.assertEqual(len(pages.page(9).object_list), 0)

    def test_estimates_are_rounded_to_two_digits(self):
        self.assertEqual(round_estimate(998_713.0), 1_000_000)
        self.assertEqual(round_estimate(24_500.0), 25_000)
        self.assertEqual(round_estimate(24_413.4), 24_000)
        self.assertEqual(round_estimate(57.2), 57)


class ChangelistTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    def page(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(admin_url(VoterEntry, "changelist"), query)
        self.assertEqual(response.status_code, 200)
        return response

    def names(self, response) -> list[str]:
        return [entry.full_name for entry in response.context["cl"].result_list]

    def test_a_small_list_shows_its_exact_count(self):
        page = self.page(self.ward_a_user)
        self.assertContains(page, "6 cử tri")
        self.assertNotContains(page, "khoảng")

    @unittest.skipUnless(ON_POSTGRES, "estimates come from PostgreSQL's planner")
    def test_an_estimated_count_says_about(self):
        analyze()
        admin = get_user_model().objects.create_superuser("quantri", password="x")
        with mock.patch.object(EstimatedCountPaginator, "exact_below", 3):
            page = self.page(admin)  # the whole table: its analysed row count
            self.assertContains(page, "khoảng 7</span> cử tri")
            self.assertEqual(len(self.names(page)), 7)
            page = self.page(self.city_user)  # filtered: the planner's guess
            self.assertContains(page, 'class="estimated-count"')

    def test_the_list_counts_once_and_filters_show_no_counts(self):
        self.client.force_login(self.city_user)
        url = admin_url(VoterEntry, "changelist")
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(url, {"status__exact": "active", "_facets": ""})
        # One count at most (PostgreSQL reads a small list's ids instead): no
        # count of the unfiltered list, none per filter.
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        self.assertLessEqual(len(counts), 1, counts)
        self.assertFalse(page.context["cl"].add_facets)
        self.assertEqual(len(self.names(page)), 7)

    def test_the_ward_official_searches_its_ward_by_citizen_id_prefix(self):
        page = self.page(self.ward_a_user, q="07918")
        self.assertEqual(self.names(page), ["Trần Thị Bình"])
        self.assertContains(page, "079185000002")
        page = self.page(self.ward_a_user, q="0791 85")  # as copied from a card
        self.assertEqual(self.names(page), ["Trần Thị Bình"])
        page = self.page(self.ward_a_user, q="079090")  # Hoàng Văn Em, ward B
        self.assertEqual(self.names(page), [])
        self.assertContains(page, "0 kết quả")

    def test_the_ward_official_searches_names_with_or_without_tone_marks(self):
        for typed in ("NGUYỄN VĂN", "nguyen van", "  Nguyen   Van "):
            page = self.page(self.ward_a_user, q=typed)
            self.assertEqual(self.names(page), ["Nguyễn Văn An", "Nguyễn Văn Hải"])
        page = self.page(self.ward_b_user, q="nguyen van")
        self.assertEqual(self.names(page), [])
