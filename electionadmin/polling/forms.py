"""What the entry screens show per row: the list, the figure before, the figure now."""

from functools import partial

from electionadmin.setup.models import Contest
from electionadmin.voters.models import AreaListCount

from . import rules
from .entry import Entry
from .models import TurnoutFigure


def parse_count(raw: str) -> int | None:
    """`1.234`, `1 234` or `1234` -> 1234; None when it is not a count."""
    digits = raw.replace(".", "").replace(",", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def contest_choices(election, areas) -> dict[str, Contest]:
    """Key -> contest, for the contests held in these areas."""
    contests = (
        Contest.objects.filter(election=election, units__areas__in=areas)
        .select_related("council_unit")
        .distinct()
    )
    return {c.key: c for c in sorted(contests, key=lambda c: (c.kind, c.key))}


def _lists(areas, contest) -> dict[int, int]:
    rows = AreaListCount.objects.filter(voting_area__in=areas, contest=contest)
    return dict(rows.values_list("voting_area", "voters"))


def _figures(areas, contest, slots, round=None) -> dict[tuple, TurnoutFigure]:
    figures = TurnoutFigure.objects.filter(
        voting_area__in=areas, contest=contest, slot__in=slots, round=round
    )
    return {(f.voting_area_id, f.slot): f for f in figures}


def rows_context(election, areas, slot: str, contest, round=None) -> list[dict]:
    """One row per area at `slot`, with the figure of the slot before (of `round`,
    None: the first round)."""
    slots = rules.slots(election)
    before = slots[slots.index(slot) - 1] if slots.index(slot) else None
    lists = _lists(areas, contest)
    figures = _figures(areas, contest, [s for s in (slot, before) if s], round)
    rows = []
    for area in areas:
        now = figures.get((area.pk, slot))
        earlier = figures.get((area.pk, before))
        rows.append(
            {
                "area": area,
                "early": rules.is_early(area, election),
                "on_list": lists.get(area.pk),
                "previous": earlier.voters_voted if earlier else None,
                "current": now.voters_voted if now else None,
                "value": now.voters_voted if now else "",
                "warnings": now.warnings if now else [],
                "entry": partial(
                    _entry, area=area, slot=slot, contest=contest, round=round
                ),
            }
        )
    return rows


def figure_of(election, area, slot: str, contest, round=None) -> dict:
    """One row per slot of one area (of `round`, None: the first round)."""
    figure = TurnoutFigure.objects.filter(
        voting_area=area, contest=contest, slot=slot, round=round
    ).first()
    on_list = _lists([area], contest).get(area.pk)
    return {
        "slot": slot,
        "on_list": on_list,
        "current": figure.voters_voted if figure else None,
        "value": figure.voters_voted if figure else "",
        "warnings": figure.warnings if figure else [],
        "entered_at": figure.entered_at if figure else None,
        "entry": partial(_entry, area=area, slot=slot, contest=contest, round=round),
    }


def _entry(label: str, value: int, *, area, slot, contest, round=None) -> Entry:
    return Entry(label, area, slot, value, contest, round)
