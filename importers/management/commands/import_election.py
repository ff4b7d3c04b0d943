"""Import an election set-up workbook (docs/EXCHANGE.md §1).

Usage: manage.py import_election PATH [--dry-run]

PATH is an .xlsx workbook, a folder of `<sheet>.csv` files or a .zip of them. Every
problem goes to stderr, the counts per sheet to stdout; any error writes nothing and
exits with status 1.
"""

from django.core.management.base import BaseCommand, CommandError

from importers.base import ImportReport
from importers.election import import_election

OUTCOMES = (
    ("added", "thêm"),
    ("updated", "sửa"),
    ("unchanged", "giữ nguyên"),
    ("removed", "xóa"),
)


class Command(BaseCommand):
    help = "Nhập bảng tính thiết lập cuộc bầu cử (.xlsx, thư mục CSV hoặc .zip)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .xlsx, thư mục CSV hoặc tệp .zip")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì"
        )

    def handle(self, *args, path: str, dry_run: bool, **options):
        show = options["verbosity"] >= 1
        report = import_election(
            path, dry_run=dry_run, progress=self.progress if show else None
        )
        for problem in report.errors + report.warnings:
            self.stderr.write(str(problem))
        self.write_counts(report)
        if not report.ok:
            raise CommandError(
                f"Có {len(report.errors)} lỗi nên không ghi gì vào cơ sở dữ liệu."
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
