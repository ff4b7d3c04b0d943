"""The team's minutes flow: the entry screen creates nothing until an entry is
saved; the team sees its warnings, explains and submits; the second entry is made
by another team member's account or by the commune committee on the team's
behalf; an empty draft can be discarded (audited); each screen says who acts next;
a team never opens another area's minutes."""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.results.models import CountingRecord
from electionadmin.results.workflow import add_entry, open_record

from .factories import make_user
from .test_results_admin import ScreensMixin, entry_data, transitions
from .test_results_base import figures


class TeamFlowMixin(ScreensMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A second account of the same team (each member signs in as themself).
        cls.team_user_2 = make_user("toa1-thuky", "election_team", voting_area=cls.a1)
        cls.team_user_2.first_name = "Võ Thị Hoa"
        cls.team_user_2.save()

    def new_url(self, area=None, contest=None):
        area, contest = area or self.a1, contest or self.qh
        return reverse("results:new_entry", args=[area.pk, contest.pk])

    def record(self) -> CountingRecord:
        return CountingRecord.objects.get(contest=self.qh, voting_area=self.a1)


class NothingUntilSavedTests(TeamFlowMixin, TestCase):
    def test_opening_the_entry_screen_creates_nothing(self):
        self.client.force_login(self.team_user)
        page = self.client.get(self.new_url())
        self.assertContains(page, "Chưa có gì được lưu")
        self.assertContains(page, "Một thành viên khác của Tổ bầu cử")
        opened = self.client.post(
            reverse("results:open"), {"area": self.a1.pk, "contest": self.qh.pk}
        )
        self.assertRedirects(opened, self.new_url())
        listed = self.client.get(reverse("results:entry_list"))
        self.assertContains(listed, self.new_url())
        self.assertContains(listed, "Tổ bầu cử: nhập biên bản kiểm phiếu (lần thứ")
        self.assertFalse(CountingRecord.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_refused_first_entry_leaves_no_minutes(self):
        self.client.force_login(self.team_user)
        page = self.client.post(self.new_url(), entry_data(invalid=21))
        self.assertContains(page, "E01")
        self.assertFalse(CountingRecord.objects.exists())

    def test_saving_the_first_entry_creates_the_minutes_with_it(self):
        self.client.force_login(self.team_user)
        done = self.client.post(self.new_url(), entry_data())
        record = self.record()
        self.assertRedirects(done, self.url("record", record))
        self.assertEqual(record.entries.get().entered_by, self.team_user)
        self.assertEqual(transitions(record), ["entry"])

    def test_an_existing_minutes_opens_instead_of_a_new_one(self):
        record = open_record(self.qh, self.a1)
        self.client.force_login(self.team_user)
        self.assertRedirects(
            self.client.get(self.new_url()), self.url("record", record)
        )

    def test_a_team_cannot_open_another_areas_minutes(self):
        other = open_record(self.qh, self.a2)
        add_entry(other, self.clerk, figures(), self.qh_votes(500, 300, 80))
        self.client.force_login(self.team_user)
        self.assertEqual(self.client.get(self.new_url(area=self.b1)).status_code, 404)
        self.assertEqual(self.client.get(self.new_url(area=self.a2)).status_code, 404)
        self.client.post(self.new_url(area=self.a2), entry_data())
        for name in ("record", "entry", "discard", "submit"):
            url = self.url(name, other)
            answer = self.client.post(url) if name in ("discard", "submit") else None
            answer = answer or self.client.get(url)
            self.assertEqual(answer.status_code, 404, name)
        self.assertEqual(other.entries.count(), 1)

    def test_a_viewer_of_the_area_who_may_not_enter_is_refused(self):
        viewer = make_user("xem", "viewer", admin_unit=self.city)
        self.client.force_login(viewer)
        self.assertEqual(self.client.get(self.new_url()).status_code, 403)
        self.assertEqual(
            self.client.post(self.new_url(), entry_data()).status_code, 403
        )
        self.assertFalse(CountingRecord.objects.exists())


class SecondEntryTests(TeamFlowMixin, TestCase):
    def test_the_record_says_who_makes_the_second_entry(self):
        self.client.force_login(self.team_user)
        self.client.post(self.new_url(), entry_data(issued=902))
        page = self.client.get(self.url("record", self.record()))
        self.assertContains(page, "Việc tiếp theo:")
        self.assertContains(page, "Ai nhập lần thứ hai")
        self.assertContains(page, "toa1-thuky - Võ Thị Hoa (Tổ bầu cử)")
        self.assertContains(page, "thuky_a (Ủy ban bầu cử xã/phường")
        self.assertNotContains(page, "toa1 (Tổ bầu cử)")
        self.assertNotContains(page, "toa1 - ")  # the first entrant
        self.assertNotContains(page, "phuongb")  # another ward
        # The team sees the warnings of its own entry while it waits.
        self.assertContains(page, "Cảnh báo trong lần nhập của bạn")
        self.assertContains(page, "W07")

    def test_the_team_flow_with_a_second_team_member(self):
        self.client.force_login(self.team_user)
        first = self.client.post(self.new_url(), entry_data(issued=902), follow=True)
        self.assertContains(first, "W07")  # warned at once, explained later
        record = self.record()
        self.client.force_login(self.team_user_2)
        page = self.client.get(self.url("record", record))
        self.assertNotContains(page, "W07")  # the first entry stays unseen
        self.client.post(self.url("entry", record), entry_data(issued=902))
        self.assertEqual(self.status(record), "entered")
        self.client.force_login(self.team_user)
        page = self.client.get(self.url("record", record))
        self.assertContains(page, "Tổ bầu cử: gửi biên bản cho Ban bầu cử")
        self.assertContains(page, 'id="submit-form"')
        self.client.post(self.url("submit", record), {"W07": ""})
        self.assertEqual(self.status(record), "entered")  # unexplained warning
        self.client.post(self.url("submit", record), {"W07": "Hai phiếu bị hỏng."})
        self.assertEqual(self.status(record), "submitted")
        page = self.client.get(self.url("record", record))
        self.assertContains(page, "Ban bầu cử: kiểm tra và chấp nhận biên bản")
        self.client.force_login(self.board_user)
        self.client.post(self.url("accept", record))
        self.assertEqual(self.status(record), "accepted")
        self.assertEqual(
            transitions(record), ["entry", "entry", "entered", "submit", "accept"]
        )

    def test_the_commune_makes_the_second_entry_for_a_team_with_one_account(self):
        self.client.force_login(self.team_user)
        self.client.post(self.new_url(), entry_data())
        record = self.record()
        self.client.force_login(self.clerk)  # the ward's committee, for the team
        page = self.client.get(self.url("record", record))
        self.assertContains(page, 'id="enter-link"')
        self.client.post(self.url("entry", record), entry_data())
        self.assertEqual(self.status(record), "entered")
        self.client.force_login(self.team_user)  # the team submits its own minutes
        self.client.post(self.url("submit", record))
        self.assertEqual(self.status(record), "submitted")


class DiscardTests(TeamFlowMixin, TestCase):
    def test_an_empty_draft_is_discarded_and_audited(self):
        record = open_record(self.qh, self.a1)  # e.g. opened by the old screens
        self.client.force_login(self.team_user)
        page = self.client.get(self.url("record", record))
        self.assertContains(page, 'id="discard-form"')
        done = self.client.post(self.url("discard", record))
        self.assertRedirects(done, reverse("results:entry_list"))
        self.assertFalse(CountingRecord.objects.exists())
        entry = AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(CountingRecord),
            object_id=str(record.pk),
        )
        self.assertEqual(entry.action, "delete")
        self.assertEqual(entry.user, self.team_user)
        self.assertEqual(entry.changes["transition"], "discard")

    def test_a_draft_with_an_entry_is_kept(self):
        record = open_record(self.qh, self.a1)
        add_entry(record, self.team_user, figures(), self.qh_votes(500, 300, 80))
        self.client.force_login(self.team_user)
        self.assertNotContains(
            self.client.get(self.url("record", record)), 'id="discard-form"'
        )
        self.client.post(self.url("discard", record))
        self.assertTrue(CountingRecord.objects.filter(pk=record.pk).exists())

    def test_another_ward_cannot_discard(self):
        record = open_record(self.qh, self.a1)
        self.client.force_login(self.ward_b_user)
        self.assertEqual(self.client.post(self.url("discard", record)).status_code, 404)
        self.assertTrue(CountingRecord.objects.filter(pk=record.pk).exists())
