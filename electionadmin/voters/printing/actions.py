"""Admin actions: print cards or lists of the selected voting areas (one area: a PDF
at once; several: a background job) and of whole communes or districts (a
background job with a progress bar). No long PDF is built inside a request.

The voting-area and administrative-unit admins belong to the setup app; the actions
are attached to their registered instances when `electionadmin.voters.urls` loads
(URL configuration loads before any request). The setup app's owner may move them
into the classes' `actions` lists.
"""

from types import MethodType

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from electionadmin.setup.models import AdminUnit, Election, VotingArea

from . import jobs


def _allowed(modeladmin, request) -> bool:
    if request.user.has_perm("voters.view_voterentry"):
        return True
    modeladmin.message_user(
        request, "Bạn không có quyền in tài liệu cử tri.", messages.ERROR
    )
    return False


def _areas(modeladmin, request, queryset, form_key):
    from ..views import print_areas

    if not _allowed(modeladmin, request):
        return None
    if queryset.values("election").distinct().count() > 1:
        modeladmin.message_user(
            request, "Hãy chọn các khu vực của cùng một cuộc bầu cử.", messages.ERROR
        )
        return None
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:  # none of the chosen areas is the user's
        modeladmin.message_user(request, "Chưa chọn khu vực nào.", messages.ERROR)
        return None
    if len(ids) == 1:  # one area: its PDF at once (a few thousand voters, ~1 s)
        return print_areas(request.user, ids, form_key)
    # Several: in the background, with the progress bar.
    election = queryset.first().election
    communes = sorted(set(queryset.values_list("commune_id", flat=True)))
    job = jobs.start(election, request.user, form_key, communes, area_ids=ids)
    return redirect("voters:job", job_id=job.pk)


@admin.action(description="In thẻ cử tri của các khu vực đã chọn")
def print_area_cards(modeladmin, request, queryset):
    return _areas(modeladmin, request, queryset, "VOTER_CARD")


@admin.action(description="In danh sách cử tri của các khu vực đã chọn")
def print_area_lists(modeladmin, request, queryset):
    return _areas(modeladmin, request, queryset, "VOTER_LIST")


def _units(modeladmin, request, queryset, form_key):
    from ..views import commune_ids

    if not _allowed(modeladmin, request):
        return None
    election = _election(request)
    if election is None:
        modeladmin.message_user(
            request, "Chưa có cuộc bầu cử nào để in.", messages.ERROR
        )
        return None
    ids = sorted(
        {c for unit in queryset for c in commune_ids(request.user, election, unit.pk)}
    )
    job = jobs.start(election, request.user, form_key, ids)
    return redirect("voters:job", job_id=job.pk)


def _election(request):
    """The newest election the user sees (?election=ID to choose another)."""
    from electionadmin.access.scope import restrict

    elections = restrict(Election.objects.all(), request.user)
    chosen = request.GET.get("election")
    return (elections.filter(pk=chosen) if chosen else elections).first()


@admin.action(description="In thẻ cử tri của cả xã/quận (chạy nền)")
def print_unit_cards(modeladmin, request, queryset):
    return _units(modeladmin, request, queryset, "VOTER_CARD")


@admin.action(description="In danh sách cử tri của cả xã/quận (chạy nền)")
def print_unit_lists(modeladmin, request, queryset):
    return _units(modeladmin, request, queryset, "VOTER_LIST")


@admin.display(description="in")
def print_links(area: VotingArea) -> str:
    """The row's print buttons: the area's cards and list (PDF at once)."""
    return format_html(
        '<span style="white-space:nowrap"><a href="{}" class="area-cards-link">'
        'Thẻ cử tri</a> · <a href="{}" class="area-list-link">Danh sách</a></span>',
        reverse("voters:area_cards", args=[area.pk]),
        reverse("voters:area_list", args=[area.pk]),
    )


def _with_print_links(modeladmin) -> None:
    """The voting-area list shows the print buttons to who may print."""
    if getattr(modeladmin, "print_links_attached", False):
        return
    shown_by = modeladmin.get_list_display

    def get_list_display(self, request):
        shown = list(shown_by(request))
        if request.user.has_perm("voters.view_voterentry"):
            shown.insert(1, print_links)  # beside the area's name, always in view
        return shown

    modeladmin.get_list_display = MethodType(get_list_display, modeladmin)
    modeladmin.print_links_attached = True


def attach() -> None:
    for model, actions in (
        (VotingArea, [print_area_cards, print_area_lists]),
        (AdminUnit, [print_unit_cards, print_unit_lists]),
    ):
        modeladmin = admin.site._registry.get(model)
        if modeladmin is None:
            continue
        current = list(modeladmin.actions or [])
        modeladmin.actions = current + [a for a in actions if a not in current]
        if model is VotingArea:
            _with_print_links(modeladmin)
