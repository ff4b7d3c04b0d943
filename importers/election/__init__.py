"""The election set-up workbook (docs/EXCHANGE.md §1): `import_election()`.

read the workbook -> parse every sheet into plan items, merged over what is saved ->
check the rules on the merged set-up -> count what would change -> when there is no
error (and not a dry run) write everything in one transaction. See importers/README.md.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from electionadmin.audit.log import record
from importers.base import ImportReport, Progress, no_progress
from importers.workbook import (
    ELECTION_SHEETS,
    Sheet,
    Source,
    read_workbook,
    source_label,
)

from . import checks, people, structure
from .context import Context
from .plan import Plan
from .saved import load_election, load_units
from .write import Writer, election_values, saved_values

__all__ = ["import_election"]

# (progress label, step) in order: each sheet may refer to those before it.
STEPS = (
    ("Đơn vị hành chính", structure.parse_units),
    ("Cuộc bầu cử theo cấp", structure.parse_contests),
    ("Khu vực bỏ phiếu", structure.parse_areas),
    ("Đơn vị bầu cử", structure.parse_electoral_units),
    ("Địa bàn đơn vị bầu cử", checks.resolve_unit_areas),
    ("Người ứng cử", people.parse_candidates),
    ("Thành viên tổ chức phụ trách bầu cử", people.parse_members),
    ("Tỉnh/thành phố", checks.infer_province),
    ("Kiểm tra khu vực bỏ phiếu thuộc đơn vị bầu cử", checks.check_coverage),
    ("Kiểm tra số người ứng cử", checks.check_candidate_counts),
    ("Kiểm tra khác", checks.warn_all),
)
TOTAL = len(STEPS) + 3  # reading, loading what is saved, writing


def import_election(
    source: Source,
    *,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the whole workbook; write it (all or nothing) unless `dry_run`."""
    report = ImportReport(dry_run=dry_run)
    progress = progress or no_progress
    progress(0, TOTAL, "Đọc tệp")
    book = read_workbook(source, report, ELECTION_SHEETS)
    plan = build_plan(book, report, progress) if book else None
    if plan is not None and report.ok:
        count_changes(plan, report)
        if not dry_run:
            progress(TOTAL - 1, TOTAL, "Ghi vào cơ sở dữ liệu")
            write(plan, report, user, source_label(source))
    progress(TOTAL, TOTAL, "Xong")
    return report


def build_plan(book: dict[str, Sheet], report: ImportReport, progress) -> Plan | None:
    """Parse and check every sheet against what is saved; None if it cannot start."""
    election = structure.parse_election(book["election"], report)
    if election is None:
        return None
    report.election_code = election.code
    progress(1, TOTAL, "Đọc dữ liệu đã lưu")
    plan = Plan(election)
    load_units(plan.saved, election.unit_set)
    if election.saved:
        load_election(plan.saved, election.saved)
    context = Context(report, plan, book)
    for done, (label, step) in enumerate(STEPS, start=2):
        progress(done, TOTAL, label)
        step(context)
    report.province_code = plan.election.province
    return plan


def write(plan: Plan, report: ImportReport, user, label: str) -> None:
    """All or nothing; the audit entry is part of the same transaction."""
    try:
        with transaction.atomic():
            election = Writer(plan).run()
            if user is not None:
                record(
                    user,
                    "import",
                    election,
                    changes=report.counts,
                    election_code=election.code,
                    label=f"Nhập thiết lập bầu cử từ tệp {label}",
                )
    except IntegrityError as exc:
        report.error("election", None, None, f"Không ghi được dữ liệu: {exc}")
        return
    report.written = True


def count_changes(plan: Plan, report: ImportReport) -> None:
    """report.counts[sheet] = added / updated / unchanged / removed rows."""
    for sheet in ELECTION_SHEETS:
        report.count(sheet.name, "added", 0)
    saved = plan.election.saved
    report.count("election", _election_outcome(plan) if saved else "added")
    for sheet, name in (
        ("units", "units"),
        ("contests", "contests"),
        ("voting_areas", "areas"),
        ("electoral_units", "electoral_units"),
    ):
        before = getattr(plan.saved, name)
        for key, item in getattr(plan.file, name).items():
            report.count(sheet, _outcome(before.get(key), item))
    _count_lists(report, "candidates", plan.saved.candidates, plan.file.candidates)
    _count_lists(report, "members", plan.saved.members, plan.file.members)


def _outcome(before, after) -> str:
    if before is None:
        return "added"
    return "unchanged" if before == after else "updated"


def _count_lists(report: ImportReport, sheet: str, saved: dict, incoming: dict):
    for owner, items in incoming.items():
        before = {_person(item): item for item in saved.get(owner, [])}
        for item in items:
            report.count(sheet, _outcome(before.pop(_person(item), None), item))
        report.count(sheet, "removed", len(before))


def _person(item) -> tuple:
    return (item.full_name, getattr(item, "birth_date", None))


def _election_outcome(plan: Plan) -> str:
    province = plan.merged.units.get(plan.election.province)
    wanted = election_values(plan.election, province.pk if province else None)
    return "unchanged" if saved_values(plan.election.saved) == wanted else "updated"
