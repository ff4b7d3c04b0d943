"""`manage.py purge_uploads` removes old uploads and problem lists, nothing newer."""

import datetime
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from electionadmin.audit.models import AuditEntry
from importers.models import ImportJob


def job(days_old: int, status=ImportJob.Status.DONE) -> ImportJob:
    made = ImportJob(kind=ImportJob.Kind.VOTERS, status=status, report={"ok": True})
    made.file.save("ds.csv", ContentFile(b"x\n"), save=False)
    made.problems_file.save("loi.xlsx", ContentFile(b"x"), save=False)
    made.save()
    created = timezone.now() - datetime.timedelta(days=days_old)
    ImportJob.objects.filter(pk=made.pk).update(created_at=created)
    return made


class PurgeUploadsTests(TestCase):
    def test_old_finished_jobs_lose_their_files_and_can_no_longer_be_confirmed(self):
        with (
            TemporaryDirectory() as private,
            override_settings(PRIVATE_MEDIA_ROOT=private),
        ):
            old, recent = job(10), job(1)
            running = job(10, status=ImportJob.Status.RUNNING)
            old_paths = [Path(old.file.path), Path(old.problems_file.path)]
            out = StringIO()
            call_command("purge_uploads", "--dry-run", stdout=out)
            self.assertIn("Sẽ xóa tệp của 1 lần nhập", out.getvalue())
            self.assertTrue(all(p.exists() for p in old_paths))
            call_command("purge_uploads", stdout=StringIO())
            self.assertFalse(any(p.exists() for p in old_paths))
            old.refresh_from_db()
            self.assertEqual((old.file.name, old.problems_file.name), ("", ""))
            self.assertFalse(old.can_confirm)
            for kept in (recent, running):
                kept.refresh_from_db()
                self.assertTrue(Path(kept.file.path).exists())
            recent.refresh_from_db()
            self.assertTrue(recent.can_confirm)
            audit = AuditEntry.objects.get(object_id=str(old.pk))
            self.assertIn("purge_uploads", audit.reason)
