"""The Tổ counting minutes drawn with ReportLab, for batch printing a city's minutes.

xhtml2pdf takes about 90 ms a page here, too slow for 15,000 minutes in a quarter of
an hour on two cores; ReportLab's platypus lays out the same context (team.py's
`team_count`, the one the HTML template prints) in a few milliseconds a page. The
tests read both outputs back and compare their text.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
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
from .verification import qr_matrix

WIDTH = A4[0] - 3.5 * cm


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


def p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _grid(rows, widths, header=True) -> Table:
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


def header(c: dict, s: dict) -> list:
    left = [
        Paragraph(f"<b>{escape(c['issuing_body'].upper())}</b>", s["center"]),
        p(c["issuing_body_sub"], s["center"]),
    ]
    right = [
        Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", s["center"]),
        Paragraph("<b>Độc lập - Tự do - Hạnh phúc</b>", s["center"]),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    subtitle = f"{c['subtitle']} {c['round_words']}".strip()
    return [
        table,
        p(c["form_number"], s["number"]),
        p(c["heading"], s["title"]),
        Paragraph(f"<b>{escape(subtitle)}</b>", s["center"]),
        Spacer(1, 4),
    ]


def figures(c: dict, s: dict) -> list:
    rows = [
        [
            p(f"{f['no']}.", s["base"]),
            p(f"{f['label']}:", s["base"]),
            Paragraph(f"<b>{f['value']}</b>", s["right"]),
            p(f["unit_word"], s["base"]),
            p(f["note"], s["base"]),
        ]
        for f in c["figures"]
    ]
    widths = [w * WIDTH for w in (0.05, 0.42, 0.11, 0.09, 0.33)]
    votes = [
        [
            p("STT", s["center"]),
            p("Họ và tên người ứng cử", s["center"]),
            p("Số phiếu bầu", s["center"]),
        ]
    ]
    votes += [
        [p(v["order"], s["center"]), p(v["name"], s["base"]), p(v["votes"], s["right"])]
        for v in c["candidates"]
    ]
    return [
        p("KẾT QUẢ KIỂM PHIẾU NHƯ SAU:", s["section"]),
        _grid(rows, widths, header=False),
        p(
            "7. Số phiếu bầu cho mỗi người ứng cử (theo thứ tự trong danh sách):",
            s["section"],
        ),
        _grid(votes, [WIDTH * 0.1, WIDTH * 0.6, WIDTH * 0.3]),
    ]


def members(c: dict, s: dict) -> list:
    if not c["members"]:
        return [p("1. ……………………… 2. ……………………… 3. ………………………", s["base"])]
    rows = [
        [
            p(f"{i}.", s["base"]),
            p(f"Ông/Bà {m['name']}", s["base"]),
            p(m["title"], s["base"]),
        ]
        for i, m in enumerate(c["members"], 1)
    ]
    return [Table(rows, colWidths=[WIDTH * 0.06, WIDTH * 0.54, WIDTH * 0.4])]


def signatures(c: dict, s: dict) -> list:
    sig = c["signatures"]
    titles = [
        Paragraph("<b>CỬ TRI CHỨNG KIẾN</b>", s["center"]),
        Paragraph(f"<b>{escape(sig['others_title'])}</b>", s["center"]),
        Paragraph(
            f"<b>{escape(sig['on_behalf'])}<br/>{escape(sig['chair_title'])}</b>",
            s["center"],
        ),
    ]
    how = [p("(Ký, ghi rõ họ tên)", s["italic"])] * 2 + [p(sig["how"], s["italic"])]
    names = [
        p("1. ……………… 2. ………………", s["center"]),
        Paragraph(
            "<br/>".join(f"<b>{escape(n)}</b>" for n in sig["others"]), s["center"]
        ),
        Paragraph(f"<b>{escape(sig['chair_name'])}</b>", s["center"]),
    ]
    table = Table(
        [titles, how, ["", "", ""], names],
        colWidths=[WIDTH / 3] * 3,
        rowHeights=[None, None, 34, None],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4), table]


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


def team_minutes(c: dict, s: dict) -> list:
    story = header(c, s)
    story.append(
        p(
            f"{c['meeting']}, Tổ bầu cử {c['area_words']}, thuộc {c['unit_words']}, đã "
            f"họp tại {c['place']} để kiểm phiếu. Tổ bầu cử gồm:",
            s["base"],
        )
    )
    story += members(c, s)
    story.append(
        p(
            "Với sự chứng kiến của hai cử tri không phải là người ứng cử: "
            "1. Ông/Bà ……………………… 2. Ông/Bà ………………………",
            s["base"],
        )
    )
    story += figures(c, s)
    story.append(
        p(
            "8. Những khiếu nại, tố cáo nhận được, đã giải quyết và chuyển Ban bầu cử:",
            s["section"],
        )
    )
    story.append(p(c["complaints"], s["base"]))
    story.append(p("Ghi chú:", s["section"]))
    story += [p(f"- {line}", s["base"]) for line in c["remarks"]] or [
        p("Không có.", s["base"])
    ]
    story.append(p(f"Biên bản gửi: {c['recipients']}.", s["base"]))
    return story + signatures(c, s) + verification(c, s)


def render_team_minutes(contexts: list[dict]) -> bytes:
    """One PDF, one minutes per page (a long one flows on), in the given order."""
    s = styles()
    story: list = []
    for i, context in enumerate(contexts):
        if i:
            story.append(PageBreak())
        story += team_minutes(context, s)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.8 * cm,
        title="Biên bản kết quả kiểm phiếu",
    )
    doc.build(story, onFirstPage=_footer(s), onLaterPages=_footer(s))
    return out.getvalue()


def _footer(s: dict):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(s["number"].fontName, 8.5)
        canvas.drawString(2 * cm, 1 * cm, "Nhất thiết không được tẩy xóa trên biên bản")
        canvas.restoreState()

    return draw
