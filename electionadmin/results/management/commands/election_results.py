"""Print an election's results per electoral unit (docs/EXCHANGE.md §5).

Usage: manage.py election_results CODE [--contest KEY] [--format json|csv]
                                       [--include-unaccepted]
                                       [--round first|reelection|supplementary]

Without --round, each unit's final outcome over its rounds (EXCHANGE §5a): a
re-election's result replaces the first round's, a supplementary election adds its
winners, a winner not confirmed leaves the seat open.

Figures are sums of the accepted counting minutes (with --include-unaccepted, also
of those whose double entry agreed); see electionadmin/results/determination.py.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from electionadmin.results.determination import UnknownContest, election_results
from electionadmin.results.export import write_csv
from electionadmin.results.models import Round
from electionadmin.setup.models import Election


class Command(BaseCommand):
    help = "In kết quả bầu cử theo đơn vị bầu cử (JSON hoặc CSV)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")
        parser.add_argument("--contest", help="QH, HDND_TINH:79, HDND_XA:26734 …")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--include-unaccepted",
            action="store_true",
            help="tính cả biên bản đã nhập khớp hai lần nhưng chưa được chấp nhận",
        )
        parser.add_argument(
            "--round",
            choices=Round.values,
            help="chỉ kết quả của một lần bầu cử (mặc định: kết quả cuối cùng qua các "
            "lần bầu cử của từng đơn vị)",
        )

    def handle(self, *args, **options):
        election = Election.objects.filter(code=options["code"]).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{options['code']}'.")
        try:
            results = election_results(
                election,
                options["contest"],
                options["include_unaccepted"],
                options["round"],
            )
        except UnknownContest as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            write_csv(results, self.stdout)
