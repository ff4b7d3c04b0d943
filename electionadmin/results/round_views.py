"""The committee's screens after the count: the decisions to hold a re-election or a
supplementary election in the units the law flags, and the confirmation of the
elected (xác nhận tư cách). Every step goes through rounds.py, which checks the law
and the authority and writes the audit entry."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from electionadmin.screens import page, require, screen
from electionadmin.setup.models import Candidate

from . import authority, rounds
from .board_views import COMMITTEES_ONLY
from .determination import final_results
from .forms import ConfirmForm, OpenRoundForm
from .models import Confirmation, Round, UnitRound
from .views import contest_for, is_committee
from .workflow import WorkflowError

ORGANISERS_ONLY = (
    "Màn hình này dành cho Ủy ban bầu cử tổ chức cuộc bầu cử (và người xem của Ủy ban)."
)


@screen()
def rounds_view(request, pk: int):
    """The units the law flags, the decisions recorded, and the form to record one."""
    require(is_committee(request.user), COMMITTEES_ONLY)
    contest = contest_for(request, pk)
    require(authority.organises(request.user, contest, reading=True), ORGANISERS_ONLY)
    flagged = rounds.flagged_units(contest)
    can_open = authority.may_certify(request.user, contest)
    form = OpenRoundForm(
        request.POST or None, flagged=flagged, election=contest.election
    )
    if request.method == "POST":
        require(can_open, "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới ghi nhận được.")
        if form.is_valid():
            unit_pk, round = form.cleaned_data["target"].split(":")
            unit = next(u for u, _, _ in flagged if u.pk == int(unit_pk))
            data = form.cleaned_data
            try:
                held = rounds.open_round(
                    unit,
                    round,
                    request.user,
                    data["decision"],
                    data["election_date"],
                    data["decision_date"],
                    data["decided_by"],
                )
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    f"Đã ghi nhận {held.get_round_display().lower()} ở {unit}, ngày "
                    f"{held.election_date:%d/%m/%Y}.",
                )
                return redirect("results:rounds", contest.pk)
    held = UnitRound.objects.filter(electoral_unit__contest=contest).select_related(
        "electoral_unit", "opened_by"
    )
    context = {
        "contest": contest,
        "flagged": flagged,
        "held": held.order_by("electoral_unit__number", "opened_at"),
        "form": form,
        "can_open": can_open and bool(flagged),
        "latest": rounds.latest_round_date(contest.election),
        # The voter-list change report from the first round's close of polls.
        "changes_since": f"{contest.election.election_date:%Y-%m-%d} "
        f"{contest.election.polls_close:%H:%M}",
    }
    title = f"Bầu cử lại, bầu cử thêm - {contest}"
    return page(request, "results/rounds.html", title, **context)


def winners_of(contest) -> list[dict]:
    """Every winner of the final outcome with the confirmation recorded, if any."""
    rows = []
    for unit, r in final_results([contest]):
        pk_of = {c.ballot_order: c.pk for c in unit.candidates.all()}
        for c in r["candidates"]:
            if c["elected"]:
                rows.append(
                    {
                        "unit": unit,
                        "pk": pk_of[c["ballot_order"]],
                        "row": c,
                        "round_label": Round(c["elected_round"]).label,
                        "certified": rounds.is_certified(contest, c["elected_round"]),
                    }
                )
    found = Confirmation.objects.filter(candidate__in=[w["pk"] for w in rows])
    by_candidate = {c.candidate_id: c for c in found.select_related("recorded_by")}
    for w in rows:
        w["confirmation"] = by_candidate.get(w["pk"])
    return rows


@screen()
def confirm_view(request, pk: int):
    """Xác nhận tư cách: one decision per winner, once its round is certified."""
    require(is_committee(request.user), COMMITTEES_ONLY)
    contest = contest_for(request, pk)
    require(authority.organises(request.user, contest, reading=True), ORGANISERS_ONLY)
    can_confirm = authority.may_certify(request.user, contest)
    winners = winners_of(contest)
    form = ConfirmForm(request.POST or None, winners=winners)
    if request.method == "POST":
        require(can_confirm, "Chỉ Ủy ban bầu cử tổ chức cuộc bầu cử mới ghi nhận được.")
        if form.is_valid():
            data = form.cleaned_data
            candidate = get_object_or_404(
                Candidate.objects.select_related("electoral_unit__contest__election"),
                pk=data["candidate"],
                electoral_unit__contest=contest,
            )
            try:
                done = rounds.confirm(
                    candidate,
                    request.user,
                    data["confirmed"],
                    data["decision"],
                    data["reason"],
                )
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Đã ghi nhận: {done}.")
                return redirect(reverse("results:confirm", args=[contest.pk]))
    context = {
        "contest": contest,
        "form": form,
        "winners": winners,
        "can_confirm": can_confirm,
        "body": rounds.deciding_body(contest),
    }
    title = f"Xác nhận tư cách người trúng cử - {contest}"
    return page(request, "results/confirm.html", title, **context)
