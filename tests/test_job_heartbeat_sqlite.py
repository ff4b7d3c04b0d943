"""The job heartbeat on SQLite (the one-command start's database): a worker's thread
beats every minute there too, and neither it nor the stale check queues behind the
task's writing transaction (SQLite has one writer at a time). Run in a process of
its own on a SQLite file (the suite's database is PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import datetime, threading, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "importers", verbosity=0)
from django.db import connection, transaction
from django.utils import timezone
from electionadmin import jobs
from importers.models import ImportJob

jobs.HEARTBEAT_SECONDS = 0.3
old = timezone.now() - datetime.timedelta(minutes=10)

def running():
    return ImportJob.objects.create(
        kind=ImportJob.Kind.ELECTION, status=ImportJob.Status.RUNNING,
        started_at=old, heartbeat_at=old, original_name="thiet-lap.xlsx")

# 1. A long step without progress: the worker's thread beats.
job = running()
with jobs.Heartbeat(job):
    time.sleep(1.5)
job.refresh_from_db()
print("beat", job.heartbeat_at > old, job.fail_if_stale())

# 2. The task holds a writing transaction (no beat seen for 10 minutes): the
# status page neither waits for it nor takes the job for dead.
job, writing, done = running(), threading.Event(), threading.Event()

def task():
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(progress_label="Ghi")
        writing.set()
        done.wait(10)
    connection.close()

worker = threading.Thread(target=task)
worker.start()
writing.wait(10)
began = time.monotonic()
failed = job.fail_if_stale()
waited = time.monotonic() - began
done.set()
worker.join()
print("writing", failed, job.status, waited < 5)
"""


def test_a_long_job_on_sqlite_beats_and_is_not_taken_for_dead(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path}/jobs.sqlite3",
        "TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:2] == [
        "beat True False",
        "writing False running True",
    ]
