"""Voters on each area's list, kept in `AreaListCount` for the turnout rules and
roll-ups.

`refresh_list_counts(election, area_ids=None)` recounts the active list entries of the
election (or of the named areas only) with one GROUP BY and writes the rows that
changed. The voter-list code calls it after an import or a change to a list.
"""

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
SELECT voting_area_id, contest_id, voters FROM polling_arealistcount
 WHERE voting_area_id IN ({areas}) ORDER BY id{lock}
"""


def lock_lists(election, area_ids: list[int], count=True) -> dict[int, dict]:
    """Area id -> {contest id or None: voters}, the rows locked for this transaction.

    Locking them serialises the turnout writes of an area, so two figures saved at
    once cannot together break the rule that figures never fall. An area without
    counts yet is counted now. (Plain SQL: this runs on every submission.)
    """
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = LOCK_SQL.format(areas=", ".join(["%s"] * len(area_ids)), lock=lock)
    found: dict[int, dict] = {area_id: {} for area_id in area_ids}
    with connection.cursor() as cursor:
        cursor.execute(sql, area_ids)
        for area_id, contest_id, voters in cursor.fetchall():
            found[area_id][contest_id] = voters
    missing = [area_id for area_id, got in found.items() if None not in got]
    if missing and count:
        refresh_list_counts(election, missing)
        return lock_lists(election, area_ids, count=False)
    return found
