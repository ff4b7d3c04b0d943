"""Running totals stay with those who answer for them (issue #11, 2).

Before certification a contest's totals (committee screen, committee forms, winners
list) are for the organising committee (or above) and its read-only viewer; an
electoral unit's also for its board and a committee whose territory holds every
area of the unit. A certified contest is public.
"""

from django.test import TestCase
from django.urls import reverse

from electionadmin.results.models import Certification

from .factories import make_unit, make_user
from .test_results_base import ResultsMixin, counted


class TotalsScopeTests(ResultsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A 2021-style district over ward A only: the QH unit spans wards A and B.
        cls.district = make_unit(
            cls.election.unit_set, "760", "Quận 1", "district", cls.city
        )
        cls.ward_a.parent = cls.district
        cls.ward_a.save()
        cls.district_user = make_user(
            "quan1", "district_committee", admin_unit=cls.district
        )
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        for area, votes in ((cls.a1, 600), (cls.a2, 500), (cls.b1, 700)):
            counted(cls.qh_unit, area, {1: votes, 2: 880 - votes, 3: 0})
        counted(cls.qh_unit, cls.b2, {1: 500, 2: 380, 3: 0})

    def get(self, user, url, query=None):
        self.client.force_login(user)
        return self.client.get(url, query or {})

    def print_form(self, user, key, scope):
        url = reverse("results:print", args=[self.election.code])
        query = {"form_key": key, "scope": scope, "round": "first"}
        return self.get(user, url, query)

    def assert_pdf(self, response, expected: bool, label: str):
        is_pdf = response.get("Content-Type") == "application/pdf"
        self.assertEqual(is_pdf, expected, label)
        if not expected:
            self.assertEqual(response.status_code, 404, label)

    def test_the_qh_committee_screen_is_the_citys(self):
        url = reverse("results:committee", args=[self.qh.pk])
        for user, status in [
            (self.city_user, 200),
            (self.viewer, 200),
            (self.admin, 200),
            (self.ward_a_user, 403),
            (self.district_user, 403),
            (self.board_user, 403),
            (self.team_user, 403),
            (self.trainer, 302),  # no election data at all: sent to the login
        ]:
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, url).status_code, status)

    def test_a_refusal_says_why_in_vietnamese(self):
        url = reverse("results:committee", args=[self.qh.pk])
        refused = self.get(self.district_user, url)
        self.assertContains(
            refused, "chỉ dành cho Ủy ban bầu cử tổ chức cuộc bầu cử", status_code=403
        )
        printed = self.print_form(self.ward_a_user, "WINNERS_LIST", "QH")
        self.assertContains(printed, "Không tìm thấy trang", status_code=404)

    def test_a_wards_own_council_contest_is_its_own_and_above(self):
        url = reverse("results:committee", args=[self.hdnd_a.pk])
        for user, status in [
            (self.ward_a_user, 200),
            (self.district_user, 200),
            (self.city_user, 200),
            (self.ward_b_user, 404),
        ]:
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, url).status_code, status)

    def test_contest_wide_forms_print_only_for_the_organiser_before_certification(
        self,
    ):
        for key in ("COMMITTEE_RESULT_QH", "WINNERS_LIST"):
            for user, allowed in [
                (self.city_user, True),
                (self.viewer, True),
                (self.ward_a_user, False),
                (self.district_user, False),
                (self.board_user, False),
                (self.team_user, False),
            ]:
                with self.subTest(key=key, user=user.username):
                    response = self.print_form(user, key, "QH")
                    self.assert_pdf(response, allowed, f"{key} {user.username}")
            response = self.print_form(self.trainer, key, "QH")
            self.assertEqual(response.status_code, 302)

    def test_a_certified_contest_prints_for_whoever_sees_it(self):
        Certification.objects.create(contest=self.qh, certified_by=self.city_user)
        for user in (self.ward_a_user, self.district_user, self.board_user):
            with self.subTest(user=user.username):
                response = self.print_form(user, "WINNERS_LIST", "QH")
                self.assert_pdf(response, True, user.username)
        url = reverse("results:committee", args=[self.qh.pk])
        self.assertEqual(self.get(self.ward_a_user, url).status_code, 200)

    def test_a_units_totals_are_its_boards_and_its_whole_territorys(self):
        qh = reverse("results:board", args=[self.qh_unit.pk])
        hdnd = reverse("results:board", args=[self.hdnd_a_unit.pk])
        for user, url, status in [
            (self.board_user, qh, 200),
            (self.city_user, qh, 200),
            (self.ward_a_user, qh, 403),
            (self.district_user, qh, 403),
            (self.ward_a_user, hdnd, 200),
            (self.district_user, hdnd, 200),
        ]:
            with self.subTest(user=user.username, url=url):
                self.assertEqual(self.get(user, url).status_code, status)
        for user, allowed in [
            (self.board_user, True),
            (self.city_user, True),
            (self.ward_a_user, False),
            (self.team_user, False),
        ]:
            with self.subTest(form="BOARD_RESULT_QH", user=user.username):
                response = self.print_form(user, "BOARD_RESULT_QH", "QH#1")
                self.assert_pdf(response, allowed, user.username)

    def test_the_index_links_only_the_contests_the_user_organises(self):
        index = self.get(self.ward_a_user, reverse("results:index"))
        self.assertNotContains(index, reverse("results:committee", args=[self.qh.pk]))
        self.assertContains(index, reverse("results:committee", args=[self.hdnd_a.pk]))
