"""manage.py restore ARCHIVE [--yes]: replace the database and the files with those
of an archive made by `manage.py backup`, after checking every checksum.

A damaged archive is refused and nothing is changed. Stop the server and the task
workers first: the restore replaces everything they work on.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from electionadmin.backup import BackupError, restore_backup, verify


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp từ một tệp sao lưu (kiểm tra mã SHA-256 "
        "trước; tệp hỏng thì không thay đổi gì)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp do manage.py backup tạo.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Không hỏi lại (dữ liệu hiện có sẽ bị thay thế).",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Chỉ kiểm tra tệp sao lưu, không khôi phục.",
        )

    def handle(self, *args, archive, yes=False, check_only=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không có tệp sao lưu {path}.")
        try:
            manifest = verify(path)
            made = timezone.localtime(
                datetime.datetime.fromisoformat(manifest["created"])
            )
            self.stdout.write(
                f"Tệp sao lưu lúc {made:%H:%M:%S ngày %d/%m/%Y} nguyên vẹn "
                f"({len(manifest['sha256'])} phần, mã SHA-256 khớp)."
            )
            if check_only:
                return
            if not yes and not self._confirmed():
                raise CommandError("Đã hủy: không thay đổi gì.")
            restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("Đã khôi phục cơ sở dữ liệu và các tệp.")

    def _confirmed(self) -> bool:
        answer = input(
            "Toàn bộ dữ liệu và tệp hiện có sẽ bị thay bằng bản sao lưu. "
            "Gõ 'dong y' để tiếp tục: "
        )
        return answer.strip().lower() in ("dong y", "đồng ý")
