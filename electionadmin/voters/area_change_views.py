"""The screens where a voter comes onto an area's list: add (a new voter) and receive
(a certificate holder or a voter from outside the election); change_views.py says
what they share."""

import datetime
import re

from django.contrib import messages
from django.shortcuts import redirect

from electionadmin import cells
from electionadmin.screens import has_perm, page, screen
from electionadmin.setup.models import VotingArea
from electionadmin.text import fold

from . import eligibility
from .change_views import (
    AREA_PERM,
    FORM,
    FOUND_AT_MOST,
    area_form,
    area_list_url,
    attempt,
    deadline_note,
    editable_area,
    entry_url,
    posted,
)
from .changes import (
    add_voter,
    contests_of,
    receive_certificate,
)
from .forms import (
    AddForm,
    ReceiveIssuedForm,
    ReceiveOtherForm,
)
from .identity import is_citizen_id, mask
from .models import VoterEntry


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
    places = form.formula_places()
    if places:
        messages.warning(request, cells.formula_place_warning(places))


@screen(has_perm(AREA_PERM), methods=FORM)
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


@screen(has_perm(AREA_PERM), methods=FORM)
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
