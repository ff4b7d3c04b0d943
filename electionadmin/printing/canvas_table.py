"""Long tables drawn straight on a ReportLab canvas, at the canvas's speed: the voter
list, the voter change report; and the form heading and signature block of the
forms drawn so (the vote-elsewhere certificate).

`TablePrinter` lays a table out by arithmetic: fixed column shares of the width,
cells wrapped on word widths measured once (`canvas_text.Measure`), a row as high as
its tallest cell, a new page (with the table's header rows again) when a row does
not fit. The header rows, with group headings over their columns ("Giới tính" over
"Nam", "Nữ"), are drawn once as a form XObject and placed on every page; the text
of a page goes into one text object; under every page "<footer> — Trang n / m".
Time grows linearly with the rows.
"""

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .canvas_text import Measure, PageCount
from .fonts import register_reportlab_fonts
from .heading import MOTTO, draw_mark


@dataclass
class Column:
    """A column: `share` of the table's width; align "l", "c" or "r"; a `group`
    heading spans the neighbouring columns of the same group."""

    heading: str
    share: float
    align: str = "l"
    group: str = ""
    x: float = 0.0
    width: float = 0.0


@dataclass
class Layout:
    page: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float
    size: float = 8.5  # body text
    lead: float = 10.2
    head_size: float = 8  # the table's header rows
    head_lead: float = 9.6
    pad_x: float = 3
    pad_y: float = 2
    head_pad_x: float = 1  # narrow header columns ("Nam", "Nữ") keep words whole
    footer_size: float = 9
    footer_y: float = 25.5

    @property
    def width(self) -> float:
        return self.page[0] - self.left - self.right


class TablePrinter:
    """One canvas; `heading`, `start_table`, `row`… then `finish()`."""

    def __init__(
        self, out, layout: Layout, columns: list[Column], title, footer, mark=""
    ):
        """`mark`: `heading.rehearsal_mark(election)`; when set, every page carries
        the drill mark at its top right."""
        self.layout, self.columns, self.mark = layout, columns, mark
        self.fonts = register_reportlab_fonts()
        self.canvas = Canvas(out, pagesize=layout.page, pageCompression=1)
        self.canvas.setTitle(title)
        self.footer = footer
        self.body = Measure(self.fonts["regular"], layout.size)
        self.bold = Measure(self.fonts["bold"], layout.size)
        self.head = Measure(self.fonts["bold"], layout.head_size)
        self.pages = PageCount(self.canvas, self.fonts["italic"], layout.footer_size)
        x = layout.left
        for col in columns:
            col.x, col.width = x, col.share * layout.width
            x += col.width
        self.inner = [col.width - 2 * layout.pad_x for col in columns]
        self.header_h = self._header_form() if columns else 0.0
        self.started, self.table_top, self.y = False, None, 0.0

    # The header rows, drawn once.
    def _header_form(self) -> float:
        lay, head, cols = self.layout, self.head, self.columns
        groups: dict[str, list[Column]] = {}
        for col in cols:
            if col.group:
                groups.setdefault(col.group, []).append(col)
        spans = {g: (m[0].x, sum(c.width for c in m)) for g, m in groups.items()}

        def lines(text, width) -> int:
            return len(head.wrap(text, width - 2 * lay.head_pad_x))

        def rows(n: int) -> float:
            return n * lay.head_lead + 2 * lay.pad_y

        single = rows(max((lines(c.heading, c.width) for c in cols if not c.group),
                          default=1))  # fmt: skip
        row1 = rows(max((lines(g, w) for g, (_, w) in spans.items()), default=0))
        row2 = rows(max((lines(c.heading, c.width) for c in cols if c.group),
                        default=0))  # fmt: skip
        height = max(single, row1 + row2 if groups else 0)
        row1 = height - row2
        c, right = self.canvas, lay.left + lay.width
        c.beginForm("tableheader")  # its box is (0, 0)-(page): drawn from y = height
        c.saveState()
        c.translate(0, height)
        c.setLineWidth(0.5)
        c.line(lay.left, 0, right, 0)
        c.line(lay.left, -height, right, -height)
        c.line(right, 0, right, -height)
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
        lay = self.layout
        lines = self.head.wrap(text, width - 2 * lay.head_pad_x)
        c = self.canvas
        c.setFont(self.fonts["bold"], lay.head_size)
        y = top - (height - len(lines) * lay.head_lead) / 2 - lay.head_size
        for i, line in enumerate(lines):
            c.drawCentredString(x + width / 2, y - i * lay.head_lead, line)

    # Pages.
    def new_page(self) -> None:
        if self.started:
            self._end_page()
        self.started = True
        self.y = self.layout.page[1] - self.layout.top
        self.text = self.canvas.beginText()
        self.text.setFont(self.fonts["regular"], self.layout.size)
        self.table_top = None

    def _end_page(self) -> None:
        self.close_table()
        self.canvas.drawText(self.text)
        self.pages.draw(self.footer, self.layout.left, self.layout.footer_y)
        if self.mark:
            lay = self.layout
            draw_mark(
                self.canvas, self.fonts["bold"], lay.left + lay.width, lay.page[1] - 8
            )
        self.canvas.showPage()

    def room(self, height: float) -> bool:
        return self.y - height >= self.layout.bottom

    def need(self, height: float, table: bool = False) -> None:
        """A new page unless `height` still fits (with the header rows: `table`)."""
        if not self.room(height):
            self.new_page()
            if table:
                self.start_table()

    def start_table(self) -> None:
        c = self.canvas
        c.saveState()
        c.translate(0, self.y - self.header_h)
        c.doForm("tableheader")
        c.restoreState()
        self.table_top = self.y = self.y - self.header_h

    def close_table(self) -> None:
        """The column rules from under the header rows to the page's last row."""
        if self.table_top is not None and self.y < self.table_top:
            c, lay = self.canvas, self.layout
            c.setLineWidth(0.5)
            for x in [col.x for col in self.columns] + [lay.left + lay.width]:
                c.line(x, self.table_top, x, self.y)
        self.table_top = None

    # Rows.
    def row(self, cells: list[str], rule_above: bool = False) -> None:
        """One row of texts in column order; left-aligned cells wrap."""
        lay, body = self.layout, self.body
        wrapped, tallest = [], 1
        for col, inner, text in zip(self.columns, self.inner, cells, strict=True):
            lines = body.wrap(text, inner) if col.align == "l" else [text]
            tallest = max(tallest, len(lines))
            wrapped.append(lines)
        height = tallest * lay.lead + 2 * lay.pad_y
        self.need(height, table=True)
        top, t = self.y, self.text
        base = top - lay.pad_y - lay.size + 1
        for col, lines in zip(self.columns, wrapped, strict=True):
            for i, line in enumerate(lines):
                if not line:
                    continue
                if col.align == "l":
                    x = col.x + lay.pad_x
                elif col.align == "c":
                    x = col.x + (col.width - body.line_width(line)) / 2
                else:
                    x = col.x + col.width - lay.pad_x - body.line_width(line)
                t.setTextOrigin(x, base - i * lay.lead)
                t.textOut(line)
        self._rules(top, height, rule_above)

    def _rules(self, top: float, height: float, rule_above: bool) -> None:
        c, lay = self.canvas, self.layout
        right = lay.left + lay.width
        if rule_above:
            c.setLineWidth(1.2)
            c.line(lay.left, top, right, top)
        c.setLineWidth(0.5)
        self.y = top - height
        c.line(lay.left, self.y, right, self.y)

    def spanning_row(self, text: str) -> None:
        """One centred text across the whole table (e.g. "no rows")."""
        lay = self.layout
        height = lay.lead + 2 * lay.pad_y
        self.need(height, table=True)
        x = lay.left + (lay.width - self.body.line_width(text)) / 2
        self.text.setTextOrigin(x, self.y - lay.pad_y - lay.size + 1)
        self.text.textOut(text)
        top = self.y
        self.close_table()  # no column rules through it
        self._rules(top, height, False)
        c = self.canvas
        c.line(lay.left, top, lay.left, self.y)
        c.line(lay.left + lay.width, top, lay.left + lay.width, self.y)

    # Text outside the table.
    def segments(self, parts: list[tuple[str, bool]], gap: float = 2) -> None:
        """One line of regular and bold pieces."""
        t, f, lay = self.text, self.fonts, self.layout
        t.setTextOrigin(lay.left, self.y - lay.size)
        for text, strong in parts:
            t.setFont(f["bold"] if strong else f["regular"], lay.size)
            t.textOut(text)
        t.setFont(f["regular"], lay.size)
        self.y -= lay.lead + gap

    def paragraph(self, text: str, x: float | None = None, width=None) -> None:
        """Wrapped, left-aligned text."""
        lay = self.layout
        x = lay.left if x is None else x
        for line in self.body.wrap(text, width or lay.width):
            self.need(lay.lead)
            self.text.setTextOrigin(x, self.y - lay.size)
            self.text.textOut(line)
            self.y -= lay.lead
        self.y -= 3

    def pairs(self, rows: list[tuple[str, str, bool]], share: float) -> None:
        """Label / value lines (a value in bold when asked), values wrapped."""
        lay, f = self.layout, self.fonts
        x = lay.left + lay.width * share
        width = lay.width * (1 - share)
        for label, value, strong in rows:
            measure = self.bold if strong else self.body
            lines = measure.wrap(value, width) or [""]
            self.need(len(lines) * lay.lead)
            t = self.text
            t.setTextOrigin(lay.left, self.y - lay.size)
            t.textOut(label)
            t.setFont(f["bold"] if strong else f["regular"], lay.size)
            for line in lines:
                t.setTextOrigin(x, self.y - lay.size)
                t.textOut(line)
                self.y -= lay.lead
            t.setFont(f["regular"], lay.size)
            self.y -= 2
        self.y -= 3

    def centred(self, lines: list[tuple[str, str]], x: float, size=None) -> None:
        """(text, face) lines centred on x, from the current height down."""
        c, lay = self.canvas, self.layout
        step = lay.lead if size is None else size * 1.25
        size = size or lay.size
        for text, face in lines:
            c.setFont(self.fonts[face], size)
            c.drawCentredString(x, self.y - size, text)
            self.y -= step

    def heading(self, issuing_body: str, number: str, title: str, below: list) -> None:
        """The form heading: the issuing body and the national motto side by side,
        the cycle's form number, the title, then `below` ((text, face) lines, each
        wrapped and centred)."""
        lay, c = self.layout, self.canvas
        top = self.y
        self.centred(
            [(issuing_body, "bold"), ("———", "regular")],
            lay.left + lay.width * 0.21,
        )
        self.y = top
        self.centred(
            [(MOTTO[0], "bold"), (MOTTO[1], "bold"), ("———————", "regular")],
            lay.left + lay.width * 0.71,
        )
        if number:
            c.setFont(self.fonts["italic"], lay.size)
            c.drawRightString(lay.left + lay.width, self.y - lay.size, number)
            self.y -= lay.lead
        middle = lay.left + lay.width / 2
        self.y -= 4
        self.centred([(title, "bold")], middle, size=13)
        self.y -= 4
        for text, face in below:
            measure = self.bold if face == "bold" else self.body
            self.centred([(w, face) for w in measure.wrap(text, lay.width)], middle)
        self.y -= 4

    def signature(self, place_date: str, preparer: str = "") -> None:
        """The chairman's block of the commune's People's Committee, on the right;
        with `preparer` (its title), the block of who prepared it, on the left."""
        lay = self.layout
        self.need(4 * lay.lead + 8)
        self.y -= 6
        if preparer:
            top = self.y
            self.y -= lay.lead  # level with the committee's line, below the date
            self.centred(
                [(preparer, "bold"), ("(Ký, ghi rõ họ tên)", "italic")],
                lay.left + lay.width * 0.25,
            )
            self.y = top
        self.centred(
            [
                (place_date, "italic"),
                ("TM. ỦY BAN NHÂN DÂN", "bold"),
                ("CHỦ TỊCH", "bold"),
                ("(Ký, ghi rõ họ tên và đóng dấu)", "italic"),
            ],
            lay.left + lay.width * 0.75,
        )

    def finish(self) -> None:
        if not self.started:
            self.new_page()
        self._end_page()
        self.pages.finish()
        self.canvas.save()
