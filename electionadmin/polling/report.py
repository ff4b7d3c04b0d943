"""The turnout report (docs/EXCHANGE.md §6), whole or for one unit's territory.

Rows come level by level: province, districts (2021), communes, voting areas, then
electoral units (contest by contest). See rollup.py for what the sums count.
"""

from typing import IO

from electionadmin import cells
from electionadmin.setup.models import AdminUnit, Contest

from . import rollup, rules

CSV_COLUMNS = ["level", "code", "name", "parent", "voters_on_list", "areas_expected"]
PER_SLOT = [
    "areas_reported",
    "voters_voted",
    "turnout_pct",
    "reported_voters_on_list",
    "reported_turnout_pct",
]


def report_rows(election, root=None, round=None) -> list[rollup.Row]:
    """Every row of the report; under `root`, its territory and its councils' units;
    in a later `round`, only the areas and units taking part in it."""
    admin = rollup.admin_rows(election, root, round)
    communes = [r.pk for r in admin if r.level == "commune"]
    areas = rollup.area_rows(election, None if root is None else communes, round)
    units = rollup.unit_rows(election, _contests(election, root), round=round)
    return admin + areas + units


def _contests(election, root):
    if root is None or root.level == AdminUnit.Level.PROVINCE:
        return None
    return Contest.objects.filter(
        election=election, council_unit__in=AdminUnit.objects.subtree_ids(root)
    )


def turnout_report(election, root=None, round=None) -> dict:
    """The report; a later `round` adds its key ("round") to the JSON."""
    slots = rules.slots(election)
    rows = report_rows(election, root, round)
    report = {"election": election.code}
    if round is not None:
        report["round"] = round
    report |= {"slots": slots, "rows": [row.as_dict(slots) for row in rows]}
    return report


def write_csv(report: dict, out: IO[str]) -> None:
    """One line per row; per-slot figures as `voters_voted@09:00` columns."""
    slots = report["slots"]
    writer = cells.csv_writer(out, lineterminator="\n")
    per_slot = [f"{key}@{slot}" for key in PER_SLOT for slot in slots]
    writer.writerow(["election", *CSV_COLUMNS, "contest", *per_slot])
    for row in report["rows"]:
        head = [report["election"], *[row[k] for k in CSV_COLUMNS], row.get("contest")]
        writer.writerow(head + [row[key][slot] for key in PER_SLOT for slot in slots])
