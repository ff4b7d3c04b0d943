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
from electionadmin.access.scope import restrict
from electionadmin.voters.admin import VoterEntryAdmin
from electionadmin.voters.changes import Paper, remove_voter
from electionadmin.voters.models import AreaListCount, VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url
from .factories import SmallElectionMixin
from .test_voters_changes import BEFORE_CUTOFF, at
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
            # A filter the per-area counts do not answer: the planner's guess.
            page = self.page(admin, gender__exact="M")
            self.assertContains(page, 'class="estimated-count"')
            self.assertEqual(len(self.names(page)), 4)
            page = self.page(self.city_user, residence__exact="permanent")
            self.assertContains(page, 'class="estimated-count"')
            page = self.page(admin)  # the whole list: its per-area counts, exact
            self.assertContains(page, "7 cử tri")
            self.assertNotContains(page, "khoảng")

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

    def test_a_search_within_few_lines_reads_them_and_finds_the_same(self):
        # Ward A holds 6 lines, the city 7: with FEW_LINES = 6 the ward's search
        # (and a superuser's filtered to ward A) matches names line by line, the
        # city's goes through the trigram index; each finds what the lookup finds.
        admin = get_user_model().objects.create_superuser("qt", password="x")
        cases = [
            (self.ward_a_user, {}, True),
            (admin, {"commune__id__exact": str(self.ward_a.pk)}, True),
            (self.city_user, {}, False),
            (admin, {}, False),
        ]
        url = admin_url(VoterEntry, "changelist")
        with mock.patch("electionadmin.voters.admin.FEW_LINES", 6):
            for user, query, few in cases:
                with self.subTest(user=user.username, **query):
                    self.client.force_login(user)
                    with CaptureQueriesContext(connection) as queries:
                        page = self.client.get(url, {"q": "nguyen van", **query})
                    lookups = {k[: -len("__id__exact")]: v for k, v in query.items()}
                    found = VoterEntry.objects.filter(
                        search_name__contains="nguyen van", **lookups
                    )
                    expected = restrict(found, user).in_list_order()
                    self.assertEqual(self.names(page), [e.full_name for e in expected])
                    read = any("|| ''" in q["sql"] for q in queries)
                    self.assertEqual(read, few)


@unittest.skipUnless(ON_POSTGRES, "the other path is the planner's estimate")
class AreaCountTests(SmallElectionMixin, TestCase):
    """A big list (every list here, `exact_below` = 0) counted and paged from the
    per-area list counts: the count shown is the real number of rows and each page
    holds the rows a plain ORDER BY … OFFSET gives, for each user and filter."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)
        cls.superuser = get_user_model().objects.create_superuser("qt", password="x")
        first = VoterEntry.objects.filter(voting_area=cls.a1).in_list_order().first()
        with at(BEFORE_CUTOFF):  # struck off: still a line of the list
            remove_voter(first, Paper("died"))

    def setUp(self):
        analyze()
        for patch in (
            mock.patch.object(EstimatedCountPaginator, "exact_below", 0),
            mock.patch.object(VoterEntryAdmin, "list_per_page", 2),
        ):
            patch.start()
            self.addCleanup(patch.stop)

    def page(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(admin_url(VoterEntry, "changelist"), query)
        self.assertEqual(response.status_code, 200)
        return response

    def expected(self, user, **query) -> list[str]:
        lookups = {key: value for key, value in query.items() if key != "p"}
        rows = restrict(VoterEntry.objects.filter(**lookups), user)
        return list(rows.order_by("voting_area_id", "list_number").values_list("pk"))

    def check(self, user, **query):
        expected = self.expected(user, **query)
        page = self.page(user, **query)
        paginator = page.context["cl"].paginator
        self.assertEqual(
            (paginator.count, paginator.count_kind), (len(expected), EXACT)
        )
        self.assertTrue(paginator.by_area)  # deep pages jump to their area
        self.assertNotContains(page, "khoảng")
        for number in range(1, paginator.num_pages + 1):
            rows = page.context["cl"].result_list if number == 1 else None
            if rows is None:
                later = self.page(user, p=number, **query).context["cl"]
                self.assertTrue(later.paginator.jumped)  # not an OFFSET of all
                rows = later.result_list
            start = (number - 1) * 2
            self.assertEqual(
                [(e.pk,) for e in rows], expected[start : start + 2], (user, number)
            )
        return expected

    def test_counts_and_pages_are_the_lists_for_every_user_and_area_filter(self):
        users = [self.superuser, self.city_user, self.ward_a_user, self.ward_b_user]
        for user in users:
            area = self.b1 if user == self.ward_b_user else self.a1  # its own
            for query in (
                {},
                {"election__id__exact": self.election.pk},
                {"commune__id__exact": area.commune_id},
                {"voting_area__id__exact": area.pk},
                {"voting_area__id__exact": area.pk, "status__exact": "active"},
                {"status__exact": "active"},
            ):
                with self.subTest(user=user.username, **query):
                    self.check(user, **query)
        self.assertEqual(len(self.check(self.city_user)), 7)  # the struck-off too
        self.assertEqual(len(self.check(self.ward_a_user, status__exact="active")), 5)

    def test_an_area_of_another_ward_shows_nothing_and_no_wrong_count(self):
        page = self.page(self.ward_b_user, voting_area__id__exact=self.a1.pk)
        self.assertEqual(list(page.context["cl"].result_list), [])
        paginator = page.context["cl"].paginator
        self.assertFalse(paginator.exact and paginator.count)

    def test_filters_the_counts_do_not_answer_are_estimated(self):
        for query in (
            {"status__exact": "removed"},
            {"gender__exact": "F"},
            {"q": "an"},
        ):
            with self.subTest(**query):
                page = self.page(self.city_user, **query)
                self.assertEqual(page.context["cl"].paginator.count_kind, ESTIMATE)
                self.assertContains(page, "khoảng")

    def test_other_query_parameters_are_still_refused(self):
        self.client.force_login(self.city_user)
        url = admin_url(VoterEntry, "changelist")
        response = self.client.get(url, {"citizen_id__startswith": "079"})
        self.assertEqual(response.status_code, 400)

    def test_sorted_by_name_the_pages_are_offsets(self):
        page = self.page(self.city_user, o="2", p=2)
        names = sorted(VoterEntry.objects.values_list("full_name", flat=True))
        shown = [e.full_name for e in page.context["cl"].result_list]
        self.assertEqual(shown, names[2:4])

    def test_the_counts_keep_the_struck_off_lines(self):
        counts = AreaListCount.objects.get(voting_area=self.a1, contest=None)
        listed = VoterEntry.objects.filter(voting_area=self.a1)
        self.assertEqual(counts.voters, listed.active().count())
        self.assertEqual(counts.struck_off, listed.exclude(status="active").count())
        self.assertEqual(counts.struck_off, 1)
