"""The areas that have not reported the latest due slot, with the team leader's phone.

An area is late when it has no overall figure one hour after the slot's time.
"""

from django.db.models import Exists, OuterRef

from electionadmin.setup.models import BodyMember, VotingArea

from . import rules
from .models import TurnoutFigure


def missing(election, now, commune_ids=None) -> tuple[str | None, list[dict]]:
    """(the latest due slot, the areas without an overall figure for it)."""
    due = rules.due_slots(election, now)
    if not due:
        return None, []
    slot = due[-1]
    reported = TurnoutFigure.objects.filter(
        voting_area=OuterRef("pk"), contest__isnull=True, slot=slot
    )
    areas = VotingArea.objects.filter(election=election).exclude(Exists(reported))
    if commune_ids is not None:
        areas = areas.filter(commune__in=commune_ids)
    areas = list(areas.select_related("commune").order_by("commune__code", "number"))
    leaders = _leaders([area.pk for area in areas])
    late = rules.is_late(election, slot, now)
    return slot, [
        {"area": area, "late": late, "leader": leaders.get(area.pk, ("", ""))}
        for area in areas
    ]


def _leaders(area_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Area id -> (name, phone) of its team's leader (tổ trưởng)."""
    chairs = BodyMember.objects.filter(
        body__kind="team", body__voting_area__in=area_ids, role="chair"
    ).values_list("body__voting_area", "full_name", "phone")
    return {area: (name, phone) for area, name, phone in chairs}
