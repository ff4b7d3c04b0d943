"""The turnout report as XLSX and PDF (Vietnamese headers); `book()` lays out any
such report (counting progress: results/progress_reports.py)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from electionadmin.cells import safe, safe_row
from electionadmin.printing.html import render_pdf

from . import report_forms
from .tables import LEVEL_LABELS

BASE_HEADERS = ["Cấp", "Mã", "Tên", "Số cử tri trong danh sách", "Số khu vực bỏ phiếu"]


def book(title: str, heading: str, headers: list[str], lines) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([safe(heading)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(safe_row(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(safe_row(line))
    sheet.column_dimensions["C"].width = 36
    sheet.freeze_panes = "D3"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def turnout_headers(slots) -> list[str]:
    per_slot = [
        f"{label} {slot}"
        for slot in slots
        for label in ("Số KVBP đã báo cáo", "Số cử tri đã bỏ phiếu", "Tỷ lệ (%)")
    ]
    return BASE_HEADERS + per_slot


def turnout_xlsx(title: str, rows, slots) -> bytes:
    def line(row):
        cells = [LEVEL_LABELS[row.level], row.code, row.name, row.voters_on_list]
        cells.append(row.areas_expected)
        for slot in slots:
            cells += [row.reported[slot], row.voted[slot], float(row.pct(slot))]
        return cells

    return book("Tiến độ", title, turnout_headers(slots), map(line, rows))


def turnout_pdf(title: str, election, root, rows, slots) -> bytes:
    """The turnout report form (report_forms.py) with the dashboard's rows."""
    context = report_forms.turnout_context(election, root, rows, slots, title)
    return render_pdf("documents/turnout_report.html", context)
