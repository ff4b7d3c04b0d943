"""Counting progress (progress.py) as the dashboards' table and as XLSX and PDF
reports (Vietnamese headers), beside the turnout ones (polling/exports.py)."""

import django_tables2 as tables
from django.utils import timezone

from electionadmin.documents.pdf import render_pdf
from electionadmin.polling.exports import book
from electionadmin.polling.tables import LEVEL_LABELS

from .progress import LABELS, STATES


class ProgressTable(tables.Table):
    name = tables.Column("Đơn vị")
    code = tables.Column("Mã")
    total = tables.Column("Số biên bản phải có")

    class Meta:
        orderable = False
        attrs = {"class": "polling-table"}

    def __init__(self, rows, **kwargs):
        extra = [(state, tables.Column(LABELS[state])) for state in STATES]
        data = [
            {"name": r.name, "code": r.code, "total": r.total}
            | {state: r.states[state] for state in STATES}
            for r in rows
        ]
        super().__init__(data, extra_columns=extra, **kwargs)


def progress_headers() -> list[str]:
    return ["Cấp", "Mã", "Tên", "Số biên bản phải có"] + [LABELS[s] for s in STATES]


def progress_xlsx(title: str, rows) -> bytes:
    lines = (
        [LEVEL_LABELS[r.level], r.code, r.name, r.total] + [r.states[s] for s in STATES]
        for r in rows
    )
    return book("Kiểm phiếu", title, progress_headers(), lines)


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
