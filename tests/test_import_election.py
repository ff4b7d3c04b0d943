"""The election set-up workbook importer, run on the tiny workbooks in tests/data."""

import io
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from importers.election import import_election

DATA = Path(__file__).parent / "data" / "election"
CLEAN = DATA / "clean_2021"
TABLES = (
    AdminUnit,
    Election,
    Contest,
    VotingArea,
    ElectoralUnit,
    ElectoralUnitArea,
    Candidate,
    ElectionBody,
    BodyMember,
)


def snapshot() -> dict:
    """Every row of every set-up table, ids included."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES
    }


def nothing_saved() -> bool:
    return not any(model.objects.exists() for model in TABLES)


def errors_at(report, sheet: str) -> list:
    return [p for p in report.errors if p.sheet == sheet]


class CleanWorkbookTests(TestCase):
    def test_it_imports_a_clean_2021_workbook(self):
        report = import_election(CLEAN)
        self.assertEqual(report.errors, [])
        self.assertTrue(report.written)
        self.assertEqual(report.election_code, "TEST-2021")
        self.assertEqual(report.counts["units"]["added"], 6)
        self.assertEqual(report.counts["candidates"]["added"], 22)
        election = Election.objects.get(code="TEST-2021")
        self.assertEqual(election.province.code, "79")
        self.assertEqual(election.unit_set.code, "VN-2021")
        self.assertEqual(election.turnout_slots, ["09:00", "11:00", "15:00", "19:00"])
        self.assertEqual(AdminUnit.objects.get(code="760").has_council, False)
        self.assertEqual(VotingArea.objects.filter(election=election).count(), 5)

    def test_it_resolves_what_each_unit_covers(self):
        import_election(CLEAN)
        qh1 = ElectoralUnit.objects.get(contest__kind="QH", number=1)
        self.assertEqual(
            sorted(area.key for area in qh1.areas.all()),
            ["26734/1", "26734/2", "26737/1"],
        )
        self.assertEqual([u.code for u in qh1.covers_units.all()], ["760"])
        # 5 areas x 2 city-wide contests + the ward's 2 areas
        self.assertEqual(ElectoralUnitArea.objects.count(), 12)

    def test_it_computes_the_ballot_order_by_the_legal_rule(self):
        import_election(CLEAN)
        names = Candidate.objects.filter(
            electoral_unit__contest__kind="QH", electoral_unit__number=1
        ).values_list("full_name", flat=True)
        self.assertEqual(
            list(names),
            [
                "Nguyễn Văn An",
                "Trần Thị Ánh",
                "Lê Văn Bình",
                "Phạm Văn Dũng",
                "Hoàng Minh Đức",
            ],
        )

    def test_a_given_ballot_order_is_kept_with_a_warning_when_not_alphabetical(self):
        report = import_election(DATA / "ballot_order_given")
        self.assertEqual(report.errors, [])
        first = Candidate.objects.get(
            electoral_unit__number=1, ballot_order=1, electoral_unit__contest__kind="QH"
        )
        self.assertEqual(first.full_name, "Hoàng Minh Đức")
        warning = next(p for p in report.warnings if p.column == "ballot_order")
        self.assertEqual((warning.sheet, warning.row), ("candidates", 2))

    def test_it_reads_year_and_month_year_birth_dates(self):
        import_election(CLEAN)
        self.assertEqual(
            str(Candidate.objects.get(full_name="Đặng Văn Hùng").birth_date),
            "1969-01-01",
        )
        self.assertEqual(
            str(Candidate.objects.get(full_name="Bùi Thị Lan").birth_date),
            "1983-04-01",
        )

    def test_it_creates_bodies_and_members(self):
        import_election(CLEAN)
        board = ElectionBody.objects.get(kind="board")
        self.assertEqual(board.key, "board:QH#1")
        self.assertEqual(
            list(board.members.values_list("full_name", "role", "position")),
            [("Phạm Văn Tâm", "chair", 1), ("Võ Thị Kim", "secretary", 2)],
        )
        self.assertEqual(
            BodyMember.objects.get(full_name="Nguyễn Thị Lệ").phone, "0903123456"
        )

    def test_it_warns_about_body_sizes_and_keeps_going(self):
        report = import_election(CLEAN)
        sizes = [p for p in report.warnings if p.sheet == "members"]
        self.assertEqual(len(sizes), 3)
        self.assertIn("từ 21 đến 31", sizes[0].message)

    def test_a_second_import_changes_nothing(self):
        import_election(CLEAN)
        before = snapshot()
        report = import_election(CLEAN)
        self.assertEqual(report.errors, [])
        for sheet, counts in report.counts.items():
            self.assertEqual(
                counts["added"] + counts["updated"] + counts["removed"], 0, sheet
            )
        self.assertEqual(report.counts["candidates"]["unchanged"], 22)
        self.assertEqual(snapshot(), before)

    def test_the_xlsx_gives_the_same_result_as_the_csv_folder(self):
        from_csv = import_election(CLEAN, dry_run=True)
        from_xlsx = import_election(DATA / "clean_2021.xlsx", dry_run=True)
        self.assertEqual(from_xlsx.as_dict(), from_csv.as_dict())
        import_election(DATA / "clean_2021.xlsx")
        again = import_election(CLEAN)
        self.assertEqual(again.counts["candidates"]["unchanged"], 22)
        self.assertEqual(again.counts["voting_areas"]["unchanged"], 5)
        self.assertEqual(again.counts["election"]["unchanged"], 1)

    def test_the_zip_gives_the_same_result_as_the_csv_folder(self):
        from_csv = import_election(CLEAN, dry_run=True)
        from_zip = import_election(DATA / "clean_2021.zip", dry_run=True)
        self.assertEqual(from_zip.as_dict(), from_csv.as_dict())

    def test_a_dry_run_writes_nothing(self):
        report = import_election(CLEAN, dry_run=True)
        self.assertTrue(report.ok)
        self.assertFalse(report.written)
        self.assertEqual(report.counts["candidates"]["added"], 22)
        self.assertTrue(nothing_saved())

    def test_it_leaves_one_audit_entry_naming_the_file(self):
        user = get_user_model().objects.create_user("nhap", password="x")
        progress = []
        import_election(
            DATA / "clean_2021.xlsx",
            user=user,
            progress=lambda done, total, label: progress.append((done, total)),
        )
        entry = AuditEntry.objects.get()
        self.assertEqual(entry.action, "import")
        self.assertIn("clean_2021.xlsx", entry.object_repr)
        self.assertEqual(entry.changes["candidates"]["added"], 22)
        self.assertEqual(progress[-1][0], progress[-1][1])

    def test_a_confirmed_import_that_changes_nothing_leaves_no_audit_entry(self):
        user = get_user_model().objects.create_user("nhap", password="x")
        import_election(CLEAN, user=user)
        report = import_election(CLEAN, user=user)
        self.assertTrue(report.written)
        self.assertEqual(AuditEntry.objects.count(), 1)  # the first import's
        self.assertFalse(report.changed())


class ReimportTests(TestCase):
    def test_a_changed_workbook_replaces_candidates_and_members(self):
        import_election(CLEAN)
        report = import_election(DATA / "clean_2021_changed")
        self.assertEqual(report.errors, [])
        self.assertEqual(report.counts["candidates"]["removed"], 1)
        self.assertEqual(report.counts["candidates"]["added"], 1)
        self.assertEqual(report.counts["members"]["removed"], 1)
        self.assertEqual(report.counts["voting_areas"]["updated"], 1)
        names = Candidate.objects.filter(
            electoral_unit__contest__kind="QH", electoral_unit__number=1
        ).values_list("full_name", flat=True)
        # Ân sorts after Ánh, so every other candidate moves up one place.
        self.assertEqual(names[0], "Trần Thị Ánh")
        self.assertEqual(names[1], "Nguyễn Văn Ân")
        board = ElectionBody.objects.get(kind="board")
        self.assertEqual(board.members.get(role="chair").full_name, "Võ Thị Kim")

    def test_changing_back_restores_the_first_version(self):
        import_election(CLEAN)
        import_election(DATA / "clean_2021_changed")
        report = import_election(CLEAN)
        self.assertEqual(report.errors, [])
        self.assertEqual(report.counts["members"]["added"], 1)
        self.assertEqual(
            ElectionBody.objects.get(kind="board").members.get(role="chair").full_name,
            "Phạm Văn Tâm",
        )

    def test_new_areas_join_the_saved_units_that_cover_their_commune(self):
        import_election(CLEAN)
        report = import_election(DATA / "ward_update")
        self.assertEqual(report.errors, [])
        self.assertEqual(report.counts["voting_areas"]["added"], 1)
        self.assertEqual(report.counts["electoral_units"]["updated"], 1)
        area = VotingArea.objects.get(commune__code="26734", number=3)
        self.assertEqual(
            sorted(u.key for u in area.electoral_units.all()),
            ["HDND_TINH:79#1", "HDND_XA:26734#2", "QH#1"],
        )
        kept = [p for p in report.warnings if p.sheet == "contests"]
        self.assertIn("giữ nguyên", kept[0].message)


class RejectionTests(TestCase):
    def assertRejected(self, folder: str, sheet: str, row, column=None) -> list:
        report = import_election(DATA / folder)
        self.assertFalse(report.written)
        found = [
            p
            for p in report.errors
            if (p.sheet, p.row) == (sheet, row) and column in (None, p.column)
        ]
        self.assertTrue(found, [str(p) for p in report.errors])
        self.assertTrue(nothing_saved())
        return found

    def test_it_rejects_a_qh_unit_with_four_seats(self):
        problem = self.assertRejected("qh_unit_four_seats", "electoral_units", 2)[0]
        self.assertEqual(problem.column, "seats")
        self.assertIn("không quá 3", problem.message)

    def test_it_rejects_a_qh_unit_with_four_candidates_for_three_seats(self):
        problem = self.assertRejected("qh_unit_four_candidates", "electoral_units", 2)
        self.assertIn("cần ít nhất 5", problem[0].message)

    def test_a_shortfall_decision_turns_the_shortfall_into_a_warning(self):
        report = import_election(DATA / "qh_unit_shortfall_decided")
        self.assertEqual(report.errors, [])
        warning = next(p for p in report.warnings if p.column == "shortfall_decision")
        self.assertIn("99/NQ-HĐBCQG", warning.message)

    def test_it_rejects_an_area_covered_by_two_units_of_one_contest(self):
        problem = self.assertRejected("area_in_two_units", "electoral_units", 3)[0]
        self.assertEqual(problem.column, "covers")
        self.assertIn("26734/1", problem.message)
        self.assertIn("số 2", problem.message)

    def test_it_rejects_an_area_no_unit_covers(self):
        problem = self.assertRejected("area_uncovered", "voting_areas", 6)[0]
        self.assertIn("27127/2", problem.message)
        self.assertIn("HDND_TINH:79", problem.message)

    def test_it_rejects_a_unit_whose_parent_code_does_not_exist(self):
        problem = self.assertRejected("unknown_parent", "units", 8, "parent_code")
        self.assertIn("999", problem[0].message)

    def test_it_rejects_a_candidate_of_an_undefined_unit(self):
        self.assertRejected("unknown_unit", "candidates", 2, "unit_number")

    def test_it_rejects_a_district_in_a_2026_election(self):
        problem = self.assertRejected("district_2026", "units", 3, "level")
        self.assertIn("2026", problem[0].message)

    def test_it_rejects_a_second_chair_of_one_body(self):
        problem = self.assertRejected("two_chairs", "members", 6, "role")[0]
        self.assertIn("dòng 5", problem.message)

    def test_it_rejects_a_ballot_order_given_twice(self):
        problem = self.assertRejected("ballot_order_duplicate", "candidates", 6)[0]
        self.assertEqual(problem.column, "ballot_order")

    def test_it_reports_an_unreadable_file(self):
        report = import_election(DATA / "make_workbooks.py")
        self.assertFalse(report.ok)
        self.assertIn("Không đọc được tệp", report.errors[0].message)


class SpreadsheetQuirkTests(TestCase):
    def test_it_stores_nfd_names_as_nfc_with_spaces_collapsed(self):
        report = import_election(DATA / "nfd_names")
        self.assertEqual(report.errors, [])
        names = list(Candidate.objects.values_list("full_name", flat=True))
        self.assertIn("Hoàng Minh Đức", names)
        for name in names + list(AdminUnit.objects.values_list("name", flat=True)):
            self.assertEqual(name, unicodedata.normalize("NFC", name))
            self.assertEqual(name, " ".join(name.split()))
        # The same people as the NFC workbook: nothing changes on re-import.
        again = import_election(CLEAN)
        self.assertEqual(again.counts["candidates"]["unchanged"], 22)

    def test_it_accepts_vietnamese_headers(self):
        from_vietnamese = import_election(DATA / "vietnamese_headers", dry_run=True)
        from_keys = import_election(CLEAN, dry_run=True)
        self.assertEqual(from_vietnamese.as_dict(), from_keys.as_dict())

    def test_it_restores_codes_typed_as_numbers(self):
        report = import_election(DATA / "numeric_codes.xlsx")
        self.assertEqual(report.errors, [])
        self.assertEqual(
            sorted(AdminUnit.objects.values_list("code", flat=True)),
            ["00001", "00004", "001", "01"],
        )
        self.assertEqual(AdminUnit.objects.get(code="001").parent.code, "01")
        self.assertEqual(
            Contest.objects.get(kind="HDND_HUYEN").council_unit.code, "001"
        )
        self.assertEqual(
            sorted(a.key for a in VotingArea.objects.all()), ["00001/1", "00004/1"]
        )

    def test_a_2026_workbook_without_districts_imports(self):
        report = import_election(DATA / "clean_2026")
        self.assertEqual(report.errors, [])
        election = Election.objects.get(code="TEST-2026")
        self.assertEqual(election.unit_set.code, "VN-2025")
        self.assertFalse(ElectionBody.objects.exists())


class CommandTests(TestCase):
    def run_command(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_import_election_prints_counts_in_vietnamese(self):
        out, err = self.run_command("import_election", str(CLEAN))
        self.assertIn("Đã nhập cuộc bầu cử TEST-2021", out)
        self.assertIn("candidates: thêm 22", out)
        self.assertIn("Cảnh báo", err)

    def test_import_election_exits_non_zero_and_prints_each_problem(self):
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_election",
                str(DATA / "qh_unit_four_seats"),
                stdout=io.StringIO(),
                stderr=err,
            )
        self.assertIn("Lỗi: Trang tính 'electoral_units', dòng 2", err.getvalue())
        self.assertTrue(nothing_saved())

    def test_import_election_dry_run_writes_nothing(self):
        out, _ = self.run_command("import_election", str(CLEAN), "--dry-run")
        self.assertIn("chưa ghi", out)
        self.assertTrue(nothing_saved())

    def test_check_election_passes_on_a_clean_import(self):
        import_election(CLEAN)
        out, _ = self.run_command("check_election", "TEST-2021")
        self.assertIn("không có vi phạm", out)

    def test_check_election_finds_an_area_added_later(self):
        import_election(CLEAN)
        election = Election.objects.get()
        VotingArea.objects.create(
            election=election, commune=AdminUnit.objects.get(code="26737"), number=2
        )
        Candidate.objects.filter(full_name="Nguyễn Văn An").delete()
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("check_election", "TEST-2021", stderr=err)
        self.assertIn("26737/2", err.getvalue())
        self.assertIn("cần ít nhất 5", err.getvalue())
