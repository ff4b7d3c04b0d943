"""Check a printed form's verification code against the current data.

Usage: manage.py verify_form "BCVN1|HCM-2021|TEAM_COUNT_QH|26734/1|QH|first|ABCDE-FGHIJ"

The text is what the form's QR code holds (also printed under it). Exits 0 when the
figures recomputed now give the printed code, non-zero otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from electionadmin.documents.render import verify


class Command(BaseCommand):
    help = "Đối chiếu mã xác thực in trên biểu mẫu với dữ liệu hiện có."

    def add_arguments(self, parser):
        parser.add_argument("text", help="Chuỗi đọc từ mã QR của biểu mẫu.")

    def handle(self, text, **options):
        verdict = verify(text)
        if not verdict.ok:
            raise CommandError(verdict.message)
        self.stdout.write(verdict.message)
