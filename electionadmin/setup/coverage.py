"""Which voting areas each electoral unit covers, and the rules about it.

A voting area lies in exactly one electoral unit of every contest whose territory
holds it (docs/DOMAIN.md §1.1): the National Assembly contest's territory is the whole
election, an HĐND contest's is its council unit's subtree. The official list of each
unit must carry the legal surplus of candidates over seats (§2.2).

The functions work on plain codes and keys, so the importer checks the state a file
would leave behind with the same code that `check_election` runs on saved data.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count

from . import rules
from .models import AdminUnit, ElectoralUnit, ElectoralUnitArea, VotingArea

AreaKey = tuple[str, int]  # (commune code, area number)


def area_text(areas: Iterable[AreaKey], limit: int = 5) -> str:
    """`26734/1, 26734/2 … (12 khu vực)` — a short list for messages."""
    keys = sorted(areas)
    shown = ", ".join(f"{commune}/{number}" for commune, number in keys[:limit])
    return shown if len(keys) <= limit else f"{shown} … ({len(keys)} khu vực)"


def children_map(parents: Mapping[str, str | None]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in parents.items():
        if parent:
            children[parent].append(code)
    return children


def subtree(code: str, children: Mapping[str, list[str]]) -> set[str]:
    """The unit and every unit below it."""
    found, todo = set(), [code]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


def areas_by_commune(areas: Iterable[AreaKey]) -> dict[str, set[AreaKey]]:
    table: dict[str, set[AreaKey]] = defaultdict(set)
    for area in areas:
        table[area[0]].add(area)
    return table


def resolve(
    unit_codes: Iterable[str],
    area_keys: Iterable[AreaKey],
    children: Mapping[str, list[str]],
    by_commune: Mapping[str, set[AreaKey]],
) -> set[AreaKey]:
    """Every area in the listed units' subtrees, plus the areas listed one by one."""
    found = set(area_keys)
    for code in unit_codes:
        for commune in subtree(code, children):
            found |= by_commune.get(commune, set())
    return found


def territory(
    council: str | None,
    all_areas: Iterable[AreaKey],
    children: Mapping[str, list[str]],
) -> set[AreaKey]:
    """The areas a contest must cover: all of them for QH, else the council's."""
    if not council:
        return set(all_areas)
    return resolve([council], (), children, areas_by_commune(all_areas))


@dataclass
class Partition:
    # (unit number, earlier unit number) -> the areas both claim
    overlaps: dict[tuple[int, int], list[AreaKey]] = field(default_factory=dict)
    uncovered: list[AreaKey] = field(default_factory=list)
    outside: dict[int, list[AreaKey]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.overlaps or self.uncovered or self.outside)


def partition(
    area_territory: set[AreaKey], units: Iterable[tuple[int, set[AreaKey]]]
) -> Partition:
    """Check that the units split the territory: each area in exactly one unit.

    `units` come in the order blame is given: an area claimed twice is reported
    against the later unit.
    """
    result, owner = Partition(), {}
    for number, areas in units:
        for area in sorted(areas):
            if area not in area_territory:
                result.outside.setdefault(number, []).append(area)
            elif area in owner:
                result.overlaps.setdefault((number, owner[area]), []).append(area)
            else:
                owner[area] = number
    result.uncovered = sorted(area_territory - set(owner))
    return result


def overlap_message(contest: str, number: int, first: int, areas) -> str:
    return (
        f"Đơn vị bầu cử số {number} và đơn vị số {first} của cuộc bầu cử {contest} "
        f"cùng gồm khu vực bỏ phiếu {area_text(areas)}; mỗi khu vực bỏ phiếu chỉ "
        "thuộc một đơn vị bầu cử."
    )


def uncovered_message(contest: str, areas) -> str:
    return (
        f"Khu vực bỏ phiếu {area_text(areas)} không thuộc đơn vị bầu cử nào "
        f"của cuộc bầu cử {contest}."
    )


def outside_message(contest: str, number: int, areas) -> str:
    return (
        f"Đơn vị bầu cử số {number} gồm khu vực bỏ phiếu {area_text(areas)} "
        f"nằm ngoài địa bàn của cuộc bầu cử {contest}."
    )


def shortfall_message(contest: str, number: int, seats: int, count: int, needed):
    return (
        f"Đơn vị bầu cử số {number} của cuộc bầu cử {contest} bầu {seats} đại biểu "
        f"nhưng chỉ có {count} người ứng cử; cần ít nhất {needed} người "
        f"(nhiều hơn số đại biểu được bầu {needed - seats} người)."
    )


def candidates_needed(cycle, kind: str, seats: int, count: int) -> int | None:
    """The legal minimum when `count` falls short of it, else None."""
    needed = rules.min_candidates(cycle, kind, seats)
    return needed if count < needed else None


@dataclass
class Finding:
    """A breach in saved data, with the record to fix and the voting areas it is
    about (a screen shows it to whoever's jurisdiction holds them)."""

    message: str
    target: object  # the model instance to fix
    area_ids: frozenset[int] = frozenset()


def saved_violations(election) -> list[str]:
    """Coverage and candidate-count violations in an election's saved data."""
    return [finding.message for finding in saved_findings(election)]


def saved_findings(election, label=lambda contest: contest.key) -> list[Finding]:
    """The violations of `saved_violations`, each about one commune's areas (so a
    ward reads its own), naming each contest by `label(contest)`."""
    units = ElectoralUnit.objects.filter(contest__election=election).select_related(
        "contest__council_unit", "contest__election__cycle"
    )
    unit_set = AdminUnit.objects.filter(unit_set=election.unit_set_id)
    children = children_map(dict(unit_set.values_list("code", "parent__code")))
    area_ids = {
        (commune, number): pk
        for pk, commune, number in VotingArea.objects.filter(
            election=election
        ).values_list("pk", "commune__code", "number")
    }
    unit_areas = _saved_unit_areas(election)
    found = []
    for contest in election.contests.select_related("council_unit"):
        mine = sorted(
            (u for u in units if u.contest_id == contest.pk), key=lambda u: u.number
        )
        council = contest.council_unit.code if contest.council_unit_id else None
        result = partition(
            territory(council, set(area_ids), children),
            [(u.number, unit_areas[u.pk]) for u in mine],
        )
        found += _coverage_findings(label(contest), contest, mine, result, area_ids)
    return found + _shortfall_findings(election, units, label)


def _by_commune(areas, area_ids):
    for group in areas_by_commune(areas).values():
        yield sorted(group), frozenset(area_ids[a] for a in group if a in area_ids)


def _coverage_findings(name, contest, units, result, area_ids) -> list[Finding]:
    by_number = {unit.number: unit for unit in units}
    found = []
    for (number, first), areas in result.overlaps.items():
        for group, ids in _by_commune(areas, area_ids):
            message = overlap_message(name, number, first, group)
            found.append(Finding(message, by_number[number], ids))
    for number, areas in result.outside.items():
        for group, ids in _by_commune(areas, area_ids):
            message = outside_message(name, number, group)
            found.append(Finding(message, by_number[number], ids))
    for group, ids in _by_commune(result.uncovered, area_ids):
        found.append(Finding(uncovered_message(name, group), contest, ids))
    return found


def _saved_unit_areas(election) -> dict[int, set[AreaKey]]:
    rows = ElectoralUnitArea.objects.filter(contest__election=election).values_list(
        "electoral_unit_id", "voting_area__commune__code", "voting_area__number"
    )
    unit_areas: dict[int, set[AreaKey]] = defaultdict(set)
    for unit_id, commune, number in rows:
        unit_areas[unit_id].add((commune, number))
    return unit_areas


def _shortfall_findings(election, units, label) -> list[Finding]:
    counts = dict(units.annotate(n=Count("candidates")).values_list("pk", "n"))
    found = []
    for unit in units:
        count = counts.get(unit.pk, 0)
        needed = candidates_needed(election.cycle, unit.contest.kind, unit.seats, count)
        if needed and not unit.shortfall_decision:
            message = shortfall_message(
                label(unit.contest), unit.number, unit.seats, count, needed
            )
            found.append(Finding(message, unit))
    return found
