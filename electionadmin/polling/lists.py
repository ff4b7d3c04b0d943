"""Voters on each area's list, kept in `AreaListCount` for the turnout rules and
roll-ups.

`refresh_list_counts(election, area_ids=None)` recounts the active list entries of the
election (or of the named areas only) with one GROUP BY and writes the rows that
changed. The voter-list code calls it after an import or a change to a list.
"""

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, F, Sum

from electionadmin.setup.models import ElectoralUnitArea, VotingArea
from electionadmin.voters.eligibility import CONTEST_BITS
from electionadmin.voters.models import VoterEntry

from . import sql as prepared
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
    touched = [row.voting_area_id for row in changed + created]
    bump_versions(touched + [key[0] for key, row in have.items() if key not in wanted])
    return len(created) + len(changed) + len(gone)


LISTS_SQL = """
SELECT l.voting_area_id, l.contest_id, l.voters, l.figures_version,
       a.election_id, a.commune_id, a.number, a.voting_date{mode}
  FROM polling_arealistcount l
  JOIN setup_votingarea a ON a.id = l.voting_area_id
 WHERE l.voting_area_id IN ({areas})
 ORDER BY l.id{lock}
"""
# Evaluated with the lock, before the commit it governs: one statement less than a
# separate SET LOCAL on every submission (see entry.ASYNC_COMMIT).
ASYNC_COMMIT_SQL = ", set_config('synchronous_commit', 'off', true)"
BUMP_SQL = """
UPDATE polling_arealistcount SET figures_version = figures_version + 1
 WHERE voting_area_id IN ({areas}) AND contest_id IS NULL"""

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


def bump_versions(area_ids) -> None:
    """Tell the one-figure writers of these areas that their reading is stale."""
    area_ids = sorted(set(area_ids))
    with connection.cursor() as cursor:
        for start in range(0, len(area_ids), 2000):
            chunk = area_ids[start : start + 2000]
            cursor.execute(BUMP_SQL.format(areas=", ".join(["%s"] * len(chunk))), chunk)


def _date(value):
    """SQLite may hand a joined date column back as text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
