"""The board's screen (areas, running result, winners, accept all) and the committee's
(summary, certification with confirmation, reopening revokes it)."""

from django.test import TestCase
from django.urls import reverse

from electionadmin.results.models import Certification, CountingRecord
from electionadmin.results.workflow import add_entry, open_record, submit
from electionadmin.setup.models import ElectoralUnitArea

from .factories import make_area, make_user
from .test_results_base import ResultsMixin, counted, figures


class BoardScreenTests(ResultsMixin, TestCase):
    def setUp(self):
        # A1 and A2 accepted, B1 submitted, B2 without minutes.
        counted(self.qh_unit, self.a1, {1: 600, 2: 200, 3: 80})
        counted(self.qh_unit, self.a2, {1: 500, 2: 300, 3: 80})
        b1 = open_record(self.qh, self.b1)
        votes = self.qh_votes(100, 700, 80)
        add_entry(b1, self.board_user, figures(), votes)
        add_entry(b1, self.city_user, figures(), votes)
        self.b1_record = submit(b1, self.city_user)
        self.url = reverse("results:board", args=[self.qh_unit.pk])

    def test_the_board_sees_every_area_with_its_state_and_the_running_result(self):
        self.client.force_login(self.board_user)
        page = self.client.get(self.url)
        states = {row["key"]: row["status"] for row in page.context["rows"]}
        self.assertEqual(
            states,
            {
                "26734/1": "accepted",
                "26734/2": "accepted",
                "26737/1": "submitted",
                "26737/2": "missing",
            },
        )
        self.assertEqual(page.context["result"]["status"], "incomplete")
        self.assertContains(page, "Chưa đủ biên bản được chấp nhận")
        self.assertNotContains(page, 'class="elected"')

    def test_the_running_result_can_count_the_unaccepted_minutes(self):
        self.client.force_login(self.board_user)
        page = self.client.get(self.url, {"tam-tinh": "1"})
        result = page.context["result"]
        self.assertEqual(result["areas_reported"], 3)
        votes = {c["full_name"]: c["votes"] for c in result["candidates"]}
        self.assertEqual(votes["Trần Thị Bình"], 1200)

    def test_accept_all_accepts_the_submitted_minutes_and_winners_are_flagged(self):
        counted(self.qh_unit, self.b2, {1: 600, 2: 200, 3: 80})
        self.client.force_login(self.board_user)
        page = self.client.get(self.url)
        self.assertContains(page, 'id="accept-all"')
        self.assertContains(page, "1 biên bản đang chờ chấp nhận")
        self.client.post(reverse("results:accept_submitted", args=[self.qh_unit.pk]))
        self.b1_record.refresh_from_db()
        self.assertEqual(self.b1_record.status, "accepted")
        page = self.client.get(self.url)
        # Nothing left to accept: no button that would do nothing.
        self.assertNotContains(page, 'id="accept-all"')
        self.assertContains(page, "Không có biên bản nào đang chờ chấp nhận.")
        self.assertEqual(page.context["result"]["status"], "complete")
        self.assertContains(page, '<span class="elected">Trúng cử</span>', count=1)
        winner = [c for c in page.context["result"]["candidates"] if c["elected"]]
        self.assertEqual([c["full_name"] for c in winner], ["Lê Văn An"])

    def test_a_tie_with_the_same_birth_date_is_flagged_for_the_board(self):
        people = [("An", (1960, 1, 1)), ("Bình", (1970, 1, 1)), ("Chi", (1970, 1, 1))]
        unit, areas = self.new_unit(2, people)
        counted(unit, areas[0], {1: 600, 2: 500, 3: 500})
        board = make_user("bantie", "electoral_board", electoral_unit=unit)
        self.client.force_login(board)
        page = self.client.get(reverse("results:board", args=[unit.pk]))
        self.assertTrue(page.context["result"]["tie_unresolved"])
        self.assertContains(page, "Ban bầu cử quyết định 1 ghế")

    def test_another_units_board_gets_404_and_cannot_accept_all(self):
        other = make_user("banhdnd", "electoral_board", electoral_unit=self.hdnd_a_unit)
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        accept_all = reverse("results:accept_submitted", args=[self.qh_unit.pk])
        self.assertEqual(self.client.post(accept_all).status_code, 404)
        self.b1_record.refresh_from_db()
        self.assertEqual(self.b1_record.status, "submitted")

    def test_a_team_does_not_get_the_board_or_committee_screens(self):
        self.client.force_login(self.team_user)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        committee = reverse("results:committee", args=[self.qh.pk])
        self.assertEqual(self.client.get(committee).status_code, 403)

    def test_the_screen_takes_the_same_number_of_queries_for_more_areas(self):
        self.client.force_login(self.board_user)
        self.client.get(self.url)  # the screens' guide links are read once, then cached
        with self.assertNumQueries(12):  # session, user+profile, rights, sums, lists
            self.client.get(self.url)
        for number in range(3, 13):
            area = make_area(self.election, self.ward_b, number)
            ElectoralUnitArea.objects.create(
                contest=self.qh, electoral_unit=self.qh_unit, voting_area=area
            )
            counted(self.qh_unit, area, {1: 600, 2: 200, 3: 80})
        with self.assertNumQueries(12):
            page = self.client.get(self.url)
        self.assertEqual(len(page.context["rows"]), 14)


class CommitteeScreenTests(ResultsMixin, TestCase):
    def setUp(self):
        for area, votes in ((self.a1, 600), (self.a2, 500), (self.b1, 700)):
            counted(self.qh_unit, area, {1: votes, 2: 880 - votes, 3: 0})
        self.b2_record = counted(self.qh_unit, self.b2, {1: 500, 2: 380, 3: 0})
        self.url = reverse("results:committee", args=[self.qh.pk])
        self.certify_url = reverse("results:certify", args=[self.qh.pk])

    def test_the_city_certifies_after_confirming_and_the_minutes_lock(self):
        self.client.force_login(self.city_user)
        page = self.client.get(self.url)
        self.assertContains(page, "Kết quả chưa được xác nhận.")
        self.assertEqual(page.context["summary"]["elected_count"], 1)
        self.client.post(self.certify_url, {"note": "NQ 01"})  # box not ticked
        self.assertFalse(Certification.objects.exists())
        done = self.client.post(
            self.certify_url, {"confirm": "on", "note": "Biên bản số 01"}
        )
        self.assertRedirects(done, f"{self.url}?round=first")
        certification = Certification.objects.get()
        self.assertEqual(certification.certified_by, self.city_user)
        statuses = set(CountingRecord.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"locked"})
        page = self.client.get(self.url)
        self.assertContains(page, "Đã xác nhận kết quả")

    def test_each_unit_is_named_once(self):
        self.client.force_login(self.city_user)
        page = self.client.get(self.url)
        self.assertContains(page, ">Đơn vị bầu cử số 1</a>")
        self.assertNotContains(page, "Số 1 - ")
        self.qh_unit.name = "Phường Bến Nghé"
        self.qh_unit.save()
        page = self.client.get(self.url)
        self.assertContains(page, ">Đơn vị bầu cử số 1 (Phường Bến Nghé)</a>")
        board = self.client.get(reverse("results:board", args=[self.qh_unit.pk]))
        self.assertContains(board, "Đơn vị bầu cử số 1 (Phường Bến Nghé)")

    def test_a_ward_cannot_certify_and_reopening_revokes_the_certification(self):
        self.client.force_login(self.ward_a_user)
        self.assertEqual(self.client.get(self.certify_url).status_code, 403)
        self.client.force_login(self.city_user)
        self.client.post(self.certify_url, {"confirm": "on"})
        record_url = reverse("results:reopen", args=[self.b2_record.pk])
        self.client.post(record_url, {"reason": "Tổ 26737/2 báo ghi nhầm."})
        certification = Certification.objects.get()
        self.assertIsNotNone(certification.revoked_at)
        self.assertIn("ghi nhầm", certification.revoke_reason)
        page = self.client.get(self.url)
        self.assertContains(page, "Các lần xác nhận đã bị hủy")

    def test_the_city_revokes_on_the_screen_with_a_reason(self):
        revoke_url = reverse("results:revoke", args=[self.qh.pk])
        self.client.force_login(self.city_user)
        self.client.post(self.certify_url, {"confirm": "on"})
        self.assertContains(self.client.get(self.url), 'id="revoke-link"')
        self.client.force_login(self.ward_a_user)
        self.assertEqual(self.client.get(revoke_url).status_code, 403)
        self.client.force_login(self.city_user)
        self.client.post(revoke_url, {"reason": ""})  # no reason: nothing happens
        self.assertIsNone(Certification.objects.get().revoked_at)
        done = self.client.post(revoke_url, {"reason": "Sai số liệu đơn vị 1"})
        self.assertRedirects(done, f"{self.url}?round=first")
        certification = Certification.objects.get()
        self.assertEqual(certification.revoke_reason, "Sai số liệu đơn vị 1")
        statuses = set(CountingRecord.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"accepted"})
        public = self.client.get(f"/ket-qua/{self.election.code}/ket-qua.json")
        self.assertEqual(public.json()["contests"], [])


class PercentTests(ResultsMixin, TestCase):
    """The committee's and the board's screens write per cents with the decimal
    comma, as every other screen and document (acceptance review: "99.80%")."""

    def test_per_cents_carry_a_decimal_comma(self):
        import re

        for area, votes in ((self.a1, 600), (self.a2, 500), (self.b1, 700)):
            counted(self.qh_unit, area, {1: votes, 2: 880 - votes, 3: 0})
        self.client.force_login(self.city_user)
        for url in (
            reverse("results:committee", args=[self.qh.pk]),
            reverse("results:board", args=[self.qh_unit.pk]),
        ):
            html = self.client.get(url).content.decode()
            self.assertRegex(html, r"\d,\d\d%")
            self.assertEqual(re.findall(r">?[^<>]*\d\.\d\d%", html), [], url)
