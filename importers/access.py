"""Who may import what through the admin's upload screens.

A set-up workbook: the election permissions of `views.IMPORT_PERMISSIONS`. A voter
list: the right to add and change list entries (`voters.add_voterentry`, which the
roles give the commune committee, who makes the list by law, and the system
administrator), into an election the user works on, and only for the voting areas of
its jurisdiction. The election "may be changed" by the user in the voter list's
sense: it is visible to the user and holds voting areas the user may change.
"""

from django.db.models import QuerySet

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.setup.models import Election, VotingArea

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
