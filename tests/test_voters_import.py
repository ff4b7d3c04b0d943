"""The voter-list importer (docs/EXCHANGE.md §2) on the tiny files in
tests/data/voters/.

On PostgreSQL a clean first import goes straight into the table by COPY, anything
else is staged by COPY; `StagedCopyTests` and `BatchedPathTests` repeat the core
cases through the staged COPY path and the batched path (the one SQLite uses).
"""

import datetime
import io
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

import openpyxl
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters
from importers.voters_pg import DirectLoad

from .factories import SmallElectionMixin, make_area

DATA = Path(__file__).parent / "data" / "voters"


class VoterImportMixin(SmallElectionMixin):
    method = None  # the database's own path

    def run_import(self, name, **options):
        path = name if isinstance(name, Path) else DATA / name
        return import_voters(path, self.election, method=self.method, **options)

    def assertRejected(self, report, expected: set[tuple[int, str]]):
        found = {(p.row, p.column) for p in report.errors}
        self.assertEqual(found, expected, [str(p) for p in report.errors])
        self.assertFalse(report.written)
        self.assertFalse(VoterEntry.objects.exists())

    def numbers(self, area) -> dict[str, int]:
        entries = VoterEntry.objects.filter(voting_area=area)
        return dict(entries.values_list("citizen_id", "list_number"))


class CoreImportCases(VoterImportMixin):
    def test_it_imports_a_clean_file_with_numbers_by_household(self):
        report = self.run_import("ok.csv")
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        self.assertTrue(report.written)
        self.assertEqual(report.counts["voters"]["added"], 7)
        # a1: household HK1 (rows 2, 3, 8) first, head first; then HK2; then row 5.
        self.assertEqual(
            list(
                VoterEntry.objects.filter(voting_area=self.a1)
                .in_list_order()
                .values_list("full_name", "list_number", "household_order")
            ),
            [
                ("Nguyễn Văn An", 1, 1),
                ("Trần Thị Bình", 2, 2),
                ("Nguyễn Văn Hải", 3, 3),
                ("Lê Văn Cường", 4, 1),
                ("Phạm Thị Dung", 5, 1),
            ],
        )
        self.assertEqual(self.numbers(self.b1), {"079090000005": 1})
        self.assertEqual(self.numbers(self.a2), {"079192000006": 1})

    def test_entitlement_follows_residence_and_the_areas_contests(self):
        self.run_import("ok.csv")
        qs = VoterEntry.objects.all()
        self.assertEqual(qs.get(citizen_id="079080000001").kinds, ["QH", "HDND_XA"])
        self.assertEqual(qs.get(citizen_id="079160000004").kinds, ["QH"])  # < 12 m
        self.assertEqual(qs.get(citizen_id="079090000005").kinds, ["QH"])  # ward B
        counts = qs.filter(voting_area=self.a1).contest_counts()
        self.assertEqual((counts["QH"], counts["HDND_XA"]), (5, 4))

    def test_reimporting_the_same_file_changes_nothing(self):
        self.run_import("ok.csv")
        before = list(VoterEntry.objects.values_list("id", "list_number", "added_at"))
        report = self.run_import("ok.csv")
        counts = report.counts["voters"]
        self.assertEqual((counts["added"], counts["updated"]), (0, 0))
        self.assertEqual(counts["unchanged"], 7)
        after = list(VoterEntry.objects.values_list("id", "list_number", "added_at"))
        self.assertEqual(before, after)

    def test_a_reimport_that_changes_nothing_leaves_no_audit_entry(self):
        self.run_import("ok.csv", user=self.ward_a_user)
        report = self.run_import("ok.csv", user=self.ward_a_user)
        self.assertTrue(report.written)
        self.assertEqual(AuditEntry.objects.filter(action="import").count(), 1)
        self.run_import("changed.csv", user=self.ward_a_user)
        self.assertEqual(AuditEntry.objects.filter(action="import").count(), 2)

    def test_a_reimport_keeps_numbers_and_numbers_newcomers_after_the_area(self):
        self.run_import("ok.csv")
        report = self.run_import("changed.csv")
        counts = report.counts["voters"]
        self.assertEqual((counts["added"], counts["updated"]), (1, 1))
        self.assertEqual(counts["unchanged"], 6)
        numbers = self.numbers(self.a1)
        self.assertEqual(numbers["079080000001"], 1)
        self.assertEqual(numbers["079160000004"], 5)
        self.assertEqual(numbers["079195000008"], 6)  # HK1's new member: next number
        giang = VoterEntry.objects.get(citizen_id="079192000006")
        self.assertEqual(giang.occupation, "Hiệu trưởng")

    def test_a_file_with_bad_rows_is_rejected_whole_naming_every_row(self):
        report = self.run_import("many_errors.csv")
        self.assertRejected(
            report,
            {
                (3, "birth_date"),  # under 18
                (4, "birth_date"),  # month 13
                (5, "citizen_id"),  # repeats row 2
                (6, "area_number"),  # no area 26734/7
                (7, "gender"),
            },
        )
        self.assertEqual(report.counts["voters"]["rejected"], 5)
        self.assertIn("dòng 2", str(report.errors[2]) + str(report.errors))

    def test_a_file_that_breaks_midway_writes_nothing_and_leaves_the_db_usable(self):
        head = (DATA / "ok.csv").read_bytes()
        filler = b"".join(
            b"0790800%05d,Nguy\xe1\xbb\x85n V\xc4\x83n Ph\xe1\xbb\xa5,1980-01-01,Nam,"
            b"Kinh,,,,permanent,26734,1,,\r\n" % n
            for n in range(10, 2000)
        )
        path = Path(self.tmp_dir()) / "broken.csv"
        path.write_bytes(head + filler + b"079080099999,Nguy\xeen,1980-01-01\r\n")
        report = self.run_import(path)
        self.assertFalse(report.ok)
        self.assertIn("UTF-8", report.errors[0].message)
        self.assertFalse(VoterEntry.objects.exists())

    def tmp_dir(self) -> str:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        return folder.name

    def test_an_area_in_no_electoral_unit_is_a_warning_not_a_crash(self):
        make_area(self.election, self.ward_b, 3)
        lines = (DATA / "ok.csv").read_text(encoding="utf-8").splitlines()
        row = "079070000099,Đinh Văn Tâm,1970,Nam,Kinh,,1 Lê Lợi,,permanent,26737,3,,"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "khu-vuc-moi.csv"
            path.write_text("\n".join([lines[0], row]) + "\n", encoding="utf-8")
            report = self.run_import(path)
        self.assertTrue(report.written, [str(p) for p in report.errors])
        self.assertIn(
            "Khu vực bỏ phiếu 26737/3 chưa thuộc đơn vị bầu cử nào",
            " ".join(p.message for p in report.warnings),
        )

    def test_dry_run_counts_and_writes_nothing(self):
        report = self.run_import("ok.csv", dry_run=True)
        self.assertTrue(report.ok)
        self.assertEqual(report.counts["voters"]["added"], 7)
        self.assertFalse(report.written)
        self.assertFalse(VoterEntry.objects.exists())


class ImportTests(CoreImportCases, TestCase):
    @skipUnless(connection.vendor == "postgresql", "the direct path is PostgreSQL's")
    def test_a_clean_first_import_goes_straight_in_a_faulty_one_is_redone(self):
        spy = mock.patch.object(
            DirectLoad, "regroup", autospec=True, side_effect=DirectLoad.regroup
        )
        with spy as regroup:
            self.assertEqual(self.run_import("ok.csv").counts["voters"]["added"], 7)
            regroup.assert_called_once()
            VoterEntry.objects.all().delete()
            regroup.reset_mock()
            report = self.run_import("duplicate_in_file.csv")  # caught by the index
            regroup.assert_not_called()
        self.assertRejected(report, {(4, "citizen_id")})

    def test_eighteenth_birthday_on_election_day_counts_the_day_after_does_not(self):
        report = self.run_import("boundary.csv")
        self.assertRejected(
            report, {(3, "birth_date"), (5, "birth_date"), (7, "birth_date")}
        )
        self.assertIn("15/03/2008", report.errors[0].message)

    def test_year_only_and_month_year_births_are_stored_as_the_first(self):
        report = self.run_import("boundary_ok.csv")
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        born = {
            e.full_name: (e.birth_date, e.birth_precision, e.birth_date_display())
            for e in VoterEntry.objects.all()
        }
        self.assertEqual(
            born["Lý Thị Mai"], (datetime.date(2008, 3, 15), "d", "15/03/2008")
        )
        self.assertEqual(
            born["Bùi Thị Lan"], (datetime.date(2008, 3, 1), "m", "03/2008")
        )
        self.assertEqual(born["Tô Thị Yến"], (datetime.date(2008, 1, 1), "y", "2008"))

    def test_a_citizen_twice_in_the_file_is_rejected(self):
        report = self.run_import("duplicate_in_file.csv")
        self.assertRejected(report, {(4, "citizen_id")})
        self.assertIn("dòng 2", report.errors[0].message)

    def test_a_citizen_listed_in_another_area_is_rejected(self):
        self.run_import("ok.csv")
        report = self.run_import("already_listed.csv")
        self.assertEqual(
            {(p.row, p.column) for p in report.errors}, {(2, "citizen_id")}
        )
        self.assertIn("26734/1", report.errors[0].message)
        self.assertEqual(VoterEntry.objects.count(), 7)

    def test_an_unknown_voting_area_is_rejected(self):
        report = self.run_import("unknown_area.csv")
        self.assertRejected(report, {(2, "area_number"), (3, "commune_code")})

    def test_missing_required_values_and_columns_are_rejected(self):
        report = self.run_import("missing_required.csv")
        self.assertRejected(
            report,
            {
                (2, "full_name"),
                (3, "gender"),
                (4, "citizen_id"),
                (5, "birth_date"),
                (5, "residence"),
            },
        )
        report = self.run_import("missing_column.csv")
        self.assertRejected(report, {(None, "residence")})

    def test_bad_dates_genders_and_residences_are_rejected(self):
        report = self.run_import("bad_values.csv")
        self.assertRejected(
            report,
            {(2, "birth_date"), (3, "gender"), (4, "residence"), (5, "birth_date")},
        )

    def test_spreadsheet_numbers_in_citizen_ids(self):
        report = self.run_import("citizen_id_bad.csv")
        self.assertRejected(
            report,
            {
                (2, "citizen_id"),
                (3, "citizen_id"),
                (4, "citizen_id"),
                (5, "citizen_id"),
            },
        )
        self.assertIn("số mũ", report.errors[0].message)

    def test_a_lost_leading_zero_is_restored_when_the_id_fits_the_person(self):
        report = self.run_import("citizen_id_restored.csv")
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        self.assertEqual(len(report.warnings), 2)
        self.assertEqual(
            set(VoterEntry.objects.values_list("citizen_id", flat=True)),
            {"079090000021", "001090000022"},
        )

    def test_nfd_text_is_stored_as_nfc_and_folded_for_search(self):
        self.run_import("nfd.csv")
        entry = VoterEntry.objects.get()
        self.assertEqual(entry.full_name, "Nguyễn Thị Ánh Tuyết")
        self.assertEqual(entry.occupation, "Kế toán")
        self.assertEqual(entry.gender, "F")
        self.assertEqual(entry.search_name, "nguyen thi anh tuyet")

    def test_legacy_tcvn3_and_vni_text_is_converted(self):
        for name in ("tcvn3.csv", "vni.csv"):
            with self.subTest(name):
                report = self.run_import(name)
                self.assertTrue(report.ok, [str(p) for p in report.errors])
                self.assertTrue(
                    any("sang Unicode" in w.message for w in report.warnings)
                )
        names = set(VoterEntry.objects.values_list("full_name", flat=True))
        self.assertEqual(names, {"Nguyễn Văn Hùng", "Trần Thị Thu Trang"} | set())
        addresses = set(VoterEntry.objects.values_list("permanent_address", flat=True))
        self.assertIn("12 Hai Bà Trưng, P. Tân Định", addresses)
        self.assertIn("5 Trần Quang Khải", addresses)
        self.assertEqual(
            set(VoterEntry.objects.values_list("gender", flat=True)), {"M", "F"}
        )

    def test_an_ambiguous_legacy_value_is_rejected(self):
        report = self.run_import("legacy_ambiguous.csv")
        self.assertRejected(report, {(2, "full_name")})
        self.assertIn("TCVN3", report.errors[0].message)
        self.assertIn("VNI", report.errors[0].message)

    def test_a_csv_in_raw_tcvn3_bytes_is_read_and_converted(self):
        report = self.run_import("tcvn3_bytes.csv")
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        entry = VoterEntry.objects.get()
        self.assertEqual(
            (entry.full_name, entry.occupation), ("Nguyễn Văn Hùng", "Công nhân")
        )

    def test_an_xlsx_with_vietnamese_headers_and_number_cells(self):
        path = self.xlsx()
        report = self.run_import(path)
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        entry = VoterEntry.objects.get()
        self.assertEqual(entry.citizen_id, "079090000031")
        self.assertEqual(entry.birth_date, datetime.date(1990, 6, 1))
        self.assertEqual(entry.voting_area, self.a2)

    def xlsx(self) -> Path:

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "voters"
        sheet.append(
            ["Số định danh cá nhân", "Họ và tên", "Ngày sinh", "Giới tính"]
            + ["Diện cư trú", "Mã xã/phường", "Khu vực bỏ phiếu số"]
        )
        sheet.append(
            [79090000031, "Lưu Văn Cảnh", datetime.datetime(1990, 6, 1), "Nam"]
            + ["permanent", "26734", 2]
        )
        path = Path(self.tmp_dir()) / "danh-sach.xlsx"
        book.save(path)
        return path

    def test_the_import_is_audited(self):
        self.run_import("ok.csv", user=self.ward_a_user)
        entry = AuditEntry.objects.get(action="import")
        self.assertEqual(entry.user, self.ward_a_user)
        self.assertEqual(entry.changes["added"], 7)

    def test_the_command_reports_counts_and_fails_on_errors(self):
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_voters", str(DATA / "ok.csv"), election="TEST-2026", stdout=out
        )
        self.assertIn("thêm 7", out.getvalue())
        with self.assertRaises(CommandError):
            call_command(
                "import_voters",
                str(DATA / "boundary.csv"),
                election="TEST-2026",
                stdout=out,
                stderr=err,
            )
        self.assertIn("dòng 3, cột 'birth_date'", err.getvalue())


class StagedCopyTests(CoreImportCases, TestCase):
    """First imports staged by COPY too (by default they go straight in)."""

    method = "copy"


class BatchedPathTests(CoreImportCases, TestCase):
    """The batched staging path (SQLite's) also on PostgreSQL."""

    method = "batched"
