"""Dashboards that supervise (issue #12 item 4): drill-down with scoping, both
turnout rates, the "not reported" list paged and grouped by commune, the reader's
place in the address, Vietnamese figures in charts, "Bắt đầu kiểm phiếu" with its
confirmation and undo, and a later round's lateness and files."""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
from django.test import TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.polling import rules
from electionadmin.polling.models import CountingStart
from electionadmin.results.models import CountingRecord
from electionadmin.results.progress import state_counts
from electionadmin.setup.models import VotingArea

from .factories import make_user
from .test_polling_data import Polling2021Mixin
from .test_polling_rounds import ROUND_DAY, RoundMixin, enter
from .test_polling_views import PollingViewMixin, at

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def links(response) -> dict[str, str]:
    """Row code -> its link, from the turnout table."""
    return {row["code"]: row["url"] for row in response.context["table"].data.data}


class DrillDownTests(PollingViewMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)

    def test_the_city_drills_to_a_commune_then_to_an_area(self):
        self.client.force_login(self.city_user)
        city = self.client.get(self.url("dashboard", "79"), {"moc": "11:00"})
        rows = links(city)
        self.assertIsNone(rows["79"])  # the unit itself
        self.assertEqual(rows["26734"], self.url("dashboard", "26734") + "?moc=11%3A00")
        self.assertContains(city, f'href="{rows["26734"]}"')
        commune = self.client.get(rows["26734"])
        self.assertEqual(commune.context["slot"], "11:00")  # the slot follows
        area = links(commune)["26734/1"]
        self.assertEqual(area, self.url("area_board", "26734", 1) + "?moc=11%3A00")
        page = self.client.get(area)
        self.assertEqual(page.status_code, 200)
        trail = page.context["breadcrumb"]
        self.assertEqual(
            [name for name, _ in trail], [self.city.name, "Phường Tân Định"]
        )
        self.assertContains(page, f'href="{trail[1][1]}"')

    def test_a_viewer_drills_like_the_city(self):
        self.client.force_login(self.viewer)
        page = self.client.get(self.url("area_board", "26737", 2))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Nhập tiến độ của khu vực")
        self.assertNotContains(page, "bat-dau-kiem-phieu")

    def test_a_ward_drills_only_within_its_ward(self):
        self.client.force_login(self.ward_a_user)
        own = self.client.get(self.url("dashboard", "26734"))
        self.assertEqual(own.context["breadcrumb"], [])  # nothing above to open
        self.assertEqual(
            self.client.get(self.url("area_board", "26734", 2)).status_code, 200
        )
        for foreign in (
            self.url("area_board", "26737", 1),
            self.url("dashboard", "26737"),
            self.url("dashboard", "79"),
            self.url("area_board", "26734", 99),
        ):
            self.assertEqual(self.client.get(foreign).status_code, 404, foreign)

    def test_a_team_does_not_open_the_area_pages(self):
        self.client.force_login(self.team_user)
        self.assertEqual(
            self.client.get(self.url("area_board", "26734", 1)).status_code, 404
        )


class DrillDown2021Tests(Polling2021Mixin, TestCase):
    def url(self, name, *args):
        return reverse(f"polling:{name}", args=[self.e21.code, *args])

    def test_city_district_commune_area_and_back(self):
        admin = make_user("thanhpho21", "city_committee", admin_unit=self.city21)
        self.client.force_login(admin)
        city = links(self.client.get(self.url("dashboard", "79")))
        self.assertEqual(set(city) - {"79"}, {"760", "769"})  # districts, not communes
        district = self.client.get(city["760"])
        self.assertEqual(set(links(district)) - {"760"}, {"26734", "26737"})
        commune = self.client.get(links(district)["26734"])
        trail = [name for name, _ in commune.context["breadcrumb"]]
        self.assertEqual(trail, ["Thành phố Hồ Chí Minh", "Quận 1"])
        area = self.client.get(links(commune)["26734/1"])
        self.assertContains(area, "Trần Thị Tổ Trưởng")

    def test_a_district_sees_its_own_subtree_and_no_breadcrumb_above(self):
        self.client.force_login(self.q1_user)
        commune = self.client.get(self.url("dashboard", "26737"))
        trail = [name for name, _ in commune.context["breadcrumb"]]
        self.assertEqual(trail, ["Quận 1"])
        for foreign in (
            self.url("dashboard", "769"),
            self.url("dashboard", "26800"),
            self.url("area_board", "26800", 1),
            self.url("dashboard", "79"),
        ):
            self.assertEqual(self.client.get(foreign).status_code, 404, foreign)


class TurnoutRatesTests(PollingViewMixin, TestCase):
    def test_both_rates_are_shown_and_labelled(self):
        enter(self.election, {"09:00": {self.a1: 50}})  # list of 110
        self.client.force_login(self.city_user)
        response = self.client.get(self.url("dashboard", "79"))
        summary = response.context["summary"]
        self.assertEqual(summary["pct"], "4,95 %")  # 50 of the whole 1.010
        self.assertEqual(summary["reported_pct"], "45,45 %")  # 50 of 110
        text = response.content.decode()
        self.assertGreaterEqual(text.count("Tỷ lệ trên toàn bộ danh sách cử tri"), 3)
        self.assertContains(response, "Tỷ lệ trong các khu vực đã báo cáo")
        self.assertContains(response, "cử tri của 1/4 khu vực đã báo cáo")
        row = {r["code"]: r for r in response.context["table"].data.data}["26734"]
        self.assertEqual((row["pct"], row["reported_pct"]), ("16,13 %", "45,45 %"))
        # The charts write figures as Vietnamese do.
        chart = str(response.context["line_chart"])
        self.assertIn("4,95 %", chart)
        self.assertNotIn("4.95", chart.replace('"', " ").split("points")[0])
        bars = str(response.context["bar_chart"])
        self.assertIn("16,13 %", bars)
        self.assertIn("Phường Tân Định", bars)


class NotReportedTests(PollingViewMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        VotingArea.objects.bulk_create(
            VotingArea(election=cls.election, commune=cls.ward_a, number=n)
            for n in range(3, 63)
        )

    def get(self, **params):
        self.client.force_login(self.city_user)
        with at(10, 30):
            return self.client.get(self.url("dashboard", "79"), params)

    def test_it_is_paged_and_counted_per_commune(self):
        first = self.get(moc="09:00")
        self.assertEqual(first.context["missing_total"], 64)
        self.assertEqual(len(first.context["missing"]), 50)
        counts = {
            c["commune__code"]: (c["n"], c["expected"])
            for c in first.context["missing_communes"]
        }
        self.assertEqual(counts, {"26734": (62, 62), "26737": (2, 2)})
        self.assertContains(first, '<th colspan="5">Phường Tân Định</th>', html=False)
        following = first.context["missing_links"]["next"]
        self.assertIn("moc=09%3A00", following)  # the slot stays
        second = self.get(moc="09:00", **{"cbc-trang": "2"})
        keys = [item["area"].key for item in second.context["missing"]]
        self.assertEqual(len(keys), 14)
        self.assertEqual(keys[-2:], ["26737/1", "26737/2"])
        self.assertContains(second, "Phường Sài Gòn</th>")

    def test_one_communes_areas_on_their_own(self):
        response = self.get(**{"cbc-xa": "26737"})
        self.assertEqual(
            [i["area"].key for i in response.context["missing"]], ["26737/1", "26737/2"]
        )
        self.assertEqual(response.context["missing_total"], 64)  # counts stay whole

    def test_a_reported_area_leaves_the_list(self):
        enter(self.election, {"09:00": {self.b1: 10}})
        response = self.get(**{"cbc-xa": "26737"})
        self.assertEqual(
            [i["area"].key for i in response.context["missing"]], ["26737/2"]
        )


class CountingStartTests(PollingViewMixin, TestCase):
    def state(self, area, unit):
        found = state_counts(self.election, by_area=True)
        return {(a, u): s for _, u, a, s, _ in found}[(area.pk, unit.pk)]

    def test_the_team_confirms_then_undoes_with_audit(self):
        self.client.force_login(self.team_user)
        url = self.url("counting_start", "26734", 1)
        confirm = self.client.get(url)
        self.assertContains(confirm, "Xác nhận bắt đầu kiểm phiếu")
        self.assertFalse(CountingStart.objects.exists())  # asking records nothing
        self.assertEqual(self.state(self.a1, self.qh_unit), "not_started")
        self.assertRedirects(self.client.post(url), self.url("area_entry", "26734", 1))
        mark = CountingStart.objects.get()
        self.assertEqual((mark.voting_area, mark.started_by), (self.a1, self.team_user))
        self.assertEqual(self.state(self.a1, self.qh_unit), "counting")
        self.client.post(url)  # twice: still one standing mark
        self.assertEqual(CountingStart.objects.live().count(), 1)
        undo = self.url("counting_undo", "26734", 1)
        self.assertContains(self.client.get(undo), "Xác nhận hủy ghi nhận")
        self.client.post(undo, {"reason": "Bấm nhầm"})
        mark.refresh_from_db()
        self.assertIsNotNone(mark.undone_at)
        self.assertEqual(mark.undone_by, self.team_user)
        self.assertEqual(self.state(self.a1, self.qh_unit), "not_started")
        entries = AuditEntry.objects.filter(object_id=str(mark.pk)).order_by("pk")
        self.assertEqual([e.action for e in entries], ["create", "update"])
        self.assertEqual(entries[1].reason, "Bấm nhầm")
        self.assertEqual({e.user for e in entries}, {self.team_user})
        self.client.post(url)  # recorded again: a new mark, the old one kept
        self.assertEqual(CountingStart.objects.count(), 2)
        self.assertEqual(self.state(self.a1, self.qh_unit), "counting")

    def test_neither_start_nor_undo_once_the_minutes_are_submitted(self):
        self.client.force_login(self.team_user)
        start = self.url("counting_start", "26734", 1)
        undo = self.url("counting_undo", "26734", 1)
        entry = self.url("area_entry", "26734", 1)
        figures = {"voters_on_list": 100, "voters_voted": 90, "ballots_issued": 90}
        figures |= {"ballots_received": 90, "valid": 88, "invalid": 2}
        record = CountingRecord.objects.create(
            contest=self.qh, voting_area=self.a1, electoral_unit=self.qh_unit, **figures
        )
        self.assertContains(self.client.get(entry), start)  # a draft: still open
        record.status = "submitted"
        record.save(update_fields=["status"])
        page = self.client.get(entry)
        self.assertNotContains(page, start)
        self.assertContains(page, "Đã kiểm phiếu xong. Biên bản đã gửi Ban bầu cử.")
        refused = self.client.post(start, follow=True)
        self.assertContains(refused, "Khu vực đã kiểm phiếu xong")
        self.assertFalse(CountingStart.objects.exists())
        self.assertNotContains(self.client.get(start), 'id="confirm"')
        # A mark recorded before the minutes went in stays: no undo either.
        mark = CountingStart.objects.create(
            voting_area=self.a1, started_at=datetime.datetime.now(ZONE)
        )
        for status in ("submitted", "accepted", "locked"):
            record.status = status
            record.save(update_fields=["status"])
            self.assertNotContains(self.client.get(entry), undo)
            refused = self.client.post(undo, {"reason": "thử"}, follow=True)
            self.assertContains(refused, "không còn ghi nhận hay hủy ghi nhận")
        mark.refresh_from_db()
        self.assertIsNone(mark.undone_at)
        self.assertFalse(AuditEntry.objects.exists())
        # The ward's view of the area (its dashboard's area page) hides them too.
        self.client.force_login(self.ward_a_user)
        board = self.client.get(self.url("area_board", "26734", 1))
        self.assertNotContains(board, undo)
        self.assertContains(board, "Đã kiểm phiếu xong")

    def test_the_dashboard_names_the_areas_to_chase_after_the_close(self):
        CountingStart.objects.create(
            voting_area=self.b1, started_at=datetime.datetime.now(ZONE)
        )
        self.client.force_login(self.city_user)
        with at(18):
            before = self.client.get(self.url("dashboard", "79"))
        self.assertIsNone(before.context["unstarted"])
        with at(19, 30):
            after = self.client.get(self.url("dashboard", "79"))
        self.assertEqual(after.context["unstarted"], 3)  # all but 26737/1
        self.assertContains(after, "<b>3</b> khu vực bỏ phiếu chưa ghi nhận")
        with at(19, 30):  # the ward sees its own areas only
            self.client.force_login(self.ward_b_user)
            ward = self.client.get(self.url("dashboard", "26737"))
        self.assertEqual(ward.context["unstarted"], 1)

    def test_the_commune_records_on_behalf_of_its_team(self):
        self.client.force_login(self.ward_a_user)
        back = self.url("area_board", "26734", 2)
        response = self.client.post(
            self.url("counting_start", "26734", 2), {"next": back}
        )
        self.assertRedirects(response, back)
        mark = CountingStart.objects.get()
        self.assertEqual(
            (mark.voting_area, mark.started_by), (self.a2, self.ward_a_user)
        )
        self.assertContains(self.client.get(back), "Hủy ghi nhận")

    def test_others_cannot_record_or_undo(self):
        CountingStart.objects.create(
            voting_area=self.b1, started_at=datetime.datetime.now(ZONE)
        )
        self.client.force_login(self.team_user)
        self.assertEqual(
            self.client.post(self.url("counting_start", "26737", 1)).status_code, 404
        )
        self.assertEqual(
            self.client.post(self.url("counting_undo", "26737", 1)).status_code, 404
        )
        self.client.force_login(self.board_user)
        self.assertEqual(
            self.client.post(self.url("counting_undo", "26737", 1)).status_code, 403
        )
        self.assertEqual(CountingStart.objects.live().count(), 1)

    def test_an_outside_next_address_is_not_followed(self):
        self.client.force_login(self.team_user)
        response = self.client.post(
            self.url("counting_start", "26734", 1), {"next": "https://evil.example/"}
        )
        self.assertRedirects(response, self.url("area_entry", "26734", 1))


class RoundLatenessTests(RoundMixin, TestCase):
    def url(self, name, *args):
        return reverse(f"polling:{name}", args=[self.election.code, *args])

    def round_dashboard(self, when):
        self.client.force_login(self.admin)
        with mock.patch.object(rules, "now", lambda: when):
            return self.client.get(self.url("dashboard", "79"), {"lan": "bau-cu-lai"})

    def test_lateness_follows_the_rounds_own_day(self):
        day_after = datetime.datetime.combine(ROUND_DAY, datetime.time(10, 30), ZONE)
        enter(self.election, {"09:00": {self.a1: 20}}, round="reelection")
        response = self.round_dashboard(day_after)
        self.assertEqual(response.context["due_slot"], "09:00")
        self.assertEqual(
            [i["area"].key for i in response.context["missing"]], ["26734/2"]
        )
        self.assertTrue(response.context["missing"][0]["late"])
        self.assertContains(response, "Khu vực chưa báo cáo mốc 09:00 (1)")
        # Between the two days nothing of the round is due yet.
        before = datetime.datetime.combine(
            ROUND_DAY - datetime.timedelta(days=1), datetime.time(20), ZONE
        )
        waiting = self.round_dashboard(before)
        self.assertFalse(waiting.context["any_due"])
        self.assertContains(waiting, "Chưa đến mốc báo cáo đầu tiên.")

    def test_the_rounds_files_are_the_rounds(self):
        enter(self.election, {"09:00": {self.a1: 20, self.a2: 30}}, round="reelection")
        response = self.round_dashboard(datetime.datetime.now(ZONE))
        xlsx = self.url("turnout_file", "79", "xlsx") + "?lan=bau-cu-lai"
        self.assertContains(response, f'href="{xlsx}"')
        self.assertContains(
            response, self.url("turnout_file", "79", "pdf") + "?lan=bau-cu-lai"
        )
        counting = self.url("counting_file", "79", "xlsx") + "?lan=bau-cu-lai"
        self.assertContains(response, f'href="{counting}"')
        got = self.client.get(xlsx)
        self.assertIn("bau-cu-lai", got["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(got.content))["Tiến độ"]
        self.assertIn("Bầu cử lại", sheet["A1"].value)
        codes = {sheet.cell(row, 2).value for row in range(3, sheet.max_row + 1)}
        self.assertNotIn("26737", codes)  # the round's areas only
        self.assertIn("26734/2", codes)
        pdf = self.client.get(
            self.url("turnout_file", "79", "pdf"), {"lan": "bau-cu-lai"}
        )
        self.assertEqual(pdf.status_code, 200)
        pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        self.assertIn("Bầu cử lại", text)
        self.assertNotIn("Phường Sài Gòn", text)

    def test_the_rounds_counting_progress_is_its_minutes(self):
        CountingRecord.objects.create(
            contest=self.hdnd_a,
            voting_area=self.a1,
            electoral_unit=self.hdnd_a_unit,
            round="reelection",
        )
        CountingStart.objects.create(  # the first round's mark: not the round's
            voting_area=self.a2, started_at=datetime.datetime.now(ZONE)
        )
        found = state_counts(self.election, by_area=True, round="reelection")
        states = {area: state for _, _, area, state, _ in found}
        self.assertEqual(states, {self.a1.pk: "counting", self.a2.pk: "not_started"})
        self.client.force_login(self.admin)
        url = self.url("counting_file", "79", "xlsx")
        got = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertIn("bau-cu-lai", got["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(got.content))["Kiểm phiếu"]
        self.assertIn("Bầu cử lại", sheet["A1"].value)
        rows = {sheet.cell(r, 2).value: r for r in range(3, sheet.max_row + 1)}
        self.assertNotIn("26737", rows)
        self.assertEqual(sheet.cell(rows["79"], 4).value, 2)  # two minutes expected
        pdf = self.client.get(
            self.url("counting_file", "79", "pdf"), {"lan": "bau-cu-lai"}
        )
        pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        self.assertIn("Bầu cử lại", text)
        self.assertNotIn("Phường Sài Gòn", text)
        board = self.client.get(self.url("dashboard", "79"), {"lan": "bau-cu-lai"})
        city = board.context["progress_table"].data.data[0]
        self.assertEqual((city["total"], city["counting"]), (2, 1))

    def test_the_area_page_keeps_the_round(self):
        self.client.force_login(self.admin)
        commune = self.client.get(self.url("dashboard", "26734"), {"lan": "bau-cu-lai"})
        link = links(commune)["26734/1"]
        self.assertIn("lan=bau-cu-lai", link)
        self.assertEqual(self.client.get(link).status_code, 200)
        other = self.client.get(
            self.url("area_board", "26737", 1), {"lan": "bau-cu-lai"}
        )
        self.assertEqual(other.status_code, 404)
