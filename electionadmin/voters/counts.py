"""Voters on each area's list, kept in `AreaListCount` for the turnout rules and
roll-ups (polling) and the counting checks (results), which read them here.

`refresh_list_counts(election, area_ids=None)` recounts the active list entries of the
election (or of the named areas only), and the struck-off ones, with one GROUP BY and
writes the rows that changed. The voter-list code calls it after an import or a
change to a list.
`voters_on_list()` and `has_partial_entitlement()` are what the counting checks
(W03, W05) ask of an area: one indexed row, not a count over the list; None when the
election's list was never loaded into the system (no rows), and the checks stay
silent. `counting_facts()` answers both for every area of an election in one query
(the bulk minutes path).

A declared list size (`AreaListCount.declared`, written by declared.py for an area
whose list is kept outside the system) is kept by the refresh while the area has no
list entries; once entries are imported the count of the entries replaces it, with
an audit entry per area, and `refresh_list_counts()` tells its caller which areas
(`replaced`).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from electionadmin.audit import log
from electionadmin.rawsql import names
from electionadmin.setup.models import ElectoralUnitArea, VotingArea

from .eligibility import CONTEST_BITS
from .models import ACTIVE, AreaListCount, VoterEntry

Key = tuple[int, int | None]  # (voting area, contest or None for overall)


def entry_counts(election, area_ids: Iterable[int] | None) -> dict[int, dict]:
    """Area id -> {"total": n, "QH": n, …, "struck_off": n}: the kinds over active
    entries, "struck_off" the entries no longer active (still lines of the list)."""
    entries = VoterEntry.objects.filter(election=election)
    if area_ids is not None:
        entries = entries.filter(voting_area__in=area_ids)
    on_list = Q(status=ACTIVE)
    sums = {
        kind: Sum(F("contest_mask").bitand(bit), filter=on_list)
        for kind, bit in CONTEST_BITS.items()
    }
    rows = entries.values("voting_area").annotate(
        total=Count("pk", filter=on_list),
        struck_off=Count("pk", filter=~on_list),
        **sums,
    )
    return {
        row["voting_area"]: {"total": row["total"], "struck_off": row["struck_off"]}
        | {kind: (row[kind] or 0) // bit for kind, bit in CONTEST_BITS.items()}
        for row in rows
    }


Wanted = tuple[int, int, bool, int, bool]


def wanted_rows(election, area_ids, listed: set | None = None) -> dict[Key, Wanted]:
    """(area, contest) -> (commune id, voters, whole list, struck off, declared) as
    the lists stand (struck off on the overall row only; 0 on a contest's);
    `listed`, when given, receives the areas that have list entries."""
    areas = VotingArea.objects.filter(election=election)
    links = ElectoralUnitArea.objects.filter(contest__election=election)
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
        links = links.filter(voting_area__in=area_ids)
    communes = dict(areas.values_list("pk", "commune_id"))
    counts = entry_counts(election, area_ids)
    if listed is not None:
        listed.update(counts)
    wanted: dict[Key, Wanted] = {}
    for area_id, commune_id in communes.items():
        total = counts.get(area_id, {}).get("total", 0)
        struck_off = counts.get(area_id, {}).get("struck_off", 0)
        wanted[(area_id, None)] = (commune_id, total, True, struck_off, False)
    for area_id, contest_id, kind in links.values_list(
        "voting_area", "contest", "contest__kind"
    ):
        total = wanted[(area_id, None)][1]
        entitled = counts.get(area_id, {}).get(kind, 0)
        whole = entitled == total
        wanted[(area_id, contest_id)] = (communes[area_id], entitled, whole, 0, False)
    return wanted


REPLACED = (
    "Danh sách cử tri của khu vực đã được nhập vào hệ thống: số cử tri khai báo "
    "được thay bằng số đếm từ danh sách."
)


def refresh_list_counts(
    election, area_ids: Iterable[int] | None = None, replaced: list | None = None
) -> int:
    """Bring the stored counts in line with the voter list; the rows changed.
    `replaced`, when given, receives the areas whose declared size the list's
    count has just replaced."""
    area_ids = list(area_ids) if area_ids is not None else None
    with transaction.atomic():
        listed: set[int] = set()
        wanted = wanted_rows(election, area_ids, listed)
        stored = AreaListCount.objects.filter(election=election)
        if area_ids is not None:
            stored = stored.filter(voting_area__in=area_ids)
        have = {(row.voting_area_id, row.contest_id): row for row in stored}
        gone = keep_declared(wanted, have, listed)
        if gone:
            log.record_many(
                [
                    log.entry(
                        None,
                        "update",
                        have[(area_id, None)],
                        changes={
                            "voters": [have[(area_id, None)].voters, voters],
                            "declared": [True, False],
                        },
                        reason=REPLACED,
                        election_code=election.code,
                    )
                    for area_id, voters in gone.items()
                ]
            )
            if replaced is not None:
                replaced.extend(sorted(gone))
        return _write(election, wanted, have)


def keep_declared(wanted, have, listed: set[int]) -> dict[int, int]:
    """Keep in `wanted` the declared sizes of the areas without list entries (a
    contest newly held in such an area: its whole declared list); the areas with
    entries whose declared size goes -> their list's count."""
    declared = {
        key[0]: row.voters
        for key, row in have.items()
        if key[1] is None and row.declared
    }
    if not declared:
        return {}
    for key, value in wanted.items():
        area_id = key[0]
        if area_id not in declared or area_id in listed:
            continue
        row = have.get(key)
        if row is not None and row.declared:
            wanted[key] = (value[0], row.voters, row.whole_list, 0, True)
        else:
            wanted[key] = (value[0], declared[area_id], True, 0, True)
    return {
        area_id: wanted[(area_id, None)][1]
        for area_id in declared
        if area_id in listed and (area_id, None) in wanted
    }


def _write(election, wanted, have) -> int:
    changed, created = [], []
    for key, (commune_id, voters, whole, struck_off, declared) in wanted.items():
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
                    struck_off=struck_off,
                    declared=declared,
                )
            )
        elif (
            row.voters,
            row.whole_list,
            row.commune_id,
            row.struck_off,
            row.declared,
        ) != (voters, whole, commune_id, struck_off, declared):
            row.voters, row.whole_list, row.commune_id = voters, whole, commune_id
            row.struck_off, row.declared = struck_off, declared
            changed.append(row)
    gone = [row.pk for key, row in have.items() if key not in wanted]
    AreaListCount.objects.bulk_create(created, batch_size=2000)
    AreaListCount.objects.bulk_update(
        changed,
        ["voters", "whole_list", "commune_id", "struck_off", "declared"],
        batch_size=2000,
    )
    AreaListCount.objects.filter(pk__in=gone).delete()
    touched = [row.voting_area_id for row in changed + created]
    bump_versions(touched + [key[0] for key, row in have.items() if key not in wanted])
    return len(created) + len(changed) + len(gone)


BUMP_SQL = names(
    """
UPDATE {l} SET {l.figures_version} = {l.figures_version} + 1
 WHERE {l.voting_area} IN ({areas}) AND {l.contest} IS NULL""",
    l=AreaListCount,
)


def bump_versions(area_ids) -> None:
    """Tell the one-figure writers of these areas that their reading is stale."""
    area_ids = sorted(set(area_ids))
    with connection.cursor() as cursor:
        for start in range(0, len(area_ids), 2000):
            chunk = area_ids[start : start + 2000]
            cursor.execute(BUMP_SQL.format(areas=", ".join(["%s"] * len(chunk))), chunk)


def declared_lists(election, commune_ids=None) -> tuple[int, int]:
    """(areas, voters) of the declared list sizes (overall) of the election, of
    `commune_ids` only when given: what the dashboards say of their list total."""
    rows = AreaListCount.objects.filter(
        election=election, contest__isnull=True, declared=True
    )
    if commune_ids is not None:
        rows = rows.filter(commune__in=commune_ids)
    found = rows.aggregate(areas=Count("pk"), voters=Sum("voters"))
    return found["areas"], found["voters"] or 0


def voters_on_list(voting_area, contest) -> int | None:
    """Voters of the area's list entitled to the contest (counting check W03)."""
    return (
        AreaListCount.objects.filter(voting_area=voting_area, contest=contest)
        .values_list("voters", flat=True)
        .first()
    )


def counting_facts(election_id: int, contest_id: int) -> dict[int, tuple]:
    """Area id -> (`voters_on_list()`, `has_partial_entitlement()`) for every area
    of the election with per-contest counts, in one query; an area missing from it
    has (None, None), as the two functions say of it."""
    wholes: dict[int, list[bool]] = {}
    voters: dict[int, int] = {}
    rows = AreaListCount.objects.filter(
        election_id=election_id, contest__isnull=False
    ).values_list("voting_area_id", "contest_id", "voters", "whole_list")
    for area_id, row_contest, count, whole in rows:
        wholes.setdefault(area_id, []).append(whole)
        if row_contest == contest_id:
            voters[area_id] = count
    return {
        area_id: (voters.get(area_id), not all(found))
        for area_id, found in wholes.items()
    }


def has_partial_entitlement(voting_area) -> bool | None:
    """Does some voter of the area not vote in every contest? (check W05)"""
    wholes = list(
        AreaListCount.objects.filter(
            voting_area=voting_area, contest__isnull=False
        ).values_list("whole_list", flat=True)
    )
    if not wholes:
        return None
    return not all(wholes)
