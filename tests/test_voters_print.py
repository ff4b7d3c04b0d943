"""Voter cards and the voter list: read back with pdftotext, CLI per
docs/EXCHANGE.md §7."""

import os
import sqlite3
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from electionadmin.voters.models import VoterEntry
from electionadmin.voters.printing.cards import cards_pdf
from importers.voters import import_voters

from .factories import SmallElectionMixin, make_area, make_election, make_unit
from .test_voters_import import DATA


def pdf_text(data: bytes, tmp: Path, layout: bool = False) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else [])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


class PrintTestCase(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path):
        self.tmp = tmp_path

    def names(self, area) -> list[str]:
        entries = VoterEntry.objects.active().filter(voting_area=area)
        return list(entries.order_by("list_number").values_list("full_name", flat=True))


class VoterCardTests(PrintTestCase):
    def test_every_card_of_an_area_reads_back_with_its_name_intact(self):
        text = pdf_text(cards_pdf(self.election, [self.a1]), self.tmp)
        names = self.names(self.a1)
        self.assertEqual(len(names), 5)
        for name in names:
            self.assertIn(name.upper(), text)
        self.assertNotIn("Võ Thị Giang".upper(), text)  # area 2
        self.assertIn("THẺ CỬ TRI", text)
        self.assertIn("ỦY BAN NHÂN DÂN", text)
        self.assertIn("PHƯỜNG TÂN ĐỊNH", text)
        self.assertIn("Mẫu số 10/HĐBC", text)
        self.assertIn("Trường Tiểu học A", text)
        self.assertIn("Chủ nhật, ngày 15/03/2026", text)
        self.assertIn("Từ 07:00 đến 19:00", text)
        self.assertIn("1956", text)  # year only, as given
        self.assertIn("03/1960", text)  # month and year
        self.assertIn("7 Đinh Tiên Hoàng", text)  # temporary resident's address

    def test_cards_are_four_to_a_page_and_removed_voters_get_none(self):
        from pypdf import PdfReader

        entry = VoterEntry.objects.get(citizen_id="079056000003")
        VoterEntry.objects.filter(pk=entry.pk).update(
            status="removed", removal_reason="died", removed_at=entry.added_at
        )
        data = cards_pdf(self.election, [self.a1, self.a2])
        self.assertEqual(len(PdfReader(__import__("io").BytesIO(data)).pages), 2)
        text = pdf_text(data, self.tmp)
        self.assertNotIn("LÊ VĂN CƯỜNG", text)
        self.assertIn("VÕ THỊ GIANG", text)

    def test_a_card_page_renders_to_png(self):
        (self.tmp / "cards.pdf").write_bytes(cards_pdf(self.election, [self.a1]))
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                str(self.tmp / "cards.pdf"),
                "/tmp/voter_cards_page",
            ],
            check=True,
        )
        self.assertTrue(Path("/tmp/voter_cards_page-1.png").exists())


def migrated_database_url(folder: Path) -> str:
    """A database with every table for a command's own process. PostgreSQL: the
    test database (its tables are committed). SQLite: the test database lives in
    this process's memory, so a copy of it in a file, by SQLite's backup
    (milliseconds; migrating a new file took most of a minute). Call it outside a
    transaction: a backup waits for the locks of an open one."""
    from django.db import connection

    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        login = settings["USER"]
        if settings["PASSWORD"]:
            login += f":{settings['PASSWORD']}"
        return f"postgres://{login}@{host}:{port}/{settings['NAME']}"
    path = folder / "cli.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{path}"


class PrintCommandTests(PrintTestCase):
    @classmethod
    def setUpClass(cls):
        # Before the class's transaction opens (see migrated_database_url).
        cls.cli_folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.cli_folder.cleanup)
        cls.cli_database = migrated_database_url(Path(cls.cli_folder.name))
        super().setUpClass()

    def run_command(self, name, *args) -> str:
        out = StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue()

    def test_print_voter_cards_of_an_area_and_of_a_commune(self):
        path = self.tmp / "cards.pdf"
        output = self.run_command(
            "print_voter_cards", "TEST-2026", "--area", "26734/1", "-o", str(path)
        )
        self.assertIn("5 cử tri", output)
        self.assertIn("NGUYỄN VĂN HẢI", pdf_text(path.read_bytes(), self.tmp))
        self.run_command(
            "print_voter_cards", "TEST-2026", "--commune", "26734", "-o", str(path)
        )
        self.assertIn("VÕ THỊ GIANG", pdf_text(path.read_bytes(), self.tmp))

    def test_unknown_election_or_area_is_refused_in_vietnamese(self):
        path = str(self.tmp / "x.pdf")
        cases = [
            (("NOPE", "--area", "26734/1"), "Không có cuộc bầu cử mã NOPE"),
            (("TEST-2026", "--area", "26734/9"), "Không có khu vực bỏ phiếu 26734/9"),
            (("TEST-2026", "--area", "26734"), "không đúng dạng"),
            (("TEST-2026", "--commune", "99999"), "không có khu vực bỏ phiếu nào"),
        ]
        for command in ("print_voter_cards", "print_voter_list"):
            for args, message in cases:
                with (
                    self.subTest(command=command, args=args),
                    self.assertRaisesMessage(CommandError, message),
                ):
                    self.run_command(command, *args, "-o", path)

    def test_the_command_exits_non_zero(self):
        # A real process; its database has the tables but not the election.
        env = os.environ | {"DATABASE_URL": self.cli_database, "TESTING": "true"}
        result = subprocess.run(
            [
                ".venv/bin/python",
                "manage.py",
                "print_voter_cards",
                "NOPE-XYZ",
                "--area",
                "1/1",
                "-o",
                str(self.tmp / "x.pdf"),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Không có cuộc bầu cử mã NOPE-XYZ", result.stderr)


class VoterListTests(PrintTestCase):
    def test_the_list_reads_back_with_every_name_and_the_2026_form_number(self):
        from electionadmin.voters.printing.lists import list_pdf

        text = pdf_text(list_pdf(self.election, [self.a1, self.a2]), self.tmp)
        for name in self.names(self.a1) + self.names(self.a2):
            self.assertIn(name, text)
        self.assertIn("Mẫu số 31/HĐBC", text)
        self.assertIn("DANH SÁCH CỬ TRI", text)
        self.assertIn("Khu vực bỏ phiếu số 2", text)
        self.assertNotIn("Huyện", text)  # no district council in 2026
        self.assertNotIn("079080000001", text)  # the form has no citizen-ID column
        self.assertIn("Tổng số cử tri của khu vực bỏ phiếu: 5 người", text)

    def test_struck_off_voters_are_left_out(self):
        from electionadmin.voters.printing.lists import list_pdf

        entry = VoterEntry.objects.get(citizen_id="079056000003")
        VoterEntry.objects.filter(pk=entry.pk).update(
            status="removed", removal_reason="died", removed_at=entry.added_at
        )
        text = pdf_text(list_pdf(self.election, [self.a1]), self.tmp)
        self.assertNotIn("Lê Văn Cường", text)
        self.assertIn("Tổng số cử tri của khu vực bỏ phiếu: 4 người", text)

    def test_print_voter_list_command_and_a_page_as_png(self):
        path = self.tmp / "list.pdf"
        call_command(
            "print_voter_list", "TEST-2026", "--area", "26734/1", "-o", str(path),
            stdout=StringIO(),
        )  # fmt: skip
        self.assertIn("Trần Thị Bình", pdf_text(path.read_bytes(), self.tmp))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(path),
             "/tmp/voter_list_page"],
            check=True,
        )  # fmt: skip


class VoterList2021Tests(TestCase):
    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path):
        self.tmp = tmp_path

    def test_the_2021_list_is_form_33_with_a_district_council_column(self):
        import datetime

        from django.utils import timezone

        from electionadmin.voters.printing.lists import list_pdf

        election = make_election(code="T-2021", cycle="2021")
        units = election.unit_set
        city = make_unit(units, "79", "Thành phố Hồ Chí Minh", "province")
        district = make_unit(units, "760", "Huyện Cần Giờ", "district", city)
        commune = make_unit(units, "27676", "Xã Thạnh An", "commune", district)
        area = make_area(election, commune, 1)
        VoterEntry.objects.create(
            voting_area=area, list_number=1, citizen_id="079070000001",
            full_name="Huỳnh Thị Ngọc Ánh", birth_date=datetime.date(1970, 1, 1),
            gender="F", residence="permanent", contest_mask=15,
            added_at=timezone.now(),
        )  # fmt: skip
        text = pdf_text(list_pdf(election, [area]), self.tmp)
        self.assertIn("Mẫu số 33/HĐBC", text)
        self.assertIn("Huỳnh Thị Ngọc Ánh", text)
        self.assertIn("Huyện", text)
        self.assertIn("Huyện Cần Giờ", text)
