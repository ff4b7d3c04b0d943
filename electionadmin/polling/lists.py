"""The turnout path's reading of the voter list's counts (voters.AreaListCount):
each area's voters, the area as it stands and the version of its figures, in one
statement, locked or not (entry.py). Plain SQL: this runs on every submission.
"""

import datetime
from typing import NamedTuple

from django.db import connection

from electionadmin.rawsql import names
from electionadmin.setup.models import VotingArea
from electionadmin.voters.counts import refresh_list_counts
from electionadmin.voters.models import AreaListCount

from . import sql as prepared

LISTS_SQL = names(
    """
SELECT l.{l.voting_area}, l.{l.contest}, l.{l.voters}, l.{l.figures_version},
       a.{a.election}, a.{a.commune}, a.{a.number}, a.{a.voting_date}{mode}
  FROM {l} l
  JOIN {a} a ON a.{a.id} = l.{l.voting_area}
 WHERE l.{l.voting_area} IN ({areas})
 ORDER BY l.{l.id}{lock}
""",
    l=AreaListCount,
    a=VotingArea,
)
# Evaluated with the lock, before the commit it governs: one statement less than a
# separate SET LOCAL on every submission (see entry.ASYNC_COMMIT).
ASYNC_COMMIT_SQL = ", set_config('synchronous_commit', 'off', true)"
AreaState = tuple  # (election id, commune id, number, voting date) as stored now


class Lists(NamedTuple):
    """What `read_lists()` found of some areas."""

    counts: dict[int, dict]  # area id -> {contest id or None: voters}
    areas: dict[int, AreaState]  # area id -> its state; missing when deleted
    versions: dict[int, int]  # area id -> figures_version of its overall row


def read_lists(
    election, area_ids: list[int], *, lock: bool, count=True, async_commit=False
) -> Lists:
    """The areas' list counts, the areas as they stand and their figures' versions.

    `lock`: the list-count rows are locked for this transaction, which serialises
    the turnout writes of an area (entry.save_figures' batch path). Without it the
    caller writes only if the version is still the one read (entry.py's one-figure
    path). An area without counts yet is counted now when `count` (which writes);
    an area that no longer exists is missing from `areas`. `async_commit`
    (PostgreSQL): the transaction will commit without waiting for the WAL flush.
    (Plain SQL: this runs on every submission.)
    """
    postgres = connection.vendor == "postgresql"
    locking = lock and connection.features.has_select_for_update
    sql = LISTS_SQL.format(
        areas=", ".join(["%s"] * len(area_ids)),
        lock=" FOR UPDATE OF l" if locking else "",
        mode=ASYNC_COMMIT_SQL if async_commit and postgres else "",
    )
    found = Lists({area_id: {} for area_id in area_ids}, {}, {})
    with prepared.cursor() as cursor:
        cursor.execute(sql, area_ids)
        for area_id, contest_id, voters, version, *area in cursor.fetchall():
            found.counts[area_id][contest_id] = voters
            found.areas[area_id] = (*area[:3], _date(area[3]))
            if contest_id is None:
                found.versions[area_id] = version
    missing = [area_id for area_id in area_ids if area_id not in found.versions]
    if missing and count:
        refresh_list_counts(election, missing)
        return read_lists(
            election, area_ids, lock=lock, count=False, async_commit=async_commit
        )
    return found


def _date(value):
    """SQLite may hand a joined date column back as text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
