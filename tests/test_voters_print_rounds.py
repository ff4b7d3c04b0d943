"""Voter lists and cards for a later round (issue #15): `print_voter_list` /
`print_voter_cards --round reelection|supplementary` and the screens' `?lan=` print
only for the areas of the units holding the round, with the round's name and election
date in the heading; read back with pdftotext."""

import datetime
import io
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from electionadmin.results.models import UnitRound
from electionadmin.setup.models import VotingArea

from .test_documents_base import pdf_text
from .test_polling_data import Polling2026Mixin

ROUND_DAY = datetime.date(2026, 3, 29)


class VoterPrintingRoundTests(Polling2026Mixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = get_user_model().objects.create_superuser("root", "r@x.vn", "x")
        # The ward's council unit (areas 26734/1, 26734/2) holds a re-election.
        UnitRound.objects.create(
            electoral_unit=cls.hdnd_a_unit,
            round="reelection",
            decision="12/QĐ-UBBC",
            decided_by="Ủy ban bầu cử phường",
            election_date=ROUND_DAY,
            opened_by=cls.admin,
        )

    def command(self, name, *args) -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.pdf"
            call_command(
                name, self.election.code, *args, "-o", str(path), stdout=io.StringIO()
            )
            return pdf_text(path.read_bytes())

    def test_the_list_of_a_reelection_prints_its_name_and_date(self):
        text = self.command(
            "print_voter_list", "--area", "26734/1", "--round", "reelection"
        )
        self.assertIn("(BẦU CỬ LẠI)", text)
        self.assertIn("Bầu cử lại ngày 29/03/2026", text)
        self.assertIn("Khu vực bỏ phiếu số 1", text)
        first = self.command("print_voter_list", "--area", "26734/1")
        self.assertNotIn("Bầu cử lại", first)
        self.assertNotIn("BẦU CỬ LẠI", first)

    def test_the_cards_of_a_reelection_print_its_name_and_date(self):
        text = self.command(
            "print_voter_cards", "--area", "26734/2", "--round", "reelection"
        )
        self.assertIn("(BẦU CỬ LẠI)", text)
        self.assertIn("Chủ nhật, ngày 29/03/2026", text)
        self.assertNotIn("15/03/2026", text)
        first = self.command("print_voter_cards", "--area", "26734/2")
        self.assertNotIn("BẦU CỬ LẠI", first)
        self.assertIn("Chủ nhật, ngày 15/03/2026", first)

    def test_an_area_outside_the_round_is_refused(self):
        for name in ("print_voter_list", "print_voter_cards"):
            with self.assertRaisesMessage(
                CommandError,
                "Khu vực bỏ phiếu 26737/1 không thuộc đơn vị bầu cử nào tổ chức bầu cử "
                "lại.",
            ):
                self.command(name, "--area", "26737/1", "--round", "reelection")
            with self.assertRaisesMessage(CommandError, "không hợp lệ"):
                self.command(name, "--area", "26734/1", "--round", "lan-ba")
            with self.assertRaises(CommandError):  # no unit holds one
                self.command(name, "--area", "26734/1", "--round", "supplementary")
            with self.assertRaises(CommandError):
                self.command(name, "--commune", "26737", "--round", "reelection")

    def test_a_commune_prints_only_its_areas_in_the_round(self):
        VotingArea.objects.create(election=self.election, commune=self.ward_a, number=3)
        text = self.command(
            "print_voter_list", "--commune", "26734", "--round", "reelection"
        )
        self.assertIn("Khu vực bỏ phiếu số 1", text)
        self.assertIn("Khu vực bỏ phiếu số 2", text)
        self.assertNotIn("Khu vực bỏ phiếu số 3", text)
        first = self.command("print_voter_list", "--commune", "26734")
        self.assertIn("Khu vực bỏ phiếu số 3", first)

    def test_the_screens_take_the_round_within_scope(self):
        self.client.force_login(self.ward_a_user)
        url = reverse("voters:area_list", args=[self.a1.pk])
        response = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertEqual(response.status_code, 200)
        text = pdf_text(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        self.assertIn("Bầu cử lại ngày 29/03/2026", text)
        cards = self.client.get(
            reverse("voters:area_cards", args=[self.a1.pk]), {"lan": "bau-cu-lai"}
        )
        self.assertEqual(cards.status_code, 200)
        self.assertEqual(self.client.get(url, {"lan": "lan-ba"}).status_code, 404)
        # Another ward's area: outside the user's scope and outside the round.
        self.client.force_login(self.ward_b_user)
        other = reverse("voters:area_list", args=[self.b1.pk])
        self.assertEqual(self.client.get(other).status_code, 200)
        self.assertEqual(self.client.get(other, {"lan": "bau-cu-lai"}).status_code, 404)
        self.assertEqual(self.client.get(url, {"lan": "bau-cu-lai"}).status_code, 404)

    def test_the_commune_print_page_offers_the_round(self):
        from electionadmin.printing.models import PrintJob

        self.client.force_login(self.ward_a_user)
        url = reverse("voters:commune_print", args=[self.election.pk, self.ward_a.pk])
        page = self.client.get(url)
        self.assertContains(page, 'href="?lan=bau-cu-lai"')
        chosen = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertContains(chosen, 'name="lan" value="bau-cu-lai"')
        started = self.client.post(url, {"form": "VOTER_CARD", "lan": "bau-cu-lai"})
        self.assertEqual(started.status_code, 302)
        self.assertEqual(PrintJob.objects.get().round, "reelection")
        # The other ward holds no round: nothing offered.
        self.client.force_login(self.ward_b_user)
        other = reverse("voters:commune_print", args=[self.election.pk, self.ward_b.pk])
        self.assertNotContains(self.client.get(other), "?lan=")
