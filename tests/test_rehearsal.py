"""Rehearsal (drill) elections (issue #11 item 11): the banner on every screen, the
"DIỄN TẬP" mark on every PDF, kept out of public pages and live reports, wiped in one
action."""

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse

from electionadmin.audit.models import AuditEntry
from electionadmin.documents import render
from electionadmin.printing.heading import REHEARSAL_MARK
from electionadmin.printing.models import PrintJob
from electionadmin.setup.models import Contest, Election, ElectoralUnit, VotingArea
from electionadmin.setup.rehearsal import BANNER
from electionadmin.voters.models import VoterEntry
from electionadmin.voters.printing.cards import cards_pdf
from electionadmin.voters.printing.lists import list_pdf
from importers.voters import import_voters

from .factories import SmallElectionMixin, make_election
from .test_documents_base import DocumentsElection, StrictTemplates, pdf_text
from .test_public_results import BASE, UNIT, PublicResultsMixin, call_wsgi
from .test_voters_import import DATA

PNG = Path("/tmp/rehearsal_team_minutes")


def drill(election) -> None:
    """Mark the election a drill as the admin does (a save, which the banner's cache
    of drills follows)."""
    election.refresh_from_db()
    election.is_rehearsal = True
    election.save()


@override_settings(TEMPLATES=StrictTemplates.settings(settings.TEMPLATES))
class DrillFormsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = DocumentsElection("2026")

    def test_html_and_drawn_forms_carry_the_mark_only_for_a_drill(self):
        election = self.doc.election
        for key, scope in (
            ("TEAM_COUNT_QH", "26734/1"),  # drawn minutes
            ("COMMITTEE_RESULT_QH", "QH"),  # HTML form
        ):
            with self.subTest(key=key):
                live = pdf_text(render.print_form(election, key, scope).content)
                self.assertNotIn(REHEARSAL_MARK, live)
        drill(election)
        for key, scope in (
            ("TEAM_COUNT_QH", "26734/1"),
            ("COMMITTEE_RESULT_QH", "QH"),
        ):
            with self.subTest(key=key):
                printed = render.print_form(election, key, scope).content
                text = pdf_text(printed)
                self.assertIn("DIỄN TẬP — BẦU CỬ DIỄN TẬP", text)
                self.assertIn("không phải số liệu thật", text)
                self.assertIn("DIỄN TẬP — Nhất thiết không được tẩy xóa", text)
        path = PNG.with_suffix(".pdf")
        path.write_bytes(
            render.print_form(election, "TEAM_COUNT_QH", "26734/1").content
        )
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(PNG)],
            check=True,
        )


class DrillCanvasTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path):
        self.tmp = tmp_path

    def text(self, data: bytes) -> str:
        path = self.tmp / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout

    def test_voter_list_and_cards_carry_the_mark_on_every_page(self):
        self.assertNotIn(REHEARSAL_MARK, self.text(list_pdf(self.election, [self.a1])))
        self.assertNotIn(REHEARSAL_MARK, self.text(cards_pdf(self.election, [self.a1])))
        drill(self.election)
        listing = self.text(list_pdf(self.election, [self.a1, self.a2]))
        self.assertEqual(listing.count("DIỄN TẬP — không phải số liệu thật"), 2)
        cards = self.text(cards_pdf(self.election, [self.a1]))
        self.assertEqual(cards.count("DIỄN TẬP — không phải số liệu thật"), 5)

    def banner_on(self, url: str, user=None) -> bool:
        self.client.force_login(user or self.city_user)
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200, url)
        return BANNER in page.content.decode()

    def test_every_screen_of_a_drill_shows_the_banner(self):
        code = self.election.code
        urls = [
            reverse("admin:setup_election_change", args=[self.election.pk]),
            reverse("admin:setup_contest_change", args=[self.qh.pk]),
            reverse("admin:voters_voterentry_changelist")
            + f"?election__id__exact={self.election.pk}",
            reverse("admin:setup_contest_changelist") + f"?election={self.election.pk}",
            reverse("polling:dashboard", args=[code, "79"]),
            reverse("polling:projector", args=[code, "79"]),
            reverse("results:committee", args=[self.qh.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertFalse(self.banner_on(url))
        drill(self.election)
        for url in urls:
            with self.subTest(url=url):
                self.assertTrue(self.banner_on(url))
        # A page about no election in particular shows none; the lists of
        # elections mark the drill and put the live elections first.
        self.assertFalse(self.banner_on(reverse("admin:index")))
        for name in ("results:index", "polling:index"):
            self.client.force_login(self.city_user)
            page = self.client.get(reverse(name)).content.decode()
            self.assertIn("[BẦU CỬ DIỄN TẬP — không phải số liệu thật]", page)


class WipeTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)
        cls.live = make_election("LIVE-2026")

    def setUp(self):
        from django.core.files.base import ContentFile

        from electionadmin.printing.models import PrintJob

        self.job = PrintJob.objects.create(election=self.election)
        self.job.output.save("the-cu-tri-dien-tap.pdf", ContentFile(b"%PDF-1.4"))
        self.file = (self.job.output.storage, self.job.output.name)
        self.voters = VoterEntry.objects.filter(election=self.election).count()

    def test_a_live_election_is_refused_by_command_and_action(self):
        with self.assertRaisesMessage(CommandError, "không phải bầu cử diễn tập"):
            call_command("wipe_rehearsal", self.election.code, stdout=StringIO())
        self.assertTrue(VoterEntry.objects.filter(election=self.election).exists())
        self.client.force_login(self.superuser())
        page = self.client.post(
            reverse("admin:setup_election_changelist"),
            {"action": "wipe_rehearsal", "_selected_action": [self.election.pk]},
            follow=True,
        )
        self.assertContains(page, "không phải bầu cử diễn tập")
        self.assertTrue(Election.objects.filter(pk=self.election.pk).exists())

    def superuser(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("quantri", password="x-123-y")

    def test_the_command_wipes_everything_in_one_go_and_audits_it(self):
        drill(self.election)
        team_user = self.team_user
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("wipe_rehearsal", self.election.code, stdout=out)
        self.assertIn(f"  cử tri: {self.voters}", out.getvalue())
        self.assertGreater(self.voters, 0)
        self.assertFalse(Election.objects.filter(code="TEST-2026").exists())
        for model in (VoterEntry, VotingArea, Contest, ElectoralUnit, PrintJob):
            self.assertFalse(model.objects.exists(), model)
        storage, name = self.file
        self.assertFalse(storage.exists(name))
        team_user.refresh_from_db()
        self.assertFalse(team_user.is_active)
        entry = AuditEntry.objects.get(election_code="TEST-2026", action="delete")
        self.assertEqual(entry.changes["đã xóa"]["cử tri"], self.voters)
        self.assertEqual(entry.changes["đã xóa"]["khu vực bỏ phiếu"], 4)
        self.assertIn("Xóa bầu cử diễn tập", entry.object_repr)
        self.assertTrue(Election.objects.filter(code="LIVE-2026").exists())

    def test_the_admin_action_confirms_in_vietnamese_then_wipes(self):
        drill(self.election)
        url = reverse("admin:setup_election_changelist")
        chosen = {"action": "wipe_rehearsal", "_selected_action": [self.election.pk]}
        # A ward official has no such action.
        self.client.force_login(self.ward_a_user)
        self.client.post(url, chosen)
        self.assertTrue(Election.objects.filter(pk=self.election.pk).exists())
        self.client.force_login(self.city_user)
        page = self.client.post(url, chosen)
        self.assertContains(page, "Xác nhận xóa bầu cử diễn tập")
        self.assertContains(page, BANNER)
        row = f'<td>Cử tri</td><td style="text-align:right;">{self.voters}</td>'
        self.assertContains(page, row)
        self.assertTrue(Election.objects.filter(pk=self.election.pk).exists())
        confirm = chosen | {"xac_nhan": "co", "ly_do": "Xong buổi tập dượt"}
        with self.captureOnCommitCallbacks(execute=True):
            page = self.client.post(url, confirm, follow=True)
        self.assertContains(page, "Đã xóa bầu cử diễn tập")
        self.assertFalse(Election.objects.filter(pk=self.election.pk).exists())
        entry = AuditEntry.objects.get(election_code="TEST-2026", action="delete")
        self.assertEqual(entry.user, self.city_user)
        self.assertEqual(entry.reason, "Xong buổi tập dượt")


class DrillCertifiedTests(PublicResultsMixin, TestCase):
    def test_certifying_a_drill_says_it_is_not_published(self):
        drill(self.election)
        out = self.certify_qh()
        self.assertIn("Bầu cử diễn tập: kết quả không được công bố", out)
        self.assertEqual(self.client.get(BASE).status_code, 404)
        self.assertNotContains(self.client.get("/ket-qua/"), "Bầu cử thử TEST-2026")


class DrillNeverPublicTests(PublicResultsMixin, TestCase):
    """Certifying a drill keeps its snapshot (the committee's record) but nothing of
    it reaches /ket-qua/, its files, the fast path, the sitemap or the voter
    lookup."""

    def setUp(self):
        super().setUp()
        self.certify_qh()

    def test_a_certified_drill_is_on_no_public_page(self):
        from django.core.cache import cache

        from electionadmin.publishing.lookup import open_elections

        urls = [BASE, UNIT, BASE + "ket-qua.json", BASE + "phien-ban/1/ket-qua.csv"]
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        drill(self.election)
        cache.clear()
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 404, url)
            self.assertEqual(call_wsgi(url)[0][:3], "404", url)
        self.assertNotContains(self.client.get("/ket-qua/"), "Bầu cử thử TEST-2026")
        self.assertNotIn("TEST-2026", self.client.get("/sitemap.xml").content.decode())
        with self.settings(VOTER_LOOKUP_ALWAYS_OPEN=True):
            self.assertNotIn(self.election, open_elections())
