"""Dashboards of turnout and counting progress, the projector view and downloads.

A user sees the dashboards of the units of their own territory (404 elsewhere):
the city committee the city, its districts and communes; a commune its commune.
Pages refresh themselves every 60 seconds.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django_tables2 import RequestConfig

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.screens import PDF, XLSX, attachment, page
from electionadmin.setup.models import AdminUnit, Election

from . import charts, exports, late, progress, rollup, rules
from .report import report_rows
from .scopes import ENTERING_ROLES, home_unit, may_view_unit, role_of
from .tables import LEVEL_LABELS, ProgressTable, TurnoutTable, num, pct_vi

REFRESH_SECONDS = 60
PER_PAGE = 50


def staff_view(view):
    """Logged-in staff only (others go to the login page)."""
    return admin.site.admin_view(view)


def election_for(request, code: str) -> Election:
    elections = restrict(Election.objects.select_related("cycle"), request.user)
    return get_object_or_404(elections, code=code)


def unit_for(request, election: Election, code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(unit_set=election.unit_set_id, code=code).first()
    if unit is None or not may_view_unit(request.user, unit):
        raise Http404("Đơn vị này nằm ngoài phạm vi bạn được giao quản lý.")
    return unit


@staff_view
def index(request):
    elections = restrict(Election.objects.all(), request.user)
    return page(request, "polling/index.html", "Tiến độ bầu cử", elections=elections)


@staff_view
def home(request, code: str):
    election = election_for(request, code)
    area = Jurisdiction.for_user(request.user).voting_area
    if area is not None:
        return redirect("polling:area_entry", code, area.commune.code, area.number)
    unit = home_unit(request.user, election)
    if unit is None:
        raise PermissionDenied("Vai trò của bạn không có trang tiến độ.")
    return redirect("polling:dashboard", code, unit.code)


@dataclass
class Board:
    """What a dashboard shows for one unit."""

    election: Election
    unit: AdminUnit
    slots: list[str]
    head: rollup.Row
    children: list[rollup.Row]
    commune_ids: list[int]

    @property
    def latest(self) -> str | None:
        return self.head.latest(self.slots)

    def line_chart(self):
        values = [
            float(self.head.pct(s)) if self.head.reported[s] else None
            for s in self.slots
        ]
        return charts.line_chart(self.slots, values, "Tỷ lệ cử tri đi bầu theo mốc")

    def bar_chart(self):
        if not self.latest or not self.children:
            return ""
        values = [float(row.pct(self.latest)) for row in self.children]
        names = [row.name for row in self.children]
        return charts.bar_chart(names, values, f"Tỷ lệ đi bầu lúc {self.latest}")


def board_for(election: Election, unit: AdminUnit) -> Board:
    slots = rules.slots(election)
    rows = rollup.admin_rows(election, unit)
    head = next((r for r in rows if r.pk == unit.pk), None)
    head = head or rollup.Row(unit.level, unit.code, unit.name, pk=unit.pk)
    commune_ids = [r.pk for r in rows if r.level == "commune"]
    if unit.level == AdminUnit.Level.COMMUNE:
        children = rollup.area_rows(election, [unit.pk])
    else:
        children = [r for r in rows if r.parent == unit.code and r is not head]
    return Board(election, unit, slots, head, children, commune_ids)


def dashboard_context(request, board: Board) -> dict:
    moment = rules.now()
    due_slot, missing = late.missing(board.election, moment, board.commune_ids)
    commune = board.unit.level == AdminUnit.Level.COMMUNE
    counting = progress.progress_rows(board.election, moment, board.unit, commune)
    shown = [
        r for r in counting if r.pk == board.unit.pk or r.parent == board.unit.code
    ]
    head = board.head
    latest = board.latest
    enters = role_of(request.user) in ENTERING_ROLES | {"sysadmin"}  # not viewers
    return {
        "board": board,
        "election": board.election,
        "unit": board.unit,
        "level_label": LEVEL_LABELS[board.unit.level],
        "table": _paged(request, TurnoutTable([head, *board.children], board.slots)),
        "progress_table": _paged(request, ProgressTable(shown, prefix="kp-")),
        "line_chart": board.line_chart(),
        "bar_chart": board.bar_chart(),
        "due_slot": due_slot,
        "missing": missing,
        "latest": latest,
        "summary": _summary(head, latest),
        "child_lines": _lines(board.children, latest),
        "updated_at": timezone.localtime(moment),
        "refresh": REFRESH_SECONDS,
        "can_enter_commune": enters and board.unit.level == AdminUnit.Level.COMMUNE,
        "can_upload": enters,
    }


def _paged(request, table):
    """50 rows a page: a city has 168 wards, each row a cell per slot."""
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


def _lines(rows: list[rollup.Row], slot: str | None) -> list[tuple]:
    if slot is None:
        return []
    return [
        (
            r.name,
            f"{r.reported[slot]}/{r.areas_expected}",
            num(r.voted[slot]),
            pct_vi(r.pct(slot)),
        )
        for r in rows
    ]


def _summary(head: rollup.Row, latest: str | None) -> dict:
    if latest is None:
        return {"voters": num(head.voters_on_list), "areas": head.areas_expected}
    return {
        "voters": num(head.voters_on_list),
        "areas": head.areas_expected,
        "reported": head.reported[latest],
        "voted": num(head.voted[latest]),
        "pct": pct_vi(head.pct(latest)),
    }


@staff_view
def dashboard(request, code: str, unit: str):
    election = election_for(request, code)
    board = board_for(election, unit_for(request, election, unit))
    title = f"Tiến độ bầu cử - {board.unit.name}"
    return page(
        request, "polling/dashboard.html", title, **dashboard_context(request, board)
    )


@staff_view
def projector(request, code: str, unit: str):
    election = election_for(request, code)
    board = board_for(election, unit_for(request, election, unit))
    context = dashboard_context(request, board) | {"title": board.unit.name}
    return TemplateResponse(request, "polling/projector.html", context)


def _format(fmt: str) -> str:
    if fmt not in ("xlsx", "pdf"):
        raise Http404("Chỉ có tệp .xlsx hoặc .pdf.")
    return fmt


@staff_view
def turnout_file(request, code: str, unit: str, fmt: str):
    election = election_for(request, code)
    root, fmt = unit_for(request, election, unit), _format(fmt)
    rows = report_rows(election, root)
    slots = rules.slots(election)
    title = f"Báo cáo tiến độ cử tri đi bầu - {root.name}"
    name = f"{election.code}-tien-do-{root.code}.{fmt}"
    if fmt == "xlsx":
        return attachment(exports.turnout_xlsx(title, rows, slots), name, XLSX)
    rows = _printable(rows, root)
    return attachment(
        exports.turnout_pdf(title, election, root, rows, slots), name, PDF
    )


@staff_view
def counting_file(request, code: str, unit: str, fmt: str):
    election = election_for(request, code)
    root, fmt = unit_for(request, election, unit), _format(fmt)
    rows = progress.progress_rows(election, rules.now(), root)
    if root.level == AdminUnit.Level.PROVINCE:
        rows += progress.unit_progress(election, rules.now())
    title = f"Báo cáo tiến độ kiểm phiếu - {root.name}"
    name = f"{election.code}-kiem-phieu-{root.code}.{fmt}"
    if fmt == "xlsx":
        return attachment(exports.progress_xlsx(title, rows), name, XLSX)
    rows = _printable(rows, root)
    return attachment(exports.progress_pdf(title, election, root, rows), name, PDF)


def _printable(rows, root: AdminUnit) -> list:
    """The PDF lists voting areas only for a commune; the XLSX always has them."""
    if root.level == AdminUnit.Level.COMMUNE:
        return rows
    return [row for row in rows if row.level != "voting_area"]
