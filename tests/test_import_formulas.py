"""Formula injection, input side (issue #11, 5): a person's name that starts like a
spreadsheet formula (`= + - @`) is an error in every importer; a place name, an
address or a polling place a warning (exports then show it as text,
electionadmin/cells.py)."""

import shutil
import tempfile
from pathlib import Path

from django.test import TestCase

from electionadmin.setup.models import AdminUnit, Candidate
from electionadmin.voters.models import VoterEntry
from importers.cells import FORMULA_NAME, FORMULA_PLACE
from importers.election import import_election
from importers.voters import import_voters

from .factories import SmallElectionMixin

DATA = Path(__file__).parent / "data"
UNIT_NAME = "Phường Tân Định"


def problems(found) -> set:
    return {(p.sheet, p.row, p.column, p.message) for p in found}


class VoterListFormulaTests(SmallElectionMixin, TestCase):
    def write(self, replace: dict[str, str]) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        text = (DATA / "voters" / "ok.csv").read_text(encoding="utf-8")
        for old, new in replace.items():
            text = text.replace(old, new, 1)
        path = folder / "voters.csv"
        path.write_text(text, encoding="utf-8")
        return path

    def test_a_name_like_a_formula_is_an_error_and_nothing_is_written(self):
        for name in ("=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)"):
            for method in (None, "copy", "batched"):
                with self.subTest(name=name, method=method):
                    path = self.write({"Nguyễn Văn An": name})
                    report = import_voters(path, self.election, method=method)
                    self.assertIn(
                        ("voters", 2, "full_name", FORMULA_NAME),
                        problems(report.errors),
                    )
                    self.assertFalse(VoterEntry.objects.exists())

    def test_an_address_like_a_formula_is_a_warning(self):
        path = self.write({"12 Hai Bà Trưng, P. Tân Định": "=1+2"})
        report = import_voters(path, self.election)
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        self.assertIn(
            ("voters", 2, "permanent_address", FORMULA_PLACE), problems(report.warnings)
        )
        self.assertTrue(VoterEntry.objects.filter(permanent_address="=1+2").exists())

    def test_a_negative_number_or_a_dash_is_no_formula(self):
        path = self.write({"12 Hai Bà Trưng, P. Tân Định": "-12"})
        report = import_voters(path, self.election)
        self.assertTrue(report.ok)
        self.assertFalse(report.warnings, [str(p) for p in report.warnings])


class SetupWorkbookFormulaTests(TestCase):
    def folder(self, sheet: str, old: str, new: str) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        target = folder / "wb"
        shutil.copytree(DATA / "election" / "clean_2026", target)
        path = target / f"{sheet}.csv"
        text = path.read_text(encoding="utf-8-sig")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")
        return target

    def test_a_candidate_named_like_a_formula_is_an_error(self):
        path = self.folder("candidates", "Nguyễn Thị Hạnh", "-Nguyễn Thị Hạnh")
        report = import_election(path)
        self.assertIn(
            ("candidates", 2, "full_name", FORMULA_NAME), problems(report.errors)
        )
        self.assertFalse(Candidate.objects.exists())

    def test_a_unit_named_like_a_formula_is_a_warning(self):
        path = self.folder("units", UNIT_NAME, "=" + UNIT_NAME)
        report = import_election(path)
        self.assertTrue(report.ok, [str(p) for p in report.errors])
        self.assertIn(("units", 3, "name", FORMULA_PLACE), problems(report.warnings))
        self.assertTrue(AdminUnit.objects.filter(name="=" + UNIT_NAME).exists())
