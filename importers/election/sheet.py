"""One sheet of the set-up workbook, for an election that exists: `SheetImporter`.

The admin's per-model import screens (`importers/resources.py`) run this: the set-up
importer itself (`SetupImporter`), restricted to one sheet (`columns.ADMIN_SHEETS`:
the workbook's columns plus the election, or the unit set, on every row). The rows
are parsed by the same sheet parsers, merged over the saved set-up, checked by the
same rules over the whole set-up, and written by the same writer, so a sheet says
and does here exactly what it says and does inside a workbook. What differs:

- the election is not read from an `election` sheet: it is the saved election the
  rows name (the units: the latest election on the unit set they name), one the
  user can see;
- every record the sheet adds, changes or removes must be one the user may change
  (its jurisdiction, `access.scope`), and a new one one the user may add: checked
  on the records as written, inside the transaction, which a preview rolls back;
- the audit entry names the sheet (none when no row changed a record).
"""

from django.db import IntegrityError, transaction

from electionadmin.access.scope import (
    OUTSIDE_JURISDICTION,
    Jurisdiction,
    not_editable,
    restrict,
)
from electionadmin.audit.log import record
from electionadmin.setup.models import (
    AdminUnit,
    BodyMember,
    Candidate,
    Election,
    ElectoralUnit,
    VotingArea,
)
from importers.columns import ADMIN_SHEETS, ELECTION_SHEETS
from importers.workbook import RowReader, Sheet, sheet_of

from . import ROW_STEPS, SetupImporter
from .context import Context
from .plan import ElectionItem, Plan
from .saved import load_election, load_units
from .write import Writer

__all__ = ["SheetImporter", "election_item", "row_outcomes"]

# sheet -> (the plan's table, the model, the column a refusal is shown at)
TABLES = {
    "units": ("units", AdminUnit, "code"),
    "voting_areas": ("areas", VotingArea, "area_number"),
    "electoral_units": ("electoral_units", ElectoralUnit, "number"),
    "candidates": ("candidates", Candidate, "full_name"),
    "members": ("members", BodyMember, "full_name"),
}
NO_ROWS = "Tệp không có dòng dữ liệu nào."
ONE_ELECTION = "Mỗi lần nhập chỉ cho một cuộc bầu cử; dòng {row} ghi {code}."
NO_ELECTION = "Không có cuộc bầu cử mã '{code}' trong phạm vi bạn được giao."
NO_SET = (
    "Không có cuộc bầu cử nào dùng danh mục đơn vị hành chính mã '{code}' trong "
    "phạm vi bạn được giao."
)
NO_ADD = "Bạn không có quyền thêm {what}."


def election_item(saved: Election) -> ElectionItem:
    """The saved election as the plan's election: left as it is."""
    return ElectionItem(
        saved.code, saved.name, saved.election_date, saved.cycle, saved.unit_set,
        saved.polls_open, saved.polls_close, saved.turnout_slots,
        province=saved.province.code if saved.province_id else None,
        saved=saved, row=None,
    )  # fmt: skip


class SheetContext(Context):
    """Messages name only the saved items the user can see."""

    def __init__(self, report, plan: Plan, book, user):
        super().__init__(report, plan, book)
        self.user = user
        self.visible: dict[str, set] = {}

    def may_name(self, table: str, key) -> bool:
        if self.user is None or Jurisdiction.for_user(self.user).everything:
            return True
        if table not in self.visible:
            self.visible[table] = self._visible(table)
        return key in self.visible[table]

    def _visible(self, table: str) -> set:
        election = self.plan.election.saved
        if table == "areas":
            areas = restrict(VotingArea.objects.filter(election=election), self.user)
            return set(areas.values_list("commune__code", "number"))
        if table == "electoral_units":
            units = ElectoralUnit.objects.filter(contest__election=election)
            units = restrict(units, self.user).select_related("contest__council_unit")
            return {(unit.contest.key, unit.number) for unit in units}
        return set()


class SheetImporter(SetupImporter):
    """`SetupImporter` on one sheet (`ADMIN_SHEETS`) of an election that exists.

    `run((header, numbered_rows))`: the sheet's header row and its (row number,
    cells) pairs, as the admin's reader gives them (`formats.py`).
    """

    def __init__(self, sheet: str, *, label: str = "", **kwargs):
        super().__init__(**kwargs)
        self.sheet = sheet
        self.label = label
        self.plan: Plan | None = None

    def read(self, source) -> dict[str, Sheet] | None:
        header, numbered = source
        sheet = sheet_of(ADMIN_SHEETS[self.sheet], header, numbered, self.report)
        if not self.report.ok:
            return None
        book = {s.name: Sheet(s.name, present=False) for s in ELECTION_SHEETS}
        book[self.sheet] = sheet
        return book

    def check_rows(self, book: dict[str, Sheet]) -> Plan | None:
        saved = self._election(book[self.sheet])
        if saved is None:
            return None
        self.report.election_code = saved.code
        plan = self.plan = Plan(election_item(saved))
        load_units(plan.saved, saved.unit_set)
        load_election(plan.saved, saved)
        self.context = SheetContext(self.report, plan, book, self.user)
        self._steps(ROW_STEPS, 2)
        return plan

    def _election(self, sheet: Sheet) -> Election | None:
        read = RowReader(self.report, sheet.name)
        key = "unit_set" if sheet.name == "units" else "election"
        first: dict[str, int] = {}
        for row in sheet.rows:
            code = read(row, key, required=True)
            if code and first and code not in first:
                code0, row0 = next(iter(first.items()))
                read.error(row, key, ONE_ELECTION.format(row=row0, code=code0))
            if code:
                first.setdefault(code, row.number)
        if not sheet.rows:
            read.error(None, None, NO_ROWS)
        if not self.report.ok:
            return None
        code, row = next(iter(first.items()))
        elections = Election.objects.select_related("cycle", "unit_set", "province")
        if self.user is not None:
            elections = restrict(elections, self.user)
        if key == "election":
            found = elections.filter(code=code).first()
            message = NO_ELECTION
        else:
            found = elections.filter(unit_set__code=code).first()  # the latest
            message = NO_SET
        if found is None:
            read.error(row, key, message.format(code=code))
        return found

    def check_across_and_write(self, plan: Plan | None, source) -> None:
        """The rules over the whole set-up; then the write, with the user's rights
        checked on what it wrote, in one transaction (rolled back by a preview)."""
        if plan is None:
            return
        self.check_across(plan)
        if not self.report.ok:
            return
        try:
            with transaction.atomic():
                self._check_rights(plan, before=True)
                writer = Writer(plan)
                writer.run()
                self._check_rights(plan, writer=writer)
                if self.report.ok and not self.dry_run:
                    self._audit(plan)
                if self.dry_run or not self.report.ok:
                    transaction.set_rollback(True)
        except IntegrityError as exc:
            self.refused(exc)
            return
        self.report.written = self.report.ok and not self.dry_run

    def _check_rights(self, plan: Plan, before=False, writer=None) -> None:
        """Before the write: the records it would remove; after: those it added or
        changed. Each refusal is an error at its row."""
        if self.user is None:
            return
        _, model, column = TABLES[self.sheet]
        rows = (
            touched(plan, self.sheet, writer) if writer else removed(plan, self.sheet)
        )
        if writer is not None:
            self._check_add(plan, model, column)
        for pk in sorted(not_editable(self.user, model, rows)):
            self.report.error(self.sheet, rows[pk], column, OUTSIDE_JURISDICTION)

    def _check_add(self, plan: Plan, model, column: str) -> None:
        opts = model._meta
        if self.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            return
        outcomes, _ = row_outcomes(plan, self.sheet)
        for row, outcome in sorted(outcomes.items()):
            if outcome == "added":
                what = opts.verbose_name
                self.report.error(self.sheet, row, column, NO_ADD.format(what=what))

    def _audit(self, plan: Plan) -> None:
        if self.user is None or not self.report.changed(self.sheet):
            return
        record(
            self.user,
            "import",
            plan.election.saved,
            changes={self.sheet: self.report.counts.get(self.sheet, {})},
            election_code=plan.election.code,
            label=self.label or f"Nhập trang tính {self.sheet}",
        )

    def refused(self, exc: BaseException) -> None:
        self.report.error(self.sheet, None, None, refusal(exc))


CONSTRAINTS = {
    "bodymember_one_chair_per_body": "Một tổ chức chỉ có một người đứng đầu.",
}


def refusal(exc: BaseException) -> str:
    """What the database refused, in the official's words (never its English)."""
    for name, message in CONSTRAINTS.items():
        if name in str(exc):
            return f"Không ghi được dữ liệu: {message}"
    return "Không ghi được dữ liệu: dữ liệu trái với ràng buộc của cơ sở dữ liệu."


def row_outcomes(plan: Plan, sheet: str) -> tuple[dict[int, str], list]:
    """Row number -> added / updated / unchanged, and the saved items the sheet
    removes (candidates and members missing from their unit's or body's list)."""
    table = TABLES[sheet][0]
    saved, file = getattr(plan.saved, table), getattr(plan.file, table)
    outcomes, gone = {}, []
    if sheet in ("candidates", "members"):
        for owner, items in file.items():
            before = {_person(i): i for i in saved.get(owner, [])}
            for item in items:
                outcomes[item.row] = _outcome(before.pop(_person(item), None), item)
            gone += before.values()
        return outcomes, gone
    for key, item in file.items():
        outcomes[item.row] = _outcome(saved.get(key), item)
    return outcomes, gone


def _person(item) -> tuple:
    return (item.full_name, getattr(item, "birth_date", None))


def _outcome(before, after) -> str:
    if before is None:
        return "added"
    return "unchanged" if before == after else "updated"


def removed(plan: Plan, sheet: str) -> dict[int, int | None]:
    """Saved pk -> the row of the list that removes it (its first row)."""
    _, gone = row_outcomes(plan, sheet)
    table = getattr(plan.file, TABLES[sheet][0])
    first = {}
    for owner, items in table.items() if sheet in ("candidates", "members") else ():
        first[owner] = items[0].row if items else None
    return {item.pk: first.get(_owner(item)) for item in gone}


def _owner(item):
    return getattr(item, "unit", None) or getattr(item, "body", None)


def touched(plan: Plan, sheet: str, writer: Writer) -> dict[int, int]:
    """Pk as written -> row, of every record the sheet added or changed."""
    outcomes, _ = row_outcomes(plan, sheet)
    wanted = {row for row, outcome in outcomes.items() if outcome != "unchanged"}
    table = getattr(plan.file, TABLES[sheet][0])
    if sheet == "units":
        return {writer.unit_pk[k]: i.row for k, i in table.items() if i.row in wanted}
    if sheet == "voting_areas":
        return {writer.area_pk[k]: i.row for k, i in table.items() if i.row in wanted}
    if sheet == "electoral_units":
        return {writer.eu_pk[k]: i.row for k, i in table.items() if i.row in wanted}
    if sheet == "candidates":
        owners = {writer.eu_pk[unit]: unit for unit in table}
        found = Candidate.objects.filter(electoral_unit_id__in=owners)
        fields = ("pk", "electoral_unit_id", "full_name", "birth_date")
        rows = {
            (u, i.full_name, i.birth_date): i.row
            for u, items in table.items()
            for i in items
        }
        pairs = (
            (pk, rows.get((owners[u], n, b)))
            for pk, u, n, b in found.values_list(*fields)
        )
        return {pk: row for pk, row in pairs if row in wanted}
    owners = {writer.body_pk[body]: body for body in table}
    found = BodyMember.objects.filter(body_id__in=owners)
    rows = {(b, i.full_name): i.row for b, items in table.items() for i in items}
    pairs = (
        (pk, rows.get((owners[b], name)))
        for pk, b, name in found.values_list("pk", "body_id", "full_name")
    )
    return {pk: row for pk, row in pairs if row in wanted}
