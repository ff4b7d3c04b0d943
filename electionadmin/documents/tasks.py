"""Background batch printing (run by `manage.py db_worker`), with a progress bar.

Workers: `PRINT_WORKERS` from the environment, else one per core on PostgreSQL
(forked processes each open their own connection) and one on SQLite.
"""

import logging
import os
import time

from django.conf import settings
from django_tasks import task

from . import batch
from .models import PrintJob

logger = logging.getLogger(__name__)
FAILURE = "Hệ thống gặp lỗi khi in ({name}). Hãy thử lại hoặc báo quản trị hệ thống."


class PrintProgress:
    """Writes progress to the job row at most twice a second (as imports do)."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        PrintJob.objects.filter(pk=self.job_id).update(
            progress_done=done, progress_total=total, progress_label=label[:200]
        )


def workers() -> int:
    configured = os.getenv("PRINT_WORKERS")
    if configured:
        return max(1, int(configured))
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return os.cpu_count() or 1
    return 1


@task()
def run_print_job(job_id: int) -> dict:
    job = PrintJob.objects.select_related("election", "user").get(pk=job_id)
    job.begin(len(job.commune_ids))
    try:
        report = batch.run(job, workers(), PrintProgress(job.pk))
    except Exception as error:
        logger.exception("Print job %s failed", job_id)
        job.fail(FAILURE.format(name=type(error).__name__))
        return {"ok": False}
    job.finish(report)
    return {"ok": True, **report}


def enqueue(job: PrintJob) -> None:
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
