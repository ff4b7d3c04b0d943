"""Background printing of whole communes (a district: its communes), as a zip with one
PDF per commune, run by `manage.py db_worker` with a progress bar.

The job row is the documents app's `PrintJob` (no model of our own, so no
migration): `contest_keys` holds the form key (`VOTER_CARD` or `VOTER_LIST`) instead
of contests, `commune_ids` the communes. The user's jurisdiction limits the areas.
"""

import logging
import zipfile
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django_tasks import task

from electionadmin.documents.models import PrintJob
from electionadmin.documents.tasks import PrintProgress
from electionadmin.setup.models import AdminUnit
from electionadmin.text import fold

from .cards import cards_pdf
from .lists import list_pdf
from .selection import areas_of

logger = logging.getLogger(__name__)
DOCUMENTS = {"VOTER_CARD": ("the-cu-tri", cards_pdf),
             "VOTER_LIST": ("danh-sach-cu-tri", list_pdf)}  # fmt: skip
FAILURE = "Hệ thống gặp lỗi khi in ({name}). Hãy thử lại hoặc báo quản trị hệ thống."


def run(job: PrintJob, progress=None) -> dict:
    slug, render = DOCUMENTS[job.contest_keys[0]]
    user = get_user_model().objects.filter(pk=job.user_id).first()
    communes = AdminUnit.objects.filter(pk__in=job.commune_ids).order_by("code")
    report, buffer = {"communes": 0, "areas": 0}, BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for done, commune in enumerate(communes, 1):
            areas = list(areas_of(job.election, user).filter(commune=commune))
            if areas:
                name = f"{commune.code}-{slugify(fold(commune.name))}-{slug}.pdf"
                archive.writestr(name, render(job.election, areas))
                report["communes"] += 1
                report["areas"] += len(areas)
            if progress is not None:
                progress(done, len(communes), commune.name)
    name = f"{job.election.code}-{slug}-{job.pk}.zip"
    job.output.save(name, ContentFile(buffer.getvalue()), save=False)
    return report


@task()
def run_voter_print_job(job_id: int) -> dict:
    job = PrintJob.objects.select_related("election", "user").get(pk=job_id)
    job.begin(len(job.commune_ids))
    try:
        report = run(job, PrintProgress(job.pk))
    except Exception as error:
        logger.exception("Voter print job %s failed", job_id)
        job.fail(FAILURE.format(name=type(error).__name__))
        return {"ok": False}
    job.finish(report)
    return {"ok": True, **report}


def start(election, user, form_key: str, commune_ids: list[int]) -> PrintJob:
    job = PrintJob.objects.create(
        election=election, user=user, contest_keys=[form_key], commune_ids=commune_ids
    )
    result = run_voter_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job
