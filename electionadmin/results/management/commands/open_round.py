"""Open a re-election or supplementary election in one unit (EXCHANGE §5a).

Usage: manage.py open_round CODE --contest KEY --unit N
                            --round reelection|supplementary --decision TEXT
                            --date YYYY-MM-DD --user USERNAME
                            [--decision-date YYYY-MM-DD] [--body TEXT]

Records the decision (number, date, deciding body) as USERNAME, exactly as the
committee's screen does: the same authority, the same refusals (a unit the law does
not flag, a date outside the legal limit, a second round of the same kind), the
same audit entry. Exits non-zero with the reason when refused; nothing changes then.
"""

from django.core.management.base import BaseCommand, CommandError

from electionadmin.results.rounds import open_round
from electionadmin.results.workflow import WorkflowError

from ._common import contest_of, date_of, election_of, user_of


class Command(BaseCommand):
    help = "Ghi nhận quyết định bầu cử lại hoặc bầu cử thêm ở một đơn vị bầu cử."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")
        parser.add_argument("--contest", required=True, help="QH, HDND_XA:26734 …")
        parser.add_argument("--unit", required=True, type=int, help="số đơn vị")
        parser.add_argument(
            "--round", required=True, choices=["reelection", "supplementary"]
        )
        parser.add_argument("--decision", required=True, help="số văn bản quyết định")
        parser.add_argument("--date", required=True, help="ngày bầu cử lại/bầu cử thêm")
        parser.add_argument("--decision-date", help="ngày quyết định")
        parser.add_argument("--body", default="", help="cơ quan quyết định")
        parser.add_argument("--user", required=True, help="tên đăng nhập")

    def handle(self, *args, **options):
        election = election_of(options["code"])
        contest = contest_of(election, options["contest"])
        unit = contest.units.filter(number=options["unit"]).first()
        if unit is None:
            raise CommandError(
                f"{contest} không có đơn vị bầu cử số {options['unit']}."
            )
        decision_date = options["decision_date"]
        try:
            held = open_round(
                unit,
                options["round"],
                user_of(options["user"]),
                options["decision"],
                date_of(options["date"], "--date"),
                date_of(decision_date, "--decision-date") if decision_date else None,
                options["body"],
            )
        except WorkflowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã ghi nhận: {held.get_round_display()} ở {unit} ({contest}), "
            f"ngày {held.election_date:%d/%m/%Y}, theo {held.decision} của "
            f"{held.decided_by}."
        )
