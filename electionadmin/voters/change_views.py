"""Screens that record changes to the voter list (biến động cử tri).

Each screen wraps one function of `changes.py`: a GET shows the form, a POST records
the change; a refusal (`ChangeRefused`) or a bad value comes back on the form and
nothing is written. The entry screens (remove, transfer, certificate) need
`voters.change_voterentry`, the area screens (add, receive) `voters.add_voterentry`:
403 without. The entry, the area and a transfer's target area must be ones the user
may edit: 404 otherwise, as if they did not exist.
"""

import datetime
import re

from django.contrib import admin, messages
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from electionadmin.access.scope import can_edit, restrict
from electionadmin.screens import has_perm, page, refuse_unless
from electionadmin.setup.models import VotingArea
from electionadmin.text import fold

from . import eligibility
from .changes import (
    ChangeRefused,
    add_voter,
    contests_of,
    issue_certificate,
    receive_certificate,
    remove_voter,
    transfer_voter,
)
from .forms import (
    AddForm,
    CertificateForm,
    ReceiveIssuedForm,
    ReceiveOtherForm,
    RemoveForm,
    TransferForm,
)
from .identity import is_citizen_id, mask, mask_citizen_id
from .models import VoterChange, VoterEntry

ENTRY_PERM = "voters.change_voterentry"
AREA_PERM = "voters.add_voterentry"
RACE = "Danh sách vừa được thay đổi cùng lúc; hãy kiểm tra lại rồi ghi lại."
FOUND_AT_MOST = 20


def change_screen(permission: str):
    """Admin login, the permission (403), GET or POST only, CSRF on POST."""

    def decorate(view):
        guarded = refuse_unless(has_perm(permission))(view)
        return admin.site.admin_view(require_http_methods(["GET", "POST"])(guarded))

    return decorate


def editable_entry(user, entry_id: int) -> VoterEntry:
    entries = restrict(VoterEntry.objects.all(), user, editable=True)
    related = entries.select_related(
        "voting_area__commune", "voting_area__election__cycle"
    )
    return get_object_or_404(related, pk=entry_id)


def editable_area(user, area_id: int) -> VotingArea:
    areas = restrict(VotingArea.objects.all(), user, editable=True)
    related = areas.select_related("commune", "election__cycle")
    return get_object_or_404(related, pk=area_id)


def entry_url(entry: VoterEntry) -> str:
    return reverse("admin:voters_voterentry_change", args=[entry.pk])


def area_list_url(area_id: int) -> str:
    changelist = reverse("admin:voters_voterentry_changelist")
    return f"{changelist}?voting_area__id__exact={area_id}"


def posted(request):
    return request.POST if request.method == "POST" else None


def attempt(form, write):
    """Run the change; a refusal lands on the form (the change rolled back)."""
    try:
        return write()
    except ChangeRefused as refused:
        form.add_error(None, refused)
    except IntegrityError:
        form.add_error(None, RACE)
    return None


def struck_off(request, entry: VoterEntry):
    messages.error(
        request,
        f"Cử tri {entry.full_name} không còn tên trong danh sách "
        f"({entry.get_status_display().lower()}).",
    )
    return redirect(entry_url(entry))


Kind = VoterChange.Kind
# Which deadlines each screen names: (kind, [(what, a reason it stands for)]).
DEADLINES = {
    "remove": (
        Kind.REMOVE,
        [
            ("chuyển đi, lý do khác", "moved_away"),
            ("chết, bị tước quyền bầu cử, ghi trùng", "died"),
        ],
    ),
    "transfer": (Kind.TRANSFER, [("chuyển khu vực bỏ phiếu", "permanent_move")]),
    "certificate": (Kind.CERTIFICATE_ISSUED, [("cấp giấy chứng nhận", "other")]),
    "add": (
        Kind.ADD,
        [
            ("đủ 18 tuổi, chuyển đến, lý do khác", "newly_eligible"),
            ("được khôi phục quyền bầu cử", "rights_restored"),
        ],
    ),
    "receive": (Kind.CERTIFICATE_RECEIVED, [("tiếp nhận cử tri", "other")]),
}


def deadline_note(area: VotingArea, screen: str) -> str:
    """The moments this screen's changes close at, for the clerk to see up front."""
    kind, groups = DEADLINES[screen]
    parts = []
    for what, reason in groups:
        moment, _ = eligibility.change_deadline(kind, reason, area)
        moment = timezone.localtime(moment)
        parts.append(f"{what}: trước {moment:%H:%M} ngày {moment:%d/%m/%Y}")
    return "Thời hạn ghi nhận — " + "; ".join(parts) + "."


def entry_form(request, entry, form, title: str, screen: str, submit: str, **extra):
    return page(
        request,
        "voters/change_form.html",
        title,
        form=form,
        submit=submit,
        **entry_context(request, entry, screen),
        **extra,
    )


def entry_context(request, entry: VoterEntry, screen: str) -> dict:
    return {
        "entry": entry,
        "citizen_id": mask_citizen_id(request.user, entry.citizen_id),
        "area": entry.voting_area,
        "deadline": deadline_note(entry.voting_area, screen),
        "back_url": entry_url(entry),
    }


def area_form(request, area, form, title: str, submit: str):
    return page(
        request,
        "voters/change_form.html",
        title,
        form=form,
        area=area,
        submit=submit,
        deadline=deadline_note(area, "add"),
        back_url=area_list_url(area.pk),
    )


# The entry screens.
@change_screen(ENTRY_PERM)
def remove(request, entry_id: int):
    entry = editable_entry(request.user, entry_id)
    if not entry.is_active:
        return struck_off(request, entry)
    form = RemoveForm(entry.voting_area, posted(request))
    if form.is_bound and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            return page(
                request,
                "voters/change_confirm.html",
                "Xác nhận xóa tên khỏi danh sách",
                form=form,
                **entry_context(request, entry, "remove"),
            )
        if attempt(form, lambda: remove_voter(entry, form.paper(), request.user)):
            messages.success(
                request,
                f"Đã xóa tên cử tri {entry.full_name} (số thứ tự {entry.list_number})"
                f" khỏi danh sách khu vực bỏ phiếu {entry.voting_area.key}, lý do: "
                f"{form.reason_label().lower()}.",
            )
            return redirect(entry_url(entry))
    return entry_form(
        request,
        entry,
        form,
        "Xóa tên khỏi danh sách",
        "remove",
        "Xem lại trước khi xóa tên",
    )


def target_areas(user, entry: VoterEntry):
    """The other areas of the entry's election that the user may edit."""
    areas = VotingArea.objects.filter(election_id=entry.election_id)
    areas = restrict(areas, user, editable=True)
    return areas.exclude(pk=entry.voting_area_id)


@change_screen(ENTRY_PERM)
def transfer(request, entry_id: int):
    entry = editable_entry(request.user, entry_id)
    if not entry.is_active:
        return struck_off(request, entry)
    areas = target_areas(request.user, entry)
    data = posted(request)
    chosen = (data or {}).get("to_area", "")
    if chosen and not (chosen.isdigit() and areas.filter(pk=chosen).exists()):
        raise Http404  # an area outside the user's jurisdiction is not offered
    form = TransferForm(entry, areas, data)
    if form.is_bound and form.is_valid():
        target, residence = form.cleaned_data["to_area"], form.cleaned_data["residence"]
        new = attempt(
            form,
            lambda: transfer_voter(
                entry, target, form.paper(), request.user, residence=residence or None
            ),
        )
        if new:
            messages.success(
                request,
                f"Đã chuyển cử tri {new.full_name} từ khu vực bỏ phiếu "
                f"{entry.voting_area.key} (số thứ tự cũ {entry.list_number}, được "
                f"gạch tên) sang khu vực bỏ phiếu {target.key}, số thứ tự "
                f"{new.list_number}.",
            )
            return redirect(entry_url(new))
    return entry_form(
        request,
        entry,
        form,
        "Chuyển sang khu vực bỏ phiếu khác",
        "transfer",
        "Chuyển cử tri",
        no_targets=not areas.exists(),
    )


@change_screen(ENTRY_PERM)
def certificate(request, entry_id: int):
    entry = editable_entry(request.user, entry_id)
    if not entry.is_active:
        return struck_off(request, entry)
    form = CertificateForm(entry.voting_area, posted(request))
    if form.is_bound and form.is_valid():
        change = attempt(
            form, lambda: issue_certificate(entry, form.paper(), request.user)
        )
        if change:
            messages.success(request, certificate_message(entry, change))
            return redirect(entry_url(entry))
    return entry_form(
        request,
        entry,
        form,
        "Cấp giấy chứng nhận đi bỏ phiếu nơi khác",
        "certificate",
        "Cấp giấy chứng nhận",
    )


def certificate_message(entry: VoterEntry, change: VoterChange):
    return format_html(
        "Đã cấp giấy chứng nhận bỏ phiếu ở nơi khác{} cho cử tri {} (số thứ tự {}, "
        "khu vực bỏ phiếu {}); tên cử tri được gạch khỏi danh sách nơi này. "
        '<a href="{}" id="certificate-pdf">Tải giấy chứng nhận (PDF)</a>',
        " (điện tử, VNeID)" if change.electronic else "",
        entry.full_name,
        entry.list_number,
        entry.voting_area.key,
        reverse("voters:certificate", args=[change.pk]),
    )


# The area screens.
def added_message(request, entry: VoterEntry, what: str) -> None:
    messages.success(
        request,
        f"Đã {what} cử tri {entry.full_name} vào danh sách khu vực bỏ phiếu "
        f"{entry.voting_area.key}, số thứ tự {entry.list_number}.",
    )


def warn_if_id_odd(request, form) -> None:
    if form.id_mismatch():
        messages.warning(
            request,
            "Số định danh cá nhân không khớp năm sinh hoặc giới tính đã ghi; hãy "
            "kiểm tra lại với giấy tờ của cử tri.",
        )


@change_screen(AREA_PERM)
def add(request, area_id: int):
    area = editable_area(request.user, area_id)
    form = AddForm(area, posted(request))
    if form.is_bound and form.is_valid():
        entry = attempt(
            form, lambda: add_voter(area, form.person(), form.paper(), request.user)
        )
        if entry:
            added_message(request, entry, "bổ sung")
            warn_if_id_odd(request, form)
            return redirect(entry_url(entry))
    return area_form(request, area, form, "Bổ sung cử tri", "Bổ sung vào danh sách")


BORN = re.compile(r"(?:(\d{1,2})/)?(?:(\d{1,2})/)?(\d{4})")


def born_lookup(text: str) -> dict | None:
    """The birth date as the certificate prints it: dd/mm/yyyy, mm/yyyy or yyyy (a
    list that knew only the month or the year), as lookups; None if unreadable."""
    match = BORN.fullmatch("".join((text or "").split()))
    if match is None:
        return None
    first, second, year = match.groups()
    try:
        if second is not None:
            return {"birth_date": datetime.date(int(year), int(second), int(first))}
        if first is not None:
            born = datetime.date(int(year), int(first), 1)
            return {"birth_date": born, "birth_precision": "m"}
        return {"birth_date": datetime.date(int(year), 1, 1), "birth_precision": "y"}
    except ValueError:
        return None


def certificate_holders(area: VotingArea, query: str, born: str = ""):
    """Entries of this election whose certificate was issued and not yet received.

    The holder's own area lies outside this user's jurisdiction, so the list is never
    browsed: a holder is found only by the full citizen ID (12 digits), or by the
    full name together with the birth date, both as the certificate shows them; at
    most FOUND_AT_MOST.
    """
    query = " ".join(query.split())
    holders = VoterEntry.objects.filter(
        election_id=area.election_id, status=VoterEntry.Status.VOTING_ELSEWHERE
    )
    digits = query.replace(" ", "").replace(".", "")
    birth = born_lookup(born)
    if is_citizen_id(digits):
        holders = holders.filter(citizen_id=digits)
    elif query and not any(c.isdigit() for c in query) and birth is not None:
        holders = holders.filter(search_name=fold(query), **birth)
    else:
        return VoterEntry.objects.none()
    listed = VoterEntry.objects.active().filter(election_id=area.election_id)
    holders = holders.exclude(citizen_id__in=listed.values("citizen_id"))
    ids = holders.order_by("search_name", "pk").values_list("pk", flat=True)
    return (
        VoterEntry.objects.filter(pk__in=list(ids[:FOUND_AT_MOST]))
        .select_related("voting_area__commune")
        .order_by("search_name", "pk")
    )


def holder_label(user):
    """A holder as the search shows it: another ward's voter, so the ID masked."""

    def label(entry: VoterEntry) -> str:
        area = entry.voting_area
        return (
            f"{entry.full_name} — sinh {entry.birth_date_display()} — "
            f"{mask(entry.citizen_id)} — khu vực bỏ phiếu "
            f"{area.key} ({area.commune.name}), số thứ tự {entry.list_number}"
        )

    return label


def contest_choices(area: VotingArea) -> list[tuple[str, str]]:
    order = list(eligibility.CONTEST_BITS)  # QH first, then the councils top down
    choices = []
    for contest in sorted(contests_of(area), key=lambda c: order.index(c.kind)):
        unit = f" — {contest.council_unit.name}" if contest.council_unit else ""
        choices.append((contest.key, f"{contest.get_kind_display()}{unit}"))
    return choices


def record_receipt(area: VotingArea, form, user) -> VoterEntry:
    data = form.cleaned_data
    if "issued" in data:
        return receive_certificate(area, form.paper(), user, issued=data["issued"])
    return receive_certificate(
        area,
        form.paper(),
        user,
        person=form.person(),
        contest_keys=data["contests"],
        origin=data["origin"],
    )


@change_screen(AREA_PERM)
def receive(request, area_id: int):
    area = editable_area(request.user, area_id)
    data = posted(request)
    query = (data or request.GET).get("q", "").strip()
    born = (data or request.GET).get("ns", "").strip()
    mode = (data or {}).get("mode")
    found = certificate_holders(area, query, born)
    both = {
        "issued": ReceiveIssuedForm(
            area,
            found,
            holder_label(request.user),
            data if mode == "issued" else None,
        ),
        "other": ReceiveOtherForm(
            area, contest_choices(area), data if mode == "other" else None
        ),
    }
    form = both.get(mode)
    if form is not None and form.is_valid():
        entry = attempt(form, lambda: record_receipt(area, form, request.user))
        if entry:
            added_message(request, entry, "tiếp nhận (theo giấy chứng nhận)")
            if mode == "other":
                warn_if_id_odd(request, form)
            return redirect(entry_url(entry))
    return page(
        request,
        "voters/change_receive.html",
        "Nhận cử tri có giấy chứng nhận",
        area=area,
        query=query,
        born=born,
        searched=bool(query or born),
        found=found,
        issued_form=both["issued"],
        other_form=both["other"],
        mode=mode or ("issued" if query else ""),
        deadline=deadline_note(area, "receive"),
        back_url=area_list_url(area.pk),
        at_most=FOUND_AT_MOST,
    )


# What the admin's entry page shows (admin.VoterEntryAdmin.change_view).
def entry_actions(user, entry: VoterEntry) -> list[tuple[str, str, str]]:
    """(label, url, html id) of the change screens this user may open."""
    if not (entry.is_active and user.has_perm(ENTRY_PERM) and can_edit(user, entry)):
        return []
    return [
        ("Xóa tên khỏi danh sách", "voters:entry_remove", "remove-link"),
        ("Chuyển sang khu vực bỏ phiếu khác", "voters:entry_transfer", "transfer-link"),
        (
            "Cấp giấy chứng nhận đi bỏ phiếu nơi khác",
            "voters:entry_certificate",
            "certificate-link",
        ),
    ]


def entry_page_context(request, object_id) -> dict:
    if not str(object_id).isdigit():
        return {}
    entries = restrict(VoterEntry.objects.all(), request.user)
    entry = entries.select_related("voting_area").filter(pk=object_id).first()
    if entry is None:
        return {}
    changes = (
        VoterChange.objects.filter(Q(old_entry=entry) | Q(new_entry=entry))
        .select_related("from_area__commune", "to_area__commune", "user")
        .order_by("recorded_at", "pk")
    )
    actions = [
        (label, reverse(name, args=[entry.pk]), html_id)
        for label, name, html_id in entry_actions(request.user, entry)
    ]
    issued = [c for c in changes if c.kind == VoterChange.Kind.CERTIFICATE_ISSUED]
    return {
        "change_actions": actions,
        "entry_changes": changes,
        "certificate_change": issued[-1] if issued else None,
        "area_list_url": area_list_url(entry.voting_area_id),
    }
