"""Files naming voters are kept out of MEDIA_ROOT, which the web server serves."""

from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from electionadmin.printing.models import PrintJob
from importers.models import ImportJob


class PrivateStorageTests(TestCase):
    def test_uploads_and_prints_go_to_the_private_root_and_have_no_url(self):
        with TemporaryDirectory() as media, TemporaryDirectory() as private:
            roots = override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private)
            with roots:
                job = ImportJob(kind=ImportJob.Kind.VOTERS)
                job.file.save("danh-sach.csv", ContentFile(b"x\n"), save=False)
                printed = PrintJob()
                printed.output.save("the.pdf", ContentFile(b"%PDF"), save=False)
                for stored in (job.file, printed.output):
                    path = Path(stored.path)
                    self.assertTrue(path.is_relative_to(private), path)
                    self.assertTrue(path.exists())
                    with self.assertRaises(ValueError):
                        _ = stored.url
            self.assertEqual(list(Path(media).iterdir()), [])
