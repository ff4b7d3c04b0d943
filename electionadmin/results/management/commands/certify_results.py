"""Certify (or revoke) one contest's results from the command line (EXCHANGE §8).

Usage: manage.py certify_results CODE --contest KEY --user USERNAME [--reason TEXT]
       manage.py certify_results CODE --contest KEY --user USERNAME --revoke
                                 --reason TEXT
       [--round first|reelection|supplementary]

The same functions as the committee screen (electionadmin/results/certification.py):
the same authority, refusals, lock, audit entry and publication. Exits non-zero with
the reason when refused; nothing changes then.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from electionadmin.results.certification import certify, revoke
from electionadmin.results.determination import UnknownContest, contests_of
from electionadmin.results.models import Round
from electionadmin.results.workflow import WorkflowError
from electionadmin.setup.models import Election

DRILL_NOTE = "Bầu cử diễn tập: kết quả không được công bố trên trang công khai."


class Command(BaseCommand):
    help = "Xác nhận (hoặc hủy xác nhận) kết quả bầu cử của một cấp."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")
        parser.add_argument(
            "--contest", required=True, help="QH, HDND_TINH:79, HDND_XA:26734 …"
        )
        parser.add_argument("--user", required=True, help="tên đăng nhập")
        parser.add_argument("--reason", default="", help="ghi chú hoặc lý do")
        parser.add_argument(
            "--revoke", action="store_true", help="hủy việc xác nhận (cần --reason)"
        )
        parser.add_argument("--round", choices=Round.values, default=Round.FIRST)

    def handle(self, *args, **options):
        contest = self._contest(options["code"], options["contest"])
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"Không có người dùng '{options['user']}'.")
        try:
            if options["revoke"]:
                revoke(contest, user, options["reason"], options["round"])
            else:
                certify(contest, user, options["round"], options["reason"])
        except WorkflowError as exc:
            raise CommandError(f"Không thực hiện được: {exc}") from exc
        done = "Đã hủy xác nhận kết quả" if options["revoke"] else "Đã xác nhận kết quả"
        self.stdout.write(f"{done} {contest}.")
        if contest.election.is_rehearsal and not options["revoke"]:
            self.stdout.write(DRILL_NOTE)

    def _contest(self, code: str, key: str):
        election = Election.objects.filter(code=code).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{code}'.")
        try:
            return contests_of(election, key)[0]
        except UnknownContest as exc:
            raise CommandError(str(exc)) from exc
