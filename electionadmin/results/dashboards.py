"""The dashboards of election day: turnout (polling) and counting progress
(progress.py) side by side, the projector view, and the counting progress report.

A user sees the dashboards of the units of their own territory (404 elsewhere):
the city committee the city, its districts and communes; a commune its commune.
Pages refresh themselves every 60 seconds. Mounted with polling's screens in the
`polling` namespace (day_urls.py).
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django_tables2 import RequestConfig

from electionadmin.polling import late, rollup, rules
from electionadmin.polling.scopes import enters_figures
from electionadmin.polling.tables import LEVEL_LABELS, TurnoutTable, num, pct_vi
from electionadmin.polling.views import (
    Board,
    board_for,
    election_for,
    file_format,
    held_rounds,
    printable,
    round_from,
    unit_for,
)
from electionadmin.replica import from_replica
from electionadmin.screens import PDF, XLSX, attachment, page, screen
from electionadmin.setup.models import AdminUnit

from . import progress
from .progress_reports import ProgressTable, progress_pdf, progress_xlsx

REFRESH_SECONDS = 60
PER_PAGE = 50


def dashboard_context(request, board: Board) -> dict:
    if board.round is not None:
        return round_context(request, board)
    moment = rules.now()
    due_slot, missing = late.missing(board.election, moment, board.commune_ids)
    commune = board.unit.level == AdminUnit.Level.COMMUNE
    counting = progress.progress_rows(board.election, moment, board.unit, commune)
    shown = [
        r for r in counting if r.pk == board.unit.pk or r.parent == board.unit.code
    ]
    head = board.head
    latest = board.latest
    enters = enters_figures(request.user)  # not viewers
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
        "rounds": held_rounds(board.election),
        "round_slug": "",
    }


def round_context(request, board: Board) -> dict:
    """A later round's dashboard: its areas' turnout only (its reporting and
    counting are followed on the round's screens)."""
    head, latest = board.head, board.latest
    rounds = held_rounds(board.election)
    chosen = next(r for r in rounds if r.get("key") == board.round)
    return {
        "board": board,
        "election": board.election,
        "unit": board.unit,
        "level_label": LEVEL_LABELS[board.unit.level],
        "table": _paged(request, TurnoutTable([head, *board.children], board.slots)),
        "line_chart": board.line_chart(),
        "bar_chart": board.bar_chart(),
        "latest": latest,
        "summary": _summary(head, latest),
        "child_lines": _lines(board.children, latest),
        "updated_at": timezone.localtime(rules.now()),
        "refresh": REFRESH_SECONDS,
        "rounds": rounds,
        "round": chosen,
        "round_slug": chosen["slug"],
        "can_upload": enters_figures(request.user),
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


@screen()
@from_replica
def dashboard(request, code: str, unit: str):
    election = election_for(request, code)
    board = board_for(election, unit_for(request, election, unit), round_from(request))
    title = f"Tiến độ bầu cử - {board.unit.name}"
    return page(
        request, "polling/dashboard.html", title, **dashboard_context(request, board)
    )


@screen()
@from_replica
def projector(request, code: str, unit: str):
    election = election_for(request, code)
    board = board_for(election, unit_for(request, election, unit), round_from(request))
    context = dashboard_context(request, board) | {"title": board.unit.name}
    return TemplateResponse(request, "polling/projector.html", context)


@screen()
@from_replica
def counting_file(request, code: str, unit: str, fmt: str):
    election = election_for(request, code)
    root, fmt = unit_for(request, election, unit), file_format(fmt)
    rows = progress.progress_rows(election, rules.now(), root)
    if root.level == AdminUnit.Level.PROVINCE:
        rows += progress.unit_progress(election, rules.now())
    title = f"Báo cáo tiến độ kiểm phiếu - {root.name}"
    name = f"{election.code}-kiem-phieu-{root.code}.{fmt}"
    if fmt == "xlsx":
        return attachment(progress_xlsx(title, rows), name, XLSX)
    rows = printable(rows, root)
    return attachment(progress_pdf(title, election, root, rows), name, PDF)
