"""Forms drawn with ReportLab's platypus: the styles, the heading every form prints,
grids, the verification block with its QR code drawn as squares, and the footer
with the page numbers ("— Trang 1 / 2", counted within each form of a batch).

xhtml2pdf (html.py) takes 0.1-0.3 s a page; a form drawn here takes a few
milliseconds, which is what batch printing a city's forms needs.
"""

from collections import Counter
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import register_reportlab_fonts
from .heading import MOTTO
from .verification import qr_matrix

LEFT, RIGHT, TOP, BOTTOM = 2 * cm, 1.5 * cm, 1.5 * cm, 1.8 * cm
WIDTH = A4[0] - LEFT - RIGHT


def styles() -> dict[str, ParagraphStyle]:
    fonts = register_reportlab_fonts()
    base = ParagraphStyle("base", fontName=fonts["regular"], fontSize=10, leading=13)
    return {
        "base": base,
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", base, alignment=TA_RIGHT),
        "number": ParagraphStyle(
            "number", base, alignment=TA_RIGHT, fontName=fonts["italic"]
        ),
        "title": ParagraphStyle(
            "title",
            base,
            alignment=TA_CENTER,
            fontName=fonts["bold"],
            fontSize=12.5,
            leading=16,
            spaceBefore=4,
        ),
        "section": ParagraphStyle(
            "section", base, fontName=fonts["bold"], spaceBefore=4
        ),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9),
        "italic": ParagraphStyle(
            "italic", base, alignment=TA_CENTER, fontName=fonts["italic"]
        ),
    }


class QRCode(Flowable):
    """The verification QR drawn as squares: no PNG to encode or embed."""

    def __init__(self, text: str, size: float = 2 * cm):
        super().__init__()
        self.matrix = qr_matrix(text)
        self.width = self.height = size

    def draw(self):
        cells = len(self.matrix)
        step = self.width / cells
        path = self.canv.beginPath()
        for row, line in enumerate(self.matrix):
            for col, dark in enumerate(line):
                if dark:
                    path.rect(col * step, self.height - (row + 1) * step, step, step)
        self.canv.drawPath(path, stroke=0, fill=1)


class NewForm(Flowable):
    """Marks where the next form of a document starts (its pages count from 1)."""

    width = height = 0

    def draw(self):
        self.canv.form_index += 1


def p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def bold(text: str, style) -> Paragraph:
    return Paragraph(f"<b>{escape(str(text))}</b>", style)


def grid(rows, widths, header=True) -> Table:
    table = Table(rows, colWidths=widths)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if not header:
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP")] + commands[2:]
    table.setStyle(TableStyle(commands))
    return table


def heading(c: dict, s: dict) -> list:
    """Issuing body, national motto, the cycle's form number, title and the lines
    under it (the context of `heading.base_context`)."""
    left = [bold(c["issuing_body"].upper(), s["center"])]
    left += [p(c["issuing_body_sub"], s["center"]), p("———", s["center"])]
    right = [bold(line, s["center"]) for line in MOTTO]
    right.append(p("———————", s["center"]))
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    mark = []
    if c.get("rehearsal_mark"):
        style = ParagraphStyle(
            "rehearsal",
            parent=s["title"],
            textColor=colors.HexColor("#b30000"),
            borderColor=colors.HexColor("#b30000"),
            borderWidth=1.2,
            borderPadding=3,
            spaceAfter=6,
        )
        mark = [p(f"{c['rehearsal_mark']} — {c['rehearsal_line']}", style)]
    return [
        *mark,
        table,
        p(c["form_number"], s["number"]),
        p(c["heading"], s["title"]),
        *(bold(line, s["center"]) for line in c["heading_lines"]),
        Spacer(1, 4),
    ]


def verification(c: dict, s: dict) -> list:
    v = c["verification"]
    text = [
        Paragraph(f"Mã xác thực: <b>{escape(v['code'])}</b>", s["base"]),
        p(v["qr_text"], s["small"]),
        p(
            "Nơi nhận biểu mẫu nhập mã này (hoặc quét mã QR) vào hệ thống để đối chiếu "
            "số liệu.",
            s["small"],
        ),
    ]
    table = Table(
        [[QRCode(v["qr_text"]), text]], colWidths=[2.4 * cm, WIDTH - 2.4 * cm]
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [Spacer(1, 4), table]


def _footed_canvas(note: str, font: str):
    """A canvas that holds its pages back until the end, to print under each
    "<note> — Trang n / m", n and m counted within the form the page belongs to."""

    class FootedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.form_index, self.pages = 0, []

        def showPage(self):
            self.pages.append((self.form_index, dict(self.__dict__)))
            self._startPage()

        def save(self):
            totals = Counter(form for form, _ in self.pages)
            seen: Counter = Counter()
            for form, state in self.pages:
                self.__dict__.update(state)
                seen[form] += 1
                self.saveState()
                self.setFont(font, 8.5)
                self.drawString(
                    LEFT, 1 * cm, f"{note} — Trang {seen[form]} / {totals[form]}"
                )
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

    return FootedCanvas


def render(forms: list[list], title: str, footer_note: str) -> bytes:
    """Forms (each a list of flowables) as one A4 PDF, each from a new page."""
    s = styles()
    story: list = []
    for i, form in enumerate(forms):
        if i:
            story.append(PageBreak())
        story.append(NewForm())
        story += form
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
    )
    doc.build(story, canvasmaker=_footed_canvas(footer_note, s["number"].fontName))
    return out.getvalue()
