"""`manage.py print_voter_list CODE --area 26734/1 -o list.pdf`
(docs/EXCHANGE.md §7)."""

from electionadmin.voters.printing.cli import PrintCommand
from electionadmin.voters.printing.lists import render_list


class Command(PrintCommand):
    help = (
        "In danh sách cử tri của một khu vực bỏ phiếu (--area) hoặc một xã (--commune)."
    )
    document = "danh sách cử tri"

    def render(self, path, election, areas, round=None) -> int:
        return render_list(path, election, areas, round)
