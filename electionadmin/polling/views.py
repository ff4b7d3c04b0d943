"""Election day's turnout: the landing pages, what a dashboard shows of turnout
(`board_for`), and the turnout report.

A user sees the units of their own territory (404 elsewhere): the city committee
the city, its districts and communes; a commune its commune. The dashboards, which
show counting progress beside turnout, are results/dashboards.py.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.screens import (
    PDF,
    XLSX,
    attachment,
    in_scope,
    page,
    require,
    screen,
)
from electionadmin.setup.models import AdminUnit, Election, ElectoralUnit

from . import charts, exports, rollup, rules
from .models import LATER_ROUNDS
from .report import report_rows
from .scopes import home_unit, may_view_unit
from .tables import PCT_REPORTED, PCT_WHOLE


def election_for(request, code: str) -> Election:
    return in_scope(Election.objects.select_related("cycle"), request.user, code=code)


def unit_for(request, election: Election, code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(unit_set=election.unit_set_id, code=code).first()
    if unit is None or not may_view_unit(request.user, unit):
        raise Http404("Đơn vị này nằm ngoài phạm vi bạn được giao quản lý.")
    return unit


@screen()
def index(request):
    elections = restrict(Election.objects.all(), request.user)
    elections = elections.order_by("is_rehearsal", "-election_date", "code")
    return page(request, "polling/index.html", "Tiến độ bầu cử", elections=elections)


@screen()
def home(request, code: str):
    election = election_for(request, code)
    area = Jurisdiction.for_user(request.user).voting_area
    if area is not None:
        return redirect("polling:area_entry", code, area.commune.code, area.number)
    unit = home_unit(request.user, election)
    require(unit is not None, "Vai trò của bạn không có trang tiến độ.")
    return redirect("polling:dashboard", code, unit.code)


# The round of a dashboard, in its address (?lan=...): Vietnamese, not the code.
ROUND_SLUGS = {"bau-cu-lai": "reelection", "bau-cu-them": "supplementary"}


def round_from(request) -> str | None:
    """The later round asked for in the address (None: the first round)."""
    slug = request.GET.get("lan", "")
    if slug and slug not in ROUND_SLUGS:
        raise Http404("Không có lần bầu cử này.")
    return ROUND_SLUGS.get(slug)


def round_slug(round: str) -> str:
    return {key: slug for slug, key in ROUND_SLUGS.items()}[round]


def held_rounds(election) -> list[dict]:
    """The rounds of the election for a selector: the first, then each later round
    some unit holds, with its election dates."""
    found = [{"slug": "", "label": "Bầu cử lần đầu", "dates": [election.election_date]}]
    held = ElectoralUnit.objects.filter(
        contest__election=election, rounds__isnull=False
    ).values_list("rounds__round", "rounds__election_date")
    for slug, round in ROUND_SLUGS.items():
        dates = sorted({day for kind, day in held if kind == round})
        if dates:
            label = dict(LATER_ROUNDS)[round]
            found.append({"slug": slug, "label": label, "dates": dates, "key": round})
    return found


@dataclass
class Board:
    """What a dashboard shows for one unit."""

    election: Election
    unit: AdminUnit
    slots: list[str]
    head: rollup.Row
    children: list[rollup.Row]
    communes: dict[int, rollup.Row]
    round: str | None = None  # None: the first round

    @property
    def commune_ids(self) -> list[int]:
        return list(self.communes)

    @property
    def latest(self) -> str | None:
        return self.head.latest(self.slots)

    def line_chart(self):
        head, slots = self.head, self.slots
        whole = [float(head.pct(s)) if head.reported[s] else None for s in slots]
        reported = [
            float(head.reported_pct(s)) if head.reported[s] else None for s in slots
        ]
        return charts.line_chart(
            slots,
            [(PCT_WHOLE, whole), (PCT_REPORTED, reported)],
            "Tỷ lệ cử tri đi bầu theo mốc",
        )

    def bar_chart(self, slot: str | None, rows: list[rollup.Row]):
        """The rows shown (a page of the table) at the slot."""
        if not slot or not rows:
            return ""
        values = [float(row.pct(slot)) for row in rows]
        names = [row.name for row in rows]
        title = f"{PCT_WHOLE} lúc {slot}"
        return charts.bar_chart(names, values, title)


def board_for(election: Election, unit: AdminUnit, round=None) -> Board:
    """A later `round` shows only the areas (and their communes) taking part."""
    slots = rules.slots(election)
    rows = rollup.admin_rows(election, unit, round)
    head = next((r for r in rows if r.pk == unit.pk), None)
    head = head or rollup.Row(unit.level, unit.code, unit.name, pk=unit.pk)
    communes = {r.pk: r for r in rows if r.level == "commune"}
    if unit.level == AdminUnit.Level.COMMUNE:
        children = rollup.area_rows(election, [unit.pk], round)
    else:
        children = [r for r in rows if r.parent == unit.code and r is not head]
    return Board(election, unit, slots, head, children, communes, round)


def file_format(fmt: str) -> str:
    if fmt not in ("xlsx", "pdf"):
        raise Http404("Chỉ có tệp .xlsx hoặc .pdf.")
    return fmt


@screen()
def turnout_file(request, code: str, unit: str, fmt: str):
    election = election_for(request, code)
    root, fmt = unit_for(request, election, unit), file_format(fmt)
    round = round_from(request)
    rows = report_rows(election, root, round)
    slots = rules.slots(election)
    title = f"Báo cáo tiến độ cử tri đi bầu - {root.name}"
    name = f"{election.code}-tien-do-{root.code}.{fmt}"
    if round is not None:
        label = dict(LATER_ROUNDS)[round]
        title = f"{title} - {label}"
        name = f"{election.code}-tien-do-{root.code}-{round_slug(round)}.{fmt}"
    if fmt == "xlsx":
        return attachment(exports.turnout_xlsx(title, rows, slots), name, XLSX)
    rows = printable(rows, root)
    return attachment(
        exports.turnout_pdf(title, election, root, rows, slots), name, PDF
    )


def printable(rows, root: AdminUnit) -> list:
    """The PDF lists voting areas only for a commune; the XLSX always has them."""
    if root.level == AdminUnit.Level.COMMUNE:
        return rows
    return [row for row in rows if row.level != "voting_area"]
