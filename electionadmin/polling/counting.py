""" "Bắt đầu kiểm phiếu": the team records that counting has started in its area
(or its commune on its behalf), and may undo it; both are audited.

Counting progress reads these marks (results/progress.py): an area is counting
from the moment its mark stands, not from the clock.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from electionadmin.audit import log

from .models import CountingStart


def standing(area) -> CountingStart | None:
    return CountingStart.objects.live().filter(voting_area=area).first()


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
