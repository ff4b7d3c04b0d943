"""Load the demo election (HCMC, 23 May 2021) through the real set-up importer.

    manage.py load_demo                    generate the workbook, import it, add logins
    manage.py load_demo --if-missing       the same, unless HCM-2021 is already loaded
    manage.py load_demo --write-only DIR   only write the workbook (one CSV per sheet)

Running it twice changes nothing: the importer upserts, users are created once.
"""

import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.users import ensure_users, login_table
from demo.workbook import ELECTION, write_workbook
from electionadmin.setup.models import Election
from importers.election import import_election


class Command(BaseCommand):
    help = "Nạp cuộc bầu cử mẫu TP. Hồ Chí Minh 2021 và các tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write-only",
            metavar="DIR",
            help="Chỉ ghi bộ tệp CSV vào thư mục DIR, không nhập.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Bỏ qua việc nhập khi cuộc bầu cử mẫu đã có.",
        )
        parser.add_argument(
            "--team-size",
            type=int,
            default=11,
            help="Số thành viên mỗi Tổ bầu cử (mặc định 11, tối thiểu theo luật).",
        )

    def handle(self, *args, write_only=None, if_missing=False, team_size=11, **opts):
        if write_only:
            counts = write_workbook(write_only, team_size=team_size)
            self._print_rows(counts, f"đã ghi vào {Path(write_only).resolve()}")
            return
        code = ELECTION["code"]
        if if_missing and Election.objects.filter(code=code).exists():
            self.stdout.write(f"Cuộc bầu cử mẫu {code} đã có; bỏ qua việc nhập.")
        else:
            self._import(team_size, opts["verbosity"])
        created = ensure_users(Election.objects.get(code=code))
        added = sum(1 for _, was_created in created if was_created)
        self.stdout.write(f"Tài khoản dùng thử: {added} mới, {len(created)} tất cả.")
        for line in login_table():
            self.stdout.write("  " + line)

    def _import(self, team_size: int, verbosity: int) -> None:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="demo-hcm-2021-") as folder:
            counts = write_workbook(folder, team_size=team_size)
            self._print_rows(counts, "sinh trong thư mục tạm")
            progress = self._progress if verbosity >= 2 else None
            report = import_election(Path(folder), progress=progress)
        for warning in report.warnings[:20]:
            self.stdout.write(str(warning))
        if len(report.warnings) > 20:
            self.stdout.write(f"… và {len(report.warnings) - 20} cảnh báo khác.")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nhập dữ liệu mẫu thất bại: {len(report.errors)} lỗi (xem ở trên)."
            )
        self._print_counts(report.counts)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập {ELECTION['code']} ({elapsed:.1f} s).")
        )

    def _print_rows(self, counts: dict[str, int], where: str) -> None:
        rows = ", ".join(f"{sheet} {n:,}" for sheet, n in counts.items())
        self.stdout.write(f"Bộ dữ liệu mẫu ({where}): {rows}")

    def _print_counts(self, counts: dict[str, dict[str, int]]) -> None:
        outcomes = ("added", "updated", "unchanged", "removed")
        self.stdout.write(f"{'sheet':<16}" + "".join(f"{o:>11}" for o in outcomes))
        for sheet, by_outcome in counts.items():
            cells = "".join(f"{by_outcome.get(o, 0):>11,}" for o in outcomes)
            self.stdout.write(f"{sheet:<16}{cells}")

    def _progress(self, done: int, total: int, label: str) -> None:
        sys.stdout.write(f"\r{label}: {done:,}/{total:,}  ")
        if done >= total:
            sys.stdout.write("\n")
