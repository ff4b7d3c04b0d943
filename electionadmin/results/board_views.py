"""The board's screen for its unit and the committee's screen for a contest.

Board: every voting area of the unit with its minutes' state, and the running result
(from accepted minutes, or with `tam-tinh=1` from every agreed one) with winners and
ties flagged. Committee: every unit's result, the contest summary and the
certification that locks the contest (certification.py).
"""

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from electionadmin.printing import catalogue
from electionadmin.screens import page, require, screen

from . import authority, law
from .certification import certify, revoke
from .determination import contest_summary, unit_results
from .forms import CertifyForm, RevokeForm
from .models import Certification, CountingRecord, Round, UnitRound
from .views import (
    contest_for,
    is_board_or_committee,
    is_committee,
    print_url,
    round_of,
    unit_for,
)
from .workflow import WorkflowError, accept

Status = CountingRecord.Status
SUPERVISORS_ONLY = "Màn hình này dành cho Ban bầu cử và Ủy ban bầu cử."
COMMITTEES_ONLY = "Màn hình này dành cho Ủy ban bầu cử."
CONTEST_TOTALS_ONLY = (
    "Kết quả chung của cuộc bầu cử này, trước khi được xác nhận, chỉ dành cho Ủy ban "
    "bầu cử tổ chức cuộc bầu cử."
)
UNIT_TOTALS_ONLY = (
    "Kết quả tạm tính của đơn vị bầu cử này, trước khi được xác nhận, chỉ dành cho "
    "Ban bầu cử của đơn vị và Ủy ban bầu cử phụ trách toàn bộ đơn vị."
)
STATUS_LABELS = dict(Status.choices) | {"missing": "Chưa có biên bản"}
RESULT_LABELS = {
    law.INCOMPLETE: "Chưa đủ biên bản được chấp nhận",
    law.COMPLETE: "Đủ biên bản, cuộc bầu cử có giá trị",
    law.REELECTION_REQUIRED: "Cử tri đi bầu chưa quá một nửa: phải bầu cử lại",
}


def area_rows(unit, round: str) -> list[dict]:
    """Every area of the unit with its minutes (two queries, no per-row lookup)."""
    records = {
        row["voting_area_id"]: row
        for row in CountingRecord.objects.filter(electoral_unit=unit, round=round)
        .order_by()
        .values("pk", "voting_area_id", "status", "updated_at")
    }
    areas = unit.areas.order_by("commune__code", "number").values(
        "pk", "number", "name", "commune__code", "commune__name"
    )
    rows = []
    for area in areas:
        record = records.get(area["pk"])
        status = record["status"] if record else "missing"
        rows.append(
            {
                "key": f"{area['commune__code']}/{area['number']}",
                "name": area["name"] or area["commune__name"],
                "status": status,
                "label": STATUS_LABELS[status],
                "record": record["pk"] if record else None,
                "updated": record["updated_at"] if record else None,
            }
        )
    return rows


@screen()
def board_view(request, pk: int):
    require(is_board_or_committee(request.user), SUPERVISORS_ONLY)
    unit = unit_for(request, pk)
    round = round_of(request)
    require(authority.sees_unit_totals(request.user, unit, round), UNIT_TOTALS_ONLY)
    include = request.GET.get("tam-tinh") == "1"
    [(_, result)] = unit_results(
        [unit.contest], round, include, unit_ids=[unit.pk]
    ) or [(unit, None)]
    rows = area_rows(unit, round)
    counts = Counter(row["status"] for row in rows)
    election = unit.contest.election
    context = {
        "unit": unit,
        "contest": unit.contest,
        "round": round,
        "include_unaccepted": include,
        "result": result,
        "result_label": RESULT_LABELS.get(result["status"], "") if result else "",
        "rows": rows,
        "counts": [(STATUS_LABELS[s], counts[s]) for s in STATUS_LABELS if counts[s]],
        "can_supervise": authority.may_supervise_unit(
            request.user, unit.contest, unit.pk
        ),
        "submitted_count": counts[Status.SUBMITTED],
        "print_url": print_url(
            election, catalogue.board_form_for(unit.contest.kind), unit.key, round
        ),
    }
    title = f"Ban bầu cử - {unit.contest} - {unit.full_label}"
    return page(request, "results/board.html", title, **context)


@require_POST
@screen()
def accept_submitted(request, pk: int):
    """Accept every submitted minutes of the unit; a refused one is reported."""
    unit = unit_for(request, pk)
    round = round_of(request)
    require(authority.may_supervise_unit(request.user, unit.contest, unit.pk))
    done, held = 0, []
    submitted = CountingRecord.objects.filter(
        electoral_unit=unit, round=round, status=Status.SUBMITTED
    ).order_by("pk")
    for record in submitted:
        try:
            accept(record, request.user)
            done += 1
        except WorkflowError as exc:
            held.append(str(exc).splitlines()[0])
    messages.success(request, f"Đã chấp nhận {done} biên bản.")
    for line in held:
        messages.error(request, f"Chưa chấp nhận: {line}")
    return redirect(f"{reverse('results:board', args=[unit.pk])}?round={round}")


def _certifications(contest, round: str):
    return Certification.objects.filter(contest=contest, round=round).select_related(
        "certified_by", "revoked_by"
    )


def committee_context(request, contest, round: str) -> dict:
    pairs = unit_results([contest], round)
    summary = contest_summary([r for _, r in pairs])
    history = list(_certifications(contest, round))
    active = next((c for c in history if c.revoked_at is None), None)
    election = contest.election
    held = UnitRound.objects.filter(electoral_unit__contest=contest)
    kinds = set(held.values_list("round", flat=True))
    return {
        "contest": contest,
        "round": round,
        "round_label": Round(round).label,
        "round_tabs": [
            (v, label) for v, label in Round.choices if v in kinds | {"first"}
        ],
        "round_decisions": held.filter(round=round).select_related("electoral_unit"),
        "units": [(unit, r, RESULT_LABELS[r["status"]]) for unit, r in pairs],
        "summary": summary,
        "active": active,
        "history": [c for c in history if c is not active],
        "can_certify": active is None and authority.may_certify(request.user, contest),
        "can_revoke": active is not None
        and authority.may_certify(request.user, contest),
        "print_urls": [
            (
                "In biên bản của Ủy ban bầu cử",
                print_url(
                    election,
                    catalogue.committee_form_for(contest.kind),
                    contest.key,
                    round,
                ),
            ),
            (
                "In danh sách người trúng cử",
                print_url(election, "WINNERS_LIST", contest.key, round),
            ),
        ],
    }


@screen()
def committee_view(request, pk: int):
    require(is_committee(request.user), COMMITTEES_ONLY)
    contest = contest_for(request, pk)
    round = round_of(request)
    require(
        authority.sees_contest_totals(request.user, contest, round),
        CONTEST_TOTALS_ONLY,
    )
    context = committee_context(request, contest, round)
    return page(request, "results/committee.html", f"Kết quả {contest}", **context)


@screen()
def certify_view(request, pk: int):
    contest = contest_for(request, pk)
    round = round_of(request)
    require(
        authority.may_certify(request.user, contest),
        "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới xác nhận được kết quả.",
    )
    form = CertifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certify(contest, request.user, round, form.cleaned_data["note"])
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã xác nhận kết quả; các biên bản đã bị khóa.")
            if contest.election.is_rehearsal:
                messages.info(
                    request,
                    "Bầu cử diễn tập: kết quả không được công bố trên trang công khai.",
                )
            url = reverse("results:committee", args=[contest.pk])
            return redirect(f"{url}?round={round}")
    context = committee_context(request, contest, round) | {"form": form}
    title = f"Xác nhận kết quả {contest}"
    return page(request, "results/certify.html", title, **context)


@screen()
def revoke_view(request, pk: int):
    """Withdraw the certification (certification.revoke): the minutes unlock and the
    results leave the public site; a reason is required."""
    contest = contest_for(request, pk)
    round = round_of(request)
    require(
        authority.may_certify(request.user, contest),
        "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới hủy được việc xác nhận kết quả.",
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke(contest, request.user, form.cleaned_data["reason"], round)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "Đã hủy xác nhận kết quả; kết quả không còn được công bố."
            )
            url = reverse("results:committee", args=[contest.pk])
            return redirect(f"{url}?round={round}")
    context = committee_context(request, contest, round) | {"form": form}
    title = f"Hủy xác nhận kết quả {contest}"
    return page(request, "results/revoke.html", title, **context)
