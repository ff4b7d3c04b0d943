"""The last level of the dashboards' drill-down: one voting area.

Its turnout at every slot (over its list: for one area the two rates are one),
its team leader, the team's "Bắt đầu kiểm phiếu" mark and each contest's counting
progress. Opened from its commune's dashboard; 404 outside the user's territory
(the commune's, as for the dashboards).
"""

from django.http import Http404

from electionadmin.polling import counting, navigation, rollup, rules
from electionadmin.polling.late import leaders
from electionadmin.polling.scopes import may_enter
from electionadmin.polling.tables import PCT_WHOLE, num, pct_vi
from electionadmin.polling.views import election_for, round_from, unit_for
from electionadmin.screens import page, screen
from electionadmin.setup.models import ElectoralUnit, VotingArea
from electionadmin.voters.declared import is_declared

from . import progress


def area_of(election, commune, number: int) -> VotingArea:
    area = VotingArea.objects.filter(
        election=election, commune=commune, number=number
    ).first()
    if area is None:
        raise Http404("Không có khu vực bỏ phiếu này.")
    return area


def slot_lines(election, area, round) -> list[dict]:
    rows = rollup.area_rows(election, [area.commune_id], round)
    row = next((r for r in rows if r.pk == area.pk), None)
    if row is None:  # not in this round
        raise Http404("Khu vực bỏ phiếu không tham gia lần bầu cử này.")
    return [
        {
            "slot": slot,
            "voted": num(row.voted[slot]) if row.reported[slot] else "",
            "pct": pct_vi(row.pct(slot)) if row.reported[slot] else "",
        }
        for slot in rules.slots(election)
    ], row


def contest_lines(election, area) -> list[dict]:
    found = progress.state_counts(election, [area.commune_id], by_area=True)
    states = {unit: state for _, unit, pk, state, _ in found if pk == area.pk}
    units = ElectoralUnit.objects.filter(pk__in=states).select_related("contest")
    return [
        {"unit": unit, "state": progress.LABELS[states[unit.pk]]}
        for unit in sorted(units, key=lambda u: rollup.KIND_ORDER[u.contest.kind])
    ]


@screen()
def area_board(request, code: str, commune: str, number: int):
    election = election_for(request, code)
    unit = unit_for(request, election, commune)
    area, round = area_of(election, unit, number), round_from(request)
    lines, row = slot_lines(election, area, round)
    trail = navigation.breadcrumb(request, election, unit)
    trail.append((unit.name, navigation.dashboard_url(request, code, unit.code)))
    return page(
        request,
        "polling/area_board.html",
        f"Khu vực bỏ phiếu {area.key}",
        election=election,
        area=area,
        unit=unit,
        breadcrumb=trail,
        lines=lines,
        voters=num(row.voters_on_list),
        declared=is_declared(area),
        pct_whole=PCT_WHOLE,
        leader=leaders([area.pk]).get(area.pk, ("", "")),
        counting_started=counting.standing(area),
        counting_over=counting.over(area),
        contests=[] if round else contest_lines(election, area),
        may_record=may_enter(request.user, area),
        round_slug=request.GET.get("lan", ""),
    )
