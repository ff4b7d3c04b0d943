"""Import a voter list (docs/EXCHANGE.md §2).

Usage: manage.py import_voters PATH --election CODE [--dry-run] [--no-progress]

PATH is a CSV file, an .xlsx workbook with a sheet `voters`, or a folder/.zip holding
`voters.csv`. Every problem goes to stderr, the counts to stdout; any rejected row
writes nothing and exits with status 1. A progress bar is drawn on stderr when it is
a terminal.
"""

import sys
import time

from electionadmin.setup.models import Election
from importers.base import ImportReport
from importers.commands import OUTCOME_WORDS, ImportCommand
from importers.voters import import_voters

OUTCOMES = [
    (k, OUTCOME_WORDS[k]) for k in ("added", "updated", "unchanged", "rejected")
]
BAR_WIDTH = 30


class ProgressBar:
    """`[#########.....]  45%  Đọc tệp: 450.000 dòng` on one line of stderr."""

    def __init__(self, stream):
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 0
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%}  {label[:60]:<60}")
        self.stream.flush()

    def close(self) -> None:
        if self.last:
            self.stream.write("\n")


class Command(ImportCommand):
    help = "Nhập danh sách cử tri (CSV, .xlsx có trang tính voters, thư mục hoặc .zip)."
    path_help = "tệp CSV hoặc .xlsx, thư mục hoặc tệp .zip"
    needs_election = True
    missing_election = "Không có cuộc bầu cử mã {code}."

    def add_more_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="không vẽ thanh tiến độ"
        )

    def run_import(self, path, options):
        found = self.election(
            options["election"], Election.objects.select_related("cycle")
        )
        bar = None
        if not options["no_progress"] and sys.stderr.isatty():
            bar = ProgressBar(sys.stderr)
        try:
            return import_voters(path, found, dry_run=options["dry_run"], progress=bar)
        finally:
            if bar:
                bar.close()

    def write_counts(self, report: ImportReport) -> None:
        counts = report.counts.get("voters", {})
        figures = ", ".join(f"{label} {counts.get(key, 0)}" for key, label in OUTCOMES)
        if report.written:
            head = f"Đã nhập danh sách cử tri của cuộc bầu cử {report.election_code}:"
        else:
            head = f"Kiểm tra danh sách cử tri {report.election_code} (chưa ghi):"
        self.stdout.write(f"{head} {figures}.")
        self.stdout.write(f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo.")
