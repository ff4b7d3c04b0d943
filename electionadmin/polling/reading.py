"""The saved figures a batch is checked against, read in one statement (entry.py).

A batch reads them under its areas' lock, so none can change before its commit;
one figure reads them without it and writes only if its area's version has not
moved since. Plain SQL, its names from the models (rawsql.py): this runs on every
submission.
"""

from typing import NamedTuple

from electionadmin.rawsql import names
from electionadmin.setup.models import VotingArea

from . import rules
from . import sql as prepared
from .models import TurnoutFigure

# area, contest (None: overall), slot, round (None: the first round)
Key = tuple[int, int | None, str, str | None]


class Stored(NamedTuple):
    """A figure already saved: its row id and values."""

    id: int
    voters_voted: int
    voters_on_list: int


# A saved figure of the entries' communes at the entries' slots:
# (area, commune, contest, slot, voted, on list, round).
Around = tuple[int, int, int | None, str, int, int, str | None]

FIGURES_SQL = names(
    """
SELECT f.{f.id}, f.{f.voting_area}, f.{f.commune}, f.{f.contest}, f.{f.slot},
       f.{f.voters_voted}, f.{f.voters_on_list}, f.{f.round}
  FROM {f} f
 WHERE f.{f.voting_area} IN ({areas})
""",
    f=TurnoutFigure,
)
# The rest of the entries' communes at the entries' slots, early voters left out
# (a subquery on the communes' areas: half the cost of joining every figure's area).
NEIGHBOURS_SQL = names(
    """
UNION ALL
SELECT f.{f.id}, f.{f.voting_area}, f.{f.commune}, f.{f.contest}, f.{f.slot},
       f.{f.voters_voted}, f.{f.voters_on_list}, f.{f.round}
  FROM {f} f
 WHERE f.{f.election} = %s AND f.{f.commune} IN ({communes})
   AND f.{f.slot} IN ({slots})
   AND f.{f.voting_area} NOT IN ({areas})
   AND f.{f.voting_area} NOT IN (
       SELECT a.{a.id} FROM {a} a
        WHERE a.{a.election} = %s AND a.{a.commune} IN ({communes})
          AND a.{a.voting_date} < %s)
""",
    f=TurnoutFigure,
    a=VotingArea,
)


def read_figures(election, entries) -> tuple[dict[Key, Stored], list[Around]]:
    """The entries' areas' saved figures (every slot, every round) and, for the
    neighbours warning, the figures of their communes at their slots, in one query.
    The round is a column read, not a condition: the same statement for every
    round, the first round's plan unchanged."""
    areas = {e.area.pk: e.area for e in entries}
    marks = ", ".join(["%s"] * len(areas))
    sql, params = FIGURES_SQL.format(areas=marks), list(areas)
    usual = [e for e in entries if not rules.is_early(e.area, election)]
    if usual:
        communes = sorted({e.area.commune_id for e in usual})
        slots = sorted({e.slot for e in usual})
        sql += NEIGHBOURS_SQL.format(
            communes=", ".join(["%s"] * len(communes)),
            slots=", ".join(["%s"] * len(slots)),
            areas=marks,
        )
        params += [election.pk, *communes, *slots, *areas]
        params += [election.pk, *communes, election.election_date]
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stored, around = {}, []
    for pk, area_id, commune_id, contest_id, slot, voted, listed, round in rows:
        area = areas.get(area_id)
        if area is not None:
            stored[(area_id, contest_id, slot, round)] = Stored(pk, voted, listed)
        if area is None or not rules.is_early(area, election):
            around.append((area_id, commune_id, contest_id, slot, voted, listed, round))
    return stored, around
