"""Turnout rolled up: voting area -> commune -> district (2021) -> province, and per
electoral unit of each contest.

Sums are exact integers and count only the areas that reported at a slot: an area
without a figure at a slot adds nothing to that slot (its earlier figure is not
carried forward) and is not counted in `areas_reported`. `turnout_pct` divides by
all voters on the list of the row; `reported_turnout_pct` by those of the areas that
reported. An electoral unit takes an area's figure for its contest, or, when the
area has none but every voter on its list is entitled to the contest, the area's
overall figure (the same voters).

The commune totals are one GROUP BY over the figures table (which carries the
commune); districts and the province are summed from the communes in Python.

`round` (None: the first round; "reelection", "supplementary") picks the figures of
one round; a later round's rows cover only the areas of the units holding it.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Sum

from electionadmin import replica
from electionadmin.figures import pct
from electionadmin.rawsql import names
from electionadmin.setup.models import (
    AdminUnit,
    Contest,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from electionadmin.voters.models import AreaListCount

from .models import TurnoutFigure

KIND_ORDER = {"QH": 0, "HDND_TINH": 1, "HDND_HUYEN": 2, "HDND_XA": 3}
LEVELS = ("province", "district", "commune")

TABLES = {"f": TurnoutFigure, "c": AreaListCount, "l": ElectoralUnitArea, "k": Contest}
COMMUNE_FIGURES = names(
    """
SELECT f.{f.commune}, f.{f.slot}, COUNT(*), SUM(f.{f.voters_voted}),
       SUM(COALESCE(c.{c.voters}, 0))
  FROM {f} f
  LEFT JOIN {c} c
    ON c.{c.voting_area} = f.{f.voting_area} AND c.{c.contest} IS NULL
 WHERE f.{f.election} = %s AND f.{f.contest} IS NULL {only} {round}
 GROUP BY f.{f.commune}, f.{f.slot}
""",
    **TABLES,
)
UNIT_LISTS = names(
    """
SELECT l.{l.electoral_unit}, COUNT(*), SUM(COALESCE(c.{c.voters}, 0))
  FROM {l} l
  JOIN {k} k ON k.{k.id} = l.{l.contest}
  LEFT JOIN {c} c
    ON c.{c.voting_area} = l.{l.voting_area} AND c.{c.contest} = l.{l.contest}
 WHERE k.{k.election} = %s {units}
 GROUP BY l.{l.electoral_unit}
""",
    **TABLES,
)
UNIT_FIGURES = names(
    """
SELECT l.{l.electoral_unit}, f.{f.slot}, COUNT(*), SUM(f.{f.voters_voted}),
       SUM(COALESCE(c.{c.voters}, 0))
  FROM {l} l
  JOIN {k} k ON k.{k.id} = l.{l.contest}
  JOIN {f} f ON f.{f.voting_area} = l.{l.voting_area}
  LEFT JOIN {c} c
    ON c.{c.voting_area} = l.{l.voting_area} AND c.{c.contest} = l.{l.contest}
 WHERE k.{k.election} = %s {units} {round}
   AND (f.{f.contest} = l.{l.contest}
        OR (f.{f.contest} IS NULL AND c.{c.whole_list} AND NOT EXISTS (
              SELECT 1 FROM {f} g
               WHERE g.{f.voting_area} = l.{l.voting_area}
                 AND g.{f.contest} = l.{l.contest} AND g.{f.slot} = f.{f.slot}
                 AND g.{f.round} IS NOT DISTINCT FROM f.{f.round})))
 GROUP BY l.{l.electoral_unit}, f.{f.slot}
""",
    **TABLES,
)


@dataclass
class Row:
    level: str
    code: str
    name: str
    parent: str | None = None
    pk: int | None = None
    voters_on_list: int = 0
    areas_expected: int = 0
    reported: Counter = field(default_factory=Counter)  # slot -> areas
    voted: Counter = field(default_factory=Counter)  # slot -> voters who voted
    listed: Counter = field(default_factory=Counter)  # slot -> list of reporters
    contest: str | None = None

    def add(self, other: "Row") -> None:
        self.voters_on_list += other.voters_on_list
        self.areas_expected += other.areas_expected
        self.reported.update(other.reported)
        self.voted.update(other.voted)
        self.listed.update(other.listed)

    def count(self, slot: str, areas: int, voted: int, listed: int) -> None:
        self.reported[slot] += areas
        self.voted[slot] += voted
        self.listed[slot] += listed

    def pct(self, slot: str) -> str:
        """Turnout over the whole list of the row."""
        return pct(self.voted[slot], self.voters_on_list)

    def reported_pct(self, slot: str) -> str:
        """Turnout over the lists of the areas that reported at the slot."""
        return pct(self.voted[slot], self.listed[slot])

    def latest(self, slots: list[str]) -> str | None:
        """The last slot at which any area of the row reported."""
        done = [s for s in slots if self.reported[s]]
        return done[-1] if done else None

    def as_dict(self, slots: list[str]) -> dict:
        data = {
            "level": self.level,
            "code": self.code,
            "name": self.name,
            "parent": self.parent,
            "voters_on_list": self.voters_on_list,
            "areas_expected": self.areas_expected,
            "areas_reported": {s: self.reported[s] for s in slots},
            "voters_voted": {s: self.voted[s] for s in slots},
            "turnout_pct": {s: self.pct(s) for s in slots},
            "reported_voters_on_list": {s: self.listed[s] for s in slots},
            "reported_turnout_pct": {s: self.reported_pct(s) for s in slots},
        }
        if self.contest:
            data["contest"] = self.contest
        return data


def fetch(sql: str, params: list) -> list[tuple]:
    # On a dashboard (replica.from_replica), the read replica when there is one.
    with connections[replica.read_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def in_clause(column: str, ids) -> tuple[str, list]:
    if ids is None:
        return "", []
    ids = list(ids) or [0]
    return f"AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def round_filter(round: str | None) -> tuple[str, list]:
    """The SQL condition on the figures (alias f) of one round."""
    if round is None:
        return "AND f.round IS NULL", []
    return "AND f.round = %s", [round]


def round_unit_ids(election, round: str) -> set[int]:
    """The election's electoral units holding this later round."""
    units = ElectoralUnit.objects.filter(
        contest__election=election, rounds__round=round
    )
    return set(units.values_list("pk", flat=True))


def round_area_ids(election, round: str | None) -> set[int] | None:
    """The voting areas taking part in a later round (None: the first, all)."""
    if round is None:
        return None
    return set(
        ElectoralUnitArea.objects.filter(
            electoral_unit__in=round_unit_ids(election, round)
        ).values_list("voting_area", flat=True)
    )


def commune_rows(election, commune_ids=None, round=None) -> dict[int, Row]:
    """Commune id -> its row, for the communes that have voting areas (in `round`:
    the communes of its areas, counting only those areas)."""
    areas = VotingArea.objects.filter(election=election)
    lists = AreaListCount.objects.filter(election=election, contest__isnull=True)
    in_round = round_area_ids(election, round)
    if in_round is not None:
        areas = areas.filter(pk__in=in_round)
        lists = lists.filter(voting_area__in=in_round)
    if commune_ids is not None:
        areas = areas.filter(commune__in=commune_ids)
        lists = lists.filter(commune__in=commune_ids)
    expected = dict(areas.values_list("commune").annotate(n=Count("pk")))
    units = AdminUnit.objects.filter(pk__in=expected).values_list(
        "pk", "code", "name", "parent__code"
    )
    rows = {
        pk: Row("commune", code, name, parent, pk, areas_expected=expected[pk])
        for pk, code, name, parent in units
    }
    for commune_id, voters in lists.values_list("commune").annotate(n=Sum("voters")):
        if commune_id in rows:
            rows[commune_id].voters_on_list = voters or 0
    only, ids = in_clause("f.commune_id", commune_ids)
    if in_round is not None:
        more, area_ids = in_clause("f.voting_area_id", in_round)
        only, ids = f"{only} {more}", [*ids, *area_ids]
    by_round, round_params = round_filter(round)
    for commune_id, slot, n, voted, listed in fetch(
        COMMUNE_FIGURES.format(only=only, round=by_round),
        [election.pk, *ids, *round_params],
    ):
        if commune_id in rows:
            rows[commune_id].count(slot, n, voted or 0, listed or 0)
    return rows


def admin_rows(election, root=None, round=None) -> list[Row]:
    """Province, districts (2021) and communes of `root`'s subtree (default: all)."""
    keep = None
    if root is not None and root.level != AdminUnit.Level.PROVINCE:
        keep = AdminUnit.objects.subtree_ids(root)
    by_commune = commune_rows(election, keep, round)
    uppers = _upper_rows(election, by_commune)
    for commune in by_commune.values():
        for parent in _chain(commune, uppers):
            parent.add(commune)
    ordered = sorted(uppers.values(), key=lambda r: (LEVELS.index(r.level), r.code))
    rows = ordered + sorted(by_commune.values(), key=lambda r: r.code)
    if keep is not None:
        rows = [row for row in rows if row.pk in keep]
    return rows


def _upper_rows(election, by_commune: dict[int, Row]) -> dict[str, Row]:
    """Code -> empty row for every district and province above the communes."""
    codes = {row.parent for row in by_commune.values() if row.parent}
    parents = AdminUnit.objects.filter(unit_set=election.unit_set_id, code__in=codes)
    found = {}
    for unit in parents.select_related("parent"):
        found[unit.code] = Row(unit.level, unit.code, unit.name, _code(unit), unit.pk)
        if unit.parent is not None:
            top = unit.parent
            found[top.code] = Row(top.level, top.code, top.name, None, top.pk)
    return found


def _code(unit) -> str | None:
    return unit.parent.code if unit.parent_id else None


def _chain(row: Row, uppers: dict[str, Row]) -> list[Row]:
    chain, code = [], row.parent
    while code:
        chain.append(uppers[code])
        code = uppers[code].parent
    return chain


def area_rows(election, commune_ids=None, round=None) -> list[Row]:
    areas = VotingArea.objects.filter(election=election)
    lists = AreaListCount.objects.filter(election=election, contest__isnull=True)
    figures = TurnoutFigure.objects.filter(
        election=election, contest__isnull=True, round=round
    )
    in_round = round_area_ids(election, round)
    if in_round is not None:
        areas = areas.filter(pk__in=in_round)
    if commune_ids is not None:
        areas = areas.filter(commune__in=commune_ids)
        lists = lists.filter(commune__in=commune_ids)
        figures = figures.filter(commune__in=commune_ids)
    voters = dict(lists.order_by().values_list("voting_area", "voters"))
    rows = {}
    for pk, number, name, code in areas.values_list(
        "pk", "number", "name", "commune__code"
    ).order_by("commune__code", "number"):
        label = name or f"Khu vực bỏ phiếu số {number}"
        rows[pk] = Row("voting_area", f"{code}/{number}", label, code, pk)
        rows[pk].voters_on_list, rows[pk].areas_expected = voters.get(pk, 0), 1
    for area_id, slot, voted in figures.order_by().values_list(
        "voting_area", "slot", "voters_voted"
    ):
        row = rows.get(area_id)
        if row is not None:
            row.count(slot, 1, voted, row.voters_on_list)
    return list(rows.values())


def unit_rows(election, contests=None, figures=True, round=None) -> list[Row]:
    """One row per electoral unit (of `contests` only, when given; in a later
    `round`, the units holding it); without `figures`, the rows carry names and
    codes only."""
    units = ElectoralUnit.objects.filter(contest__election=election).select_related(
        "contest__council_unit"
    )
    held = None if round is None else round_unit_ids(election, round)
    if held is not None:
        units = units.filter(pk__in=held)
    if contests is not None:
        units = units.filter(contest__in=contests)
    rows = {}
    for unit in sorted(units, key=_unit_order):
        name = unit.name or f"Đơn vị bầu cử số {unit.number}"
        rows[unit.pk] = Row("electoral_unit", unit.key, name, None, unit.pk)
        rows[unit.pk].contest = unit.contest.key
    if not figures:
        return list(rows.values())
    only, ids = in_clause("l.electoral_unit_id", held)
    lists_sql = UNIT_LISTS.format(units=only)
    for unit_id, n, voters in fetch(lists_sql, [election.pk, *ids]):
        if unit_id in rows:
            rows[unit_id].areas_expected, rows[unit_id].voters_on_list = n, voters or 0
    by_round, round_params = round_filter(round)
    figures_sql = UNIT_FIGURES.format(units=only, round=by_round)
    params = [election.pk, *ids, *round_params]
    for unit_id, slot, n, voted, listed in fetch(figures_sql, params):
        if unit_id in rows:
            rows[unit_id].count(slot, n, voted or 0, listed or 0)
    return list(rows.values())


def _unit_order(unit) -> tuple:
    council = unit.contest.council_unit
    return (KIND_ORDER[unit.contest.kind], council.code if council else "", unit.number)
