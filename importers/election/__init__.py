"""The election set-up workbook (docs/EXCHANGE.md §1): `SetupImporter`.

The flow of `importers.base.Importer`: read the workbook -> parse every sheet into
plan items, merged over what is saved -> check the rules of law on the merged set-up
(electionadmin/setup/rules.py, coverage.py) -> count what would change -> when there
is no error (and not a dry run) write everything in one transaction. See
importers/README.md.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError

from electionadmin.audit.log import record
from importers.base import Importer, ImportReport, Progress
from importers.workbook import (
    ELECTION_SHEETS,
    Sheet,
    Source,
    read_workbook,
    source_label,
)

from . import checks, locks, people, structure
from .context import Context
from .plan import Plan
from .saved import load_election, load_units
from .write import Writer, election_values, saved_values

__all__ = ["SetupImporter", "import_election"]

# (progress label, step) in order: each sheet may refer to those before it.
ROW_STEPS = (
    ("Đơn vị hành chính", structure.parse_units),
    ("Cuộc bầu cử theo cấp", structure.parse_contests),
    ("Khu vực bỏ phiếu", structure.parse_areas),
    ("Đơn vị bầu cử", structure.parse_electoral_units),
    ("Địa bàn đơn vị bầu cử", checks.resolve_unit_areas),
    ("Người ứng cử", people.parse_candidates),
    ("Thành viên tổ chức phụ trách bầu cử", people.parse_members),
)
# The rules over the whole set-up (what the file leaves, merged over what is saved).
ACROSS_STEPS = (
    ("Tỉnh/thành phố", checks.infer_province),
    ("Kiểm tra khu vực bỏ phiếu thuộc đơn vị bầu cử", checks.check_coverage),
    ("Kiểm tra số người ứng cử", checks.check_candidate_counts),
    ("Kiểm tra khác", checks.warn_all),
)
STEPS = ROW_STEPS + ACROSS_STEPS
EMPTY_WORKBOOK = (
    "Tệp chưa có dữ liệu: các trang tính chỉ có dòng tiêu đề. Ghi dữ liệu từ dòng 2 "
    "của từng trang tính (các dòng ví dụ ở trang Hướng dẫn không được nhập); chưa "
    "ghi gì."
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
    return SetupImporter(dry_run=dry_run, user=user, progress=progress).run(source)


class SetupImporter(Importer):
    """The set-up workbook: every sheet parsed into plan items merged over what is
    saved (`check_rows`), the rules of law checked on the merged set-up and the
    changes counted (`check_across`), then one transaction (`write`)."""

    refusals = (IntegrityError,)

    def read(self, source: Source) -> dict[str, Sheet] | None:
        self.progress(0, TOTAL, "Đọc tệp")
        book = read_workbook(source, self.report, ELECTION_SHEETS)
        if book is not None and not any(sheet.rows for sheet in book.values()):
            # The blank template as downloaded: say so, rather than one error per
            # sheet (its examples are on the guide sheet, never imported).
            self.report.error("election", None, None, EMPTY_WORKBOOK)
            return None
        return book

    def check_rows(self, book: dict[str, Sheet]) -> Plan | None:
        """Parse every sheet against what is saved; None if it cannot start."""
        report = self.report
        election = structure.parse_election(book["election"], report)
        if election is None:
            return None
        report.election_code = election.code
        self.progress(1, TOTAL, "Đọc dữ liệu đã lưu")
        plan = Plan(election)
        load_units(plan.saved, election.unit_set)
        if election.saved:
            load_election(plan.saved, election.saved)
        self.context = Context(report, plan, book)
        self._steps(ROW_STEPS, 2)
        return plan

    def check_across_and_write(self, plan: Plan | None, source) -> None:
        if plan is not None:
            super().check_across_and_write(plan, source)

    def check_across(self, plan: Plan) -> None:
        self._steps(ACROSS_STEPS, 2 + len(ROW_STEPS))
        locks.check_moves(self.context, self.user)
        self.report.province_code = plan.election.province
        if self.report.ok:
            count_changes(plan, self.report)

    def _steps(self, steps, first: int) -> None:
        for done, (label, step) in enumerate(steps, start=first):
            self.progress(done, TOTAL, label)
            step(self.context)

    def write(self, plan: Plan, source) -> None:
        """All or nothing; the audit entry, when a record changed, is part of the
        same transaction."""
        self.progress(TOTAL - 1, TOTAL, "Ghi vào cơ sở dữ liệu")
        election = Writer(plan).run()
        if self.user is not None and self.report.changed():
            record(
                self.user,
                "import",
                election,
                changes=self.report.counts,
                election_code=election.code,
                label=f"Nhập thiết lập bầu cử từ tệp {source_label(source)}",
            )

    def refused(self, exc: BaseException) -> None:
        self.report.error("election", None, None, f"Không ghi được dữ liệu: {exc}")

    def finish(self) -> None:
        self.progress(TOTAL, TOTAL, "Xong")


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
