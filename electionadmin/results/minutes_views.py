"""The screens of one counting minutes: the record, its entry (laid out like the
paper), the mismatch a supervisor settles, submit, explain, accept and reopen.

Every step calls workflow.py / certification.py, which check the rights again, keep
the rules and write the audit log; these views only show and forward.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from electionadmin.access.models import Profile
from electionadmin.audit import log
from electionadmin.printing.catalogue import team_form_for
from electionadmin.screens import in_scope, page, require, screen
from electionadmin.setup.models import Contest, VotingArea

from . import authority, checks
from .certification import reopen as reopen_record
from .forms import EntryForm, ExplanationsForm, ReasonForm, ResolveForm
from .minutes import ballot_of, check_record
from .models import FIGURE_LABELS, FIGURES, CountingRecord
from .models import unit_of_area as _unit_of_area
from .views import print_url, record_for, report_failure, round_of
from .workflow import (
    NEXT_ACTOR,
    BlockingFindings,
    WorkflowError,
    active_entries,
    add_entry,
    discard,
    discardable,
    enter_new,
    next_actor,
    resolve_mismatch,
)
from .workflow import (
    accept as accept_record,
)
from .workflow import (
    explain as explain_record,
)
from .workflow import (
    submit as submit_record,
)

Status = CountingRecord.Status


def _rights(user, record, entrants: set) -> dict:
    status = record.status
    supervise = authority.may_supervise(user, record)
    change = authority.may_change(user, record)
    may_enter = authority.may_enter(user, record.contest, record.voting_area)
    return {
        "enter": status == Status.DRAFT and user.pk not in entrants and may_enter,
        "resolve": status == Status.MISMATCH and supervise and user.pk not in entrants,
        "submit": status == Status.ENTERED and change,
        "explain": status in (Status.ENTERED, Status.SUBMITTED)
        and (change or supervise),
        "accept": status == Status.SUBMITTED and supervise,
        "reopen": (status == Status.SUBMITTED and supervise)
        or (
            status in (Status.ACCEPTED, Status.LOCKED)
            and authority.may_reopen(user, record)
        ),
        "discard": (may_enter or supervise) and discardable(record),
    }


SECOND_ENTRANT_ROLES = {
    Profile.Role.ELECTION_TEAM: "Tổ bầu cử",
    Profile.Role.COMMUNE_COMMITTEE: "Ủy ban bầu cử xã/phường, thay cho Tổ bầu cử",
}


def second_entrants(record, entrants: set) -> list[str]:
    """The accounts that may make the second entry: the area's team members other
    than the first entrant, and the commune committee on the team's behalf."""
    area = record.voting_area
    profiles = (
        Profile.objects.filter(user__is_active=True)
        .filter(
            Q(role=Profile.Role.ELECTION_TEAM, voting_area=area)
            | Q(role=Profile.Role.COMMUNE_COMMITTEE, admin_unit_id=area.commune_id)
        )
        .exclude(user_id__in=entrants)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return [
        " - ".join(filter(None, [p.user.username, p.user.get_full_name()]))
        + f" ({SECOND_ENTRANT_ROLES[p.role]})"
        for p in profiles
    ]


def _own_warnings(record, entries, user) -> list:
    """The warnings of the user's own entry, while it waits for the second one."""
    own = [e for e in entries if e.entered_by_id == user.pk]
    if record.status != Status.DRAFT or not own:
        return []
    found = check_record(record, own[0].figures(), own[0].votes_by_candidate())
    return checks.warnings_of(found)


def _paper(record, candidates) -> dict:
    """The agreed figures and votes, as the paper lists them."""
    if not record.has_figures:
        return {"figures": [], "votes": []}
    votes = record.votes_by_candidate()
    return {
        "figures": [(FIGURE_LABELS[n], getattr(record, n)) for n in FIGURES],
        "votes": [(c, votes.get(c.pk)) for c in candidates],
    }


def _print_url(record) -> str:
    key = team_form_for(record.contest.kind)
    return print_url(
        record.contest.election,
        key,
        record.voting_area.key,
        record.round,
        record.contest.key,
    )


def _findings(record) -> tuple[list, list]:
    if not record.has_figures:
        return [], []
    found = check_record(record)
    return checks.errors_of(found), checks.warnings_of(found)


@screen()
def record_view(request, pk: int):
    record = record_for(request, pk)
    entries = active_entries(record)
    entrants = {e.entered_by_id for e in entries}
    _, candidates = ballot_of(record.electoral_unit, record.round)
    errors, warnings = _findings(record)
    rights = _rights(request.user, record, entrants)
    context = {
        "record": record,
        "entries": entries,
        "entered_by_me": request.user.pk in entrants,
        "next_actor": next_actor(record, len(entries)),
        "second_entrants": second_entrants(record, entrants)
        if record.status == Status.DRAFT and entries
        else [],
        "own_warnings": _own_warnings(record, entries, request.user),
        "rights": rights,
        "errors": errors,
        "warnings": [(w, record.explanations.get(w.code, "")) for w in warnings],
        "explain_form": ExplanationsForm(
            warnings=warnings, explanations=record.explanations
        )
        if warnings and (rights["submit"] or rights["explain"])
        else None,
        "reason_form": ReasonForm(),
        "versions": record.versions.select_related("reopened_by"),
        "print_url": _print_url(record),
        **_paper(record, candidates),
    }
    return page(request, "results/record.html", str(record), **context)


def _after_entry(request, record) -> None:
    record.refresh_from_db()
    if record.status == Status.ENTERED:
        messages.success(request, "Hai lần nhập khớp nhau: biên bản đã nhập xong.")
    elif record.status == Status.MISMATCH:
        messages.warning(
            request,
            "Hai lần nhập không khớp. Ban bầu cử hoặc Ủy ban bầu cử sẽ đối chiếu bản "
            "giấy để chọn một lần nhập hoặc trả lại.",
        )
    else:
        messages.success(
            request,
            "Đã lưu lần nhập thứ nhất. Cần một người khác nhập lại độc lập từ bản "
            "giấy.",
        )


def _warn_ahead(request, record, form) -> None:
    found = check_record(record, form.figures(), form.votes())
    for w in checks.warnings_of(found):
        messages.warning(request, f"{w} (cần giải trình khi gửi biên bản)")


def _save_complaints(request, record, text: str) -> None:
    text = text.strip()
    if text and text != record.complaints:
        old, record.complaints = record.complaints, text
        record.save(update_fields=["complaints", "updated_at"])
        log.record(
            request.user,
            "update",
            record,
            changes={"complaints": [old, text]},
            election_code=record.contest.election.code,
        )


def _entry_page(request, record, entrants: set, form, save):
    """The paper minutes' entry; `save(figures, votes)` stores a valid entry."""
    if request.method == "POST" and form.is_valid():
        try:
            entry = save(form.figures(), form.votes())
        except BlockingFindings as exc:
            form.add_findings(exc.findings)
        except WorkflowError as exc:
            report_failure(request, exc)
        else:
            record = entry.record
            _save_complaints(request, record, form.cleaned_data["complaints"])
            _warn_ahead(request, record, form)
            _after_entry(request, record)
            return redirect("results:record", record.pk)
    context = {
        "record": record,
        "form": form,
        "entry_number": len(entrants) + 1,
        "after_entry": NEXT_ACTOR[Status.DRAFT] if not entrants else "",
        "cancel_url": reverse("results:record", args=[record.pk])
        if record.pk
        else reverse("results:entry_list"),
    }
    return page(request, "results/entry.html", f"Nhập {record}", **context)


@screen()
def entry_view(request, pk: int):
    record = record_for(request, pk)
    entrants = {e.entered_by_id for e in active_entries(record)}
    require(
        _rights(request.user, record, entrants)["enter"],
        "Biên bản này không nhận thêm lần nhập của bạn.",
    )
    _, candidates = ballot_of(record.electoral_unit, record.round)
    form = EntryForm(request.POST or None, candidates=candidates)
    return _entry_page(
        request,
        record,
        entrants,
        form,
        lambda figures, votes: add_entry(record, request.user, figures, votes),
    )


@screen()
def new_entry_view(request, area_id: int, contest_id: int):
    """The entry screen of minutes not yet begun: nothing is created until the
    first entry is saved (the record is created with it)."""
    area = in_scope(
        VotingArea.objects.select_related("commune"), request.user, pk=area_id
    )
    contest = in_scope(
        Contest.objects.select_related("election", "council_unit"),
        request.user,
        pk=contest_id,
    )
    round = round_of(request)
    existing = CountingRecord.objects.filter(
        contest=contest, voting_area=area, round=round
    ).first()
    if existing is not None:
        return redirect("results:record", existing.pk)
    require(
        authority.may_enter(request.user, contest, area),
        "Bạn không có quyền nhập biên bản của khu vực bỏ phiếu này.",
    )
    unit_id = _unit_of_area(contest.pk, area.pk)
    if unit_id is None:
        raise Http404("Khu vực bỏ phiếu này không thuộc đơn vị bầu cử nào.")
    record = CountingRecord(
        contest=contest, voting_area=area, round=round, electoral_unit_id=unit_id
    )
    _, candidates = ballot_of(record.electoral_unit, round)
    form = EntryForm(request.POST or None, candidates=candidates)
    return _entry_page(
        request,
        record,
        set(),
        form,
        lambda figures, votes: enter_new(
            contest, area, round, request.user, figures, votes
        ),
    )


@require_POST
@screen()
def discard_view(request, pk: int):
    record = record_for(request, pk)
    try:
        discard(record, request.user)
    except WorkflowError as exc:
        report_failure(request, exc)
        return redirect("results:record", record.pk)
    messages.success(request, f"Đã hủy biên bản trống: {record}.")
    return redirect("results:entry_list")


def _comparison(record, entries) -> list[dict]:
    first, second = entries[0], entries[1]
    rows = [
        {"label": FIGURE_LABELS[n], "a": getattr(first, n), "b": getattr(second, n)}
        for n in FIGURES
    ]
    va, vb = first.votes_by_candidate(), second.votes_by_candidate()
    _, candidates = ballot_of(record.electoral_unit, record.round)
    rows += [
        {
            "label": f"{c.ballot_order}. {c.full_name}",
            "a": va.get(c.pk),
            "b": vb.get(c.pk),
        }
        for c in candidates
    ]
    return [row | {"differs": row["a"] != row["b"]} for row in rows]


@screen()
def mismatch_view(request, pk: int):
    record = record_for(request, pk)
    entries = active_entries(record)
    entrants = {e.entered_by_id for e in entries}
    require(
        _rights(request.user, record, entrants)["resolve"],
        "Chỉ Ban bầu cử của đơn vị hoặc Ủy ban bầu cử (không phải người đã nhập) mới "
        "xem và giải quyết chênh lệch.",
    )
    form = ResolveForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        chosen = next((e for e in entries if str(e.pk) == choice), None)
        try:
            resolve_mismatch(
                record, request.user, choose=chosen, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as exc:
            report_failure(request, exc)
        else:
            messages.success(request, "Đã giải quyết chênh lệch.")
            return redirect("results:record", record.pk)
    context = {
        "record": record,
        "entries": entries,
        "rows": _comparison(record, entries),
        "form": form,
    }
    return page(request, "results/mismatch.html", f"Chênh lệch - {record}", **context)


def _explanations(request, record) -> dict:
    _, warnings = _findings(record)
    form = ExplanationsForm(
        request.POST, warnings=warnings, explanations=record.explanations
    )
    return form.explanations() if form.is_valid() else {}


def _step(request, pk: int, action, done: str):
    record = record_for(request, pk)
    try:
        action(record)
    except WorkflowError as exc:
        report_failure(request, exc)
    else:
        messages.success(request, done)
    return redirect("results:record", record.pk)


@require_POST
@screen()
def submit_view(request, pk: int):
    return _step(
        request,
        pk,
        lambda r: submit_record(r, request.user, _explanations(request, r)),
        "Đã gửi biên bản đến Ban bầu cử.",
    )


@require_POST
@screen()
def explain_view(request, pk: int):
    return _step(
        request,
        pk,
        lambda r: explain_record(r, request.user, _explanations(request, r)),
        "Đã lưu giải trình.",
    )


@require_POST
@screen()
def accept_view(request, pk: int):
    return _step(
        request,
        pk,
        lambda r: accept_record(r, request.user),
        "Đã chấp nhận biên bản.",
    )


@require_POST
@screen()
def reopen_view(request, pk: int):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phải ghi lý do mở lại biên bản.")
        return redirect("results:record", pk)
    return _step(
        request,
        pk,
        lambda r: reopen_record(r, request.user, form.cleaned_data["reason"]),
        "Đã mở lại biên bản; phiên bản cũ được lưu. Biên bản cần nhập lại hai lần.",
    )
