"""Formula injection, input side, in the forms (issue #11, 5): a person's name that
starts like a formula (`= + - @`) is a form error in the admin (candidates, body
members, also inline) and in the voter screens, and a row error in the admin's
per-model imports; a place name, an address or a polling place is saved with a
warning message. A negative number or a lone '-' is no formula."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from tablib import Dataset

from electionadmin.setup.models import BodyMember, Candidate, ElectionBody, VotingArea
from electionadmin.voters.models import VoterEntry
from importers import resources
from importers.cells import FORMULA_NAME, FORMULA_PLACE

from . import test_voters_change_screens as screens
from .admin_helpers import admin_url, change_form_data
from .test_voters_change_screens import ScreenMixin

person = screens.AreaScreenTests.person

BAD_NAMES = ("=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class AdminFormTests(ScreenMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.city_user)

    def post_change(self, obj, **changes):
        url = admin_url(type(obj), "change", obj.pk)
        data = change_form_data(self.client.get(url), **changes)
        return self.client.post(url, data, follow=True)

    def test_a_candidate_name_like_a_formula_is_a_form_error(self):
        candidate = Candidate.objects.get(full_name="Ngô Thị Dung")
        for name in BAD_NAMES:
            with self.subTest(name=name):
                page = self.post_change(candidate, full_name=name)
                self.assertContains(page, FORMULA_NAME)
                candidate.refresh_from_db()
                self.assertEqual(candidate.full_name, "Ngô Thị Dung")

    def test_a_body_member_name_like_a_formula_is_a_form_error(self):
        member = BodyMember.objects.get(full_name="Võ Thị Hoa")
        page = self.post_change(member, full_name="=HYPERLINK(1)")
        self.assertContains(page, FORMULA_NAME)
        member.refresh_from_db()
        self.assertEqual(member.full_name, "Võ Thị Hoa")

    def test_an_inline_body_member_name_like_a_formula_is_a_form_error(self):
        url = admin_url(ElectionBody, "change", self.team_a1.pk)
        data = change_form_data(self.client.get(url))
        key = next(k for k, v in data.items() if v == "Võ Thị Hoa")
        page = self.client.post(url, data | {key: "@SUM(A1)"})
        self.assertContains(page, FORMULA_NAME)
        self.assertTrue(BodyMember.objects.filter(full_name="Võ Thị Hoa").exists())

    def test_a_lone_dash_or_a_negative_number_is_no_formula(self):
        candidate = Candidate.objects.get(full_name="Ngô Thị Dung")
        for name in ("-", "-12"):
            with self.subTest(name=name):
                page = self.post_change(candidate, full_name=name)
                self.assertNotContains(page, FORMULA_NAME)
                candidate.refresh_from_db()
                self.assertEqual(candidate.full_name, name)

    def test_a_polling_place_like_a_formula_is_saved_with_a_warning(self):
        page = self.post_change(self.a2, polling_place="=1+2")
        self.assertEqual(VotingArea.objects.get(pk=self.a2.pk).polling_place, "=1+2")
        self.assertTrue(
            any(FORMULA_PLACE in m for m in messages_of(page)), messages_of(page)
        )

    def test_a_plain_polling_place_has_no_warning(self):
        page = self.post_change(self.a2, polling_place="Nhà văn hóa khu phố 2")
        self.assertFalse(any(FORMULA_PLACE in m for m in messages_of(page)))


class VoterFormTests(ScreenMixin, TestCase):
    """The voter screens' add form (PersonForm: also the receive-other form)."""

    person = person

    def add(self, **extra):
        data = self.person(reason="newly_eligible", document="Đơn") | extra
        return self.post(self.ward_a_user, self.url("area_add", self.a1), data)

    def test_a_voter_name_like_a_formula_is_a_form_error(self):
        for name in BAD_NAMES:
            with self.subTest(name=name):
                page = self.add(full_name=name)
                self.assertContains(page, FORMULA_NAME)
                self.assertFalse(
                    VoterEntry.objects.filter(citizen_id="001308000099").exists()
                )
                self.assertEqual(self.written(), (0, 0))

    def test_an_address_like_a_formula_is_saved_with_a_warning(self):
        response = self.add(permanent_address="=1+2")
        entry = VoterEntry.objects.get(citizen_id="001308000099")
        self.assertEqual(entry.permanent_address, "=1+2")
        page = self.client.get(response["Location"])
        self.assertContains(page, "Nơi thường trú")
        self.assertTrue(any(FORMULA_PLACE in m for m in messages_of(page)))


class ResourceImportTests(ScreenMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.root = get_user_model().objects.create_superuser("quantri")

    def import_members(self, name):
        dataset = resources.BodyMemberResource().export()
        row = list(dataset[0])
        row[dataset.headers.index(resources.header("full_name"))] = name
        fresh = Dataset(headers=dataset.headers)
        fresh.append(row)
        return resources.BodyMemberResource().import_data(fresh, user=self.root)

    def test_a_body_member_name_like_a_formula_is_a_row_error(self):
        before = BodyMember.objects.count()
        result = self.import_members("=1+1")
        self.assertEqual(len(result.invalid_rows), 1)
        self.assertIn(FORMULA_NAME, str(result.invalid_rows[0].error_dict))
        self.assertEqual(BodyMember.objects.count(), before)

    def test_a_candidate_name_like_a_formula_is_a_row_error(self):
        dataset = resources.CandidateResource().export()
        row = list(dataset[0])
        row[dataset.headers.index(resources.header("full_name"))] = "@SUM(A1)"
        fresh = Dataset(headers=dataset.headers)
        fresh.append(row)
        before = Candidate.objects.count()
        result = resources.CandidateResource().import_data(fresh, user=self.root)
        self.assertEqual(len(result.invalid_rows), 1)
        self.assertIn(FORMULA_NAME, str(result.invalid_rows[0].error_dict))
        self.assertEqual(Candidate.objects.count(), before)

    def test_a_negative_number_name_is_no_formula_error(self):
        # (a second chair of the team: refused by the one-chair rule, not this one)
        result = self.import_members("-12")
        errors = str([row.error_dict for row in result.invalid_rows])
        self.assertNotIn(FORMULA_NAME, errors)
