"""The one import framework: every file that comes in goes through `Importer.run`.

    read the file (one reading layer: `workbook.py`, `voters_read.py`)
    -> check every row, collecting each problem with its sheet, row and column
    -> check across rows (rules over the whole file and what is saved)
    -> only when there is no error and not a dry run: write, in one transaction
    -> the report (`ImportReport`: problems and counts).

One subclass per format:

| format (docs/EXCHANGE.md) | importer | command |
| --- | --- | --- |
| set-up workbook §1 | `election.SetupImporter` | `import_election` |
| one set-up sheet (admin) | `election.sheet.SheetImporter` | (admin import) |
| voter list §2 | `voters.VoterImport` (COPY on PostgreSQL) | `import_voters` |
| turnout §3 | `turnout.TurnoutImporter` | `import_turnout` |
| counting minutes §4 | `tallies.TallyImporter` | `import_tallies` |

The admin's per-model import screens (`resources.py`) run the set-up importer too,
restricted to one sheet of a saved election (`election.sheet.SheetImporter`).

The commands share `commands.ImportCommand` (`--dry-run`, output streams, messages,
exit status 1 on any error).

Where the importers stand among the stages. The stages follow an election's life and
a later one may use an earlier one, never the reverse:

    setup <- voters <- polling <- results <- documents <- publishing

`importers` serves all of them: an importer may import any stage's models and rules
(a rule of law lives in its stage, e.g. the voting age in
`electionadmin/voters/eligibility.py`, coverage in `electionadmin/setup/coverage.py`,
and the importer calls it), but never a stage's admin, views or screens. A stage
imports `importers` only in its wiring (admin classes, views and forms that offer an
upload), never in its models or rules.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field

from django.db import transaction
from openpyxl.utils import get_column_letter

Progress = Callable[[int, int, str], None]
# The outcomes of a row that change a record (not "unchanged", nor a refusal).
CHANGES = ("added", "updated", "removed")


def no_progress(done: int, total: int, label: str) -> None:
    return None


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: a rule of law is an error, an oddity a warning."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = [f"Trang tính '{self.sheet}'"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột '{self.column}'")
        kind = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{kind}: {', '.join(where)}: {self.message}"


@dataclass
class ImportReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # sheet -> {"added": n, "updated": n, "unchanged": n, "removed": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    election_code: str | None = None
    province_code: str | None = None
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, sheet: str, row: int | None, column: str | None, message: str):
        self.errors.append(Problem(sheet, row, column, message, "error"))

    def warn(self, sheet: str, row: int | None, column: str | None, message: str):
        self.warnings.append(Problem(sheet, row, column, message, "warning"))

    def count(self, sheet: str, outcome: str, n: int = 1) -> None:
        sheet_counts = self.counts.setdefault(
            sheet, {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
        )
        sheet_counts[outcome] = sheet_counts.get(outcome, 0) + n

    def changed(self, *sheets: str) -> bool:
        """Whether the import adds, changes or removes a record (of `sheets`, else
        of any sheet): the audit log records real changes only, so a confirmed
        import whose rows were all unchanged leaves no entry."""
        counts = [self.counts.get(s, {}) for s in sheets] or self.counts.values()
        return any(c.get(o, 0) for c in counts for o in CHANGES)

    def as_dict(self) -> dict:
        """JSON-serialisable, for task results and the admin preview."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "election_code": self.election_code,
            "province_code": self.province_code,
            "counts": self.counts,
            "errors": [asdict(p) | {"text": str(p)} for p in self.errors],
            "warnings": [asdict(p) | {"text": str(p)} for p in self.warnings],
        }


class Importer:
    """The flow of every import; a subclass fills in its format's steps.

    `run(source)` calls, in order: `ready()` (may the import start at all), `open()`
    (a context manager around the file: a streamed file stays open while its rows
    are checked), `read()` (None when unreadable), `check_rows()`, then
    `check_across_and_write()`: `check_across()` and, when the report has no error
    and this is not a dry run, `write_all()`: `write()` inside one
    `transaction.atomic()`. An exception of `refusals` raised while writing rolls
    everything back and becomes an error (`refused()`); `after_write()` runs once
    the transaction committed. `finish()` runs last, whatever happened.

    With `checks_in_transaction` the row and cross-row checks run inside the
    transaction that writes (the voter list stages its rows in a table of that
    transaction); it is rolled back when nothing is to be written.
    """

    checks_in_transaction = False
    refusals: tuple[type[BaseException], ...] = ()
    # Errors of a file found unreadable while it streams: an error of `sheet`.
    unreadable: tuple[type[BaseException], ...] = ()
    sheet = ""

    def __init__(
        self,
        *,
        dry_run: bool = False,
        user=None,
        progress: Progress | None = None,
        election_code: str | None = None,
    ):
        self.dry_run = dry_run
        self.user = user
        self.progress = progress or no_progress
        self.report = ImportReport(election_code=election_code, dry_run=dry_run)

    def run(self, source) -> ImportReport:
        if self.ready():
            try:
                with self.open(source) as opened:
                    data = self.read(opened)
                    if data is not None:
                        self._check_and_write(data, opened)
            except self.unreadable as exc:
                # A `limits.LimitError` knows its row (sheet, column) when it has one.
                sheet = getattr(exc, "sheet", None) or self.sheet
                row, column = getattr(exc, "row", None), getattr(exc, "column", None)
                if isinstance(column, int):
                    column = get_column_letter(column + 1)
                self.report.error(sheet, row, column, str(exc))
        self.finish()
        return self.report

    def _check_and_write(self, data, source) -> None:
        if not self.checks_in_transaction:
            self.check_across_and_write(self.check_rows(data), source)
            return
        with transaction.atomic():
            self.check_across_and_write(self.check_rows(data), source)
            if not self.report.written:
                transaction.set_rollback(True)

    # The steps: override those of the format.
    def ready(self) -> bool:
        return True

    def open(self, source):
        return nullcontext(source)

    def read(self, source):
        raise NotImplementedError

    def check_rows(self, data):
        raise NotImplementedError

    def check_across(self, rows) -> None:
        return None

    def check_across_and_write(self, rows, source) -> None:
        self.check_across(rows)
        if self.report.ok and not self.dry_run:
            self.write_all(rows, source)

    def write_all(self, rows, source) -> None:
        try:
            with transaction.atomic():
                self.write(rows, source)
        except self.refusals as exc:
            self.refused(exc)
            return
        self.report.written = True
        self.after_write(rows)

    def write(self, rows, source) -> None:
        raise NotImplementedError

    def refused(self, exc: BaseException) -> None:
        raise exc

    def after_write(self, rows) -> None:
        return None

    def finish(self) -> None:
        return None
