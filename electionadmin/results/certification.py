"""Certifying a contest's results locks its minutes; reopening keeps the old version.

Only the committee that organises the contest (or a system administrator) certifies
or reopens accepted minutes; a board may reopen minutes it has not yet accepted.
Reopening a locked record revokes the contest's certification (the other minutes go
back to `accepted`) so results are certified again after the correction; `revoke`
withdraws a certification without reopening any minutes. Certifying publishes the
results (a snapshot, snapshots.py) in the same transaction; revoking withdraws them.
"""

from django.db import transaction
from django.utils import timezone

from electionadmin.audit import log

from . import authority, law, snapshots
from .determination import unit_results
from .models import Certification, CountingRecord, CountingRecordVersion, Round
from .workflow import WorkflowError, _locked, _require, _require_status, audit

Status = CountingRecord.Status


def _who(user) -> str | None:
    return user.get_username() if user else None


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def snapshot(record: CountingRecord) -> dict:
    """Everything the minutes held, as it was: kept in CountingRecordVersion."""
    votes = record.candidate_votes.select_related("candidate")
    return {
        "status": record.status,
        "figures": record.figures(),
        "votes": {
            str(v.candidate.ballot_order): {
                "candidate_id": v.candidate_id,
                "full_name": v.candidate.full_name,
                "votes": v.votes,
            }
            for v in votes
        },
        "explanations": record.explanations,
        "complaints": record.complaints,
        "remarks": record.remarks,
        "submitted_by": _who(record.submitted_by),
        "submitted_at": _when(record.submitted_at),
        "accepted_by": _who(record.accepted_by),
        "accepted_at": _when(record.accepted_at),
        "entries": [
            {
                "id": e.pk,
                "entered_by": _who(e.entered_by),
                "source": e.source,
                "figures": e.figures(),
                "votes": e.votes,
                "created_at": _when(e.created_at),
                "discarded_at": _when(e.discarded_at),
            }
            for e in record.entries.select_related("entered_by")
        ],
    }


def reopen(record, user, reason: str) -> CountingRecordVersion:
    """Back to draft for a fresh double entry; the old figures stay as a version."""
    reason = (reason or "").strip()
    _require(bool(reason), "Phải ghi lý do mở lại biên bản.")
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.SUBMITTED, Status.ACCEPTED, Status.LOCKED)
        allowed = (
            authority.may_supervise(user, record)
            if record.status == Status.SUBMITTED
            else authority.may_reopen(user, record)
        )
        _require(
            allowed,
            "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử (hoặc quản trị hệ thống) mới mở "
            "lại được biên bản đã chấp nhận.",
        )
        if record.status == Status.LOCKED:
            _revoke(record, user, reason)
        version = _keep_version(record, user, reason)
        old = record.status
        _clear(record)
        audit(user, record, "reopen", old, reason=reason, version=version.number)
        return version


def _keep_version(record, user, reason: str) -> CountingRecordVersion:
    number = record.versions.count() + 1
    return CountingRecordVersion.objects.create(
        record=record,
        number=number,
        status=record.status,
        snapshot=snapshot(record),
        reopened_by=user,
        reason=reason,
    )


def _clear(record) -> None:
    record.entries.filter(discarded_at__isnull=True).update(discarded_at=timezone.now())
    record.candidate_votes.all().delete()
    for name in record.figures():
        setattr(record, name, None)
    record.status = Status.DRAFT
    record.submitted_by = record.submitted_at = None
    record.accepted_by = record.accepted_at = None
    record.save()


def _revoke(record, user, reason: str) -> None:
    _withdraw_certification(
        record.contest, record.round, user, f"Mở lại {record}: {reason}", keep=record
    )


def _withdraw_certification(contest, round, user, reason: str, keep=None):
    """Locked minutes back to accepted (all but `keep`), the standing certification
    revoked and its published results withdrawn, in the caller's transaction."""
    certification = Certification.objects.filter(
        contest=contest, round=round, revoked_at__isnull=True
    ).first()
    locked = CountingRecord.objects.filter(
        contest=contest, round=round, status=Status.LOCKED
    )
    if keep is not None:
        locked = locked.exclude(pk=keep.pk)
    unlocked = locked.update(status=Status.ACCEPTED)
    if certification is None:
        return None
    certification.revoked_by, certification.revoked_at = user, timezone.now()
    certification.revoke_reason = reason
    certification.save()
    log.record(
        user,
        "update",
        certification,
        changes={
            "transition": "revoke",
            "revoked_at": [None, _when(certification.revoked_at)],
            "records_unlocked": unlocked,
        },
        reason=reason,
        election_code=contest.election.code,
    )
    snapshots.withdraw(certification, user, reason)
    return certification


def revoke(contest, user, reason: str, round=Round.FIRST) -> Certification:
    """Withdraw a contest's certification: its minutes go back to accepted (so they
    can be reopened and certified again) and its results leave the public site."""
    reason = (reason or "").strip()
    _require(
        authority.may_certify(user, contest),
        "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới hủy được việc xác nhận kết quả.",
    )
    _require(bool(reason), "Phải ghi lý do hủy xác nhận kết quả.")
    with transaction.atomic():
        records = CountingRecord.objects.filter(contest=contest, round=round)
        list(records.select_for_update().order_by("pk").values_list("pk", flat=True))
        certification = _withdraw_certification(contest, round, user, reason)
        _require(certification is not None, f"Kết quả {contest} chưa được xác nhận.")
        return certification


def certify(contest, user, round=Round.FIRST, note: str = "") -> Certification:
    """Every unit's minutes accepted: record the certification, lock the minutes."""
    _require(
        authority.may_certify(user, contest),
        "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới xác nhận được kết quả.",
    )
    with transaction.atomic():
        records = CountingRecord.objects.filter(contest=contest, round=round)
        list(records.select_for_update().order_by("pk").values_list("pk", flat=True))
        _require(
            not Certification.objects.filter(
                contest=contest, round=round, revoked_at__isnull=True
            ).exists(),
            f"Kết quả {contest} đã được xác nhận.",
        )
        pending = records.exclude(status=Status.ACCEPTED).count()
        _require(not pending, f"Còn {pending} biên bản chưa được chấp nhận.")
        results = [r for _, r in unit_results([contest], round)]
        incomplete = [
            str(r["number"]) for r in results if r["status"] == law.INCOMPLETE
        ]
        if incomplete:
            raise WorkflowError(
                "Chưa đủ biên bản được chấp nhận ở đơn vị bầu cử số "
                f"{', '.join(incomplete)}."
            )
        tied = [str(r["number"]) for r in results if r["tie_unresolved"]]
        if tied:
            raise WorkflowError(
                "Ban bầu cử chưa quyết định người trúng cử giữa những người ứng cử "
                f"bằng phiếu và cùng ngày sinh ở đơn vị bầu cử số {', '.join(tied)}."
            )
        certification = Certification.objects.create(
            contest=contest, round=round, certified_by=user, note=note
        )
        locked = records.update(status=Status.LOCKED)
        log.record(
            user,
            "create",
            certification,
            changes={"transition": "certify", "records_locked": locked},
            reason=note,
            election_code=contest.election.code,
        )
        snapshots.take_snapshot(contest, user, certification)
        return certification
