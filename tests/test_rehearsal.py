"""Rehearsal (drill) elections (issue #11 item 11): the banner on every screen, the
"DIỄN TẬP" mark on every PDF, kept out of public pages and live reports, wiped in one
action."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from electionadmin.documents import render
from electionadmin.printing.heading import REHEARSAL_MARK
from electionadmin.setup.models import Election
from electionadmin.setup.rehearsal import BANNER
from electionadmin.voters.printing.cards import cards_pdf
from electionadmin.voters.printing.lists import list_pdf
from importers.voters import import_voters

from .factories import SmallElectionMixin
from .test_documents_base import DocumentsElection, StrictTemplates, pdf_text
from .test_voters_import import DATA

PNG = Path("/tmp/rehearsal_team_minutes")


def drill(election) -> None:
    Election.objects.filter(pk=election.pk).update(is_rehearsal=True)
    election.refresh_from_db()


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
