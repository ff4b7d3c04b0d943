"""Entry screens, the API and the dashboards through the views, with scope."""

import datetime
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from electionadmin.polling import rules
from electionadmin.polling.models import ApiToken, CountingStart, TurnoutFigure
from electionadmin.results.models import CountingRecord
from electionadmin.results.progress import progress_rows, state_counts

from .test_polling_data import Polling2026Mixin

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def at(hour: int, minute: int = 0):
    moment = datetime.datetime(2026, 3, 15, hour, minute, tzinfo=ZONE)
    return mock.patch.object(rules, "now", lambda: moment)


class PollingViewMixin(Polling2026Mixin):
    def url(self, name, *args):
        return reverse(f"polling:{name}", args=[self.election.code, *args])

    def figure(self, area, slot="09:00"):
        found = TurnoutFigure.objects.filter(voting_area=area, slot=slot).first()
        return found.voters_voted if found else None


class EntryScreenTests(PollingViewMixin, TestCase):
    def post_commune(self, user, ward, data, slot="09:00"):
        self.client.force_login(user)
        return self.client.post(
            self.url("commune_entry", ward) + f"?slot={slot}", {"slot": slot, **data}
        )

    def test_field_names_carry_ids_without_thousand_separators(self):
        from electionadmin.setup.models import VotingArea

        big = VotingArea.objects.create(
            pk=123456, election=self.election, commune=self.ward_a, number=9
        )
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url("commune_entry", "26734") + "?slot=09:00")
        self.assertContains(page, f'name="v-{big.pk}"')

    def test_a_commune_enters_all_its_areas_on_one_screen(self):
        self.client.force_login(self.ward_a_user)
        page = self.client.get(self.url("commune_entry", "26734") + "?slot=09:00")
        self.assertContains(page, f'name="v-{self.a1.pk}"')
        self.assertContains(page, f'name="v-{self.a2.pk}"')
        response = self.post_commune(
            self.ward_a_user,
            "26734",
            {f"v-{self.a1.pk}": "40", f"v-{self.a2.pk}": "1.50"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual((self.figure(self.a1), self.figure(self.a2)), (40, 150))

    def test_an_error_names_the_row_and_saves_nothing(self):
        self.post_commune(self.ward_a_user, "26734", {f"v-{self.a1.pk}": "40"})
        response = self.post_commune(
            self.ward_a_user,
            "26734",
            {f"v-{self.a1.pk}": "30", f"v-{self.a2.pk}": "120"},
            slot="11:00",
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Dòng 1 (KVBP số 1): Số cử tri đã bỏ phiếu lúc 11:00 (30) thấp hơn số "
            "đã báo lúc 09:00 (40).",
            status_code=400,
        )
        self.assertIsNone(self.figure(self.a2, "11:00"))

    def test_a_commune_cannot_open_another_communes_screen(self):
        self.client.force_login(self.ward_a_user)
        self.assertEqual(
            self.client.get(self.url("commune_entry", "26737")).status_code, 404
        )
        response = self.post_commune(
            self.ward_a_user, "26737", {f"v-{self.b1.pk}": "5"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(self.figure(self.b1))

    def test_a_team_enters_its_own_area_only(self):
        self.client.force_login(self.team_user)
        own = self.url("area_entry", "26734", 1)
        self.assertEqual(self.client.post(own, {"s-09:00": "12"}).status_code, 302)
        self.assertEqual(self.figure(self.a1), 12)
        other = self.url("area_entry", "26734", 2)
        self.assertEqual(self.client.post(other, {"s-09:00": "12"}).status_code, 404)
        commune = self.url("commune_entry", "26734")
        self.assertEqual(self.client.get(commune).status_code, 404)
        self.assertIsNone(self.figure(self.a2))

    def test_a_board_may_look_but_not_enter(self):
        self.client.force_login(self.board_user)
        response = self.client.post(
            self.url("area_entry", "26734", 1), {"s-09:00": "1"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_team_marks_that_counting_started(self):
        self.client.force_login(self.team_user)
        self.client.post(self.url("counting_start", "26734", 1))
        self.assertTrue(CountingStart.objects.filter(voting_area=self.a1).exists())

    def test_the_team_lands_on_its_area(self):
        self.client.force_login(self.team_user)
        response = self.client.get(self.url("home"))
        self.assertRedirects(response, self.url("area_entry", "26734", 1))


class ApiTests(PollingViewMixin, TestCase):
    def post(self, body, key=None):
        headers = {"Authorization": f"Token {key}"} if key else {}
        return self.client.post(
            self.url("api_turnout"),
            json.dumps(body),
            content_type="application/json",
            headers=headers,
        )

    def test_a_team_submits_with_its_token(self):
        _, key = ApiToken.issue(self.team_user)
        response = self.post(
            {"area": "26734/1", "slot": "09:00", "voters_voted": 33}, key
        )
        self.assertEqual(
            response.json(), {"ok": True, "action": "added", "warnings": []}
        )
        self.assertEqual(self.figure(self.a1), 33)

    def test_the_api_refuses_other_areas_bad_figures_and_no_key(self):
        _, key = ApiToken.issue(self.team_user)
        body = {"area": "26734/2", "slot": "09:00", "voters_voted": 1}
        self.assertEqual(self.post(body, key).status_code, 403)
        body["area"] = "26734/1"
        self.assertEqual(self.post(body, "wrong").status_code, 401)
        body["voters_voted"] = 111
        refused = self.post(body, key)
        self.assertEqual(refused.status_code, 400)
        self.assertIn(
            "lớn hơn số cử tri trong danh sách (110)", refused.json()["errors"][0]
        )
        body["area"] = "26734/9"
        self.assertEqual(self.post(body, key).status_code, 404)

    def test_a_commune_submits_per_contest_with_its_session(self):
        self.client.force_login(self.ward_a_user)
        body = {
            "area": "26734/2",
            "slot": "11:00",
            "voters_voted": 7,
            "contest": "HDND_XA:26734",
        }
        self.assertEqual(self.post(body).status_code, 200)
        figure = TurnoutFigure.objects.get(contest=self.hdnd_a)
        self.assertEqual(figure.electoral_unit, self.hdnd_a_unit)


class DashboardTests(PollingViewMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.team_a1.members.update(phone="0912345678")
        cls.admin = get_user_model().objects.create_superuser("root", "r@x.vn", "x")

    def test_a_commune_sees_its_dashboard_and_not_the_city(self):
        self.client.force_login(self.ward_a_user)
        self.assertEqual(
            self.client.get(self.url("dashboard", "26734")).status_code, 200
        )
        self.assertEqual(self.client.get(self.url("dashboard", "79")).status_code, 404)
        self.assertEqual(
            self.client.get(self.url("dashboard", "26737")).status_code, 404
        )

    def test_the_not_reported_list_shows_the_team_leader_phone(self):
        self.client.force_login(self.city_user)
        with at(10, 30):
            response = self.client.get(self.url("dashboard", "79"))
        self.assertContains(response, "0912345678")
        self.assertContains(response, "Trễ hơn 1 giờ")
        self.assertContains(
            response, '<noscript><meta http-equiv="refresh" content="60"></noscript>'
        )
        self.assertContains(response, "<svg")
        self.assertEqual(response.context["missing_total"], 4)
        self.assertEqual(len(response.context["missing"]), 4)

    def test_the_projector_view(self):
        self.client.force_login(self.city_user)
        response = self.client.get(self.url("projector", "79"))
        self.assertContains(response, "Thành phố Hồ Chí Minh")
        self.assertNotContains(response, "Lưu")

    def test_counting_progress_states(self):
        CountingRecord.objects.create(
            contest=self.qh,
            voting_area=self.a1,
            electoral_unit=self.qh_unit,
            status="accepted",
            voters_on_list=110,
            voters_voted=100,
            ballots_issued=100,
            ballots_received=100,
            valid=100,
            invalid=0,
        )
        CountingRecord.objects.create(
            contest=self.qh,
            voting_area=self.a2,
            electoral_unit=self.qh_unit,
        )
        CountingStart.objects.create(voting_area=self.b1, started_at=rules.now())
        found = state_counts(self.election, by_area=True)
        states = {(area, unit): state for _, unit, area, state, _ in found}
        self.assertEqual(states[(self.a1.pk, self.qh_unit.pk)], "accepted")
        self.assertEqual(states[(self.a1.pk, self.hdnd_a_unit.pk)], "not_started")
        self.assertEqual(states[(self.a2.pk, self.qh_unit.pk)], "counting")  # draft
        self.assertEqual(states[(self.b1.pk, self.qh_unit.pk)], "counting")  # mark
        # Not the clock: long after the polls closed, no mark is no start.
        with at(23, 30):
            self.assertEqual(states[(self.b2.pk, self.qh_unit.pk)], "not_started")
            rows = progress_rows(self.election, self.city)
        city = rows[0]
        self.assertEqual((city.code, city.total), ("79", 6))
        self.assertEqual(
            dict(city.states), {"accepted": 1, "counting": 2, "not_started": 3}
        )

    def test_the_reports_download_as_xlsx_with_vietnamese_headers(self):
        self.client.force_login(self.city_user)
        response = self.client.get(self.url("turnout_file", "79", "xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book["Tiến độ"]
        self.assertEqual(
            sheet["A1"].value, "Báo cáo tiến độ cử tri đi bầu - Thành phố Hồ Chí Minh"
        )
        self.assertEqual(sheet["D2"].value, "Số cử tri trong danh sách")
        self.assertEqual(sheet["D3"].value, 1010)
        response = self.client.get(self.url("counting_file", "79", "xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book["Kiểm phiếu"]["E2"].value, "Chưa kiểm phiếu")

    def test_the_reports_download_as_pdf_with_diacritics_intact(self):
        self.client.force_login(self.city_user)
        response = self.client.get(self.url("turnout_file", "79", "pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        self.assertIn("Báo cáo tiến độ cử tri đi bầu", text)
        self.assertIn("Phường Tân Định", text)
        self.assertIn("1.010", text)
        response = self.client.get(self.url("counting_file", "79", "pdf"))
        path = "/tmp/polling-counting.pdf"
        with open(path, "wb") as out:
            out.write(response.content)
        extracted = subprocess.run(
            ["pdftotext", "-layout", path, "-"], capture_output=True, text=True
        )
        if extracted.returncode == 0:
            self.assertIn("Phường Tân Định", extracted.stdout)
            self.assertIn("Đang kiểm phiếu", extracted.stdout)

    def test_an_unknown_format_is_not_found(self):
        self.client.force_login(self.city_user)
        self.assertEqual(
            self.client.get(self.url("turnout_file", "79", "doc")).status_code, 404
        )

    def test_the_upload_screen_keeps_to_the_users_areas(self):
        self.client.force_login(self.ward_b_user)
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            archive.writestr(
                "turnout.csv",
                "commune_code,area_number,slot,voters_voted\n26734,1,09:00,5\n",
            )
        packed.seek(0)
        packed.name = "turnout.zip"
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        with self.settings(TASKS=IMMEDIATE, MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=""):
            response = self.client.post(
                self.url("upload"), {"file": packed}, follow=True
            )
        self.assertContains(response, "nằm ngoài phạm vi")
        self.assertContains(response, "không ghi gì")
        self.assertIsNone(self.figure(self.a1))
