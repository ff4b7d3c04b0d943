"""Background work for the admin's workbook import (run by `manage.py db_worker`)."""

import logging
import time

from django_tasks import task

from electionadmin.access.scope import Jurisdiction, can_edit
from electionadmin.setup.models import Election

from .models import ImportJob

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between progress writes
SYSTEM_FAILURE = (
    "Hệ thống gặp lỗi khi xử lý tệp nên chưa ghi gì. Hãy thử lại hoặc báo quản trị "
    "hệ thống ({name})."
)
NOT_YOURS = (
    "Cuộc bầu cử {code} nằm ngoài phạm vi bạn được giao quản lý; không thể nhập "
    "bảng tính này."
)


class JobProgress:
    """Progress callback: writes to the job row at most twice a second."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        ImportJob.objects.filter(pk=self.job_id).update(
            progress_done=done, progress_total=total, progress_label=label[:200]
        )


def outside_jurisdiction(user, report: dict) -> bool:
    """A user imports only an election it may change, or a new one of its province."""
    election = Election.objects.filter(code=report.get("election_code") or "").first()
    if election is not None:
        return not can_edit(user, election)
    jurisdiction = Jurisdiction.for_user(user)
    if jurisdiction.everything:
        return False
    return not (
        jurisdiction.is_province()
        and report.get("province_code") == jurisdiction.admin_unit.code
    )


def refuse(report: dict, message: str) -> dict:
    problem = {"sheet": "election", "row": None, "column": "code"}
    problem |= {"message": message, "severity": "error", "text": f"Lỗi: {message}"}
    return report | {"ok": False, "written": False, "errors": [problem]}


def run_import(job: ImportJob) -> dict:
    from importers.election import import_election

    dry_run = job.mode == ImportJob.Mode.PREVIEW
    if not dry_run:
        code = job.preview_report.get("election_code")
        if outside_jurisdiction(job.user, job.preview_report):
            return refuse(job.preview_report, NOT_YOURS.format(code=code))
    report = import_election(
        job.file.path, dry_run=dry_run, user=job.user, progress=JobProgress(job.pk)
    ).as_dict()
    if dry_run and outside_jurisdiction(job.user, report):
        return refuse(report, NOT_YOURS.format(code=report["election_code"]))
    return report


@task()
def run_import_job(job_id: int) -> dict:
    """Preview or import one uploaded workbook; the job row holds the outcome."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.begin()
    try:
        report = run_import(job)
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        job.fail(SYSTEM_FAILURE.format(name=type(error).__name__))
        return {"ok": False}
    job.finish(report)
    return {"ok": report["ok"], "written": report.get("written", False)}


def enqueue(job: ImportJob) -> None:
    result = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
