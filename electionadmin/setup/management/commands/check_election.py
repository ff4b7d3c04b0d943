"""Check an election's saved set-up against the rules the database cannot hold.

Usage: manage.py check_election CODE

Every voting area of a contest's territory lies in exactly one of its electoral
units, and every unit's official list has the legal surplus of candidates (unless a
shortfall decision is recorded). Prints each violation and exits with status 1.
"""

from django.core.management.base import BaseCommand, CommandError

from electionadmin.setup.coverage import saved_violations
from electionadmin.setup.models import Election


class Command(BaseCommand):
    help = "Kiểm tra khu vực bỏ phiếu thuộc đơn vị bầu cử và số người ứng cử."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")

    def handle(self, *args, code: str, **options):
        election = Election.objects.filter(code=code).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã {code}.")
        violations = saved_violations(election)
        for message in violations:
            self.stderr.write(f"Lỗi: {message}")
        if violations:
            raise CommandError(
                f"Cuộc bầu cử {code} có {len(violations)} vi phạm quy định."
            )
        self.stdout.write(f"Cuộc bầu cử {code}: không có vi phạm.")
