"""Record the confirmation of an elected candidate (xác nhận tư cách, EXCHANGE §5a).

Usage: manage.py confirm_elected CODE --contest KEY --candidate NAME
                                 --decision TEXT [--not-confirmed --reason TEXT]
                                 [--unit N] [--body TEXT] --user USERNAME

NAME is the candidate's full name (with --unit when two units share it). Refused,
with the reason, before the round that elected the candidate is certified, for a
candidate not elected, or without the authority the screen asks for. Audited.
"""

from django.core.management.base import BaseCommand, CommandError

from electionadmin.results.rounds import confirm
from electionadmin.results.workflow import WorkflowError
from electionadmin.setup.models import Candidate
from electionadmin.text import clean_text

from ._common import contest_of, election_of, user_of


class Command(BaseCommand):
    help = "Ghi nhận việc xác nhận (hoặc không xác nhận) tư cách người trúng cử."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")
        parser.add_argument("--contest", required=True)
        parser.add_argument("--candidate", required=True, help="họ và tên")
        parser.add_argument("--unit", type=int, help="số đơn vị bầu cử")
        parser.add_argument("--decision", required=True, help="văn bản quyết định")
        parser.add_argument("--not-confirmed", action="store_true")
        parser.add_argument("--reason", default="", help="lý do không xác nhận")
        parser.add_argument("--body", default="", help="cơ quan xác nhận")
        parser.add_argument("--user", required=True, help="tên đăng nhập")

    def handle(self, *args, **options):
        election = election_of(options["code"])
        contest = contest_of(election, options["contest"])
        name = clean_text(options["candidate"])
        found = Candidate.objects.filter(
            electoral_unit__contest=contest, full_name__iexact=name
        ).select_related("electoral_unit__contest__election")
        if options["unit"] is not None:
            found = found.filter(electoral_unit__number=options["unit"])
        found = list(found)
        if not found:
            raise CommandError(f"{contest} không có người ứng cử '{name}'.")
        if len(found) > 1:
            units = ", ".join(str(c.electoral_unit.number) for c in found)
            raise CommandError(
                f"Có {len(found)} người ứng cử tên '{name}' (đơn vị số {units}); "
                "ghi thêm --unit."
            )
        if options["not_confirmed"] and not options["reason"].strip():
            raise CommandError("Ghi --reason: lý do không xác nhận tư cách.")
        try:
            done = confirm(
                found[0],
                user_of(options["user"]),
                not options["not_confirmed"],
                options["decision"],
                options["reason"],
                options["body"],
            )
        except WorkflowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã ghi nhận: {done} ({done.decision}).")
