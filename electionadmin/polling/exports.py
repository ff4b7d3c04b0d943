"""The turnout and counting-progress reports as XLSX and PDF (Vietnamese headers)."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from electionadmin.cells import safe, safe_row
from electionadmin.documents.pdf import render_pdf

from .progress import LABELS, STATES
from .tables import LEVEL_LABELS, num, pct_vi

BASE_HEADERS = ["Cấp", "Mã", "Tên", "Số cử tri trong danh sách", "Số khu vực bỏ phiếu"]


def _book(title: str, heading: str, headers: list[str], lines) -> bytes:
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

    return _book("Tiến độ", title, turnout_headers(slots), map(line, rows))


def progress_headers() -> list[str]:
    return ["Cấp", "Mã", "Tên", "Số biên bản phải có"] + [LABELS[s] for s in STATES]


def progress_xlsx(title: str, rows) -> bytes:
    lines = (
        [LEVEL_LABELS[r.level], r.code, r.name, r.total] + [r.states[s] for s in STATES]
        for r in rows
    )
    return _book("Kiểm phiếu", title, progress_headers(), lines)


def turnout_pdf(title: str, election, rows, slots) -> bytes:
    lines = [
        {
            "level": LEVEL_LABELS[r.level],
            "name": r.name,
            "code": r.code,
            "voters": num(r.voters_on_list),
            "cells": [
                (
                    f"{r.reported[s]}/{r.areas_expected}",
                    num(r.voted[s]),
                    pct_vi(r.pct(s)),
                )
                for s in slots
            ],
        }
        for r in rows
    ]
    context = {"title": title, "election": election, "slots": slots, "lines": lines}
    context["printed_at"] = timezone.localtime()
    return render_pdf("polling/pdf/turnout.html", context)


def progress_pdf(title: str, election, rows) -> bytes:
    lines = [
        {
            "level": LEVEL_LABELS[r.level],
            "name": r.name,
            "code": r.code,
            "total": r.total,
            "counts": [r.states[s] for s in STATES],
        }
        for r in rows
    ]
    context = {
        "title": title,
        "election": election,
        "lines": lines,
        "labels": [LABELS[s] for s in STATES],
        "printed_at": timezone.localtime(),
    }
    return render_pdf("polling/pdf/counting.html", context)
