"""Rules of law read from the cycle: seats, candidate surplus, ballot order."""

import datetime
from types import SimpleNamespace

from django.test import TestCase

from electionadmin.setup import rules
from electionadmin.setup.models import Cycle


def ordered(*names: str) -> list[str]:
    return sorted(names, key=lambda name: rules.ballot_sort_key(name, None))


class BallotOrderTests(TestCase):
    def test_given_names_sort_in_vietnamese_alphabet_order(self):
        names = ["Lê Văn Đức", "Trần Dũng", "Phạm Thị Ánh", "Ngô Bình", "Vũ An"]
        self.assertEqual(
            ordered(*names),
            ["Vũ An", "Phạm Thị Ánh", "Ngô Bình", "Trần Dũng", "Lê Văn Đức"],
        )

    def test_d_comes_before_đ(self):
        self.assertEqual(ordered("A Đức", "A Dũng"), ["A Dũng", "A Đức"])
        self.assertEqual(ordered("A Đa", "A Dz"), ["A Dz", "A Đa"])

    def test_shaped_letters_follow_their_base_letter(self):
        self.assertEqual(ordered("X Ơn", "X Ôn", "X On"), ["X On", "X Ôn", "X Ơn"])
        self.assertEqual(ordered("X Ư", "X U", "X V"), ["X U", "X Ư", "X V"])

    def test_tones_break_ties_in_dictionary_order(self):
        # ngang, huyền, hỏi, ngã, sắc, nặng
        names = ["X Mạ", "X Má", "X Mã", "X Mả", "X Mà", "X Ma"]
        self.assertEqual(ordered(*names), list(reversed(names)))

    def test_then_family_name_then_middle_name(self):
        self.assertEqual(
            ordered("Trần Văn An", "Lê Văn An", "Lê Thị An"),
            ["Lê Thị An", "Lê Văn An", "Trần Văn An"],
        )

    def test_then_birth_date(self):
        older = rules.ballot_sort_key("Lê Văn An", datetime.date(1960, 1, 1))
        younger = rules.ballot_sort_key("Lê Văn An", datetime.date(1980, 1, 1))
        self.assertLess(older, younger)

    def test_an_alias_in_brackets_does_not_count(self):
        self.assertEqual(
            ordered("Phan Nguyễn Như Khuê (Út Khuê)", "Nguyễn Văn Bảo"),
            ["Nguyễn Văn Bảo", "Phan Nguyễn Như Khuê (Út Khuê)"],
        )

    def test_assign_ballot_order_numbers_from_one(self):
        people = [
            SimpleNamespace(full_name=name, birth_date=None, ballot_order=None)
            for name in ("Hoàng Minh Đức", "Phạm Văn Dũng", "Nguyễn Văn An")
        ]
        rules.assign_ballot_order(people)
        self.assertEqual([p.ballot_order for p in people], [3, 2, 1])


class SeatRuleTests(TestCase):
    def test_maximum_seats_per_unit(self):
        cycle = Cycle.objects.get(code="2026")
        self.assertEqual(rules.max_seats(cycle, "QH"), 3)
        self.assertEqual(rules.max_seats(cycle, "HDND_XA"), 5)

    def test_minimum_candidates(self):
        cycle = Cycle.objects.get(code="2021")
        self.assertEqual(rules.min_candidates(cycle, "QH", 3), 5)
        self.assertEqual(rules.min_candidates(cycle, "QH", 2), 4)
        expected = {1: 2, 2: 3, 3: 5, 4: 7, 5: 8}
        for seats, needed in expected.items():
            self.assertEqual(rules.min_candidates(cycle, "HDND_TINH", seats), needed)
