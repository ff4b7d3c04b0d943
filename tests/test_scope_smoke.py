from django.test import TestCase

from electionadmin.access.scope import restrict
from electionadmin.setup.models import Candidate, ElectoralUnit, VotingArea

from .factories import SmallElectionMixin


class ScopeTests(SmallElectionMixin, TestCase):
    def test_a_ward_sees_only_its_voting_areas(self):
        areas = restrict(VotingArea.objects.all(), self.ward_a_user)
        self.assertEqual(set(areas), {self.a1, self.a2})

    def test_a_team_sees_its_area_and_the_units_it_lies_in(self):
        self.assertEqual(
            list(restrict(VotingArea.objects.all(), self.team_user)), [self.a1]
        )
        units = restrict(ElectoralUnit.objects.all(), self.team_user)
        self.assertEqual(set(units), {self.qh_unit, self.hdnd_a_unit})

    def test_ward_b_cannot_edit_qh_candidates_but_city_can(self):
        self.assertFalse(
            restrict(Candidate.objects.all(), self.ward_b_user, editable=True)
        )
        self.assertEqual(
            restrict(Candidate.objects.all(), self.city_user, editable=True).count(), 5
        )
