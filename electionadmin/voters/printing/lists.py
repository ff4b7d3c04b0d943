"""The voter list (danh sách cử tri) in the cycle's form, drawn on a ReportLab canvas.

2021: Mẫu số 33/HĐBC, columns from forms_layouts.csv. 2026: Mẫu số 31/HĐBC, whose
columns were not found (domain brief §4.5): the 2021 columns are reused, with one
tick column per HĐND level the cycle has (no Huyện column in the two-tier system).
Neither form has a citizen-ID column, so none is printed. Only entries on the list
(status active) are printed; struck-off entries are left out. Households stay
together in list-number order; a new household starts with a ruled line.

One list per voting area, from a new page: the heading (issuing body, national
motto, the cycle's form number, title, the area), the two header rows of the table
on every page, the rows, the area's totals and the chairman's signature block; under
every page "Danh sách cử tri - <election> — Trang n / m".

Speed is the point (a ward prints tens of thousands of voters): the entries stream
from the database as dicts; the table header is drawn once as a form XObject; word
widths are measured once (printing.canvas_text); rows are laid out by arithmetic,
not by a layout engine. Time grows linearly with the rows (docs/BENCHMARKS.md).
"""

from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from electionadmin.printing.canvas_text import Measure, PageCount
from electionadmin.printing.fonts import register_reportlab_fonts
from electionadmin.setup.models import Election, VotingArea

from .. import eligibility
from ..models import VoterEntry
from .selection import form_number, form_title

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

PAGE_W, PAGE_H = landscape(A4)
LEFT, RIGHT, TOP, BOTTOM = 2 * cm, 1.5 * cm, 1.5 * cm, 1.8 * cm
TABLE_W = PAGE_W - LEFT - RIGHT
SIZE, LEAD = 8.5, 10.2  # body text and its line height
HEAD_SIZE, HEAD_LEAD = 8, 9.6  # the table's header rows
PAD_X, PAD_Y = 3, 2
HEAD_PAD_X = 1  # the header's narrow columns ("Nam", "Nữ") keep their word whole
# Columns: (key, heading, group heading, share of the width, alignment, wraps).
BEFORE = [
    ("number", "STT", "", 0.04, "c"),
    ("name", "Họ và tên", "", 0.13, "l"),
    ("birth", "Ngày tháng năm sinh", "", 0.07, "c"),
    ("male", "Nam", "Giới tính", 0.03, "c"),
    ("female", "Nữ", "Giới tính", 0.03, "c"),
    ("ethnicity", "Dân tộc", "", 0.05, "l"),
    ("occupation", "Nghề nghiệp", "", 0.08, "l"),
    ("permanent", "Thường trú", "Nơi cư trú", 0.19, "l"),
    ("temporary", "Tạm trú", "Nơi cư trú", 0.14, "l"),
    ("qh", "Bầu cử ĐBQH", "", 0.05, "c"),
]
COUNCIL_SHARE = 0.04


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


class Column:
    def __init__(self, key, heading, group, share, align, x):
        self.key, self.heading, self.group, self.align = key, heading, group, align
        self.x, self.width = x, share * TABLE_W
        self.inner = self.width - 2 * PAD_X


class Totals:
    """The area's totals, counted from the rows as they are drawn."""

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


class ListPrinter:
    """Draws the lists of voting areas onto one canvas, area after area."""

    def __init__(self, out, election: Election):
        self.election = election
        self.fonts = register_reportlab_fonts()
        self.canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.canvas.setTitle(f"Danh sách cử tri - {election.name}")
        self.body = Measure(self.fonts["regular"], SIZE)
        self.bold = Measure(self.fonts["bold"], SIZE)
        self.head = Measure(self.fonts["bold"], HEAD_SIZE)
        self.councils = councils(election)
        self.columns = self._columns()
        self.number = form_number(election, "VOTER_LIST")
        self.title = form_title(election, "VOTER_LIST").upper()
        self.footer = f"Danh sách cử tri - {election.name}"
        self.pages = PageCount(self.canvas, self.fonts["italic"], 9)
        self.header_h = self._header_form()
        self.count, self.started = 0, False

    def _columns(self) -> list[Column]:
        specs = list(BEFORE)
        for _, label, _bit in self.councils:
            specs.append(("council", label, "Bầu cử đại biểu HĐND", COUNCIL_SHARE, "c"))
        used = sum(spec[3] for spec in specs)
        specs.append(("note", "Ghi chú", "", 1 - used, "l"))
        columns, x = [], LEFT
        for spec in specs:
            columns.append(Column(*spec, x))
            x += columns[-1].width
        return columns

    # The table's two header rows, drawn once as a form XObject.
    def _header_form(self) -> float:
        cols, head = self.columns, self.head
        groups: dict[str, list[Column]] = {}
        for col in cols:
            if col.group:
                groups.setdefault(col.group, []).append(col)
        spans = {g: (m[0].x, sum(c.width for c in m)) for g, m in groups.items()}
        row1 = max(
            len(head.wrap(g, width - 2 * HEAD_PAD_X)) for g, (_, width) in spans.items()
        )
        inner = {c.heading: c.width - 2 * HEAD_PAD_X for c in cols}
        row2 = max(len(head.wrap(c.heading, inner[c.heading])) for c in cols if c.group)
        single = max(
            len(head.wrap(c.heading, inner[c.heading])) for c in cols if not c.group
        )
        row1, row2 = (n * HEAD_LEAD + 2 * PAD_Y for n in (row1, row2))
        height = max(row1 + row2, single * HEAD_LEAD + 2 * PAD_Y)
        row1 = height - row2
        c = self.canvas
        c.beginForm("listheader")  # its box is (0, 0)-(page): drawn from y = height
        c.saveState()
        c.translate(0, height)
        c.setLineWidth(0.5)
        c.line(LEFT, 0, LEFT + TABLE_W, 0)
        c.line(LEFT, -height, LEFT + TABLE_W, -height)
        c.line(LEFT + TABLE_W, 0, LEFT + TABLE_W, -height)
        for col in cols:
            if col.group:
                first = groups[col.group][0] is col
                c.line(col.x, 0 if first else -row1, col.x, -height)
                self._centred(col.heading, col.x, col.width, -row1, row2)
            else:
                c.line(col.x, 0, col.x, -height)
                self._centred(col.heading, col.x, col.width, 0, height)
        for group, (x, width) in spans.items():
            c.line(x, -row1, x + width, -row1)
            self._centred(group, x, width, 0, row1)
        c.restoreState()
        c.endForm()
        return height

    def _centred(self, text, x, width, top, height) -> None:
        lines = self.head.wrap(text, width - 2 * HEAD_PAD_X)
        c = self.canvas
        c.setFont(self.fonts["bold"], HEAD_SIZE)
        y = top - (height - len(lines) * HEAD_LEAD) / 2 - HEAD_SIZE
        for i, text_line in enumerate(lines):
            c.drawCentredString(x + width / 2, y - i * HEAD_LEAD, text_line)

    # Pages.
    def _new_page(self) -> None:
        if self.started:
            self._end_page()
        self.started = True
        self.y = PAGE_H - TOP
        self.text = self.canvas.beginText()
        self.text.setFont(self.fonts["regular"], SIZE)
        self.table_top = None

    def _end_page(self) -> None:
        c = self.canvas
        self._close_table()
        c.drawText(self.text)
        self.pages.draw(self.footer, LEFT, 0.9 * cm)
        c.showPage()

    def _start_table(self) -> None:
        c = self.canvas
        c.saveState()
        c.translate(0, self.y - self.header_h)
        c.doForm("listheader")
        c.restoreState()
        self.table_top = self.y - self.header_h
        self.y = self.table_top

    def _close_table(self) -> None:
        """The column rules from under the header to the last row of the page."""
        if self.table_top is None or self.y >= self.table_top:
            self.table_top = None
            return
        c = self.canvas
        c.setLineWidth(0.5)
        for x in [col.x for col in self.columns] + [LEFT + TABLE_W]:
            c.line(x, self.table_top, x, self.y)
        self.table_top = None

    def _room(self, height: float) -> bool:
        return self.y - height >= BOTTOM

    # One area.
    def _heading(self, area: VotingArea) -> None:
        c, f = self.canvas, self.fonts
        left_mid = LEFT + TABLE_W * 0.21
        right_mid = LEFT + TABLE_W * 0.71
        y = self.y - SIZE
        c.setFont(f["bold"], SIZE)
        c.drawCentredString(left_mid, y, f"ỦY BAN NHÂN DÂN {area.commune.name.upper()}")
        c.drawCentredString(right_mid, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        c.drawCentredString(right_mid, y - LEAD, "Độc lập - Tự do - Hạnh phúc")
        c.setFont(f["regular"], SIZE)
        c.drawCentredString(left_mid, y - LEAD, "———")
        c.drawCentredString(right_mid, y - 2 * LEAD, "———————")
        y -= 3 * LEAD
        if self.number:
            c.setFont(f["italic"], SIZE)
            c.drawRightString(LEFT + TABLE_W, y, self.number)
            y -= LEAD
        middle = LEFT + TABLE_W / 2
        y -= 13 + 2
        c.setFont(f["bold"], 13)
        c.drawCentredString(middle, y, self.title)
        y -= LEAD + 4
        c.setFont(f["bold"], SIZE)
        for text in self.bold.wrap(self.election.cycle.name.upper(), TABLE_W):
            c.drawCentredString(middle, y, text)
            y -= LEAD
        name = f" ({area.name})" if area.name else ""
        where = (
            f"Khu vực bỏ phiếu số {area.number}{name} thuộc {', '.join(place(area))}"
        )
        c.setFont(f["regular"], SIZE)
        for text in self.body.wrap(where, TABLE_W):
            c.drawCentredString(middle, y, text)
            y -= LEAD
        self.y = y - 4

    def _row(self, line: dict) -> None:
        cells, widest = [], 1
        body = self.body
        for col in self.columns:
            if col.key == "council":
                continue
            value = line[col.key]
            if value is True:
                value = "x"
            elif value is False or value is None:
                value = ""
            else:
                value = str(value)
            wrapped = body.wrap(value, col.inner) if col.align == "l" else [value]
            widest = max(widest, len(wrapped))
            cells.append((col, wrapped))
        height = widest * LEAD + 2 * PAD_Y
        if not self._room(height):
            self._new_page()
            self._start_table()
        top = self.y
        t = self.text
        base = top - PAD_Y - SIZE + 1
        for col, wrapped in cells:
            for i, text in enumerate(wrapped):
                if not text:
                    continue
                if col.align == "c":
                    x = col.x + (col.width - body.line_width(text)) / 2
                else:
                    x = col.x + PAD_X
                t.setTextOrigin(x, base - i * LEAD)
                t.textOut(text)
        councils = [c for c in self.columns if c.key == "council"]
        for col, on in zip(councils, line["councils"], strict=True):
            if on:
                t.setTextOrigin(col.x + (col.width - body.width("x")) / 2, base)
                t.textOut("x")
        c = self.canvas
        bottom = top - height
        if line["new_household"]:
            c.setLineWidth(1.2)
            c.line(LEFT, top, LEFT + TABLE_W, top)
        c.setLineWidth(0.5)
        c.line(LEFT, bottom, LEFT + TABLE_W, bottom)
        self.y = bottom

    def _empty(self) -> None:
        height = LEAD + 2 * PAD_Y
        t = self.text
        t.setTextOrigin(
            LEFT + (TABLE_W - self.body.line_width(EMPTY)) / 2,
            self.y - PAD_Y - SIZE + 1,
        )
        t.textOut(EMPTY)
        self.y -= height
        self.canvas.setLineWidth(0.5)
        self.canvas.line(LEFT, self.y, LEFT + TABLE_W, self.y)

    def _segments(self, parts: list[tuple[str, bool]]) -> None:
        """One line of regular and bold pieces (the totals)."""
        t, f = self.text, self.fonts
        t.setTextOrigin(LEFT, self.y - SIZE)
        for text, strong in parts:
            t.setFont(f["bold"] if strong else f["regular"], SIZE)
            t.textOut(text)
        t.setFont(f["regular"], SIZE)
        self.y -= LEAD + 2

    def _totals(self, totals: Totals) -> None:
        if not self._room(2 * LEAD + 10):
            self._new_page()
        self.y -= 4
        self._segments(
            [
                ("Tổng số cử tri của khu vực bỏ phiếu: ", False),
                (str(totals.total), True),
                (" người; trong đó ", False),
                (str(totals.male), True),
                (" nam, ", False),
                (str(totals.female), True),
                (" nữ.", False),
            ]
        )
        parts = [("Cử tri tham gia bầu cử ĐBQH: ", False), (str(totals.qh), True)]
        for (_, label, _bit), n in zip(self.councils, totals.councils, strict=True):
            parts += [(f"; HĐND cấp {label.lower()}: ", False), (str(n), True)]
        self._segments(parts + [(".", False)])

    def _signature(self) -> None:
        height = 4 * LEAD + 8
        if not self._room(height):
            self._new_page()
        c, f = self.canvas, self.fonts
        x = LEFT + TABLE_W * 0.75
        y = self.y - 6 - SIZE
        year = self.election.election_date.year
        for text, font in (
            (f"......, ngày ...... tháng ...... năm {year}", "italic"),
            ("TM. ỦY BAN NHÂN DÂN", "bold"),
            ("CHỦ TỊCH", "bold"),
            ("(Ký, ghi rõ họ tên và đóng dấu)", "italic"),
        ):
            c.setFont(f[font], SIZE)
            c.drawCentredString(x, y, text)
            y -= LEAD
        self.y = y

    def add_area(self, area: VotingArea) -> int:
        """Draw one area's list from a new page; returns the voters printed."""
        self._new_page()
        self._heading(area)
        self._start_table()
        totals = Totals(len(self.councils))
        for line in area_lines(area, [bit for _, _, bit in self.councils]):
            self._row(line)
            totals.add(line)
        if not totals.total:
            self._empty()
        self._close_table()
        self._totals(totals)
        self._signature()
        self.count += totals.total
        return totals.total

    def finish(self) -> int:
        if not self.started:
            self._new_page()
        self._end_page()
        self.pages.finish()
        self.canvas.save()
        return self.count


def render_list(out, election: Election, areas: list[VotingArea]) -> int:
    """Draw the areas' lists to `out` (a path or a binary file); returns the voters
    printed."""
    printer = ListPrinter(out, election)
    for area in areas:
        printer.add_area(area)
    return printer.finish()


def list_pdf(election: Election, areas: list[VotingArea]) -> bytes:
    out = BytesIO()
    render_list(out, election, areas)
    return out.getvalue()
