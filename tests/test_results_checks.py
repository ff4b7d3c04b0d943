"""Each code of the catalogue, rejected or warned on its own (checks.py)."""

from types import SimpleNamespace

from django.test import SimpleTestCase

from electionadmin.results import checks
from electionadmin.results.checks import CheckContext, check_inventory, check_minutes

CANDIDATES = [
    SimpleNamespace(pk=11, ballot_order=1, full_name="Lê Văn An"),
    SimpleNamespace(pk=12, ballot_order=2, full_name="Trần Thị Bình"),
    SimpleNamespace(pk=13, ballot_order=3, full_name="Phạm Chí"),
]
GOOD = {
    "voters_on_list": 1000,
    "voters_voted": 900,
    "ballots_issued": 900,
    "ballots_received": 900,
    "valid": 880,
    "invalid": 20,
}
GOOD_VOTES = {11: 500, 12: 300, 13: 80}  # one seat: every valid ballot, one name


def codes(figures=None, votes=None, seats=1, context=None) -> list[str]:
    found = check_minutes(
        {**GOOD, **(figures or {})},
        GOOD_VOTES if votes is None else votes,
        seats=seats,
        candidates=CANDIDATES,
        context=context,
    )
    return [f.code for f in found]


class ErrorCodeTests(SimpleTestCase):
    def test_good_minutes_have_no_finding(self):
        self.assertEqual(codes(), [])

    def test_e01_valid_plus_invalid_must_be_received(self):
        self.assertEqual(codes({"invalid": 21}), ["E01"])

    def test_e02_received_cannot_exceed_issued(self):
        found = codes({"ballots_issued": 899, "voters_voted": 899})
        self.assertIn("E02", found)

    def test_e03_voted_cannot_exceed_the_list(self):
        self.assertIn("E03", codes({"voters_on_list": 899}))

    def test_e04_a_candidate_cannot_have_more_votes_than_valid(self):
        self.assertEqual(codes(votes={11: 881, 12: 0, 13: 0}), ["E04"])

    def test_e05_every_valid_ballot_keeps_a_name(self):
        self.assertEqual(codes(votes={11: 500, 12: 300, 13: 79}), ["E05"])

    def test_e06_a_ballot_keeps_at_most_seats_names(self):
        self.assertEqual(codes(votes={11: 500, 12: 300, 13: 81}), ["E06"])
        self.assertEqual(codes(votes={11: 880, 12: 880, 13: 1}, seats=2), ["E06"])

    def test_e07_every_candidate_of_the_unit_is_present(self):
        found = check_minutes(GOOD, {11: 580, 12: 300}, seats=1, candidates=CANDIDATES)
        self.assertEqual([(f.code, f.field) for f in found], [("E07", "votes.3")])
        self.assertIn("Phạm Chí", found[0].message)

    def test_e08_a_candidate_of_another_unit_is_refused(self):
        self.assertIn("E08", codes(votes={**GOOD_VOTES, 99: 1}))

    def test_e09_a_missing_or_negative_figure_is_refused(self):
        self.assertEqual(codes({"valid": None}), ["E09"])
        self.assertEqual(codes({"invalid": -1}), ["E09"])
        self.assertEqual(codes(votes={11: -1, 12: 300, 13: 80}), ["E09"])

    def test_e20_the_ballot_inventory_accounts_for_every_ballot(self):
        good = {"received": 1000, "issued": 900, "spoiled": 5, "unused": 95}
        self.assertEqual(check_inventory(good), [])
        found = check_inventory({**good, "unused": 94})
        self.assertEqual([f.code for f in found], ["E20"])

    def test_findings_are_code_severity_field_message_tuples(self):
        code, severity, field, message = check_minutes(
            {**GOOD, "invalid": 21}, GOOD_VOTES, seats=1, candidates=CANDIDATES
        )[0]
        self.assertEqual((code, severity, field), ("E01", "error", "ballots_received"))
        self.assertIn("phải bằng số phiếu thu vào", message)


class WarningCodeTests(SimpleTestCase):
    def test_w01_invalid_above_three_percent(self):
        votes = {11: 500, 12: 300, 13: 72}
        self.assertEqual(codes({"valid": 872, "invalid": 28}, votes), ["W01"])
        three_pct = {"valid": 873, "invalid": 27}  # exactly 3 %: no warning
        self.assertEqual(codes(three_pct, {11: 500, 12: 300, 13: 73}), [])

    def test_w02_received_differs_from_voted(self):
        self.assertEqual(codes({"voters_voted": 901, "ballots_issued": 901}), ["W02"])

    def test_w07_issued_differs_from_voted(self):
        self.assertEqual(codes({"ballots_issued": 905}), ["W07"])

    def test_w03_the_list_differs_from_the_voter_list_in_the_system(self):
        self.assertEqual(codes(context=CheckContext(kind="QH")), [])
        found = codes(context=CheckContext(kind="QH", registered_voters=1001))
        self.assertEqual(found, ["W03"])

    def test_w03_without_a_voter_list_nothing_is_known(self):
        # (with the database: test_results_voter_list.py, no list in the system)
        context = CheckContext(kind="QH")
        self.assertIsNone(context.registered_voters)
        self.assertIsNone(context.partial_entitlement)
        self.assertEqual(codes(context=context), [])

    def test_w04_a_narrower_council_cannot_have_more_voters(self):
        wider = {**GOOD, "voters_on_list": 990}
        context = CheckContext(kind="HDND_XA", siblings={"QH": wider})
        self.assertEqual(codes(context=context), ["W04"])
        context = CheckContext(
            kind="QH", siblings={"HDND_XA": {**GOOD, "voters_voted": 950}}
        )
        self.assertEqual(codes(context=context), ["W04"])

    def test_w05_contests_differ_where_everybody_votes_in_all(self):
        other = {**GOOD, "voters_on_list": 1010}
        loose = CheckContext(kind="HDND_XA", siblings={"QH": other})
        self.assertEqual(codes(context=loose), [])  # unknown: no warning
        strict = CheckContext(
            kind="HDND_XA", siblings={"QH": other}, partial_entitlement=False
        )
        self.assertEqual(codes(context=strict), ["W05"])

    def test_w06_issued_differs_from_the_ballot_inventory(self):
        self.assertEqual(
            codes(context=CheckContext(kind="QH", inventory_issued=901)), ["W06"]
        )

    def test_every_code_is_catalogued_with_its_severity(self):
        for code, (severity, title) in checks.CATALOGUE.items():
            self.assertEqual(severity, "error" if code[0] == "E" else "warning")
            self.assertTrue(title)
