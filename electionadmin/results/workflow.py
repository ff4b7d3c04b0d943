"""The life of a counting minutes: double entry -> submitted -> accepted -> locked.

    (none) --first entry saved--> draft (the record is created with its first entry)
    draft --2 agreeing entries--> entered --submit--> submitted --accept--> accepted
    draft --2 differing entries--> mismatch --supervisor picks--> entered
                                   mismatch --supervisor sends back--> draft
    accepted --certify contest (certification.py)--> locked
    submitted | accepted | locked --reopen (reason; old version kept)--> draft
    draft that never had an entry nor an old version --discard--> (none)

Every function checks who may act (authority.py), raises `WorkflowError` with a
Vietnamese message on an illegal step or a blocking check, and writes an audit entry.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from electionadmin.audit import log

from . import authority, checks
from .minutes import check_record
from .models import (
    FIGURE_LABELS,
    FIGURES,
    CandidateVotes,
    CountingEntry,
    CountingRecord,
    Round,
    UnitRound,
)
from .models import unit_of_area as _unit_of_area

Status = CountingRecord.Status

# Who acts next on a minutes in each state (None: no minutes yet). The double entry
# is made with what a team has: its first entry by one team member's account, the
# second by another member's own account or by the commune committee on the team's
# behalf, each typing the paper minutes independently.
NEXT_ACTOR = {
    None: "Tổ bầu cử: nhập biên bản kiểm phiếu (lần thứ nhất)",
    Status.DRAFT: "Một thành viên khác của Tổ bầu cử hoặc Ủy ban bầu cử xã/phường: "
    "nhập lần thứ hai để đối chiếu",
    Status.MISMATCH: "Ban bầu cử hoặc Ủy ban bầu cử: đối chiếu bản giấy, giữ một lần "
    "nhập hoặc trả lại",
    Status.ENTERED: "Tổ bầu cử: gửi biên bản cho Ban bầu cử",
    Status.SUBMITTED: "Ban bầu cử: kiểm tra và chấp nhận biên bản",
    Status.ACCEPTED: "Ủy ban bầu cử: xác nhận kết quả",
    Status.LOCKED: "Không còn việc: kết quả đã được xác nhận",
}


def next_actor(record: CountingRecord | None, entries: int = 0) -> str:
    """Who acts next; a draft without an entry waits for its first one."""
    if record is None or (record.status == Status.DRAFT and not entries):
        return NEXT_ACTOR[None]
    return NEXT_ACTOR[record.status]


class WorkflowError(Exception):
    """An illegal step; the message is shown to the clerk as it is."""


class BlockingFindings(WorkflowError):
    def __init__(self, message: str, findings: list[checks.Finding]):
        lines = "\n".join(f"- {f}" for f in findings)
        super().__init__(f"{message}\n{lines}")
        self.findings = findings


def _step(record, transition: str, old: str, new: str, reason: str, changes) -> dict:
    """What the audit entry of one step holds besides its user."""
    return {
        "action": "update" if transition != "entry" else "create",
        "obj": record,
        "changes": {
            "transition": transition,
            "status": [old, new or record.status],
            **changes,
        },
        "reason": reason,
        "election_code": record.contest.election.code,
    }


def audit(user, record, transition: str, old: str, *, reason="", **changes) -> None:
    log.record(user, **_step(record, transition, old, "", reason, changes))


def audit_entry(
    user, record, transition: str, old: str, new: str = "", *, reason="", **changes
):
    """The entry `audit()` writes, not yet written, for bulk.py to write many at
    once; `new`: the status after the step (by default the record's own)."""
    return log.entry(user, **_step(record, transition, old, new, reason, changes))


def open_record(contest, voting_area, round="first") -> CountingRecord:
    """The minutes of this area, contest and round, created empty when missing.

    A re-election's or supplementary election's minutes exist only in a unit with
    the decision to hold it (rounds.open_round)."""
    unit_id = _unit_of_area(contest.pk, voting_area.pk)
    if unit_id is None:
        raise WorkflowError(
            f"Khu vực bỏ phiếu {voting_area.key} không thuộc đơn vị bầu cử nào của "
            f"cuộc bầu cử {contest.key}."
        )
    if (
        round != "first"
        and not UnitRound.objects.filter(
            electoral_unit_id=unit_id, round=round
        ).exists()
    ):
        raise WorkflowError(
            f"Khu vực bỏ phiếu {voting_area.key} không thuộc đơn vị bầu cử nào có "
            f"quyết định {Round(round).label.lower()} của cuộc bầu cử {contest.key}."
        )
    record, _ = CountingRecord.objects.get_or_create(
        contest=contest,
        voting_area=voting_area,
        round=round,
        defaults={"electoral_unit_id": unit_id},
    )
    return record


def _locked(record: CountingRecord) -> CountingRecord:
    return (
        CountingRecord.objects.select_for_update(of=("self",))
        .select_related("contest__election", "voting_area__commune", "electoral_unit")
        .get(pk=record.pk)
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def _require_status(record, *allowed: str) -> None:
    if record.status not in allowed:
        raise WorkflowError(
            f"{record}: đang ở trạng thái '{record.get_status_display()}', không thực "
            "hiện được thao tác này."
        )


def active_entries(record) -> list[CountingEntry]:
    return list(record.entries.filter(discarded_at__isnull=True).order_by("id"))


def add_entry(
    record: CountingRecord,
    user,
    figures: Mapping[str, int],
    votes: Mapping[int, int],
    *,
    source: str = CountingEntry.Source.SCREEN,
    replace: bool = False,
) -> CountingEntry:
    """One typing of the paper minutes; the second by another user decides.

    With `replace`, a user's own earlier entry (still waiting for the second one)
    is discarded and replaced, e.g. by a corrected import.
    """
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.DRAFT)
        if user is not None:
            _require(
                authority.may_enter(user, record.contest, record.voting_area),
                "Bạn không có quyền nhập biên bản của khu vực "
                f"{record.voting_area.key}.",
            )
        errors = checks.errors_of(check_record(record, figures, votes))
        if errors:
            raise BlockingFindings(f"{record}: số liệu sai, không lưu được.", errors)
        entries = _own_replaced(record, user, replace)
        _require(
            all(e.entered_by_id != getattr(user, "pk", None) for e in entries),
            "Lần nhập thứ hai phải do một người khác thực hiện.",
        )
        entry = CountingEntry.objects.create(
            record=record,
            entered_by=user,
            source=source,
            votes={str(pk): value for pk, value in votes.items()},
            **{name: figures[name] for name in FIGURES},
        )
        audit(user, record, "entry", record.status, entry=entry.pk)
        if entries:
            _compare(record, entries[0], entry, user)
        return entry


def enter_new(contest, voting_area, round: str, user, figures, votes) -> CountingEntry:
    """The first entry of minutes that do not exist yet: the record is created with
    it, in one transaction, so an entry refused by the checks leaves nothing."""
    with transaction.atomic():
        record = open_record(contest, voting_area, round)
        return add_entry(record, user, figures, votes)


def discardable(record: CountingRecord) -> bool:
    """An empty draft: never entered, never reopened (nothing of it to keep)."""
    return (
        record.status == Status.DRAFT
        and not record.entries.exists()
        and not record.versions.exists()
    )


def discard(record: CountingRecord, user) -> None:
    """Delete an empty draft (e.g. opened by mistake); audited."""
    with transaction.atomic():
        record = _locked(record)
        _require(
            discardable(record),
            f"{record}: chỉ hủy được biên bản chưa có lần nhập nào.",
        )
        _require(
            authority.may_enter(user, record.contest, record.voting_area)
            or authority.may_supervise(user, record),
            f"Bạn không có quyền hủy biên bản của khu vực {record.voting_area.key}.",
        )
        log.record(
            user,
            "delete",
            record,
            changes={"transition": "discard", "status": [record.status, None]},
            election_code=record.contest.election.code,
        )
        record.delete()


def _own_replaced(record, user, replace: bool) -> list[CountingEntry]:
    entries = active_entries(record)
    own = [e for e in entries if e.entered_by_id == getattr(user, "pk", None)]
    if replace and own:
        record.entries.filter(pk__in=[e.pk for e in own]).update(
            discarded_at=timezone.now()
        )
        return [e for e in entries if e not in own]
    return entries


def differences(a: CountingEntry, b: CountingEntry, record=None) -> list[str]:
    """The fields two entries disagree on, in words a clerk reads."""
    found = [FIGURE_LABELS[n] for n in FIGURES if getattr(a, n) != getattr(b, n)]
    va, vb = a.votes_by_candidate(), b.votes_by_candidate()
    candidates = (record or a.record).electoral_unit.candidates.all()
    found += [
        f"Số phiếu bầu của {c.full_name} (số {c.ballot_order})"
        for c in candidates
        if va.get(c.pk) != vb.get(c.pk)
    ]
    return found


def _compare(record, first: CountingEntry, second: CountingEntry, user) -> None:
    diff = differences(first, second, record)
    old = record.status
    if diff:
        record.status = Status.MISMATCH
        record.save(update_fields=["status", "updated_at"])
        audit(user, record, "mismatch", old, fields=diff)
    else:
        _agree(record, second)
        audit(user, record, "entered", old)


def _agree(record, entry: CountingEntry) -> None:
    """The record takes the agreed entry's figures and votes."""
    for name in FIGURES:
        setattr(record, name, getattr(entry, name))
    record.status = Status.ENTERED
    record.save()
    record.candidate_votes.all().delete()
    CandidateVotes.objects.bulk_create(
        CandidateVotes(record=record, candidate_id=pk, votes=value)
        for pk, value in entry.votes_by_candidate().items()
    )


def resolve_mismatch(
    record, user, *, choose: CountingEntry | None = None, reason: str = ""
) -> CountingRecord:
    """A supervisor keeps one entry (checked against the paper) or sends both back."""
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.MISMATCH)
        _require(
            authority.may_supervise(user, record),
            "Chỉ Ban bầu cử của đơn vị hoặc Ủy ban bầu cử mới giải quyết chênh lệch.",
        )
        entries = active_entries(record)
        _require(
            user.pk not in {e.entered_by_id for e in entries},
            "Người giải quyết chênh lệch không được là người đã nhập biên bản.",
        )
        now, old = timezone.now(), record.status
        if choose is None:
            record.entries.filter(pk__in=[e.pk for e in entries]).update(
                discarded_at=now
            )
            record.status = Status.DRAFT
            record.save(update_fields=["status", "updated_at"])
            audit(user, record, "sent_back", old, reason=reason)
            return record
        _require(choose.pk in {e.pk for e in entries}, "Lần nhập đã chọn không hợp lệ.")
        record.entries.filter(
            pk__in=[e.pk for e in entries if e.pk != choose.pk]
        ).update(discarded_at=now)
        _agree(record, choose)
        audit(user, record, "entry_chosen", old, reason=reason, entry=choose.pk)
        return record


def unexplained(record, explanations: Mapping[str, str]) -> list[checks.Finding]:
    findings = check_record(record)
    errors = checks.errors_of(findings)
    if errors:
        raise BlockingFindings(f"{record}: số liệu sai.", errors)
    return [
        w
        for w in checks.warnings_of(findings)
        if not (explanations.get(w.code) or "").strip()
    ]


def submit(record, user, explanations: Mapping[str, str] | None = None):
    """The agreed minutes go to the board; every warning needs an explanation."""
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.ENTERED)
        _require(
            authority.may_change(user, record),
            f"Bạn không có quyền gửi biên bản của khu vực {record.voting_area.key}.",
        )
        merged = {**record.explanations, **(explanations or {})}
        merged = {code: text.strip() for code, text in merged.items() if text.strip()}
        missing = unexplained(record, merged)
        if missing:
            raise BlockingFindings(f"{record}: cần giải trình các cảnh báo.", missing)
        old = record.status
        record.explanations = merged
        record.status = Status.SUBMITTED
        record.submitted_by, record.submitted_at = user, timezone.now()
        record.save()
        audit(user, record, "submit", old, explanations=merged)
        return record


def accept(record, user) -> CountingRecord:
    """The board of the record's unit (or the organising committee) accepts it."""
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.SUBMITTED)
        _require(
            authority.may_supervise(user, record),
            f"Chỉ Ban bầu cử {record.electoral_unit} hoặc Ủy ban bầu cử tổ chức cuộc "
            "bầu cử mới chấp nhận được biên bản này.",
        )
        missing = unexplained(record, record.explanations)
        if missing:
            raise BlockingFindings(
                f"{record}: có cảnh báo mới chưa giải trình.", missing
            )
        old = record.status
        record.status = Status.ACCEPTED
        record.accepted_by, record.accepted_at = user, timezone.now()
        record.save()
        audit(user, record, "accept", old)
        return record


def accept_agreed(records, user, explanations=None) -> tuple[int, list[str]]:
    """Submit and accept every agreed record in `records`; (accepted, held back).

    For bulk work (a city's imported minutes): each record is its own transaction,
    and a record that cannot go through is reported, never forced.
    """
    explanations = explanations or {}
    accepted, held = 0, []
    for record in records:
        try:
            if record.status == Status.ENTERED:
                record = submit(record, user, explanations.get(record.pk))
            if record.status == Status.SUBMITTED:
                accept(record, user)
                accepted += 1
        except WorkflowError as exc:
            held.append(str(exc))
    return accepted, held


def explain(record, user, explanations: Mapping[str, str]) -> CountingRecord:
    """Add or change explanations of warnings before the minutes are accepted."""
    with transaction.atomic():
        record = _locked(record)
        _require_status(record, Status.ENTERED, Status.SUBMITTED)
        _require(
            authority.may_change(user, record) or authority.may_supervise(user, record),
            "Bạn không có quyền giải trình biên bản này.",
        )
        old = dict(record.explanations)
        record.explanations.update(
            {code: text.strip() for code, text in explanations.items() if text.strip()}
        )
        record.save(update_fields=["explanations", "updated_at"])
        audit(
            user,
            record,
            "explain",
            record.status,
            explanations=[old, record.explanations],
        )
        return record
