"""Screens that record changes to the voter list (biến động cử tri): what they share.

Each screen wraps one function of `changes.py`: a GET shows the form, a POST records
the change; a refusal (`ChangeRefused`) or a bad value comes back on the form and
nothing is written. The entry screens (remove, transfer, certificate) need
`voters.change_voterentry`, the area screens (add, receive) `voters.add_voterentry`:
403 without. The entry, the area and a transfer's target area must be ones the user
may edit: 404 otherwise, as if they did not exist.

Here: the lookups, the form page, the deadlines shown, and the panel of an entry's
admin page (its changes and the screens it may open). The screens: a voter leaves or
is given a certificate (entry_change_views.py: remove, transfer, certificate), a
voter comes onto an area's list (area_change_views.py: add, receive).
"""

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from electionadmin.access.scope import can_edit, restrict
from electionadmin.screens import in_scope, page
from electionadmin.setup.models import VotingArea

from . import eligibility, reports
from .changes import (
    ChangeRefused,
)
from .identity import mask_citizen_id
from .models import VoterChange, VoterEntry

ENTRY_PERM = "voters.change_voterentry"
AREA_PERM = "voters.add_voterentry"
FORM = ("GET", "POST")  # GET shows the form, POST records the change
RACE = "Danh sách vừa được thay đổi cùng lúc; hãy kiểm tra lại rồi ghi lại."
FOUND_AT_MOST = 20


def editable_entry(user, entry_id: int) -> VoterEntry:
    related = VoterEntry.objects.select_related(
        "voting_area__commune", "voting_area__election__cycle"
    )
    return in_scope(related, user, editable=True, pk=entry_id)


def editable_area(user, area_id: int) -> VotingArea:
    related = VotingArea.objects.select_related("commune", "election__cycle")
    return in_scope(related, user, editable=True, pk=area_id)


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


def deadline_note(area: VotingArea, screen: str) -> list[str]:
    """The calendar this screen's changes keep, said before the form is filled:
    voting day, the list's posting (the cycle's `voter_list_posted`), and the
    moment each kind of change closes (eligibility.change_deadline), past or not."""
    election = area.election
    opens, closes = eligibility.polls_open_at(area), eligibility.polls_close_at(area)
    posted_on = timezone.localtime(reports.posting_start(election)).date()
    days = -election.cycle.deadlines.get("voter_list_posted", -40)
    lines = [
        f"Ngày bỏ phiếu ở khu vực này: {opens:%d/%m/%Y}, từ {opens:%H:%M} đến "
        f"{closes:%H:%M}.",
        f"Danh sách cử tri niêm yết từ ngày {posted_on:%d/%m/%Y} ({days} ngày trước "
        "ngày bầu cử, theo lịch của chu kỳ bầu cử).",
    ]
    kind, groups = DEADLINES[screen]
    now = timezone.now()
    for what, reason in groups:
        moment, rule = eligibility.change_deadline(kind, reason, area)
        local = timezone.localtime(moment)
        line = (
            f"{what[:1].upper()}{what[1:]}: ghi nhận được đến trước {local:%H:%M} "
            f"ngày {local:%d/%m/%Y} ({rule})"
        )
        lines.append(line + (" — đã hết hạn." if now >= moment else "."))
    return lines


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
