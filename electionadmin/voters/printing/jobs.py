"""Printing whole communes (a district: its communes) in the background: a zip with
one PDF per commune, run by the printing package's task with a progress bar.

The job row is printing's `PrintJob`: `contest_keys` holds the form key (`VOTER_CARD`
or `VOTER_LIST`) instead of contests, `commune_ids` the communes, `round` the round
(a later round: only the communes' areas taking part in it). The user's
jurisdiction limits the areas.
"""

import zipfile
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from electionadmin.printing import batch
from electionadmin.printing.models import PrintJob
from electionadmin.setup.models import AdminUnit

from .cards import cards_pdf
from .lists import list_pdf
from .selection import SelectionError, areas_of, round_of

DOCUMENTS = {"VOTER_CARD": ("the-cu-tri", cards_pdf),
             "VOTER_LIST": ("danh-sach-cu-tri", list_pdf)}  # fmt: skip


def run(job: PrintJob, progress=None) -> dict:
    slug, render = DOCUMENTS[job.contest_keys[0]]
    user = get_user_model().objects.filter(pk=job.user_id).first()
    communes = AdminUnit.objects.filter(pk__in=job.commune_ids).order_by("code")
    report, buffer = {"communes": 0, "areas": 0}, BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for done, commune in enumerate(communes, 1):
            areas = list(areas_of(job.election, user).filter(commune=commune))
            try:
                found, areas = round_of(job.election, job.round, areas, True)
            except SelectionError:  # none of the commune's areas takes part
                areas = []
            if areas:
                name = f"{batch.commune_slug(commune)}-{slug}.pdf"
                archive.writestr(name, render(job.election, areas, found))
                report["communes"] += 1
                report["areas"] += len(areas)
            if progress is not None:
                progress(done, len(communes), commune.name)
    name = f"{job.election.code}-{slug}-{job.pk}.zip"
    job.output.save(name, ContentFile(buffer.getvalue()), save=False)
    return report


def start(
    election, user, form_key: str, commune_ids: list[int], round: str = "first"
) -> PrintJob:
    job = PrintJob.objects.create(
        election=election,
        user=user,
        contest_keys=[form_key],
        commune_ids=commune_ids,
        round=round,
    )
    return batch.start(job, f"{__name__}.run")
