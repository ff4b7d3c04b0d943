"""A committee sees the elections of its own province only (issue #11): two
provinces' elections in one installation, on the same set of administrative units."""

from django.test import TestCase
from django.urls import reverse

from electionadmin.access.scope import restrict
from electionadmin.setup.models import Election

from .factories import SmallElectionMixin, make_election, make_unit, make_user


class OtherProvinceTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        unit_set = cls.election.unit_set
        cls.hanoi = make_unit(unit_set, "01", "Thành phố Hà Nội", "province")
        cls.ba_dinh = make_unit(
            unit_set, "00004", "Phường Ba Đình", "commune", cls.hanoi
        )
        cls.hanoi_election = make_election(code="HN-2026", province=cls.hanoi)
        cls.hanoi_user = make_user("hanoi", "city_committee", admin_unit=cls.hanoi)
        cls.ba_dinh_user = make_user(
            "badinh", "commune_committee", admin_unit=cls.ba_dinh
        )

    def visible(self, user) -> set[str]:
        elections = restrict(Election.objects.all(), user)
        return set(elections.values_list("code", flat=True))

    def test_each_committee_sees_its_own_province(self):
        self.assertEqual(self.visible(self.city_user), {"TEST-2026"})
        self.assertEqual(self.visible(self.ward_a_user), {"TEST-2026"})
        self.assertEqual(self.visible(self.hanoi_user), {"HN-2026"})
        self.assertEqual(self.visible(self.ba_dinh_user), {"HN-2026"})

    def test_another_provinces_pages_are_not_found(self):
        self.client.force_login(self.city_user)
        urls = [
            reverse("polling:home", args=["HN-2026"]),
            reverse("polling:dashboard", args=["HN-2026", "01"]),
            reverse("admin:setup_election_change", args=[self.hanoi_election.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        own = reverse("polling:dashboard", args=["TEST-2026", "79"])
        response = self.client.get(own)
        self.assertEqual(response.status_code, 200, response.get("Location"))

    def test_an_election_without_a_province_yet_is_seen_while_set_up(self):
        Election.objects.filter(pk=self.hanoi_election.pk).update(province=None)
        self.assertIn("HN-2026", self.visible(self.city_user))
