"""Which counting minutes a jurisdiction sees and may change, and role permissions.

A board works on its own unit's minutes, a team on its own area's, a committee on
the areas of its territory (a city committee: the whole city).
"""

from django.db.models import Q

from electionadmin.access import roles
from electionadmin.access.scope import Jurisdiction, q, register, scope_q
from electionadmin.setup.models import Contest

from .models import (
    BallotInventory,
    CandidateVotes,
    Certification,
    CountingEntry,
    CountingRecord,
    CountingRecordVersion,
)


def record_scope(j: Jurisdiction, p: str) -> Q:
    """Also fits ElectoralUnitArea, whose fields have the same names."""
    if j.admin_unit:
        return q(p, voting_area__commune__in=j.unit_ids())
    if j.electoral_unit:
        return q(p, electoral_unit=j.electoral_unit)
    return q(p, voting_area=j.voting_area)


def inventory_scope(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return q(p, voting_area__commune__in=j.unit_ids())
    if j.electoral_unit:
        return q(p, voting_area__in=j.area_ids(), contest=j.electoral_unit.contest_id)
    return q(p, voting_area=j.voting_area)


def _below_record(j: Jurisdiction, p: str) -> Q:
    return record_scope(j, f"{p}record__")


register(CountingRecord, record_scope)
register(CountingEntry, _below_record)
register(CandidateVotes, _below_record)
register(CountingRecordVersion, _below_record)
register(BallotInventory, inventory_scope)
register(
    Certification,
    lambda j, p: scope_q(j, Contest, f"{p}contest__"),
    lambda j, p: scope_q(j, Contest, f"{p}contest__", editable=True),
)


def _perms(verbs: str, *models: str) -> list[str]:
    return [f"results.{verb}_{m}" for m in models for verb in verbs.split()]


VIEW = _perms(
    "view",
    "countingrecord",
    "countingentry",
    "candidatevotes",
    "countingrecordversion",
    "ballotinventory",
    "certification",
)
COMMITTEE = (
    VIEW
    + _perms("add change", "countingrecord", "ballotinventory")
    + _perms("add", "countingentry", "certification")
)
roles.extend_role(roles.CITY_COMMITTEE, COMMITTEE + _perms("change", "certification"))
roles.extend_role(roles.DISTRICT_COMMITTEE, COMMITTEE)
roles.extend_role(roles.COMMUNE_COMMITTEE, COMMITTEE)
roles.extend_role(
    roles.ELECTORAL_BOARD,
    VIEW + _perms("change", "countingrecord") + _perms("add", "countingentry"),
)
# A team enters its minutes, explains their warnings and submits them (change).
roles.extend_role(
    roles.ELECTION_TEAM,
    VIEW
    + _perms("change", "countingrecord")
    + _perms("add", "countingentry")
    + _perms("add change", "ballotinventory"),
)
roles.extend_role(roles.VIEWER, VIEW)
