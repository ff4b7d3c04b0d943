"""A board user opening an administrative unit in the Django admin (issue #11, 4):
the scope joins through the board's voting areas, one row per area; the page used
to fail with MultipleObjectsReturned (a 500)."""

from django.test import TestCase
from django.urls import reverse

from .factories import SmallElectionMixin


class BoardAdminUnitTests(SmallElectionMixin, TestCase):
    def test_the_board_opens_a_ward_of_its_unit(self):
        self.client.force_login(self.board_user)
        for unit in (self.ward_a, self.ward_b):
            with self.subTest(unit.code):
                url = reverse("admin:setup_adminunit_change", args=[unit.pk])
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, unit.name)

    def test_the_board_lists_each_ward_once(self):
        self.client.force_login(self.board_user)
        page = self.client.get(reverse("admin:setup_adminunit_changelist"))
        self.assertEqual(page.status_code, 200)
        codes = [unit.code for unit in page.context["cl"].result_list]
        self.assertEqual(len(codes), len(set(codes)), codes)
