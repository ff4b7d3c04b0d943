"""Printing whole communes (a district: its communes) in the background, on the print
farm (electionadmin/printing/farm.py): one task per voting area, run by any number
of workers on any number of machines, one PDF per commune, a zip of them.

The job row is printing's `PrintJob`: `contest_keys` holds the form key (`VOTER_CARD`,
`VOTER_LIST` or `VOTE_ELSEWHERE_CERT`: the certificates issued) instead of
contests, `commune_ids` the communes, `area_ids` the areas chosen (empty: all),
`round` the round (a later round: only the communes' areas taking part in it). The
user's jurisdiction limits the areas. Each area's list or cards start on a new page; a
list's pages are numbered per area ("Trang n / m" of that area's list).
"""

from io import BytesIO

from django.contrib.auth import get_user_model

from electionadmin.printing import batch, farm
from electionadmin.printing.models import PrintJob
from electionadmin.setup.models import AdminUnit, VotingArea

from .cards import render_cards
from .certificates import area_certificates
from .lists import render_list
from .selection import SelectionError, areas_of, round_of

DOCUMENTS = {"VOTER_CARD": ("the-cu-tri", render_cards),
             "VOTER_LIST": ("danh-sach-cu-tri", render_list),
             "VOTE_ELSEWHERE_CERT": ("giay-chung-nhan", None)}  # fmt: skip


def _user(job: PrintJob):
    return get_user_model().objects.filter(pk=job.user_id).first()


def plan(job: PrintJob) -> list[tuple[AdminUnit, str, list[VotingArea]]]:
    """(commune, its PDF's name in the zip, its areas to print), commune by commune."""
    slug, _ = DOCUMENTS[job.contest_keys[0]]
    user = _user(job)
    planned = []
    for commune in AdminUnit.objects.filter(pk__in=job.commune_ids).order_by("code"):
        areas = areas_of(job.election, user).filter(commune=commune)
        if job.area_ids:  # the areas chosen in the admin's list
            areas = areas.filter(pk__in=job.area_ids)
        areas = list(areas)
        try:
            _, areas = round_of(job.election, job.round, areas, True)
        except SelectionError:  # none of the commune's areas takes part
            areas = []
        planned.append((commune, f"{batch.commune_slug(commune)}-{slug}.pdf", areas))
    return planned


def print_area(job: PrintJob, area: VotingArea) -> tuple[bytes | None, int]:
    """One area's cards or list, and its voters (no cards: nothing to print), or
    the certificates issued from its list."""
    key = job.contest_keys[0]
    if key == "VOTE_ELSEWHERE_CERT":  # those issued from the area's list
        return area_certificates(area, _user(job))
    area = areas_of(job.election).get(pk=area.pk)  # with its commune and district
    found, areas = round_of(job.election, job.round, [area])
    out = BytesIO()
    voters = DOCUMENTS[key][1](out, job.election, areas, found)
    if key == "VOTER_CARD" and not voters:
        return None, 0
    return out.getvalue(), voters


def start(
    election,
    user,
    form_key: str,
    commune_ids: list[int],
    round: str = "first",
    area_ids: list[int] | None = None,
) -> PrintJob:
    """`area_ids`: only these areas of the communes (else all the user sees)."""
    job = PrintJob.objects.create(
        election=election,
        user=user,
        contest_keys=[form_key],
        commune_ids=commune_ids,
        round=round,
        area_ids=area_ids or [],
    )
    return farm.start(job, __name__)
