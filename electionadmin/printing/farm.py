"""The print farm: a batch split per voting area into tasks that any number of
workers, on any number of machines, take from the print queue.

A stage module (`PrintJob.work`, e.g. `electionadmin.voters.printing.jobs`) gives
two functions: `plan(job)` -> [(commune, file name, [areas])] and
`print_area(job, area)` -> (PDF bytes or None when there is nothing to print, the
count printed). `start(job, module)` queues the plan; the plan creates the parts
(models.PrintPart): one per area, one per commune (its areas' PDFs merged in order
with pikepdf: one PDF per commune) and one for the job (the zip of the communes'
PDFs), then queues every area. Whoever finishes a commune's last area queues the
commune, whoever merges the last commune queues the zip (a conditional UPDATE:
once). The progress bar counts the areas printed.

Each part is one task on `settings.PRINT_QUEUE`: with `TASKS_BACKEND=rq` every
`rqworker` reading that queue from the same Redis takes parts, wherever it runs;
with the database backend, every `db_worker`. Files go to the shared store
(store.py, under PRIVATE_MEDIA_ROOT: the folder every machine mounts), written
under a temporary name and renamed in one step, so a worker killed mid-task
leaves no half file under a real name.

A running part beats its heartbeat (and its job's: electionadmin/jobs.py judges a
job dead by it) every few seconds from a thread; it runs within the job's time
limit (`JOB_LIMIT_PRINT_MINUTES`, jobs.TimeLimit), its audit entries carrying the
address the job was asked from. A part whose
heartbeat stopped for `PRINT_PART_STALE_SECONDS` (its worker was killed, its
machine lost) is queued again by `sweep`, which the progress page's status calls
and every finished part runs, up to `PRINT_PART_ATTEMPTS` runs; then the job
fails with a message for the user. A part that raises fails the job at once.
"""

import datetime
import logging
import os
import socket
import threading
import zipfile

import pikepdf
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.module_loading import import_module
from django_tasks import task

from electionadmin.audit.log import acting_from
from electionadmin.jobs import TIME_LIMIT, TimeLimit, minutes_text

from . import store
from .models import PrintJob, PrintPart

logger = logging.getLogger(__name__)
Part, Kind, Status = PrintPart, PrintPart.Kind, PrintPart.Status
FAILURE = "Hệ thống gặp lỗi khi in ({name}). Hãy thử lại hoặc báo quản trị hệ thống."
GAVE_UP = (
    "Một phần việc in đã dừng giữa chừng {attempts} lần (máy in nền bị tắt?). "
    "Hãy thử lại hoặc báo quản trị hệ thống."
)


def stale_seconds() -> float:
    return float(getattr(settings, "PRINT_PART_STALE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "PRINT_PART_ATTEMPTS", 3))


def _queue(function):
    return function.using(queue_name=getattr(settings, "PRINT_QUEUE", "default"))


def start(job: PrintJob, module: str) -> PrintJob:
    """Queue the job's plan; `module` is the stage's dotted module path."""
    PrintJob.objects.filter(pk=job.pk).update(work=module)
    job.work = module
    result = _queue(plan_job).enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job


@task()
def plan_job(job_id: int) -> dict:
    job = PrintJob.objects.select_related("election", "user").get(pk=job_id)
    if job.status != job.Status.QUEUED:
        return {"ok": True, "skipped": True}
    job.begin(0)
    try:
        areas = _create_parts(job, import_module(job.work).plan(job))
    except Exception as error:
        logger.exception("Planning print job %s failed", job_id)
        job.fail(FAILURE.format(name=type(error).__name__))
        return {"ok": False}
    if not areas:
        job.finish({"communes": 0, "areas": 0, "printed": 0})
    for pk in areas:
        _queue(run_part).enqueue(pk)
    return {"ok": True, "areas": len(areas)}


@transaction.atomic
def _create_parts(job: PrintJob, plan: list) -> list[int]:
    """The parts of the plan, in one transaction (a sweep never sees a commune
    without its areas); the area parts' ids."""
    if not any(areas for _, _, areas in plan):
        return []
    top = Part.objects.create(
        job=job, kind=Kind.JOB, status=Status.WAITING, name=zip_name(job)
    )
    areas = []
    for position, (_commune, name, commune_areas) in enumerate(plan):
        if not commune_areas:
            continue
        merge = Part.objects.create(
            job=job,
            parent=top,
            kind=Kind.COMMUNE,
            position=position,
            name=name,
            status=Status.WAITING,
        )
        areas += [
            Part(job=job, parent=merge, kind=Kind.AREA, position=i, area=area)
            for i, area in enumerate(commune_areas)
        ]
    created = Part.objects.bulk_create(areas)
    job.progress_total = len(created)
    PrintJob.objects.filter(pk=job.pk).update(progress_total=len(created))
    return [part.pk for part in created]


def zip_name(job: PrintJob) -> str:
    return f"{job.election.code}-{job.contest_keys[0].lower()}-{job.pk}.zip"


@task()
def run_part(part_id: int) -> dict:
    part = claim(part_id)
    if part is None:  # done, or taken again by another worker after a sweep
        return {"ok": True, "skipped": True}
    job = part.job
    limit = TimeLimit(job.time_limit() * 60)
    try:
        with Heartbeat(part.pk, job.pk), acting_from(job.client_address), limit:
            WORK[part.kind](part)
    except Exception as error:
        limit.usable_again()
        Part.objects.filter(pk=part.pk).update(status=Status.FAILED)
        if limit.expired:
            logger.warning("Print part %s stopped at its time limit", part_id)
            fail(job, TIME_LIMIT.format(minutes=minutes_text(job.time_limit())))
        else:
            logger.exception("Print part %s failed", part_id)
            fail(job, FAILURE.format(name=type(error).__name__))
        return {"ok": False}
    finished(part)
    sweep(part.job)
    return {"ok": True}


def claim(part_id: int) -> PrintPart | None:
    """Take a queued part (one worker wins); None if it is not queued."""
    taken = Part.objects.filter(pk=part_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
        worker=f"{socket.gethostname()}:{os.getpid()}"[:100],
    )
    if not taken:
        return None
    related = ("job__election", "job__user", "area__commune")
    part = Part.objects.select_related(*related).get(pk=part_id)
    return None if part.job.is_finished else part


class Heartbeat:
    """Beats the part's heartbeat from a thread while it runs (its own database
    connection). Inside a transaction (tests, the immediate backend) it does not
    beat: another connection would wait on the row the transaction holds."""

    def __init__(self, part_id: int, job_id: int):
        self.part_id, self.job_id, self.stop = part_id, job_id, threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        every = max(0.5, stale_seconds() / 4)
        try:
            while not self.stop.wait(every):
                Part.objects.filter(pk=self.part_id, status=Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
                PrintJob.beat(self.job_id)
        finally:
            connection.close()

    def __enter__(self):
        if not connection.in_atomic_block:
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)


def print_area(part: PrintPart) -> None:
    pdf, printed = import_module(part.job.work).print_area(part.job, part.area)
    if pdf is not None:
        store.write(part_path(part), pdf)
    part.printed, part.has_file = printed, pdf is not None


def merge_commune(part: PrintPart) -> None:
    """The commune's areas' PDFs, in order, as one PDF (qpdf through pikepdf: the
    merge is serial per commune, and 2.5 times faster than pypdf here)."""
    areas = Part.objects.filter(parent=part, has_file=True).order_by("position")
    areas = list(areas)
    part.printed = sum(area.printed for area in areas)
    part.has_file = bool(areas)
    if not areas:
        return
    sources = [pikepdf.Pdf.open(store.path(part_path(area))) for area in areas]
    merged = pikepdf.Pdf.new()
    try:
        for source in sources:
            merged.pages.extend(source.pages)
        with store.writing(part_path(part)) as out:
            merged.save(out)
    finally:
        for pdf in (merged, *sources):
            pdf.close()


def pack_job(part: PrintPart) -> None:
    """The communes' PDFs in one zip: the job's output."""
    job = part.job
    communes = list(
        Part.objects.filter(parent=part, has_file=True).order_by("position")
    )
    name = f"prints/job-{job.pk}/{part.name}"
    with store.writing(name) as out, zipfile.ZipFile(out, "w") as archive:
        for commune in communes:
            archive.write(store.path(part_path(commune)), commune.name)
    areas = Part.objects.filter(job=job, kind=Kind.AREA, has_file=True)
    report = {
        "communes": len(communes),
        "areas": areas.count(),
        "printed": areas.aggregate(n=Sum("printed"))["n"] or 0,
    }
    job.output.name = name
    job.finish(report)
    store.remove_tree(parts_folder(job))


WORK = {Kind.AREA: print_area, Kind.COMMUNE: merge_commune, Kind.JOB: pack_job}


def parts_folder(job: PrintJob) -> str:
    return f"prints/job-{job.pk}/parts"


def part_path(part: PrintPart) -> str:
    return f"{parts_folder(part.job)}/{part.kind}-{part.pk}.pdf"


def finished(part: PrintPart) -> None:
    """Mark the part done, move the bar, queue its parent if it was the last."""
    Part.objects.filter(pk=part.pk).update(
        status=Status.DONE, printed=part.printed, has_file=part.has_file
    )
    job = part.job
    if part.kind == Kind.AREA:
        done = Part.objects.filter(job=job, kind=Kind.AREA, status=Status.DONE)
        PrintJob.objects.filter(pk=job.pk, status=job.Status.RUNNING).update(
            progress_done=done.count(),
            progress_label=area_label(part.area),
            heartbeat_at=timezone.now(),
        )
    if part.parent_id is not None:
        promote(part.parent_id)


def area_label(area) -> str:
    """The bar's words: "Khu vực bỏ phiếu số 1 - Phường Tân Định"."""
    return f"Khu vực bỏ phiếu số {area.number} - {area.commune.name}"


def promote(parent_id: int) -> None:
    if Part.objects.filter(parent_id=parent_id).exclude(status=Status.DONE).exists():
        return
    if Part.objects.filter(pk=parent_id, status=Status.WAITING).update(
        status=Status.QUEUED
    ):
        _queue(run_part).enqueue(parent_id)


def fail(job: PrintJob, message: str) -> None:
    if PrintJob.objects.filter(pk=job.pk, status=job.Status.RUNNING).update(
        status=job.Status.FAILED, failure=message, finished_at=timezone.now()
    ):
        job.status, job.failure = job.Status.FAILED, message


def sweep(job: PrintJob) -> None:
    """Queue again the parts whose worker died; queue the parents a dead worker
    did not. Cheap (two indexed queries): called on every status read."""
    if not job.work or job.is_finished:
        return
    limit = timezone.now() - datetime.timedelta(seconds=stale_seconds())
    dead = Part.objects.filter(job=job, status=Status.RUNNING, heartbeat_at__lt=limit)
    for pk, attempts in dead.values_list("pk", "attempts"):
        if attempts >= max_attempts():
            fail(job, GAVE_UP.format(attempts=attempts))
            return
        if dead.filter(pk=pk).update(status=Status.QUEUED):
            logger.warning("Print part %s: worker gone, queued again", pk)
            _queue(run_part).enqueue(pk)
    unfinished = Part.objects.filter(parent=OuterRef("pk")).exclude(status=Status.DONE)
    waiting = Part.objects.filter(job=job, status=Status.WAITING)
    for pk in waiting.filter(~Exists(unfinished)).values_list("pk", flat=True):
        promote(pk)


def status(job: PrintJob) -> dict:
    """The job's progress for its page (after a sweep)."""
    sweep(job)
    return job.status_dict()
