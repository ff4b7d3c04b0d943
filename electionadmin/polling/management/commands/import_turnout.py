"""Import turnout progress figures from a workbook (docs/EXCHANGE.md §3).

Usage: manage.py import_turnout PATH --election CODE [--user USERNAME] [--dry-run]

PATH is an .xlsx file with a sheet `turnout`, or a folder or .zip holding
`turnout.csv`. All or nothing: every problem is listed with its sheet, row and
column, nothing is written when any row is rejected, and the exit status is then
non-zero. Re-importing the same file changes nothing.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from electionadmin.setup.models import Election
from importers.turnout import import_turnout


class Command(BaseCommand):
    help = "Nhập số liệu tiến độ cử tri đi bầu từ tệp bảng tính."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--election", required=True, help="mã cuộc bầu cử")
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{options['election']}'.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng '{options['user']}'.")
        report = import_turnout(
            options["path"], election, user, dry_run=options["dry_run"]
        )
        for problem in report.warnings:
            self.stdout.write(str(problem))
        for problem in report.errors:
            self.stderr.write(str(problem))
        for sheet, counts in report.counts.items():
            shown = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
            self.stdout.write(f"{sheet}: {shown or 'không có dòng nào'}")
        if not report.ok:
            raise CommandError(
                f"Tệp bị từ chối: {len(report.errors)} lỗi; không ghi gì vào hệ thống."
            )
        self.stdout.write(
            "Kiểm tra xong (không ghi)." if report.dry_run else "Đã nhập xong."
        )
