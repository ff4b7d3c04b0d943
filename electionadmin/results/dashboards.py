"""The dashboards of election day: turnout (polling) and counting progress
(progress.py) side by side, the projector view, and the counting progress report.

A user sees the dashboards of the units of their own territory (404 elsewhere):
the city committee the city, its districts and communes; a commune its commune.
Every row of a roll-up is a link one level down (polling/navigation.py), down to a
voting area's page (area_board.py). The reader's place is in the address: the
round (`lan`), the slot (`moc`), the pages (`page`, `kp-page`, `cbc-trang`,
`cbc-xa-trang`) and the commune of the "not reported" list (`cbc-xa`). The page
fetches itself every 60 seconds and swaps in the figures only, so the reader keeps
their scroll position (without scripts: a plain reload of the same address).
Mounted with polling's screens in the `polling` namespace (day_urls.py).
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django_tables2 import RequestConfig

from electionadmin.polling import late, navigation, rollup, rules
from electionadmin.polling.models import LATER_ROUNDS
from electionadmin.polling.scopes import enters_figures
from electionadmin.polling.tables import (
    LEVEL_LABELS,
    PCT_REPORTED,
    PCT_WHOLE,
    TurnoutTable,
    num,
    pct_vi,
)
from electionadmin.polling.views import (
    Board,
    board_for,
    election_for,
    file_format,
    held_rounds,
    printable,
    round_from,
    round_slug,
    unit_for,
)
from electionadmin.replica import from_replica
from electionadmin.screens import PDF, XLSX, attachment, page, screen
from electionadmin.setup.models import AdminUnit
from electionadmin.voters.counts import declared_lists

from . import progress
from .progress_reports import ProgressTable, progress_pdf, progress_xlsx

REFRESH_SECONDS = 60
PER_PAGE = 50
MISSING_PAGE = "cbc-trang"  # chưa báo cáo: the page of areas
MISSING_COMMUNES_PAGE = "cbc-xa-trang"  # the page of the counts per commune
MISSING_COMMUNE = "cbc-xa"  # the one commune whose areas are listed


def chosen_slot(request, board: Board) -> str | None:
    """The slot of the table: `?moc=`, else the latest with a report."""
    asked = request.GET.get("moc")
    return asked if asked in board.slots else board.latest


def dashboard_context(request, board: Board) -> dict:
    moment = rules.now()
    slot = chosen_slot(request, board)
    code = board.election.code
    rows = [board.head, *board.children]
    urls = {r.code: navigation.row_url(request, code, r) for r in board.children}
    table = _paged(request, TurnoutTable(rows, slot, urls))
    context = {
        "board": board,
        "election": board.election,
        "unit": board.unit,
        "level_label": LEVEL_LABELS[board.unit.level],
        "breadcrumb": navigation.breadcrumb(request, board.election, board.unit),
        "slot": slot,
        "slot_links": _slot_links(request, board.slots, slot),
        "table": table,
        "line_chart": board.line_chart(),
        "bar_chart": board.bar_chart(slot, _page_rows(table, rows, board.head)),
        "latest": board.latest,
        "summary": _summary(board.head, slot),
        "declared": _declared(board),
        "pct_whole": PCT_WHOLE,
        "pct_reported": PCT_REPORTED,
        "child_lines": _lines(board.children, board.latest),
        "updated_at": timezone.localtime(moment),
        "refresh": REFRESH_SECONDS,
        "rounds": held_rounds(board.election),
        "round_slug": "",
        "here": navigation.kept(request),
        "can_upload": enters_figures(request.user),
    } | not_reported(request, board, moment)
    commune = board.unit.level == AdminUnit.Level.COMMUNE
    counting = progress.progress_rows(board.election, board.unit, commune, board.round)
    shown = [
        r for r in counting if r.pk == board.unit.pk or r.parent == board.unit.code
    ]
    urls |= {r.code: navigation.row_url(request, code, r) for r in shown}
    urls.pop(board.unit.code, None)
    context["progress_table"] = _paged(
        request, ProgressTable(shown, urls, prefix="kp-")
    )
    if board.round is not None:
        return context | round_context(board, context["rounds"])
    return context | {
        "unstarted": progress.not_started_after_close(
            board.election, moment, board.commune_ids
        ),
        "can_enter_commune": commune and context["can_upload"],
    }


def round_context(board: Board, rounds: list[dict]) -> dict:
    """A later round's dashboard: its areas' turnout, lateness and minutes (no
    "Bắt đầu kiểm phiếu" mark: that is the first round's)."""
    chosen = next(r for r in rounds if r.get("key") == board.round)
    return {"round": chosen, "round_slug": chosen["slug"]}


def not_reported(request, board: Board, moment) -> dict:
    """The late areas, a page at a time, with their counts per commune."""
    found = late.missing(board.election, moment, board.commune_ids, board.round)
    communes = found.per_commune()
    total = sum(c["n"] for c in communes)
    only = request.GET.get(MISSING_COMMUNE)
    areas = found.areas
    if only:
        areas = areas.filter(commune__code=only)
    expected = {r.pk: r.areas_expected for r in board.communes.values()}
    for commune in communes:
        commune["expected"] = expected.get(commune["commune"], 0)
        commune["url"] = navigation.with_params(
            request, **{MISSING_COMMUNE: commune["commune__code"], MISSING_PAGE: None}
        )
    commune_page = _page(request, communes, MISSING_COMMUNES_PAGE)
    area_page = _page(request, areas, MISSING_PAGE)
    return {
        "due_slot": found.slot,
        "any_due": found.due,
        "missing_total": total,
        "missing_communes": commune_page,
        "missing_page": area_page,
        "missing": late.rows(board.election, moment, area_page.object_list),
        "missing_commune": only,
        "missing_all_url": navigation.with_params(
            request, **{MISSING_COMMUNE: None, MISSING_PAGE: None}
        ),
        "missing_links": _page_links(request, area_page, MISSING_PAGE),
        "missing_commune_links": _page_links(
            request, commune_page, MISSING_COMMUNES_PAGE
        ),
    }


def _page(request, items, key: str):
    return Paginator(items, PER_PAGE).get_page(request.GET.get(key))


def _page_links(request, page_obj, key: str) -> dict:
    if page_obj.paginator.num_pages < 2:
        return {}
    links = {}
    if page_obj.has_previous():
        links["previous"] = navigation.with_params(
            request, **{key: page_obj.previous_page_number()}
        )
    if page_obj.has_next():
        links["next"] = navigation.with_params(
            request, **{key: page_obj.next_page_number()}
        )
    return links


def _slot_links(request, slots: list[str], chosen: str | None) -> list[tuple]:
    return [(s, navigation.with_params(request, moc=s), s == chosen) for s in slots]


def _paged(request, table):
    """50 rows a page: a city has 168 wards."""
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


def _page_rows(table, rows: list, head) -> list:
    """The rows of the table's current page, without the unit's own row."""
    start = (table.page.number - 1) * PER_PAGE if table.page else 0
    return [r for r in rows[start : start + PER_PAGE] if r is not head]


def _lines(rows: list[rollup.Row], slot: str | None) -> list[tuple]:
    if slot is None:
        return []
    return [
        (
            r.name,
            f"{r.reported[slot]}/{r.areas_expected}",
            num(r.voted[slot]),
            pct_vi(r.pct(slot)),
            pct_vi(r.reported_pct(slot)),
        )
        for r in rows
    ]


def _declared(board: Board) -> dict | None:
    """The declared list sizes in the board's list total (areas whose list is kept
    outside the system, electionadmin/voters/declared.py), or None."""
    areas, voters = declared_lists(board.election, board.commune_ids)
    return {"areas": num(areas), "voters": num(voters)} if areas else None


def _summary(head: rollup.Row, slot: str | None) -> dict:
    if slot is None:
        return {"voters": num(head.voters_on_list), "areas": num(head.areas_expected)}
    return {
        "voters": num(head.voters_on_list),
        "areas": num(head.areas_expected),
        "reported": num(head.reported[slot]),
        "listed": num(head.listed[slot]),
        "voted": num(head.voted[slot]),
        "pct": pct_vi(head.pct(slot)),
        "reported_pct": pct_vi(head.reported_pct(slot)),
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
    round = round_from(request)
    rows = progress.progress_rows(election, root, round=round)
    if root.level == AdminUnit.Level.PROVINCE:
        rows += progress.unit_progress(election, round)
    title = f"Báo cáo tiến độ kiểm phiếu - {root.name}"
    name = f"{election.code}-kiem-phieu-{root.code}.{fmt}"
    if round is not None:
        title = f"{title} - {dict(LATER_ROUNDS)[round]}"
        name = f"{election.code}-kiem-phieu-{root.code}-{round_slug(round)}.{fmt}"
    if fmt == "xlsx":
        return attachment(progress_xlsx(title, rows), name, XLSX)
    rows = printable(rows, root)
    return attachment(progress_pdf(title, election, root, rows), name, PDF)
