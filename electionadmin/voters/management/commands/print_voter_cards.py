"""`manage.py print_voter_cards CODE --area 26734/1 -o cards.pdf`
(docs/EXCHANGE.md §7)."""

from electionadmin.voters.printing.cards import render_cards
from electionadmin.voters.printing.cli import PrintCommand


class Command(PrintCommand):
    help = "In thẻ cử tri của một khu vực bỏ phiếu (--area) hoặc một xã (--commune)."
    document = "thẻ cử tri"

    def render(self, path, election, areas, round=None) -> int:
        return render_cards(path, election, areas, round)
