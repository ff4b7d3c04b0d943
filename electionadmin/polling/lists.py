"""Voters on each area's list, kept in `AreaListCount` for the turnout rules and
roll-ups.

`refresh_list_counts(election, area_ids=None)` recounts the active list entries of the
election (or of the named areas only) with one GROUP BY and writes the rows that
changed. The voter-list code calls it after an import or a change to a list.
"""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Sum

from electionadmin.setup.models import ElectoralUnitArea, VotingArea
from electionadmin.voters.eligibility import CONTEST_BITS
from electionadmin.voters.models import VoterEntry

from .models import AreaListCount

Key = tuple[int, int | None]  # (voting area, contest or None for overall)


def entry_counts(election, area_ids: Iterable[int] | None) -> dict[int, dict]:
    """Area id -> {"total": n, "QH": n, "HDND_TINH": n, …} over active entries."""
    entries = VoterEntry.objects.active().filter(election=election)
    if area_ids is not None:
        entries = entries.filter(voting_area__in=area_ids)
    sums = {
        kind: Sum(F("contest_mask").bitand(bit)) for kind, bit in CONTEST_BITS.items()
    }
    rows = entries.values("voting_area").annotate(total=Count("pk"), **sums)
    return {
        row["voting_area"]: {"total": row["total"]}
        | {kind: (row[kind] or 0) // bit for kind, bit in CONTEST_BITS.items()}
        for row in rows
    }


def wanted_rows(election, area_ids) -> dict[Key, tuple[int, int, bool]]:
    """(area, contest) -> (commune id, voters, whole list) as the lists stand."""
    areas = VotingArea.objects.filter(election=election)
    links = ElectoralUnitArea.objects.filter(contest__election=election)
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
        links = links.filter(voting_area__in=area_ids)
    communes = dict(areas.values_list("pk", "commune_id"))
    counts = entry_counts(election, area_ids)
    wanted: dict[Key, tuple[int, int, bool]] = {}
    for area_id, commune_id in communes.items():
        total = counts.get(area_id, {}).get("total", 0)
        wanted[(area_id, None)] = (commune_id, total, True)
    for area_id, contest_id, kind in links.values_list(
        "voting_area", "contest", "contest__kind"
    ):
        total = wanted[(area_id, None)][1]
        entitled = counts.get(area_id, {}).get(kind, 0)
        wanted[(area_id, contest_id)] = (communes[area_id], entitled, entitled == total)
    return wanted


def refresh_list_counts(election, area_ids: Iterable[int] | None = None) -> int:
    """Bring the stored counts in line with the voter list; the rows changed."""
    area_ids = list(area_ids) if area_ids is not None else None
    with transaction.atomic():
        wanted = wanted_rows(election, area_ids)
        stored = AreaListCount.objects.filter(election=election)
        if area_ids is not None:
            stored = stored.filter(voting_area__in=area_ids)
        have = {(row.voting_area_id, row.contest_id): row for row in stored}
        return _write(election, wanted, have)


def _write(election, wanted, have) -> int:
    changed, created = [], []
    for key, (commune_id, voters, whole) in wanted.items():
        row = have.get(key)
        if row is None:
            created.append(
                AreaListCount(
                    election=election,
                    voting_area_id=key[0],
                    contest_id=key[1],
                    commune_id=commune_id,
                    voters=voters,
                    whole_list=whole,
                )
            )
        elif (row.voters, row.whole_list, row.commune_id) != (
            voters,
            whole,
            commune_id,
        ):
            row.voters, row.whole_list, row.commune_id = voters, whole, commune_id
            changed.append(row)
    gone = [row.pk for key, row in have.items() if key not in wanted]
    AreaListCount.objects.bulk_create(created, batch_size=2000)
    AreaListCount.objects.bulk_update(
        changed, ["voters", "whole_list", "commune_id"], batch_size=2000
    )
    AreaListCount.objects.filter(pk__in=gone).delete()
    return len(created) + len(changed) + len(gone)


LOCK_SQL = """
SELECT l.voting_area_id, l.contest_id, l.voters,
       a.election_id, a.commune_id, a.number, a.voting_date{mode}
  FROM polling_arealistcount l
  JOIN setup_votingarea a ON a.id = l.voting_area_id
 WHERE l.voting_area_id IN ({areas})
 ORDER BY l.id{lock}
"""
# Evaluated with the lock, before the commit it governs: one statement less than a
# separate SET LOCAL on every submission (see entry.ASYNC_COMMIT).
ASYNC_COMMIT_SQL = ", set_config('synchronous_commit', 'off', true)"

AreaState = tuple  # (election id, commune id, number, voting date) as stored now


def lock_lists(
    election, area_ids: list[int], count=True, async_commit=False
) -> tuple[dict[int, dict], dict[int, AreaState]]:
    """The areas' list counts, their rows locked for this transaction, and the
    areas as they stand: (area id -> {contest id or None: voters}, area id ->
    (election id, commune id, number, voting date)).

    Locking them serialises the turnout writes of an area, so two figures saved at
    once cannot together break the rule that figures never fall. An area without
    counts yet is counted now; an area that no longer exists is missing from the
    second dict. `async_commit` (PostgreSQL): the transaction will commit without
    waiting for the WAL flush. (Plain SQL: this runs on every submission.)
    """
    postgres = connection.vendor == "postgresql"
    sql = LOCK_SQL.format(
        areas=", ".join(["%s"] * len(area_ids)),
        lock=" FOR UPDATE OF l" if connection.features.has_select_for_update else "",
        mode=ASYNC_COMMIT_SQL if async_commit and postgres else "",
    )
    found: dict[int, dict] = {area_id: {} for area_id in area_ids}
    areas: dict[int, AreaState] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, area_ids)
        for area_id, contest_id, voters, *area in cursor.fetchall():
            found[area_id][contest_id] = voters
            areas[area_id] = (*area[:3], _date(area[3]))
    missing = [area_id for area_id, got in found.items() if None not in got]
    if missing and count:
        refresh_list_counts(election, missing)
        return lock_lists(election, area_ids, False, async_commit)
    return found, areas


def _date(value):
    """SQLite may hand a joined date column back as text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
