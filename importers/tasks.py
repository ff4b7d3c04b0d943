"""Background work for the admin's imports (run by `manage.py db_worker`).

One task for every kind: a set-up workbook (`import_election`) or a voter list
(`import_voters`, limited to the voting areas of the uploader's jurisdiction). The
preview is the importer's dry run; the confirmed import runs the file again, writing.
"""

import logging
import secrets
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django_tasks import task

from electionadmin.access.scope import Jurisdiction, can_edit
from electionadmin.jobs import run_job
from electionadmin.setup.models import Election

from . import problems
from .access import may_import_voters, voter_area_ids
from .models import ImportJob

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between progress writes
SYSTEM_FAILURE = (
    "Hệ thống gặp lỗi khi xử lý tệp nên chưa ghi gì. Hãy thử lại hoặc báo quản trị "
    "hệ thống ({name})."
)
PROGRESS_SQL = (
    f"UPDATE {ImportJob._meta.db_table} SET progress_done = %s, "
    "progress_total = %s, progress_label = %s, heartbeat_at = now() WHERE id = %s"
)
NOT_YOURS = (
    "Cuộc bầu cử {code} nằm ngoài phạm vi bạn được giao quản lý; không thể nhập "
    "bảng tính này."
)
VOTERS_NOT_YOURS = (
    "Bạn không (còn) có quyền nhập danh sách cử tri của cuộc bầu cử {code}; chưa "
    "ghi gì."
)
TURNOUT_NOT_YOURS = (
    "Bạn không (còn) có quyền nhập số liệu tiến độ của cuộc bầu cử {code}; chưa ghi gì."
)


class JobProgress:
    """Progress callback: writes to the job row (its heartbeat too) at most twice a
    second.

    On PostgreSQL through a connection of its own, in autocommit: the voter
    importer's COPY holds the task's connection (another query on it would wait for
    ever), and the import's transaction would hide the progress and the heartbeat
    until the end (the job would look dead). On SQLite the task's connection is
    used: a second writer would wait for the import.
    """

    def __init__(self, job_id: int, own_connection: bool = True):
        self.job_id = job_id
        self.last = 0.0
        self.connection = None
        if own_connection and connection.vendor == "postgresql":
            self.connection = connection.copy()

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        if self.connection is None:
            ImportJob.beat(
                self.job_id,
                progress_done=done,
                progress_total=total,
                progress_label=label[:200],
            )
            return
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(PROGRESS_SQL, [done, total, label[:200], self.job_id])
        except DatabaseError:
            logger.warning("Progress of import job %s not written", self.job_id)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


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
    if job.kind == ImportJob.Kind.VOTERS:
        return run_voters(job)
    if job.kind == ImportJob.Kind.TURNOUT:
        return run_turnout(job)
    return run_election(job)


def run_election(job: ImportJob) -> dict:
    from importers.election import import_election

    dry_run = job.mode == ImportJob.Mode.PREVIEW
    if not dry_run:
        code = job.preview_report.get("election_code")
        if outside_jurisdiction(job.user, job.preview_report):
            return refuse(job.preview_report, NOT_YOURS.format(code=code))
    progress = JobProgress(job.pk)
    try:
        report = import_election(
            job.file.path, dry_run=dry_run, user=job.user, progress=progress
        ).as_dict()
    finally:
        progress.close()
    # A file refused before it named its election keeps its own errors (it used to
    # say "Cuộc bầu cử None nằm ngoài phạm vi …").
    unnamed = not report["ok"] and not report.get("election_code")
    if dry_run and not unnamed and outside_jurisdiction(job.user, report):
        report = refuse(report, NOT_YOURS.format(code=report["election_code"]))
    keep_problems(job, report)
    return report


def as_uploaded(report: dict, job: ImportJob) -> None:
    """Messages name the file as the user uploaded it, not as it is stored (the
    report's problems are changed in place)."""
    stored = Path(job.file.name).name if job.file else ""
    if not stored or not job.original_name:
        return
    for kind in ("errors", "warnings"):
        for problem in report.get(kind, []):
            for key in ("message", "text"):
                if isinstance(problem.get(key), str):
                    problem[key] = problem[key].replace(stored, job.original_name)


def run_voters(job: ImportJob) -> dict:
    """The voter list, with the uploader's rights and jurisdiction as they are now."""
    from importers.voters import import_voters

    election = job.election
    if may_import_voters(job.user, election):
        progress = JobProgress(job.pk)
        try:
            report = import_voters(
                job.file.path,
                election,
                dry_run=job.mode == ImportJob.Mode.PREVIEW,
                user=job.user,
                progress=progress,
                areas=voter_area_ids(job.user, election),
            ).as_dict()
        finally:
            progress.close()
    else:
        report = voters_refused(election.code if election else "")
    report = problems.in_row_order(report)
    keep_problems(job, report)
    if job.mode == ImportJob.Mode.IMPORT or not report["ok"]:
        # Nothing more to do with the file, and it holds personal data.
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    return problems.trimmed(report)


def run_turnout(job: ImportJob) -> dict:
    """A turnout sheet, all or nothing, limited to the areas the uploader may enter
    figures for (their rights as they are now)."""
    from electionadmin.polling.scopes import enters_figures, may_enter
    from importers.turnout import TurnoutImporter

    user = job.user
    if user is not None and enters_figures(user):
        progress = JobProgress(job.pk)
        importer = TurnoutImporter(
            job.election,
            user=user,
            dry_run=job.mode == ImportJob.Mode.PREVIEW,
            allowed=lambda area: may_enter(user, area),
            progress=progress,
        )
        try:
            report = importer.run(job.file.path).as_dict()
        finally:
            progress.close()
    else:
        message = TURNOUT_NOT_YOURS.format(code=job.election.code)
        problem = {"sheet": "turnout", "row": None, "column": None}
        problem |= {"message": message, "severity": "error", "text": f"Lỗi: {message}"}
        report = {"ok": False, "written": False, "counts": {}, "warnings": []}
        report |= {"election_code": job.election.code, "errors": [problem]}
    report = problems.in_row_order(report)
    keep_problems(job, report)
    if job.mode == ImportJob.Mode.IMPORT or not report["ok"]:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    return problems.trimmed(report)


def voters_refused(code: str) -> dict:
    message = VOTERS_NOT_YOURS.format(code=code)
    problem = {"sheet": "voters", "row": None, "column": None, "message": message}
    problem |= {"severity": "error", "text": f"Lỗi: {message}"}
    report = {"ok": False, "written": False, "election_code": code, "counts": {}}
    return report | {"errors": [problem], "warnings": []}


def keep_problems(job: ImportJob, report: dict) -> None:
    """Every problem in a workbook to download; none: no workbook. Every kind of
    job keeps its problems here, so here they get the file's uploaded name."""
    as_uploaded(report, job)
    if job.problems_file:
        job.problems_file.delete(save=False)
    if report["errors"] or report["warnings"]:
        name = f"loi-{job.pk}-{secrets.token_urlsafe(8)}.xlsx"
        setup = job.kind == ImportJob.Kind.ELECTION
        label = problems.setup_column_label if setup else problems.column_label
        data = ContentFile(problems.problems_xlsx(report, label))
        job.problems_file.save(name, data, save=False)
    name = job.problems_file.name or ""
    ImportJob.objects.filter(pk=job.pk).update(problems_file=name)


@task()
def run_import_job(job_id: int) -> dict:
    """Preview or import one uploaded workbook; the job row holds the outcome
    (electionadmin/jobs.py `run_job`: time limit, heartbeat, client address)."""
    job = ImportJob.objects.select_related("user", "election__cycle").get(pk=job_id)
    report = run_job(job, lambda: run_import(job), SYSTEM_FAILURE)
    if report is None:
        return {"ok": False}
    return {"ok": report["ok"], "written": report.get("written", False)}


def enqueue(job: ImportJob) -> None:
    result = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
