"""What every import command shares (`ImportCommand`): the arguments, where each kind
of output goes, the messages and the exit status.

    manage.py import_election | import_voters | import_turnout | import_tallies PATH …

- `PATH` and `--dry-run` (check everything, write nothing); `--election CODE` and
  `--user USERNAME` where the format needs them (`needs_election`, `user_help`).
- Problems: errors on stderr; warnings on stderr too, or on stdout for the election
  day formats (`warnings_on_stdout`), as each command always printed them.
- Counts on stdout (`write_counts`, one convention per format, unchanged).
- Any error: nothing was written, `CommandError(refusal)`, exit status 1. Otherwise
  `done()` may print a last line, exit status 0.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from electionadmin.setup.models import Election

from .base import ImportReport

DRY_RUN_HELP = "chỉ kiểm tra, không ghi gì"
# What an import did to the rows, as the commands (and load_demo) print it.
OUTCOME_WORDS = {
    "added": "thêm",
    "updated": "sửa",
    "unchanged": "giữ nguyên",
    "removed": "xóa",
    "rejected": "từ chối",
}


class ImportCommand(BaseCommand):
    path_help: str | None = None
    needs_election = False
    user_help: str | None = None  # the command takes --user
    warnings_on_stdout = False
    missing_election = "Không có cuộc bầu cử mã '{code}'."
    refusal = "Có {errors} lỗi nên không ghi gì vào cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)
        if self.needs_election:
            parser.add_argument("--election", required=True, help="mã cuộc bầu cử")
        if self.user_help:
            parser.add_argument("--user", help=self.user_help)
        parser.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
        self.add_more_arguments(parser)

    def add_more_arguments(self, parser) -> None:
        return None

    def handle(self, *args, **options):
        report = self.run_import(options["path"], options)
        self.write_problems(report)
        self.write_counts(report)
        if not report.ok:
            raise CommandError(self.refusal.format(errors=len(report.errors)))
        self.done(report)

    def run_import(self, path: str, options: dict) -> ImportReport:
        raise NotImplementedError

    def election(self, code: str, queryset=None) -> Election:
        queryset = Election.objects if queryset is None else queryset
        found = queryset.filter(code=code).first()
        if found is None:
            raise CommandError(self.missing_election.format(code=code))
        return found

    def user(self, username: str | None):
        if not username:
            return None
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"Không có người dùng '{username}'.")
        return found

    def write_problems(self, report: ImportReport) -> None:
        for problem in report.errors:
            self.stderr.write(str(problem))
        warnings = self.stdout if self.warnings_on_stdout else self.stderr
        for problem in report.warnings:
            warnings.write(str(problem))

    def write_counts(self, report: ImportReport) -> None:
        raise NotImplementedError

    def done(self, report: ImportReport) -> None:
        return None


class FiguresImportCommand(ImportCommand):
    """Turnout and counting minutes: warnings on stdout, `sheet: added: 3`, a last
    line saying whether anything was written."""

    needs_election = True
    warnings_on_stdout = True
    refusal = "Tệp bị từ chối: {errors} lỗi; không ghi gì vào hệ thống."
    no_rows = ""

    def write_counts(self, report: ImportReport) -> None:
        for sheet, counts in report.counts.items():
            shown = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
            self.stdout.write(f"{sheet}: {shown or self.no_rows}")

    def done(self, report: ImportReport) -> None:
        self.stdout.write(
            "Kiểm tra xong (không ghi)." if report.dry_run else "Đã nhập xong."
        )
