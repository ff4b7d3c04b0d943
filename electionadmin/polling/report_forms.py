"""The turnout report (TURNOUT_REPORT) and the counting-progress report
(COUNT_PROGRESS_REPORT), docs/DOMAIN.md §8.4: one form each, printed from one
template each (`templates/documents/turnout_report.html`,
`count_progress_report.html`).

Two ways to print them, one layout:
- as the statutory form (`print_form … TURNOUT_REPORT --scope 79`, the documents
  app): the unit and the units (for a commune, the voting areas) directly below it,
  the committee's signature block and the verification code (`*_form`);
- from the election-day dashboard (`/bau-cu/…/pdf`): the rows the dashboard shows,
  under the dashboard's title, without signatures nor code (`*_pdf` in exports.py).

The figures are `rollup` (turnout by slot) and `results.progress` (counting states:
the progress report's context is results/progress_reports.py, which shares this
header and signature block).
"""

from django.utils import timezone

from electionadmin.printing import bodies, heading, words

from . import rollup, rules
from .tables import LEVEL_LABELS

REPORT_FOOTER = "Báo cáo lập từ số liệu của hệ thống quản lý bầu cử"


def shown_rows(rows, root) -> list:
    """The root's row, then its direct children (areas for a commune)."""
    head = [r for r in rows if r.pk == root.pk and r.level == root.level]
    below = [r for r in rows if r.parent == root.code and r not in head]
    return head + below


def header(election, root, key: str, title: str | None) -> dict:
    context = heading.base_context(
        election, key, f"Ủy ban bầu cử {root.name}", "", election.cycle.name
    )
    moment = timezone.localtime()
    return context | {
        "footer_note": REPORT_FOOTER,
        "meeting_day": None,
        "as_of": f"{moment:%H:%M} {words.day_words(moment.date())}",
        "title": title or root.name,
    }


def signed(election, root) -> dict:
    body = bodies.committee_body(election, root)
    return {"signatures": bodies.signatures(body, "committee", seal=True)}


def turnout_context(election, root, rows, slots, title: str | None = None) -> dict:
    return header(election, root, "TURNOUT_REPORT", title) | {
        "slots": slots,
        "rows": [
            {
                "level": LEVEL_LABELS.get(r.level, r.level),
                "code": r.code,
                "name": r.name,
                "voters": words.num(r.voters_on_list),
                "cells": [
                    {
                        "reported": f"{r.reported[s]}/{r.areas_expected}",
                        "voted": words.num(r.voted[s]),
                        "pct": words.pct_vi(r.pct(s)),
                    }
                    for s in slots
                ],
            }
            for r in rows
        ],
    }


def turnout_form(election, root) -> dict:
    """The statutory form's context (with `code_figures` for its code)."""

    slots = rules.slots(election)
    rows = rollup.admin_rows(election, root)
    if root.level == "commune":
        rows += rollup.area_rows(election, [root.pk])
    shown = shown_rows(rows, root)
    return (
        turnout_context(election, root, shown, slots)
        | signed(election, root)
        | {
            "code_figures": [
                [r.code, r.voters_on_list, [r.voted[s] for s in slots]] for r in shown
            ]
        }
    )
