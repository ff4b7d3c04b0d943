"""The list counts election day reads follow imports and changes to the list."""

import datetime

from django.test import TestCase

from electionadmin.voters.changes import Paper, transfer_voter
from electionadmin.voters.models import AreaListCount, VoterEntry
from importers.voters import import_voters

from .factories import SmallElectionMixin
from .test_voters_changes import BEFORE_CUTOFF, VN, at
from .test_voters_import import DATA


def overall(area) -> int:
    row = AreaListCount.objects.filter(voting_area=area, contest=None).first()
    return row.voters if row else 0


class ListCountWiringTests(SmallElectionMixin, TestCase):
    def setUp(self):
        with at(datetime.datetime(2026, 2, 1, 8, 0, tzinfo=VN)):
            import_voters(DATA / "ok.csv", self.election)

    def active(self, area) -> int:
        return VoterEntry.objects.active().filter(voting_area=area).count()

    def test_an_import_refreshes_the_counts(self):
        for area in (self.a1, self.a2, self.b1):
            self.assertEqual(overall(area), self.active(area))
        self.assertGreater(overall(self.a1), 0)

    def test_a_transfer_refreshes_both_areas(self):
        before_a1, before_b1 = overall(self.a1), overall(self.b1)
        entry = VoterEntry.objects.active().filter(voting_area=self.a1).first()
        with at(BEFORE_CUTOFF):
            transfer_voter(entry, self.b1, Paper(reason="permanent_move"))
        self.assertEqual(overall(self.a1), before_a1 - 1)
        self.assertEqual(overall(self.b1), before_b1 + 1)
