"""A job whose worker died shows as failed, not running for ever (issue #11, 3):
electionadmin/jobs.py `fail_if_stale()` on the status endpoint and the job page (a job
that never beat is judged by its start; heartbeats: tests/test_job_limits.py)."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from importers.models import ImportJob

from .factories import SmallElectionMixin


@override_settings(JOB_STALE_MINUTES=120)
class StaleJobTests(SmallElectionMixin, TestCase):
    def job(self, minutes_ago: int) -> ImportJob:
        started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        return ImportJob.objects.create(
            kind=ImportJob.Kind.ELECTION,
            user=self.city_user,
            status=ImportJob.Status.RUNNING,
            started_at=started,
            original_name="thiet-lap.xlsx",
        )

    def setUp(self):
        self.client.force_login(self.city_user)

    def test_a_job_running_past_the_limit_shows_as_failed(self):
        job = self.job(minutes_ago=121)
        status = self.client.get(reverse("importers:job_status", args=[job.pk]))
        self.assertEqual(status.json()["status"], "failed")
        self.assertTrue(status.json()["finished"])
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("trong 120 phút", job.failure)
        self.assertIsNotNone(job.finished_at)

    def test_the_job_page_marks_it_too(self):
        job = self.job(minutes_ago=500)
        page = self.client.get(reverse("importers:job", args=[job.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "trong 120 phút")

    def test_a_job_within_the_limit_keeps_running(self):
        job = self.job(minutes_ago=30)
        status = self.client.get(reverse("importers:job_status", args=[job.pk]))
        self.assertEqual(status.json()["status"], "running")
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.RUNNING)
