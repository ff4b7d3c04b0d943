"""Print an election's results per electoral unit (docs/EXCHANGE.md §5).

Usage: manage.py election_results CODE [--contest KEY] [--format json|csv]
                                       [--include-unaccepted]
                                       [--round first|reelection|supplementary]

Figures are sums of the accepted counting minutes (with --include-unaccepted, also
of those whose double entry agreed); see electionadmin/results/determination.py.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from electionadmin import cells
from electionadmin.results.determination import UnknownContest, election_results
from electionadmin.results.models import Round
from electionadmin.setup.models import Election

UNIT_COLUMNS = [
    "round",
    "number",
    "seats",
    "areas_expected",
    "areas_reported",
    "voters_on_list",
    "voters_voted",
    "turnout_pct",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
    "valid_pct",
    "invalid_pct",
    "status",
    "elected_count",
    "seats_unfilled",
    "supplementary_election_required",
    "seats_undecided",
    "tie_unresolved",
]
CANDIDATE_COLUMNS = [
    "ballot_order",
    "full_name",
    "birth_date",
    "votes",
    "pct_of_valid",
    "rank",
    "elected",
    "tie_unresolved",
]


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
        parser.add_argument("--round", choices=Round.values, default=Round.FIRST)

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
            self.write_csv(results)

    def write_csv(self, results: dict) -> None:
        """One row per candidate, the unit's figures repeated on each row."""
        writer = cells.csv_writer(self.stdout, lineterminator="\n")
        candidate_headers = [
            f"candidate_{c}" if c in UNIT_COLUMNS else c for c in CANDIDATE_COLUMNS
        ]
        writer.writerow(["election", "contest", *UNIT_COLUMNS, *candidate_headers])
        for contest in results["contests"]:
            for unit in contest["units"]:
                head = [results["election"], contest["contest"]]
                head += [unit[key] for key in UNIT_COLUMNS]
                for candidate in unit["candidates"]:
                    writer.writerow(head + [candidate[k] for k in CANDIDATE_COLUMNS])
