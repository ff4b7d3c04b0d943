"""Counting progress per voting area and contest, rolled up like turnout.

States, from the recorded actions, not the clock: the team's standing mark
"Bắt đầu kiểm phiếu" (polling.CountingStart, undone marks left out) and the
first-round counting minutes (results.CountingRecord):
- `not_started`: no standing mark and no minutes (even after the polls closed: an
  area counts as counting only once its team, or its commune, says so);
- `counting`: the mark stands, or minutes exist without agreed figures yet (a
  draft, or two entries that differ: the count has begun);
- `entered`: minutes entered (double entry agreed) or submitted to the board;
- `accepted`: minutes accepted by the board (or locked by certification).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from electionadmin.polling import rollup, rules
from electionadmin.polling.models import CountingStart
from electionadmin.rawsql import names
from electionadmin.setup.models import ElectoralUnitArea, VotingArea

from .models import CountingRecord, Round

NOT_STARTED, COUNTING, ENTERED, ACCEPTED = (
    "not_started",
    "counting",
    "entered",
    "accepted",
)
STATES = (NOT_STARTED, COUNTING, ENTERED, ACCEPTED)
LABELS = {
    NOT_STARTED: "Chưa kiểm phiếu",
    COUNTING: "Đang kiểm phiếu",
    ENTERED: "Đã nhập biên bản",
    ACCEPTED: "Biên bản đã được chấp nhận",
}
FROM_STATUS = {
    CountingRecord.Status.DRAFT: COUNTING,
    CountingRecord.Status.MISMATCH: COUNTING,
    CountingRecord.Status.ENTERED: ENTERED,
    CountingRecord.Status.SUBMITTED: ENTERED,
    CountingRecord.Status.ACCEPTED: ACCEPTED,
    CountingRecord.Status.LOCKED: ACCEPTED,
}


@dataclass
class ProgressRow:
    level: str
    code: str
    name: str
    parent: str | None = None
    pk: int | None = None
    states: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.states[s] for s in STATES)

    def as_dict(self) -> dict:
        counts = {s: self.states[s] for s in STATES}
        return {
            "level": self.level,
            "code": self.code,
            "name": self.name,
            "parent": self.parent,
            "minutes_expected": self.total,
        } | counts


STATE_SQL = names(
    """
SELECT a.{a.commune}, l.{l.electoral_unit}, {area}, r.{r.status},
       CASE WHEN s.{s.id} IS NULL THEN 0 ELSE 1 END, COUNT(*)
  FROM {l} l
  JOIN {a} a ON a.{a.id} = l.{l.voting_area}
  LEFT JOIN {r} r
    ON r.{r.voting_area} = l.{l.voting_area} AND r.{r.contest} = l.{l.contest}
   AND r.{r.round} = %s
  LEFT JOIN {s} s
    ON s.{s.voting_area} = l.{l.voting_area} AND s.{s.undone_at} IS NULL AND {marks}
 WHERE a.{a.election} = %s {only} {units}
 GROUP BY a.{a.commune}, l.{l.electoral_unit}, {group}r.{r.status},
       CASE WHEN s.{s.id} IS NULL THEN 0 ELSE 1 END
""",
    l=ElectoralUnitArea,
    a=VotingArea,
    r=CountingRecord,
    s=CountingStart,
)


AREA_ID = VotingArea._meta.pk.column


def state_of(status, started) -> str:
    """The state of one area × contest from its minutes' status and its mark."""
    state = FROM_STATUS.get(status)
    if state is None:
        state = COUNTING if started else NOT_STARTED
    return state


def state_counts(election, commune_ids=None, by_area=False, round=None) -> list[tuple]:
    """(commune id, unit id, area id or 0, state, minutes) with one GROUP BY. A
    later `round` (polling's "reelection", "supplementary"): its minutes in the
    units holding it; a "Bắt đầu kiểm phiếu" mark is the first round's only."""
    only, ids = rollup.in_clause("a.commune_id", commune_ids)
    units, unit_ids = "", []
    if round is not None:
        held = rollup.round_unit_ids(election, round)
        units, unit_ids = rollup.in_clause("l.electoral_unit_id", held)
    sql = STATE_SQL.format(
        area=f"a.{AREA_ID}" if by_area else "0",
        group=f"a.{AREA_ID}, " if by_area else "",
        only=only,
        units=units,
        marks="1 = 1" if round is None else "1 = 0",
    )
    params = [round or Round.FIRST, election.pk, *ids, *unit_ids]
    rows = rollup.fetch(sql, params)
    return [
        (commune, unit, area, state_of(status, started), n)
        for commune, unit, area, status, started, n in rows
    ]


def progress_rows(election, root=None, areas=True, round=None) -> list[ProgressRow]:
    """Counts per state: admin levels of `root`'s subtree, then (optionally) areas;
    in a later `round`, only the areas and units taking part."""
    admin = {
        row.pk: ProgressRow(row.level, row.code, row.name, row.parent, row.pk)
        for row in rollup.admin_rows(election, root, round)
    }
    by_code = {row.code: row for row in admin.values()}
    communes = [pk for pk, row in admin.items() if row.level == "commune"]
    in_round = rollup.round_area_ids(election, round)
    area_rows = _area_rows(election, communes, admin, in_round) if areas else {}
    for commune_id, _, area_id, state, n in state_counts(
        election, communes, by_area=areas, round=round
    ):
        for upper in _chain(admin[commune_id], by_code):
            upper.states[state] += n
        if areas:
            area_rows[area_id].states[state] += n
    return list(admin.values()) + list(area_rows.values())


def _area_rows(election, communes, admin, in_round=None) -> dict[int, ProgressRow]:
    found = VotingArea.objects.filter(election=election, commune__in=communes)
    if in_round is not None:
        found = found.filter(pk__in=in_round)
    rows = {}
    for pk, number, name, commune_id in found.values_list(
        "pk", "number", "name", "commune"
    ).order_by("commune__code", "number"):
        code = admin[commune_id].code
        label = name or f"Khu vực bỏ phiếu số {number}"
        rows[pk] = ProgressRow("voting_area", f"{code}/{number}", label, code, pk)
    return rows


def _chain(row: ProgressRow, by_code: dict) -> list[ProgressRow]:
    chain = [row]
    while chain[-1].parent in by_code:
        chain.append(by_code[chain[-1].parent])
    return chain


def unit_progress(election, round=None) -> list[ProgressRow]:
    """Counts per state for every electoral unit (holding `round`, when given)."""
    units = {
        row.pk: ProgressRow(row.level, row.code, row.name, None, row.pk)
        for row in rollup.unit_rows(election, figures=False, round=round)
    }
    for _, unit_id, _, state, n in state_counts(election, round=round):
        units[unit_id].states[state] += n
    return list(units.values())


def not_started_after_close(election, now, commune_ids) -> int | None:
    """Areas (of `commune_ids`) whose polls have closed but which have neither a
    standing "Bắt đầu kiểm phiếu" mark nor any minutes: the ones to call. The
    clock only says whom to chase; it never sets a state. None before the close."""
    close = rules.slot_moment(election, election.polls_close.strftime("%H:%M"))
    if now < close:
        return None
    marked = CountingStart.objects.live().filter(voting_area=OuterRef("pk"))
    minutes = CountingRecord.objects.filter(
        voting_area=OuterRef("pk"), round=Round.FIRST
    )
    areas = VotingArea.objects.filter(election=election, commune__in=commune_ids)
    return areas.exclude(Exists(marked)).exclude(Exists(minutes)).count()
