"""The areas that have not reported the latest due slot, with the team leader's phone.

An area is late when it has no overall figure one hour after the slot's time. The
first round's slots fall on election day; a later round's on its own election day
(each unit holding it has its date, `UnitRound.election_date`), and only its areas
and its figures count.

The list is a query (`Missing.areas`), so a screen pages it and counts it per
commune with one GROUP BY: a city has thousands of areas.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When

from electionadmin.setup.models import BodyMember, ElectoralUnitArea, VotingArea

from . import rules
from .models import TurnoutFigure


@dataclass
class Missing:
    """The areas without an overall figure at their latest due slot."""

    slot: str | None  # one slot for all (None: none due yet, or several)
    areas: object  # a VotingArea queryset, annotated `due_slot`, ordered
    due: bool  # has any slot come due?

    def per_commune(self) -> list[dict]:
        """{commune, commune__code, commune__name, n} per commune, by code."""
        found = self.areas.order_by().values(
            "commune", "commune__code", "commune__name"
        )
        return list(found.annotate(n=Count("pk")).order_by("commune__code"))


def round_days(election, round: str | None) -> dict[datetime.date, set[int] | None]:
    """Election day -> its voting areas (None: all areas of the first round)."""
    if round is None:
        return {election.election_date: None}
    links = ElectoralUnitArea.objects.filter(
        contest__election=election, electoral_unit__rounds__round=round
    ).values_list("electoral_unit__rounds__election_date", "voting_area")
    days: dict[datetime.date, set[int]] = {}
    for day, area in links:
        days.setdefault(day, set()).add(area)
    return days


def missing(election, now, commune_ids=None, round=None) -> Missing:
    """The areas (of `commune_ids`, of `round`) late with their latest due slot."""
    groups = []
    for day, area_ids in sorted(round_days(election, round).items()):
        due = rules.due_slots(election, now, day)
        if due:
            groups.append((due[-1], day, area_ids))
    areas = VotingArea.objects.filter(election=election)
    if commune_ids is not None:
        areas = areas.filter(commune__in=commune_ids)
    if not groups:
        return Missing(None, areas.none(), False)
    late, slot_of = Q(pk__in=[]), []
    for slot, day, area_ids in groups:
        reported = TurnoutFigure.objects.filter(
            voting_area=OuterRef("pk"), contest__isnull=True, slot=slot, round=round
        )
        here = ~Exists(reported) & (Q() if area_ids is None else Q(pk__in=area_ids))
        late |= here
        slot_of.append(When(here, then=Value(f"{slot} {day.isoformat()}")))
    areas = areas.filter(late).annotate(due_at=Case(*slot_of, output_field=CharField()))
    slots = {slot for slot, _, _ in groups}
    one = slots.pop() if len(slots) == 1 else None
    return Missing(one, areas.order_by("commune__code", "number"), True)


def rows(election, now, areas) -> list[dict]:
    """The areas of one page with their team leader and whether they are late."""
    areas = list(areas)
    chairs = leaders([area.pk for area in areas])
    found = []
    for area in areas:
        slot, day = area.due_at.split(" ")
        late = rules.is_late(election, slot, now, datetime.date.fromisoformat(day))
        found.append(
            {
                "area": area,
                "slot": slot,
                "late": late,
                "leader": chairs.get(area.pk, ("", "")),
            }
        )
    return found


def leaders(area_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Area id -> (name, phone) of its team's leader (tổ trưởng)."""
    chairs = BodyMember.objects.filter(
        body__kind="team", body__voting_area__in=area_ids, role="chair"
    ).values_list("body__voting_area", "full_name", "phone")
    return {area: (name, phone) for area, name, phone in chairs}
