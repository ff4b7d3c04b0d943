"""The turnout rules: figures never fall, never exceed the list; odd ones warn."""

import datetime

from django.test import TestCase

from electionadmin.audit.models import AuditEntry
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import TurnoutFigure
from electionadmin.polling.rules import NEIGHBOURS, neighbour_warning, slots

from .factories import make_area
from .test_polling_data import Polling2026Mixin, add_voters


def entry(area, slot, value, contest=None, label=None):
    return Entry(label or f"Dòng {area.number}", area, slot, value, contest)


class TurnoutRuleTests(Polling2026Mixin, TestCase):
    def save(self, *entries, user=None):
        return save_figures(self.election, entries, user or self.ward_a_user)

    def figure(self, area, slot, contest=None):
        return TurnoutFigure.objects.get(voting_area=area, slot=slot, contest=contest)

    def test_slots_default_to_the_cycle_and_end_at_the_close(self):
        self.assertEqual(slots(self.election), ["09:00", "11:00", "15:00", "19:00"])

    def test_it_saves_a_figure_with_who_and_the_list_it_was_checked_against(self):
        (saved,) = self.save(entry(self.a1, "09:00", 40))
        self.assertEqual(saved.action, "added")
        figure = self.figure(self.a1, "09:00")
        self.assertEqual((figure.voters_voted, figure.voters_on_list), (40, 110))
        self.assertEqual(figure.entered_by, self.ward_a_user)
        self.assertEqual(figure.commune, self.ward_a)

    def test_it_rejects_a_figure_below_an_earlier_slot_naming_the_row(self):
        self.save(entry(self.a1, "09:00", 40))
        (refused,) = self.save(entry(self.a1, "11:00", 39, label="Dòng 7"))
        self.assertEqual(
            refused.messages(),
            [
                "Dòng 7: Số cử tri đã bỏ phiếu lúc 11:00 (39) thấp hơn số đã báo "
                "lúc 09:00 (40)."
            ],
        )
        self.assertFalse(TurnoutFigure.objects.filter(slot="11:00").exists())

    def test_it_rejects_a_figure_above_a_later_slot(self):
        self.save(entry(self.a1, "11:00", 50))
        (refused,) = self.save(entry(self.a1, "09:00", 51))
        self.assertIn("cao hơn số đã báo lúc 11:00 (50)", refused.messages()[0])

    def test_it_rejects_a_figure_above_the_list(self):
        (refused,) = self.save(entry(self.b1, "09:00", 301))
        self.assertEqual(
            refused.errors,
            [
                (
                    "voters_voted",
                    "Số cử tri đã bỏ phiếu (301) lớn hơn số cử tri trong danh sách "
                    "(300).",
                )
            ],
        )

    def test_a_per_contest_figure_is_checked_against_the_entitled_voters(self):
        (refused,) = self.save(entry(self.a1, "09:00", 101, self.hdnd_a))
        self.assertIn("được bầu HĐND phường Tân Định (100)", refused.messages()[0])
        (saved,) = self.save(entry(self.a1, "09:00", 100, self.hdnd_a))
        self.assertEqual(saved.action, "added")
        self.assertEqual(
            self.figure(self.a1, "09:00", self.hdnd_a).electoral_unit, self.hdnd_a_unit
        )

    def test_a_contest_not_held_in_the_area_is_refused(self):
        (refused,) = self.save(entry(self.b1, "09:00", 10, self.hdnd_a))
        self.assertEqual(refused.errors[0][0], "kind")

    def test_one_bad_row_saves_nothing(self):
        result = self.save(entry(self.a1, "09:00", 10), entry(self.a2, "09:00", 999))
        self.assertEqual(result[0].errors, [])
        self.assertTrue(result[1].errors)
        self.assertFalse(TurnoutFigure.objects.exists())

    def test_an_unknown_slot_is_refused(self):
        (refused,) = self.save(entry(self.a1, "10:00", 10))
        self.assertIn("không phải mốc báo cáo", refused.messages()[0])

    def test_every_saved_figure_is_audited_with_the_previous_value(self):
        self.save(entry(self.a1, "09:00", 40))
        self.save(entry(self.a1, "09:00", 45))
        self.save(entry(self.a1, "09:00", 45))  # unchanged: no entry
        audits = AuditEntry.objects.filter(election_code=self.election.code)
        changes = [a.changes["voters_voted"] for a in audits.order_by("id")]
        self.assertEqual(changes, [[None, 40], [40, 45]])
        self.assertEqual(audits.first().user, self.ward_a_user)
        self.assertIn("26734/1 lúc 09:00", audits.first().object_repr)

    def test_a_jump_far_from_the_neighbours_is_saved_with_a_warning(self):
        c1 = make_area(self.election, self.ward_b, 3)
        c2 = make_area(self.election, self.ward_b, 4)
        add_voters(c1, 100)
        add_voters(c2, 100)
        self.save(
            entry(self.b1, "11:00", 90),  # 30 %
            entry(self.b2, "11:00", 120),  # 30 %
            entry(c1, "11:00", 30),
            user=self.ward_b_user,
        )
        (saved,) = self.save(entry(c2, "11:00", 90), user=self.ward_b_user)
        self.assertEqual(saved.action, "added")
        self.assertEqual(saved.warnings[0]["code"], NEIGHBOURS)
        self.assertEqual(self.figure(c2, "11:00").warnings[0]["code"], NEIGHBOURS)
        (calm,) = self.save(entry(c2, "11:00", 50), user=self.ward_b_user)
        self.assertEqual(calm.warnings, [])

    def test_an_early_voting_area_may_be_at_100_percent_without_a_warning(self):
        early = make_area(
            self.election, self.ward_b, 5, voting_date=datetime.date(2026, 2, 26)
        )
        add_voters(early, 50)
        others = [make_area(self.election, self.ward_b, n) for n in (6, 7, 8)]
        for area in others:
            add_voters(area, 100)
        self.save(*[entry(a, "09:00", 10) for a in others], user=self.ward_b_user)
        (saved,) = self.save(entry(early, "09:00", 50), user=self.ward_b_user)
        self.assertEqual((saved.errors, saved.warnings), ([], []))


class NeighbourRuleTests(TestCase):
    def test_it_needs_three_neighbours(self):
        self.assertIsNone(neighbour_warning(90, 100, [(10, 100), (10, 100)]))

    def test_the_median_resists_one_odd_neighbour(self):
        others = [(30, 100), (32, 100), (95, 100)]
        self.assertIsNone(neighbour_warning(40, 100, others))
        self.assertIsNotNone(neighbour_warning(60, 100, others))

    def test_exactly_25_points_is_not_a_jump(self):
        self.assertIsNone(neighbour_warning(55, 100, [(30, 100)] * 3))
