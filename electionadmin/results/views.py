"""What the results screens share: lookups that give 404 outside the user's
jurisdiction (screens.in_scope), the round asked for, refusals in the clerk's words.
The guard of every screen is screens.screen.

The screens themselves: minutes_views.py (a minutes' life), board_views.py (board and
committee), round_views.py (rounds, confirmation); printing the forms, verifying a
code and batch printing are the documents app's (documents/print_views.py).
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.http import urlencode

from electionadmin.access.scope import Jurisdiction
from electionadmin.screens import in_scope
from electionadmin.setup.models import Contest, Election, ElectoralUnit

from .models import CountingRecord, Round
from .workflow import BlockingFindings, WorkflowError

RECORD_RELATED = (
    "contest__election__cycle",
    "contest__council_unit",
    "electoral_unit__contest",
    "voting_area__commune",
    "submitted_by",
    "accepted_by",
)


def record_for(request, pk: int) -> CountingRecord:
    records = CountingRecord.objects.select_related(*RECORD_RELATED)
    return in_scope(records, request.user, pk=pk)


def unit_for(request, pk: int) -> ElectoralUnit:
    units = ElectoralUnit.objects.select_related(
        "contest__election__cycle", "contest__council_unit"
    )
    return in_scope(units, request.user, pk=pk)


def contest_for(request, pk: int) -> Contest:
    contests = Contest.objects.select_related("election__cycle", "council_unit")
    return in_scope(contests, request.user, pk=pk)


def election_for(request, code: str) -> Election:
    elections = Election.objects.select_related("cycle", "province")
    return in_scope(elections, request.user, code=code)


def round_of(request) -> str:
    value = request.GET.get("round") or request.POST.get("round") or Round.FIRST
    return value if value in Round.values else Round.FIRST


def report_failure(request, exc: WorkflowError) -> None:
    """A refused step, in the clerk's words; blocking findings one per line."""
    if isinstance(exc, BlockingFindings):
        head = str(exc).splitlines()[0]
        messages.error(request, head)
        for finding in exc.findings:
            messages.error(request, str(finding))
    else:
        messages.error(request, str(exc))


def is_committee(user) -> bool:
    """A committee (or the system administrator): the contest-wide screens."""
    j = Jurisdiction.for_user(user)
    return j.everything or bool(j.admin_unit)


def is_board_or_committee(user) -> bool:
    j = Jurisdiction.for_user(user)
    return is_committee(user) or bool(j.electoral_unit)


def territory_ids(user) -> list[int] | None:
    """Administrative units the user answers for (None: everything)."""
    j = Jurisdiction.for_user(user)
    if j.everything:
        return None
    return j.unit_ids() if j.admin_unit else []


def print_url(election, key: str, scope: str, round: str, contest: str = "") -> str:
    """The print view's URL; the scope is encoded ("QH#1" holds a #)."""
    query = {"form_key": key, "scope": scope, "round": round}
    if contest:
        query["contest"] = contest
    return f"{reverse('results:print', args=[election.code])}?{urlencode(query)}"


def new_entry_url(area_id: int, contest_id: int, round: str = Round.FIRST) -> str:
    """The entry screen of minutes not begun yet (minutes_views.new_entry_view)."""
    url = reverse("results:new_entry", args=[area_id, contest_id])
    return url if round == Round.FIRST else f"{url}?{urlencode({'round': round})}"
