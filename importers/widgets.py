"""Cells of the admin's per-model exports (importers/resources.py), and what an
electoral unit covers (the admin's change form, `setup/admin.py`).

Reading those sheets is the set-up importer's (`importers/election/`): nothing here
parses an imported cell.
"""

from django.db.models import Model
from import_export import widgets

from electionadmin.setup import coverage
from electionadmin.setup.models import (
    AdminUnit,
    Election,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)


class Rendered(widgets.Widget):
    """Exports `render(value)`; an empty cell for no value."""

    def __init__(self, render, **kwargs):
        self.render_value = render
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        return "" if value in (None, "") else self.render_value(value)


CHOICE = Rendered(str)  # the English key, which the importer reads too
YES_NO = Rendered(lambda value: "Có" if value else "")
GENDER = Rendered(lambda value: {"M": "Nam", "F": "Nữ"}.get(value, ""))
NUMBER_OF = Rendered(lambda unit: str(unit.number))  # an electoral unit
DATE = Rendered(lambda value: value.strftime("%d/%m/%Y"))


def covers_keys(items) -> list[str]:
    keys = (item.key if isinstance(item, VotingArea) else item.code for item in items)
    return sorted(keys)


def current_covers(unit: ElectoralUnit) -> list[Model]:
    if unit.pk is None:
        return []
    return [*unit.covers_units.all(), *unit.covers_areas.select_related("commune")]


def render_covers(unit: ElectoralUnit) -> str:
    return ";".join(covers_keys(current_covers(unit)))


def _area_table(election: Election) -> dict[coverage.AreaKey, int]:
    areas = VotingArea.objects.filter(election=election)
    return {
        (c, n): pk for pk, c, n in areas.values_list("pk", "commune__code", "number")
    }


def _children(election: Election) -> dict[str, list[str]]:
    units = AdminUnit.objects.filter(unit_set_id=election.unit_set_id)
    return coverage.children_map(dict(units.values_list("code", "parent__code")))


def covered_area_ids(items: list[Model], election: Election) -> set[int]:
    """The voting areas named, plus every area in the administrative units named."""
    table = _area_table(election)
    keys = coverage.resolve(
        [i.code for i in items if isinstance(i, AdminUnit)],
        [(i.commune.code, i.number) for i in items if isinstance(i, VotingArea)],
        _children(election),
        coverage.areas_by_commune(table),
    )
    return {table[key] for key in keys}


def check_covers(unit: ElectoralUnit, area_ids: set[int]) -> None:
    """The unit stays in its contest's territory and shares no area with another."""
    contest, election = unit.contest, unit.contest.election
    table = _area_table(election)
    key_of = {pk: key for key, pk in table.items()}
    council = contest.council_unit.code if contest.council_unit_id else None
    territory = coverage.territory(council, table, _children(election))
    links = ElectoralUnitArea.objects.filter(contest=contest).exclude(
        electoral_unit_id=unit.pk
    )
    others: dict[int, set] = {}
    for number, area_id in links.values_list("electoral_unit__number", "voting_area"):
        others.setdefault(number, set()).add(key_of[area_id])
    mine = {key_of[pk] for pk in area_ids}
    result = coverage.partition(territory, [*others.items(), (unit.number, mine)])
    messages = [
        coverage.overlap_message(contest.key, number, first, areas)
        for (number, first), areas in result.overlaps.items()
    ]
    if unit.number in result.outside:
        areas = result.outside[unit.number]
        messages.append(coverage.outside_message(contest.key, unit.number, areas))
    if messages:
        raise ValueError(" ".join(messages))


def save_covers(unit: ElectoralUnit, items: list[Model]) -> None:
    """Store what the unit covers and rewrite its voting areas from it."""
    unit.covers_units.set([i for i in items if isinstance(i, AdminUnit)])
    unit.covers_areas.set([i for i in items if isinstance(i, VotingArea)])
    area_ids = covered_area_ids(items, unit.contest.election)
    ElectoralUnitArea.objects.filter(electoral_unit=unit).delete()
    ElectoralUnitArea.objects.bulk_create(
        ElectoralUnitArea(
            contest_id=unit.contest_id, electoral_unit=unit, voting_area_id=a
        )
        for a in sorted(area_ids)
    )
