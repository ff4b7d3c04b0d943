"""Batch printing of the Tổ counting minutes: one merged PDF per commune, in a zip.

Each commune is one unit of work: its agreed minutes (entered, submitted, accepted
or locked) of the chosen contests, ordered by voting area then contest, drawn with
ReportLab (team_minutes.py). With `workers` > 1 the communes are shared among forked
processes (PostgreSQL: each opens its own connection). Minutes that cannot be
printed yet are listed in `chua-in.txt` inside the zip, never silently dropped.
The job runs as a task of the printing package (`start`, `print_job`).
"""

import multiprocessing
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from tempfile import NamedTemporaryFile

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import connection, connections

from electionadmin.access.scope import restrict
from electionadmin.printing import batch
from electionadmin.printing.models import PrintJob
from electionadmin.results.checks import KIND_RANK
from electionadmin.results.models import CountingRecord
from electionadmin.setup.models import AdminUnit, Contest, ElectoralUnitArea

from . import render, team
from .team_minutes import render_team_minutes

MISSING_NAME = "chua-in.txt"


def _records(commune_id: int, contest_ids: list[int], round: str, user):
    records = CountingRecord.objects.filter(
        voting_area__commune_id=commune_id, contest_id__in=contest_ids, round=round
    )
    if user is not None:
        records = restrict(records, user)
    records = records.select_related(*team.RECORD_RELATED)
    return records.prefetch_related("candidate_votes")


def _order(record) -> tuple:
    contest = record.contest
    council = contest.council_unit.code if contest.council_unit_id else ""
    return (record.voting_area.number, KIND_RANK[contest.kind], council)


def _missing(commune_id, contest_ids, printed: set, found: dict) -> list[str]:
    links = ElectoralUnitArea.objects.filter(
        voting_area__commune_id=commune_id, contest_id__in=contest_ids
    ).select_related("voting_area__commune", "contest__council_unit")
    lines = []
    for link in links.order_by("voting_area__number", "contest_id"):
        key = (link.voting_area_id, link.contest_id)
        if key not in printed:
            state = found.get(key, "chưa có biên bản")
            lines.append(f"KVBP {link.voting_area.key} - {link.contest.key}: {state}")
    return lines


def print_commune(args: tuple) -> dict:
    """One commune's minutes as one PDF; runs in a worker process or in place."""
    commune_id, contest_ids, round, user_id = args
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    cache = team.Lookups()
    contexts, printed, found = [], set(), {}
    for record in sorted(_records(commune_id, contest_ids, round, user), key=_order):
        found[record.voting_area_id, record.contest_id] = record.get_status_display()
        if not record.has_figures:
            continue
        context = team.team_count(record, cache)
        reference = team.reference_of(record)
        contexts.append(render.finish(context, reference, with_image=False))
        printed.add((record.voting_area_id, record.contest_id))
    return {
        "commune_id": commune_id,
        "pdf": render_team_minutes(contexts) if contexts else b"",
        "printed": len(contexts),
        "missing": _missing(commune_id, contest_ids, printed, found),
    }


def _results(tasks: list[tuple], workers: int) -> Iterable[dict]:
    # Forked workers cannot see an open transaction's rows (nor may its connection
    # be closed): inside one, print in this process.
    if workers <= 1 or len(tasks) <= 1 or connection.in_atomic_block:
        yield from map(print_commune, tasks)
        return
    connections.close_all()  # the forked workers open their own connections
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(print_commune, tasks)


def run(job: PrintJob, workers: int = 1, progress: Callable | None = None) -> dict:
    """Print the job's communes into a zip saved on the job; returns the report."""
    contests = Contest.objects.filter(election=job.election_id)
    contest_ids = [c.pk for c in contests if c.key in job.contest_keys]
    communes = {
        c.pk: c
        for c in AdminUnit.objects.filter(pk__in=job.commune_ids).order_by("code")
    }
    tasks = [(pk, contest_ids, job.round, job.user_id) for pk in communes]
    report = {"printed": 0, "communes": 0, "missing": 0}
    with NamedTemporaryFile(suffix=".zip") as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
            missing = _write(
                archive, _results(tasks, workers), communes, report, progress
            )
            archive.writestr(MISSING_NAME, "\n".join(missing) or "Không có.\n")
        tmp.seek(0)
        name = f"{job.election.code}-bien-ban-kiem-phieu-{job.pk}.zip"
        job.output.save(name, File(tmp, name=Path(name).name), save=False)
    return report


def _write(archive, results, communes: dict, report: dict, progress) -> list[str]:
    missing: list[str] = []
    for done, result in enumerate(results, 1):
        commune = communes[result["commune_id"]]
        if result["printed"]:
            filename = f"{batch.commune_slug(commune)}.pdf"
            archive.writestr(filename, result["pdf"])
            report["communes"] += 1
        report["printed"] += result["printed"]
        report["missing"] += len(result["missing"])
        missing += result["missing"]
        if progress is not None:
            progress(done, len(communes), commune.name)
    return missing


def print_job(job: PrintJob, progress: Callable) -> dict:
    """The task's work (printing.batch.run_print_job): every core on PostgreSQL."""
    return run(job, batch.workers(), progress)


def start(job: PrintJob) -> PrintJob:
    return batch.start(job, f"{__name__}.print_job")
