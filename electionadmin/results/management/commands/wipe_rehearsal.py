"""Wipe a rehearsal (drill) election and everything belonging to it.

Usage: manage.py wipe_rehearsal CODE [--ly-do TEXT]

Refuses an election not marked "bầu cử diễn tập". Deletes, in one transaction, its
voters, voting areas, contests, electoral units, candidates, bodies, minutes,
certifications, result snapshots, turnout figures, print and import jobs (and their
private files, once the transaction commits); accounts scoped to its areas or units
are locked. One audit entry (who, what, the counts) records it and is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from electionadmin.figures import grouped
from electionadmin.results.rehearsal import WipeRefused, wipe


class Command(BaseCommand):
    help = "Xóa toàn bộ dữ liệu của một cuộc bầu cử diễn tập."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử diễn tập")
        parser.add_argument("--ly-do", dest="reason", default="", help="lý do xóa")

    def handle(self, *args, code: str, reason: str, **options):
        try:
            deleted = wipe(code, None, reason or "Xóa bằng lệnh wipe_rehearsal")
        except WipeRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã xóa bầu cử diễn tập {code}:")
        for label, count in deleted.items():
            self.stdout.write(f"  {label}: {grouped(count)}")
