"""The Tổ counting minutes (TEAM_COUNT_QH, TEAM_COUNT_HDND) drawn with ReportLab:
the one renderer of these forms, for one minutes (`print_form`, the screens) and for
a city's batch (minutes_batch.py) alike.

The context is team.py's `team_count` completed by `forms.finish`; xhtml2pdf took
about 90 ms a page, too slow for 15,000 minutes in a quarter of an hour on two
cores; platypus lays out a page in a few milliseconds.
"""

from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from electionadmin.printing import drawing
from electionadmin.printing.drawing import WIDTH, bold, grid, p
from electionadmin.printing.heading import FOOTER_NOTE

TITLE = "Biên bản kết quả kiểm phiếu"


def figures(c: dict, s: dict) -> list:
    rows = [
        [
            p(f"{f['no']}.", s["base"]),
            p(f"{f['label']}:", s["base"]),
            bold(f["value"], s["right"]),
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
        grid(rows, widths, header=False),
        p(
            "7. Số phiếu bầu cho mỗi người ứng cử (theo thứ tự trong danh sách):",
            s["section"],
        ),
        grid(votes, [WIDTH * 0.1, WIDTH * 0.6, WIDTH * 0.3]),
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
        bold("CỬ TRI CHỨNG KIẾN", s["center"]),
        bold(sig["others_title"], s["center"]),
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
        bold(sig["chair_name"], s["center"]),
    ]
    table = Table(
        [titles, how, ["", "", ""], names],
        colWidths=[WIDTH / 3] * 3,
        rowHeights=[None, None, 34, None],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4), table]


def team_minutes(c: dict, s: dict) -> list:
    story = drawing.heading(c, s)
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
    return story + signatures(c, s) + drawing.verification(c, s)


def render_team_minutes(contexts: list[dict]) -> bytes:
    """One PDF, each minutes from a new page (a long one flows on), in the given
    order; the footer counts each minutes' own pages."""
    s = drawing.styles()
    forms = [team_minutes(context, s) for context in contexts]
    # The contexts' footer (base_context) says "DIỄN TẬP" for a drill.
    footer = contexts[0].get("footer_note", FOOTER_NOTE) if contexts else FOOTER_NOTE
    return drawing.render(forms, TITLE, footer)
