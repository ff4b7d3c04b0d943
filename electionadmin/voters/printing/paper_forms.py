"""The vote-elsewhere certificate (giấy chứng nhận cử tri tham gia bỏ phiếu ở nơi
khác) and the voter change report (báo cáo biến động cử tri), drawn on a ReportLab
canvas with printing's `TablePrinter`, as fast as the cards and the list.

The screens build the contexts (views.py `certificate`, `report_context`); these
functions only lay them out, with the same text the xhtml2pdf templates printed.
"""

from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm

from electionadmin.figures import grouped
from electionadmin.printing.canvas_table import Column, Layout, TablePrinter
from electionadmin.printing.heading import rehearsal_mark

PORTRAIT = Layout(A4, left=2 * cm, right=1.5 * cm, top=1.5 * cm, bottom=1.8 * cm,
                  size=10.5, lead=14.2)  # fmt: skip
REPORT = Layout(landscape(A4), left=2 * cm, right=1.5 * cm, top=1.5 * cm,
                bottom=1.8 * cm, size=7.5, lead=9.2, head_size=6.5,
                head_lead=7.8)  # fmt: skip
CERTIFICATE_NOTE = (
    "Cử tri đã được xóa tên khỏi danh sách cử tri nơi trên và được bổ sung vào danh "
    "sách cử tri nơi xuất trình giấy chứng nhận này."
)
REPORT_NOTE = (
    "Số cử tri khi niêm yết: tính đến đầu kỳ báo cáo (mặc định: ngày niêm yết theo "
    "quy định của chu kỳ bầu cử)."
)


def certificate_pdf(c: dict) -> bytes:
    """One certificate, one A4 page (the context of views.certificate)."""
    out = BytesIO()
    entry, area, election = c["entry"], c["area"], c["election"]
    p = TablePrinter(
        out, PORTRAIT, [], c["footer_note"], c["footer_note"], rehearsal_mark(election)
    )
    p.new_page()
    p.heading(
        c["issuing_body"],
        c["form_number"],
        "GIẤY CHỨNG NHẬN",
        [
            ("CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC", "bold"),
            (election.cycle.name, "regular"),
        ],
    )
    p.paragraph(f"Ủy ban nhân dân {area.commune.name} chứng nhận:")
    commune = area.commune
    where = f"Khu vực bỏ phiếu số {area.number}, {commune.name}"
    if commune.parent:
        where += f", {commune.parent.name}"
    rows = [
        ("Họ và tên:", entry.full_name, True),
        ("Ngày, tháng, năm sinh:", entry.birth_date_display(), False),
        ("Giới tính:", entry.get_gender_display(), False),
        ("Số định danh cá nhân:", c["citizen_id"], False),
        ("Nơi cư trú:", entry.permanent_address or entry.temporary_address, False),
        (
            "Có tên trong danh sách cử tri:",
            f"{where} (số thứ tự {entry.list_number})",
            False,
        ),
        ("Được tham gia bỏ phiếu bầu:", "; ".join(c["kinds"]), False),
    ]
    if c["change"].electronic:
        rows.append(("Hình thức:", "Giấy chứng nhận điện tử (VNeID)", False))
    p.pairs(rows, 0.35)
    p.paragraph(CERTIFICATE_NOTE)
    day = c["issued_on"]
    p.signature(
        f"{commune.name}, ngày {day:%d} tháng {day:%m} năm {day:%Y}",
    )
    p.finish()
    return out.getvalue()


def change_report_pdf(c: dict) -> bytes:
    """The change report (the context of views.report_context), one row per unit."""
    out = BytesIO()
    figures = c["columns"]
    share = 0.86 / max(1, len(figures))
    columns = [Column(c["level_label"], 0.14)]
    columns += [Column(label, share, "r") for _, label in figures]
    mark = rehearsal_mark(c["election"])
    p = TablePrinter(out, REPORT, columns, c["footer_note"], c["footer_note"], mark)
    p.new_page()
    p.heading(
        c["issuing_body"],
        c["form_number"],
        "BÁO CÁO BIẾN ĐỘNG CỬ TRI",
        [
            (c["election"].name, "bold"),
            (f"Cấp {c['level_label'].lower()}; từ {c['period_label']}", "regular"),
        ],
    )
    p.start_table()
    for unit, values in c["lines"]:
        p.row([str(unit)] + [_figure(v) for v in values])
    p.close_table()
    p.need(2 * REPORT.lead)
    p.y -= 3
    p.paragraph(REPORT_NOTE)
    if c.get("place_date"):
        p.signature(c["place_date"], preparer="NGƯỜI LẬP BIỂU")
    p.finish()
    return out.getvalue()


def _figure(value) -> str:
    return grouped(value) if isinstance(value, int) else str(value)
