"""Load what is already saved for an election into plan items: one query per table."""

from collections import defaultdict

from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)

from .plan import (
    AdminUnitItem,
    AreaItem,
    BodyItem,
    CandidateItem,
    ContestItem,
    ElectoralUnitItem,
    MemberItem,
    State,
    area_label,
    unit_label,
)

CANDIDATE_FIELDS = [
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "occupation",
    "workplace",
    "education",
    "party_join_date",
    "is_incumbent_na",
    "is_incumbent_council",
    "ballot_order",
]


def load_units(state: State, unit_set) -> None:
    rows = AdminUnit.objects.filter(unit_set=unit_set).values_list(
        "pk", "code", "name", "level", "parent__code", "has_council"
    )
    state.units = {
        code: AdminUnitItem(code, name, level, parent, has_council, pk=pk)
        for pk, code, name, level, parent, has_council in rows
    }


def load_election(state: State, election) -> None:
    """Everything below the election; `state.units` must be loaded first."""
    areas, units = load_structure(state, election)
    _load_candidates(state, election, units)
    _load_bodies(state, election, units, areas)


def load_structure(state: State, election) -> tuple[dict, dict]:
    """Voting areas, contests and electoral units (what names the bodies:
    bodies.py); their keys by pk."""
    areas = _load_areas(state, election)
    contests = _load_contests(state, election)
    return areas, _load_electoral_units(state, election, contests, areas)


def _load_areas(state: State, election) -> dict:
    rows = VotingArea.objects.filter(election=election).values_list(
        "pk", "commune__code", "number", "name", "polling_place", "area_type",
        "voting_date",
    )  # fmt: skip
    by_pk = {}
    for pk, commune, number, *rest in rows:
        item = AreaItem(commune, number, *rest, pk=pk)
        state.areas[item.key] = item
        by_pk[pk] = item.key
    return by_pk


def _load_contests(state: State, election) -> dict:
    rows = Contest.objects.filter(election=election).values_list(
        "pk", "kind", "council_unit__code", "name", "total_seats"
    )
    by_pk = {}
    for pk, kind, council, name, total_seats in rows:
        item = ContestItem(kind, council, name, total_seats, pk=pk)
        state.contests[item.key] = item
        by_pk[pk] = item.key
    return by_pk


def _load_electoral_units(state: State, election, contests, areas) -> dict:
    in_election = {"electoralunit__contest__election": election}
    covers_units = defaultdict(set)
    through = ElectoralUnit.covers_units.through.objects.filter(**in_election)
    for unit_id, code in through.values_list("electoralunit_id", "adminunit__code"):
        covers_units[unit_id].add(code)
    covers_areas = defaultdict(set)
    through = ElectoralUnit.covers_areas.through.objects.filter(**in_election)
    for unit_id, area_id in through.values_list("electoralunit_id", "votingarea_id"):
        covers_areas[unit_id].add(areas[area_id])
    rows = ElectoralUnit.objects.filter(contest__election=election).values_list(
        "pk", "contest_id", "number", "seats", "name", "shortfall_decision"
    )
    by_pk = {}
    for pk, contest_id, number, seats, name, decision in rows:
        item = ElectoralUnitItem(
            contests[contest_id], number, seats, name, decision,
            frozenset(covers_units[pk]), frozenset(covers_areas[pk]), pk=pk,
        )  # fmt: skip
        state.electoral_units[item.key] = item
        state.unit_areas[item.key] = set()
        by_pk[pk] = item.key
    pairs = ElectoralUnitArea.objects.filter(contest__election=election)
    for unit_id, area_id in pairs.values_list("electoral_unit_id", "voting_area_id"):
        state.unit_areas[by_pk[unit_id]].add(areas[area_id])
    return by_pk


def _load_candidates(state: State, election, units) -> None:
    rows = (
        Candidate.objects.filter(electoral_unit__contest__election=election)
        .order_by("electoral_unit_id", "ballot_order")
        .values("pk", "electoral_unit_id", *CANDIDATE_FIELDS)
    )
    for row in rows:
        unit = units[row.pop("electoral_unit_id")]
        item = CandidateItem(unit=unit, **row)
        state.candidates.setdefault(unit, []).append(item)


def _load_bodies(state: State, election, units, areas) -> None:
    rows = ElectionBody.objects.filter(election=election).values_list(
        "pk", "kind", "admin_unit__code", "electoral_unit_id", "voting_area_id"
    )
    by_pk = {}
    for pk, kind, code, unit_id, area_id in rows:
        if kind == ElectionBody.Kind.COMMITTEE:
            target, label = code, code
        elif kind == ElectionBody.Kind.BOARD:
            target = units[unit_id]
            label = unit_label(target)
        else:
            target = areas[area_id]
            label = area_label(target)
        key = f"{kind}:{label}"
        state.bodies[key] = BodyItem(key, kind, target, pk=pk)
        by_pk[pk] = key
    members = BodyMember.objects.filter(body__election=election).order_by(
        "body_id", "position", "pk"
    )
    for pk, body_id, name, role, phone, position in members.values_list(
        "pk", "body_id", "full_name", "role", "phone", "position"
    ):
        key = by_pk[body_id]
        item = MemberItem(key, name, role, phone, position, pk=pk)
        state.members.setdefault(key, []).append(item)
