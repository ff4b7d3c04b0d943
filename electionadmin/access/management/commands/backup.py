"""manage.py backup [PATH]: the database and the files in one archive with checksums.

    manage.py backup                         backups/baucu-YYYYmmdd-HHMMSS.tar.gz
    manage.py backup /srv/backup/x.tar.gz    that file
    manage.py backup --keep 48               then keep the 48 newest in that folder

See electionadmin/backup.py for what the archive holds; README for a schedule.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from electionadmin.backup import BackupError, make_backup

PATTERN = "baucu-*.tar.gz"


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp (PRIVATE_MEDIA_ROOT, MEDIA_ROOT) vào một "
        "tệp, kèm mã kiểm tra SHA-256 từng phần."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Tệp sao lưu (mặc định: thư mục BACKUP_DIR, tên theo giờ).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Giữ N bản mới nhất (baucu-*.tar.gz) trong thư mục, xóa bản cũ hơn.",
        )

    def handle(self, *args, path=None, keep=0, **options):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BACKUP_DIR) / f"baucu-{stamp}.tar.gz"
        started = datetime.datetime.now()
        try:
            made = make_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = (datetime.datetime.now() - started).total_seconds()
        files = len(made.members) - 1
        self.stdout.write(
            f"Đã sao lưu vào {made.path} ({made.size / 1024 / 1024:.1f} MB, cơ sở dữ "
            f"liệu và {files} tệp, {seconds:.0f} giây)."
        )
        if keep > 0:
            self._prune(made.path.parent, keep)

    def _prune(self, folder: Path, keep: int) -> None:
        backups = sorted(
            folder.glob(PATTERN), key=lambda p: (p.stat().st_mtime_ns, p.name)
        )
        for old in backups[:-keep]:
            old.unlink()
            self.stdout.write(f"Đã xóa bản cũ {old.name}.")
