"""Import counting minutes from a workbook (docs/EXCHANGE.md §4).

Usage: manage.py import_tallies PATH --election CODE [--user USERNAME] [--dry-run]
                                     [--accept]

PATH is an .xlsx file with sheets `tallies` and `tally_votes`, or a folder or .zip of
`tallies.csv` and `tally_votes.csv`. Each row is one entry of the double entry by
USERNAME (see electionadmin/results/README.md); --accept (a board or the organising
committee) then submits and accepts the minutes whose two entries agree.
Exits non-zero when any row is rejected; nothing is written then.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from electionadmin.results.importing import import_tallies
from electionadmin.setup.models import Election


class Command(BaseCommand):
    help = "Nhập biên bản kết quả kiểm phiếu từ tệp bảng tính."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--election", required=True, help="mã cuộc bầu cử")
        parser.add_argument("--user", help="tên đăng nhập của người nhập")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="gửi và chấp nhận các biên bản đã khớp hai lần nhập",
        )

    def handle(self, *args, **options):
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{options['election']}'.")
        user = self._user(options["user"])
        report = import_tallies(
            options["path"],
            election,
            user,
            dry_run=options["dry_run"],
            accept=options["accept"],
        )
        for problem in report.warnings:
            self.stdout.write(str(problem))
        for problem in report.errors:
            self.stderr.write(str(problem))
        for sheet, counts in report.counts.items():
            shown = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
            self.stdout.write(f"{sheet}: {shown}")
        if not report.ok:
            raise CommandError(
                f"Tệp bị từ chối: {len(report.errors)} lỗi; không ghi gì vào hệ thống."
            )
        done = "Kiểm tra xong (không ghi)." if report.dry_run else "Đã nhập xong."
        self.stdout.write(done)

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{username}'.")
        return user
