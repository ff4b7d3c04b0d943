"""Counting progress (progress.py) as the dashboards' table, as an XLSX file, and as
the counting-progress report form (COUNT_PROGRESS_REPORT, docs/DOMAIN.md §8.4; one
template, `templates/documents/count_progress_report.html`): from the dashboard with
its rows (`progress_pdf`), or as the statutory form with the committee's signatures
and the verification code (`progress_form`, the documents app). Laid out as the
turnout report (polling/exports.py, polling/report_forms.py)."""

import django_tables2 as tables

from electionadmin.figures import pct
from electionadmin.polling import report_forms
from electionadmin.polling.exports import book
from electionadmin.polling.tables import LEVEL_LABELS, linked
from electionadmin.printing import words
from electionadmin.printing.html import render_pdf

from .progress import ACCEPTED, LABELS, STATES, progress_rows


class ProgressTable(tables.Table):
    name = tables.Column("Đơn vị")
    code = tables.Column("Mã")
    total = tables.Column("Số biên bản phải có")

    class Meta:
        orderable = False
        attrs = {"class": "polling-table"}

    def __init__(self, rows, urls: dict | None = None, **kwargs):
        urls = urls or {}
        extra = [(state, tables.Column(LABELS[state])) for state in STATES]
        data = [
            {"name": r.name, "code": r.code, "total": r.total, "url": urls.get(r.code)}
            | {state: r.states[state] for state in STATES}
            for r in rows
        ]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_name(self, record):
        return linked(record)


def progress_headers() -> list[str]:
    return ["Cấp", "Mã", "Tên", "Số biên bản phải có"] + [LABELS[s] for s in STATES]


def progress_xlsx(title: str, rows) -> bytes:
    lines = (
        [LEVEL_LABELS[r.level], r.code, r.name, r.total] + [r.states[s] for s in STATES]
        for r in rows
    )
    return book("Kiểm phiếu", title, progress_headers(), lines)


def progress_pdf(title: str, election, root, rows) -> bytes:
    """The counting-progress report form with the dashboard's rows."""
    context = progress_context(election, root, rows, title)
    return render_pdf("documents/count_progress_report.html", context)


def progress_context(election, root, rows, title: str | None = None) -> dict:
    return report_forms.header(election, root, "COUNT_PROGRESS_REPORT", title) | {
        "states": [LABELS[s] for s in STATES],
        "rows": [
            {
                "level": LEVEL_LABELS.get(r.level, r.level),
                "code": r.code,
                "name": r.name,
                "expected": words.num(r.total),
                "counts": [words.num(r.states[s]) for s in STATES],
                "done_pct": words.pct_vi(pct(r.states[ACCEPTED], r.total)),
            }
            for r in rows
        ],
    }


def progress_form(election, root) -> dict:
    rows = progress_rows(election, root)
    shown = report_forms.shown_rows(rows, root)
    return (
        progress_context(election, root, shown)
        | report_forms.signed(election, root)
        | {"code_figures": [[r.code, [r.states[s] for s in STATES]] for r in shown]}
    )
