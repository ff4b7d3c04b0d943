"""Where the results screens start: the index of what the user works on, and the list
of minutes to enter (voting area × contest) in the user's jurisdiction."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.screens import page, require, screen
from electionadmin.setup.models import (
    AdminUnit,
    Contest,
    Election,
    ElectoralUnitArea,
    VotingArea,
)

from . import authority
from .models import CountingRecord, Round
from .scopes import record_scope
from .views import is_committee, new_entry_url, round_of
from .workflow import NEXT_ACTOR

PER_PAGE = 200


@screen()
def index(request):
    user = request.user
    elections = restrict(Election.objects.select_related("cycle"), user)
    elections = elections.order_by("is_rehearsal", "-election_date", "code")
    contests = restrict(
        Contest.objects.select_related("election", "council_unit"), user
    )
    j = Jurisdiction.for_user(user)
    shown = [c for c in contests if authority.organises(user, c, reading=True)]
    context = {
        "elections": [
            (e, [c for c in shown if c.election_id == e.pk]) for e in elections
        ],
        "board_unit": j.electoral_unit,
        "can_enter": user.has_perm("results.add_countingentry"),
        "is_committee": is_committee(user),
        "can_batch": authority.may_batch_print(user),
    }
    return page(request, "results/index.html", "Kết quả bầu cử", **context)


def links_for(user, commune_code: str, contest_key: str):
    links = ElectoralUnitArea.objects.select_related(
        "voting_area__commune", "contest__council_unit", "electoral_unit"
    ).order_by("voting_area__commune__code", "voting_area__number", "contest_id")
    j = Jurisdiction.for_user(user)
    if not j.everything:
        links = links.filter(record_scope(j, "")) if not j.is_empty else links.none()
    if commune_code:
        links = links.filter(voting_area__commune__code=commune_code)
    if contest_key:
        kind, _, council = contest_key.strip().upper().partition(":")
        links = links.filter(contest__kind=kind)
        if council:
            links = links.filter(contest__council_unit__code=council)
    return links


def _contests(user) -> list[tuple[str, str]]:
    """(key, name) of the contests the user enters minutes of: the filter's menu."""
    contests = restrict(
        Contest.objects.select_related("election", "council_unit"), user
    ).order_by("-election__election_date", "kind", "council_unit__code")
    return [(c.key, f"{c} ({c.election.election_date.year})") for c in contests[:200]]


def _communes(user):
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
    return restrict(communes, user).order_by("code")[:1000]


@screen()
def entry_list(request):
    """Voting area × contest rows; each opens (or starts) its minutes."""
    commune, contest = request.GET.get("xa", ""), request.GET.get("cuoc", "")
    round = round_of(request)
    links = links_for(request.user, commune, contest)
    if round != Round.FIRST:  # only the units with the decision to hold this round
        links = links.filter(electoral_unit__rounds__round=round)
    pages = Paginator(links, PER_PAGE)
    current = pages.get_page(request.GET.get("page"))
    keys = [(link.contest_id, link.voting_area_id) for link in current]
    records = {
        (r.contest_id, r.voting_area_id): r
        for r in CountingRecord.objects.filter(
            round=round,
            voting_area__in={a for _, a in keys},
            contest__in={c for c, _ in keys},
        )
    }
    rows = []
    for link in current:
        record = records.get((link.contest_id, link.voting_area_id))
        actor = NEXT_ACTOR[record.status if record else None]
        rows.append((link, record, actor))
    context = {
        "rows": rows,
        "page_obj": current,
        "communes": _communes(request.user),
        "contests": _contests(request.user),
        "commune": commune,
        "contest": contest,
        "round": round,
        "rounds": Round.choices,
    }
    return page(
        request, "results/entry_list.html", "Nhập biên bản kiểm phiếu", **context
    )


@require_POST
@screen()
def open_view(request):
    """Go to the minutes of an area × contest × round, or to the entry screen of
    minutes not begun yet: nothing is created until an entry is saved."""
    area = get_object_or_404(
        restrict(VotingArea.objects.select_related("commune"), request.user),
        pk=request.POST.get("area"),
    )
    contest = get_object_or_404(
        restrict(Contest.objects.all(), request.user), pk=request.POST.get("contest")
    )
    require(authority.may_enter(request.user, contest, area))
    round = round_of(request)
    record = CountingRecord.objects.filter(
        contest=contest, voting_area=area, round=round
    ).first()
    if record is None:
        return redirect(new_entry_url(area.pk, contest.pk, round))
    mine = record.entries.filter(discarded_at__isnull=True, entered_by=request.user)
    if record.status == CountingRecord.Status.DRAFT and not mine.exists():
        return redirect("results:entry", record.pk)
    return redirect("results:record", record.pk)
