"""Print the turnout report of an election (docs/EXCHANGE.md §6).

Usage: manage.py turnout_report CODE [--format json|csv] [--unit UNIT_CODE]
                                     [--round reelection|supplementary]

Rows: the province, its districts (2021), communes, voting areas, then the
electoral units of every contest; per reporting slot the areas reported, the voters
who had voted and the turnout. Sums count only the areas that reported at the slot
(see electionadmin/polling/README.md). --unit limits the report to one unit's
territory. --round reports a re-election or supplementary election: only the
areas and units taking part in it, with its figures.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from electionadmin.polling.report import turnout_report, write_csv
from electionadmin.setup.models import AdminUnit, Election


class Command(BaseCommand):
    help = "In báo cáo tiến độ cử tri đi bầu (JSON hoặc CSV)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã cuộc bầu cử")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--unit", help="mã đơn vị hành chính (mặc định: tất cả)")
        parser.add_argument(
            "--round",
            choices=["first", "reelection", "supplementary"],
            default="first",
            help="lần bầu cử (mặc định: bầu cử lần đầu)",
        )

    def handle(self, *args, **options):
        election = Election.objects.filter(code=options["code"]).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu cử mã '{options['code']}'.")
        root = None
        if options["unit"]:
            root = AdminUnit.objects.filter(
                unit_set=election.unit_set_id, code=options["unit"]
            ).first()
            if root is None:
                raise CommandError(
                    f"Không có đơn vị hành chính mã '{options['unit']}'."
                )
        round = None if options["round"] == "first" else options["round"]
        report = turnout_report(election, root, round)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            write_csv(report, self.stdout)
