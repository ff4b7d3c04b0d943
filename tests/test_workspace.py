"""Việc của tôi (/viec-cua-toi/): each role's home, its content per jurisdiction,
the landing after login, and a bounded number of queries at any scale."""

import datetime

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from electionadmin.results.models import Certification, CountingRecord
from electionadmin.setup.models import ElectoralUnitArea
from electionadmin.workspace.calendar import OPEN, PAST, stages

from .factories import SmallElectionMixin, make_area, make_user
from .test_guides import add_guide
from .test_results_base import counted

HOME = "/viec-cua-toi/"


class WorkspaceTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        cls.admin = make_user("quantri", "sysadmin")
        # Ward B's minutes waiting for the board; ward A's team entered one.
        counted(cls.qh_unit, cls.b1, {1: 1, 2: 1, 3: 1}, status="submitted")
        counted(cls.qh_unit, cls.b2, {1: 1, 2: 1, 3: 1}, status="submitted")
        counted(cls.qh_unit, cls.a1, {1: 1, 2: 1, 3: 1}, status="entered")

    def home(self, user):
        self.client.force_login(user)
        response = self.client.get(HOME)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_anonymous_goes_to_the_login_page(self):
        response = self.client.get(HOME)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/admin/login/"))

    def test_login_without_a_page_asked_for_lands_on_the_home(self):
        for user in (self.team_user, self.ward_a_user):  # with this test's hasher
            user.set_password("matkhau-thu-123")
            user.save()
        form = self.client.get("/admin/login/").content.decode()
        self.assertIn(f'name="next" value="{HOME}"', form)
        response = self.client.post(
            "/admin/login/", {"username": "toa1", "password": "matkhau-thu-123"}
        )
        self.assertRedirects(response, HOME, fetch_redirect_response=False)
        response = self.client.post(
            "/admin/login/?next=/django-admin/",
            {"username": "phuonga", "password": "matkhau-thu-123"},
        )
        self.assertRedirects(response, "/django-admin/", fetch_redirect_response=False)

    def test_both_admins_link_to_the_home(self):
        self.client.force_login(self.ward_a_user)
        index = self.client.get("/django-admin/").content.decode()
        self.assertIn('id="workspace-link"', index)
        self.assertIn(f'href="{HOME}"', index)
        dashboard = self.client.get("/admin/").content.decode()
        self.assertIn('id="workspace-panel"', dashboard)
        self.assertIn(HOME, dashboard)

    def test_team_sees_its_area_its_minutes_and_who_acts_next(self):
        page = self.home(self.team_user)
        self.assertIn("Tổ bầu cử", page)
        self.assertIn("Khu vực bỏ phiếu số 1, Phường Tân Định", page)
        entry = reverse("polling:area_entry", args=[self.election.code, "26734", 1])
        self.assertIn(f'href="{entry}"', page)
        self.assertIn("Nhập biên bản kiểm phiếu", page)
        # Its two minutes: QH entered (to be sent), the ward council not yet entered.
        self.assertIn("Quốc hội", page)
        self.assertIn("Tổ bầu cử: gửi biên bản cho Ban bầu cử", page)
        self.assertIn("Tổ bầu cử: nhập biên bản kiểm phiếu", page)
        self.assertNotIn("Phường Sài Gòn", page)
        self.assertNotIn("HDND_XA", page)

    def test_team_records_the_start_of_counting_from_its_home(self):
        args = [self.election.code, "26734", 1]
        start = reverse("polling:counting_start", args=args)
        self.assertIn(f'href="{start}"', self.home(self.team_user))
        self.client.force_login(self.team_user)
        self.client.post(start)
        page = self.home(self.team_user)
        self.assertIn(reverse("polling:counting_undo", args=args), page)
        self.assertIn("Đã ghi nhận bắt đầu kiểm phiếu lúc", page)

    def test_team_is_not_offered_counting_once_its_minutes_are_submitted(self):
        args = [self.election.code, "26734", 1]
        start = reverse("polling:counting_start", args=args)
        undo = reverse("polling:counting_undo", args=args)
        self.client.force_login(self.team_user)
        self.client.post(start)
        record = CountingRecord.objects.get(voting_area=self.a1, contest=self.qh)
        record.status = "submitted"
        record.save(update_fields=["status"])
        page = self.home(self.team_user)
        self.assertNotIn(undo, page)
        self.assertIn("Biên bản đã gửi Ban bầu cử", page)
        record.status = "accepted"
        record.save(update_fields=["status"])
        page = self.home(self.team_user)
        self.assertNotIn(start, page)
        self.assertNotIn(undo, page)
        self.assertNotIn('Bắt đầu kiểm phiếu</a><span class="actor">', page)
        self.assertIn("Đã kiểm phiếu xong", page)
        self.assertIn("Biên bản đã được Ban bầu cử chấp nhận", page)
        record.status = "locked"
        record.save(update_fields=["status"])
        page = self.home(self.team_user)
        self.assertNotIn(undo, page)
        self.assertIn("Kết quả đã được xác nhận, biên bản đã khóa", page)

    def test_ward_counts_only_its_own_areas_and_minutes(self):
        page = self.home(self.ward_a_user)
        self.assertIn("Ủy ban bầu cử xã/phường", page)
        self.assertIn("Phường Tân Định", page)
        self.assertIn("(4 biên bản phải có)", page)  # 2 areas × 2 contests
        self.assertNotIn("Đã gửi Ban bầu cử", page)  # ward B's, not here
        self.assertIn(reverse("importers:voters"), page)
        self.assertIn(
            reverse("voters:commune_print", args=[self.election.pk, self.ward_a.pk]),
            page,
        )
        self.assertIn(
            reverse("polling:commune_entry", args=[self.election.code, "26734"]), page
        )
        other = self.home(self.ward_b_user)
        self.assertIn("(2 biên bản phải có)", other)  # QH only in ward B
        self.assertIn("Đã gửi Ban bầu cử", other)
        self.assertNotIn("Phường Tân Định", other)

    def test_board_sees_minutes_to_accept_and_its_running_result(self):
        page = self.home(self.board_user)
        self.assertIn("Ban bầu cử", page)
        self.assertIn("Chấp nhận biên bản (2 đang chờ)", page)
        self.assertIn(reverse("results:board", args=[self.qh_unit.pk]), page)
        self.assertIn("0/4 biên bản đã được chấp nhận", page)

    def test_city_sees_every_contest_and_its_certification(self):
        Certification.objects.create(contest=self.qh, certified_by=self.city_user)
        page = self.home(self.city_user)
        self.assertIn("Thành phố Hồ Chí Minh", page)
        self.assertIn(reverse("results:committee", args=[self.qh.pk]), page)
        self.assertIn("Đã xác nhận kết quả", page)
        self.assertIn(
            reverse("polling:dashboard", args=[self.election.code, "79"]), page
        )
        self.assertIn("(6 biên bản phải có)", page)
        # The ward's council is certified by the ward: counted, not listed.
        self.assertIn("Hội đồng nhân dân cấp dưới trong phạm vi: 1 cuộc", page)
        self.assertNotIn(reverse("results:committee", args=[self.hdnd_a.pk]), page)
        ward = self.home(self.ward_a_user)
        self.assertIn(reverse("results:committee", args=[self.hdnd_a.pk]), ward)
        self.assertIn("HĐND phường Tân Định", ward)

    def test_the_committees_next_step_follows_the_minutes(self):
        def contests():
            page = self.home(self.city_user)
            start = page.index('<table id="contests">')
            return page[start : page.index("</table>", start)]

        table = contests()
        self.assertIn("Ban bầu cử: chấp nhận biên bản (còn 4 biên bản", table)
        self.assertNotIn("xác nhận kết quả", table)
        CountingRecord.objects.filter(contest=self.qh).update(status="accepted")
        counted(self.qh_unit, self.a2, {1: 1, 2: 1, 3: 1})
        table = contests()
        self.assertIn("Ủy ban bầu cử: xác nhận kết quả", table)
        self.assertNotIn("Ban bầu cử: chấp nhận biên bản", table)
        Certification.objects.create(contest=self.qh, certified_by=self.city_user)
        table = contests()
        self.assertIn("Đã xác nhận kết quả", table)
        self.assertNotIn("Ủy ban bầu cử: xác nhận kết quả", table)

    def test_viewer_reads_the_dashboards_and_trainer_the_guides(self):
        page = self.home(self.viewer)
        self.assertIn("Người theo dõi (chỉ xem)", page)
        self.assertIn("Theo dõi (chỉ xem)", page)
        self.assertIn(
            reverse("polling:dashboard", args=[self.election.code, "79"]), page
        )
        add_guide("Nhập số cử tri đi bầu", "nhap-so-cu-tri")
        page = self.home(self.trainer)
        self.assertIn("Hướng dẫn nghiệp vụ", page)
        self.assertIn("Nhập số cử tri đi bầu", page)
        self.assertNotIn("Biên bản kiểm phiếu", page)  # no election data at all
        self.assertNotIn(self.election.name, page)

    def test_queries_do_not_grow_with_the_jurisdiction(self):
        self.client.force_login(self.city_user)
        self.client.get(HOME)
        with CaptureQueriesContext(connection) as small:
            self.client.get(HOME)
        for number in range(3, 23):
            area = make_area(self.election, self.ward_b, number)
            ElectoralUnitArea.objects.create(
                electoral_unit=self.qh_unit, voting_area=area, contest=self.qh
            )
            counted(self.qh_unit, area, {1: 1, 2: 1, 3: 1}, status="accepted")
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(HOME)
        self.assertIn("(26 biên bản phải có)", response.content.decode())
        self.assertEqual(len(large), len(small))


class CalendarTests(SmallElectionMixin, TestCase):
    def test_stages_follow_the_cycle_deadlines(self):
        day = self.election.election_date
        found = {s.key: s for s in stages(self.election, day)}
        self.assertEqual(found["day"].state, OPEN)
        self.assertEqual(found["counting"].state, OPEN)
        self.assertEqual(found["posting"].state, PAST)
        offset = self.election.cycle.deadlines["voter_list_posted"]
        self.assertEqual(found["posting"].start, day + datetime.timedelta(offset))
        before = {s.key: s for s in stages(self.election, found["posting"].start)}
        self.assertEqual(before["complaints"].state, OPEN)

    @override_settings(LANGUAGE_CODE="vi")
    def test_the_home_shows_dates_as_forms_write_them(self):
        self.client.force_login(self.city_user)
        page = self.client.get(HOME).content.decode()
        self.assertIn(self.election.election_date.strftime("%d/%m/%Y"), page)


class HomeLinksTests(SmallElectionMixin, TestCase):
    """Every link a role's home shows opens for that role (acceptance, issue
    review): the board's home had election day's link, which answers 403 to it,
    and the trainer's page title led to the Django admin it may not open."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)

    def test_every_link_on_each_roles_home_opens(self):
        from bs4 import BeautifulSoup

        users = [
            self.city_user,
            self.ward_a_user,
            self.board_user,
            self.team_user,
            self.viewer,
            self.trainer,
        ]
        for user in users:
            self.client.force_login(user)
            html = self.client.get(HOME).content.decode()
            hrefs = {
                a["href"]
                for a in BeautifulSoup(html, "lxml").find_all("a", href=True)
                if a["href"].startswith("/") and "dang-xuat" not in a["href"]
            }
            for href in sorted(hrefs):
                with self.subTest(user=user.username, href=href):
                    response = self.client.get(href, follow=True)
                    self.assertEqual(response.status_code, 200, href)
                    self.assertNotIn("login", response.request["PATH_INFO"], href)
