"""The import flow every spreadsheet importer follows.

read -> parse and validate every row (collect every problem with sheet, row, column)
-> only when there is no error, write everything in one transaction -> report counts.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

Progress = Callable[[int, int, str], None]


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
