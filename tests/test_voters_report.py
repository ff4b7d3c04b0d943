"""The change report: exact figures for a small scenario at every level, XLSX, scope."""

import datetime
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase
from openpyxl import load_workbook

from electionadmin.access.scope import restrict
from electionadmin.setup.models import VotingArea
from electionadmin.voters import reports
from electionadmin.voters.changes import (
    Paper,
    Person,
    add_voter,
    issue_certificate,
    remove_voter,
    transfer_voter,
)
from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .factories import SmallElectionMixin
from .test_voters_import import DATA

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*moment):
    when = datetime.datetime(*moment, tzinfo=VN)
    return mock.patch("django.utils.timezone.now", return_value=when)


class ChangeReportTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with at(2026, 2, 1, 8):  # made before the posting on 03/02/2026
            import_voters(DATA / "ok.csv", cls.election)
        entry = VoterEntry.objects.get
        with at(2026, 3, 1, 9):
            mai = Person("079308000099", "Lý Thị Mai", datetime.date(2008, 3, 1), "F")
            add_voter(cls.a1, mai, Paper("newly_eligible"))
            remove_voter(entry(citizen_id="079056000003"), Paper("died"))
            transfer_voter(
                entry(citizen_id="079080000001"), cls.b1, Paper("permanent_move")
            )
            issue_certificate(entry(citizen_id="079192000006"), Paper("other"))
        cls.period = reports.Period(
            reports.posting_start(cls.election),
            datetime.datetime(2026, 3, 10, tzinfo=VN),
        )

    def rows(self, level, areas=None) -> dict[str, dict]:
        found = reports.report(self.election, level, self.period, areas)
        return {row["unit"]: row for row in found}

    def test_the_period_starts_at_the_posting_deadline(self):
        start = reports.posting_start(self.election)
        self.assertEqual(start.astimezone(VN), datetime.datetime(2026, 2, 3, tzinfo=VN))

    def test_area_figures(self):
        rows = self.rows("area")
        a1 = rows["KVBP 26734/1 - Phường Tân Định"]
        expected = {"at_start": 5, "add_newly_eligible": 1, "remove_died": 1,
                    "transfer_out": 1, "transfer_in": 0, "now": 4, "other": 0,
                    "male": 1, "female": 3, "kind_QH": 4,
                    "kind_HDND_XA": 3}  # fmt: skip
        self.assertEqual({k: a1[k] for k in expected}, expected)
        a2 = rows["KVBP 26734/2 - Phường Tân Định"]
        self.assertEqual((a2["at_start"], a2["cert_issued"], a2["now"]), (1, 1, 0))
        b1 = rows["KVBP 26737/1 - Phường Sài Gòn"]
        self.assertEqual((b1["at_start"], b1["transfer_in"], b1["now"]), (1, 1, 2))
        self.assertEqual((b1["male"], b1["female"]), (2, 0))

    def test_commune_and_city_figures(self):
        ward_a = self.rows("commune")["Phường Tân Định"]
        self.assertEqual((ward_a["at_start"], ward_a["now"]), (6, 4))
        self.assertEqual((ward_a["transfer_out"], ward_a["cert_issued"]), (1, 1))
        city = self.rows("city")["Thành phố Hồ Chí Minh"]
        expected = {"at_start": 7, "now": 6, "add_newly_eligible": 1,
                    "remove_died": 1, "transfer_in": 1, "transfer_out": 1,
                    "cert_issued": 1, "male": 3, "female": 3, "kind_QH": 6,
                    "other": 0}  # fmt: skip
        self.assertEqual({k: city[k] for k in expected}, expected)

    def test_a_commune_reports_only_its_areas(self):
        areas = restrict(VotingArea.objects.all(), self.ward_b_user)
        rows = self.rows("commune", areas)
        self.assertEqual(list(rows), ["Phường Sài Gòn"])
        city = self.rows("city", areas)["Thành phố Hồ Chí Minh"]
        self.assertEqual((city["at_start"], city["now"]), (1, 2))

    def test_the_workbook_reads_back_with_vietnamese_headers(self):
        rows = reports.report(self.election, "commune", self.period)
        book = load_workbook(
            BytesIO(reports.xlsx(self.election, "commune", self.period, rows))
        )
        sheet = book.active
        headers = [cell.value for cell in sheet[3]]
        self.assertEqual(headers[:2], ["Xã/phường", "Số cử tri khi niêm yết"])
        self.assertIn("Xóa tên: Chết", headers)
        self.assertIn("Cấp giấy chứng nhận bỏ phiếu nơi khác", headers)
        body = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
        now = headers.index("Số cử tri hiện nay")
        self.assertEqual(body["Phường Tân Định"][now], 4)
        self.assertEqual(body["Phường Sài Gòn"][now], 2)

    def test_the_pdf_reads_back_with_its_headers_and_figures(self):
        from electionadmin.voters.printing.paper_forms import change_report_pdf
        from electionadmin.voters.views import report_context

        from .test_documents_base import pdf_text

        rows = reports.report(self.election, "commune", self.period)
        context = report_context(self.election, "commune", self.period, rows)
        text = pdf_text(change_report_pdf(context))
        for expected in (
            "BÁO CÁO BIẾN ĐỘNG CỬ TRI",
            self.election.name,
            "Cấp xã/phường; từ",
            # one row per unit, every figure in column order (headers wrap)
            "Phường Tân Định 6 1 0 0 0 1 0 0 0 0 0 1 0 1 0 4 1 3 4 0 3",
            "Phường Sài Gòn 1 0 0 0 0 0 0 0 0 0 1 0 0 0 0 2 2 0 2 0 0",
            "Số cử tri khi niêm yết: tính đến đầu kỳ báo cáo",
            "Trang 1 / 1",
        ):
            self.assertIn(expected, text)
