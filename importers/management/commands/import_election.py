"""Import an election set-up workbook (docs/EXCHANGE.md §1).

Usage: manage.py import_election PATH [--dry-run]

PATH is an .xlsx workbook, a folder of `<sheet>.csv` files or a .zip of them. Every
problem goes to stderr, the counts per sheet to stdout; any error writes nothing and
exits with status 1.
"""

from importers.base import ImportReport
from importers.commands import OUTCOME_WORDS, ImportCommand
from importers.election import import_election

OUTCOMES = [(k, OUTCOME_WORDS[k]) for k in ("added", "updated", "unchanged", "removed")]


class Command(ImportCommand):
    help = "Nhập bảng tính thiết lập cuộc bầu cử (.xlsx, thư mục CSV hoặc .zip)."
    path_help = "tệp .xlsx, thư mục CSV hoặc tệp .zip"

    def run_import(self, path, options):
        show = options["verbosity"] >= 1
        return import_election(
            path, dry_run=options["dry_run"], progress=self.progress if show else None
        )

    def progress(self, done: int, total: int, label: str) -> None:
        self.stderr.write(f"[{done:>2}/{total}] {label}")

    def write_counts(self, report: ImportReport) -> None:
        if not report.counts:
            return
        if report.written:
            head = f"Đã nhập cuộc bầu cử {report.election_code}:"
        else:
            head = f"Kiểm tra cuộc bầu cử {report.election_code} (chưa ghi):"
        self.stdout.write(head)
        for sheet, counts in report.counts.items():
            figures = ", ".join(f"{label} {counts[key]}" for key, label in OUTCOMES)
            self.stdout.write(f"  {sheet}: {figures}")
        self.stdout.write(f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo.")
