"""A voting area's list size declared by its commune (số cử tri theo danh sách niêm
yết, khai báo): for an area whose voter list is kept outside the system (in 2021 most
HCMC wards kept their lists on paper or in spreadsheets), the commune knows how many
voters its posted list has, and the turnout rules, the roll-ups and the counting
checks need that number.

`declare_list_sizes(election, sizes, user, reason)` writes the areas' counts
(`AreaListCount`, `declared` set: the overall row and one per contest held in the
area) and one audit entry per area (who, when, the old and new size, why). Refused,
nothing written (`DeclarationRefused`), when an area has entries on its list in the
system (its count is the list's: `counts.refresh_list_counts()`), when a size is
below the voters already reported as having voted, when a contest's size is above
the area's, or without a reason. Who may declare (the commune committee, in its own
jurisdiction) is the screen's to check (list_size_views.py).

Once the area's list is imported, `refresh_list_counts()` replaces the declared size
by the count of its entries, with an audit entry.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from electionadmin.audit import log
from electionadmin.figures import grouped
from electionadmin.setup.locks import listed_areas
from electionadmin.setup.models import ElectoralUnitArea, VotingArea

from .counts import bump_versions
from .models import AreaListCount

LABEL = "Số cử tri theo danh sách niêm yết (khai báo)"


class DeclarationRefused(Exception):
    pass


def declare_list_sizes(
    election,
    sizes: Mapping[int, int],
    user,
    reason: str,
    per_contest: Mapping[int, Mapping[int, int]] | None = None,
) -> int:
    """Area id -> its declared voters (and `per_contest`: area id -> {contest id:
    voters entitled}, else the whole list for every contest held in the area); the
    areas written. All or nothing."""
    per_contest = per_contest or {}
    reason = (reason or "").strip()
    if not reason:
        raise DeclarationRefused("Hãy ghi lý do hoặc căn cứ của số cử tri khai báo.")
    area_ids = sorted(sizes)
    with transaction.atomic():
        areas = {
            a.pk: a
            for a in VotingArea.objects.select_related("commune").filter(
                election=election, pk__in=area_ids
            )
        }
        if len(areas) != len(area_ids):
            raise DeclarationRefused("Khu vực bỏ phiếu không thuộc cuộc bầu cử này.")
        _refuse_listed(areas, area_ids)
        _refuse_below_turnout(areas, sizes)
        contests = _contests(area_ids)
        stored = AreaListCount.objects.select_for_update().filter(
            voting_area__in=area_ids
        )
        have = {(row.voting_area_id, row.contest_id): row for row in stored}
        created, audits = [], []
        changed: dict[tuple[int, bool], list[int]] = {}
        for area_id in area_ids:
            area, voters = areas[area_id], sizes[area_id]
            if voters < 0:
                raise DeclarationRefused("Số cử tri không được âm.")
            entitled = per_contest.get(area_id, {})
            wanted = {None: (voters, True)}
            for contest_id in contests.get(area_id, []):
                n = entitled.get(contest_id, voters)
                if n < 0 or n > voters:
                    raise DeclarationRefused(
                        f"Khu vực {area.key}: số cử tri được bầu của một cuộc bầu cử "
                        f"({grouped(n)}) phải từ 0 đến số cử tri của khu vực "
                        f"({grouped(voters)})."
                    )
                wanted[contest_id] = (n, n == voters)
            old = have.get((area_id, None))
            audits.append((area, old.voters if old else None, voters, wanted))
            for contest_id, (n, whole) in wanted.items():
                row = have.get((area_id, contest_id))
                if row is None:
                    created.append(
                        AreaListCount(
                            election=election,
                            voting_area_id=area_id,
                            contest_id=contest_id,
                            commune_id=area.commune_id,
                            voters=n,
                            whole_list=whole,
                            declared=True,
                        )
                    )
                else:
                    changed.setdefault((n, whole), []).append(row.pk)
        AreaListCount.objects.bulk_create(created, batch_size=2000)
        # One UPDATE per size (bulk_update's CASE per row is slow for thousands of
        # rows; areas of one ward often share a size).
        for (n, whole), pks in changed.items():
            for start in range(0, len(pks), 2000):
                AreaListCount.objects.filter(pk__in=pks[start : start + 2000]).update(
                    voters=n,
                    whole_list=whole,
                    declared=True,
                    struck_off=0,
                    refreshed_at=timezone.now(),
                )
        bump_versions(area_ids)
        overall = {
            row.voting_area_id: row
            for row in AreaListCount.objects.filter(
                voting_area__in=area_ids, contest__isnull=True
            )
        }
        log.record_many(
            [
                log.entry(
                    user,
                    "update" if before is not None else "create",
                    overall[area.pk],
                    label=f"{LABEL}: khu vực {area.key}",
                    changes={
                        "voters": [before, voters],
                        "declared": True,
                        "contests": {
                            str(c): n for c, (n, _) in wanted.items() if c is not None
                        },
                    },
                    reason=reason,
                    election_code=election.code,
                )
                for area, before, voters, wanted in audits
            ]
        )
    return len(area_ids)


def _contests(area_ids) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    links = ElectoralUnitArea.objects.filter(voting_area__in=area_ids)
    for area_id, contest_id in links.values_list("voting_area", "contest"):
        found.setdefault(area_id, []).append(contest_id)
    return found


def _refuse_listed(areas, area_ids) -> None:
    listed = sorted(listed_areas(area_ids))
    if listed:
        keys = ", ".join(areas[a].key for a in listed[:10])
        raise DeclarationRefused(
            f"Khu vực {keys} đã có danh sách cử tri trong hệ thống: số cử tri được "
            "đếm từ danh sách, không khai báo."
        )


def _refuse_below_turnout(areas, sizes) -> None:
    """The areas' overall turnout figures, read through the area (polling is a
    later stage: tests/test_import_graph.py)."""
    voted = (
        VotingArea.objects.filter(
            pk__in=list(sizes), turnout_figures__contest__isnull=True
        )
        .annotate(top=Max("turnout_figures__voters_voted"))
        .values_list("pk", "top")
    )
    for area_id, top in voted:
        if top is not None and top > sizes[area_id]:
            raise DeclarationRefused(
                f"Khu vực {areas[area_id].key} đã báo {grouped(top)} cử tri bỏ phiếu, "
                f"nhiều hơn số cử tri khai báo ({grouped(sizes[area_id])})."
            )


def is_declared(area) -> bool:
    return AreaListCount.objects.filter(
        voting_area=area, contest__isnull=True, declared=True
    ).exists()
