"""The voter list (danh sách cử tri) in the cycle's form, drawn on a ReportLab canvas.

2021: Mẫu số 33/HĐBC, columns from forms_layouts.csv. 2026: Mẫu số 31/HĐBC, whose
columns were not found (docs/DOMAIN.md §4.5): the 2021 columns are reused, with one
tick column per HĐND level the cycle has (no Huyện column in the two-tier system).
Neither form has a citizen-ID column, so none is printed. Only entries on the list
(status active) are printed; struck-off entries are left out. Households stay
together in list-number order; a new household starts with a ruled line.

One list per voting area, from a new page: the heading (issuing body, national
motto, the cycle's form number, title, the area), the two header rows of the table
on every page, the rows, the area's totals and the chairman's signature block; under
every page "Danh sách cử tri - <election> — Trang n / m".

Speed is the point (a ward prints tens of thousands of voters): the entries stream
from the database as dicts and are drawn by printing's `TablePrinter` (header rows
once as a form XObject, word widths measured once, rows laid out by arithmetic);
the totals are counted while drawing. Time grows linearly with the rows
(docs/BENCHMARKS.md, bench/voter_list_bench.py).
"""

from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm

from electionadmin.figures import grouped
from electionadmin.printing.canvas_table import Column, Layout, TablePrinter
from electionadmin.printing.heading import heading_lines, rehearsal_mark
from electionadmin.setup.models import Election, VotingArea

from .. import eligibility
from ..models import VoterEntry
from .selection import PrintRound, form_number, form_title

COUNCIL_LABELS = {"HDND_TINH": "Tỉnh", "HDND_HUYEN": "Huyện", "HDND_XA": "Xã"}
TEMPORARY = {"temporary_12m_plus", "temporary_under_12m"}
FIELDS = (
    "list_number",
    "full_name",
    "birth_date",
    "birth_precision",
    "gender",
    "ethnicity",
    "occupation",
    "residence",
    "permanent_address",
    "temporary_address",
    "household",
    "contest_mask",
    "note",
)
BIRTH_FORMATS = {"d": "%d/%m/%Y", "m": "%m/%Y", "y": "%Y"}
EMPTY = "Chưa có cử tri nào trong danh sách."
LAYOUT = Layout(landscape(A4), left=2 * cm, right=1.5 * cm, top=1.5 * cm,
                bottom=1.8 * cm)  # fmt: skip
COUNCILS_GROUP = "Bầu cử đại biểu HĐND"


def columns(council_labels: list[str]) -> list[Column]:
    """The form's columns (forms_layouts.csv), one tick column per council level."""
    cols = [
        Column("STT", 0.04, "c"),
        Column("Họ và tên", 0.13),
        Column("Ngày tháng năm sinh", 0.07, "c"),
        Column("Nam", 0.03, "c", "Giới tính"),
        Column("Nữ", 0.03, "c", "Giới tính"),
        Column("Dân tộc", 0.05),
        Column("Nghề nghiệp", 0.08),
        Column("Thường trú", 0.19, "l", "Nơi cư trú"),
        Column("Tạm trú", 0.14, "l", "Nơi cư trú"),
        Column("Bầu cử ĐBQH", 0.05, "c"),
    ]
    cols += [Column(label, 0.04, "c", COUNCILS_GROUP) for label in council_labels]
    return cols + [Column("Ghi chú", 1 - sum(c.share for c in cols))]


def councils(election: Election) -> list[tuple[str, str, int]]:
    return [
        (kind, COUNCIL_LABELS[kind], eligibility.CONTEST_BITS[kind])
        for kind in election.cycle.contest_kinds
        if kind in COUNCIL_LABELS
    ]


def line(row: dict, council_bits: list[int], new_household: bool) -> dict:
    mask = row["contest_mask"]
    temporary = row["residence"] in TEMPORARY
    return {
        "number": row["list_number"],
        "name": row["full_name"],
        "birth": row["birth_date"].strftime(BIRTH_FORMATS[row["birth_precision"]]),
        "male": row["gender"] == "M",
        "female": row["gender"] == "F",
        "ethnicity": row["ethnicity"],
        "occupation": row["occupation"],
        "permanent": row["permanent_address"],
        "temporary": row["temporary_address"] if temporary else "",
        "qh": bool(mask & eligibility.CONTEST_BITS["QH"]),
        "councils": [bool(mask & bit) for bit in council_bits],
        "note": row["note"],
        "new_household": new_household,
    }


def cells(line: dict) -> list[str]:
    """A line's texts in column order ("x" ticks a box)."""
    tick = {True: "x", False: ""}
    return [
        grouped(line["number"]),
        line["name"],
        line["birth"],
        tick[line["male"]],
        tick[line["female"]],
        line["ethnicity"],
        line["occupation"],
        line["permanent"],
        line["temporary"],
        tick[line["qh"]],
        *(tick[on] for on in line["councils"]),
        line["note"],
    ]


def area_lines(area: VotingArea, council_bits: list[int]):
    """The area's active entries in list order, as lines, streamed."""
    rows = VoterEntry.objects.active().filter(voting_area=area)
    rows = rows.order_by("list_number").values(*FIELDS)
    previous = None
    for row in rows.iterator(chunk_size=2000):
        key = row["household"] or f"#{row['list_number']}"
        yield line(row, council_bits, previous is not None and key != previous)
        previous = key


def place(area: VotingArea) -> list[str]:
    units, unit = [], area.commune
    while unit is not None:
        units.append(unit.name)
        unit = unit.parent
    return units


class Totals:
    """The area's totals, counted from the lines as they are drawn."""

    def __init__(self, councils: int):
        self.total = self.male = self.female = self.qh = 0
        self.councils = [0] * councils

    def add(self, line: dict) -> None:
        self.total += 1
        self.male += line["male"]
        self.female += line["female"]
        self.qh += line["qh"]
        for i, on in enumerate(line["councils"]):
            self.councils[i] += on

    def lines(self, labels: list[str]) -> list[list[tuple[str, bool]]]:
        """The footer's two lines, the figures in bold."""
        first = [
            ("Tổng số cử tri của khu vực bỏ phiếu: ", False),
            (grouped(self.total), True),
            (" người; trong đó ", False),
            (grouped(self.male), True),
            (" nam, ", False),
            (grouped(self.female), True),
            (" nữ.", False),
        ]
        second = [("Cử tri tham gia bầu cử ĐBQH: ", False), (grouped(self.qh), True)]
        for label, n in zip(labels, self.councils, strict=True):
            second += [(f"; HĐND cấp {label.lower()}: ", False), (grouped(n), True)]
        return [first, second + [(".", False)]]


class ListPrinter:
    """Draws the lists of voting areas onto one canvas, area after area."""

    def __init__(self, out, election: Election, round: PrintRound | None = None):
        self.election, self.councils = election, councils(election)
        self.round = round
        self.labels = [label for _, label, _ in self.councils]
        name = f"{election.name} ({round.label})" if round else election.name
        self.printer = TablePrinter(
            out,
            LAYOUT,
            columns(self.labels),
            title=f"Danh sách cử tri - {name}",
            footer=f"Danh sách cử tri - {name}",
            mark=rehearsal_mark(election),
        )
        self.number = form_number(election, "VOTER_LIST")
        self.title = form_title(election, "VOTER_LIST").upper()
        self.count = 0

    def add_area(self, area: VotingArea) -> int:
        """One area's list from a new page; returns the voters printed."""
        p = self.printer
        p.new_page()
        name = f" ({area.name})" if area.name else ""
        # A later round: "(Bầu cử lại)" after the election, then its date.
        words = f"({self.round.label.upper()})" if self.round else ""
        lines = heading_lines(self.election.cycle.name.upper(), words)
        if self.round:
            lines.append(self.round.line([area]))
        p.heading(
            f"ỦY BAN NHÂN DÂN {area.commune.name.upper()}",
            self.number,
            self.title,
            [
                *((text, "bold") for text in lines),
                (
                    f"Khu vực bỏ phiếu số {area.number}{name} thuộc "
                    f"{', '.join(place(area))}",
                    "regular",
                ),
            ],
        )
        p.start_table()
        totals = Totals(len(self.councils))
        for line in area_lines(area, [bit for _, _, bit in self.councils]):
            p.row(cells(line), rule_above=line["new_household"])
            totals.add(line)
        if not totals.total:
            p.spanning_row(EMPTY)
        p.close_table()
        p.need(2 * p.layout.lead + 10)
        p.y -= 4
        for parts in totals.lines(self.labels):
            p.segments(parts)
        day = self.round.day(area) if self.round else self.election.election_date
        year = day.year
        p.signature(f"......, ngày ...... tháng ...... năm {year}")
        self.count += totals.total
        return totals.total

    def finish(self) -> int:
        self.printer.finish()
        return self.count


def render_list(out, election: Election, areas: list[VotingArea], round=None) -> int:
    """Draw the areas' lists to `out` (a path or a binary file); returns the voters
    printed. `round`: a later round's PrintRound (its name and date printed)."""
    printer = ListPrinter(out, election, round)
    for area in areas:
        printer.add_area(area)
    return printer.finish()


def list_pdf(election: Election, areas: list[VotingArea], round=None) -> bytes:
    out = BytesIO()
    render_list(out, election, areas, round)
    return out.getvalue()
