"""W03 and W05 read the voter list the system holds (voters.counts)."""

from django.test import TestCase

from electionadmin.results.checks import check_minutes
from electionadmin.results.minutes import context_for
from importers.voters import import_voters

from .test_results_base import ResultsMixin, figures
from .test_voters_import import DATA


def codes(test, area_figures, context, votes) -> list[str]:
    found = check_minutes(
        area_figures, votes, seats=1, candidates=test.candidates, context=context
    )
    return [f.code for f in found]


class VoterListChecksTests(ResultsMixin, TestCase):
    def test_no_list_in_the_system_keeps_the_checks_silent(self):
        context = context_for(self.a1, self.qh, "first")
        self.assertIsNone(context.registered_voters)
        self.assertIsNone(context.partial_entitlement)

    def test_the_imported_list_feeds_w03(self):
        import_voters(DATA / "ok.csv", self.election)
        on_list = self.a1.voter_entries.filter(status="active").count()
        active = self.a1.voter_entries.filter(status="active")
        qh_on_list = sum(1 for entry in active if entry.contest_mask & 1)
        context = context_for(self.a1, self.qh, "first")
        self.assertGreater(on_list, 0)
        self.assertEqual(context.registered_voters, qh_on_list)
        votes = self.qh_votes(500, 300, 80)
        right = figures(on_list=qh_on_list)
        self.assertNotIn("W03", codes(self, right, context, votes))
        wrong = figures(on_list=qh_on_list + 1)
        self.assertIn("W03", codes(self, wrong, context, votes))

    def test_partial_entitlement_follows_the_list(self):
        import_voters(DATA / "ok.csv", self.election)
        hdnd = context_for(self.a1, self.hdnd_a, "first")
        temporary = self.a1.voter_entries.filter(residence="temporary_under_12m")
        self.assertEqual(hdnd.partial_entitlement, temporary.exists())
