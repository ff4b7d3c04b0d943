import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.results.models import CountingEntry, CountingRecord

from .test_results_base import ResultsMixin

DATA = Path(__file__).parent / "data" / "tallies"


def run_import(path, *args, err=None) -> tuple[str, str]:
    out, err = io.StringIO(), err or io.StringIO()
    call_command(
        "import_tallies",
        str(path),
        "--election",
        "TEST-2026",
        *args,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def results(*args) -> dict:
    out = io.StringIO()
    call_command("election_results", "TEST-2026", *args, stdout=out)
    return json.loads(out.getvalue())


def to_xlsx(folder: Path, target: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("tallies", "tally_votes"):
        sheet = book.create_sheet(name)
        with open(folder / f"{name}.csv", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                sheet.append([int(c) if c.isdigit() else c for c in row])
    book.save(target)
    return target


class ImportTalliesTests(ResultsMixin, TestCase):
    def test_an_import_is_one_entry_waiting_for_a_second(self):
        out, _ = run_import(DATA / "good", "--user", "thanhpho")
        self.assertIn("added: 6", out)
        self.assertEqual(CountingEntry.objects.count(), 6)
        self.assertEqual(
            set(CountingRecord.objects.values_list("status", flat=True)), {"draft"}
        )
        unit = results("--include-unaccepted")["contests"][0]["units"][0]
        self.assertEqual(unit["areas_reported"], 0)

    def test_a_second_import_by_another_user_then_accept_gives_results(self):
        run_import(DATA / "good", "--user", "quantri")
        out, _ = run_import(DATA / "good", "--user", "thanhpho", "--accept")
        self.assertIn("accepted: 6", out)
        data = results()
        qh, council = data["contests"]
        unit = qh["units"][0]
        self.assertEqual(unit["status"], "complete")
        self.assertEqual((unit["areas_reported"], unit["valid"]), (4, 2950))
        self.assertEqual(unit["voters_on_list"], 3500)
        winner = unit["candidates"][0]
        self.assertEqual(
            (winner["full_name"], winner["votes"], winner["pct_of_valid"]),
            ("Lê Văn An", 1750, "59.32"),
        )
        self.assertTrue(winner["elected"])
        dung = council["units"][0]["candidates"][0]
        self.assertEqual((dung["votes"], dung["elected"]), (800, True))

    def test_reimporting_the_same_file_changes_nothing(self):
        run_import(DATA / "good", "--user", "thanhpho")
        audits = AuditEntry.objects.count()
        out, _ = run_import(DATA / "good", "--user", "thanhpho")
        self.assertIn("unchanged: 6", out)
        self.assertEqual(CountingEntry.objects.count(), 6)
        self.assertEqual(AuditEntry.objects.count(), audits)

    def test_a_file_breaking_the_arithmetic_is_rejected_whole(self):
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "không ghi gì"):
            call_command(
                "import_tallies",
                str(DATA / "bad_arithmetic"),
                "--election",
                "TEST-2026",
                "--user",
                "thanhpho",
                stdout=io.StringIO(),
                stderr=err,
            )
        self.assertIn("Trang tính 'tallies', dòng 3", err.getvalue())
        self.assertIn("E01", err.getvalue())
        self.assertFalse(CountingRecord.objects.exists())
        self.assertFalse(CountingEntry.objects.exists())

    def test_a_dry_run_writes_nothing(self):
        out, _ = run_import(DATA / "good", "--user", "thanhpho", "--dry-run")
        self.assertIn("không ghi", out)
        self.assertFalse(CountingRecord.objects.exists())

    def test_vietnamese_headers_csv_and_xlsx_read_alike(self):
        run_import(DATA / "vietnamese_headers", "--user", "quantri")
        target = Path(self.tmp()) / "tallies.xlsx"
        out, _ = run_import(to_xlsx(DATA / "good", target), "--user", "thanhpho")
        self.assertIn("added: 6", out)
        self.assertEqual(
            set(CountingRecord.objects.values_list("status", flat=True)), {"entered"}
        )

    def test_an_unknown_candidate_is_named_with_sheet_row_and_column(self):
        folder = Path(self.tmp()) / "unknown"
        shutil.copytree(DATA / "good", folder)
        votes = (folder / "tally_votes.csv").read_text(encoding="utf-8")
        (folder / "tally_votes.csv").write_text(votes.replace("Phạm Chí", "Phạm Chính"))
        err = io.StringIO()
        with self.assertRaises(CommandError):
            run_import(folder, "--user", "thanhpho", err=err)
        self.assertIn(
            "Trang tính 'tally_votes', dòng 7, cột 'candidate': Không có người ứng cử "
            "'Phạm Chính'",
            err.getvalue(),
        )
        self.assertFalse(CountingRecord.objects.exists())

    def test_minutes_outside_the_users_jurisdiction_are_refused(self):
        err = io.StringIO()
        with self.assertRaises(CommandError):
            run_import(DATA / "good", "--user", "phuongb", err=err)
        self.assertIn("không có quyền nhập biên bản QH - KVBP 26734/1", err.getvalue())
        self.assertFalse(CountingRecord.objects.exists())

    def test_changing_accepted_minutes_by_import_is_refused(self):
        run_import(DATA / "good", "--user", "quantri")
        run_import(DATA / "good", "--user", "thanhpho", "--accept")
        folder = Path(self.tmp()) / "changed"
        shutil.copytree(DATA / "good", folder)
        tallies = (folder / "tallies.csv").read_text(encoding="utf-8")
        (folder / "tallies.csv").write_text(
            tallies.replace("26737,2,500,400", "26737,2,501,400")
        )
        with self.assertRaises(CommandError):
            run_import(folder, "--user", "quantri")

    def tmp(self) -> str:
        import tempfile

        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        return directory


class ElectionResultsOutputTests(ResultsMixin, TestCase):
    def setUp(self):
        run_import(DATA / "good", "--user", "quantri")
        run_import(DATA / "good", "--user", "thanhpho", "--accept")

    def test_csv_carries_the_real_figures(self):
        out = io.StringIO()
        call_command("election_results", "TEST-2026", "--format", "csv", stdout=out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        first = rows[0]
        self.assertEqual((first["contest"], first["status"]), ("QH", "complete"))
        self.assertEqual((first["full_name"], first["votes"]), ("Lê Văn An", "1750"))
        self.assertEqual((first["rank"], first["elected"]), ("1", "True"))
        self.assertEqual(first["valid"], "2950")

    def test_json_follows_exchange_section_5(self):
        unit = results("--contest", "QH")["contests"][0]["units"][0]
        for key in [
            "number",
            "seats",
            "areas_expected",
            "areas_reported",
            "voters_on_list",
            "voters_voted",
            "turnout_pct",
            "ballots_issued",
            "ballots_received",
            "valid",
            "invalid",
            "valid_pct",
            "invalid_pct",
            "status",
            "candidates",
            "elected_count",
            "seats_unfilled",
            "supplementary_election_required",
        ]:
            self.assertIn(key, unit)
        self.assertEqual(unit["turnout_pct"], "85.71")
        self.assertEqual([c["rank"] for c in unit["candidates"]], [1, 2, 3])
