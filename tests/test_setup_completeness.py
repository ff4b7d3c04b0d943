"""An election's completeness overview (setup/completeness.py, ElectionAdmin's
`kiem-tra/` page): check_election's findings and what is missing, each with the
record to fix, in the user's jurisdiction; linked from the election's page and the
committee's home."""

from django.test import TestCase
from django.urls import reverse

from electionadmin.setup.models import Candidate, VotingArea
from tests.factories import SmallElectionMixin, make_area, make_election


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


class CompletenessPageTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Ward B's new area lies in no National Assembly unit: an error.
        cls.b3 = make_area(cls.election, cls.ward_b, 3, polling_place="Nhà văn hóa")
        cls.url = reverse("admin:setup_election_completeness", args=[cls.election.pk])

    def page(self, user):
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_city_sees_the_uncovered_area_with_a_link_to_the_contest(self):
        page = self.page(self.city_user)
        errors = page.context["errors"]
        [uncovered] = [e for e in errors if "26737/3" in e.message]
        self.assertEqual(
            uncovered.message,
            "Khu vực bỏ phiếu 26737/3 không thuộc đơn vị bầu cử nào của cuộc bầu cử "
            "đại biểu Quốc hội.",
        )
        self.assertEqual(uncovered.url, change_url(self.qh))
        self.assertContains(page, f'href="{change_url(self.qh)}"')
        self.assertContains(page, "Lỗi: vi phạm quy định (1)")

    def test_missing_items_are_warnings_each_linking_to_its_record(self):
        page = self.page(self.city_user)
        warnings = {w.message: w.url for w in page.context["warnings"]}
        self.assertEqual(
            warnings[
                "Khu vực bỏ phiếu 26734/2 (Phường Tân Định) chưa ghi địa điểm bỏ phiếu."
            ],
            change_url(self.a2),
        )
        self.assertEqual(
            warnings["Khu vực bỏ phiếu 26737/2 (Phường Sài Gòn) chưa có Tổ bầu cử."],
            change_url(self.b2),
        )
        board = (
            "Đơn vị bầu cử số 1 của cuộc bầu cử đại biểu Quốc hội chưa có Ban bầu cử."
        )
        self.assertEqual(warnings[board], change_url(self.qh_unit))
        team = (
            "Tổ bầu cử khu vực bỏ phiếu 26734/1 (Phường Tân Định) có 1 thành viên; "
            "luật quy định từ 11 đến 21 thành viên."
        )
        self.assertEqual(warnings[team], change_url(self.team_a1))
        self.assertContains(page, change_url(self.a2))

    def test_a_shortfall_of_candidates_is_an_error_on_its_unit(self):
        Candidate.objects.filter(electoral_unit=self.qh_unit).first().delete()
        errors = self.page(self.city_user).context["errors"]
        shortfall = [e for e in errors if "người ứng cử" in e.message]
        self.assertEqual([e.url for e in shortfall], [change_url(self.qh_unit)])

    def test_each_ward_reads_only_its_own_findings(self):
        a_page = self.page(self.ward_a_user)
        a_text = " ".join(i.message for i in a_page.context["errors"])
        a_text += " ".join(i.message for i in a_page.context["warnings"])
        self.assertNotIn("26737", a_text)
        self.assertIn("26734/2", a_text)
        self.assertNotContains(a_page, change_url(self.b2))
        b_page = self.page(self.ward_b_user)
        self.assertTrue(any("26737/3" in e.message for e in b_page.context["errors"]))
        b_text = " ".join(i.message for i in b_page.context["warnings"])
        self.assertNotIn("26734", b_text)

    def test_each_finding_says_whether_the_reader_can_fix_it(self):
        page = self.page(self.ward_a_user)
        by_url = {w.url: w.editable for w in page.context["warnings"]}
        self.assertTrue(by_url[change_url(self.a2)])  # the ward's own area
        self.assertFalse(by_url[change_url(self.qh_unit)])  # the city's unit
        self.assertContains(page, "Ủy ban bầu cử có thẩm quyền (bạn chỉ xem)")
        city = self.page(self.city_user).context["warnings"]
        self.assertTrue(all(w.editable for w in city))
        team = self.page(self.team_user).context["warnings"]
        self.assertFalse(any(w.editable for w in team))

    def test_an_election_outside_the_jurisdiction_is_not_found(self):
        other = make_election("KHAC-2026", name="Cuộc bầu cử khác")
        self.client.force_login(self.team_user)
        url = reverse("admin:setup_election_completeness", args=[other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_page_is_linked_from_the_election_and_the_committee_home(self):
        self.client.force_login(self.city_user)
        election_page = self.client.get(change_url(self.election))
        self.assertContains(election_page, f'href="{self.url}"')
        listing = self.client.get(reverse("admin:setup_election_changelist"))
        self.assertContains(listing, f'href="{self.url}"')
        home = self.client.get(reverse("workspace:home"))
        self.assertContains(home, f'href="{self.url}"')
        self.client.force_login(self.ward_a_user)
        self.assertContains(self.client.get(reverse("workspace:home")), self.url)

    def test_a_complete_scope_says_so(self):
        VotingArea.objects.filter(pk=self.b3.pk).delete()
        self.client.force_login(self.team_user)
        page = self.client.get(self.url)
        self.assertEqual(page.context["error_total"], 0)
