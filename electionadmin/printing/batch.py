"""Batch printing as a background task (run by `manage.py db_worker`): the job's
life cycle, its progress bar, its workers and the zip of one PDF per commune.

A stage starts a job with `start(job, "dotted.path.of.work")`; the one task
`run_print_job` calls `work(job, progress)` and keeps the report it returns (or a
failure message for the user). The work is named by its dotted path so that this
module imports no stage: the minutes are `documents.minutes_batch.run`, voter cards
and lists `voters.printing.jobs.run`.

Workers: `PRINT_WORKERS` from the environment, else one per core on PostgreSQL
(forked processes each open their own connection) and one on SQLite.
"""

import os
import time

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django_tasks import task

from electionadmin.jobs import run_job
from electionadmin.text import fold

from .models import PrintJob

FAILURE = "Hệ thống gặp lỗi khi in ({name}). Hãy thử lại hoặc báo quản trị hệ thống."


class PrintProgress:
    """Writes progress and the heartbeat to the job row at most twice a second (as
    imports do)."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        PrintJob.beat(
            self.job_id,
            progress_done=done,
            progress_total=total,
            progress_label=label[:200],
        )


def workers() -> int:
    configured = os.getenv("PRINT_WORKERS")
    if configured:
        return max(1, int(configured))
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return os.cpu_count() or 1
    return 1


def commune_slug(commune) -> str:
    """ "26734-phuong-tan-dinh": a commune's file name in the zip."""
    return f"{commune.code}-{slugify(fold(commune.name)) or 'xa'}"


@task()
def run_print_job(job_id: int, work: str) -> dict:
    """The job's work within its time limit, beating (electionadmin/jobs.py)."""
    job = PrintJob.objects.select_related("election", "user").get(pk=job_id)
    report = run_job(
        job,
        lambda: import_string(work)(job, PrintProgress(job.pk)),
        FAILURE,
        total=len(job.commune_ids),
    )
    if report is None:
        return {"ok": False}
    return {"ok": True, **report}


def start(job: PrintJob, work: str) -> PrintJob:
    """Queue the job's task; `work` is the dotted path of `work(job, progress)`."""
    result = run_print_job.enqueue(job.pk, work)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job
