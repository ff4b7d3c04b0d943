"""Turnout per round (issue #15): a re-election's figures are kept apart from the
first round's, only for the areas of the units holding it, through the entry path,
the importer's `round` column, the API's `round`, `turnout_report --round` and the
dashboard's round selector (?lan=bau-cu-lai)."""

import datetime
import io
import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from electionadmin.polling import api
from electionadmin.polling.entry import Entry, save_figures
from electionadmin.polling.models import ApiToken, TurnoutFigure
from electionadmin.results.models import UnitRound
from importers.turnout import import_turnout

from .test_polling_data import Polling2026Mixin

ROUND_DAY = datetime.date(2026, 3, 29)


def report(code: str, *args) -> dict:
    out = io.StringIO()
    call_command("turnout_report", code, *args, stdout=out)
    return json.loads(out.getvalue())


def enter(election, figures, contest=None, round=None) -> list[Entry]:
    """figures: {slot: {area: voters}}; the saved entries (errors kept)."""
    entries = [
        Entry("thử", area, slot, value, contest, round)
        for slot, by_area in figures.items()
        for area, value in by_area.items()
    ]
    return save_figures(election, entries)


class RoundMixin(Polling2026Mixin):
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
        a1, a2, b1, b2 = cls.a1, cls.a2, cls.b1, cls.b2
        first = enter(cls.election, {"19:00": {a1: 90, a2: 150, b1: 250, b2: 300}})
        assert not [e.errors for e in first if e.errors]


class TurnoutRoundTests(RoundMixin, TestCase):
    def test_a_round_keeps_its_own_figures(self):
        # Lower than the first round's 19:00 figures: another day, not a fall.
        saved = enter(
            self.election,
            {"09:00": {self.a1: 20, self.a2: 30}, "11:00": {self.a1: 40}},
            round="reelection",
        )
        self.assertEqual([e.errors for e in saved if e.errors], [])
        self.assertEqual(TurnoutFigure.objects.filter(round="reelection").count(), 3)
        self.assertEqual(TurnoutFigure.objects.filter(round__isnull=True).count(), 4)
        # Within the round the figures still must not fall.
        fell = enter(self.election, {"15:00": {self.a1: 30}}, round="reelection")
        self.assertIn("thấp hơn số đã báo lúc 11:00 (40)", fell[0].errors[0][1])
        again = enter(self.election, {"09:00": {self.a1: 20}}, round="reelection")
        self.assertEqual(again[0].action, "unchanged")

    def test_an_area_outside_the_round_is_refused(self):
        saved = enter(self.election, {"09:00": {self.b1: 20}}, round="reelection")
        self.assertEqual(
            saved[0].errors,
            [
                (
                    "round",
                    "Khu vực bỏ phiếu 26737/1 không thuộc đơn vị bầu cử nào có "
                    "quyết định bầu cử lại.",
                )
            ],
        )
        self.assertFalse(TurnoutFigure.objects.filter(round__isnull=False).exists())
        none = enter(self.election, {"09:00": {self.a1: 5}}, round="supplementary")
        self.assertEqual(none[0].errors[0][0], "round")

    def test_the_report_of_the_round_covers_its_areas_only(self):
        enter(self.election, {"09:00": {self.a1: 20, self.a2: 30}}, round="reelection")
        enter(self.election, {"09:00": {self.a1: 15}}, self.hdnd_a, "reelection")
        data = report(self.election.code, "--round", "reelection")
        self.assertEqual(data["round"], "reelection")
        rows = {row["code"]: row for row in data["rows"]}
        self.assertEqual(
            sorted(rows), ["26734", "26734/1", "26734/2", "79", "HDND_XA:26734#1"]
        )
        self.assertEqual(rows["26734"]["areas_expected"], 2)
        self.assertEqual(rows["79"]["voters_voted"]["09:00"], 50)
        self.assertEqual(rows["79"]["voters_voted"]["19:00"], 0)
        self.assertEqual(rows["79"]["areas_reported"]["09:00"], 2)
        # The unit takes the contest's figure of 26734/1 and the overall one of 2.
        self.assertEqual(rows["HDND_XA:26734#1"]["voters_voted"]["09:00"], 45)
        # The first round's report is as it was.
        first = {r["code"]: r for r in report(self.election.code)["rows"]}
        self.assertNotIn("round", report(self.election.code))
        self.assertEqual(first["79"]["voters_voted"]["09:00"], 0)
        self.assertEqual(first["79"]["voters_voted"]["19:00"], 790)
        self.assertEqual(first["79"]["areas_expected"], 4)

    def test_the_importer_reads_the_round_column(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "turnout.csv").write_text(
                "commune_code,area_number,slot,voters_voted,kind,"
                "council_unit_code,round\n"
                "26734,1,09:00,25,,,bầu cử lại\n"
                "26734,2,09:00,35,,,reelection\n"
                "26734,1,11:00,85,,,\n",
                encoding="utf-8",
            )
            report_ = import_turnout(Path(folder), self.election)
        self.assertTrue(report_.ok, [str(p) for p in report_.errors])
        got = dict(
            TurnoutFigure.objects.filter(round="reelection").values_list(
                "voting_area__number", "voters_voted"
            )
        )
        self.assertEqual(got, {1: 25, 2: 35})
        first = TurnoutFigure.objects.get(voting_area=self.a1, slot="11:00")
        self.assertIsNone(first.round)

    def test_the_importer_names_a_row_outside_the_round(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "turnout.csv").write_text(
                "commune_code,area_number,slot,voters_voted,round\n"
                "26734,1,09:00,25,bầu cử lại\n"
                "26737,1,09:00,25,bầu cử lại\n",
                encoding="utf-8",
            )
            report_ = import_turnout(Path(folder), self.election)
        self.assertEqual(
            [str(p) for p in report_.errors],
            [
                "Lỗi: Trang tính 'turnout', dòng 3, cột 'round': Khu vực bỏ phiếu "
                "26737/1 không thuộc đơn vị bầu cử nào có quyết định bầu cử lại."
            ],
        )
        self.assertFalse(TurnoutFigure.objects.filter(round__isnull=False).exists())

    def test_the_api_takes_a_round(self):
        api.forget()
        _, key = ApiToken.issue(self.admin)
        url = reverse("polling:api_turnout", args=[self.election.code])

        def post(**body):
            return self.client.post(
                url,
                json.dumps({"area": "26734/1", "slot": "09:00", **body}),
                content_type="application/json",
                headers={"Authorization": f"Token {key}"},
            )

        answer = post(voters_voted=12, round="reelection")
        self.assertEqual(answer.status_code, 200, answer.content)
        self.assertEqual(answer.json()["action"], "added")
        figure = TurnoutFigure.objects.get(round="reelection")
        self.assertEqual((figure.voting_area, figure.voters_voted), (self.a1, 12))
        self.assertEqual(post(voters_voted=12, round="first").json()["action"], "added")
        bad = post(voters_voted=12, round="lần ba")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("Lần bầu cử 'lần ba' không hợp lệ.", bad.json()["errors"])
        outside = post(area="26737/1", voters_voted=12, round="reelection")
        self.assertEqual(outside.status_code, 400)

    def test_the_dashboard_of_the_round_shows_its_areas_only(self):
        enter(self.election, {"09:00": {self.a1: 20, self.a2: 30}}, round="reelection")
        self.client.force_login(self.admin)
        url = reverse("polling:dashboard", args=[self.election.code, "79"])
        first = self.client.get(url)
        self.assertContains(first, "Bầu cử lại</a> (29/03/2026)")
        codes = {row["code"] for row in first.context["table"].data.data}
        self.assertIn("26737", codes)
        response = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bầu cử lại ngày 29/03/2026")
        table = {row["code"]: row for row in response.context["table"].data.data}
        self.assertEqual(set(table), {"79", "26734"})
        self.assertEqual(table["79"]["voted"], "50")
        commune = reverse("polling:dashboard", args=[self.election.code, "26734"])
        rows = self.client.get(commune, {"lan": "bau-cu-lai"}).context["table"]
        self.assertEqual(
            {row["code"] for row in rows.data.data}, {"26734", "26734/1", "26734/2"}
        )
        other = reverse("polling:dashboard", args=[self.election.code, "26737"])
        empty = self.client.get(other, {"lan": "bau-cu-lai"}).context["table"]
        self.assertEqual([row["code"] for row in empty.data.data], ["26737"])
        self.assertEqual(self.client.get(url, {"lan": "lan-ba"}).status_code, 404)


class RoundEntryScreenTests(RoundMixin, TestCase):
    """The keyboard entry screens take the round in their address (?lan=), like the
    dashboards: only the areas of the round's units, saved through save_figures."""

    def url(self, name, *args):
        return reverse(f"polling:{name}", args=[self.election.code, *args])

    def figures(self, area, round=None):
        rows = TurnoutFigure.objects.filter(voting_area=area, round=round)
        return dict(rows.values_list("slot", "voters_voted"))

    def test_a_team_enters_its_reelection_figure_on_screen(self):
        self.client.force_login(self.team_user)
        url = self.url("area_entry", "26734", 1)
        first = self.client.get(url)
        self.assertContains(first, "<b>Bầu cử lần đầu</b>", html=False)
        self.assertContains(first, '<a href="?lan=bau-cu-lai">Bầu cử lại</a>')
        self.assertContains(first, 'value="90"')  # the first round's 19:00
        page = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertContains(page, "Bầu cử lại ngày 29/03/2026")
        self.assertNotContains(page, 'value="90"')
        # Only the contest holding the round (not the National Assembly's).
        self.assertEqual(
            [c.pk for c in page.context["contests"].values()], [self.hdnd_a.pk]
        )
        response = self.client.post(url + "?lan=bau-cu-lai", {"s-09:00": "60"})
        self.assertRedirects(response, url + "?lan=bau-cu-lai")
        self.assertEqual(self.figures(self.a1, "reelection"), {"09:00": 60})
        self.assertEqual(self.figures(self.a1), {"19:00": 90})
        again = self.client.get(url, {"lan": "bau-cu-lai"})
        self.assertContains(again, 'value="60"')
        # The first round on the same screen: unchanged, and saved as before.
        self.assertEqual(self.client.post(url, {"s-09:00": "40"}).status_code, 302)
        self.assertEqual(self.figures(self.a1), {"09:00": 40, "19:00": 90})
        self.assertEqual(self.figures(self.a1, "reelection"), {"09:00": 60})
        self.assertEqual(self.client.get(url, {"lan": "lan-ba"}).status_code, 404)

    def test_an_area_outside_the_round_is_refused_or_not_listed(self):
        from electionadmin.setup.models import VotingArea

        # A third area of the ward, in no unit holding the re-election.
        a3 = VotingArea.objects.create(
            election=self.election, commune=self.ward_a, number=3
        )
        self.client.force_login(self.ward_a_user)
        url = self.url("commune_entry", "26734")
        listed = self.client.get(url, {"slot": "09:00", "lan": "bau-cu-lai"})
        self.assertContains(listed, f'name="v-{self.a1.pk}"')
        self.assertContains(listed, f'name="v-{self.a2.pk}"')
        self.assertNotContains(listed, f'name="v-{a3.pk}"')
        sneaked = self.client.post(
            url + "?lan=bau-cu-lai",
            {"slot": "09:00", f"v-{self.a1.pk}": "20", f"v-{a3.pk}": "7"},
        )
        self.assertEqual(sneaked.status_code, 302)
        self.assertEqual(self.figures(self.a1, "reelection"), {"09:00": 20})
        self.assertEqual(self.figures(a3, "reelection"), {})
        first = self.client.get(url, {"slot": "09:00"})
        self.assertContains(first, f'name="v-{a3.pk}"')
        # The other ward holds no re-election: refused, its screen without rounds.
        self.client.force_login(self.ward_b_user)
        other = self.url("commune_entry", "26737")
        refused = self.client.post(
            other + "?lan=bau-cu-lai", {"slot": "09:00", f"v-{self.b1.pk}": "5"}
        )
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(self.figures(self.b1, "reelection"), {})
        plain = self.client.get(other)
        self.assertNotContains(plain, "Bầu cử lại")
        self.assertEqual(self.figures(self.b1), {"19:00": 250})
