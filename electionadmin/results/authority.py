"""Who may do what to counting minutes: role permission plus jurisdiction.

- enter (type or import one entry): a team for its area, a board for its unit, a
  committee for the areas of its territory;
- supervise (settle a double-entry mismatch, accept submitted minutes): the board of
  the record's electoral unit, or the committee that organises the contest;
- reopen accepted or locked minutes, certify a contest: only the committee that
  organises the contest (the province committee for QH, the committee of the
  council's unit or above for HĐND), or a system administrator.
"""

from electionadmin.access import roles
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.setup.models import ElectoralUnitArea

from .models import CountingRecord
from .scopes import record_scope

COMMITTEE_ROLES = roles.COMMITTEES


def _everything(user) -> bool:
    return Jurisdiction.for_user(user).everything


def may_enter(user, contest, voting_area) -> bool:
    if user is None or not user.has_perm("results.add_countingentry"):
        return False
    if _everything(user):
        return True
    j = Jurisdiction.for_user(user)
    links = ElectoralUnitArea.objects.filter(contest=contest, voting_area=voting_area)
    return not j.is_empty and links.filter(record_scope(j, "")).exists()


def may_change(user, record: CountingRecord) -> bool:
    if not user.has_perm("results.change_countingrecord"):
        return False
    records = CountingRecord.objects.filter(pk=record.pk)
    return restrict(records, user, editable=True).exists()


def organises(user, contest) -> bool:
    """The committee of the contest's council level (or above), or a sysadmin."""
    if _everything(user):
        return True
    j = Jurisdiction.for_user(user)
    if roles.role_of(user) not in COMMITTEE_ROLES or not j.admin_unit:
        return False
    if contest.council_unit_id is None:
        return j.is_province()
    return contest.council_unit_id in j.unit_ids()


def may_supervise(user, record: CountingRecord) -> bool:
    return may_supervise_unit(user, record.contest, record.electoral_unit_id)


def may_supervise_unit(user, contest, electoral_unit_id: int) -> bool:
    """The board of this electoral unit, or the committee organising the contest."""
    if user is None or not user.has_perm("results.change_countingrecord"):
        return False
    j = Jurisdiction.for_user(user)
    if roles.role_of(user) == roles.ELECTORAL_BOARD:
        return j.electoral_unit.pk == electoral_unit_id
    return organises(user, contest)


def may_reopen(user, record: CountingRecord) -> bool:
    return user.has_perm("results.change_countingrecord") and organises(
        user, record.contest
    )


def may_certify(user, contest) -> bool:
    return user.has_perm("results.add_certification") and organises(user, contest)
