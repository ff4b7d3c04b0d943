"""Who may do what to counting minutes: role permission plus jurisdiction.

- enter (type or import one entry): a team for its area, a board for its unit, a
  committee for the areas of its territory;
- supervise (settle a double-entry mismatch, accept submitted minutes): the board of
  the record's electoral unit, or the committee that organises the contest;
- reopen accepted or locked minutes, certify a contest: only the committee that
  organises the contest (the province committee for QH, the committee of the
  council's unit or above for HĐND), or a system administrator.
- see running totals before certification: a contest's (the committee screen, the
  committee's forms, the winners list) only the organising committee (or above) and
  its read-only viewer; an electoral unit's (the board screen, the board's form)
  also its board and a committee whose territory holds every area of the unit (its
  totals are then sums of that committee's own minutes). A ward or district sees no
  National Assembly totals of the city, a board none of another unit, a team none.
  Once a contest is certified for the round its results are public, so whoever sees
  the contest may see and print them.
"""

from electionadmin.access import roles
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.setup.models import ElectoralUnitArea

from .models import Certification, CountingRecord
from .scopes import record_scope

COMMITTEE_ROLES = roles.COMMITTEES
# Who reads what a committee reads (never writes): the read-only viewer.
READER_ROLES = COMMITTEE_ROLES | {roles.VIEWER}


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


def enterable_areas(user, contest) -> set[int]:
    """The contest's voting areas where `may_enter` holds, in one query (bulk.py)."""
    if user is None or not user.has_perm("results.add_countingentry"):
        return set()
    links = ElectoralUnitArea.objects.filter(contest=contest)
    if not _everything(user):
        j = Jurisdiction.for_user(user)
        if j.is_empty:
            return set()
        links = links.filter(record_scope(j, ""))
    return set(links.values_list("voting_area_id", flat=True))


def may_change(user, record: CountingRecord) -> bool:
    if not user.has_perm("results.change_countingrecord"):
        return False
    records = CountingRecord.objects.filter(pk=record.pk)
    return restrict(records, user, editable=True).exists()


def organises(user, contest, *, reading: bool = False) -> bool:
    """The committee of the contest's council level (or above), or a sysadmin;
    `reading`: also the read-only viewer at that level."""
    if _everything(user):
        return True
    j = Jurisdiction.for_user(user)
    if roles.role_of(user) not in (READER_ROLES if reading else COMMITTEE_ROLES):
        return False
    if not j.admin_unit:
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


def certified(contest, round: str | None) -> bool:
    """Is the contest's result for the round certified (and not revoked)?"""
    if round is None:
        return False
    active = Certification.objects.filter(
        contest=contest, round=round, revoked_at__isnull=True
    )
    return active.exists()


def _public(user, contest, round: str | None) -> bool:
    """Certified for the round, and a contest the user sees at all."""
    if not certified(contest, round):
        return False
    return restrict(type(contest).objects.filter(pk=contest.pk), user).exists()


def sees_contest_totals(user, contest, round: str | None = None) -> bool:
    """The contest's running totals: the organising committee (or above) and its
    viewer; once certified for the round, whoever sees the contest."""
    return organises(user, contest, reading=True) or _public(user, contest, round)


def _holds_every_area(j: Jurisdiction, unit) -> bool:
    links = ElectoralUnitArea.objects.filter(electoral_unit=unit)
    outside = links.exclude(voting_area__commune__in=j.unit_ids())
    return links.exists() and not outside.exists()


def sees_unit_totals(user, unit, round: str | None = None) -> bool:
    """An electoral unit's running totals: as the contest's, and the unit's board,
    and a committee (or viewer) whose territory holds every area of the unit."""
    if organises(user, unit.contest, reading=True):
        return True
    j = Jurisdiction.for_user(user)
    if j.electoral_unit and j.electoral_unit.pk == unit.pk:
        return True
    reader = j.admin_unit and roles.role_of(user) in READER_ROLES
    if reader and _holds_every_area(j, unit):
        return True
    return _public(user, unit.contest, round)


def may_batch_print(user) -> bool:
    """Batch printing starts a background job: committees (and the sysadmin) only,
    not the read-only viewer, whose rights are to look."""
    if not user.has_perm("results.view_countingrecord"):
        return False
    return _everything(user) or roles.role_of(user) in COMMITTEE_ROLES
