"""The system administrator's page of an import job (issue #11, 4): its files are
private (no URL), so the page shows their names instead of failing with a 500."""

import shutil
import tempfile

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse

from importers.models import ImportJob


class ImportJobAdminPageTests(TestCase):
    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, True)
        override = override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.root = get_user_model().objects.create_superuser("quantri")
        self.job = ImportJob(kind=ImportJob.Kind.ELECTION, user=self.root)
        self.job.original_name = "thiet-lap.xlsx"
        self.job.file.save("thiet-lap-abc.xlsx", ContentFile(b"x"), save=False)
        self.job.problems_file.save("loi-1.xlsx", ContentFile(b"y"), save=False)
        self.job.save()

    def test_the_change_page_shows_the_file_names_and_no_private_url(self):
        self.client.force_login(self.root)
        url = reverse("admin:importers_importjob_change", args=[self.job.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "thiet-lap-abc")
        problems = reverse("importers:job_problems", args=[self.job.pk])
        self.assertContains(page, problems)
