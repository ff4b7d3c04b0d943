"""The screens where a voter leaves an area's list or is given a certificate to vote
elsewhere: remove, transfer, certificate (change_views.py says what they share)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from electionadmin.access.scope import restrict
from electionadmin.screens import has_perm, page, screen
from electionadmin.setup.models import VotingArea

from .change_views import (
    ENTRY_PERM,
    FORM,
    attempt,
    editable_entry,
    entry_context,
    entry_form,
    entry_url,
    posted,
    struck_off,
)
from .changes import (
    issue_certificate,
    remove_voter,
    transfer_voter,
)
from .forms import (
    CertificateForm,
    RemoveForm,
    TransferForm,
)
from .models import VoterChange, VoterEntry


@screen(has_perm(ENTRY_PERM), methods=FORM)
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


@screen(has_perm(ENTRY_PERM), methods=FORM)
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


@screen(has_perm(ENTRY_PERM), methods=FORM)
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
