"""Hostile input files (issue #11 items 3, 4, 12): the corpus of tests/hostile.py
through every reader, every import command (a subprocess under a memory limit and a
timeout) and every upload screen. Each ends quickly with a Vietnamese message, no
traceback, and nothing written (rows counted before and after).
"""

import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from unittest import skipUnless

import openpyxl
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import SimpleTestCase, TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.polling.models import TurnoutFigure
from electionadmin.setup.models import AdminUnit, Candidate, ElectoralUnit, VotingArea
from electionadmin.voters.models import VoterEntry
from importers.formats import SafeCSV, SafeXLSX
from importers.limits import WorkbookError
from importers.models import ImportJob
from importers.voters import import_voters
from importers.voters_read import open_voters
from importers.workbook import read_tables

from .factories import SmallElectionMixin
from .hostile import corpus, run_limited

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CSV_FILES = ("big_cell", "utf16", "nul", "binary", "wide", "open_quote")
SHEETS = ("voters", "election", "turnout", "tallies", "units")
VIETNAMESE = re.compile("[à-ỹđĐ]")  # a message in Vietnamese has its letters


class Corpus:
    """The files, made once per test class in a temporary folder."""

    @classmethod
    def make_corpus(cls):
        cls.folder = Path(tempfile.mkdtemp())
        cls.files = corpus(cls.folder / "files")
        # Each CSV also as a zip of sheets, for the workbook formats.
        for name in CSV_FILES:
            data = cls.files[f"{name}.csv"].read_bytes()
            path = cls.folder / "files" / f"{name}.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for sheet in SHEETS:
                    archive.writestr(f"{sheet}.csv", data)
            cls.files[f"{name}.zip"] = path

    @classmethod
    def drop_corpus(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)


def counts() -> dict[str, int]:
    models = (VoterEntry, AdminUnit, VotingArea, ElectoralUnit, Candidate)
    found = {model.__name__: model.objects.count() for model in models}
    found["TurnoutFigure"] = TurnoutFigure.objects.count()
    found["AuditEntry"] = AuditEntry.objects.count()
    return found


class ReaderTests(Corpus, SimpleTestCase):
    """Every file through every reader: a WorkbookError, with a Vietnamese message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_corpus()

    @classmethod
    def tearDownClass(cls):
        cls.drop_corpus()
        super().tearDownClass()

    def assertRefused(self, read, path: Path):
        with self.assertRaises(WorkbookError, msg=path.name) as caught:
            read(path)
        message = str(caught.exception)
        self.assertRegex(message, VIETNAMESE)
        return message

    def test_the_workbook_reader_refuses_every_file(self):
        for name, path in self.files.items():
            with self.subTest(name):
                self.assertRefused(read_tables, path)

    def test_the_voter_reader_refuses_every_file(self):
        for name, path in self.files.items():
            with self.subTest(name):
                self.assertRefused(lambda p: list(open_voters(p).rows()), path)

    def test_the_admin_formats_refuse_every_file(self):
        for name, path in self.files.items():
            read = SafeXLSX() if path.suffix == ".xlsx" else SafeCSV()
            with self.subTest(name):
                self.assertRefused(
                    lambda p, r=read: r.create_dataset(p.read_bytes()), path
                )

    def test_the_messages_say_what_is_wrong(self):
        wanted = {
            "big_cell.csv": "Ô dài hơn 5.000 ký tự",
            "utf16.csv": "mã UTF-16",
            "nul.csv": "byte rỗng",
            "wide.csv": "hơn 200 cột",
            "bomb.zip": "nén bất thường",
            "bomb.xlsx": "nén bất thường",
            "blank_rows.xlsx": "dòng trống liên tiếp",
            "xxe.xlsx": "thực thể XML",
            "laughs.xlsx": "thực thể XML",
        }
        for name, text in wanted.items():
            with self.subTest(name):
                path = self.files[name]
                message = self.assertRefused(
                    lambda p: list(open_voters(p).rows()), path
                )
                self.assertIn(text, message)

    def test_openpyxl_parses_with_defusedxml(self):
        self.assertTrue(openpyxl.DEFUSEDXML)
        self.assertFalse([c for c in run_checks() if c.id.startswith("importers.")])

    @override_settings(IMPORT_MAX_COMPRESSION_RATIO=10**6, IMPORT_WORKBOOK_MAX_MB=100)
    def test_the_uncompressed_total_is_checked_before_reading(self):
        with self.assertRaisesMessage(WorkbookError, "khi giải nén lớn hơn 100 MB"):
            read_tables(self.files["bomb.zip"])


class VoterCommandHangTests(SmallElectionMixin, TestCase):
    """A 200 kB cell used to hang `import_voters` for ever (the CSV error was raised
    while the COPY was open, and the rollback waited for it)."""

    def test_a_huge_cell_is_an_error_at_its_row_and_nothing_is_written(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        files = corpus(folder)
        for method in (None, "copy", "batched"):
            with self.subTest(method):
                report = import_voters(
                    files["big_cell.csv"], self.election, method=method
                )
                self.assertEqual(
                    [(p.row, p.message) for p in report.errors],
                    [(3, "Ô dài hơn 5.000 ký tự; không đọc tiếp.")],
                )
                self.assertFalse(VoterEntry.objects.exists())


def _test_database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@skipUnless(connection.vendor == "postgresql", "the subprocess needs a shared database")
class CommandTests(Corpus, SmallElectionMixin, TransactionTestCase):
    serialized_rollback = True  # the migrations' rows (cycles, roles) stay
    """Each file through each import command, in a subprocess under a memory limit
    (tests/hostile.py MEMORY_LIMIT) and a timeout: exit status 1, a Vietnamese
    message, no traceback, nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_corpus()

    @classmethod
    def tearDownClass(cls):
        cls.drop_corpus()
        super().tearDownClass()

    def setUp(self):
        type(self).setUpTestData()
        self.env = {"DATABASE_URL": _test_database_url(), "TESTING": "true"}

    def run_commands(self, jobs: list[tuple[str, Path]]) -> None:
        """Every (command, file) in one subprocess (tests/hostile_run.py): each ends
        within its alarm, with status 1, a Vietnamese message, no traceback, and
        the process within the memory limit; nothing is written."""
        args = ["--election", self.election.code]
        plan = [
            [name, str(path), [] if name == "import_election" else args]
            for name, path in jobs
        ]
        before = counts()
        done = run_limited(["tests/hostile_run.py", json.dumps(plan)], self.env)
        results = [json.loads(line) for line in done.stdout.splitlines() if line]
        self.assertEqual(len(results), len(plan), done.stderr[-3000:])
        for result in results:
            where = f"{result['command']} {result['file']}: {result['stderr'][-2000:]}"
            with self.subTest(where[:60]):
                self.assertEqual(result["status"], 1, where)
                self.assertNotIn("Traceback", result["stderr"], where)
                self.assertRegex(result["stderr"], "Lỗi: .*[à-ỹđĐ]")
        self.assertEqual(counts(), before)

    def test_the_voter_command(self):
        files = [
            p for n, p in self.files.items() if p.suffix != ".zip" or n == "bomb.zip"
        ]
        self.run_commands([("import_voters", path) for path in files])

    def test_the_workbook_commands(self):
        files = [path for path in self.files.values() if path.suffix != ".csv"]
        self.run_commands(
            [
                (command, path)
                for command in ("import_election", "import_turnout", "import_tallies")
                for path in files
            ]
        )


class UploadScreenTests(Corpus, SmallElectionMixin, TestCase):
    """Each file through each upload screen: a page with the message, never a 500,
    nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_corpus()
        cls.media = tempfile.mkdtemp()
        cls.settings_override = override_settings(
            MEDIA_ROOT=cls.media, PRIVATE_MEDIA_ROOT=cls.media, TASKS=IMMEDIATE
        )
        cls.settings_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls.settings_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)
        cls.drop_corpus()
        super().tearDownClass()

    def upload(self, path: Path) -> SimpleUploadedFile:
        return SimpleUploadedFile(path.name, path.read_bytes())

    def assertJobRefused(self, path: Path):
        job = ImportJob.objects.latest("pk")
        self.assertEqual(job.status, ImportJob.Status.DONE, job.failure)
        errors = job.report["errors"]
        self.assertTrue(errors, path.name)
        text = errors[0]["message"]
        self.assertRegex(text, VIETNAMESE)
        self.assertNotIn("None", text)
        page = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertEqual(page.status_code, 200)

    def test_the_voter_upload_screen(self):
        self.client.force_login(self.ward_a_user)
        for name, path in self.files.items():
            if path.suffix == ".zip" and name != "bomb.zip":
                continue
            with self.subTest(name):
                before = counts()
                data = {"election": self.election.pk, "file": self.upload(path)}
                response = self.client.post(reverse("importers:voters"), data)
                self.assertEqual(response.status_code, 302, name)
                self.assertJobRefused(path)
                after = counts()
                self.assertEqual(after, before)

    def test_the_workbook_upload_screen(self):
        self.client.force_login(self.city_user)
        for name, path in self.files.items():
            if path.suffix == ".csv":
                continue
            with self.subTest(name):
                before = counts()
                data = {"file": self.upload(path)}
                response = self.client.post(reverse("importers:election"), data)
                self.assertEqual(response.status_code, 302, name)
                self.assertJobRefused(path)
                self.assertEqual(counts(), before)

    def test_the_admin_import_pages(self):
        self.client.force_login(self.city_user)
        url = reverse("admin:setup_votingarea_import")
        for name, path in self.files.items():
            if path.suffix == ".zip":
                continue
            form_format = "0" if path.suffix == ".xlsx" else "1"
            with self.subTest(name):
                before = counts()
                data = {
                    "import_file": self.upload(path),
                    "format": form_format,
                    "resource": "0",
                }
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200, name)
                errors = response.context["form"].errors.get("import_file")
                self.assertTrue(errors, name)
                self.assertRegex(errors[0], VIETNAMESE)
                self.assertEqual(counts(), before)

    def test_the_turnout_upload_screen(self):
        self.client.force_login(self.city_user)
        url = reverse("polling:upload", args=[self.election.code])
        for name, path in self.files.items():
            if path.suffix == ".csv":
                continue
            with self.subTest(name):
                before = counts()
                response = self.client.post(url, {"file": self.upload(path)})
                self.assertEqual(response.status_code, 302, name)
                job = ImportJob.objects.latest("pk")
                self.assertEqual(job.status, ImportJob.Status.DONE, job.failure)
                errors = job.report["errors"]
                self.assertTrue(errors, name)
                self.assertRegex(errors[0]["message"], VIETNAMESE)
                self.assertNotIn("None", errors[0]["message"])
                self.assertEqual(self.client.get(response.url).status_code, 200)
                self.assertEqual(counts(), before)
