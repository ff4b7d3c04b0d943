from django.test import TestCase

from electionadmin.results.determination import election_results, unit_results

from .test_results_base import ResultsMixin, counted


def result_of(unit, **options) -> dict:
    found = {u.pk: r for u, r in unit_results([unit.contest], **options)}
    return found[unit.pk]


def by_name(result) -> dict:
    return {c["full_name"]: c for c in result["candidates"]}


FOUR = [
    ("Nguyễn Văn A", (1975, 1, 1)),
    ("Trần Văn B", (1970, 6, 1)),
    ("Lê Văn C", (1960, 6, 1)),
    ("Phạm Văn D", (1980, 1, 1)),
]


class WinnerRuleTests(ResultsMixin, TestCase):
    def test_a_tie_for_the_last_seat_goes_to_the_older_candidate(self):
        unit, (area,) = self.new_unit(2, FOUR)
        counted(
            unit,
            area,
            {1: 700, 2: 600, 3: 600, 4: 100},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        result = result_of(unit)
        people = by_name(result)
        self.assertTrue(people["Nguyễn Văn A"]["elected"])
        self.assertTrue(people["Lê Văn C"]["elected"])  # born 1960: older
        self.assertFalse(people["Trần Văn B"]["elected"])
        self.assertEqual([c["rank"] for c in result["candidates"]], [1, 2, 3, 4])
        self.assertEqual(result["elected_count"], 2)
        self.assertFalse(result["tie_unresolved"])

    def test_the_same_birth_date_is_flagged_for_the_board_not_guessed(self):
        same = (1965, 5, 5)
        people = [FOUR[0], ("Trần Văn B", same), ("Lê Văn C", same), FOUR[3]]
        unit, (area,) = self.new_unit(2, people)
        counted(
            unit,
            area,
            {1: 700, 2: 600, 3: 600, 4: 100},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        result = result_of(unit)
        found = by_name(result)
        self.assertTrue(result["tie_unresolved"])
        self.assertEqual(result["elected_count"], 1)
        self.assertEqual(result["seats_undecided"], 1)
        self.assertEqual(result["seats_unfilled"], 0)
        self.assertFalse(result["supplementary_election_required"])
        for name in ("Trần Văn B", "Lê Văn C"):
            self.assertFalse(found[name]["elected"])
            self.assertTrue(found[name]["tie_unresolved"])
            self.assertEqual(found[name]["rank"], 2)
        self.assertFalse(found["Nguyễn Văn A"]["tie_unresolved"])

    def test_exactly_half_of_the_valid_ballots_is_not_elected(self):
        unit, (area,) = self.new_unit(1, FOUR[:3])
        counted(
            unit,
            area,
            {1: 500, 2: 499, 3: 1},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        result = result_of(unit)
        self.assertEqual(result["status"], "complete")
        self.assertEqual(result["elected_count"], 0)
        self.assertEqual(result["candidates"][0]["pct_of_valid"], "50.00")
        self.assertFalse(result["candidates"][0]["elected"])

    def test_one_vote_above_half_is_elected(self):
        unit, (area,) = self.new_unit(1, FOUR[:3])
        counted(
            unit,
            area,
            {1: 501, 2: 498, 3: 1},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        self.assertTrue(result_of(unit)["candidates"][0]["elected"])


class TurnoutTests(ResultsMixin, TestCase):
    def test_turnout_of_exactly_half_requires_reelection(self):
        unit, (area,) = self.new_unit(1, FOUR[:2])
        counted(
            unit,
            area,
            {1: 400, 2: 100},
            on_list=1000,
            voted=500,
            issued=500,
            received=500,
            valid=500,
            invalid=0,
        )
        result = result_of(unit)
        self.assertEqual(result["status"], "reelection_required")
        self.assertEqual(result["turnout_pct"], "50.00")
        self.assertEqual(result["elected_count"], 0)
        self.assertFalse(result["supplementary_election_required"])

    def test_one_voter_above_half_makes_the_election_valid(self):
        unit, (area,) = self.new_unit(1, FOUR[:2])
        counted(
            unit,
            area,
            {1: 401, 2: 100},
            on_list=1000,
            voted=501,
            issued=501,
            received=501,
            valid=501,
            invalid=0,
        )
        self.assertEqual(result_of(unit)["status"], "complete")

    def test_a_reelection_stands_even_with_low_turnout(self):
        unit, (area,) = self.new_unit(1, FOUR[:2])
        counted(
            unit,
            area,
            {1: 300, 2: 100},
            round="reelection",
            on_list=1000,
            voted=400,
            issued=400,
            received=400,
            valid=400,
            invalid=0,
        )
        result = result_of(unit, round="reelection")
        self.assertEqual(result["status"], "complete")
        self.assertFalse(result["turnout_above_half"])
        self.assertEqual(result["elected_count"], 1)


class SupplementaryTests(ResultsMixin, TestCase):
    def test_an_unfilled_qh_seat_requires_a_supplementary_election(self):
        unit, (area,) = self.new_unit(2, FOUR, kind="QH")
        counted(
            unit,
            area,
            {1: 700, 2: 450, 3: 450, 4: 400},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        result = result_of(unit)
        self.assertEqual((result["elected_count"], result["seats_unfilled"]), (1, 1))
        self.assertTrue(result["supplementary_election_required"])

    def _council(self, seats, votes):
        people = [(f"Người {i}", (1970, 1, i)) for i in range(1, len(votes) + 1)]
        unit, (area,) = self.new_unit(seats, people)
        counted(
            unit,
            area,
            dict(enumerate(votes, 1)),
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        return result_of(unit)

    def test_council_three_seats_two_elected_needs_no_supplementary(self):
        result = self._council(3, [600, 600, 400, 400, 400])
        self.assertEqual(result["elected_count"], 2)
        self.assertFalse(result["supplementary_election_required"])

    def test_council_three_seats_one_elected_needs_supplementary(self):
        result = self._council(3, [600, 500, 500, 500, 400])
        self.assertEqual(result["elected_count"], 1)
        self.assertTrue(result["supplementary_election_required"])

    def test_council_five_seats_three_elected_needs_supplementary(self):
        result = self._council(5, [600, 600, 600, 500, 500, 500, 500, 500])
        self.assertEqual(result["elected_count"], 3)  # 3 * 3 = 9 < 5 * 2 = 10
        self.assertTrue(result["supplementary_election_required"])

    def test_the_supplementary_round_fills_only_the_unfilled_seats(self):
        unit, (area,) = self.new_unit(2, FOUR, kind="QH")
        counted(
            unit,
            area,
            {1: 700, 2: 450, 3: 450, 4: 400},
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        counted(
            unit,
            area,
            {2: 600, 3: 300, 4: 100},
            round="supplementary",
            valid=1000,
            invalid=0,
            received=1000,
            issued=1000,
            voted=1000,
            on_list=1200,
        )
        result = result_of(unit, round="supplementary")
        self.assertEqual(result["seats"], 1)
        self.assertNotIn("Nguyễn Văn A", by_name(result))
        self.assertTrue(by_name(result)["Trần Văn B"]["elected"])
        self.assertFalse(result["supplementary_election_required"])


class CompletenessTests(ResultsMixin, TestCase):
    def test_a_unit_is_incomplete_until_every_area_is_accepted(self):
        for area in (self.a1, self.a2, self.b1):
            counted(self.qh_unit, area, {1: 600, 2: 200, 3: 80})
        counted(self.qh_unit, self.b2, {1: 600, 2: 200, 3: 80}, status="entered")
        result = result_of(self.qh_unit)
        self.assertEqual(result["status"], "incomplete")
        self.assertEqual((result["areas_reported"], result["valid"]), (3, 2640))
        self.assertFalse(any(c["elected"] for c in result["candidates"]))
        wip = result_of(self.qh_unit, include_unaccepted=True)
        self.assertEqual((wip["areas_reported"], wip["areas_accepted"]), (4, 3))
        self.assertEqual((wip["status"], wip["valid"]), ("incomplete", 3520))

    def test_single_or_disagreeing_entries_never_count(self):
        counted(self.qh_unit, self.a1, {1: 600, 2: 200, 3: 80}, status="entered")
        self.qh_unit.counting_records.update(status="mismatch")
        wip = result_of(self.qh_unit, include_unaccepted=True)
        self.assertEqual(wip["areas_reported"], 0)

    def test_totals_are_sums_and_valid_and_invalid_percentages_add_up(self):
        for area in (self.a1, self.a2, self.b1):
            counted(self.qh_unit, area, {1: 600, 2: 200, 3: 80})
        counted(
            self.qh_unit,
            self.b2,
            {1: 700, 2: 90, 3: 9},
            on_list=1000,
            voted=800,
            issued=800,
            received=800,
            valid=799,
            invalid=1,
        )
        result = result_of(self.qh_unit)
        self.assertEqual(result["status"], "complete")
        self.assertEqual(result["voters_on_list"], 4000)
        self.assertEqual(result["ballots_received"], 3500)
        self.assertEqual(result["candidates"][0]["votes"], 2500)
        self.assertTrue(result["candidates"][0]["elected"])
        self.assertEqual(
            float(result["valid_pct"]) + float(result["invalid_pct"]), 100.0
        )

    def test_the_contest_summary_adds_up_units_and_lists_winners(self):
        for area in (self.a1, self.a2, self.b1, self.b2):
            counted(self.qh_unit, area, {1: 600, 2: 200, 3: 80})
        data = election_results(self.election, "QH")
        summary = data["contests"][0]["summary"]
        self.assertEqual(summary["voters_on_list"], 4000)
        self.assertEqual(summary["units_complete"], 1)
        self.assertEqual([w["full_name"] for w in summary["winners"]], ["Lê Văn An"])
        self.assertEqual(summary["winners"][0]["pct_of_valid"], "68.18")
