"""import_turnout (docs/EXCHANGE.md §3): all or nothing, every problem located,
idempotent."""

import io
from pathlib import Path

import openpyxl
from django.core.management import CommandError, call_command
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.polling.models import TurnoutFigure
from importers.turnout import import_turnout

from .test_polling_data import Polling2026Mixin

DATA = Path(__file__).parent / "data" / "turnout"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_turnout", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class ImportTurnoutTests(Polling2026Mixin, TestCase):
    def test_a_clean_file_is_imported_and_a_second_run_changes_nothing(self):
        out, _ = run(str(DATA / "clean"), "--election", self.election.code)
        self.assertIn("turnout: added: 6", out)
        self.assertEqual(TurnoutFigure.objects.count(), 6)
        audits = AuditEntry.objects.filter(action="import").count()
        out, _ = run(str(DATA / "clean"), "--election", self.election.code)
        self.assertIn("turnout: unchanged: 6", out)
        self.assertEqual(AuditEntry.objects.filter(action="import").count(), audits)
        contest = TurnoutFigure.objects.get(contest=self.hdnd_a)
        self.assertEqual((contest.slot, contest.voters_voted), ("11:00", 60))

    def test_dry_run_writes_nothing(self):
        out, _ = run(str(DATA / "clean"), "--election", self.election.code, "--dry-run")
        self.assertIn("Kiểm tra xong (không ghi).", out)
        self.assertFalse(TurnoutFigure.objects.exists())

    def test_every_problem_is_reported_with_row_and_column_and_nothing_written(self):
        with self.assertRaises(CommandError) as raised:
            run(str(DATA / "bad"), "--election", self.election.code)
        self.assertIn("không ghi gì", str(raised.exception))
        self.assertFalse(TurnoutFigure.objects.exists())

    def test_the_problems_found(self):
        report = import_turnout(DATA / "bad", self.election)
        found = {(p.row, p.column) for p in report.errors}
        self.assertEqual(
            found,
            {
                (2, "voters_voted"),  # 09:00 above the 11:00 figure of row 3
                (3, "voters_voted"),
                (4, "voters_voted"),
                (5, "area_number"),
                (6, "slot"),
                (7, "voters_voted"),
            },
        )
        texts = [str(p) for p in report.errors]
        self.assertIn(
            "Lỗi: Trang tính 'turnout', dòng 5, cột 'area_number': "
            "Không có khu vực bỏ phiếu 26737/9.",
            texts,
        )

    def test_the_rules_name_the_row(self):
        source = DATA / "bad" / "turnout.csv"
        lines = source.read_text(encoding="utf-8-sig").splitlines()[:4]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "turnout"
        for line in lines:
            sheet.append(line.split(","))
        path = _saved(book)
        report = import_turnout(path, self.election)
        texts = [str(p) for p in report.errors]
        self.assertEqual(
            texts,
            [
                "Lỗi: Trang tính 'turnout', dòng 2, cột 'voters_voted': Số cử tri "
                "đã bỏ phiếu lúc 09:00 (50) cao hơn số đã báo lúc 11:00 (45).",
                "Lỗi: Trang tính 'turnout', dòng 3, cột 'voters_voted': Số cử tri "
                "đã bỏ phiếu lúc 11:00 (45) thấp hơn số đã báo lúc 09:00 (50).",
                "Lỗi: Trang tính 'turnout', dòng 4, cột 'voters_voted': Số cử tri "
                "đã bỏ phiếu (301) lớn hơn số cử tri trong danh sách (300).",
            ],
        )
        self.assertFalse(TurnoutFigure.objects.exists())

    def test_xlsx_and_csv_give_the_same_figures(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "turnout"
        text = (DATA / "clean" / "turnout.csv").read_text(encoding="utf-8")
        for line in text.splitlines():
            sheet.append(
                [int(c) if c.isdigit() else (c or None) for c in line.split(",")]
            )
        path = _saved(book)
        report = import_turnout(path, self.election)
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        self.assertEqual(report.counts["turnout"]["added"], 6)
        report = import_turnout(DATA / "clean", self.election)
        self.assertEqual(report.counts["turnout"]["unchanged"], 6)


def _saved(book) -> io.BytesIO:
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "turnout.xlsx"
    return data
