"""What every sheet parser shares: the plan so far, the cycle, and references.

A reference (a parent code, a contest, an electoral unit, a voting area) must name
something defined earlier in the file or already saved; the merged state answers.
"""

from electionadmin.setup import rules
from electionadmin.setup.models import AdminUnit, Contest
from importers import cells
from importers.base import ImportReport
from importers.cells import CODE_LENGTH, CellError
from importers.workbook import Row, RowReader, Sheet

from .plan import Plan, contest_key

KIND_ALIASES = cells.choice_aliases(Contest.Kind.choices)


def text_of(model, name: str):
    """A text parser that also refuses text longer than the model field holds."""
    limit = model._meta.get_field(name).max_length

    def parse(value) -> str:
        value = cells.text(value)
        if limit and len(value) > limit:
            raise CellError(f"Nội dung dài {len(value)} ký tự, tối đa {limit} ký tự.")
        return value

    return parse


class Context:
    def __init__(self, report: ImportReport, plan: Plan, book: dict[str, Sheet]):
        self.report = report
        self.plan = plan
        self.book = book
        self.cycle = plan.election.cycle
        # Contests and units with a rejected row: their totals would mislead.
        self.tainted: set = set()

    def may_name(self, table: str, key) -> bool:
        """May a message name this saved item? (The admin's one sheet narrows it to
        what the user sees: sheet.py.)"""
        return True

    @property
    def saved(self):
        return self.plan.saved

    @property
    def file(self):
        return self.plan.file

    @property
    def merged(self):
        return self.plan.merged

    def reader(self, sheet: str) -> RowReader:
        return RowReader(self.report, sheet)

    def rows(self, sheet: str) -> list[Row]:
        return self.book[sheet].rows

    def lengths(self, levels=None) -> list[int]:
        """Code lengths of the given levels (default: every level of the cycle)."""
        return [CODE_LENGTH[level] for level in levels or self.cycle.admin_levels]

    def unit_code(self, read: RowReader, row: Row, key: str, levels=None, **kw):
        """A code cell that must name an administrative unit of the file or set."""
        known = self.merged.units
        code = read(row, key, cells.code, self.lengths(levels), known, **kw)
        if code and code not in self.merged.units:
            read.error(
                row,
                key,
                f"Đơn vị hành chính mã {code} chưa có trên trang units "
                "và không có trong danh mục hành chính của cuộc bầu cử.",
            )
            return None
        return code

    def council(self, read: RowReader, row: Row) -> tuple[str, str | None] | None:
        """(kind, council unit code) of a row's `kind` and `council_unit_code`."""
        kind = read(row, "kind", cells.choice, KIND_ALIASES, required=True)
        if kind and kind not in self.cycle.contest_kinds:
            read.error(
                row, "kind", f"Chu kỳ {self.cycle.code} không có cuộc bầu cử {kind}."
            )
            return None
        if kind == rules.QH:
            if not row.blank("council_unit_code"):
                read.error(
                    row,
                    "council_unit_code",
                    "Bầu cử đại biểu Quốc hội không ghi mã đơn vị có HĐND.",
                )
                return None
            return kind, None
        if not kind:
            return None
        level = rules.KIND_COUNCIL_LEVEL[kind]
        code = self.unit_code(read, row, "council_unit_code", [level], required=True)
        if code and self.merged.units[code].level != level:
            read.error(
                row,
                "council_unit_code",
                f"Bầu cử {Contest.Kind(kind).label} phải ghi mã đơn vị cấp "
                f"{AdminUnit.Level(level).label.lower()}.",
            )
            return None
        return (kind, code) if code else None

    def contest_of(self, read: RowReader, row: Row) -> str | None:
        """The key of the contest a row names; it must be defined already."""
        council = self.council(read, row)
        if council is None:
            return None
        key = contest_key(*council)
        if key not in self.merged.contests:
            column = "council_unit_code" if council[1] else "kind"
            read.error(
                row,
                column,
                f"Cuộc bầu cử {key} chưa có trên trang contests.",
            )
            return None
        return key
