""" "Bắt đầu kiểm phiếu": the team records that counting has started in its area
(or its commune on its behalf), and may undo it; both are audited.

Counting progress reads these marks (results/progress.py): an area is counting
from the moment its mark stands, not from the clock.

Once a first-round minutes of the area is submitted to the board, accepted or
locked, the count is over: neither the start nor the undo is recorded (`over()`
says why; the screens hide both, the views refuse a POST without a change or an
audit entry). A mark is the first round's only (results/progress.py reads it so):
a re-election or a supplementary election (EXCHANGE §5a) has no mark of its own,
its progress is its minutes; a mark per round would need the round on the mark and
in the addresses.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from electionadmin.audit import log

from .models import CountingStart

# Why the count is over, by the furthest status of the area's first-round minutes
# (results' CountingRecord.Status, read through the area's `counting_records`: the
# polling stage imports no later stage, tests/test_import_graph.py).
OVER = {
    "locked": "Kết quả đã được xác nhận, biên bản đã khóa",
    "accepted": "Biên bản đã được Ban bầu cử chấp nhận",
    "submitted": "Biên bản đã gửi Ban bầu cử",
}


def standing(area) -> CountingStart | None:
    return CountingStart.objects.live().filter(voting_area=area).first()


def over(area) -> str | None:
    """Why counting in the area is over (None while it may be marked or undone)."""
    records = area.counting_records.filter(round="first", status__in=OVER)
    statuses = set(records.values_list("status", flat=True))
    return next((said for status, said in OVER.items() if status in statuses), None)


def refusal(area) -> str | None:
    """The message refusing a start or an undo once counting is over."""
    said = over(area)
    if said is None:
        return None
    return (
        f"Khu vực đã kiểm phiếu xong ({said[0].lower()}{said[1:]}): không còn ghi "
        "nhận hay hủy ghi nhận bắt đầu kiểm phiếu."
    )


def start(user, area, election_code: str) -> CountingStart | None:
    """Record the start (None when a mark already stands: nothing changes)."""
    try:
        with transaction.atomic():
            mark = CountingStart.objects.create(
                voting_area=area, started_at=timezone.now(), started_by=user
            )
            log.record(
                user,
                "create",
                mark,
                changes={"started_at": [None, mark.started_at.isoformat()]},
                election_code=election_code,
            )
    except IntegrityError:  # the standing mark of another request
        return None
    return mark


def undo(user, area, election_code: str, reason: str = "") -> CountingStart | None:
    """Undo the standing mark (None when there is none)."""
    with transaction.atomic():
        mark = (
            CountingStart.objects.live()
            .select_for_update()
            .filter(voting_area=area)
            .first()
        )
        if mark is None:
            return None
        mark.undone_at, mark.undone_by = timezone.now(), user
        mark.save(update_fields=["undone_at", "undone_by"])
        log.record(
            user,
            "update",
            mark,
            changes={"undone_at": [None, mark.undone_at.isoformat()]},
            reason=reason,
            election_code=election_code,
        )
    return mark
