"""Which structure records a jurisdiction sees (visible) and may change (editable)."""

from django.db.models import Exists, OuterRef, Q

from electionadmin.access.scope import NOTHING, Jurisdiction, q, register, scope_q

from .models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Contest,
    Cycle,
    Election,
    ElectionBody,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)


def admin_unit_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return q(p, pk__in=j.unit_ids() + j.ancestor_ids())
    if j.electoral_unit:
        # By id sets, not joins: a join gives a unit once per area (the admin's
        # unit page failed with MultipleObjectsReturned for a board, issue #11, 4).
        communes = VotingArea.objects.filter(pk__in=j.area_ids()).values("commune_id")
        covered = AdminUnit.objects.filter(
            covering_electoral_units=j.electoral_unit
        ).values("pk")
        return q(p, pk__in=communes) | q(p, pk__in=covered)
    return q(p, pk=j.voting_area.commune_id)


def admin_unit_editable(j: Jurisdiction, p: str) -> Q:
    return q(p, pk__in=j.unit_ids()) if j.admin_unit else NOTHING


def election_visible(j: Jurisdiction, p: str) -> Q:
    """A committee sees the elections of its own province (or city): those held
    on its units' set whose province is its unit or one above it. An election
    with no province yet is seen by every committee of the set (set-up)."""
    if j.admin_unit:
        provinces = [j.admin_unit.pk, *j.ancestor_ids()]
        return q(p, unit_set_id=j.admin_unit.unit_set_id) & (
            q(p, province__isnull=True) | q(p, province_id__in=provinces)
        )
    if j.electoral_unit:
        return q(p, pk=j.electoral_unit.contest.election_id)
    return q(p, pk=j.voting_area.election_id)


def election_editable(j: Jurisdiction, p: str) -> Q:
    return election_visible(j, p) if j.is_province() else NOTHING


def contest_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        councils = j.unit_ids() + j.ancestor_ids()
        return (
            q(p, council_unit__isnull=True) | q(p, council_unit__in=councils)
        ) & election_visible(j, f"{p}election__")
    if j.electoral_unit:
        return q(p, pk=j.electoral_unit.contest_id)
    return q(p, units__pk__in=j.covering_unit_ids())


def contest_editable(j: Jurisdiction, p: str) -> Q:
    """A committee changes the contests of the councils in its territory."""
    if not j.admin_unit:
        return NOTHING
    own = q(p, council_unit__in=j.unit_ids())
    if j.is_province():
        own |= q(p, council_unit__isnull=True)
    return own & election_visible(j, f"{p}election__")


def electoral_unit_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        covers_mine = Exists(
            ElectoralUnitArea.objects.filter(
                electoral_unit=OuterRef(f"{p}pk" if p else "pk"),
                voting_area__commune__in=j.unit_ids(),
            )
        )
        return contest_editable(j, f"{p}contest__") | Q(covers_mine)
    if j.electoral_unit:
        return q(p, pk=j.electoral_unit.pk)
    return q(p, pk__in=j.covering_unit_ids())


def electoral_unit_editable(j: Jurisdiction, p: str) -> Q:
    return contest_editable(j, f"{p}contest__")


def voting_area_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return q(p, commune__in=j.unit_ids())
    return q(p, pk__in=j.area_ids())


def voting_area_editable(j: Jurisdiction, p: str) -> Q:
    return voting_area_visible(j, p) if j.admin_unit else NOTHING


def body_visible(j: Jurisdiction, p: str) -> Q:
    if j.admin_unit:
        return (
            q(p, kind="committee", admin_unit__in=j.unit_ids())
            | (q(p, kind="board") & electoral_unit_editable(j, f"{p}electoral_unit__"))
            | q(p, kind="team", voting_area__commune__in=j.unit_ids())
        )
    if j.electoral_unit:
        return q(p, electoral_unit=j.electoral_unit) | q(
            p, voting_area__in=j.area_ids()
        )
    return q(p, voting_area=j.voting_area)


def body_editable(j: Jurisdiction, p: str) -> Q:
    return body_visible(j, p) if j.admin_unit else NOTHING


register(Cycle, lambda j, p: Q())
register(AdminUnit, admin_unit_visible, admin_unit_editable)
register(Election, election_visible, election_editable)
register(Contest, contest_visible, contest_editable)
register(ElectoralUnit, electoral_unit_visible, electoral_unit_editable)
register(VotingArea, voting_area_visible, voting_area_editable)
register(
    Candidate,
    lambda j, p: scope_q(j, ElectoralUnit, f"{p}electoral_unit__"),
    lambda j, p: scope_q(j, ElectoralUnit, f"{p}electoral_unit__", editable=True),
)
register(ElectionBody, body_visible, body_editable)
register(
    BodyMember,
    lambda j, p: scope_q(j, ElectionBody, f"{p}body__"),
    lambda j, p: scope_q(j, ElectionBody, f"{p}body__", editable=True),
)
