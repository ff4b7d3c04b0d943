"""Who sees which voters, masked citizen IDs, and search."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from electionadmin.access.scope import restrict
from electionadmin.voters.identity import mask_citizen_id
from electionadmin.voters.models import VoterChange, VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url
from .factories import SmallElectionMixin
from .test_voters_import import DATA


class VoterScopeTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    def visible(self, user) -> set[str]:
        entries = restrict(VoterEntry.objects.all(), user)
        return set(entries.values_list("citizen_id", flat=True))

    def test_a_commune_sees_only_its_voters(self):
        self.assertEqual(len(self.visible(self.ward_a_user)), 6)
        self.assertEqual(self.visible(self.ward_b_user), {"079090000005"})
        self.assertEqual(len(self.visible(self.city_user)), 7)

    def test_a_team_sees_its_area_and_a_board_its_units_areas(self):
        a1 = set(
            VoterEntry.objects.filter(voting_area=self.a1).values_list(
                "citizen_id", flat=True
            )
        )
        self.assertEqual(self.visible(self.team_user), a1)
        self.assertEqual(len(self.visible(self.board_user)), 7)

    def test_only_the_communes_may_change_their_voters(self):
        editable = restrict(VoterEntry.objects.all(), self.ward_b_user, editable=True)
        self.assertEqual(editable.count(), 1)
        self.assertFalse(
            restrict(VoterEntry.objects.all(), self.team_user, editable=True)
        )
        self.assertTrue(self.ward_a_user.has_perm("voters.add_voterchange"))
        self.assertTrue(self.city_user.has_perm("voters.view_voterentry"))
        self.assertFalse(self.city_user.has_perm("voters.change_voterentry"))

    def test_changes_are_scoped_by_their_areas(self):
        self.assertFalse(restrict(VoterChange.objects.all(), self.ward_b_user).exists())

    def test_citizen_ids_are_masked_for_roles_that_do_not_need_them(self):
        value = "079080000001"
        self.assertEqual(mask_citizen_id(self.city_user, value), "0790******01")
        self.assertEqual(mask_citizen_id(self.board_user, value), "0790******01")
        self.assertEqual(mask_citizen_id(self.ward_a_user, value), value)
        self.assertEqual(mask_citizen_id(self.team_user, value), value)
        self.assertEqual(mask_citizen_id(AnonymousUser(), value), "0790******01")


class VoterSearchTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    def names(self, text, **options) -> list[str]:
        found = VoterEntry.objects.search(text, **options).order_by("citizen_id")
        return list(found.values_list("full_name", flat=True))

    def test_a_name_is_found_without_tone_marks_and_in_any_case(self):
        self.assertEqual(self.names("nguyen van"), ["Nguyễn Văn An", "Nguyễn Văn Hải"])
        self.assertEqual(self.names("NGUYỄN VĂN HẢI"), ["Nguyễn Văn Hải"])
        self.assertEqual(self.names("cuong"), ["Lê Văn Cường"])

    def test_a_citizen_id_is_found_by_its_start_unless_masked(self):
        women = ["Phạm Thị Dung", "Trần Thị Bình", "Võ Thị Giang"]  # 0791…: born 19xx
        self.assertEqual(self.names("0791"), women)
        self.assertEqual(self.names("0791", by_citizen_id=False), [])


class VoterAdminTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    def page(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(admin_url(VoterEntry, "changelist"), query)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_commune_sees_its_list_with_full_citizen_ids(self):
        page = self.page(self.ward_a_user)
        self.assertContains(page, "079080000001")
        self.assertNotContains(page, "Hoàng Văn Em")  # ward B

    def test_the_city_sees_every_voter_with_masked_ids(self):
        page = self.page(self.city_user)
        self.assertContains(page, "Hoàng Văn Em")
        self.assertContains(page, "0790******01")
        self.assertNotContains(page, "079080000001")

    def test_the_changelist_searches_folded_names(self):
        page = self.page(self.city_user, q="nguyen van")
        self.assertEqual(len(page.context["cl"].result_list), 2)
        page = self.page(self.city_user, q="0790800")  # masked: no ID search
        self.assertEqual(len(page.context["cl"].result_list), 0)

    def test_an_entry_page_shows_the_masked_id(self):
        self.client.force_login(self.city_user)
        entry = VoterEntry.objects.get(citizen_id="079080000001")
        page = self.client.get(admin_url(VoterEntry, "change", entry.pk))
        self.assertContains(page, "0790******01")
        self.assertNotContains(page, "079080000001")
