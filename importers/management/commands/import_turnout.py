"""Import turnout progress figures from a workbook (docs/EXCHANGE.md §3).

Usage: manage.py import_turnout PATH --election CODE [--user USERNAME] [--dry-run]

PATH is an .xlsx file with a sheet `turnout`, or a folder or .zip holding
`turnout.csv`. All or nothing: every problem is listed with its sheet, row and
column, nothing is written when any row is rejected, and the exit status is then
non-zero. Re-importing the same file changes nothing.
"""

from importers.commands import FiguresImportCommand
from importers.turnout import import_turnout


class Command(FiguresImportCommand):
    help = "Nhập số liệu tiến độ cử tri đi bầu từ tệp bảng tính."
    user_help = "tên đăng nhập ghi vào nhật ký"
    no_rows = "không có dòng nào"

    def run_import(self, path, options):
        election = self.election(options["election"])
        user = self.user(options["user"])
        return import_turnout(path, election, user, dry_run=options["dry_run"])
