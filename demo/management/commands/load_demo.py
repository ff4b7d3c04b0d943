"""Load the demo election (HCMC, 23 May 2021) through the real set-up importer.

    manage.py load_demo                    generate the workbook, import it, add logins,
                                           import a synthetic voter list for Quận 1,
                                           play election day and the count
    manage.py load_demo --if-missing       the same, unless HCM-2021 is already loaded
                                           (and has voters, unless --no-voters); the
                                           election day is played when it was not
    manage.py load_demo --write-only DIR   only write the workbook (one CSV per sheet)
                                           and voters.csv
    manage.py load_demo --no-voters        leave out the voter list
    manage.py load_demo --no-election-day  leave out election day and the count
    manage.py load_demo --no-rehearsal     leave out the rehearsal election

Unless --no-election-day, it then plays election day and the count from the
published 2021 results (demo/results.py), dated on the 2021 timeline: the list size
of every area without a voter list in the system declared (electionadmin/voters/
declared.py), turnout at every slot for every area, the National Assembly minutes
of every area entered twice, submitted and accepted (all at once:
electionadmin/results/bulk.py), the contest certified (once: skipped when the
election has minutes).
Unless --no-rehearsal, it also imports the rehearsal election DIENTAP (diễn tập,
demo/rehearsal.py: three wards, election day 20 days after the day it is loaded,
with a voter list) when it is missing.

It also publishes three guides with pictures of the screens (demo/guides.py) in the
guides section. Running it twice changes nothing: the importer upserts, users and
guides are created once.
"""

import sys
import tempfile
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.guides import ensure_guides
from demo.rehearsal import CODE as REHEARSAL
from demo.rehearsal import write_rehearsal
from demo.results import play_election_day, played
from demo.users import (
    REHEARSAL_USERS,
    ensure_users,
    login_table,
    refuse_unless_demo,
)
from demo.voters import write_voters
from demo.workbook import ELECTION, SEED, write_workbook
from electionadmin.figures import grouped
from electionadmin.setup.models import Election
from electionadmin.voters.models import VoterEntry
from importers.columns import sheet_label
from importers.commands import OUTCOME_WORDS
from importers.election import import_election
from importers.voters import import_voters


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
        parser.add_argument(
            "--no-voters",
            action="store_true",
            help="Không nạp danh sách cử tri mẫu (các phường của Quận 1).",
        )
        parser.add_argument(
            "--no-election-day",
            action="store_true",
            help="Không nạp số liệu ngày bầu cử (tiến độ, biên bản kiểm phiếu nhập hai "
            "lần và được chấp nhận, xác nhận kết quả đại biểu Quốc hội).",
        )
        parser.add_argument(
            "--no-rehearsal",
            action="store_true",
            help="Không nạp cuộc bầu cử diễn tập.",
        )

    def handle(self, *args, write_only=None, if_missing=False, team_size=11, **opts):
        voters = not opts["no_voters"]
        if write_only:
            counts = write_workbook(write_only, team_size=team_size)
            if voters:
                counts["voters"] = write_voters(write_only, SEED)
            self._print_rows(counts, f"đã ghi vào {Path(write_only).resolve()}")
            return
        try:  # before anything is imported: nothing half-done
            refuse_unless_demo()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from None
        code = ELECTION["code"]
        if if_missing and self._loaded(code, voters):
            self.stdout.write(f"Cuộc bầu cử mẫu {code} đã có; bỏ qua việc nhập.")
        else:
            self._import(team_size, opts["verbosity"], voters)
        election = Election.objects.get(code=code)
        created = ensure_users(election)
        added = sum(1 for _, was_created in created if was_created)
        self.stdout.write(f"Tài khoản dùng thử: {added} mới, {len(created)} tất cả.")
        if not opts["no_election_day"]:
            self._election_day(election)
        if not opts["no_rehearsal"]:
            self._rehearsal()
        for line in login_table():
            self.stdout.write("  " + line)
        guides = ensure_guides()
        added = sum(1 for _, was_created in guides if was_created)
        self.stdout.write(f"Hướng dẫn mẫu: {added} mới, {len(guides)} tất cả.")

    def _election_day(self, election) -> None:
        if played(election):
            self.stdout.write("Số liệu ngày bầu cử mẫu đã có; bỏ qua.")
            return
        started = time.monotonic()
        counts = play_election_day(election)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Ngày bầu cử mẫu: {grouped(counts['declared'])} khu vực có số cử "
                f"tri khai báo, {grouped(counts['turnout'])} số liệu tiến độ, "
                f"{grouped(counts['minutes'])} biên bản kiểm phiếu đại biểu Quốc hội "
                f"được chấp nhận, kết quả đã xác nhận ({elapsed:.1f} s)."
            )
        )

    def _rehearsal(self) -> None:
        drill = Election.objects.filter(code=REHEARSAL).first()
        if drill is not None:
            ensure_users(drill, REHEARSAL_USERS)
            self.stdout.write(f"Cuộc bầu cử diễn tập {REHEARSAL} đã có; bỏ qua.")
            return
        with tempfile.TemporaryDirectory(prefix="demo-dientap-") as folder:
            counts = write_rehearsal(folder)
            self._print_rows(counts, "diễn tập, sinh trong thư mục tạm")
            report = import_election(Path(folder) / "bau-cu")
            self._check(report, "Nhập cuộc bầu cử diễn tập")
            Election.objects.filter(code=REHEARSAL).update(is_rehearsal=True)
            report = import_voters(Path(folder) / "voters.csv", REHEARSAL)
            self._check(report, "Nhập danh sách cử tri diễn tập")
        election = Election.objects.get(code=REHEARSAL)
        ensure_users(election, REHEARSAL_USERS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập cuộc bầu cử diễn tập {REHEARSAL}, ngày bầu cử "
                f"{election.election_date:%d/%m/%Y}."
            )
        )

    def _loaded(self, code: str, voters: bool) -> bool:
        election = Election.objects.filter(code=code).first()
        if election is None:
            return False
        return not voters or VoterEntry.objects.filter(election=election).exists()

    def _import(self, team_size: int, verbosity: int, voters: bool) -> None:
        started = time.monotonic()
        progress = self._progress if verbosity >= 2 else None
        with tempfile.TemporaryDirectory(prefix="demo-hcm-2021-") as folder:
            counts = write_workbook(folder, team_size=team_size)
            self._print_rows(counts, "sinh trong thư mục tạm")
            report = import_election(Path(folder), progress=progress)
            self._check(report, "Nhập dữ liệu mẫu")
            self._print_counts(report.counts)
            elapsed = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(f"Đã nhập {ELECTION['code']} ({elapsed:.1f} s).")
            )
            if voters:
                self._import_voters(Path(folder), progress)

    def _import_voters(self, folder: Path, progress) -> None:
        started = time.monotonic()
        count = write_voters(folder, SEED)
        self._print_rows({"voters": count}, "sinh trong thư mục tạm")
        report = import_voters(
            folder / "voters.csv", ELECTION["code"], progress=progress
        )
        self._check(report, "Nhập danh sách cử tri mẫu")
        self._print_counts(report.counts)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {grouped(count)} cử tri mẫu ({elapsed:.1f} s)."
            )
        )

    def _check(self, report, what: str) -> None:
        for warning in report.warnings[:20]:
            self.stdout.write(str(warning))
        if len(report.warnings) > 20:
            self.stdout.write(f"… và {len(report.warnings) - 20} cảnh báo khác.")
        if not report.ok:
            for error in report.errors[:50]:
                self.stderr.write(str(error))
            raise CommandError(
                f"{what} thất bại: {len(report.errors)} lỗi (xem ở trên)."
            )

    def _print_rows(self, counts: dict[str, int], where: str) -> None:
        rows = ", ".join(
            f"{sheet_label(sheet)} {grouped(n)}" for sheet, n in counts.items()
        )
        self.stdout.write(f"Bộ dữ liệu mẫu ({where}): {rows}")

    def _print_counts(self, counts: dict[str, dict[str, int]]) -> None:
        outcomes = ("added", "updated", "unchanged", "removed")
        head = "".join(f"{OUTCOME_WORDS[o]:>12}" for o in outcomes)
        self.stdout.write(f"{'trang tính':<28}{head}")
        for sheet, by_outcome in counts.items():
            cells = "".join(f"{grouped(by_outcome.get(o, 0)):>12}" for o in outcomes)
            self.stdout.write(f"{sheet_label(sheet):<28}{cells}")

    def _progress(self, done: int, total: int, label: str) -> None:
        sys.stdout.write(f"\r{label}: {grouped(done)}/{grouped(total)}  ")
        if done >= total:
            sys.stdout.write("\n")
