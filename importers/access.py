"""Who may import what through the admin's upload screens.

A set-up workbook: the election permissions of `IMPORT_PERMISSIONS`. A voter
list: the right to add and change list entries (`voters.add_voterentry`, which the
roles give the commune committee, who makes the list by law, and the system
administrator), into an election the user works on, and only for the voting areas of
its jurisdiction. The election "may be changed" by the user in the voter list's
sense: it is visible to the user and holds voting areas the user may change.

The upload screens' guards are here too (`importer_view`, `job_view`), on the
project's one screen guard (electionadmin/screens.py).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.screens import require, screen
from electionadmin.setup.models import Election, VotingArea

from .models import ImportJob

IMPORT_PERMISSIONS = (
    "setup.change_election",
    "setup.add_contest",
    "setup.add_electoralunit",
    "setup.add_votingarea",
    "setup.add_candidate",
)
VOTER_PERMISSIONS = ("voters.add_voterentry", "voters.change_voterentry")


def can_import_voters(user) -> bool:
    return user.is_active and user.is_staff and user.has_perms(VOTER_PERMISSIONS)


def voter_elections(user) -> QuerySet[Election]:
    """The elections whose voter list the user may import into."""
    elections = restrict(Election.objects.select_related("cycle"), user)
    if Jurisdiction.for_user(user).everything:
        return elections
    areas = restrict(VotingArea.objects.all(), user, editable=True)
    return elections.filter(pk__in=areas.values("election_id"))


def voter_area_ids(user, election: Election) -> list[int] | None:
    """The voting areas whose voters the user may import; None: all of them."""
    if Jurisdiction.for_user(user).everything:
        return None
    areas = restrict(VotingArea.objects.filter(election=election), user, editable=True)
    return list(areas.values_list("pk", flat=True))


def may_import_voters(user, election: Election | None) -> bool:
    """Checked on upload, on confirmation, and again when the task runs."""
    if user is None or election is None or not can_import_voters(user):
        return False
    return voter_elections(user).filter(pk=election.pk).exists()


def can_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)


# Logged-in staff (else the admin login) with the right to import workbooks.
importer_view = screen(can_import)


def own_job(request, job_id: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("election"), pk=job_id)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


def may_run(user, kind: str) -> bool:
    if kind == ImportJob.Kind.VOTERS:
        return can_import_voters(user)
    if kind == ImportJob.Kind.TURNOUT:
        return False  # its pages are the polling screens' (polling:upload_job)
    return can_import(user)


def job_view(view):
    """A job page: someone who may import (else 403), their own job (else 404), of a
    kind they may still import (else 403)."""

    @screen(lambda user: can_import(user) or can_import_voters(user))
    def guarded(request, job_id: int):
        job = own_job(request, job_id)
        require(may_run(request.user, job.kind), "")
        job.fail_if_stale()  # a worker that died leaves no job "running" for ever
        return view(request, job)

    return guarded
