"""Read-only means read-only (issue #11, 6).

The viewer (Chỉ xem) sees what the committee of its unit sees and writes nothing:
no permission to add, change or delete, no batch printing, no turnout upload or
entry, no minutes. The trainer (Người tập huấn) works in Wagtail only: no screen
of election data, so no live figures (turnout, counting, results) and no phone
numbers of members.
"""

import io

from django.test import TestCase
from django.urls import reverse

from electionadmin.polling.models import TurnoutFigure
from electionadmin.printing.models import PrintJob
from electionadmin.results.models import CountingRecord
from electionadmin.setup.models import BodyMember, VotingArea

from .admin_helpers import admin_url
from .factories import make_user
from .test_polling_data import Polling2026Mixin
from .test_results_base import counted

WAGTAIL_ONLY = {"wagtailadmin.access_admin"}


class ViewerTests(Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.team_a1.members.update(phone="0912345678")
        counted(cls.qh_unit, cls.a1, {1: 600, 2: 280, 3: 0})

    def setUp(self):
        self.client.force_login(self.viewer)

    def test_the_viewer_holds_no_right_to_write(self):
        writes = [
            code
            for code in self.viewer.get_all_permissions()
            if code.split(".", 1)[1].startswith(("add_", "change_", "delete_"))
        ]
        self.assertEqual(writes, [])

    def test_the_viewer_cannot_start_batch_printing(self):
        url = reverse("results:batch", args=[self.election.code])
        self.assertEqual(self.client.get(url).status_code, 403)
        data = {"contests": ["QH"], "commune": "", "round": "first"}
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertFalse(PrintJob.objects.exists())
        index = self.client.get(reverse("results:index"))
        self.assertNotContains(index, url)

    def test_the_viewer_cannot_start_voter_card_printing(self):
        url = reverse("voters:commune_print", args=[self.election.pk, self.city.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"form": "VOTER_CARD"}).status_code, 403)
        self.assertFalse(PrintJob.objects.exists())

    def test_the_viewer_cannot_enter_or_upload_turnout(self):
        code = self.election.code
        upload = reverse("polling:upload", args=[code])
        self.assertEqual(self.client.get(upload).status_code, 403)
        sheet = io.BytesIO(
            b"commune_code,area_number,slot,voters_voted\n26734,1,09:00,5\n"
        )
        sheet.name = "tien-do.csv"
        self.assertEqual(self.client.post(upload, {"file": sheet}).status_code, 403)
        area = reverse("polling:area_entry", args=[code, "26734", 1])
        self.assertEqual(self.client.post(area, {"slot": "09:00"}).status_code, 403)
        self.assertFalse(TurnoutFigure.objects.exists())
        dashboard = self.client.get(reverse("polling:dashboard", args=[code, "26734"]))
        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, upload)
        commune = reverse("polling:commune_entry", args=[code, "26734"])
        self.assertNotContains(dashboard, commune)

    def test_the_viewer_cannot_open_minutes_or_change_records(self):
        opened = self.client.post(
            reverse("results:open"), {"area": self.a2.pk, "contest": self.qh.pk}
        )
        self.assertEqual(opened.status_code, 403)
        self.assertEqual(CountingRecord.objects.count(), 1)
        url = admin_url(VotingArea, "change", self.a1.pk)
        self.assertEqual(self.client.post(url, {"name": "Đổi"}).status_code, 403)
        self.assertEqual(self.client.get(admin_url(VotingArea, "add")).status_code, 403)

    def test_the_viewer_reads_what_its_committee_reads(self):
        committee = reverse("results:committee", args=[self.qh.pk])
        self.assertEqual(self.client.get(committee).status_code, 200)
        members = self.client.get(admin_url(BodyMember, "changelist"))
        self.assertContains(members, "0912345678")


class TrainerTests(Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        cls.team_a1.members.update(phone="0912345678")

    def test_the_trainer_sees_no_live_figures_and_no_phone_numbers(self):
        self.client.force_login(self.trainer)
        self.assertEqual(self.trainer.get_all_permissions(), WAGTAIL_ONLY)
        code = self.election.code
        for url in [
            reverse("polling:dashboard", args=[code, "79"]),
            reverse("polling:turnout_file", args=[code, "79", "xlsx"]),
            reverse("polling:counting_file", args=[code, "79", "xlsx"]),
            reverse("results:index"),
            reverse("results:committee", args=[self.qh.pk]),
            reverse("results:board", args=[self.qh_unit.pk]),
            admin_url(TurnoutFigure, "changelist"),
            admin_url(CountingRecord, "changelist"),
            admin_url(BodyMember, "changelist"),
            reverse("admin:audit_auditentry_changelist"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403))
                self.assertNotIn(b"0912345678", response.content)
