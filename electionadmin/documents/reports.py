"""Context builders of the two operational reports (docs/DOMAIN.md §8.4): turnout
progress (TURNOUT_REPORT) and counting progress (COUNT_PROGRESS_REPORT) of an
administrative unit and the units (or, for a commune, the voting areas) directly below
it.

The figures are the polling app's: `polling.rollup` (turnout by slot) and
`results.progress` (counting states from the minutes); this module only lays them
out on the catalogue's form.
"""

from django.utils import timezone

from electionadmin.figures import pct

from . import common

REPORT_FOOTER = "Báo cáo lập từ số liệu của hệ thống quản lý bầu cử"
LEVEL_WORDS = {
    "province": "Tỉnh/thành phố",
    "district": "Quận/huyện",
    "commune": "Xã/phường",
    "voting_area": "Khu vực bỏ phiếu",
}


def _shown(rows, root) -> list:
    """The root's row, then its direct children (areas for a commune)."""
    head = [r for r in rows if r.pk == root.pk and r.level == root.level]
    below = [r for r in rows if r.parent == root.code and r not in head]
    return head + below


def _header(target, key: str) -> dict:
    root = target.admin_unit
    body = common.committee_body(target.election, root)
    context = common.base_context(
        target.election, key, f"Ủy ban bầu cử {root.name}", ""
    )
    moment = timezone.localtime()
    return context | {
        "footer_note": REPORT_FOOTER,
        "subtitle": target.election.cycle.name,
        "round_words": "",
        "meeting_day": None,
        "as_of": f"{moment:%H:%M} {common.day_words(moment.date())}",
        "root_name": root.name,
        "signatures": common.signatures(body, "committee", seal=True),
    }


def build_turnout(target) -> dict:
    from electionadmin.polling import rollup, rules

    election, root = target.election, target.admin_unit
    slots = rules.slots(election)
    rows = rollup.admin_rows(election, root)
    if root.level == "commune":
        rows += rollup.area_rows(election, [root.pk])
    shown = _shown(rows, root)
    return _header(target, "TURNOUT_REPORT") | {
        "slots": slots,
        "rows": [
            {
                "level": LEVEL_WORDS.get(r.level, r.level),
                "name": r.name,
                "voters": common.num(r.voters_on_list),
                "cells": [
                    {
                        "reported": f"{r.reported[s]}/{r.areas_expected}",
                        "voted": common.num(r.voted[s]),
                        "pct": common.pct_vi(r.pct(s)),
                    }
                    for s in slots
                ],
            }
            for r in shown
        ],
        "code_figures": [
            [r.code, r.voters_on_list, [r.voted[s] for s in slots]] for r in shown
        ],
    }


def build_progress(target) -> dict:
    from electionadmin.polling import rules
    from electionadmin.results import progress

    election, root = target.election, target.admin_unit
    rows = _shown(progress.progress_rows(election, rules.now(), root), root)
    states = progress.STATES
    return _header(target, "COUNT_PROGRESS_REPORT") | {
        "states": [progress.LABELS[s] for s in states],
        "rows": [
            {
                "level": LEVEL_WORDS.get(r.level, r.level),
                "name": r.name,
                "expected": common.num(r.total),
                "counts": [common.num(r.states[s]) for s in states],
                "done_pct": common.pct_vi(pct(r.states[progress.ACCEPTED], r.total)),
            }
            for r in rows
        ],
        "code_figures": [[r.code, [r.states[s] for s in states]] for r in rows],
    }
