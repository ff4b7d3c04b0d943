"""What a person reads when an upload is not the file it should be (acceptance
review, hostile files through each upload screen): Vietnamese, saying what is
wrong with the file, never the reader's English exception text."""

import csv
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from importers.limits import Limits, csv_error
from importers.voters_read import open_voters
from importers.workbook import WorkbookError, read_tables
from tests.test_vietnamese_crawl import problems_in

ENGLISH = ("zip file", "not allowed", "extension", "NUL", "line contains")


class UploadMessageTests(SimpleTestCase):
    def assertVietnamese(self, message: str):
        self.assertEqual(problems_in(message), [], message)
        for word in ENGLISH:
            self.assertNotIn(word, message)

    def test_a_binary_or_empty_file_named_xlsx_is_named_as_such(self):
        for content in (os.urandom(3000).replace(b"PK", b"pk"), b""):
            path = self.tmp(content, "danh-sach.xlsx")
            with self.assertRaises(WorkbookError) as setup:
                read_tables(path)
            self.assertVietnamese(str(setup.exception))
            self.assertIn("không phải bảng tính .xlsx", str(setup.exception))
            with self.assertRaises(WorkbookError) as voters:
                open_voters(path)
            self.assertVietnamese(str(voters.exception))
            self.assertIn("Không đọc được tệp .xlsx", str(voters.exception))

    def test_a_broken_csv_row_is_told_in_vietnamese(self):
        message = str(csv_error(csv.Error("line contains NUL"), Limits.voters(), 3))
        self.assertVietnamese(message)
        self.assertIn("Dòng CSV hỏng", message)

    def test_a_wrong_extension_is_refused_in_vietnamese(self):
        from importers.views import UploadForm
        from importers.voter_views import VoterUploadForm

        upload = SimpleUploadedFile("cu-tri.txt", b"abc")
        form = UploadForm(files={"file": upload})
        self.assertFalse(form.is_valid())
        message = " ".join(form.errors["file"])
        self.assertVietnamese(message)
        self.assertIn("Không nhận tệp đuôi .txt", message)
        field = VoterUploadForm.base_fields["file"]
        with self.assertRaises(Exception) as refused:
            field.run_validators(SimpleUploadedFile("cu-tri.pdf", b"abc"))
        self.assertIn("chỉ nhận tệp csv, xlsx, zip", str(refused.exception))

    def tmp(self, content: bytes, name: str) -> str:
        import tempfile

        folder = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, folder)
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(content)
        return path
