"""Việc của tôi: every role's home, the landing page after login.

Who the user is (name, role, jurisdiction), where the election stands by its
calendar (calendar.py), and the user's own work with one button per next step and
who acts next. Every count is of the user's jurisdiction only (`restrict()`), in a
handful of aggregate queries whatever the jurisdiction's size (no loop per area).
"""

import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from electionadmin.access import role_names as roles
from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.figures import grouped
from electionadmin.polling import counting
from electionadmin.polling.models import FIRST_ROUND, TurnoutFigure
from electionadmin.polling.scopes import home_unit
from electionadmin.results import authority
from electionadmin.results.models import Certification, CountingRecord
from electionadmin.results.scopes import record_scope
from electionadmin.results.views import new_entry_url
from electionadmin.results.workflow import NEXT_ACTOR
from electionadmin.setup.models import (
    Contest,
    Election,
    ElectoralUnit,
    ElectoralUnitArea,
    VotingArea,
)
from electionadmin.voters.models import AreaListCount

from .calendar import OPEN, stages

Status = CountingRecord.Status
WAITING = (Status.DRAFT, Status.MISMATCH, Status.ENTERED, Status.SUBMITTED)
ROLE_NAMES = {
    roles.CITY_COMMITTEE: "Ủy ban bầu cử thành phố",
    roles.DISTRICT_COMMITTEE: "Ủy ban bầu cử quận/huyện",
    roles.COMMUNE_COMMITTEE: "Ủy ban bầu cử xã/phường",
    roles.ELECTORAL_BOARD: "Ban bầu cử",
    roles.ELECTION_TEAM: "Tổ bầu cử",
    roles.TRAINER: "Người soạn hướng dẫn nghiệp vụ",
    roles.VIEWER: "Người theo dõi (chỉ xem)",
    roles.SYSADMIN: "Quản trị hệ thống",
}


def contest_name(contest) -> str:
    """The contest as people say it: "Quốc hội", "HĐND phường Tân Định"."""
    if contest.council_unit_id is None:
        return "Quốc hội"
    name = contest.council_unit.name
    return f"HĐND {name[:1].lower()}{name[1:]}"


def role_label(user) -> str:
    if user.is_superuser:
        return "Quản trị hệ thống"
    role = roles.role_of(user)
    return ROLE_NAMES.get(role, "Chưa được phân vai trò")


def jurisdiction_label(j: Jurisdiction) -> str:
    if j.everything:
        return "Toàn bộ dữ liệu"
    if j.voting_area:
        area = j.voting_area
        return f"Khu vực bỏ phiếu số {area.number}, {area.commune.name}"
    if j.electoral_unit:
        unit = j.electoral_unit
        return f"{unit}, {contest_name(unit.contest)}"
    if j.admin_unit:
        return j.admin_unit.name
    return "Không có dữ liệu bầu cử (chỉ nội dung hướng dẫn)"


def action(label: str, url: str, actor: str = "") -> dict:
    return {"label": label, "url": url, "actor": actor}


def minutes_counts(user, election) -> tuple[dict, int]:
    """Minutes of the first round by state, and the minutes expected (voting area ×
    contest) in the user's jurisdiction: two aggregate queries."""
    records = restrict(
        CountingRecord.objects.filter(contest__election=election), user
    ).filter(round="first")
    by_state = dict(
        records.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return by_state, expected_minutes(user, election)


def expected_minutes(user, election) -> int:
    """One minutes per voting area and contest held there, in the jurisdiction
    (the scope of the minutes themselves, as the entry list reads it)."""
    links = ElectoralUnitArea.objects.filter(contest__election=election)
    j = Jurisdiction.for_user(user)
    if j.is_empty:
        return 0
    if not j.everything:
        links = links.filter(record_scope(j, ""))
    return links.count()


def minutes_rows(by_state: dict, expected: int) -> list[dict]:
    missing = max(expected - sum(by_state.values()), 0)
    rows = [{"name": "Chưa nhập", "count": missing, "actor": NEXT_ACTOR[None]}]
    for status in Status:
        rows.append(
            {
                "name": status.label,
                "count": by_state.get(status.value, 0),
                "actor": NEXT_ACTOR[status],
            }
        )
    return [row for row in rows if row["count"]]


def turnout_by_slot(user, election) -> list[dict]:
    """Voting areas that reported, per slot of election day (one GROUP BY)."""
    figures = restrict(
        TurnoutFigure.objects.filter(
            FIRST_ROUND, election=election, contest__isnull=True
        ),
        user,
    )
    reported = dict(
        figures.values_list("slot").annotate(n=Count("voting_area", distinct=True))
    )
    return [{"slot": s, "count": reported.get(s, 0)} for s in election.slots()]


def voter_list(user, election) -> dict:
    counts = restrict(
        AreaListCount.objects.filter(election=election, contest__isnull=True), user
    ).aggregate(voters=Sum("voters"), areas=Count("voting_area", distinct=True))
    return {"voters": counts["voters"] or 0, "areas": counts["areas"]}


def team_work(user, election, j: Jurisdiction) -> dict:
    area = j.voting_area
    records = {
        r.contest_id: r
        for r in CountingRecord.objects.filter(voting_area=area, round="first")
    }
    links = (
        ElectoralUnitArea.objects.filter(voting_area=area)
        .select_related("contest__council_unit", "electoral_unit")
        .order_by("contest__kind", "contest_id")
    )
    minutes = []
    for link in links:
        record = records.get(link.contest_id)
        status = record.status if record else None
        minutes.append(
            {
                "contest": contest_name(link.contest),
                "unit": str(link.electoral_unit),
                "state": record.get_status_display() if record else "Chưa nhập",
                "actor": NEXT_ACTOR[status],
                "url": reverse("results:record", args=[record.pk])
                if record
                else new_entry_url(area.pk, link.contest_id),
            }
        )
    slots = turnout_by_slot(user, election)
    done = sum(1 for s in slots if s["count"])
    return {
        "area": area,
        "minutes": minutes,
        "slots": slots,
        "slots_done": done,
        "actions": [
            action(
                "Nhập số cử tri đã đi bỏ phiếu",
                reverse(
                    "polling:area_entry",
                    args=[election.code, area.commune.code, area.number],
                ),
                "Tổ bầu cử báo cáo theo từng mốc giờ"
                if done < len(slots)
                else "Đã báo cáo đủ các mốc",
            ),
            counting_action(election, area),
            action(
                "Nhập biên bản kiểm phiếu",
                reverse("results:entry_list"),
                "Tổ bầu cử nhập hai lần rồi gửi Ban bầu cử",
            ),
        ],
    }


def counting_action(election, area) -> dict:
    """Record (or, after a mistake, undo) "Bắt đầu kiểm phiếu"; both confirmed.
    Once a first-round minutes of the area is submitted, accepted or locked the
    count is over (polling/counting.py, whose views refuse the same): neither is
    offered, the minutes' state is said instead."""
    over = counting.over(area)
    if over:
        return action("Đã kiểm phiếu xong", "", over)
    args = [election.code, area.commune.code, area.number]
    mark = counting.standing(area)
    if mark is None:
        return action(
            "Bắt đầu kiểm phiếu",
            reverse("polling:counting_start", args=args),
            "Tổ bầu cử ghi nhận khi bắt đầu kiểm phiếu, sau khi hết giờ bỏ phiếu",
        )
    started = timezone.localtime(mark.started_at).strftime("%H:%M %d/%m/%Y")
    return action(
        "Hủy ghi nhận bắt đầu kiểm phiếu",
        reverse("polling:counting_undo", args=args),
        f"Đã ghi nhận bắt đầu kiểm phiếu lúc {started}; chỉ hủy khi bấm nhầm",
    )


def commune_work(user, election, j: Jurisdiction, by_state: dict) -> dict:
    unit = j.admin_unit
    listed = voter_list(user, election)
    waiting = sum(by_state.get(s, 0) for s in WAITING)
    return {
        "voters": listed,
        "actions": [
            action(
                "Nhập danh sách cử tri",
                reverse("importers:voters"),
                "Ủy ban nhân dân xã/phường lập danh sách, Ủy ban bầu cử niêm yết",
            ),
            action(
                "In danh sách cử tri và thẻ cử tri",
                reverse("voters:commune_print", args=[election.pk, unit.pk]),
                "Ủy ban bầu cử xã/phường in cho từng khu vực bỏ phiếu",
            ),
            action(
                "Biến động cử tri",
                reverse("voters:change_report"),
                "Ủy ban bầu cử xã/phường ghi nhận đến 24 giờ trước ngày bầu cử",
            ),
            action(
                "Bảng nhập số cử tri đi bỏ phiếu",
                reverse("polling:commune_entry", args=[election.code, unit.code]),
                "Tổ bầu cử báo cáo; Ủy ban bầu cử nhập thay khi Tổ không nhập được",
            ),
            action(
                "Biên bản đang chờ",
                reverse("results:entry_list"),
                f"{grouped(waiting)} biên bản đang chờ Tổ bầu cử hoặc Ban bầu cử",
            ),
        ],
    }


def board_work(user, election, j: Jurisdiction, by_state: dict, expected) -> dict:
    unit = j.electoral_unit
    accepted = by_state.get(Status.ACCEPTED, 0) + by_state.get(Status.LOCKED, 0)
    to_accept = by_state.get(Status.SUBMITTED, 0)
    return {
        "unit": unit,
        "contest": contest_name(unit.contest),
        "accepted": accepted,
        "expected": expected,
        "actions": [
            action(
                f"Chấp nhận biên bản ({grouped(to_accept)} đang chờ)",
                reverse("results:board", args=[unit.pk]),
                "Ban bầu cử: kiểm tra và chấp nhận"
                if to_accept
                else "Đang chờ các Tổ bầu cử gửi biên bản",
            ),
            action(
                "Kết quả đang tổng hợp của đơn vị",
                reverse("results:board", args=[unit.pk]),
                f"{grouped(accepted)}/{grouped(expected)} biên bản đã được chấp nhận",
            ),
        ],
    }


def committee_work(user, election, j: Jurisdiction) -> dict:
    contests = [
        c
        for c in restrict(
            Contest.objects.filter(election=election).select_related("council_unit"),
            user,
        )
        if authority.organises(user, c, reading=True)
    ]
    ids = [c.pk for c in contests]
    units = dict(
        restrict(ElectoralUnit.objects.filter(contest__in=ids), user)
        .values_list("contest")
        .annotate(n=Count("pk"))
    )
    certified = set(
        Certification.objects.filter(
            contest__in=ids, round="first", revoked_at__isnull=True
        ).values_list("contest", flat=True)
    )
    accepted = dict(
        CountingRecord.objects.filter(contest__in=ids, round="first")
        .values_list("contest")
        .annotate(n=Count("pk", filter=Q(status__in=[Status.ACCEPTED, Status.LOCKED])))
    )
    expected = dict(
        ElectoralUnitArea.objects.filter(contest__in=ids)
        .values_list("contest")
        .annotate(n=Count("pk"))
    )
    own_unit = None if j.everything else j.admin_unit
    rows, lower = [], {"total": 0, "certified": 0}
    for contest in contests:
        if not is_own(contest, own_unit, j):
            # A council below the committee's level: its own committee certifies.
            lower["total"] += 1
            lower["certified"] += contest.pk in certified
            continue
        done = contest.pk in certified
        n_accepted = accepted.get(contest.pk, 0)
        n_expected = expected.get(contest.pk, 0)
        rows.append(
            {
                "contest": contest_name(contest),
                "units": units.get(contest.pk, 0),
                "accepted": n_accepted,
                "expected": n_expected,
                "certified": done,
                "url": reverse("results:committee", args=[contest.pk]),
                "actor": committee_next_step(
                    done, n_accepted, n_expected, authority.may_certify(user, contest)
                ),
            }
        )
    return {"contests": rows, "lower": lower}


def committee_next_step(certified: bool, accepted: int, expected: int, may) -> str:
    """Who acts next on a contest, from its real state: the boards while minutes
    wait to be accepted, then the committee that certifies, then no one."""
    if certified:
        return "Đã xác nhận kết quả"
    if accepted < expected:
        return (
            f"Ban bầu cử: chấp nhận biên bản (còn {grouped(expected - accepted)} "
            "biên bản chưa được chấp nhận)"
        )
    if may:
        return "Ủy ban bầu cử: xác nhận kết quả"
    return "Ủy ban bầu cử cấp tổ chức cuộc bầu cử xác nhận kết quả"


def is_own(contest, own_unit, j: Jurisdiction) -> bool:
    """A contest the committee itself certifies: its council's, or the National
    Assembly's for a city committee (everything: the city's and the Assembly's)."""
    if contest.council_unit_id is None:
        return own_unit is None or j.is_province()
    if own_unit is None:
        return contest.council_unit.parent_id is None
    return contest.council_unit_id == own_unit.pk


def guides() -> list:
    guide_page = apps.get_model("publishing", "GuidePage")
    return list(guide_page.objects.live().order_by("title")[:20])


@login_required(login_url=reverse_lazy("wagtailadmin_login"))
def home(request):
    user = request.user
    j = Jurisdiction.for_user(user)
    role = roles.SYSADMIN if user.is_superuser else roles.role_of(user)
    today = timezone.localdate()
    context = admin.site.each_context(request) | {
        "title": "Việc của tôi",
        "full_name": user.get_full_name() or user.get_username(),
        "role_label": role_label(user),
        "jurisdiction_label": jurisdiction_label(j),
        "role": role,
        "today": today,
        "is_staff": user.is_staff,
        # A trainer has no Django admin: no sidebar of models it may not open.
        "is_nav_sidebar_enabled": user.is_staff,
    }
    election = (
        restrict(Election.objects.select_related("cycle", "province"), user).first()
        if user.is_staff
        else None
    )
    if role == roles.TRAINER or not user.is_staff:
        context["guides"] = guides()
        context["guide_actions"] = [
            action(
                "Soạn và sửa hướng dẫn nghiệp vụ",
                reverse("wagtailadmin_explore_root"),
                "Người soạn hướng dẫn viết; Ủy ban bầu cử duyệt để đăng",
            )
        ]
    if election is not None:
        context |= election_context(user, election, j, role, today)
    return TemplateResponse(request, "workspace/home.html", context)


def election_context(user, election, j, role, today: datetime.date) -> dict:
    calendar = stages(election, today)
    by_state, expected = minutes_counts(user, election)
    context = {
        "election": election,
        "calendar": calendar,
        "open_stages": [s for s in calendar if s.state == OPEN],
        "areas": restrict(VotingArea.objects.filter(election=election), user).count(),
        "minutes": minutes_rows(by_state, expected),
        "minutes_expected": expected,
        # Election day's screens open for a team (its area) or a role with a
        # dashboard unit; an electoral board has neither, so no link it cannot follow.
        "day_url": (
            reverse("polling:home", args=[election.code])
            if j.voting_area is not None or home_unit(user, election) is not None
            else None
        ),
    }
    if role == roles.ELECTION_TEAM and j.voting_area:
        context["team"] = team_work(user, election, j)
    elif role == roles.ELECTORAL_BOARD and j.electoral_unit:
        context["board"] = board_work(user, election, j, by_state, expected)
    else:
        if role == roles.COMMUNE_COMMITTEE and j.admin_unit:
            context["commune"] = commune_work(user, election, j, by_state)
        context["committee"] = committee_work(user, election, j)
        unit = home_unit(user, election)
        if unit is not None:
            context["dashboard_url"] = reverse(
                "polling:dashboard", args=[election.code, unit.code]
            )
        context["turnout"] = turnout_by_slot(user, election)
        context["voters"] = voter_list(user, election)
        context["results_url"] = reverse("results:index")
        context["read_only"] = role == roles.VIEWER
        context["setup_check_url"] = reverse(
            "admin:setup_election_completeness", args=[election.pk]
        )
    return context
