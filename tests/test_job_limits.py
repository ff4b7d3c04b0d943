"""Background jobs stop at their kind's time limit and show a dead worker by their
heartbeat (issue #11, 3; electionadmin/jobs.py).

The work below runs through the one task wrapper (`run_job`, by the real print
task): it writes a legal record in a transaction and a partial output file, then
waits far longer than its limit. The limit stops it there: the job ends failed with
the Vietnamese message, the transaction rolled back, the file removed. In this
process (the task called as a worker calls it), then by real workers of both task
backends: `db_worker` and RQ's `rqworker` (its work horse has its own alarm).
"""

import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import skipUnless

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from electionadmin.jobs import TimeLimit, TimeLimitExceeded, limit_minutes
from electionadmin.printing.batch import PrintProgress, run_print_job
from electionadmin.printing.models import PrintJob, PrintPart
from electionadmin.setup.models import Election
from importers.models import ImportJob

from .factories import SmallElectionMixin, make_election
from .media import temporary_media

LONG = 30  # seconds a stopped work would have waited
TINY = {"print": 0.005, "election": 0.005, "voters": 0.005, "turnout": 0.005}


def slow_work(job: PrintJob, progress) -> dict:
    """Renames the election and starts the zip, then takes too long."""
    with transaction.atomic():
        Election.objects.filter(pk=job.election_id).update(name="Đổi giữa chừng")
        job.output.save("dang-in.zip", ContentFile(b"PK partial"), save=False)
        progress(1, 2, "Phường Tân Định")
        time.sleep(LONG)
    return {"printed": 1}


def quick_work(job: PrintJob, progress) -> dict:
    progress(1, 1, "Phường Tân Định")
    return {"printed": 1}


class JobMixin(SmallElectionMixin):
    def setUp(self):
        temporary_media(self)

    def print_job(self, **fields) -> PrintJob:
        return PrintJob.objects.create(
            election=self.election,
            user=self.city_user,
            commune_ids=[self.ward_a.pk],
            **fields,
        )


@override_settings(JOB_TIME_LIMITS=TINY)
class TimeLimitTests(JobMixin, TestCase):
    def test_a_task_past_its_limit_ends_failed_with_nothing_written(self):
        job = self.print_job()
        result = run_print_job.func(job.pk, "tests.test_job_limits.slow_work")
        self.assertEqual(result, {"ok": False})
        job.refresh_from_db()
        self.assertEqual(job.status, PrintJob.Status.FAILED)
        self.assertTrue(
            job.failure.startswith("Quá thời gian cho phép (0,005 phút)"),
            job.failure,
        )
        self.assertIn("không ghi gì", job.failure)
        self.assertIsNotNone(job.finished_at)
        self.election.refresh_from_db()
        self.assertNotEqual(self.election.name, "Đổi giữa chừng")  # rolled back
        self.assertFalse(job.output)
        storage = PrintJob._meta.get_field("output").storage
        self.assertEqual(storage.listdir("")[1], [])  # the partial zip removed
        self.assertFalse(any(storage.listdir(d)[1] for d in storage.listdir("")[0]))

    @override_settings(JOB_TIME_LIMITS={"print": 5})
    def test_a_task_within_its_limit_finishes(self):
        job = self.print_job()
        result = run_print_job.func(job.pk, "tests.test_job_limits.quick_work")
        self.assertEqual(result, {"ok": True, "printed": 1})
        job.refresh_from_db()
        self.assertEqual(job.status, PrintJob.Status.DONE)

    def test_an_alarm_set_before_is_put_back(self):
        """RQ's work horse runs a job under its own SIGALRM timeout."""
        fired = []
        previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(a))
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_REAL, 600)
        job = self.print_job()
        run_print_job.func(job.pk, "tests.test_job_limits.slow_work")
        job.refresh_from_db()
        self.assertEqual(job.status, PrintJob.Status.FAILED)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        self.assertGreater(left, 500)  # RQ's own alarm still runs, for later
        self.assertEqual(fired, [])
        self.assertIsNot(signal.getsignal(signal.SIGALRM), signal.SIG_DFL)

    def test_outside_the_main_thread_a_timer_stops_the_work(self):
        """db_worker --reload, or a task run inside a web request."""
        outcome = []

        def work():
            try:
                with TimeLimit(0.2):
                    deadline = time.monotonic() + LONG
                    while time.monotonic() < deadline:
                        time.sleep(0.01)
                outcome.append("finished")
            except TimeLimitExceeded:
                outcome.append("stopped")

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(LONG + 5)
        self.assertEqual(outcome, ["stopped"])

    def test_each_kind_has_its_limit_in_settings(self):
        with self.settings(JOB_TIME_LIMITS={"voters": 90, "print": 45}):
            job = ImportJob(kind=ImportJob.Kind.VOTERS)
            self.assertEqual(job.time_limit(), 90)
            self.assertEqual(PrintJob().time_limit(), 45)
            self.assertEqual(limit_minutes("print"), 45)


@override_settings(JOB_STALE_MINUTES=5)
class HeartbeatTests(JobMixin, TestCase):
    def running(self, started: int, beat: int | None) -> ImportJob:
        now = timezone.now()
        beat_at = None if beat is None else now - datetime.timedelta(minutes=beat)
        return ImportJob.objects.create(
            kind=ImportJob.Kind.ELECTION,
            user=self.city_user,
            status=ImportJob.Status.RUNNING,
            started_at=now - datetime.timedelta(minutes=started),
            heartbeat_at=beat_at,
            original_name="thiet-lap.xlsx",
        )

    def status(self, job) -> dict:
        self.client.force_login(self.city_user)
        return self.client.get(reverse("importers:job_status", args=[job.pk])).json()

    def test_a_job_whose_heartbeat_stopped_shows_failed_within_minutes(self):
        job = self.running(started=8, beat=6)
        self.assertEqual(self.status(job)["status"], "failed")
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("Không còn nhận được tín hiệu", job.failure)
        self.assertIn("trong 5 phút", job.failure)

    def test_a_long_job_with_a_fresh_heartbeat_keeps_running(self):
        job = self.running(started=600, beat=1)
        self.assertEqual(self.status(job)["status"], "running")
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.RUNNING)

    def test_a_job_that_never_beat_is_judged_by_its_start(self):
        dead, alive = self.running(6, None), self.running(2, None)
        self.assertEqual(self.status(dead)["status"], "failed")
        self.assertEqual(self.status(alive)["status"], "running")

    def test_progress_and_the_start_touch_the_heartbeat(self):
        job = self.print_job()
        old = timezone.now() - datetime.timedelta(hours=1)
        job.begin(2)
        job.refresh_from_db()
        self.assertGreater(job.heartbeat_at, old)
        PrintJob.objects.filter(pk=job.pk).update(heartbeat_at=old)
        PrintProgress(job.pk)(1, 2, "Phường Tân Định")
        job.refresh_from_db()
        self.assertGreater(job.heartbeat_at, old)
        self.assertEqual(job.progress_label, "Phường Tân Định")
        self.assertFalse(job.fail_if_stale())


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _redis_up() -> bool:
    try:
        import redis

        url = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:
        return False


ENQUEUE = (
    "from electionadmin.printing.batch import start;"
    "from electionadmin.printing.models import PrintJob;"
    "start(PrintJob.objects.get(pk={pk}), 'tests.test_job_limits.slow_work')"
)


@skipUnless(connection.vendor == "postgresql", "the workers need a shared database")
class WorkerTests(TransactionTestCase):
    """A real worker process of each backend runs the slow work past its limit."""

    serialized_rollback = True  # the migrations' rows (cycles, unit sets) stay

    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.election = make_election(code="WORKER-2026")
        self.job = PrintJob.objects.create(election=self.election, commune_ids=[])

    def manage(self, *args: str, backend: str) -> subprocess.CompletedProcess:
        env = os.environ | {
            "DATABASE_URL": _database_url(),
            "TESTING": "1",
            "DEBUG": "false",  # db_worker reloads (another thread) with DEBUG on
            "TASKS_BACKEND": backend,
            "MEDIA_ROOT": self.media,
            "JOB_LIMIT_PRINT_MINUTES": "0.01",
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=LONG * 4,
            check=False,
        )

    def assert_stopped(self, done: subprocess.CompletedProcess) -> None:
        self.job.refresh_from_db()
        output = done.stdout + done.stderr
        self.assertEqual(self.job.status, PrintJob.Status.FAILED, output[-3000:])
        self.assertIn("Quá thời gian cho phép (0,01 phút)", self.job.failure)
        self.assertFalse(self.job.output)
        self.election.refresh_from_db()
        self.assertNotEqual(self.election.name, "Đổi giữa chừng")
        self.assertNotIn("Traceback", output)

    def test_the_database_worker(self):
        self.manage("shell", "-c", ENQUEUE.format(pk=self.job.pk), backend="database")
        self.assert_stopped(self.manage("db_worker", "--batch", backend="database"))

    @skipUnless(_redis_up(), "no Redis at REDIS_URL")
    def test_the_rq_worker(self):
        self.manage("shell", "-c", ENQUEUE.format(pk=self.job.pk), backend="rq")
        worker = ("rqworker", "--burst", "--job-class", "django_tasks_rq.Job")
        self.assert_stopped(self.manage(*worker, "default", backend="rq"))


@override_settings(JOB_STALE_MINUTES=5, JOB_TIME_LIMITS={"print": 120})
class FarmedJobStaleTests(JobMixin, TestCase):
    """A farmed print job (electionadmin/printing/farm.py) whose parts wait in the
    queue behind another job's is waiting, not dead: until its time limit."""

    def farmed(self, minutes_ago: int, part_status: str) -> PrintJob:
        then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        job = self.print_job(
            status=PrintJob.Status.RUNNING,
            started_at=then,
            heartbeat_at=then,
            work="electionadmin.voters.printing.jobs",
        )
        PrintPart.objects.create(job=job, kind=PrintPart.Kind.JOB, status=part_status)
        return job

    def test_parts_waiting_for_a_worker_keep_it_running(self):
        job = self.farmed(30, PrintPart.Status.QUEUED)
        self.assertFalse(job.fail_if_stale())
        self.assertEqual(job.status, PrintJob.Status.RUNNING)

    def test_past_its_time_limit_it_fails(self):
        job = self.farmed(130, PrintPart.Status.QUEUED)
        self.assertTrue(job.fail_if_stale())
        self.assertEqual(job.status, PrintJob.Status.FAILED)

    def test_with_nothing_waiting_its_heartbeat_tells(self):
        job = self.farmed(30, PrintPart.Status.RUNNING)
        self.assertTrue(job.fail_if_stale())
