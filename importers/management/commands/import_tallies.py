"""Import counting minutes from a workbook (docs/EXCHANGE.md §4).

Usage: manage.py import_tallies PATH --election CODE [--user USERNAME] [--dry-run]
                                     [--accept]

PATH is an .xlsx file with sheets `tallies` and `tally_votes`, or a folder or .zip of
`tallies.csv` and `tally_votes.csv`. Each row is one entry of the double entry by
USERNAME (see electionadmin/results/README.md); --accept (a board or the organising
committee) then submits and accepts the minutes whose two entries agree.
Exits non-zero when any row is rejected; nothing is written then.
"""

from importers.commands import FiguresImportCommand
from importers.tallies import import_tallies


class Command(FiguresImportCommand):
    help = "Nhập biên bản kết quả kiểm phiếu từ tệp bảng tính."
    user_help = "tên đăng nhập của người nhập"

    def add_more_arguments(self, parser):
        parser.add_argument(
            "--accept",
            action="store_true",
            help="gửi và chấp nhận các biên bản đã khớp hai lần nhập",
        )

    def run_import(self, path, options):
        election = self.election(options["election"])
        user = self.user(options["user"])
        return import_tallies(
            path,
            election,
            user,
            dry_run=options["dry_run"],
            accept=options["accept"],
        )
