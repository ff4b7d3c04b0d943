"""The real check: the demo election (HCMC 2021) with the published National
Assembly results as its minutes, certified from the command line, publishes the 30
published winners with the published percentages (demo/data/hcmc_na15_2021_results.csv).

Slow-ish: the demo's set-up is imported once for the class (about 10 s)."""

import io
import json
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings

from demo.results import published_rows, write_published_minutes
from electionadmin.setup.models import Contest

BASE = "/ket-qua/HCM-2021/"


class PublishedNationalAssemblyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(DEBUG=True):  # the demo's logins need it
            call_command("load_demo", "--no-voters", stdout=io.StringIO())
        qh = Contest.objects.get(election__code="HCM-2021", kind="QH")
        committee = get_user_model().objects.get(username="thanhpho")
        cls.areas = write_published_minutes(qh, committee)
        call_command(
            "certify_results",
            "HCM-2021",
            *("--contest", "QH", "--user", "thanhpho", "--reason", "Biên bản tổng kết"),
            stdout=io.StringIO(),
        )

    def setUp(self):
        cache.clear()

    def public_units(self) -> dict[int, dict]:
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        (contest,) = data["contests"]
        self.assertEqual(contest["contest"], "QH")
        return {u["number"]: u for u in contest["units"]}

    def test_every_voting_area_has_minutes(self):
        self.assertGreater(self.areas, 4000)
        out = io.StringIO()
        call_command("load_demo_results", stdout=out)  # the demo's own command
        self.assertIn("đã có biên bản; bỏ qua", out.getvalue())

    def test_the_public_file_has_the_published_winners_and_percentages(self):
        units = self.public_units()
        published = published_rows()
        self.assertEqual(sorted(units), sorted(published))
        for number, rows in published.items():
            unit = units[number]
            self.assertEqual(unit["status"], "complete")
            got = {c["ballot_order"]: c for c in unit["candidates"]}
            for row in rows:
                candidate = got[row["ballot_order"]]
                where = f"unit {number}, candidate {row['ballot_order']}"
                self.assertEqual(candidate["votes"], row["votes"], where)
                published_pct = f"{Decimal(row['percent']):.2f}"  # "60.7" -> "60.70"
                self.assertEqual(candidate["pct_of_valid"], published_pct, where)
                self.assertEqual(candidate["elected"], row["elected"], where)
        winners = Counter(c["elected"] for u in units.values() for c in u["candidates"])
        self.assertEqual(winners[True], 30)

    def test_only_the_certified_contest_is_public(self):
        data = json.loads(self.client.get(BASE + "ket-qua.json").content)
        self.assertEqual([c["contest"] for c in data["contests"]], ["QH"])
        self.assertEqual(
            self.client.get(BASE + "hdnd-tinh-79/don-vi-1/").status_code, 404
        )

    def test_a_unit_page_shows_the_published_figures(self):
        text = self.client.get(BASE + "quoc-hoi/don-vi-1/").content.decode()
        self.assertIn("432.761", text)
        self.assertIn("63,96%", text)
        self.assertEqual(text.count('<span class="badge">Trúng cử</span>'), 3)
