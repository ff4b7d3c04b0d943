"""Frozen results of certified contests: the only source of the public site.

`take_snapshot(contest, user)` stores the contest's entry of `election_results`
(EXCHANGE §5, computed by determination.py, never re-implemented) as a new version;
`certification.certify` calls it in the certification's own transaction, and whoever
changes a certified outcome afterwards (a winner's confirmation, EXCHANGE §5a) calls
it again. `withdraw` marks a contest's snapshots withdrawn when its certification is
revoked; they stay readable under their version number. `current(election)` is what
the public pages and files show: the newest snapshot of each contest, none withdrawn.

Versions are numbered per election (1, 2, 3 …) so that one number names one file
(`/ket-qua/<CODE>/phien-ban/<n>/ket-qua.json`).
"""

import datetime

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from electionadmin.audit import log
from electionadmin.figures import pct
from electionadmin.setup.models import AdminUnit, Election

from .determination import election_results
from .models import Certification, CountingRecord, ResultSnapshot, Round
from .workflow import WorkflowError

COUNTED = [CountingRecord.Status.ACCEPTED, CountingRecord.Status.LOCKED]


def take_snapshot(contest, user, certification=None) -> ResultSnapshot:
    """A new version of the contest's published results, as they are now.

    Refused (WorkflowError) when the contest has no standing certification: only
    certified results are published.
    """
    with transaction.atomic():
        # One writer at a time per election, so version numbers never collide.
        election = Election.objects.select_for_update().get(pk=contest.election_id)
        certification = certification or _standing(contest)
        if certification is None or certification.revoked_at is not None:
            raise WorkflowError(
                f"Kết quả {contest} chưa được xác nhận nên chưa công bố được."
            )
        results = election_results(election, contest.key)
        last = ResultSnapshot.objects.filter(election=election).aggregate(
            last=Max("version")
        )["last"]
        snapshot = ResultSnapshot.objects.create(
            election=election,
            contest=contest,
            certification=certification,
            version=(last or 0) + 1,
            data=results["contests"][0],
            turnout=turnout_by_district(contest),
            taken_by=user,
        )
        log.record(
            user,
            "create",
            snapshot,
            changes={"transition": "publish", "version": snapshot.version},
            election_code=election.code,
        )
        return snapshot


def _standing(contest) -> Certification | None:
    return (
        Certification.objects.filter(contest=contest, revoked_at__isnull=True)
        .order_by("-certified_at")
        .first()
    )


def withdraw(certification: Certification, user, reason: str) -> int:
    """Mark the snapshots of a revoked certification withdrawn; returns how many."""
    snapshots = ResultSnapshot.objects.filter(
        certification=certification, withdrawn_at__isnull=True
    )
    versions = list(snapshots.values_list("version", flat=True))
    if not versions:
        return 0
    now = timezone.now()
    snapshots.update(withdrawn_at=now, withdrawn_by=user, withdraw_reason=reason)
    log.record(
        user,
        "update",
        certification,
        changes={"transition": "withdraw_publication", "versions": versions},
        reason=reason,
        election_code=certification.contest.election.code,
    )
    return len(versions)


def current(election) -> list[ResultSnapshot]:
    """The newest standing snapshot of each contest, in the contests' order."""
    snapshots = (
        ResultSnapshot.objects.filter(election=election, withdrawn_at__isnull=True)
        .select_related("certification", "contest")
        .order_by("-version")
    )
    newest = {}
    for snapshot in snapshots:
        newest.setdefault(snapshot.contest_id, snapshot)
    return sorted(newest.values(), key=lambda s: contest_order(s.contest))


def contest_order(contest) -> tuple:
    """The order of `determination.contests_of`: by kind, then council code."""
    kinds = type(contest).Kind.values
    council = contest.key.partition(":")[2]
    return (kinds.index(contest.kind), council)


def polls_closed(election, now=None) -> bool:
    """Nothing is published before the polls close (domain: results after the count)."""
    closing = timezone.make_aware(
        datetime.datetime.combine(election.election_date, election.polls_close)
    )
    return (now or timezone.now()) >= closing


def published(election, snapshots) -> dict:
    """The public file (EXCHANGE §9): §5's shape, each contest with its
    certification time and snapshot version (and, for a withdrawn one, when and why).
    """
    return {
        "election": election.code,
        "contests": [contest_entry(s) for s in snapshots],
    }


def contest_entry(snapshot: ResultSnapshot) -> dict:
    entry = {
        **snapshot.data,
        "certified_at": _local(snapshot.certification.certified_at),
        "version": snapshot.version,
        "published_at": _local(snapshot.taken_at),
    }
    if snapshot.withdrawn_at:
        entry["withdrawn"] = True
        entry["withdrawn_at"] = _local(snapshot.withdrawn_at)
        entry["withdraw_reason"] = snapshot.withdraw_reason
    return entry


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def turnout_by_district(contest, round=Round.FIRST) -> list[dict]:
    """Turnout of the contest's counted minutes per district, or per commune where
    the commune has no district above it (the 2026 two-tier system)."""
    rows = (
        CountingRecord.objects.filter(contest=contest, round=round, status__in=COUNTED)
        .values(
            "voting_area__commune_id",
            "voting_area__commune__parent_id",
            "voting_area__commune__parent__level",
        )
        .annotate(on_list=Sum("voters_on_list"), voted=Sum("voters_voted"))
    )
    sums: dict[int, list[int]] = {}
    for row in rows:
        key = row["voting_area__commune_id"]
        if row["voting_area__commune__parent__level"] == AdminUnit.Level.DISTRICT:
            key = row["voting_area__commune__parent_id"]
        total = sums.setdefault(key, [0, 0])
        total[0] += row["on_list"] or 0
        total[1] += row["voted"] or 0
    places = AdminUnit.objects.in_bulk(list(sums))
    return sorted(
        (
            {
                "code": places[pk].code,
                "name": places[pk].name,
                "voters_on_list": on_list,
                "voters_voted": voted,
                "turnout_pct": pct(voted, on_list),
            }
            for pk, (on_list, voted) in sums.items()
        ),
        key=lambda row: row["code"],
    )
