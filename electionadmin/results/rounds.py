"""After the count: re-election, supplementary election and the confirmation of the
elected (Art. 79-80 and 88 of the 2015 law, domain §7.2, §7.4-§7.6).

- `open_round`: the committee records the decision (number, date, deciding body) to
  hold a re-election (turnout of the first round not above half) or a supplementary
  election (seats left unfilled: NA any seat, councils below two thirds) in a unit
  the law flags, on a date after the first election and no later than the cycle's
  limit (15 days in the 2015 law). Refused otherwise; at most one round of each
  kind per unit; a supplementary election after a re-election counts on the
  re-election's result; never a re-election after a supplementary one.
- `confirm`: the confirming body's decision on a winner (confirmed or not, with the
  decision and, when not, the reason), only once the round that elected them is
  certified. A winner not confirmed leaves their seat open (determination.py).

Both are audited and checked with authority.may_certify (the committee organising
the contest, or a system administrator), from the screens and the commands alike.
"""

import datetime

from django.db import transaction

from electionadmin.audit import log

from . import authority, law
from .models import Certification, Confirmation, Round, UnitRound
from .workflow import WorkflowError

DEFAULT_ROUND_DAYS = 15
NATIONAL_COUNCIL = "Hội đồng bầu cử quốc gia"


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def latest_round_date(election) -> datetime.date:
    """The last legal date of a re-election or supplementary election."""
    days = election.cycle.deadlines.get("second_round_latest", DEFAULT_ROUND_DAYS)
    return election.election_date + datetime.timedelta(days=days)


def round_date_problem(election, day: datetime.date) -> str | None:
    """A later round is held after election day and no later than the cycle's limit
    (`second_round_latest`, Art. 79-80); None when `day` is within."""
    latest = latest_round_date(election)
    if election.election_date < day <= latest:
        return None
    return (
        f"Ngày bầu cử lại, bầu cử thêm phải sau ngày bầu cử "
        f"{_day(election.election_date)} và chậm nhất là ngày {_day(latest)}."
    )


def deciding_body(contest) -> str:
    """NA: the National Election Council; a council: the election committee of its
    level (Art. 79-80)."""
    if contest.kind == "QH":
        return NATIONAL_COUNCIL
    return f"Ủy ban bầu cử {contest.council_unit.name}"


def opened_rounds(unit) -> dict[str, UnitRound]:
    return {r.round: r for r in UnitRound.objects.filter(electoral_unit=unit)}


def base_round(unit_id: int) -> str:
    """The round whose result a supplementary election completes: the re-election
    when the unit held one, else the first round."""
    held = UnitRound.objects.filter(electoral_unit_id=unit_id, round=Round.REELECTION)
    return Round.REELECTION if held.exists() else Round.FIRST


def required_round(unit) -> tuple[str | None, str]:
    """(the round the law asks for now, or None; why, in Vietnamese)."""
    from .determination import unit_results

    opened = opened_rounds(unit)
    if Round.SUPPLEMENTARY in opened:
        return None, "Đơn vị đã bầu cử thêm; không tổ chức bầu cử thêm lần thứ hai."
    base = Round.REELECTION if Round.REELECTION in opened else Round.FIRST
    [(_, result)] = unit_results([unit.contest], base, unit_ids=[unit.pk])
    if result["status"] == law.INCOMPLETE:
        return None, (
            f"Kết quả {Round(base).label.lower()} ở đơn vị chưa đủ biên bản được "
            "chấp nhận."
        )
    if result["status"] == law.REELECTION_REQUIRED:
        return Round.REELECTION, (
            "Số cử tri đi bầu chưa quá một nửa tổng số cử tri của đơn vị (Điều 80)."
        )
    if result["supplementary_election_required"]:
        return Round.SUPPLEMENTARY, (
            f"Còn {result['seats_unfilled']} ghế chưa có người trúng cử (Điều 79)."
        )
    return None, "Pháp luật không đòi hỏi bầu cử lại hay bầu cử thêm ở đơn vị này."


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def open_round(
    unit,
    round: str,
    user,
    decision: str,
    election_date: datetime.date,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
) -> UnitRound:
    """Record the decision to hold this round in this unit; refused unless the law
    flags the unit for it and the date is within the legal limit."""
    contest = unit.contest
    election = contest.election
    label = Round(round).label.lower() if round in Round.values else round
    _require(
        authority.may_certify(user, contest),
        f"Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới ghi nhận được quyết định {label}.",
    )
    _require(round != Round.FIRST and round in Round.values, "Lần bầu cử không hợp lệ.")
    decision = (decision or "").strip()
    _require(bool(decision), "Phải ghi số văn bản quyết định.")
    latest = latest_round_date(election)
    _require(
        round_date_problem(election, election_date) is None,
        f"Ngày {label} phải sau ngày bầu cử {_day(election.election_date)} và chậm "
        f"nhất là ngày {_day(latest)}.",
    )
    _require(
        decision_date is None
        or election.election_date <= decision_date <= election_date,
        "Ngày quyết định phải từ ngày bầu cử đến ngày "
        f"{label} ({_day(election_date)}).",
    )
    with transaction.atomic():
        locked = UnitRound.objects.select_for_update().filter(electoral_unit=unit)
        list(locked.order_by("pk"))
        opened = opened_rounds(unit)
        if round in opened:
            raise WorkflowError(
                f"{unit} đã có quyết định {label} ({opened[round].decision}); "
                "không tổ chức lần thứ hai."
            )
        wanted, why = required_round(unit)
        _require(
            wanted == round,
            f"Không mở được {label} ở {unit}: {why}",
        )
        held = UnitRound.objects.create(
            electoral_unit=unit,
            round=round,
            decision=decision,
            decision_date=decision_date,
            decided_by=(decided_by or "").strip() or deciding_body(contest),
            election_date=election_date,
            opened_by=user,
        )
        log.record(
            user,
            "create",
            held,
            changes={
                "transition": "open_round",
                "round": round,
                "unit": unit.number,
                "decision": decision,
                "decision_date": decision_date.isoformat() if decision_date else None,
                "decided_by": held.decided_by,
                "election_date": election_date.isoformat(),
                "why": why,
            },
            reason=decision,
            election_code=election.code,
        )
        return held


def winner_round(candidate) -> str | None:
    """The round in which the candidate was elected (final outcome), else None."""
    from .determination import final_results

    unit = candidate.electoral_unit
    [(_, result)] = final_results([unit.contest], unit_ids=[unit.pk])
    for row in result["candidates"]:
        if row["ballot_order"] == candidate.ballot_order and row["elected"]:
            return row["elected_round"]
    return None


def is_certified(contest, round: str) -> bool:
    return Certification.objects.filter(
        contest=contest, round=round, revoked_at__isnull=True
    ).exists()


def confirm(
    candidate,
    user,
    confirmed: bool,
    decision: str,
    reason: str = "",
    decided_by: str = "",
) -> Confirmation:
    """Record the confirming body's decision on one winner (audited)."""
    unit = candidate.electoral_unit
    contest = unit.contest
    _require(
        authority.may_certify(user, contest),
        "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới ghi nhận được việc xác nhận tư "
        "cách người trúng cử.",
    )
    decision, reason = (decision or "").strip(), (reason or "").strip()
    _require(bool(decision), "Phải ghi văn bản quyết định về việc xác nhận tư cách.")
    _require(
        confirmed or bool(reason),
        "Phải ghi lý do không xác nhận tư cách người trúng cử.",
    )
    with transaction.atomic():
        round = winner_round(candidate)
        _require(
            round is not None,
            f"{candidate.full_name} không trúng cử ở {unit}; không có tư cách để xác "
            "nhận.",
        )
        _require(
            is_certified(contest, round),
            f"Kết quả {Round(round).label.lower()} của {contest} chưa được Ủy ban "
            "bầu cử xác nhận; chưa xác nhận tư cách người trúng cử được.",
        )
        old = Confirmation.objects.select_for_update().filter(candidate=candidate)
        old = old.order_by("pk").first()
        before = (
            {"confirmed": old.confirmed, "decision": old.decision, "reason": old.reason}
            if old
            else None
        )
        found, _ = Confirmation.objects.update_or_create(
            candidate=candidate,
            defaults={
                "round": round,
                "confirmed": confirmed,
                "decision": decision,
                "reason": "" if confirmed else reason,
                "decided_by": (decided_by or "").strip() or deciding_body(contest),
                "recorded_by": user,
            },
        )
        log.record(
            user,
            "update" if old else "create",
            found,
            changes={
                "transition": "confirm_elected",
                "candidate": candidate.full_name,
                "unit": unit.number,
                "before": before,
                "after": {
                    "confirmed": found.confirmed,
                    "decision": found.decision,
                    "reason": found.reason,
                },
            },
            reason=reason or decision,
            election_code=contest.election.code,
        )
        refresh_public_snapshot(contest, user)
        return found


def refresh_public_snapshot(contest, user) -> None:
    """A changed confirmation changes the certified outcome: publish it again as a
    new version (snapshots.take_snapshot; the contest is certified, confirm() made
    sure of it)."""
    from .snapshots import take_snapshot

    take_snapshot(contest, user)


def flagged_units(contest) -> list[tuple]:
    """[(unit, round, why)]: the units whose final result the law flags for a round
    not yet decided (one final_results call for the contest)."""
    from .determination import final_results

    opened = set(
        UnitRound.objects.filter(electoral_unit__contest=contest).values_list(
            "electoral_unit_id", "round"
        )
    )
    found = []
    for unit, r in final_results([contest]):
        if r["status"] == law.REELECTION_REQUIRED:
            if (unit.pk, Round.REELECTION) not in opened:
                why = "Số cử tri đi bầu chưa quá một nửa (Điều 80)."
                found.append((unit, Round.REELECTION.value, why))
        elif r["supplementary_election_required"] and (
            (unit.pk, Round.SUPPLEMENTARY) not in opened
        ):
            why = f"Còn {r['seats_unfilled']} ghế chưa có người trúng cử (Điều 79)."
            found.append((unit, Round.SUPPLEMENTARY.value, why))
    return found
